"""Reading a time as staff type it: "20:30", "yesterday 19:30", "2h ago", "45 min ago", or an ISO time.

Times are read in the home's time zone and returned as aware UTC datetimes. A wall time the clocks skipped
(the spring-forward gap) or showed twice (the autumn fold) is refused in plain words, never guessed: a guess
would put the record an hour out. An ISO time with an offset ("2026-10-25T01:30+01:00") says which moment was
meant, so it is taken as given.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from handover.domain.errors import InvalidInput
from handover.domain.validation import EARLIEST, HAPPENED_LIMITS

_CLOCK = re.compile(r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})$")
_AGO = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)\s+ago$")
_UNIT = {"m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1}
_UNIT |= {u: 60 for u in ("h", "hr", "hrs", "hour", "hours")}
_UNIT |= {u: 1440 for u in ("d", "day", "days")}

EXAMPLES = "'now', '20:30', 'yesterday 19:30', '2h ago', '45 min ago' or '2026-11-27 20:30'"

#: How far ahead a time someone means to act by may be (a repair is meant within a day or two).
AHEAD_LIMIT = timedelta(days=366)


class TimeOutOfRange(InvalidInput):
    """A time outside what the board can record: before 1900, too far ahead, or past any calendar."""


class NoSuchLocalTime(InvalidInput):
    """A wall time that did not happen once in the home's zone: skipped when the clocks went forward, or shown
    twice when they went back. The message says which, and how to type the time meant."""


def parse_when(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Turn what someone typed into a moment. `now` is aware; `tz` is the home's zone (a named zone, so each
    date gets the offset it had: a July time typed in December is read as summer time).

    A moment before 1900 (EARLIEST), or one so far off that no calendar can show it ("99999999 days ago",
    year 9999 in a zone behind UTC), is refused in plain words; whether a time may lie ahead is for the
    caller to say (validation.check_not_future)."""
    try:
        at = _parse_when(text, now, tz)
    except OverflowError:
        raise TimeOutOfRange(f"'{_short(text)}' is too far off. Give a time {HAPPENED_LIMITS}.", field="when") from None
    if at < EARLIEST:
        raise TimeOutOfRange(f"'{_short(text)}' is before 1900. Give a time {HAPPENED_LIMITS}.", field="when")
    return at


def _short(text: str, limit: int = 40) -> str:
    """What someone typed, cut to fit in a one-line message."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_when(text: str, now: datetime, tz: tzinfo) -> datetime:
    raw = " ".join((text or "").strip().lower().split())
    if raw in ("", "now"):
        return now.astimezone(UTC)
    local_now = now.astimezone(tz)
    if match := _AGO.match(raw):
        minutes = float(match["n"]) * _UNIT[match["unit"]]
        return (now - timedelta(minutes=minutes)).astimezone(UTC)
    day = local_now.date()
    clock = raw
    if raw.startswith("yesterday"):
        day -= timedelta(days=1)
        clock = raw.removeprefix("yesterday").strip()
    elif raw.startswith("today"):
        clock = raw.removeprefix("today").strip()
    if match := _CLOCK.match(clock):
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            raise InvalidInput(f"'{text}' is not a time of day. Use 24-hour time, like 19:30.", field="when")
        return wall_time(day, time(hour, minute), tz).astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(raw.upper().replace(" ", "T", 1))
    except ValueError:
        raise InvalidInput(f"Cannot read the time '{text}'. Try {EXAMPLES}.", field="when") from None
    if parsed.tzinfo is None:
        parsed = wall_time(parsed.date(), parsed.time(), tz)
    return parsed.astimezone(UTC)


_AHEAD_CLOCK = re.compile(r"^(?:(?P<day>today|tomorrow)\s*)?(?P<h>\d{1,2})[:.](?P<m>\d{2})$")
_IN = re.compile(r"^in\s+(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>m|min|mins|minutes?|h|hrs?|hours?|d|days?)$")

#: What the "by when" and "try again" fields read, said in their placeholders and refusals.
AHEAD_EXAMPLES = "'16:00' (the next 16:00), 'tomorrow 9:30', 'in 2h' or '2026-11-28 16:00'"


def read_ahead(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """A time someone means to act by, as they type it; None when left empty.

    A bare "16:00" is the NEXT 16:00: today, or tomorrow once it has passed (a plan made at 20:00 "by 09:30"
    means tomorrow morning). "tomorrow 9:30" and "in 2h" read as said; anything else goes to parse_when
    (ISO times, "yesterday 19:30"), so a time written the usual way is read the usual way. A time more than
    a year ahead (AHEAD_LIMIT), or one no calendar can show, is refused in plain words."""
    try:
        at = _read_ahead(text, now, tz)
    except OverflowError:
        at = datetime.max.replace(tzinfo=UTC)
    if at is not None and at > now + AHEAD_LIMIT:
        raise TimeOutOfRange(f"'{_short(text)}' is more than a year ahead. Give a time within the next year.")
    return at


def _read_ahead(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    raw = " ".join(text.strip().lower().split())
    if not raw:
        return None
    local_now = now.astimezone(tz)
    if match := _AHEAD_CLOCK.match(raw):
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            raise InvalidInput(f"'{text}' is not a time of day. Use 24-hour time, like 16:00.")
        day = local_now.date() + timedelta(days=1 if match["day"] == "tomorrow" else 0)
        if match["day"] is None and datetime.combine(day, time(hour, minute)) <= local_now.replace(tzinfo=None):
            day += timedelta(days=1)
        return wall_time(day, time(hour, minute), tz).astimezone(UTC)
    if match := _IN.match(raw):
        unit = match["unit"][0]
        minutes = float(match["n"]) * {"m": 1, "h": 60, "d": 1440}[unit]
        return (now + timedelta(minutes=minutes)).astimezone(UTC)
    if raw == "tomorrow":
        raise InvalidInput("Say what time tomorrow, like 'tomorrow 9:30'.")
    try:
        return parse_when(raw, now, tz)
    except (NoSuchLocalTime, TimeOutOfRange):
        raise
    except InvalidInput:
        raise InvalidInput(f"Cannot read the time '{text}'. Try {AHEAD_EXAMPLES}.") from None


def describe_ahead(at: datetime, now: datetime, tz: tzinfo) -> str:
    """ "Sat 28 Nov 16:00 (tomorrow)": the day named, so "16:00" after 16:00 is never a surprise."""
    local, today = at.astimezone(tz), now.astimezone(tz).date()
    day = {today: "today", today + timedelta(days=1): "tomorrow"}.get(local.date(), "")
    passed = "already passed" if at < now else ""
    note = ", ".join(x for x in (day, passed) if x)
    return f"{local:%a %d %b %H:%M}" + (f" ({note})" if note else "")


def local_time(at: datetime, tz: tzinfo) -> datetime:
    """`at` in the home's zone `tz`, for showing. A stored moment at the very edge of the calendar (year 1 or
    year 9999, only ever from a file changed by another tool, since input refuses them) cannot be moved into
    every zone; it is shown as it is, in UTC, rather than breaking the sheet or export that shows it."""
    try:
        return at.astimezone(tz)
    except (OverflowError, ValueError):
        return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def wall_time(day: date, clock: time, tz: tzinfo) -> datetime:
    """The moment the home's clocks showed `clock` on `day`, as an aware local datetime.

    Refuses (NoSuchLocalTime) a time in the spring-forward gap, which never happened, and one in the autumn
    fold, which happened twice. Both are found by round trips: the two readings of a wall time (fold=0 and
    fold=1) differ in offset only near a change, and a time that exists comes back unchanged through UTC."""
    naive = datetime.combine(day, clock)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before is None or after is None or before == after:
        return first
    said = f"{naive:%H:%M} on {day.day} {naive:%b %Y}"
    zone = str(tz)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        # In the gap fold=0 reads with the offset before the change and fold=1 with the one after.
        start, end = _gap(first, second, tz)
        raise NoSuchLocalTime(
            f"{said} does not exist in {zone}: the clocks went forward {_amount(after - before)} "
            f"(from {start:%H:%M} to {end:%H:%M}).",
            field="when",
        )
    iso = naive.isoformat(timespec="minutes")
    raise NoSuchLocalTime(
        f"{said} happened twice in {zone}: the clocks went back {_amount(before - after)}. Which one? "
        f"Type {iso}{_offset(first)} for the first ({first.tzname()}) "
        f"or {iso}{_offset(second)} for the second ({second.tzname()}).",
        field="when",
    )


def _gap(first: datetime, second: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The wall times the clocks jumped between, around a time in the gap: the change happened at a moment
    between the gap time read with the new offset and with the old one; find it to the minute."""
    low, high = second.astimezone(UTC), first.astimezone(UTC)
    old = first.utcoffset()
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == old:
            low = middle
        else:
            high = middle
    change = high.replace(second=0, microsecond=0)
    return (change + (old or timedelta())).replace(tzinfo=None), change.astimezone(tz).replace(tzinfo=None)


def _offset(at: datetime) -> str:
    """'+01:00': how to type the offset of `at` after an ISO time."""
    total = int((at.utcoffset() or timedelta()).total_seconds() // 60)
    sign, total = ("-", -total) if total < 0 else ("+", total)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def _amount(change: timedelta) -> str:
    """'an hour', 'half an hour', '2 hours', '20 minutes'."""
    minutes = int(change.total_seconds() // 60)
    if minutes == 60:
        return "an hour"
    if minutes == 30:
        return "half an hour"
    if minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"
