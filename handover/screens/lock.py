"""LockScreen (l, ctrl+l, or after the idle time): the board covered by a neutral screen.

It names nobody (not the home, not who was signed in) and shows no notifications, because a young person may
be the one looking. Enter (or a click) opens the sign-in; a PIN lifts the lock, and everything underneath,
a half-filled form included, is as it was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from handover.lock import LockScreenBase

if TYPE_CHECKING:
    from handover.app import HandoverApp

LOCKED_TEXT = "handover — locked.\nPress Enter to sign in."


class LockScreen(LockScreenBase):
    """Opaque and neutral: nothing from the screens underneath shows through."""

    BINDINGS = [Binding("enter", "sign_in", "Sign in", id="lock.sign_in")]
    """Enter opens the sign-in (the only key here besides the app's own)."""

    AUTO_FOCUS = ""

    def __init__(self, *, ask_now: bool = False) -> None:
        super().__init__()
        self.ask_now = ask_now
        """Open the sign-in at once (when the board starts locked)."""

    def compose(self) -> ComposeResult:
        yield Static(LOCKED_TEXT, id="lock-message")

    def on_mount(self) -> None:
        if self.ask_now:
            self.call_after_refresh(self.action_sign_in)

    def on_click(self, event: events.Click) -> None:
        self.action_sign_in()

    def action_sign_in(self) -> None:
        app = cast("HandoverApp", self.app)
        if app.screen is self:  # not twice
            app.sign_in_to_unlock()
