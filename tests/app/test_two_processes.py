"""Two real processes: the board runs here while the real `handover` CLI writes from a subprocess."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot

from db import wake
from db.store import Store
from handover.app import HandoverApp, make_app
from handover.clock import SystemClock
from handover.config import Config
from handover.screens import watching
from tests.app.helpers import wait_until
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar

if TYPE_CHECKING:
    from handover.service import Service

HANDOVER = str(Path(sys.executable).parent / "handover")


def cli(db: Path, *args: str) -> str:
    result = subprocess.run([HANDOVER, *args, "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def new_home(tmp_path: Path) -> Path:
    """A home set up through the real CLI: Rowan Lodge, with Alex Rowe and Jamie Fox."""
    db = tmp_path / "home.db"
    cli(db, "init", "--home", "Rowan Lodge")
    cli(db, "people", "add", "--young-person", "Alex Rowe")
    cli(db, "people", "add", "--staff", "Jamie Fox")
    return db


def board_on(db: Path, poll_seconds: float) -> HandoverApp:
    """The app on `db`, Jamie Fox at the keyboard, asking every `poll_seconds` when nothing wakes it."""
    jamie = Store.open(db).staff()[0]
    return make_app(db, clock=SystemClock(), config=Config(db=db, poll_seconds=poll_seconds), actor=jamie)


async def settled(pilot: Pilot[None], app: HandoverApp) -> RuptureBoard:
    """The board, once its first read is on screen and its file watch has started (after that read)."""
    summary = app.screen.query_one(SummaryBar)
    await wait_until(pilot, lambda: "0 open" in str(summary.render()))
    await pilot.pause(0.5)
    return app.screen.query_one(RuptureBoard)


def noting_calls(app: HandoverApp, method: str, calls: list[float], done: threading.Event | None = None) -> None:
    """Have every service the app's watch loops open note when `method` is called (and set `done` after it):
    the real service on the real file, only watched."""
    opened = app.open_service

    def open_noting() -> Service:
        service = opened()
        real = getattr(service, method)

        def noted(*args: object) -> object:
            calls.append(time.monotonic())
            result = real(*args)
            if done is not None:
                done.set()
            return result

        setattr(service, method, noted)
        return service

    app.open_service = open_noting  # type: ignore[method-assign]


async def test_cli_in_another_process_changes_the_open_board(tmp_path: Path) -> None:
    db = new_home(tmp_path)
    first = cli(db, "log", "--young-person", "alex", "--staff", "jamie", "--kind", "withdrawal",
                "--what", "I went cold after Alex swore at me", "--at", "3h ago")  # fmt: skip
    app = board_on(db, 0.05)
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
    db = new_home(tmp_path)
    app = board_on(db, 10.0)
    async with app.run_test(size=(140, 30)) as pilot:
        board = await settled(pilot, app)
        started = time.monotonic()
        logged = cli(db, "log", "--young-person", "alex", "--staff", "jamie", "--kind", "withdrawal",
                     "--what", "I went cold after Alex swore at me")  # fmt: skip
        await wait_until(pilot, lambda: f"r-{logged}" in [str(r.key.value) for r in board.ordered_rows])
        assert time.monotonic() - started < 5.0, "the board waited for its poll"


@pytest.mark.parametrize("watched", [True, False], ids=["file-events", "no-file-events"])
async def test_an_idle_board_asks_only_every_few_seconds_while_file_events_wake_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watched: bool
) -> None:
    """The poll is a safety net where the file events wake the loop (their asking at a tenth of a second was a
    third of an idle board's CPU, and once a second most of what the board adds to Textual's idle): every
    WATCHED_POLL_SECONDS. Where the folder cannot be watched, the poll is all there is, as often as
    configured. Either way another process's commit still shows."""
    if not watched:
        monkeypatch.setattr(wake, "_libc", lambda: None)  # as on a system without inotify
    db = new_home(tmp_path)
    app = board_on(db, 0.05)
    asked: list[float] = []
    noting_calls(app, "changed", asked)
    async with app.run_test(size=(140, 30)) as pilot:
        board = await settled(pilot, app)
        quiet_from = time.monotonic()
        await pilot.pause(3.0)
        quiet = [t for t in asked if quiet_from <= t <= quiet_from + 3.0]
        if watched:
            most = math.ceil(3.0 / watching.WATCHED_POLL_SECONDS)
            assert len(quiet) <= most, f"asked {len(quiet)} times in 3 s idle"  # 0 or 1: every 5 s
        else:
            assert len(quiet) >= 20, f"asked only {len(quiet)} times in 3 s with nothing to wake it"  # ~60
        logged = cli(db, "log", "--young-person", "alex", "--staff", "jamie", "--kind", "withdrawal",
                     "--what", "I went cold after Alex swore at me")  # fmt: skip
        await wait_until(pilot, lambda: f"r-{logged}" in [str(r.key.value) for r in board.ordered_rows])


async def test_the_board_quits_at_once_though_its_loop_waits_long_between_polls(tmp_path: Path) -> None:
    """The watch loop waits up to a poll (here ten seconds; a few seconds while file events wake it) between asks:
    quitting ends that wait at once (`LoopStop`), so the loop closes its connection and ends then, and the
    process, which waits for its threads as it ends, is not held a poll."""
    db = new_home(tmp_path)
    app = board_on(db, 10.0)
    closed: list[float] = []
    ended = threading.Event()
    noting_calls(app, "close", closed, ended)
    async with app.run_test(size=(140, 30)) as pilot:
        await settled(pilot, app)  # the loop is in its wait now
        quitting = time.monotonic()
        app.exit()
    await asyncio.to_thread(ended.wait, 5.0)
    assert closed and closed[0] - quitting < 3.0, "the watch loop went on waiting for its next poll"
