"""Helpers for app tests: the app on a real database with a frozen clock, and waiting for what the app does.

Never sleep and then assert that nothing changed: a sleep passes whether or not the app did the thing, and
is slow. Wait for the event itself: `wait_until` a condition the user would see, or `wait_for_workers`
until the app's writes, loads and backups (Textual workers) have finished, then assert.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from textual.app import App
from textual.pilot import Pilot
from textual.worker import Worker

from db.store import Store
from handover.app import HandoverApp, make_app
from handover.clock import FrozenClock
from handover.config import Config
from handover.domain.models import StaffMember
from handover.screens.board import BoardScreen


def board_app(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    actor: StaffMember | None | Literal["ask"] = None,
    *,
    lock_after_minutes: float = 0,
) -> HandoverApp:
    """The app on `db_path`, polling fast so tests do not wait long for live updates.

    The actor defaults to the first staff member, so the board opens without asking who is at the keyboard;
    pass "ask" to see that question (the board then starts locked, with the sign-in open). The idle lock is
    off unless asked for, so a test that moves the clock on is not locked out of its own board."""
    if actor is None:
        store = Store.open(db_path)
        actor = store.staff()[0]
        store.close()
    chosen = None if actor == "ask" else actor
    config = Config(db=db_path, poll_seconds=0.02, lock_after_minutes=lock_after_minutes)
    return make_app(db_path, clock=clock, tz=tz, config=config, actor=chosen)  # type: ignore[arg-type]


#: Live updates arrive from a thread; generous, because CI machines are shared and slow.
WAIT_LIMIT_SECONDS = 10.0


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds, or fail the test after WAIT_LIMIT_SECONDS."""
    waited = 0.0
    while not condition():
        if waited >= WAIT_LIMIT_SECONDS:
            raise AssertionError(f"condition not met within {WAIT_LIMIT_SECONDS} s")
        await pilot.pause(0.02)
        waited += 0.02


async def board_screen(pilot: Pilot[None]) -> BoardScreen:
    """The board screen, once it is open: the app opens its first screen just after Textual has started
    (handover/app.py), so a test handed the pilot at once (a snapshot's `run_before`) waits for it."""
    await wait_until(pilot, lambda: any(isinstance(s, BoardScreen) for s in pilot.app.screen_stack))
    return next(s for s in pilot.app.screen_stack if isinstance(s, BoardScreen))


def busy_workers(app: App[Any]) -> list[Worker[Any]]:
    """The app's workers still pending or running, the live-watch loops aside (a screen's watch worker, its
    group named "...watch", runs for as long as the screen is open)."""
    return [w for w in app.workers if not w.is_finished and not w.group.endswith("watch")]


async def wait_for_workers(pilot: Pilot[None]) -> None:
    """Let the app run until every worker it started has finished (see `busy_workers`) and what they posted
    back has been handled, or fail the test after WAIT_LIMIT_SECONDS naming the workers still going."""
    try:
        await wait_until(pilot, lambda: not busy_workers(pilot.app))
    except AssertionError:
        names = ", ".join(f"{w.name or w.group} ({w.state.name.lower()})" for w in busy_workers(pilot.app))
        raise AssertionError(f"workers still going after {WAIT_LIMIT_SECONDS} s: {names}") from None
    await pilot.pause()
