"""Patterns over weeks: where ruptures recur between the same young person and adult, and where repair is not
happening. Pure: the service reads one row per rupture (`RuptureFact`) with indexed SQL, and everything here is
worked out from those rows, the home's settings (`PatternRules`) and the clock's now.

It is for reflection and supervision, never a league table. Nothing here counts, ranks or sorts adults across
the home: the one figure that names an adult is a pair (one young person and one adult, `PairPattern`), shown
to the adult in it and to shift leads and managers (`visible_to`), and pairs are sorted by young person or by
how recent the pattern is (`PairOrder`), never by a count. docs/PATTERNS.md explains every figure.

The rules, with the home's defaults (each a setting a manager can change):
- a pair is *worth a conversation* when 3 or more of their ruptures happened within 14 days of each other in
  the period (`pattern_repeats`, `pattern_days`), or when 2 or more of their ruptures are unrepaired now, of any
  age (`pattern_unrepaired`); only people still here (a pair with someone who has left is not a prompt);
- a rupture is *repaired within the window* when its repair was recorded at most `overdue_hours` (48 h) after it
  happened; the share counts only ruptures whose outcome is known: repaired within the window, or whose window
  has run out (a rupture of an hour ago has not had its chance yet); ended without repair counts as not repaired;
- ruptures ended as recorded in error are left out of every figure;
- weeks run Monday to Sunday in the home's time zone; the last is the week so far.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from handover.domain.enums import Role, RuptureKind
from handover.domain.models import StaffMember, YoungPerson
from handover.domain.pair_runs import by_pair, pair_pattern
from handover.domain.pattern_facts import PatternRules, RuptureFact
from handover.domain.permissions import at_least
from handover.domain.reg35 import Reg35Clock
from handover.domain.weeks import Period

#: How many of a young person's kinds of rupture are named ("kinds seen most").
TOP_KINDS = 3
#: Who sees every pair; below this, a staff member sees only the pairs they are part of.
SEES_ALL = Role.SHIFT_LEAD

_KIND_ORDER = {kind: n for n, kind in enumerate(RuptureKind)}


# -- repair figures -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepairFigures:
    """How repair went for some ruptures (a young person's, or the home's) that happened in one period."""

    ruptures: int
    """How many happened in the period."""
    outcome_known: int
    """Of those, how many were repaired within the window or have had their window run out: the share's base."""
    in_window: int
    """Repaired within the window."""
    repaired: int
    """Repaired at any time (so far)."""
    median: timedelta | None
    """The median time from rupture to repair, over those repaired (None when none were)."""
    attempts: int
    """Attempts recorded before those repairs ("not ready yet")."""

    @property
    def share(self) -> Fraction | None:
        """Repaired within the window, of those whose outcome is known (None when none is known yet)."""
        return Fraction(self.in_window, self.outcome_known) if self.outcome_known else None

    @property
    def attempts_per_repair(self) -> Fraction | None:
        return Fraction(self.attempts, self.repaired) if self.repaired else None


def median(values: Sequence[timedelta]) -> timedelta | None:
    """The middle value (the mean of the middle two for an even count), None for none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def repair_figures(facts: Iterable[RuptureFact], period: Period, rules: PatternRules) -> RepairFigures:
    """The repair figures of the counted ruptures among `facts` that happened in `period`."""
    happened = [f for f in facts if f.counted and period.contains(f.occurred_at)]
    known = [f for f in happened if f.outcome_known(rules.window, period.now)]
    taken = [t for f in happened if (t := f.time_to_repair) is not None]
    return RepairFigures(
        ruptures=len(happened),
        outcome_known=len(known),
        in_window=sum(f.repaired_within(rules.window) for f in known),
        repaired=len(taken),
        median=median(taken),
        attempts=sum(f.attempts for f in happened if f.time_to_repair is not None),
    )


def kinds_seen(facts: Iterable[RuptureFact], top: int = TOP_KINDS) -> tuple[tuple[RuptureKind, int], ...]:
    """The kinds of rupture seen most, with how often: most first, then in the kinds' own order."""
    counts = Counter(f.kind for f in facts)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], _KIND_ORDER[item[0]]))
    return tuple(ordered[:top])


# -- pairs worth a conversation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PairPattern:
    """One young person and one adult whose ruptures recur, or stay unrepaired: a prompt for supervision."""

    young_person: YoungPerson
    adult: StaffMember
    recurring: tuple[RuptureFact, ...] = ()
    """The most recent run: `repeats` or more ruptures each within `within` of the others in its group, from the
    run's first to its last (every one of the pair's ruptures in between included). Empty when none."""
    unrepaired: tuple[RuptureFact, ...] = ()
    """Their ruptures still open now, of any age, when there are `unrepaired` or more. Empty otherwise."""

    @property
    def ruptures(self) -> tuple[RuptureFact, ...]:
        """Every rupture the prompt is about, oldest first."""
        found = {f.id: f for f in (*self.recurring, *self.unrepaired)}
        return tuple(sorted(found.values(), key=lambda f: (f.occurred_at, f.id)))

    @property
    def latest(self) -> datetime:
        """When the latest rupture of the pattern happened: "how recent the pattern is"."""
        return self.ruptures[-1].occurred_at

    @property
    def span(self) -> timedelta:
        """From the first to the last rupture of the recurring run (zero without one)."""
        if not self.recurring:
            return timedelta(0)
        return self.recurring[-1].occurred_at - self.recurring[0].occurred_at

    @property
    def kinds(self) -> tuple[RuptureKind, ...]:
        """The kinds of its ruptures, most seen first."""
        return tuple(kind for kind, _ in kinds_seen(self.ruptures, top=len(RuptureKind)))


class PairOrder(StrEnum):
    """How the pairs are listed: never by a count."""

    YOUNG_PERSON = "young-person"
    """By young person (by name), the most recent pattern first under each."""
    RECENT = "recent"
    """The most recent pattern first."""

    @property
    def label(self) -> str:
        return "by young person" if self is PairOrder.YOUNG_PERSON else "most recent first"


def sort_pairs(pairs: Iterable[PairPattern], order: PairOrder = PairOrder.YOUNG_PERSON) -> list[PairPattern]:
    def young_person(p: PairPattern) -> tuple[str, int]:
        return p.young_person.name.casefold(), p.young_person.id

    def recent(p: PairPattern) -> float:
        return -p.latest.timestamp()

    if order is PairOrder.RECENT:
        return sorted(pairs, key=lambda p: (recent(p), young_person(p), p.adult.id))
    return sorted(pairs, key=lambda p: (young_person(p), recent(p), p.adult.id))


def pairs_worth_a_conversation(
    facts: Iterable[RuptureFact],
    period: Period,
    rules: PatternRules,
    young_people: Iterable[YoungPerson],
    staff: Iterable[StaffMember],
) -> list[PairPattern]:
    """Every pair of a current young person and a current adult worth a conversation (see the module
    docstring), by young person. `facts` must hold every rupture of the period and every one open now."""
    people, adults, pairs = by_pair(facts, young_people, staff)
    found = []
    for (person_id, adult_id), theirs in pairs.items():
        pattern = pair_pattern(theirs, period, rules)
        if pattern is not None:
            found.append(PairPattern(people[person_id], adults[adult_id], *pattern))
    return sort_pairs(found)


def sees_all_pairs(viewer: StaffMember | None) -> bool:
    """Shift leads and managers see every pair; staff only their own; nobody signed in, none."""
    return viewer is not None and at_least(viewer, SEES_ALL)


def visible_to(pairs: Iterable[PairPattern], viewer: StaffMember | None) -> list[PairPattern]:
    """The pairs `viewer` may see: every one for a shift lead or manager, the pairs they are part of for staff,
    none for nobody (a board left at "just look")."""
    if viewer is None:
        return []
    if sees_all_pairs(viewer):
        return list(pairs)
    return [p for p in pairs if p.adult.id == viewer.id]


def young_people_with_patterns(pairs: Iterable[PairPattern]) -> frozenset[int]:
    """The young people with a pair worth a conversation, by id: the board marks their section, and the glance
    shows a symbol only. It names no adult, so it is the same whoever looks."""
    return frozenset(p.young_person.id for p in pairs)


# -- the whole picture --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YoungPersonFigures:
    """One young person over the period."""

    young_person: YoungPerson
    open_now: int
    per_week: tuple[int, ...]
    """Ruptures per week, oldest week first."""
    figures: RepairFigures
    kinds: tuple[tuple[RuptureKind, int], ...]
    """The kinds seen most in the period, with how often."""
    pattern: bool = False
    """A relationship worth a conversation (with any adult: the adult is not named here)."""


@dataclass(frozen=True)
class ClockFigures:
    """One reg 35 clock over the restraints of the period."""

    clock: Reg35Clock
    due: int
    """Restraints whose deadline for this clock has passed, or that had it ticked: the base of the others."""
    on_time: int
    """Ticked by the deadline (a clock met exactly at its deadline was met in time)."""
    late: int
    """Ticked after the deadline."""
    not_met: int
    """Past the deadline and not ticked."""


@dataclass(frozen=True)
class HomeFigures:
    """The whole home over the period, and the period before it. No adult is named or counted here."""

    ruptures_per_week: tuple[int, ...]
    repairs_per_week: tuple[int, ...]
    """Repairs recorded each week (of ruptures from any time), oldest week first."""
    this: RepairFigures
    before: RepairFigures
    """The same figures for the same number of weeks just before."""
    restraints: int
    clocks: tuple[ClockFigures, ...]


def clock_figures(restraints: Sequence[RuptureFact], now: datetime) -> tuple[ClockFigures, ...]:
    """Each reg 35 clock over `restraints`: met on time, late, or not met once its deadline has passed."""
    found = []
    for clock in Reg35Clock:
        on_time = late = not_met = 0
        for fact in restraints:
            deadline = fact.occurred_at + clock.limit
            ticked = next((at for c, at in fact.ticked if c is clock), None)
            if ticked is not None:
                if ticked <= deadline:
                    on_time += 1
                else:
                    late += 1
            elif now > deadline:
                not_met += 1
        found.append(ClockFigures(clock, on_time + late + not_met, on_time, late, not_met))
    return tuple(found)


def home_figures(facts: Sequence[RuptureFact], period: Period, rules: PatternRules) -> HomeFigures:
    counted = [f for f in facts if f.counted]
    happened = [f for f in counted if period.contains(f.occurred_at)]
    restraints = [f for f in happened if f.kind is RuptureKind.RESTRAINT]
    repaired_at = [f.repaired_at for f in counted if f.time_to_repair is not None and f.repaired_at is not None]
    return HomeFigures(
        ruptures_per_week=period.per_week(f.occurred_at for f in happened),
        repairs_per_week=period.per_week(repaired_at),
        this=repair_figures(happened, period, rules),
        before=repair_figures(counted, period.previous(), rules),
        restraints=len(restraints),
        clocks=clock_figures(restraints, period.now),
    )


def young_person_figures(
    facts: Sequence[RuptureFact],
    period: Period,
    rules: PatternRules,
    young_people: Iterable[YoungPerson],
    with_patterns: frozenset[int] = frozenset(),
) -> list[YoungPersonFigures]:
    """Every current young person, and anyone who has left but had a rupture in the period or has one open, by
    name."""
    by_person: dict[int, list[RuptureFact]] = {}
    for fact in facts:
        if fact.counted:
            by_person.setdefault(fact.young_person_id, []).append(fact)
    found = []
    for person in young_people:
        theirs = by_person.get(person.id, [])
        happened = [f for f in theirs if period.contains(f.occurred_at)]
        open_now = sum(f.status.is_open for f in theirs)
        if not person.active and not happened and not open_now:
            continue
        found.append(
            YoungPersonFigures(
                young_person=person,
                open_now=open_now,
                per_week=period.per_week(f.occurred_at for f in happened),
                figures=repair_figures(happened, period, rules),
                kinds=kinds_seen(happened),
                pattern=person.id in with_patterns,
            )
        )
    return sorted(found, key=lambda y: (y.young_person.name.casefold(), y.young_person.id))


@dataclass(frozen=True)
class Patterns:
    """Everything the patterns screen and the report show, for one viewer at one moment."""

    period: Period
    rules: PatternRules
    young_people: tuple[YoungPersonFigures, ...]
    pairs: tuple[PairPattern, ...]
    """The pairs worth a conversation the viewer may see (`visible_to`), by young person."""
    home: HomeFigures
    viewer: StaffMember | None
    home_name: str = ""
    marked: frozenset[int] = field(default_factory=frozenset)
    """Young people with a pair worth a conversation, whoever the adult (`young_people_with_patterns`)."""

    @property
    def sees_all(self) -> bool:
        return sees_all_pairs(self.viewer)


def build_patterns(
    facts: Sequence[RuptureFact],
    period: Period,
    rules: PatternRules,
    young_people: Sequence[YoungPerson],
    staff: Sequence[StaffMember],
    viewer: StaffMember | None,
    home_name: str = "",
) -> Patterns:
    """The patterns of `period` as `viewer` may see them. `facts` must hold every rupture that happened in the
    period and the period before it, every one open now, and every one repaired in the period."""
    pairs = pairs_worth_a_conversation(facts, period, rules, young_people, staff)
    marked = young_people_with_patterns(pairs)
    return Patterns(
        period=period,
        rules=rules,
        young_people=tuple(young_person_figures(facts, period, rules, young_people, marked)),
        pairs=tuple(visible_to(pairs, viewer)),
        home=home_figures(facts, period, rules),
        viewer=viewer,
        home_name=home_name,
        marked=marked,
    )


def whole_days(span: timedelta) -> int:
    """A span in days as a prompt says it: rounded up, at least one ("3 ruptures in 12 days")."""
    return max(1, math.ceil(span / timedelta(days=1)))
