"""The Textual app: holds the database path, clock, time zone and who is at the keyboard, and runs every
write on a worker thread through the service (one transaction each)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import TypeVar

from textual.app import App
from textual.reactive import reactive

from handover.clock import Clock, SystemClock
from handover.commands import BoardCommands
from handover.config import Config, load_config
from handover.domain.models import StaffMember
from handover.service import Service

T = TypeVar("T")


class HandoverApp(App[None]):
    """The repair board."""

    CSS_PATH = "handover.tcss"
    TITLE = "handover"
    COMMANDS = App.COMMANDS | {BoardCommands}
    """The palette (ctrl+p): Textual's own commands, and every board action by name."""

    actor: reactive[StaffMember | None] = reactive(None, init=False)
    """The staff member at the keyboard: every change made from this board is recorded as theirs."""

    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        tz: tzinfo,
        poll_seconds: float = 0.1,
        keymap: dict[str, str] | None = None,
        actor: StaffMember | None = None,
    ) -> None:
        super().__init__()
        self.set_reactive(HandoverApp.actor, actor)
        self.db_path = db_path
        self.clock = clock
        self.tz = tz
        self.poll_seconds = poll_seconds
        self._keymap_overrides = keymap or {}
        self.closed_here: set[int] = set()
        """Ruptures repaired or ended from this terminal, so the board does not report them as news."""

    def on_mount(self) -> None:
        from handover.screens.board import BoardScreen
        from handover.screens.first_run import FirstRunScreen, needs_first_run

        if self._keymap_overrides:
            self.set_keymap(self._keymap_overrides)
        # A new home (no file, no home named, nobody on the staff) is set up first; the board follows.
        self.push_screen(FirstRunScreen() if needs_first_run(self.db_path) else BoardScreen())
        self.watch_actor(self.actor)

    def watch_actor(self, actor: StaffMember | None) -> None:
        self.sub_title = f"at the keyboard: {actor.name}" if actor else "nobody signed in"

    async def perform(self, use_case: Callable[[Service], T]) -> T:
        """Run a use case on a worker thread with a connection of its own, so a busy database never freezes
        the screen. Refusals come back as HandoverError with a plain message; nothing is half-written."""
        return await asyncio.to_thread(self._perform_now, use_case)

    def _perform_now(self, use_case: Callable[[Service], T]) -> T:
        from handover.context import open_context

        # A connection per write: sqlite3 connections belong to the thread that opened them.
        with open_context(self.db_path, clock=self.clock, config=Config(db=self.db_path)) as ctx:
            ctx.tz = self.tz
            ctx.service.tz = self.tz
            return use_case(ctx.service)


def make_app(
    db_path: Path | str,
    *,
    clock: Clock | None = None,
    tz: tzinfo | None = None,
    config: Config | None = None,
    actor: StaffMember | None = None,
) -> HandoverApp:
    """Build the app for a database; tests pass a frozen clock, a fixed time zone and who is acting.

    Without an actor, the board asks who is at the keyboard once it has loaded."""
    config = config or load_config()
    return HandoverApp(
        Path(db_path),
        clock or SystemClock(),
        tz or config.tz(),
        poll_seconds=config.poll_seconds,
        keymap=config.keymap,
        actor=actor,
    )
