"""The board through Pilot: sections and rows, live updates from another connection, the cursor staying put, and
`handover list` showing the very rows and marks the board shows."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable

from handover.cli import cli
from handover.clock import FrozenClock
from handover.dialogs.confirm import ConfirmScreen
from handover.domain.enums import RuptureKind
from handover.screens.board import BoardScreen
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar


def row_keys(table: DataTable[object]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


def cell_text(table: DataTable[object], row: str, column: str) -> str:
    return str(getattr(table.get_cell(row, column), "plain", table.get_cell(row, column)))


async def test_sections_and_rows(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        # The most pressing first (Jordan's overdue, then Riley's due soon), Casey with nothing open last; each
        # young person's ruptures under them, longest waiting first.
        assert row_keys(board) == [
            f"yp-{home.jordan.id}",
            f"r-{seeded['jordan_overdue']}",
            f"r-{seeded['jordan_fresh']}",
            f"yp-{home.riley.id}",
            f"r-{seeded['riley_unowned']}",
            f"yp-{home.casey.id}",
        ]
        assert cell_text(board, f"yp-{home.casey.id}", "owner") == "nothing open"
        assert cell_text(board, f"yp-{home.jordan.id}", "owner") == "2 open"
        overdue = f"r-{seeded['jordan_overdue']}"
        assert cell_text(board, overdue, "waited") == "2 d 2 h"
        assert cell_text(board, overdue, "urgency") == "▲ overdue"
        assert cell_text(board, f"r-{seeded['riley_unowned']}", "urgency") == "◆ due soon"
        assert "unowned" in cell_text(board, f"r-{seeded['riley_unowned']}", "owner")
        summary = str(app.screen.query_one(SummaryBar).render())
        assert "3 open" in summary and "1 overdue" in summary and "1 unowned" in summary
        assert "updated 20:00" in summary  # 20:00 UTC is 20:00 in London in November
        await pilot.press("q")  # the office board asks before it closes
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
    assert app.return_code == 0


async def test_write_elsewhere_appears_and_cursor_stays(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        target = f"r-{seeded['riley_unowned']}"
        board.move_cursor(row=board.get_row_index(target))
        # A new rupture lands ABOVE the cursor (Jordan's section comes before Riley's).
        new = service.record_rupture(
            home.sam, home.jordan, [home.sam], RuptureKind.CUTTING_REMARK, "Jordan said I never listen"
        )
        await wait_until(pilot, lambda: f"r-{new.id}" in row_keys(board))
        assert board.selected_key == target
        assert row_keys(board).index(f"r-{new.id}") < row_keys(board).index(target)
        # A change to the selected rupture itself updates its cells in place.
        service.assign_owner(home.priya, seeded["riley_unowned"], home.dev, "Dev is on all week")
        await wait_until(pilot, lambda: cell_text(board, target, "owner").startswith("Dev Okafor"))
        # Given by Priya, so it waits for Dev to accept it; nobody is marked on shift, so Dev is off shift.
        assert cell_text(board, target, "owner") == "Dev Okafor (off) ⧗ not accepted"
        assert board.selected_key == target


async def test_repaired_rupture_leaves_and_cursor_does_not_jump_to_another(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        gone = f"r-{seeded['jordan_overdue']}"
        board.move_cursor(row=board.get_row_index(gone))
        service.mark_repaired(home.sam, seeded["jordan_overdue"], "I told Jordan I had shouted and was sorry")
        await wait_until(pilot, lambda: gone not in row_keys(board))
        # The cursor goes to Jordan's header, not silently onto Jordan's other rupture, and says why.
        assert board.selected_key == f"yp-{home.jordan.id}"
        assert board.selected_rupture_id is None
        await pilot.pause()
        assert any(f"#{seeded['jordan_overdue']} is no longer open" in n.message for n in app._notifications)
        assert cell_text(board, f"yp-{home.jordan.id}", "owner") == "1 open"


async def test_waited_times_tick_without_a_query(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        fresh = f"r-{seeded['jordan_fresh']}"
        assert cell_text(board, fresh, "waited") == "2 h"
        clock.advance(timedelta(hours=23))
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        screen.render_board()  # what the once-a-minute timer calls
        assert cell_text(board, fresh, "waited") == "1 d 1 h"
        assert cell_text(board, fresh, "urgency") == "◆ due soon"


async def test_handover_list_shows_the_boards_rows_in_its_order_with_its_marks(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    service: Service,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service.mark_on_shift(home.priya, home.sam, True, "late")  # until 22:00
    service.assign_owner(home.priya, seeded["riley_unowned"], home.dev)  # Dev has not accepted it; off shift
    clock.advance(timedelta(hours=1, minutes=15))  # 21:15: Sam leaves within the hour
    monkeypatch.setattr("handover.context.SystemClock", lambda: clock)
    result = CliRunner().invoke(cli, ["list", "--json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    listed = {record["id"]: record for record in json.loads(result.stdout)}

    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        shown = [int(key[2:]) for key in row_keys(board) if key.startswith("r-")]
        assert list(listed) == shown  # the same ruptures, in the board's order
        owners = {rid: cell_text(board, f"r-{rid}", "owner") for rid in shown}
    assert owners[seeded["jordan_overdue"]] == "Sam Kell ⇥ leaving 22:00"
    assert listed[seeded["jordan_overdue"]]["marks"] == ["owner leaving at 22:00"]
    assert owners[seeded["riley_unowned"]] == "Dev Okafor (off) ⧗ not accepted"
    assert listed[seeded["riley_unowned"]]["marks"] == ["owner off shift", "not yet accepted by its new owner"]
    assert owners[seeded["jordan_fresh"]] == "Dev Okafor (off)"
    assert listed[seeded["jordan_fresh"]]["marks"] == ["owner off shift"]


async def test_the_first_frame_of_the_board_already_shows_its_rows(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    service: Service,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the table and the summary held the first time the table was drawn: not an empty table that a
    # read fills a frame later ("Loading the board…").
    first: list[tuple[int, str]] = []
    draw = RuptureBoard.render_lines

    def drawn(self: RuptureBoard, crop: object) -> object:
        if not first:
            first.append((self.row_count, str(self.screen.query_one(SummaryBar).render())))
        return draw(self, crop)  # type: ignore[arg-type]

    monkeypatch.setattr(RuptureBoard, "render_lines", drawn)
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_until(pilot, lambda: bool(first))
        rows, summary = first[0]
        assert rows == 6  # three young people's headings and the three open ruptures
        assert "3 open" in summary and "Loading" not in summary
        # The watch loop still runs from there: a commit elsewhere shows.
        service.record_rupture(home.dev, home.casey, [home.dev], RuptureKind.HARSH_TONE, "Raised voice at tea")
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count == 7)


async def test_home_and_end_go_to_the_first_and_last_line_as_the_help_says(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        board.focus()
        await pilot.press("down", "down")
        assert board.selected_key == f"r-{seeded['jordan_fresh']}"
        await pilot.press("end")
        assert board.selected_key == f"yp-{home.casey.id}"
        await pilot.press("home")
        assert board.selected_key == f"yp-{home.jordan.id}"
