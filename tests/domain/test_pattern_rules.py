"""The pattern rules on their own (pure): each threshold's edges, runs, medians, weeks in the home's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain import pattern_words as words
from handover.domain.enums import EndReason, Role, RuptureKind, Status
from handover.domain.models import StaffMember, YoungPerson
from handover.domain.pair_runs import latest_run
from handover.domain.pattern_facts import PatternRules, RuptureFact, young_people_marked
from handover.domain.patterns import (
    median,
    pairs_worth_a_conversation,
    repair_figures,
    visible_to,
    whole_days,
)
from handover.domain.weeks import weeks_to

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
JORDAN = YoungPerson(id=1, name="Jordan Mills")
SAM = StaffMember(id=1, name="Sam Kell")
PRIYA = StaffMember(id=2, name="Priya Shah", role=Role.SHIFT_LEAD)
RULES = PatternRules()
PERIOD = weeks_to(NOW, LONDON)


def fact(n: int, days_ago: float, status: Status = Status.REPAIRED, **extra: object) -> RuptureFact:
    at = NOW - timedelta(days=days_ago)
    repaired = at + timedelta(hours=5) if status is Status.REPAIRED else None
    fields: dict[str, object] = {"repaired_at": repaired, **extra}
    return RuptureFact(n, JORDAN.id, (SAM.id,), at, RuptureKind.HARSH_TONE, status, **fields)  # type: ignore[arg-type]


def flagged(*facts: RuptureFact, rules: PatternRules = RULES) -> bool:
    return bool(pairs_worth_a_conversation(facts, PERIOD, rules, [JORDAN], [SAM, PRIYA]))


def test_two_in_fourteen_days_is_not_a_pattern_three_is() -> None:
    assert not flagged(fact(1, 10), fact(2, 5))
    assert flagged(fact(1, 10), fact(2, 5), fact(3, 1))


def test_three_with_the_first_and_last_13_or_14_days_apart_recur_15_do_not() -> None:
    assert flagged(fact(1, 20), fact(2, 15), fact(3, 7))  # 13 days
    assert flagged(fact(1, 21), fact(2, 15), fact(3, 7))  # 14 days: "within 14 days" includes the 14th
    assert not flagged(fact(1, 22), fact(2, 15), fact(3, 7))  # 15 days


def test_one_repaired_of_two_is_not_unrepaired_enough_two_open_are() -> None:
    assert not flagged(fact(1, 40), fact(2, 3, Status.OPEN))
    assert flagged(fact(1, 40, Status.PLANNED), fact(2, 3, Status.OPEN))
    # Unrepaired counts ruptures of any age: open ones from before the period too.
    assert flagged(fact(1, 200, Status.ATTEMPTED), fact(2, 3, Status.OPEN))


def test_a_rupture_recorded_in_error_is_in_no_pattern_and_no_figure() -> None:
    error = fact(3, 1, Status.ENDED, end_reason=EndReason.RECORDED_IN_ERROR)
    assert not flagged(fact(1, 10), fact(2, 5), error)
    moved_on = fact(3, 1, Status.ENDED, end_reason=EndReason.MOVED_ON)
    assert flagged(fact(1, 10), fact(2, 5), moved_on)
    figures = repair_figures([fact(1, 10), error, moved_on], PERIOD, RULES)
    # Ended without repair (the young person moved on) counts as not repaired; in error, not at all.
    assert (figures.ruptures, figures.outcome_known, figures.in_window) == (2, 2, 1)


def test_the_latest_run_spans_every_rupture_between_its_first_and_last() -> None:
    ordered = [fact(1, 80), fact(2, 78), fact(3, 76), fact(4, 40), fact(5, 12), fact(6, 9), fact(7, 8), fact(8, 1)]
    run = latest_run(ordered, 3, timedelta(days=14))
    assert [f.id for f in run] == [5, 6, 7, 8]
    assert latest_run(ordered[:4], 3, timedelta(days=14))[0].id == 1
    assert latest_run(ordered[3:5], 3, timedelta(days=14)) == ()


def test_visible_to_the_adult_in_the_pair_and_to_leads() -> None:
    pairs = pairs_worth_a_conversation([fact(1, 10), fact(2, 5), fact(3, 1)], PERIOD, RULES, [JORDAN], [SAM])
    assert visible_to(pairs, SAM) == pairs
    assert visible_to(pairs, PRIYA) == pairs
    assert visible_to(pairs, StaffMember(id=9, name="Dev Okafor")) == []
    assert visible_to(pairs, None) == []


def test_the_share_counts_only_ruptures_whose_outcome_is_known() -> None:
    window = RULES.window
    just_run_out = RuptureFact(1, 1, (1,), NOW - window, RuptureKind.OTHER, Status.OPEN)
    not_yet = RuptureFact(2, 1, (1,), NOW - window + timedelta(seconds=1), RuptureKind.OTHER, Status.OPEN)
    on_the_edge = RuptureFact(
        3, 1, (1,), NOW - timedelta(days=3), RuptureKind.OTHER, Status.REPAIRED, NOW - timedelta(days=3) + window
    )
    figures = repair_figures([just_run_out, not_yet, on_the_edge], PERIOD, RULES)
    assert (figures.outcome_known, figures.in_window, figures.share) == (2, 1, Fraction(1, 2))


def test_median_of_an_odd_and_an_even_count() -> None:
    hours = [timedelta(hours=h) for h in (5, 1, 3)]
    assert median(hours) == timedelta(hours=3)
    assert median([*hours, timedelta(hours=10)]) == timedelta(hours=4)
    assert median([]) is None


def test_weeks_are_mondays_in_the_homes_zone_through_a_clock_change() -> None:
    weeks = PERIOD.weeks
    assert len(weeks) == 12
    # The week of Mon 19 Oct holds the last Sunday of October: the clocks went back, it is an hour longer.
    autumn = next(w for w in weeks if w.first_day.isoformat() == "2026-10-19")
    assert autumn.end - autumn.start == timedelta(days=7, hours=1)
    sunday_night = datetime(2026, 9, 20, 23, 30, tzinfo=UTC)  # 00:30 on Monday 21 Sep in London
    assert PERIOD.weeks[PERIOD.week_of(sunday_night) or 0].first_day.isoformat() == "2026-09-21"
    assert PERIOD.week_of(NOW) == 11
    assert PERIOD.week_of(PERIOD.start - timedelta(seconds=1)) is None


@pytest.mark.parametrize(
    ("value", "said"), [(Fraction(2, 3), "67%"), (Fraction(1, 2), "50%"), (Fraction(1, 200), "1%"), (Fraction(0), "0%")]
)
def test_percent_rounds_halves_up(value: Fraction, said: str) -> None:
    assert words.percent(value) == said


def test_spans_are_whole_days_rounded_up() -> None:
    assert [whole_days(timedelta(hours=h)) for h in (0, 23, 24, 25, 13 * 24)] == [1, 1, 1, 2, 13]


RILEY = YoungPerson(id=2, name="Riley Stone")
LEFT = YoungPerson(id=3, name="Casey Moor", active=False)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([JORDAN.id, RILEY.id, LEFT.id]),
            st.sets(st.sampled_from([SAM.id, PRIYA.id, 9]), min_size=1, max_size=2),
            st.floats(min_value=0, max_value=200),
            st.sampled_from(list(Status)),
        ),
        max_size=25,
    )
)
def test_the_boards_mark_is_the_young_people_of_the_pairs(
    drawn: list[tuple[int, set[int], float, Status]],
) -> None:
    # The board's mark (`young_people_marked`, after every commit) stops at a young person's first pair; it
    # must mark exactly the young people the patterns screen's pairs name, a leaver and a leaver adult never.
    facts = [
        RuptureFact(
            n,
            person,
            tuple(sorted(adults)),
            NOW - timedelta(days=days),
            RuptureKind.HARSH_TONE,
            status,
            repaired_at=NOW - timedelta(days=days) + timedelta(hours=5) if status is Status.REPAIRED else None,
        )  # fmt: skip
        for n, (person, adults, days, status) in enumerate(drawn, start=1)
    ]
    people, staff = [JORDAN, RILEY, LEFT], [SAM, PRIYA, StaffMember(id=9, name="Lee Gone", active=False)]
    pairs = pairs_worth_a_conversation(facts, PERIOD, RULES, people, staff)
    assert young_people_marked(facts, PERIOD, RULES, people, staff) == {p.young_person.id for p in pairs}
    assert LEFT.id not in {p.young_person.id for p in pairs}
