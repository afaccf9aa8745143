"""The patterns over weeks through the service, on a real database with a frozen clock: every figure exactly,
the pairs flagged and not flagged at each threshold's edges, visibility by role, and the settings that move
the edges (changed only by a manager). The history is tests/patterns_home.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from handover.clock import FrozenClock
from handover.domain import pattern_words as words
from handover.domain.enums import Role, RuptureKind
from handover.domain.errors import InvalidInput
from handover.domain.patterns import PairOrder, Patterns, RepairFigures, sort_pairs
from handover.domain.permissions import NotAllowed
from handover.domain.reg35 import Reg35Clock
from handover.service import Service
from tests.conftest import Home
from tests.patterns_home import build_patterns_home


@pytest.fixture
def ids(service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    return build_patterns_home(service, home, clock)


def _pairs(found: Patterns) -> list[tuple[str, str]]:
    return [(p.young_person.name, p.adult.name) for p in found.pairs]


def test_the_period_is_twelve_weeks_of_the_homes_mondays(service: Service, home: Home, ids: dict[str, int]) -> None:
    period = service.patterns(home.morgan).period
    assert [w.first_day.isoformat() for w in (period.weeks[0], period.weeks[-1])] == ["2026-09-07", "2026-11-23"]
    # Monday 7 September began at midnight British Summer Time, 23:00 the Sunday before in UTC.
    assert period.start.isoformat() == "2026-09-06T23:00:00+00:00"
    assert period.previous().weeks[0].first_day.isoformat() == "2026-06-15"


def test_every_figure_of_the_whole_home(service: Service, home: Home, ids: dict[str, int]) -> None:
    home_figures = service.patterns(home.morgan).home
    assert home_figures.ruptures_per_week == (0, 2, 0, 1, 1, 0, 0, 0, 4, 3, 3, 3)
    # m's repair was recorded at 00:30 on Monday 21 Sep in the home's time (23:30 Sunday in UTC): week 2.
    assert home_figures.repairs_per_week == (0, 1, 1, 1, 1, 0, 0, 0, 3, 3, 2, 0)
    this = home_figures.this
    assert (this.ruptures, this.outcome_known, this.in_window, this.repaired, this.attempts) == (17, 15, 10, 12, 3)
    assert this.median == timedelta(hours=16)
    assert words.share_words(this) == "10 of 15 (67%)"
    assert words.attempts_words(this) == "0.3 (3 before 12 repairs)"
    before = home_figures.before
    assert (before.ruptures, before.outcome_known, before.in_window, before.repaired) == (2, 2, 1, 2)
    assert words.share_words(before) == "1 of 2 (50%)"
    assert words.median_words(before) == "1 d 17 h"
    assert home_figures.restraints == 1
    clocks = {c.clock: words.clock_words(c) for c in home_figures.clocks}
    assert clocks == {
        Reg35Clock.RECORD: "1 of 1 on time",
        Reg35Clock.MANAGER: "0 of 1 on time, 1 late",
        Reg35Clock.CHILD: "0 of 1 on time, 1 not met",
    }


def test_a_few_attempts_before_many_repairs_never_read_as_none() -> None:
    def said(attempts: int, repaired: int) -> str:
        figures = RepairFigures(
            ruptures=repaired,
            outcome_known=repaired,
            in_window=repaired,
            repaired=repaired,
            median=None,
            attempts=attempts,
        )
        return words.attempts_words(figures)

    assert said(1, 22) == "under 0.1 (1 before 22 repairs)"
    assert said(0, 22) == "0.0 (0 before 22 repairs)"
    assert said(1, 20) == "0.1 (1 before 20 repairs)"  # 0.05, halves rounded up


def test_every_figure_of_each_young_person(service: Service, home: Home, ids: dict[str, int]) -> None:
    found = {y.young_person.name: y for y in service.patterns(home.sam).young_people}
    assert list(found) == ["Casey Doyle", "Jordan Mills", "Riley Tanaka"]
    jordan, riley, casey = found["Jordan Mills"], found["Riley Tanaka"], found["Casey Doyle"]
    assert (jordan.open_now, riley.open_now, casey.open_now) == (1, 1, 3)
    assert jordan.per_week == (0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1)
    assert riley.per_week == (0, 2, 0, 1, 1, 0, 0, 0, 2, 1, 0, 0)
    assert casey.per_week == (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2)
    assert [words.share_words(y.figures) for y in (jordan, riley, casey)] == [
        "4 of 5 (80%)",
        "5 of 7 (71%)",
        "1 of 3 (33%)",
    ]
    # Riley's l counts by the repair that stands (40 h), not the first one that did not hold (3 h).
    assert [words.median_words(y.figures) for y in (jordan, riley, casey)] == ["20 h", "18 h", "10 h"]
    assert [words.attempts_words(y.figures) for y in (jordan, riley, casey)] == [
        "0.6 (3 before 5 repairs)",
        "0.0 (0 before 6 repairs)",
        "0.0 (0 before 1 repair)",
    ]
    assert words.kinds_words(jordan.kinds) == "harsh tone (2), broken promise (2), withdrawal (1)"
    assert words.kinds_words(riley.kinds) == "harsh tone (3), withdrawal (2), sanction (1)"
    assert casey.kinds[0] == (RuptureKind.SANCTION, 2)
    assert (jordan.pattern, riley.pattern, casey.pattern) == (True, True, True)


def test_pairs_flagged_and_not_at_the_default_edges(service: Service, home: Home, ids: dict[str, int]) -> None:
    found = service.patterns(home.priya)
    # Flagged: three in 11 days; three with the first and third 13 days apart; two unrepaired.
    # Not flagged: Jordan and Dev (two in 14 days), Riley and Dev (15 days apart), Casey and Priya (one
    # repaired of two), Jordan and Priya (one), and e (recorded in error) is in no pair.
    assert _pairs(found) == [
        ("Casey Doyle", "Sam Kell"),
        ("Jordan Mills", "Sam Kell"),
        ("Riley Tanaka", "Priya Shah"),
    ]
    by_name = {(p.young_person.name, p.adult.name): p for p in found.pairs}
    jordan_sam = by_name[("Jordan Mills", "Sam Kell")]
    assert [f.id for f in jordan_sam.recurring] == [ids["a"], ids["b"], ids["c"]]
    said = {key: words.pair_words(p, key[0], key[1], service.tz) for key, p in by_name.items()}
    assert said[("Jordan Mills", "Sam Kell")].prompt == (
        "Worth talking through in supervision: 3 ruptures between Jordan Mills and Sam Kell in 11 days "
        "(harsh tone, withdrawal)"
    )
    assert said[("Jordan Mills", "Sam Kell")].dates == "Mon 2 Nov, Thu 5 Nov and Fri 13 Nov"
    assert said[("Riley Tanaka", "Priya Shah")].prompt == (
        "Worth talking through in supervision: 3 ruptures between Riley Tanaka and Priya Shah in 13 days "
        "(harsh tone, sanction)"
    )
    assert said[("Riley Tanaka", "Priya Shah")].dates == "Mon 2 Nov, Sun 8 Nov and Sun 15 Nov (not yet repaired)"
    assert said[("Casey Doyle", "Sam Kell")].prompt == (
        "Worth talking through in supervision: 2 ruptures between Casey Doyle and Sam Kell not yet repaired "
        "(harsh tone, withdrawal)"
    )
    # Sorted by young person, or by how recent the pattern is: never by a count.
    recent = sort_pairs(found.pairs, PairOrder.RECENT)
    assert [(p.young_person.name, p.adult.name) for p in recent] == [
        ("Casey Doyle", "Sam Kell"),
        ("Riley Tanaka", "Priya Shah"),
        ("Jordan Mills", "Sam Kell"),
    ]


def test_each_threshold_is_a_setting_and_moves_its_edge(service: Service, home: Home, ids: dict[str, int]) -> None:
    service.set_setting(home.morgan, "pattern-repeats", "2")
    assert ("Jordan Mills", "Dev Okafor") in _pairs(service.patterns(home.morgan))
    service.set_setting(home.morgan, "pattern-repeats", "3")
    service.set_setting(home.morgan, "pattern_days", "15")
    assert ("Riley Tanaka", "Dev Okafor") in _pairs(service.patterns(home.morgan))
    service.set_setting(home.morgan, "pattern-days", "12")  # now 13 days apart is too far
    assert ("Riley Tanaka", "Priya Shah") not in _pairs(service.patterns(home.morgan))
    service.set_setting(home.morgan, "pattern-unrepaired", "3")
    assert ("Casey Doyle", "Sam Kell") not in _pairs(service.patterns(home.morgan))


def test_the_repair_window_is_the_homes_overdue_threshold(service: Service, home: Home, ids: dict[str, int]) -> None:
    changed = service.set_setting(home.morgan, "overdue-hours", "72")
    assert (changed.before, changed.after) == (48, 72)
    this = service.patterns(home.morgan).home.this
    # b (60 h) and j (50 h) are now within the window; t (56 h ago) and r are not yet known; k and q are.
    assert words.share_words(this) == "12 of 14 (86%)"
    assert words.window_words(service.patterns(home.morgan).rules) == "72 h"


def test_visibility_by_role(service: Service, home: Home, ids: dict[str, int]) -> None:
    everyone = [("Casey Doyle", "Sam Kell"), ("Jordan Mills", "Sam Kell"), ("Riley Tanaka", "Priya Shah")]
    assert _pairs(service.patterns(home.morgan)) == everyone  # a manager
    assert _pairs(service.patterns(home.priya)) == everyone  # a shift lead
    assert _pairs(service.patterns(home.sam)) == [("Casey Doyle", "Sam Kell"), ("Jordan Mills", "Sam Kell")]
    assert _pairs(service.patterns(home.dev)) == []  # part of no pair worth a conversation
    assert _pairs(service.patterns(None)) == []  # nobody signed in
    # The role is read from the database, not from the object passed in.
    dressed_up = replace(home.sam, role=Role.MANAGER)
    assert _pairs(service.patterns(dressed_up)) == [("Casey Doyle", "Sam Kell"), ("Jordan Mills", "Sam Kell")]
    # The young people marked are the same for everyone: the mark names no adult.
    assert service.patterns(home.dev).marked == service.patterns(home.morgan).marked
    assert service.young_people_with_patterns() == {home.jordan.id, home.riley.id, home.casey.id}


def test_a_pair_with_someone_who_has_left_is_not_a_prompt(service: Service, home: Home, ids: dict[str, int]) -> None:
    service.mark_left(home.sam, actor=None)
    assert _pairs(service.patterns(home.morgan)) == [("Riley Tanaka", "Priya Shah")]
    assert service.young_people_with_patterns() == {home.riley.id}


def test_only_a_manager_changes_a_setting_and_values_are_checked(
    service: Service, home: Home, ids: dict[str, int]
) -> None:
    with pytest.raises(NotAllowed, match="only a manager can change the home's settings"):
        service.set_setting(home.priya, "pattern-days", "21")
    for key, value, said in [
        ("pattern-days", "two", "must be a whole number"),
        ("pattern-days", "2.5", "must be a whole number"),
        ("pattern-days", "0", "from 1 days to 84 days"),
        ("pattern-repeats", "1", "from 2 to 10"),
        ("due-soon-hours", "48", "less than overdue-hours (48 h)"),
        ("pattern-day", "3", "Did you mean pattern-days?"),
    ]:
        with pytest.raises(InvalidInput, match=said.replace("(", r"\(").replace(")", r"\)")):
            service.set_setting(home.morgan, key, value)
    assert service.home_settings().pattern_days == 14
