"""Field rules shared by models, forms and the CLI, each failing with a plain-words message."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from handover.domain.errors import InvalidInput

NAME_MAX = 80
TEXT_MAX = 4000
#: Terminals and PCs drift; a time a few minutes ahead of ours is a clock difference, not the future.
CLOCK_SKEW = timedelta(minutes=5)
#: The earliest moment anything the board records can have happened: nobody in a home today was born before
#: it, and every date from it on can be shown in any time zone (year 1 and year 9999 cannot).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
#: The words every refusal of a time out of range uses, so the limits read the same everywhere.
HAPPENED_LIMITS = "from 1900 up to now"


def _has_control(text: str, allow_newlines: bool) -> bool:
    allowed = {"\n", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def clean_name(value: str, what: str = "name") -> str:
    """A person's or home's name: 1-80 characters after trimming, no control characters."""
    name = " ".join(value.split()) if value else ""
    if not name:
        raise InvalidInput(f"The {what} is empty. Type a name.", field=what)
    if len(name) > NAME_MAX:
        raise InvalidInput(f"The {what} is {len(name)} characters long; the most is {NAME_MAX}.", field=what)
    if _has_control(value, allow_newlines=False):
        raise InvalidInput(
            f"The {what} holds a control character (such as a tab or escape). Type it again.", field=what
        )
    return name


def clean_text(value: str | None, what: str, *, required: bool = True) -> str:
    """Free text: up to 4,000 characters, line breaks allowed, no other control characters."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(f"'{what}' is empty. Write a few words.", field=what)
        return ""
    if len(text) > TEXT_MAX:
        raise InvalidInput(
            f"'{what}' is {len(text):,} characters long; the most is {TEXT_MAX:,}. Shorten it.", field=what
        )
    if _has_control(text, allow_newlines=True):
        raise InvalidInput(f"'{what}' holds a control character. Type it again.", field=what)
    return text


def check_not_future(at: datetime, now: datetime, what: str = "The time") -> None:
    """Refuse a moment that cannot have happened: one in the future (allowing a few minutes of clock
    difference between PCs) or one before 1900 (EARLIEST). Every time the board records as having happened
    (a rupture, an arrival) is checked here, whichever door it came in by."""
    if at < EARLIEST:
        raise InvalidInput(
            f"{what} is before 1900. Give a time that has happened, {HAPPENED_LIMITS} (e.g. 'yesterday 19:30').",
            field="when",
        )
    if at > now + CLOCK_SKEW:
        raise InvalidInput(
            f"{what} is in the future. Give a time that has already happened "
            "(for yesterday evening, type e.g. 'yesterday 19:30').",
            field="when",
        )


def optional_time(at: datetime | None) -> str | None:
    """A time for an event's payload: ISO-8601 UTC text, or None."""
    return at.astimezone(UTC).isoformat(timespec="seconds") if at else None
