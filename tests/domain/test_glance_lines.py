"""The glance's lines on fixed data: initials without dots, most pressing first, owners once each (the most
pressing first), unowned counted, quiet young people last, a leaver only while something is open, the
names mode, off mode, and the pattern mark. Nothing here can carry free text: a line has no field for it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from handover.domain.board import board_rows
from handover.domain.enums import GlanceMode, RuptureKind, Severity, Status, Urgency
from handover.domain.glance import GlanceLine, glance_of, shown
from handover.domain.models import BoardSnapshot, HomeSettings, Rupture, StaffMember, YoungPerson

NOW = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
SAM, PRIYA, DEV = 10, 11, 12
STAFF = {
    SAM: StaffMember(id=SAM, name="Sam Kell"),
    PRIYA: StaffMember(id=PRIYA, name="Priya Shah"),
    DEV: StaffMember(id=DEV, name="Dev Okafor"),
}
CASEY, JORDAN, RILEY, ALEX, LEFT = 1, 2, 3, 4, 5
PEOPLE = (
    YoungPerson(id=CASEY, name="Casey Quinn"),
    YoungPerson(id=JORDAN, name="Jordan  Mills"),
    YoungPerson(id=RILEY, name="riley tanaka"),
    YoungPerson(id=ALEX, name="Alex Ng"),
    YoungPerson(id=LEFT, name="Robin Hale", active=False),
)


def rupture(rid: int, person: int, hours: float, owner: int | None = SAM) -> Rupture:
    at = NOW - timedelta(hours=hours)
    return Rupture(
        id=rid,
        young_person_id=person,
        adult_ids=(SAM,),
        occurred_at=at,
        recorded_at=at,
        recorded_by=SAM,
        kind=RuptureKind.HARSH_TONE,
        severity=Severity.MINOR,
        what_happened="I raised my voice at Casey during tea.",
        owner_id=owner,
        status=Status.OPEN,
        updated_at=at,
        updated_by=SAM,
    )


def snapshot(*ruptures: Rupture, people: tuple[YoungPerson, ...] = PEOPLE) -> BoardSnapshot:
    return BoardSnapshot(
        settings=HomeSettings(home_name="Larch House"),
        young_people=people,
        staff=STAFF,
        open_ruptures=ruptures,
    )


def test_initials_are_capitals_without_dots() -> None:
    assert shown("Casey Quinn", GlanceMode.INITIALS) == "CQ"
    assert shown("riley tanaka", GlanceMode.INITIALS) == "RT"
    assert shown("Jordan  Mills", GlanceMode.NAMES) == "Jordan Mills"


def test_most_pressing_first_then_the_longest_wait_then_quiet_by_name() -> None:
    board = board_rows(
        snapshot(
            rupture(1, JORDAN, hours=30),  # due soon
            rupture(2, RILEY, hours=50),  # overdue
            rupture(3, CASEY, hours=60),  # overdue, and longer
            rupture(4, CASEY, hours=2, owner=None),
        ),
        NOW,
    )
    glance = glance_of(board, GlanceMode.INITIALS)
    assert [line.shown_name for line in glance.lines] == ["CQ", "RT", "JM", "AN"]
    casey = glance.lines[0]
    assert (casey.open, casey.longest, casey.urgency, casey.unowned) == (2, timedelta(hours=60), Urgency.OVERDUE, 1)
    alex = glance.lines[-1]
    assert alex.quiet and alex.longest is None and alex.urgency is None and alex.owners == ()
    # The leaver has nothing open, so is not on the glance at all.
    assert all(line.young_person_id != LEFT for line in glance.lines)
    assert (glance.summary.open, glance.summary.overdue, glance.summary.unowned) == (4, 2, 1)


def test_owners_once_each_the_most_pressing_first() -> None:
    board = board_rows(
        snapshot(
            rupture(1, JORDAN, hours=3, owner=PRIYA),
            rupture(2, JORDAN, hours=55, owner=DEV),
            rupture(3, JORDAN, hours=26, owner=PRIYA),
            rupture(4, JORDAN, hours=1, owner=None),
            rupture(5, JORDAN, hours=2, owner=None),
        ),
        NOW,
    )
    jordan = glance_of(board, GlanceMode.INITIALS).lines[0]
    assert jordan.owners == ("DO", "PS")
    assert jordan.unowned == 2
    names = glance_of(board, GlanceMode.NAMES).lines[0]
    assert (names.shown_name, names.owners) == ("Jordan Mills", ("Dev Okafor", "Priya Shah"))


def test_a_leaver_is_listed_while_a_rupture_of_theirs_is_open() -> None:
    board = board_rows(snapshot(rupture(1, LEFT, hours=5)), NOW)
    assert [line.shown_name for line in glance_of(board, GlanceMode.INITIALS).lines][0] == "RH"


def test_off_shows_nothing_at_all() -> None:
    board = board_rows(snapshot(rupture(1, JORDAN, hours=50)), NOW)
    off = glance_of(board, GlanceMode.OFF)
    assert off.lines == () and off.summary.open == 0


def test_patterns_are_marked_by_id_only() -> None:
    board = board_rows(snapshot(rupture(1, JORDAN, hours=5)), NOW)
    marked = {line.shown_name: line.pattern for line in glance_of(board, GlanceMode.INITIALS, {RILEY}).lines}
    assert marked == {"JM": False, "RT": True, "AN": False, "CQ": False}


def test_a_glance_line_has_nowhere_to_put_text() -> None:
    # The glance is for anyone walking past: no field of a line can hold what happened, a plan or a note.
    fields = {f.name for f in dataclasses.fields(GlanceLine)}
    assert fields == {"young_person_id", "shown_name", "open", "longest", "urgency", "owners", "unowned", "pattern"}
