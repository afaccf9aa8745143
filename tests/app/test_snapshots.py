"""Snapshots of the board with a frozen clock: the small fixture home, and the demo home at the office
screen's sizes (80x24, 120x40, 200x60) in view 1 and in triage. Review any change in the report, whole,
before --snapshot-update: no clipped footer, no column cut off at the edge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from handover.clock import FrozenClock
from tests.app.helpers import board_app, board_screen, wait_until
from widgets.rupture_board import RuptureBoard


def test_board_snapshot(
    snap_compare: Any, db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    async def loaded(pilot: Pilot[None]) -> None:
        board = (await board_screen(pilot)).query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count == 6)
        await pilot.press("down", "down")

    assert snap_compare(board_app(db_path, clock, tz), terminal_size=(130, 16), run_before=loaded)


def on_view(key: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the demo's board (10 ruptures under 6 young people), then show view `key`."""

    async def run_before(pilot: Pilot[None]) -> None:
        board = (await board_screen(pilot)).query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count == 16)
        await pilot.press(key, "down")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
@pytest.mark.parametrize("view", ["1", "2"], ids=["view1", "triage"])
def test_demo_board_snapshot(
    snap_compare: Any, demo: Path, demo_clock: FrozenClock, tz: object, size: tuple[int, int], view: str
) -> None:
    assert snap_compare(board_app(demo, demo_clock, tz), terminal_size=size, run_before=on_view(view))
