"""Snapshot of the board with a frozen clock: review any change in the report before --snapshot-update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from handover.clock import FrozenClock
from tests.app.helpers import board_app, wait_until
from widgets.rupture_board import RuptureBoard


def test_board_snapshot(
    snap_compare: Any, db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    async def loaded(pilot: Pilot[None]) -> None:
        board = pilot.app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count == 6)
        await pilot.press("down", "down")

    assert snap_compare(board_app(db_path, clock, tz), terminal_size=(130, 16), run_before=loaded)
