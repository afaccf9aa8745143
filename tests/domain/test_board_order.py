"""The triage rule (view 2) and view 1's order of young people, each as a table of cases on fixed data.

The triage rule, step by step (docs/HANDOVER.md): urgency first; at the same urgency, unowned before owned,
then a lapsed plan or next try, then owned with no step yet, then a step in hand; then severity; then the
longest wait; then the number. View 1: whoever's most urgent open rupture is most pressing first (overdue,
then due soon), then the longest wait; nobody-open lines last; alphabetical when the home says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from handover.domain import views
from handover.domain.board import board_rows
from handover.domain.enums import BoardOrder, RuptureKind, Severity, Status
from handover.domain.models import BoardSnapshot, HomeSettings, Rupture, StaffMember, YoungPerson
from handover.domain.views import Attention, View

NOW = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
OWNER = 10
STAFF = {OWNER: StaffMember(id=OWNER, name="Sam Kell"), 11: StaffMember(id=11, name="Priya Shah")}


@dataclass(frozen=True)
class Case:
    """One open rupture, as little as the rule looks at."""

    hours: float
    """How long ago it happened (the home's thresholds: due soon at 24 h, overdue at 48 h)."""
    owned: bool = True
    step: str | None = None
    """None: no next step; "planned" or "tried": a plan or a next try."""
    due_in_hours: float | None = None
    """When the step is due, from now (negative: it has lapsed); None: no "by when"."""
    severity: Severity = Severity.MINOR


def make(rid: int, case: Case, person: int = 1) -> Rupture:
    at = NOW - timedelta(hours=case.hours)
    status = {None: Status.OPEN, "planned": Status.PLANNED, "tried": Status.ATTEMPTED}[case.step]
    due = NOW + timedelta(hours=case.due_in_hours) if case.due_in_hours is not None else None
    return Rupture(
        id=rid,
        young_person_id=person,
        adult_ids=(OWNER,),
        occurred_at=at,
        recorded_at=at,
        recorded_by=OWNER,
        kind=RuptureKind.HARSH_TONE,
        severity=case.severity,
        what_happened="I raised my voice.",
        owner_id=OWNER if case.owned else None,
        status=status,
        next_step={None: None, "planned": "Talk on the walk to school", "tried": "try again"}[case.step],
        next_step_due=due,
        updated_at=at,
        updated_by=OWNER,
    )


def snapshot(ruptures: tuple[Rupture, ...], people: tuple[YoungPerson, ...], **settings: object) -> BoardSnapshot:
    return BoardSnapshot(
        settings=HomeSettings(home_name="Larch House", **settings),  # type: ignore[arg-type]
        young_people=people,
        staff=STAFF,
        open_ruptures=ruptures,
    )


ONE = (YoungPerson(id=1, name="Jordan Mills"),)

#: (what the case shows, the rupture that must come first, the one that must come after it)
TRIAGE_CASES: list[tuple[str, Case, Case]] = [
    # 1. urgency
    ("overdue before due soon", Case(49), Case(47, owned=False, severity=Severity.SERIOUS)),
    ("due soon before fresh", Case(25), Case(23, owned=False, severity=Severity.SERIOUS)),
    (
        "the issue's case: unowned and due soon (1 d 20 h) before fresh and planned (14 h)",
        Case(44, owned=False),
        Case(14, step="planned", due_in_hours=10, severity=Severity.SERIOUS),
    ),
    # 2. who needs to act, at the same urgency
    ("unowned before owned", Case(30, owned=False), Case(40, severity=Severity.SERIOUS)),
    ("unowned before a lapsed plan", Case(30, owned=False), Case(40, step="planned", due_in_hours=-1)),
    ("a lapsed plan before an active plan", Case(30, step="planned", due_in_hours=-1), Case(40, step="planned")),
    ("a lapsed next try before an active plan", Case(26, step="tried", due_in_hours=-3), Case(46, step="planned")),
    ("a lapsed plan before owned with no step yet", Case(30, step="planned", due_in_hours=-1), Case(40)),
    ("no step yet before a step in hand", Case(30), Case(40, step="tried", due_in_hours=5)),
    (
        "a plan due later is in hand like one with no by-when",
        Case(40, step="planned"),
        Case(30, step="planned", due_in_hours=9),
    ),
    # 3. severity
    ("serious before minor", Case(30, severity=Severity.SERIOUS), Case(40)),
    ("significant before minor", Case(2, severity=Severity.SIGNIFICANT), Case(20)),
    # 4. the longest wait
    ("the longest wait first", Case(47), Case(25)),
    ("the longest wait first, overdue", Case(120, owned=False), Case(50, owned=False)),
    ("the longest wait first, both planned", Case(20, step="planned"), Case(3, step="planned")),
]


@pytest.mark.parametrize(("first", "then"), [(c[1], c[2]) for c in TRIAGE_CASES], ids=[c[0] for c in TRIAGE_CASES])
def test_triage_rule(first: Case, then: Case) -> None:
    # Given in both orders, so the rule (not the input order) decides.
    for ruptures in ((make(1, first), make(2, then)), (make(2, then), make(1, first))):
        rows = views.triage(board_rows(snapshot(ruptures, ONE), NOW))
        assert [row.rupture.id for row in rows] == [1, 2]


def test_triage_ties_go_by_number() -> None:
    same = Case(30)
    rows = views.triage(board_rows(snapshot((make(9, same), make(4, same)), ONE), NOW))
    assert [row.rupture.id for row in rows] == [4, 9]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (Case(30, owned=False), Attention.UNOWNED),
        (Case(30, owned=False, step="planned", due_in_hours=-1), Attention.UNOWNED),
        (Case(30, step="planned", due_in_hours=-1), Attention.LAPSED),
        (Case(30), Attention.NO_STEP),
        (Case(30, step="planned"), Attention.STEP_IN_HAND),
        (Case(30, step="tried", due_in_hours=2), Attention.STEP_IN_HAND),
    ],
)
def test_attention(case: Case, expected: Attention) -> None:
    (row,) = board_rows(snapshot((make(1, case),), ONE), NOW).rows
    assert views.attention(row) is expected


# -- view 1 -----------------------------------------------------------------------------------------------
PEOPLE = (
    YoungPerson(id=1, name="Alex Rowe"),
    YoungPerson(id=2, name="Casey Doyle"),
    YoungPerson(id=3, name="jordan Mills"),
    YoungPerson(id=4, name="Riley Tanaka"),
)

#: (what the case shows, each person's open ruptures by hours waited, the order of names view 1 shows)
ORDER_CASES: list[tuple[str, dict[int, list[float]], list[str]]] = [
    (
        "the longest overdue first, quiet ones last by name",
        {2: [50], 3: [100, 2], 4: [49]},
        ["jordan Mills", "Casey Doyle", "Riley Tanaka", "Alex Rowe"],
    ),
    (
        "overdue before due soon, due soon before fresh",
        {1: [5], 2: [30], 3: [48.5]},
        ["jordan Mills", "Casey Doyle", "Alex Rowe", "Riley Tanaka"],
    ),
    (
        "the most pressing rupture counts, not how many",
        {1: [1, 2, 3, 4, 5], 4: [26]},
        ["Riley Tanaka", "Alex Rowe", "Casey Doyle", "jordan Mills"],
    ),
    ("the same wait: by name", {4: [30], 2: [30]}, ["Casey Doyle", "Riley Tanaka", "Alex Rowe", "jordan Mills"]),
    ("nobody has anything open: by name", {}, ["Alex Rowe", "Casey Doyle", "jordan Mills", "Riley Tanaka"]),
]


def order_snapshot(open_by_person: dict[int, list[float]], **settings: object) -> BoardSnapshot:
    ruptures, rid = [], 0
    for person, waits in open_by_person.items():
        for hours in waits:
            rid += 1
            ruptures.append(make(rid, Case(hours), person))
    return snapshot(tuple(ruptures), PEOPLE, **settings)


@pytest.mark.parametrize(("found", "names"), [(c[1], c[2]) for c in ORDER_CASES], ids=[c[0] for c in ORDER_CASES])
def test_view_1_most_pressing_first(found: dict[int, list[float]], names: list[str]) -> None:
    board = board_rows(order_snapshot(found), NOW)
    assert [s.young_person.name for s in views.by_young_person(board)] == names
    assert [g.title for g in views.build_view(View.BY_YOUNG_PERSON, board).groups] == names


def test_view_1_alphabetical_when_the_home_says_so() -> None:
    board = board_rows(order_snapshot({2: [50], 3: [100, 2], 4: [49]}, board_order=BoardOrder.ALPHABETICAL), NOW)
    assert [g.title for g in views.build_view(View.BY_YOUNG_PERSON, board).groups] == [
        "Alex Rowe",
        "Casey Doyle",
        "jordan Mills",
        "Riley Tanaka",
    ]


def test_view_1_lines_longest_wait_first_and_flattened_in_the_same_order() -> None:
    board = board_rows(order_snapshot({2: [5, 50], 3: [100, 2]}), NOW)
    view = views.build_view(View.BY_YOUNG_PERSON, board)
    waited = [[round(row.waited.total_seconds() / 3600) for row in g.rows] for g in view.groups if g.rows]
    assert waited == [[100, 2], [50, 5]]
    assert [row.rupture.id for row in views.view_rows(View.BY_YOUNG_PERSON, board)] == [
        row.rupture.id for row in view.rows
    ]


def test_the_setting_reads_from_the_settings_table_text() -> None:
    assert HomeSettings.from_stored({"home_name": "x"}).board_order is BoardOrder.URGENCY
    chosen = HomeSettings.from_stored({"home_name": "x", "board_order": "alphabetical"})
    assert chosen.board_order is BoardOrder.ALPHABETICAL
    with pytest.raises(ValueError):
        HomeSettings.from_stored({"home_name": "x", "board_order": "by height"})
