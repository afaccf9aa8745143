"""One pair's ruptures against the pattern rules: the recurring run and the unrepaired ones (pure).

The one place the rules of docs/PATTERNS.md are applied to a pair of a young person and an adult, for the
patterns screen and the report (`patterns.pairs_worth_a_conversation`) and for the board's mark after every
commit (`pattern_facts.young_people_marked`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: patterns.py imports this module
    from handover.domain.models import StaffMember, YoungPerson
    from handover.domain.pattern_facts import PatternRules, RuptureFact
    from handover.domain.weeks import Period

#: Each pair's ruptures, by (young person id, adult id).
Pairs = dict[tuple[int, int], list["RuptureFact"]]
Facts = tuple["RuptureFact", ...]


def latest_run(facts: Sequence[RuptureFact], repeats: int, within: timedelta) -> tuple[RuptureFact, ...]:
    """The most recent recurring run among `facts` (one pair's, oldest first): every group of `repeats`
    consecutive ruptures whose first and last are at most `within` apart marks its ruptures; marked ruptures
    less than `within` apart join one run, which runs from its first marked rupture to its last."""
    marked = [False] * len(facts)
    for i in range(len(facts) - repeats + 1):
        if facts[i + repeats - 1].occurred_at - facts[i].occurred_at <= within:
            marked[i : i + repeats] = [True] * repeats
    runs: list[list[int]] = []
    for i, is_marked in enumerate(marked):
        if not is_marked:
            continue
        if runs and facts[i].occurred_at - facts[runs[-1][-1]].occurred_at <= within:
            runs[-1].append(i)
        else:
            runs.append([i])
    if not runs:
        return ()
    return tuple(facts[runs[-1][0] : runs[-1][-1] + 1])


def by_pair(
    facts: Iterable[RuptureFact], young_people: Iterable[YoungPerson], staff: Iterable[StaffMember]
) -> tuple[dict[int, YoungPerson], dict[int, StaffMember], Pairs]:
    """The current young people and adults by id, and the counted ruptures of each pair of them, by ids."""
    people = {p.id: p for p in young_people if p.active}
    adults = {s.id: s for s in staff if s.active}
    by_pair: Pairs = {}
    for fact in facts:
        if not fact.counted or fact.young_person_id not in people:
            continue
        for adult_id in fact.adult_ids:
            if adult_id in adults:
                by_pair.setdefault((fact.young_person_id, adult_id), []).append(fact)
    return people, adults, by_pair


def pair_pattern(theirs: list[RuptureFact], period: Period, rules: PatternRules) -> tuple[Facts, Facts] | None:
    """One pair's recurring run and unrepaired ruptures (`PairPattern`), or None when neither makes it worth a
    conversation. The one place the rules are applied to a pair. Sorts `theirs`, oldest first."""
    theirs.sort(key=lambda f: (f.occurred_at, f.id))
    in_period = [f for f in theirs if period.contains(f.occurred_at)]
    run = latest_run(in_period, rules.repeats, rules.within)
    still_open = tuple(f for f in theirs if f.status.is_open)
    unrepaired = still_open if len(still_open) >= rules.unrepaired else ()
    return (run, unrepaired) if run or unrepaired else None
