"""The privacy lock: one key (or time without a key press) covers every screen with a neutral one.

`LockingApp` is the part of the app that keeps the lock honest; `HandoverApp` adds who signs in to lift it, and
the glance (handover/screens/glance.py) the lock shows while nobody is signed in.

- `lock_board()` (`l`, `ctrl+l`) pushes `LockScreen` (opaque, no names, no toasts) over whatever was showing.
  Nothing underneath is dismissed: a form half filled in keeps every word. Over the glance, it blanks the
  glance at once (and closes a sign-in open over it, which lists the staff).
- The board locks itself when `clock.now()` is `lock_after` past the last key press, click or paste
  (`check_idle_lock`, run by a timer; the injected clock lets tests freeze time). The idle lock is the glance
  (`lock_board(glance=True)`), which names nobody in full and shows no text, so walking past the office screen
  still tells staff who is waiting for a repair.
- While locked, nothing can appear over the lock by accident: notifications are held back and shown after
  the unlock; a screen pushed from underneath (a background task) waits until the unlock; a screen under the
  lock that closes itself (a save that finished just after the lock came down) closes as the lock lifts,
  instead of the lock being popped; the command palette does not open.

Only Textual's public API is used here (`screen_stack`, `push_screen`, `pop_screen`, `clear_notifications`,
`notify`, CSS): a lock that leans on internals could silently stop covering the board after an upgrade.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from handover.clock import Clock
from handover.domain.names import NameMask

#: How often the idle lock compares the clock with the last key press.
IDLE_CHECK_SECONDS = 5.0

#: Screens at the bottom of the stack that are there for the app's whole life: Textual's default screen and
#: the one the app pushes on it at start (the board).
BOTTOM_SCREENS = 2


class LockingApp(App[None]):
    """An app whose screens can be covered at once by `LockScreen`, by a key or after an idle time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "lock", "Lock", id="app.lock"),
        Binding("ctrl+l", "lock", "Lock", id="app.lock_now", show=False, priority=True),
        Binding("i", "initials", "Initials", id="app.initials", show=False),
    ]
    """l locks wherever no text is being typed; ctrl+l locks from anywhere, in the middle of a form too. i
    switches initials only on every screen where no text is being typed (the board has its own i)."""

    initials_only: reactive[bool] = reactive(False, init=False)
    """Privacy-safe rendering on every screen (i switches): people by initials, no free text
    (handover/screens/privacy.py). A reactive, so an open screen follows the switch at once."""

    def __init__(self, clock: Clock, lock_after: timedelta | None, initials_only: bool = False) -> None:
        super().__init__()
        self.clock = clock
        self.lock_after = lock_after
        """Idle time before the board locks itself; None never locks it by itself."""
        self.set_reactive(LockingApp.initials_only, initials_only)
        self.name_mask: NameMask | None = None
        """Writes the home's names as initials; the board keeps it current. Applied to notifications while
        `initials_only` is on."""
        self.last_activity: datetime = clock.now()
        """When someone last pressed a key, clicked or pasted (by the app's clock)."""
        self._lock_screen: LockScreenBase | None = None
        self._unlocking = False
        self._held_notifications: list[tuple[str, dict[str, Any]]] = []
        self._held_screens: list[tuple[Screen[Any] | str, Callable[[Any], None]]] = []
        self._held_pops = 0
        """Screens under the lock that closed themselves while it was up: they are popped as it lifts."""

    @property
    def locked(self) -> bool:
        return self._lock_screen is not None

    @property
    def lock_screen(self) -> LockScreenBase | None:
        """The screen covering the board while locked (None when not locked)."""
        return self._lock_screen

    def on_mount(self) -> None:
        self.set_interval(IDLE_CHECK_SECONDS, self.check_idle_lock)

    # -- locking and unlocking --------------------------------------------------------------------------
    def action_lock(self) -> None:
        self.lock_board()

    def lock_board(self, *, ask_now: bool = False, glance: bool = False) -> None:
        """Cover every screen at once: with the glance (`glance`: the idle lock, the start) or with nothing at
        all (`l`). `ask_now` opens the sign-in straight away (the board's start, when there is no glance).

        Already locked, `l` blanks the glance and closes the sign-in over it; the glance never replaces a
        blank lock (someone blanked it because a young person or a visitor is in the office)."""
        if self._lock_screen is not None:
            if not glance:
                self._close_over_lock()
                self._lock_screen.blank()
            return
        self.clear_notifications()  # a toast may name someone
        self._lock_screen = self.new_lock_screen(glance=glance, ask_now=ask_now)
        super().push_screen(self._lock_screen)

    def new_lock_screen(self, *, glance: bool, ask_now: bool) -> LockScreenBase:
        """The screen that locks: the neutral one here; HandoverApp gives the glance when asked for it."""
        from handover.screens.lock import LockScreen

        return LockScreen(ask_now=ask_now)

    def _close_over_lock(self) -> None:
        """Close whatever is open over the lock (the sign-in, which lists the staff)."""
        while self.screen is not self._lock_screen and len(self.screen_stack) > 1:
            self.pop_screen()

    def unlock_board(self) -> None:
        """Lift the lock (once someone has signed in): the screens underneath show as they were left, then
        anything held back while locked."""
        if self._lock_screen is None:
            return
        self._close_over_lock()  # the sign-in over the lock, if still there
        self._unlocking = True
        try:
            self.pop_screen()
            # Screens that closed themselves under the lock go now, in the same frame: the board shows as if
            # they had closed at once (their results were handed back when they closed).
            pops, self._held_pops = self._held_pops, 0
            for _ in range(min(pops, len(self.screen_stack) - BOTTOM_SCREENS)):
                self.pop_screen()
        finally:
            self._unlocking = False
            self._lock_screen = None
        self.last_activity = self.clock.now()
        held, self._held_notifications = self._held_notifications, []
        for message, options in held:
            self.notify(message, **options)
        screens, self._held_screens = self._held_screens, []
        for screen, resolve in screens:
            super().push_screen(screen, resolve)

    # -- initials only (i) -----------------------------------------------------------------------------
    def action_initials(self) -> None:
        """People by initials and no free text on every screen, for when others can see it; again for in full."""
        self.initials_only = not self.initials_only
        self.notify(
            "Names shown as initials, and what happened hidden, on every screen (i again shows them)."
            if self.initials_only
            else "Names and text in full."
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "initials" and self.locked:
            return False  # nothing to switch under the lock; the glance follows the home's setting
        return super().check_action(action, parameters)

    # -- the idle lock --------------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.InputEvent, events.Paste)) and not event.is_forwarded:
            self.last_activity = self.clock.now()
        await super().on_event(event)

    def check_idle_lock(self) -> None:
        """Lock (to the glance) when nobody has pressed a key or clicked for `lock_after` (by the app's clock). A
        sign-in left open over the lock (it lists the staff) closes back to the lock after the same time."""
        if self.lock_after is None or self.clock.now() - self.last_activity < self.lock_after:
            return
        if self._lock_screen is not None:
            self._close_over_lock()
        elif self.may_lock_now():
            self.lock_board(glance=True)

    def may_lock_now(self) -> bool:
        """Whether the idle lock applies to what is showing (HandoverApp: not while a new home is set up)."""
        return True

    def may_show_over_lock(self, screen: Screen[Any] | str) -> bool:
        """Whether `screen` may be pushed over the lock (HandoverApp: the sign-in that lifts it)."""
        return False

    # -- nothing shows over the lock by accident -------------------------------------------------------
    def notify(self, message: str, **options: Any) -> None:
        if self.initials_only and self.name_mask is not None:
            message = self.name_mask(message)
            if options.get("title"):
                options["title"] = self.name_mask(options["title"])
        if self.locked:
            self._held_notifications.append((message, options))
            return
        super().notify(message, **options)

    def push_screen(
        self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False, *, mode: str | None = None
    ) -> Any:
        if not self.locked or self.may_show_over_lock(screen):
            if wait_for_dismiss:
                return super().push_screen(screen, callback, wait_for_dismiss=True, mode=mode)
            return super().push_screen(screen, callback, mode=mode)
        # Pushed from underneath while locked (a background task): shown after the unlock.
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def resolve(result: Any) -> None:
            if callback is not None:
                callback(result)
            if not future.done():
                future.set_result(result)

        self._held_screens.append((screen, resolve))
        return future if wait_for_dismiss else AwaitComplete(asyncio.sleep(0))

    def pop_screen(self) -> AwaitComplete:
        lock = self._lock_screen
        if lock is None or self.screen is not lock or self._unlocking:
            return super().pop_screen()
        # A screen under the lock closed itself (a save finishing after the lock came down): it goes when the
        # lock lifts. Popping now would pop the lock itself. The screens at the bottom (Textual's default
        # screen and the board pushed on it) never close themselves, and are never popped.
        still_open_under_lock = len(self.screen_stack) - 1 - self._held_pops
        if still_open_under_lock > BOTTOM_SCREENS:
            self._held_pops += 1
        return AwaitComplete(asyncio.sleep(0))

    def action_command_palette(self) -> None:
        if not self.locked:  # the palette would list (and run) the board's actions over the lock
            super().action_command_palette()


class LockScreenBase(Screen[None]):
    """What every lock screen is: opaque, and nothing pops up over it. Notifications are held back by
    `LockingApp.notify` while locked; hiding toasts here as well means none can show even if one got through."""

    DEFAULT_CSS = """
    LockScreenBase Toast {
        display: none;
    }
    """

    def blank(self) -> None:
        """Show nothing at all from now until the unlock (`l` pressed while locked). The neutral lock already
        shows nothing; the glance hides itself."""
