"""The Textual app: holds the database path, clock and time zone, and opens the board."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from textual.app import App

from handover.clock import Clock, SystemClock
from handover.config import Config
from handover.screens.board import BoardScreen


class HandoverApp(App[None]):
    """The repair board."""

    CSS_PATH = "handover.tcss"
    TITLE = "handover"

    def __init__(self, db_path: Path, clock: Clock, tz: tzinfo, poll_seconds: float = 0.1) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock = clock
        self.tz = tz
        self.poll_seconds = poll_seconds

    def on_mount(self) -> None:
        self.push_screen(BoardScreen())


def make_app(
    db_path: Path | str, *, clock: Clock | None = None, tz: tzinfo | None = None, config: Config | None = None
) -> HandoverApp:
    """Build the app for a database; tests pass a frozen clock and a fixed time zone."""
    config = config or Config()
    return HandoverApp(Path(db_path), clock or SystemClock(), tz or config.tz(), poll_seconds=config.poll_seconds)
