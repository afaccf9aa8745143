"""The column planner, as a table of cases: the width there is and what the cells need, in; which columns show
and how wide, out. Then the board's own columns at the widths the office screens have."""

from __future__ import annotations

import pytest

from widgets.column_plan import ColumnRule, Need, Planned, plan_columns
from widgets.view_cells import COLUMN_RULES

RULES = (
    ColumnRule("name", floor=6),
    ColumnRule("age"),  # never squeezed, never dropped
    ColumnRule("kind", drop=1, optional=True),
    ColumnRule("owner", floor=4, comfortable=10),
    ColumnRule("status", floor=5, comfortable=8, drop=2),
    ColumnRule("what", floor=8, comfortable=20, flex=True),
)

NEEDS = {
    "name": Need(12),
    "age": Need(5),
    "kind": Need(9),
    "owner": Need(16, floor=6),
    "status": Need(12),
    "what": Need(40),
}


def widths(plan: tuple[Planned, ...]) -> dict[str, int]:
    return {p.key: p.width for p in plan}


#: (what the case shows, the table's width, the widths expected; padding is one cell each side)
CASES: list[tuple[str, int, dict[str, int]]] = [
    (
        # everything at its widest (12+5+9+16+12+40 = 94, + 12 padding = 106): the flexible column takes the rest
        "room for every cell",
        120,
        {"name": 12, "age": 5, "kind": 9, "owner": 16, "status": 12, "what": 54},
    ),
    (
        # 106 exactly: every column at its widest, nothing over
        "exactly room for every cell",
        106,
        {"name": 12, "age": 5, "kind": 9, "owner": 16, "status": 12, "what": 40},
    ),
    (
        # comfortable with kind: 12+5+9+10+8+20 = 64, + 12 = 76, fits in 90. From the floors (6+5+9+6+5+8 = 39,
        # + 12 = 51), the 39 over go: 25 to make every column comfortable, 10 to owner and status up to their
        # widest cells, and the last 4 to what
        "comfortable, then the widest cells, then the rest to the flexible column",
        90,
        {"name": 12, "age": 5, "kind": 9, "owner": 16, "status": 12, "what": 24},
    ),
    (
        "exactly comfortable",
        76,
        {"name": 12, "age": 5, "kind": 9, "owner": 10, "status": 8, "what": 20},
    ),
    (
        # 75: not comfortable with kind, so the optional column drops out before anything is squeezed; the
        # room it leaves takes owner and status to their widest cells
        "an optional column drops out before anything is squeezed",
        75,
        {"name": 12, "age": 5, "owner": 16, "status": 12, "what": 20},
    ),
    (
        # without kind, the floors are 6+5+6+5+8 = 30, + 10 = 40: the 20 over are shared a cell at a time, so
        # status (+3) and owner (+4) reach their comfortable widths, and name (+6) and what (+7) share the rest
        "squeezed: every column grows toward comfortable side by side",
        60,
        {"name": 12, "age": 5, "owner": 10, "status": 8, "what": 15},
    ),
    (
        "every column at its floor",
        40,
        {"name": 6, "age": 5, "owner": 6, "status": 5, "what": 8},
    ),
    (
        # 39: the floors do not fit, so status (droppable, not optional) goes too; the 6 cells it leaves are
        # shared by name, owner and what, a cell at a time to whichever has grown least
        "a droppable column goes only when the floors do not fit",
        39,
        {"name": 8, "age": 5, "owner": 8, "what": 10},
    ),
    (
        # 20: nothing more may drop; the columns stay at their floors and the table scrolls sideways
        "narrower than the floors of what must stay",
        20,
        {"name": 6, "age": 5, "owner": 6, "what": 8},
    ),
]


@pytest.mark.parametrize(("width", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_plan(width: int, expected: dict[str, int]) -> None:
    plan = plan_columns(width, RULES, NEEDS)
    assert widths(plan) == expected
    assert [p.key for p in plan] == [r.key for r in RULES if r.key in expected]  # the rules' order kept
    used = sum(w + 2 for w in expected.values())
    assert used == width or (used > width and width < 40)  # the whole width, no more, whenever it can fit


def test_the_flexible_column_has_its_floor_even_when_its_cells_are_short() -> None:
    plan = widths(plan_columns(80, RULES, {**NEEDS, "what": Need(3)}))
    assert plan["what"] == 80 - sum(w + 2 for k, w in plan.items() if k != "what") - 2
    assert plan["what"] >= 8


def test_a_column_is_never_wider_than_its_cells_but_the_flexible_one() -> None:
    plan = widths(plan_columns(300, RULES, NEEDS))
    assert all(plan[k] == NEEDS[k].natural for k in plan if k != "what")


def test_a_cells_floor_keeps_what_must_show() -> None:
    # Each owner's first name is 9 cells: the owner column is never squeezed below it, whatever the rule says.
    plan = widths(plan_columns(36, RULES, {**NEEDS, "owner": Need(16, floor=9)}))
    assert plan == {"name": 6, "age": 5, "owner": 9, "what": 8}  # the floors, status gone to make room


def test_it_shrinks_again_when_the_cells_are_narrower() -> None:
    wide = widths(plan_columns(120, RULES, {**NEEDS, "owner": Need(40), "status": Need(30)}))
    narrow = widths(plan_columns(120, RULES, NEEDS))
    assert (wide["owner"], wide["status"]) > (narrow["owner"], narrow["status"]) == (16, 12)
    assert narrow["what"] > wide["what"]


# -- the board's own columns ------------------------------------------------------------------------------
#: The demo's widest cells, in view 1 (owner marks "(off) ⧗ not accepted", status "planned · lapsed · reg 35").
DEMO = {
    "who": Need(15),
    "waited": Need(8),
    "urgency": Need(10),
    "kind": Need(14),
    "owner": Need(35, floor=9),
    "status": Need(35, floor=9),
    "what": Need(70),
    "adults": Need(33),
}


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (78, ["who", "waited", "urgency", "owner", "what"]),  # 80 columns, with a scrollbar
        (84, ["who", "waited", "urgency", "owner", "status", "what"]),  # the status is back from 84
        (118, ["who", "waited", "urgency", "owner", "status", "what"]),
        (198, ["who", "waited", "urgency", "kind", "owner", "status", "what", "adults"]),
    ],
)
def test_the_boards_columns(width: int, shown: list[str]) -> None:
    plan = widths(plan_columns(width, COLUMN_RULES, DEMO))
    assert list(plan) == shown
    assert sum(w + 2 for w in plan.values()) == width  # fits: no sideways scrolling
    assert plan["waited"] == 8 and plan["urgency"] == 10  # never squeezed
    assert plan["owner"] >= 9 and plan["what"] >= 20  # first names, and the start of what happened
