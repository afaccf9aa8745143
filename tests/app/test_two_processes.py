"""Two real processes: the board runs here while the real `handover` CLI writes from a subprocess."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from db.store import Store
from handover.app import make_app
from handover.clock import SystemClock
from handover.config import Config
from tests.app.helpers import wait_until
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar

HANDOVER = str(Path(sys.executable).parent / "handover")


def cli(db: Path, *args: str) -> str:
    result = subprocess.run([HANDOVER, *args, "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


async def test_cli_in_another_process_changes_the_open_board(tmp_path: Path) -> None:
    db = tmp_path / "home.db"
    cli(db, "init", "--home", "Rowan Lodge")
    cli(db, "people", "add", "--young-person", "Alex Rowe")
    cli(db, "people", "add", "--staff", "Jamie Fox")
    first = cli(db, "log", "--young-person", "alex", "--staff", "jamie", "--kind", "withdrawal",
                "--what", "I went cold after Alex swore at me", "--at", "3h ago")  # fmt: skip
    jamie = Store.open(db).staff()[0]
    app = make_app(db, clock=SystemClock(), config=Config(db=db, poll_seconds=0.05), actor=jamie)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count == 2)
        board.move_cursor(row=board.get_row_index(f"r-{first}"))

        second = cli(db, "log", "--young-person", "Alex Rowe", "--staff", "Jamie Fox", "--kind", "sanction",
                     "--what", "Phone taken away at bedtime; Alex felt it was unfair")  # fmt: skip
        await wait_until(pilot, lambda: f"r-{second}" in [str(r.key.value) for r in board.ordered_rows])
        assert board.selected_key == f"r-{first}"

        cli(db, "repair", first, "--by", "Jamie Fox", "--note", "I told Alex I had gone cold and that was on me")
        await wait_until(pilot, lambda: f"r-{first}" not in [str(r.key.value) for r in board.ordered_rows])
        assert board.selected_rupture_id is None  # on Alex's header, not silently on the other rupture


async def test_a_commit_in_another_process_shows_before_the_next_poll(tmp_path: Path) -> None:
    """With a poll of ten seconds, only the file events (db/wake.py) can bring the change on screen in time."""
    db = tmp_path / "home.db"
    cli(db, "init", "--home", "Rowan Lodge")
    cli(db, "people", "add", "--young-person", "Alex Rowe")
    cli(db, "people", "add", "--staff", "Jamie Fox")
    jamie = Store.open(db).staff()[0]
    app = make_app(db, clock=SystemClock(), config=Config(db=db, poll_seconds=10.0), actor=jamie)
    async with app.run_test(size=(140, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        summary = app.screen.query_one(SummaryBar)
        await wait_until(pilot, lambda: "0 open" in str(summary.render()))
        await pilot.pause(0.5)  # the file watch starts after the first read
        started = time.monotonic()
        logged = cli(db, "log", "--young-person", "alex", "--staff", "jamie", "--kind", "withdrawal",
                     "--what", "I went cold after Alex swore at me")  # fmt: skip
        await wait_until(pilot, lambda: f"r-{logged}" in [str(r.key.value) for r in board.ordered_rows])
        assert time.monotonic() - started < 5.0, "the board waited for its poll"
