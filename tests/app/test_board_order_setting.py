"""The home's `board_order` setting: a manager switches view 1 to alphabetical from the command line (the real
CLI through click's CliRunner), every open board follows at once, and a word that is not an order is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from db.store import Store
from handover.cli import cli
from handover.clock import FrozenClock
from handover.domain.enums import BoardOrder
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard


def headings(board: RuptureBoard) -> list[str]:
    return [str(row.key.value) for row in board.ordered_rows if str(row.key.value).startswith("yp-")]


async def test_a_manager_switches_view_1_to_alphabetical_and_the_board_follows(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["--db", str(db_path), *args], obj=clock)

    urgency = [f"yp-{home.jordan.id}", f"yp-{home.riley.id}", f"yp-{home.casey.id}"]
    alphabetical = [f"yp-{home.casey.id}", f"yp-{home.jordan.id}", f"yp-{home.riley.id}"]
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        assert headings(board) == urgency  # Jordan's overdue, Riley's due soon, Casey with nothing open

        changed = run("settings", "set", "board-order", "alphabetical", "--by", "Morgan Blake")
        assert changed.exit_code == 0, changed.output
        assert changed.stdout.startswith("board-order is now alphabetical (was urgency), set by Morgan Blake.")
        await wait_until(pilot, lambda: headings(board) == alphabetical)

        refused = run("settings", "set", "board-order", "by height", "--by", "Morgan Blake")
        assert refused.exit_code == 1
        assert "board-order must be one of: urgency, alphabetical; not 'by height'." in refused.stderr
        assert run("settings", "set", "board-order", "urgency", "--by", "Sam Kell").exit_code == 1  # a manager's
        store = Store.open(db_path)
        assert store.settings().board_order is BoardOrder.ALPHABETICAL
        store.close()

        assert run("settings", "set", "board-order", "urgency", "--by", "Morgan Blake").exit_code == 0
        await wait_until(pilot, lambda: headings(board) == urgency)
