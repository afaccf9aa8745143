"""What the patterns over weeks are worked out from: one row per rupture (`RuptureFact`), read by the service
with indexed SQL, and the home's thresholds (`PatternRules`); and the board's mark (`young_people_marked`),
worked out after every commit. Pure.

Apart from the figures (handover/domain/patterns.py) because the board's first frame needs the mark, and
the figures are imported when the patterns screen or the report first asks for them. The rules themselves
are in the module docstring of patterns.py, and docs/PATTERNS.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from handover.domain.enums import EndReason, RuptureKind, Status
from handover.domain.models import HomeSettings, StaffMember, YoungPerson
from handover.domain.pair_runs import by_pair, pair_pattern
from handover.domain.reg35 import Reg35Clock

if TYPE_CHECKING:
    from handover.domain.weeks import Period

#: Ruptures ended for this reason never happened: they are left out of every figure.
LEFT_OUT = EndReason.RECORDED_IN_ERROR


@dataclass(frozen=True, slots=True)
class RuptureFact:
    """One rupture as the patterns need it, read by the service in one query."""

    id: int
    young_person_id: int
    adult_ids: tuple[int, ...]
    occurred_at: datetime
    kind: RuptureKind
    status: Status
    repaired_at: datetime | None = None
    """When the repair that stands was recorded (None unless the rupture is repaired now)."""
    attempts: int = 0
    """Attempts recorded before the repair ("not ready yet"), or so far while it is open."""
    end_reason: EndReason | None = None
    """Why it ended without repair (None unless it is ended now)."""
    ticked: tuple[tuple[Reg35Clock, datetime], ...] = ()
    """A restraint's reg 35 clocks ticked off, and when each was."""
    time_to_repair: timedelta | None = field(init=False, default=None)
    """From the rupture to the repair that stands (None while it is not repaired). Worked out once: every
    figure asks it."""
    counted: bool = field(init=False, default=True)
    """False for a rupture ended as recorded in error: it is in no figure."""

    def __post_init__(self) -> None:
        # Fields derived once on a frozen row (five years of a home's ruptures pass through the figures).
        if self.status is Status.REPAIRED and self.repaired_at is not None:
            object.__setattr__(self, "time_to_repair", max(self.repaired_at - self.occurred_at, timedelta(0)))
        object.__setattr__(self, "counted", not (self.status is Status.ENDED and self.end_reason is LEFT_OUT))

    def repaired_within(self, window: timedelta) -> bool:
        taken = self.time_to_repair
        return taken is not None and taken <= window

    def outcome_known(self, window: timedelta, now: datetime) -> bool:
        """Repaired within the window, ended without repair, or the window has run out: counted in the share."""
        return self.repaired_within(window) or self.status is Status.ENDED or self.occurred_at + window <= now


@dataclass(frozen=True)
class PatternRules:
    """The home's thresholds for patterns (see the module docstring), from its settings."""

    window: timedelta = timedelta(hours=48)
    """The repair window: the home's overdue threshold."""
    repeats: int = 3
    within: timedelta = timedelta(days=14)
    unrepaired: int = 2

    @classmethod
    def of(cls, settings: HomeSettings) -> PatternRules:
        return cls(
            window=timedelta(hours=settings.overdue_hours),
            repeats=settings.pattern_repeats,
            within=timedelta(days=settings.pattern_days),
            unrepaired=settings.pattern_unrepaired,
        )


def young_people_marked(
    facts: Iterable[RuptureFact],
    period: Period,
    rules: PatternRules,
    young_people: Iterable[YoungPerson],
    staff: Iterable[StaffMember],
) -> frozenset[int]:
    """`young_people_with_patterns(pairs_worth_a_conversation(...))`, the board's mark, worked out after every
    commit: the same pairs under the same rules, but a young person's other pairs are passed over once one is
    found, and no pair is built or sorted."""
    marked: set[int] = set()
    for (person_id, _), theirs in by_pair(facts, young_people, staff)[2].items():
        if person_id not in marked and pair_pattern(theirs, period, rules) is not None:
            marked.add(person_id)
    return frozenset(marked)
