"""RuptureBoard's keyed diff on the board's real path (snapshot -> `board_rows` -> `build_view` -> `show_view`,
as the board screen calls them), on a real database: rows removed in one pass, columns sized to the cells
shown (narrowing again when the wide ones go), and the cells of unchanged ruptures kept (not rebuilt) between
refreshes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult

from handover.clock import FrozenClock
from handover.domain.board import board_rows
from handover.domain.enums import RuptureKind
from handover.domain.models import BoardSnapshot, StaffMember
from handover.domain.names import initials_mask
from handover.domain.views import View, build_view
from handover.service import Service
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard

TZ = ZoneInfo("Europe/London")


class BoardOnly(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.left: list[RuptureBoard.RuptureLeft] = []

    def compose(self) -> ComposeResult:
        yield RuptureBoard(id="board")

    def on_rupture_board_rupture_left(self, message: RuptureBoard.RuptureLeft) -> None:
        self.left.append(message)


def show(board: RuptureBoard, snapshot: BoardSnapshot, now: datetime, view: View = View.BY_YOUNG_PERSON) -> None:
    """What the board screen does with a snapshot (`BoardScreen._show_view`), the table's part of it."""
    board.show_view(build_view(view, board_rows(snapshot, now)), TZ)


def keys(board: RuptureBoard) -> list[str]:
    return [str(r.key.value) for r in board.ordered_rows]


def cells(board: RuptureBoard, key: str) -> dict[str, str]:
    """Row `key`'s cells shown, by column key."""
    return {
        str(column.value): str(getattr(cell, "plain", cell))
        for column, cell in zip(board.columns, board.get_row(key), strict=True)
    }


def drawn(board: RuptureBoard) -> str:
    return "\n".join(strip.text for strip in board.render_lines(board.region))


def record(service: Service, home: Home, hours_ago: float, what: str) -> int:
    at = service.clock.now() - timedelta(hours=hours_ago)
    return service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, what, at).id


async def test_rows_go_come_and_change_in_one_show_and_the_cursor_stays_on_its_row(
    service: Service, home: Home, clock: FrozenClock
) -> None:
    ours = [record(service, home, 10 - i, f"rupture {i}") for i in range(8)]  # oldest first on the board
    app = BoardOnly()
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        now = clock.now()
        show(board, service.store.board(), now)
        await pilot.pause()
        jordan = f"yp-{home.jordan.id}"
        # Jordan, with ruptures open, comes first; Casey and Riley, with none, after, by name.
        assert keys(board) == [jordan, *[f"r-{i}" for i in ours], f"yp-{home.casey.id}", f"yp-{home.riley.id}"]
        board.move_cursor(row=keys(board).index(f"r-{ours[4]}"), animate=False)

        # The first, a middle and the last rupture go; two come; one changes; the order is the board's.
        for gone in (ours[0], ours[3], ours[7]):
            service.mark_repaired(home.sam, gone, "I said sorry for shouting")
        new = [record(service, home, 0.5, "new one"), record(service, home, 0.2, "newer one")]
        service.assign_owner(home.sam, ours[2], home.priya)
        show(board, service.store.board(), now)
        await pilot.pause()

        kept = [ours[1], ours[2], ours[4], ours[5], ours[6], *new]
        assert keys(board) == [jordan, *[f"r-{i}" for i in kept], f"yp-{home.casey.id}", f"yp-{home.riley.id}"]
        assert board.row_count == len(kept) + 3
        assert cells(board, f"r-{ours[2]}")["owner"] == "Priya Shah (off) ⧗ not accepted"
        assert (cells(board, f"r-{new[0]}")["who"], cells(board, f"r-{new[0]}")["waited"]) == (f"  #{new[0]}", "30 min")
        assert cells(board, jordan)["owner"] == f"{len(kept)} open"
        assert board.selected_key == f"r-{ours[4]}"
        for index, key in enumerate(keys(board)):  # every row can still be found by key and by index
            assert board.get_row_index(key) == index
        assert f"#{new[1]}" in drawn(board)

        # The cursor's rupture goes: the cursor moves to its young person's line and the board says so.
        service.mark_repaired(home.sam, ours[4], "We talked it through")
        show(board, service.store.board(), now)
        await pilot.pause()
        assert board.selected_key == jordan
        assert [(m.rupture_id, m.young_person) for m in app.left] == [(ours[4], "Jordan Mills")]


async def test_a_wider_cell_widens_its_column_and_the_column_narrows_when_it_goes(
    service: Service, home: Home, clock: FrozenClock, seeded: dict[str, int]
) -> None:
    snapshot = service.store.board()
    long_name = "Samuel Kell-Okonkwo-Barrington"
    renamed = {**snapshot.staff, home.sam.id: StaffMember(id=home.sam.id, name=long_name)}
    overdue = f"r-{seeded['jordan_overdue']}"
    app = BoardOnly()
    async with app.run_test(size=(200, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        show(board, snapshot, clock.now())
        await pilot.pause()
        narrow = board.shown_columns["owner"]
        assert narrow == len("Dev Okafor (off)")  # the widest owner cell

        # Sam's name changed (no rupture's version moved): his row shows it, and the column fits it.
        show(board, replace(snapshot, staff=renamed), clock.now())
        await pilot.pause()
        assert cells(board, overdue)["owner"] == f"{long_name} (off)"
        assert board.shown_columns["owner"] == len(f"{long_name} (off)") > narrow
        assert f"{long_name} (off)" in drawn(board)

        # ...and back: the column narrows again, and what happened has the width it gave up.
        what = board.shown_columns["what"]
        show(board, snapshot, clock.now())
        await pilot.pause()
        assert board.shown_columns["owner"] == narrow
        assert board.shown_columns["what"] > what
        assert cells(board, overdue)["owner"] == "Sam Kell (off)"
        assert long_name not in drawn(board)


async def test_unchanged_ruptures_keep_their_cells_and_a_changed_one_is_rebuilt(
    service: Service, home: Home, clock: FrozenClock, seeded: dict[str, int]
) -> None:
    app = BoardOnly()
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        now = clock.now()
        show(board, service.store.board(), now)
        await pilot.pause()
        before = {key: board.get_row(key) for key in keys(board) if key.startswith("r-")}

        def kept(key: str) -> bool:
            return all(a is b for a, b in zip(board.get_row(key), before[key], strict=True))

        # Thirty seconds later, from a fresh read, nothing shown has changed: the very same cell objects stay.
        show(board, service.store.board(), now + timedelta(seconds=30))
        await pilot.pause()
        assert all(kept(key) for key in before)

        # A new owner for one rupture (a new version): that row is rebuilt, the others are not.
        changed = seeded["riley_unowned"]
        service.assign_owner(home.priya, changed, home.priya)
        show(board, service.store.board(), now + timedelta(seconds=30))
        await pilot.pause()
        assert cells(board, f"r-{changed}")["owner"] == "Priya Shah (off)"
        assert {key: kept(key) for key in before} == {key: key != f"r-{changed}" for key in before}

        # An hour on, every waited time reads differently: every row is rebuilt.
        show(board, service.store.board(), now + timedelta(hours=1))
        await pilot.pause()
        assert not any(kept(key) for key in before)
        assert cells(board, f"r-{seeded['jordan_fresh']}")["waited"] == "3 h"


async def test_initials_only_cells_are_kept_too_and_turning_it_off_shows_names(
    service: Service, home: Home, clock: FrozenClock, seeded: dict[str, int]
) -> None:
    snapshot = service.store.board()
    names = tuple(p.name for p in snapshot.young_people) + tuple(s.name for s in snapshot.staff.values())
    overdue = f"r-{seeded['jordan_overdue']}"
    app = BoardOnly()
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        board.name_mask = initials_mask(names)
        show(board, snapshot, clock.now(), View.TRIAGE)
        await pilot.pause()
        assert (
            cells(board, overdue)["who"] == f"#{seeded['jordan_overdue']}  JM"
            and cells(board, overdue)["owner"] == "SK (off)"
        )
        first = board.get_row(overdue)
        show(board, snapshot, clock.now(), View.TRIAGE)
        assert all(a is b for a, b in zip(board.get_row(overdue), first, strict=True))

        board.name_mask = None
        show(board, snapshot, clock.now(), View.TRIAGE)
        await pilot.pause()
        assert cells(board, overdue)["who"] == f"#{seeded['jordan_overdue']}  Jordan Mills"
        assert cells(board, overdue)["owner"] == "Sam Kell (off)"


async def test_the_columns_fit_every_width_and_reflow_at_once_on_resize(
    service: Service, home: Home, clock: FrozenClock, seeded: dict[str, int]
) -> None:
    app = BoardOnly()
    async with app.run_test(size=(200, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        show(board, service.store.board(), clock.now())
        await pilot.pause()
        seen: dict[int, list[str]] = {}
        back: list[list[str]] = []
        for width in (200, 120, 80, 74, 100, 200):
            if width in seen:
                back.append(seen[width])
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            seen[width] = list(board.shown_columns)
            used = sum(w + 2 * board.cell_padding for w in board.shown_columns.values())
            assert used == board.size.width == width  # the whole width and no more: no sideways scrolling
            assert board.virtual_size.width <= board.size.width
            overdue = f"r-{seeded['jordan_overdue']}"
            row = drawn(board).splitlines()[board.get_row_index(overdue) + 1]
            for shown in (f"#{seeded['jordan_overdue']}", "2 d 2 h", "▲ overdue", "Sam", "I raised my voice"):
                assert shown in row, (width, row)
        assert seen[200] == ["who", "waited", "urgency", "kind", "owner", "status", "what", "adults"]
        assert seen[120] == ["who", "waited", "urgency", "kind", "owner", "status", "what"]
        assert seen[80] == ["who", "waited", "urgency", "owner", "status", "what"]  # the kind drops out first
        assert seen[74] == ["who", "waited", "urgency", "owner", "what"]  # then the status
        assert seen[100] == seen[80] and back == [seen[200]]  # and back again as the width comes back
