"""Helpers for app tests: the app on a real database with a frozen clock, and waiting for live updates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from textual.pilot import Pilot

from db.store import Store
from handover.app import HandoverApp, make_app
from handover.clock import FrozenClock
from handover.config import Config
from handover.domain.models import StaffMember


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
