"""The board's views and text filter on fixed data: exactly which rows, in exactly which order, under which
headings; the leaving view following the clock across a shift boundary; lapsed next steps and reg 35 clocks on
the rows; the handover summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handover.clock import FrozenClock
from handover.domain import handover, views
from handover.domain.board import BoardRows, board_rows
from handover.domain.enums import BoardOrder, RuptureKind, Severity, Status, Urgency
from handover.domain.models import BoardSnapshot, HomeSettings, Rupture, StaffMember, YoungPerson
from handover.domain.reg35 import ClockState
from handover.domain.shifts import DEFAULT_PATTERN, ShiftMark, ShiftState, occurrence_of
from handover.domain.views import View, ViewRow

TZ = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # Friday, GMT: local time = UTC
RILEY, JORDAN, CASEY, ALEX = 1, 2, 3, 4
SAM, PRIYA, DEV, MORGAN = 10, 11, 12, 13
STAFF = {
    SAM: StaffMember(id=SAM, name="Sam Kell"),
    PRIYA: StaffMember(id=PRIYA, name="Priya Shah"),
    DEV: StaffMember(id=DEV, name="Dev Okafor"),
    MORGAN: StaffMember(id=MORGAN, name="Morgan Blake"),
}


def rupture(
    rid: int,
    person: int,
    hours_ago: float,
    severity: Severity,
    kind: RuptureKind,
    owner: int | None,
    adults: tuple[int, ...],
    what: str,
    **extra: object,
) -> Rupture:
    at = NOW - timedelta(hours=hours_ago)
    return Rupture(
        id=rid,
        young_person_id=person,
        adult_ids=adults,
        occurred_at=at,
        recorded_at=at,
        recorded_by=adults[0],
        kind=kind,
        severity=severity,
        what_happened=what,
        owner_id=owner,
        updated_at=at,
        updated_by=adults[0],
        **extra,  # type: ignore[arg-type]
    )


RUPTURES = (
    rupture(1, JORDAN, 50, Severity.MINOR, RuptureKind.HARSH_TONE, SAM, (SAM,), "I raised my voice at tea."),
    rupture(2, JORDAN, 3, Severity.SERIOUS, RuptureKind.RESTRAINT, DEV, (DEV, SAM), "Held on the stairs."),
    rupture(3, RILEY, 60, Severity.SIGNIFICANT, RuptureKind.WITHDRAWAL, None, (MORGAN,), "I went quiet all evening."),
    rupture(
        4,
        RILEY,
        30,
        Severity.SERIOUS,
        RuptureKind.BROKEN_PROMISE,
        PRIYA,
        (SAM,),
        "The cinema trip was cancelled.",
        status=Status.PLANNED,
        next_step="Talk after school",
        next_step_due=NOW - timedelta(hours=2),
        awaiting_acceptance=True,
    ),
    rupture(5, CASEY, 49, Severity.SERIOUS, RuptureKind.CUTTING_REMARK, MORGAN, (MORGAN,), "A remark about family."),
    rupture(
        6,
        CASEY,
        10,
        Severity.MINOR,
        RuptureKind.LIMIT_TESTING,
        SAM,
        (PRIYA,),
        "Bedtime argument.",
        status=Status.ATTEMPTED,
        next_step="try again",
        next_step_due=NOW + timedelta(hours=5),
        awaiting_acceptance=True,
    ),
    rupture(7, JORDAN, 26, Severity.MINOR, RuptureKind.OTHER, None, (DEV,), "Phone taken at the table."),
    rupture(8, RILEY, 1, Severity.SIGNIFICANT, RuptureKind.SANCTION, SAM, (SAM,), "Stopped the football game early."),
)


def mark(staff_id: int, shift: str, marked_at: datetime, on: bool = True) -> ShiftMark:
    run = occurrence_of(DEFAULT_PATTERN.shift(shift), marked_at, TZ)
    return ShiftMark(
        staff_id=staff_id,
        at=marked_at,
        on_shift=on,
        shift=run.shift if on else None,
        shift_start=run.start if on else None,
        shift_end=run.end if on else None,
    )


MARKS = {
    SAM: mark(SAM, "late", NOW.replace(hour=13, minute=50)),  # late: until 22:00
    PRIYA: mark(PRIYA, "early", NOW.replace(hour=6, minute=55)),  # early: ended 15:00, never marked off
    DEV: mark(DEV, "waking night", NOW.replace(hour=19)),  # waking night: 22:00 to 07:00
    # Morgan Blake: never marked on
}


def snap(ruptures: tuple[Rupture, ...] = RUPTURES, marks: dict[int, ShiftMark] = MARKS) -> BoardSnapshot:
    return BoardSnapshot(
        settings=HomeSettings(home_name="Larch House"),
        young_people=(
            YoungPerson(id=RILEY, name="Riley Tanaka"),
            YoungPerson(id=JORDAN, name="Jordan Mills"),
            YoungPerson(id=CASEY, name="Casey Doyle"),
            YoungPerson(id=ALEX, name="Alex Rowe"),
        ),
        staff=STAFF,
        open_ruptures=ruptures,
        shift_marks=marks,
    )


def built(snapshot: BoardSnapshot, now: datetime = NOW) -> BoardRows:
    return board_rows(snapshot, now)


def ids(found: list[ViewRow] | tuple[ViewRow, ...]) -> list[int]:
    return [row.rupture.id for row in found]


class TestViews:
    def test_by_young_person_most_pressing_first_and_quiet_ones_last(self) -> None:
        # Riley, Jordan and Casey each have an overdue rupture: the longest wait (60 h, 50 h, 49 h) goes first.
        found = views.by_young_person(built(snap()))
        assert [(s.young_person.name, ids(s.lines)) for s in found] == [
            ("Riley Tanaka", [3, 4, 8]),
            ("Jordan Mills", [1, 7, 2]),
            ("Casey Doyle", [5, 6]),
            ("Alex Rowe", []),
        ]
        assert all(isinstance(line, ViewRow) for s in found for line in s.lines)

    def test_by_young_person_alphabetical_when_the_home_says_so(self) -> None:
        settings = HomeSettings(home_name="Larch House", board_order=BoardOrder.ALPHABETICAL)
        found = views.by_young_person(built(replace(snap(), settings=settings)))
        assert [s.young_person.name for s in found] == ["Alex Rowe", "Casey Doyle", "Jordan Mills", "Riley Tanaka"]

    def test_triage_follows_the_rule(self) -> None:
        # overdue: 3 unowned, 5 and 1 owned with no step (serious before minor); due soon: 7 unowned, 4 lapsed;
        # fresh: 2 and 8 with no step (serious before significant), 6 with a next try in hand.
        rows = views.triage(built(snap()))
        assert ids(rows) == [3, 5, 1, 7, 4, 2, 8, 6]
        assert [r.urgency for r in rows[:5]] == [Urgency.OVERDUE] * 3 + [Urgency.DUE_SOON] * 2

    def test_triage_ties_go_by_number(self) -> None:
        twins = tuple(replace(r, occurred_at=NOW - timedelta(hours=5)) for r in RUPTURES[:2])
        same = tuple(replace(r, severity=Severity.MINOR) for r in reversed(twins))
        assert ids(views.triage(built(snap(same)))) == [1, 2]

    def test_mine(self) -> None:
        assert ids(views.mine(built(snap()), SAM)) == [1, 8, 6]
        assert ids(views.mine(built(snap()), MORGAN)) == [5]
        assert views.mine(built(snap()), None) == []

    def test_overdue_and_unowned(self) -> None:
        assert ids(views.overdue(built(snap()))) == [3, 5, 1]
        assert ids(views.unowned(built(snap()))) == [3, 7]

    def test_leaving_is_owners_off_shift_or_going_off_by_name(self) -> None:
        # 20:00: Sam (late) has two hours left; Priya's early ended at 15:00; Morgan was never marked on.
        rows = views.leaving(built(snap()))
        assert ids(rows) == [5, 4]
        assert [(r.owner, r.owner_shift) for r in rows] == [
            ("Morgan Blake", ShiftState.OFF),
            ("Priya Shah", ShiftState.OFF),
        ]

    def test_leaving_follows_the_clock_across_the_shift_boundary(self) -> None:
        clock = FrozenClock(NOW)
        board = snap()
        seen = {}
        for label, step in (("20:00", 0), ("20:59", 59), ("21:00", 1), ("22:00", 60), ("06:00", 480), ("07:00", 60)):
            clock.advance(timedelta(minutes=step))
            seen[label] = ids(views.leaving(board_rows(board, clock.now())))
        assert seen == {
            "20:00": [5, 4],
            "20:59": [5, 4],
            "21:00": [5, 4, 1, 8, 6],  # Sam's late ends within the hour
            "22:00": [5, 4, 1, 8, 6],  # ...and now has ended
            "06:00": [2, 5, 4, 1, 6, 8],  # Dev's waking night ends at 07:00; 6's next try (01:00) has lapsed
            "07:00": [2, 5, 4, 1, 6, 8],
        }
        at_nine = views.leaving(board_rows(board, NOW + timedelta(hours=1)))
        sam = next(r for r in at_nine if r.rupture.id == 1)
        assert (sam.owner_shift, sam.owner_shift_ends) == (ShiftState.LEAVING, NOW.replace(hour=22))

    def test_awaiting_acceptance_by_owner(self) -> None:
        assert ids(views.awaiting_acceptance(built(snap()))) == [4, 6]

    def test_each_view_by_number_key(self) -> None:
        board = snap()
        expected = {
            View.BY_YOUNG_PERSON: [3, 4, 8, 1, 7, 2, 5, 6],
            View.TRIAGE: [3, 5, 1, 7, 4, 2, 8, 6],
            View.MINE: [1, 8, 6],
            View.OVERDUE: [3, 5, 1],
            View.LEAVING: [5, 4],
            View.UNOWNED: [3, 7],
        }
        assert {v: ids(views.view_rows(v, built(board), SAM)) for v in View} == expected
        assert [v.key for v in View] == ["1", "2", "3", "4", "5", "6"]
        assert View.LEAVING.label == "owner leaving or off shift"
        assert ids(views.view_rows(View.TRIAGE, built(board), SAM, query="riley")) == [3, 4, 8]

    def test_row_carries_owner_shift_and_lapsed(self) -> None:
        rows = {r.rupture.id: r for r in views.triage(built(snap()))}
        assert (rows[1].owner_shift, rows[1].owner_shift_ends) == (ShiftState.ON, NOW.replace(hour=22))
        assert (rows[3].owner_shift, rows[3].owner_shift_ends, rows[3].owner) == (None, None, None)
        assert (rows[4].owner_shift, rows[4].owner_shift_ends) == (ShiftState.OFF, None)
        assert [r for r, row in rows.items() if row.lapsed] == [4]
        assert [r for r, row in rows.items() if row.awaiting_acceptance] == [4, 6]

    def test_row_carries_the_reg35_clocks_not_yet_ticked(self) -> None:
        rows = {r.rupture.id: r for r in built(snap()).rows}
        restraint = rows[2]  # held 3 hours ago: every clock is due, the 24 h record first
        assert [(c.clock.value, c.state) for c in restraint.reg35] == [
            ("record", ClockState.DUE),
            ("manager", ClockState.DUE),
            ("child", ClockState.DUE),
        ]
        assert restraint.worst_clock is not None and restraint.worst_clock.clock.value == "record"
        assert all(row.reg35 == () and row.worst_clock is None for rid, row in rows.items() if rid != 2)
        ticked = replace(RUPTURES[1], reg35_done=("record",))
        later = {r.rupture.id: r for r in built(snap((ticked,)), NOW + timedelta(hours=43)).rows}
        assert [(c.clock.value, c.state) for c in later[2].reg35] == [
            ("manager", ClockState.DUE_SOON),
            ("child", ClockState.DUE),
        ]
        assert later[2].worst_clock is not None and later[2].worst_clock.state is ClockState.DUE_SOON

    def test_the_summary_counts_the_same_rows(self) -> None:
        total = built(snap()).summary()
        assert (total.open, total.overdue, total.unowned) == (8, 3, 2)


def layout(view: View, query: str = "", actor: int | None = SAM) -> list[tuple[str, str, list[int], str]]:
    """Each heading of `view` as (key, title, the ids under it, what an empty heading says)."""
    found = views.build_view(view, built(snap()), actor, query)
    return [(g.key, g.title, ids(g.rows), g.empty) for g in found.groups]


class TestBuildView:
    def test_view_1_is_one_heading_per_young_person_quiet_ones_too(self) -> None:
        assert layout(View.BY_YOUNG_PERSON) == [
            (f"yp-{RILEY}", "Riley Tanaka", [3, 4, 8], ""),
            (f"yp-{JORDAN}", "Jordan Mills", [1, 7, 2], ""),
            (f"yp-{CASEY}", "Casey Doyle", [5, 6], ""),
            (f"yp-{ALEX}", "Alex Rowe", [], ""),
        ]
        found = views.build_view(View.BY_YOUNG_PERSON, built(snap()))
        assert not found.flat and (found.shown, found.total) == (8, 8)
        assert found.groups[1].young_person is not None and found.groups[1].worst is Urgency.OVERDUE

    def test_a_filter_keeps_matching_people_and_says_when_nothing_matches(self) -> None:
        assert layout(View.BY_YOUNG_PERSON, "football") == [(f"yp-{RILEY}", "Riley Tanaka", [8], "")]
        assert layout(View.BY_YOUNG_PERSON, "zebra") == [
            ("g-no-match", "No match", [], "nothing matches the filter 'zebra'")
        ]
        found = views.build_view(View.TRIAGE, built(snap()), SAM, "riley")
        assert (found.shown, found.total) == (3, 8)

    def test_single_heading_views_and_what_an_empty_one_means(self) -> None:
        assert layout(View.TRIAGE) == [("g-triage", "Triage order", [3, 5, 1, 7, 4, 2, 8, 6], "nothing open")]
        assert layout(View.OVERDUE) == [("g-overdue", "Overdue", [3, 5, 1], "nothing is overdue")]
        assert layout(View.UNOWNED) == [("g-unowned", "Unowned", [3, 7], "every repair has an owner")]
        assert layout(View.OVERDUE, "zebra") == [("g-overdue", "Overdue", [], "nothing matches the filter 'zebra'")]
        assert views.build_view(View.TRIAGE, built(snap())).flat

    def test_mine_puts_what_was_given_to_you_on_top(self) -> None:
        assert layout(View.MINE) == [
            ("g-accept", "Yours to accept (c)", [6], ""),
            ("g-mine", "Yours", [1, 8], "you own no open repair"),
        ]
        assert layout(View.MINE, actor=DEV) == [("g-mine", "Yours", [2], "you own no open repair")]
        assert layout(View.MINE, actor=None) == [
            ("g-mine", "Yours", [], "nobody is signed in at this keyboard: press w")
        ]

    def test_leaving_is_one_heading_per_owner_with_their_shift(self) -> None:
        assert layout(View.LEAVING) == [
            (f"g-owner-{MORGAN}", "Morgan Blake", [5], ""),
            (f"g-owner-{PRIYA}", "Priya Shah", [4], ""),
        ]
        at_nine = views.build_view(View.LEAVING, built(snap(), NOW + timedelta(hours=1)))
        sam = next(g for g in at_nine.groups if g.key == f"g-owner-{SAM}")
        assert (sam.owner_shift, sam.owner_shift_ends, ids(sam.rows)) == (
            ShiftState.LEAVING,
            NOW.replace(hour=22),
            [1, 8, 6],
        )
        everyone_on = snap(RUPTURES[:2])  # Sam (late) and Dev (night) are both on for hours yet
        assert [(g.key, g.empty) for g in views.build_view(View.LEAVING, built(everyone_on)).groups] == [
            ("g-leaving", "every owner is on shift for more than an hour")
        ]


class TestFilter:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", [3, 5, 1, 7, 4, 2, 8, 6]),
            ("jordan", [1, 7, 2]),
            ("JORDAN mills", [1, 7, 2]),
            ("okafor", [7, 2]),  # owner of 2 and adult in 2 and 7
            ("priya", [4, 6]),  # owner of 4, adult in 6
            ("morgan", [3, 5]),
            ("restraint", [2]),
            ("broken promise", [4]),
            ("limit-testing", [6]),
            ("serious", [5, 4, 2]),
            ("planned", [4]),
            ("attempted", [6]),
            ("unowned", [3, 7]),
            ("awaiting acceptance", [4, 6]),
            ("lapsed", [4]),
            ("football", [8]),
            ("tea", [1]),
            ("#3", [3]),
            ("riley quiet", [3]),
            ("zebra", []),
        ],
    )
    def test_filter_text(self, query: str, expected: list[int]) -> None:
        assert ids(views.filter_text(views.triage(built(snap())), query)) == expected

    def test_filter_sections_keeps_matching_lines_and_drops_the_rest(self) -> None:
        found = views.filter_sections(views.by_young_person(built(snap())), "sam")
        assert [(s.young_person.name, ids(s.lines)) for s in found] == [
            ("Riley Tanaka", [4, 8]),
            ("Jordan Mills", [1, 2]),
            ("Casey Doyle", [6]),
        ]
        everyone = views.filter_sections(views.by_young_person(built(snap())), "  ")
        assert len(everyone) == 4


class TestLapsed:
    def test_lapsed_once_the_by_when_has_passed(self) -> None:
        planned = replace(RUPTURES[3], next_step_due=NOW)
        assert not views.lapsed(planned, NOW)
        assert views.lapsed(planned, NOW + timedelta(seconds=1))
        assert not views.lapsed(replace(planned, next_step_due=None), NOW + timedelta(days=9))
        assert not views.lapsed(replace(planned, status=Status.REPAIRED), NOW + timedelta(days=9))


class TestHandoverSummary:
    def test_at_eight_in_the_evening(self) -> None:
        summary = handover.handover_summary(snap(), NOW, TZ)
        assert (summary.going_off.label(TZ), summary.coming_on.label(TZ)) == (
            "late 14:00-22:00",
            "waking night 22:00-07:00",
        )
        assert [s.staff.name for s in summary.staff_going_off] == ["Sam Kell"]
        assert [s.staff.name for s in summary.staff_coming_on] == ["Dev Okafor"]
        assert [(s.young_person.name, ids(s.lines)) for s in summary.by_young_person] == [
            ("Riley Tanaka", [3, 4, 8]),
            ("Jordan Mills", [1, 7, 2]),
            ("Casey Doyle", [5, 6]),
        ]
        assert summary.quiet == ("Alex Rowe",)
        assert [(g.owner.name, g.state, ids(g.rows)) for g in summary.leaving] == [
            ("Morgan Blake", ShiftState.OFF, [5]),
            ("Priya Shah", ShiftState.OFF, [4]),
        ]
        assert ids(summary.unowned) == [3, 7]
        assert ids(summary.overdue) == [3, 5, 1]
        assert ids(summary.awaiting_acceptance) == [4, 6]
        assert [(i.rupture_id, i.clock.clock.value, i.clock.state) for i in summary.reg35] == [
            (2, "record", ClockState.DUE),
            (2, "manager", ClockState.DUE),
            (2, "child", ClockState.DUE),
        ]
        assert summary.repaired == () and summary.last_handover is None
        assert summary.counts() == {
            "open": 8,
            "overdue": 3,
            "unowned": 2,
            "awaiting_acceptance": 2,
            "leaving": 2,
            "reg35_outstanding": 1,
            "repaired": 0,
        }

    def test_the_record_kept_is_ids_and_counts(self) -> None:
        record = handover.handover_summary(snap(), NOW, TZ).record()
        assert record["going_off"] == {
            "shift": "late",
            "start": "2026-11-27T14:00:00+00:00",
            "end": "2026-11-27T22:00:00+00:00",
        }
        assert record["open"] == [3, 5, 1, 7, 4, 2, 8, 6]
        assert record["leaving"] == {str(MORGAN): [5], str(PRIYA): [4]}
        assert (record["staff_going_off"], record["staff_coming_on"]) == ([SAM], [DEV])
        assert record["counts"]["open"] == 8
