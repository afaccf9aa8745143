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


#: The bidirectional embeddings, overrides and isolates: invisible, they make a line read differently from how
#: it is stored ("Trojan Source"), so no field may hold one.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_character(text: str, allow_newlines: bool = False) -> str | None:
    """What kind of character `text` holds that no field may, in words; None when it has none. Refused: every
    control character (C0 but line feed and tab where lines are allowed, DEL, escape, C1), the bidirectional
    controls, and lone surrogates (bytes that were not valid UTF-8, as Python keeps them)."""
    allowed = {"\n", "\t"} if allow_newlines else set()
    for ch in text:
        if ch in allowed:
            continue
        kind = unicodedata.category(ch)
        if kind == "Cc":
            return "a control character (such as escape or a tab)" if ch != "\n" else "a line break"
        if ch in BIDI_CONTROLS:
            return "a direction override (an invisible character that makes text read differently)"
        if kind == "Cs":
            return "bytes that are not valid text (not UTF-8)"
    return None


def clean_name(value: str, what: str = "name") -> str:
    """A person's or home's name: 1-80 characters after trimming, no control characters, direction overrides or
    invalid bytes (see `unsafe_character`)."""
    name = " ".join(value.split()) if value else ""
    if not name:
        raise InvalidInput(f"The {what} is empty. Type a name.", field=what)
    if len(name) > NAME_MAX:
        raise InvalidInput(f"The {what} is {len(name)} characters long; the most is {NAME_MAX}.", field=what)
    if (found := unsafe_character(value, allow_newlines=False)) is not None:
        raise InvalidInput(f"The {what} holds {found}. Type it again.", field=what)
    return name


def clean_text(value: str | None, what: str, *, required: bool = True) -> str:
    """Free text: up to 4,000 characters, line breaks and tabs allowed, no other control characters, no direction
    overrides, no invalid bytes (see `unsafe_character`)."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(f"'{what}' is empty. Write a few words.", field=what)
        return ""
    if len(text) > TEXT_MAX:
        raise InvalidInput(
            f"'{what}' is {len(text):,} characters long; the most is {TEXT_MAX:,}. Shorten it.", field=what
        )
    if (found := unsafe_character(text, allow_newlines=True)) is not None:
        raise InvalidInput(f"'{what}' holds {found}. Type it again.", field=what)
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
