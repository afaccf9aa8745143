"""Type-ahead: keys typed while a screen opens reach where they would have gone had the user waited.

Why it is needed. Textual hands each key to the focused widget's message queue and takes the next key at
once, but a key's binding (n opens the form, tab moves to the next field) runs only when the key has bubbled
back up to the app. Typed faster than that round trip, which a practised user does, the letters after `n`
went to the board's table and were lost, and the letters after a Tab went into the field the Tab was leaving
("zainZainab is on tomorrow").

What `TypeAheadApp` does. It lets one key through at a time:

1. a key (or a paste) arrives while an earlier one is still on its way: it waits, in order;
2. a key handled by a priority binding (ctrl+s, escape in a form) is done when that binding returns;
3. a key handed to a widget is followed along the same path by a marker message (`KeyDelivered`, bubbling
   like the key). Message queues are first in, first out, so when the marker is back at the app the key has
   been handled everywhere it went, its bindings included;
4. when the screen changed, the next key waits for the new one to be ready: a probe (`ScreenProbed`) posted to
   it comes back after its compose, mount and first focus (`AUTO_FOCUS`); a screen that must read its data
   before it can act on a key (the detail) sets `keys_ready = False` and calls `ready_for_keys(screen)` then.

A marker that never comes back (its widget was removed on the way) is given up after DELIVERY_LIMIT_SECONDS,
and so is a screen that never says it is ready, so the keyboard can never freeze. Only Textual's public API is
used: `on_event`, `post_message`, `Event.is_forwarded`, `App.focused` and `App.screen`.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from textual import events, on
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.screen import Screen

#: The longest a key waits for the one before it (or for a screen to get ready) before it goes anyway.
DELIVERY_LIMIT_SECONDS = 2.0


class KeyDelivered(Message):
    """Follows a key to the widget it was given to, and bubbles back to the app behind it."""


class ScreenProbed(Message):
    """Posted to a screen that just became current; back at the app once the screen has opened."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.screen = screen


class ScreenReady(Message):
    """A screen that waited for its data (`keys_ready = False`) can act on keys now."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.screen = screen


class _GiveUp(Message):
    """DELIVERY_LIMIT_SECONDS have passed waiting for `waited_for` (or for `screen` to be ready)."""

    def __init__(self, waited_for: Message | None, screen: Screen[Any] | None) -> None:
        super().__init__()
        self.waited_for = waited_for
        self.screen = screen


def keys_ready(screen: Screen[Any]) -> bool:
    """Whether `screen` can act on keys yet (a screen says it cannot with `keys_ready = False`)."""
    return bool(getattr(screen, "keys_ready", True))


def ready_for_keys(screen: Screen[Any]) -> None:
    """Say that `screen`, which opened with `keys_ready = False`, can act on keys now: the keys typed while it
    was opening are given to it."""
    screen.keys_ready = True  # type: ignore[attr-defined]
    screen.app.post_message(ScreenReady(screen))


Typed = events.Key | events.Paste


class TypeAheadApp(App[None]):
    """An app that never loses a key typed ahead, nor gives it to the wrong place (see the module's doc)."""

    def __init__(self) -> None:
        super().__init__()
        self._typed_ahead: deque[Typed] = deque()
        """Keys (and pastes) that arrived while an earlier one was on its way, oldest first."""
        self._on_its_way: Message | None = None
        """The marker or probe the app waits for, or None when a key may go straight away."""
        self._awaiting: Screen[Any] | None = None
        """A screen that is current but not ready for keys (it reads its data first)."""
        self._settled: Screen[Any] | None = None
        """The screen known to be open and ready: keys go straight to it."""
        self._forced: Screen[Any] | None = None
        """A screen that never said it was ready: keys go to it as it is."""
        self._limit: asyncio.TimerHandle | None = None
        self._in_flight: tuple[events.Key, Screen[Any]] | None = None
        """The key on its way through the widgets, and the screen it was given to."""

    @property
    def typing_ahead(self) -> bool:
        """True while keys wait for an earlier key, or for a screen to open."""
        return bool(self._typed_ahead) or self._on_its_way is not None or self._awaiting is not None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.is_forwarded and self._gone_to_a_closed_screen(event):
            # It bubbled up unhandled from a screen that has since been covered (enter in a list opened a
            # form): had the user waited, it would have gone to the screen now showing. It goes there next.
            self._typed_ahead.appendleft(events.Key(event.key, event.character))
            return
        if not isinstance(event, Typed) or event.is_forwarded:
            await super().on_event(event)
            return
        if self.typing_ahead:
            self._typed_ahead.append(event)
            return
        if self.screen is not self._settled or not self._takes_keys(self.screen):
            self._typed_ahead.append(event)
            self._probe()
            return
        await self._deliver(event)

    def pop_screen(self) -> AwaitComplete:
        # Forget the screen closing as the one known open: the next key probes the screen beneath (it would
        # anyway, the screen having changed), and nothing here keeps the closed screen and its widgets alive.
        closing = self.screen
        if self._settled is closing:
            self._settled = None
        if self._forced is closing:
            self._forced = None
        return super().pop_screen()

    def _takes_keys(self, screen: Screen[Any]) -> bool:
        return screen is self._forced or keys_ready(screen)

    def _gone_to_a_closed_screen(self, event: events.Key) -> bool:
        if self._in_flight is None or self._in_flight[0] is not event:
            return False
        return self._in_flight[1] is not self.screen

    async def _deliver(self, event: Typed) -> None:
        """Give `event` to the app as Textual would, then follow it with a marker if it went to a widget."""
        target = self.focused or self.screen
        self._in_flight = (event, self.screen) if isinstance(event, events.Key) else None
        await super().on_event(event)
        if not event.is_forwarded:
            # A priority binding took it, and has run: whatever it changed has changed.
            await self._next()
            return
        marker = KeyDelivered()
        if target.post_message(marker):
            self._wait_for(marker)
        else:  # the widget is closing: the key went nowhere further, so nothing to wait for
            await self._next()

    def _probe(self) -> None:
        """Wait for the current screen to have opened: a probe comes back after its compose, mount and focus."""
        probe = ScreenProbed(self.screen)
        if self.screen.post_message(probe):
            self._wait_for(probe)
        else:
            self._settled = self.screen

    def _wait_for(self, message: Message | None) -> None:
        self._on_its_way = message
        if self._limit is not None:
            self._limit.cancel()
        self._limit = asyncio.get_running_loop().call_later(
            DELIVERY_LIMIT_SECONDS, self.post_message, _GiveUp(message, self._awaiting)
        )

    async def _next(self) -> None:
        """Send the next key typed ahead, once the screen it will go to is open and ready."""
        self._on_its_way = None
        self._in_flight = None
        screen = self.screen
        if screen is not self._settled:
            if self._typed_ahead:
                self._probe()
            return
        if not self._takes_keys(screen):
            self._awaiting = screen
            self._wait_for(None)
            return
        self._awaiting = None
        if self._limit is not None:
            self._limit.cancel()
            self._limit = None
        if self._typed_ahead:
            await self._deliver(self._typed_ahead.popleft())

    @on(KeyDelivered)
    async def _key_delivered(self, message: KeyDelivered) -> None:
        message.stop()
        if message is self._on_its_way:
            await self._next()

    @on(ScreenProbed)
    async def _screen_probed(self, message: ScreenProbed) -> None:
        message.stop()
        if message is not self._on_its_way:
            return
        if message.screen is self.screen:
            self._settled = message.screen
        await self._next()

    @on(ScreenReady)
    async def _screen_ready(self, message: ScreenReady) -> None:
        if message.screen is self._awaiting:
            self._awaiting = None
            await self._next()

    @on(_GiveUp)
    async def _give_up(self, message: _GiveUp) -> None:
        # Something never came back: let the keys go as things are rather than hold the keyboard.
        if message.waited_for is not self._on_its_way or message.screen is not self._awaiting:
            return
        self._settled = self._forced = self.screen
        self._awaiting = None
        await self._next()
