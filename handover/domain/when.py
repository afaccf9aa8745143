"""Reading a time as staff type it: "20:30", "yesterday 19:30", "2h ago", "45 min ago", or an ISO time.

Times are read in the home's local time zone and returned as aware UTC datetimes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo

from handover.domain.errors import InvalidInput

_CLOCK = re.compile(r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})$")
_AGO = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)\s+ago$")
_UNIT = {"m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1}
_UNIT |= {u: 60 for u in ("h", "hr", "hrs", "hour", "hours")}
_UNIT |= {u: 1440 for u in ("d", "day", "days")}

EXAMPLES = "'now', '20:30', 'yesterday 19:30', '2h ago', '45 min ago' or '2026-11-27 20:30'"


def parse_when(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Turn what someone typed into a moment. `now` is aware; `tz` is the home's local zone."""
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
        return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(raw.upper().replace(" ", "T", 1))
    except ValueError:
        raise InvalidInput(f"Cannot read the time '{text}'. Try {EXAMPLES}.", field="when") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)
