"""Weeks as a home counts them: Monday to Sunday in the home's time zone, the last being the week so far, and a
period of such weeks with the same number before it to compare with (handover/domain/patterns.py)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

#: How many weeks the patterns screen and the board's mark look back over (the report's default too).
WEEKS = 12


@dataclass(frozen=True)
class Week:
    """A week from Monday 00:00 in the home's zone, its bounds held in UTC: Python compares and subtracts two
    times of one zone by their wall clocks, which would make the week of a clock change 7 days long, not 7 days
    and an hour (or less an hour)."""

    first_day: date
    """Its Monday, in the home's zone."""
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Period:
    """Whole weeks up to now (the last of them the week so far), or whole weeks before another period."""

    weeks: tuple[Week, ...]
    now: datetime
    """The clock's now: whether a rupture's window has run out is judged at it, whichever weeks are looked at."""
    tz: tzinfo
    _starts: tuple[datetime, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(w.start for w in self.weeks))

    @property
    def start(self) -> datetime:
        return self._starts[0]

    @property
    def end(self) -> datetime:
        """The end of the last week (next Monday 00:00 for the week so far)."""
        return self.weeks[-1].end

    def contains(self, at: datetime) -> bool:
        return self._starts[0] <= at < self.weeks[-1].end

    def week_of(self, at: datetime) -> int | None:
        """Which week `at` falls in (0 is the oldest), or None outside the period."""
        if not self.contains(at):
            return None
        return bisect_right(self._starts, at) - 1

    def previous(self) -> Period:
        """The same number of weeks just before this period (for "against the previous 12 weeks")."""
        return weeks_to(self.now, self.tz, len(self.weeks), before=self.weeks[0].first_day)

    def per_week(self, moments: Iterable[datetime]) -> tuple[int, ...]:
        counts = [0] * len(self.weeks)
        for at in moments:
            index = self.week_of(at)
            if index is not None:
                counts[index] += 1
        return tuple(counts)


def _local_midnight(day: date, tz: tzinfo) -> datetime:
    """00:00 on `day` in `tz`, as a UTC time."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def weeks_to(now: datetime, tz: tzinfo, count: int = WEEKS, *, before: date | None = None) -> Period:
    """`count` weeks in the home's zone `tz`: the week so far and the whole weeks before it; or, with `before`
    (a Monday), the `count` whole weeks before that day."""
    if count < 1:
        raise ValueError("a period has at least one week")
    if before is None:
        local = now.astimezone(tz)
        last = local.date() - timedelta(days=local.weekday())
    else:
        last = before - timedelta(weeks=1)
    firsts = [last - timedelta(weeks=k) for k in reversed(range(count))]
    weeks = tuple(Week(day, _local_midnight(day, tz), _local_midnight(day + timedelta(weeks=1), tz)) for day in firsts)
    return Period(weeks=weeks, now=now, tz=tz)
