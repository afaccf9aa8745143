"""What the board shows: one section per young person (alphabetical, quiet ones too), oldest first, every row
built once per snapshot, and totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handover.domain.board import board_rows, sections
from handover.domain.enums import RuptureKind, Severity, Status, Urgency
from handover.domain.models import BoardSnapshot, HomeSettings, Rupture, StaffMember, YoungPerson

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
RILEY, JORDAN, CASEY, ALEX = 1, 2, 3, 4
SAM, PRIYA = 10, 11


def rupture(rid: int, person: int, hours_ago: float, owner: int | None = SAM, **extra: object) -> Rupture:
    at = NOW - timedelta(hours=hours_ago)
    return Rupture(
        id=rid,
        young_person_id=person,
        adult_ids=(SAM, PRIYA) if rid % 2 else (SAM,),
        occurred_at=at,
        recorded_at=at,
        recorded_by=SAM,
        kind=RuptureKind.WITHDRAWAL,
        severity=Severity.MINOR,
        what_happened=extra.pop("what", f"  Rupture {rid} first line\nmore detail"),  # type: ignore[arg-type]
        owner_id=owner,
        updated_at=at,
        updated_by=SAM,
        **extra,  # type: ignore[arg-type]
    )


def snapshot(*ruptures: Rupture) -> BoardSnapshot:
    return BoardSnapshot(
        settings=HomeSettings(home_name="Larch House"),
        young_people=(
            YoungPerson(id=RILEY, name="Riley Tanaka"),
            YoungPerson(id=JORDAN, name="jordan Mills"),
            YoungPerson(id=CASEY, name="Casey Doyle"),
        ),
        staff={SAM: StaffMember(id=SAM, name="Sam Kell"), PRIYA: StaffMember(id=PRIYA, name="Priya Shah")},
        open_ruptures=ruptures,
    )


def test_sections_alphabetical_ignoring_case_with_quiet_people() -> None:
    result = sections(snapshot(rupture(1, RILEY, 2)), NOW)
    assert [s.young_person.name for s in result] == ["Casey Doyle", "jordan Mills", "Riley Tanaka"]
    quiet = result[0]
    assert quiet.lines == () and quiet.oldest is None and quiet.worst is None


def test_lines_oldest_first_with_wait_and_worst_urgency() -> None:
    snap = snapshot(rupture(1, JORDAN, 3), rupture(2, JORDAN, 50), rupture(3, JORDAN, 30), rupture(4, RILEY, 1))
    jordan = next(s for s in sections(snap, NOW) if s.young_person.id == JORDAN)
    assert [line.rupture.id for line in jordan.lines] == [2, 3, 1]
    assert [line.urgency for line in jordan.lines] == [Urgency.OVERDUE, Urgency.DUE_SOON, Urgency.FRESH]
    assert jordan.oldest == timedelta(hours=50)
    assert jordan.worst is Urgency.OVERDUE


def test_same_moment_ordered_by_id() -> None:
    snap = snapshot(rupture(9, CASEY, 5), rupture(8, CASEY, 5))
    casey = next(s for s in sections(snap, NOW) if s.young_person.id == CASEY)
    assert [line.rupture.id for line in casey.lines] == [8, 9]


def test_line_names_adults_owner_and_first_line() -> None:
    line = sections(snapshot(rupture(1, RILEY, 2)), NOW)[-1].lines[0]
    assert line.young_person == "Riley Tanaka"
    assert line.adults == "Sam Kell, Priya Shah"
    assert line.owner == "Sam Kell"
    assert line.first_line == "Rupture 1 first line"


def test_unowned_and_blank_text() -> None:
    line = sections(snapshot(rupture(2, RILEY, 2, owner=None, what="   ")), NOW)[-1].lines[0]
    assert line.owner is None
    assert line.first_line == ""


def test_open_rupture_of_a_leaver_stays_visible() -> None:
    result = sections(snapshot(rupture(1, ALEX, 10)), NOW)
    assert len(result) == 4
    leaver = next(s for s in result if s.young_person.id == ALEX)
    assert [line.rupture.id for line in leaver.lines] == [1]
    assert leaver.young_person.active is False


def test_summary_counts_open_overdue_unowned() -> None:
    snap = snapshot(
        rupture(1, JORDAN, 50),
        rupture(2, JORDAN, 49, owner=None),
        rupture(3, RILEY, 30, owner=None),
        rupture(4, CASEY, 1, status=Status.PLANNED),
    )
    total = board_rows(snap, NOW).summary()
    assert (total.open, total.overdue, total.unowned) == (4, 2, 2)


def test_summary_of_a_quiet_home() -> None:
    total = board_rows(snapshot(), NOW).summary()
    assert (total.open, total.overdue, total.unowned) == (0, 0, 0)


def test_rows_are_built_once_and_shared_by_the_sections() -> None:
    snap = snapshot(rupture(1, JORDAN, 3), rupture(2, RILEY, 50), rupture(3, JORDAN, 30))
    board = board_rows(snap, NOW)
    in_sections = [line for s in board.sections for line in s.lines]
    assert [row.rupture.id for row in board.rows] == [3, 1, 2]  # Jordan's oldest first, then Riley's
    assert all(a is b for a, b in zip(board.rows, in_sections, strict=True))
    assert board.now == NOW and board.snapshot is snap


def test_an_owner_who_left_the_staff_list_shows_unowned_but_keeps_the_row() -> None:
    line = board_rows(snapshot(rupture(1, RILEY, 2, owner=99)), NOW).rows[0]
    assert line.owner is None and line.rupture.owner_id == 99
    assert line.adults == "Sam Kell, Priya Shah"
