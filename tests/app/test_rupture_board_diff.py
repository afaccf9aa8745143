"""RuptureBoard's keyed diff on its own: rows removed in one pass, columns widened only when needed, and the
cells of unchanged ruptures kept (not rebuilt) between refreshes."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import App, ComposeResult

from handover.clock import FrozenClock
from handover.domain.board import sections
from handover.domain.models import BoardSnapshot
from handover.service import Service
from tests.conftest import Home
from widgets.cells import Cells
from widgets.rupture_board import RuptureBoard


class BoardOnly(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.left: list[RuptureBoard.RuptureLeft] = []

    def compose(self) -> ComposeResult:
        yield RuptureBoard(id="board")

    def on_rupture_board_rupture_left(self, message: RuptureBoard.RuptureLeft) -> None:
        self.left.append(message)


def row(*texts: str) -> Cells:
    return tuple(Text(t) for t in (*texts, *[""] * (8 - len(texts))))


def keys(board: RuptureBoard) -> list[str]:
    return [str(r.key.value) for r in board.ordered_rows]


def cells(board: RuptureBoard, key: str) -> list[str]:
    return [str(getattr(cell, "plain", cell)) for cell in board.get_row(key)]


async def test_rows_go_come_and_change_in_one_show_and_the_cursor_stays_on_its_row() -> None:
    app = BoardOnly()
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        first = {"yp-1": row("Alex")} | {f"r-{i}": row(f"#{i}", "1 h") for i in range(1, 9)}
        board.show_cells(first, {f"r-{i}": "yp-1" for i in range(1, 9)})
        await pilot.pause()
        board.move_cursor(row=keys(board).index("r-5"), animate=False)

        # The first, a middle and the last rupture go; two come; one changes; the order is the wanted one.
        second = {"yp-1": row("Alex"), "r-10": row("#10", "2 min")}
        second |= {f"r-{i}": row(f"#{i}", "1 h") for i in (2, 3, 4, 5, 7)}
        second["r-4"] = row("#4", "2 h")
        second["r-11"] = row("#11", "1 min")
        board.show_cells(second, {key: "yp-1" for key in second if key.startswith("r-")})
        await pilot.pause()

        assert keys(board) == list(second)
        assert board.row_count == len(second)
        assert cells(board, "r-4")[:2] == ["#4", "2 h"]
        assert cells(board, "r-11")[:2] == ["#11", "1 min"]
        assert board.selected_key == "r-5"
        for key in second:  # every row can still be found by key and by index
            assert board.get_row_index(key) == list(second).index(key)

        # The cursor's rupture goes: the cursor moves to its young person's line and the board says so.
        third = {key: value for key, value in second.items() if key != "r-5"}
        board.show_cells(third, {key: "yp-1" for key in third if key.startswith("r-")})
        await pilot.pause()
        assert board.selected_key == "yp-1"
        assert [(m.rupture_id, m.young_person) for m in app.left] == [(5, "Alex")]


async def test_a_wider_cell_widens_its_column_and_a_narrower_one_leaves_it() -> None:
    app = BoardOnly()
    async with app.run_test(size=(160, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        heads = {"r-1": "yp-1", "r-2": "yp-1"}
        board.show_cells({"yp-1": row("Alex"), "r-1": row("#1", "", "", "", "", "Sam"), "r-2": row("#2")}, heads)
        await pilot.pause()
        owner = board.columns[next(key for key in board.columns if key.value == "owner")]
        narrow = owner.content_width

        board.show_cells(
            {"yp-1": row("Alex"), "r-1": row("#1", "", "", "", "", "Priya Shah-Okonkwo"), "r-2": row("#2")}, heads
        )
        await pilot.pause()
        assert owner.content_width == len("Priya Shah-Okonkwo") > narrow
        assert "Priya Shah-Okonkwo" in "".join(strip.text for strip in board.render_lines(board.region)[:5])

        board.show_cells({"yp-1": row("Alex"), "r-1": row("#1", "", "", "", "", "Sam"), "r-2": row("#2")}, heads)
        await pilot.pause()
        assert owner.content_width == len("Priya Shah-Okonkwo")  # kept wide: no re-measure of the column
        assert cells(board, "r-1")[4] == "Sam"


async def test_unchanged_ruptures_keep_their_cells_and_a_changed_one_is_rebuilt(
    service: Service, home: Home, clock: FrozenClock, seeded: dict[str, int]
) -> None:
    snapshot: BoardSnapshot = service.store.board()
    app = BoardOnly()
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.query_one(RuptureBoard)
        now = clock.now()
        board.show(sections(snapshot, now))
        await pilot.pause()
        before = {key: board.get_row(key) for key in keys(board) if key.startswith("r-")}

        # A minute later nothing shown has changed: the very same cell objects stay in the table.
        board.show(sections(snapshot, now + timedelta(seconds=30)))
        await pilot.pause()
        assert all(
            all(a is b for a, b in zip(board.get_row(key), cells_before, strict=True))
            for key, cells_before in before.items()
        )

        # A new owner for one rupture: that row is rebuilt, the others are not.
        changed_id = seeded["riley_unowned"]
        ruptures = tuple(
            r.model_copy(update={"owner_id": home.priya.id, "version": r.version + 1}) if r.id == changed_id else r
            for r in snapshot.open_ruptures
        )
        board.show(sections(snapshot.model_copy(update={"open_ruptures": ruptures}), now))
        await pilot.pause()
        assert cells(board, f"r-{changed_id}")[4] == home.priya.name
        for key, cells_before in before.items():
            same = all(a is b for a, b in zip(board.get_row(key), cells_before, strict=True))
            assert same is (key != f"r-{changed_id}")
