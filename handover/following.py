"""Screens and widgets that follow one of the app's settings while they are open (initials only, who is at the
keyboard, the theme), and letting go of a screen once it has closed.

Why not Textual's `widget.watch(app, ...)`: Textual keeps each such watcher on the app, holding the widget,
until the watched value next changes (Textualize/textual#6666). Initials only and who is signed in can stay
the same for a whole shift, so every closed detail, handover, people and patterns screen, and every form's
heading, stayed alive with what it held for as long as nobody pressed i or signed in. Here the app keeps
the followers itself and lets go of a closed one: the next time anyone follows, the next time the setting
changes, and when a screen closes.

What a closed screen leaves (`FollowingApp.pop_screen`), a moment after it has gone, while nobody types:

- its followers, forgotten;
- its Header, which Textual's own code keeps watching the app's title and subtitle: told them again,
  unchanged, Textual lets go of the closed ones;
- its widgets, which are garbage in cycles (each points at its parent) that only Python's collector frees:
  collected then (about 5 ms), not left to the collector to do in the middle of the next form's opening,
  the slowest tenth of `n` (10-40 ms; docs/PERFORMANCE.md);
- its TextArea, which Textual's own code keeps watching the theme (about 40 KB a form that has one): once
  an hour, if one has closed, the theme is applied again, unchanged, Textual lets go of the closed ones, and
  the whole collection runs (a restyle of every screen and a full collection, 50-100 ms: not at every close).

A closed screen still held when the app collects is looked at again later (LOOK_AGAIN_SECONDS). Something
still running for it holds it for a while: a read it started, if Escape came before it had loaded (on a busy
machine, CI saw this), or the handover screen's minute timer, which asyncio keeps until it would have fired.
Having lived through a collection, it has been moved to the oldest generation. The quick collection does not
look there, and Python's own collector may not look there for hours. So each later look collects every
generation (about 45 ms on five years of history), and only while a closed screen is still alive.
"""

from __future__ import annotations

import gc
import sys
import weakref
from typing import Any

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.dom import DOMNode
from textual.reactive import invoke_watcher
from textual.timer import Timer

#: How long after a screen closes what it left is let go of (see the module's doc).
COLLECT_AFTER_CLOSE_SECONDS = 0.3
#: When a closed screen still alive after that collection is looked at again, each after the one before (see
#: the module's doc). By the first, a read or a 2 s wait of the type-ahead that held it is over; by the last,
#: the minute timer Textual keeps for a closed handover screen or glance has gone. Two looks, not more: each
#: is a full collection, and after every sign-in the closed sign-in question and glance get both (idle CPU).
LOOK_AGAIN_SECONDS = (3.0, 60.0)
#: How often closed TextAreas are let go of, if any has closed.
TEXT_AREAS_SECONDS = 3600.0

Follower = tuple[DOMNode, Any]
"""A node and its callback: called with the new value, or (old, new), or nothing, as Textual's watchers are."""


class FollowingApp(App[None]):
    """An app whose screens and widgets follow its settings through `follow`, and which lets go of a screen
    and what it held once it has closed."""

    def __init__(self) -> None:
        super().__init__()
        self._followers: dict[str, list[Follower]] = {}
        self._collect_timer: Timer | None = None
        self._closed_screens: dict[weakref.ref[DOMNode], int] = {}
        """Screens closed and not yet known to be freed, with how many times each has been looked at again."""
        self._look_again_timer: Timer | None = None
        self._text_area_closed = False

    def on_mount(self) -> None:
        self.set_interval(TEXT_AREAS_SECONDS, self.let_go_of_text_areas)

    # -- following a setting ---------------------------------------------------------------------------
    def add_follower(self, node: DOMNode, attribute: str, callback: Any) -> None:
        self._followers[attribute] = [*self._open(attribute), (node, callback)]

    def tell_followers(self, attribute: str, old: object, new: object) -> None:
        """The setting `attribute` changed: tell each open follower (a watch method of the app calls this)."""
        followers = self._followers[attribute] = self._open(attribute)
        for node, callback in followers:
            invoke_watcher(node, callback, old, new)

    def _open(self, attribute: str) -> list[Follower]:
        return [(node, callback) for node, callback in self._followers.get(attribute, []) if node.is_attached]

    # -- letting go of a closed screen ---------------------------------------------------------------------
    def pop_screen(self) -> AwaitComplete:
        if _has_text_area(self.screen):
            self._text_area_closed = True
        self._closed_screens[weakref.ref(self.screen)] = 0
        done = super().pop_screen()
        if self._collect_timer is None:
            self._collect_timer = self.set_timer(COLLECT_AFTER_CLOSE_SECONDS, self.let_go_of_closed)
        else:  # closed again and again: let go of them all once
            self._collect_timer.reset()
        return done

    def let_go_of_closed(self) -> None:
        """Let go of what the screens closed since the last time left behind (see the module's doc)."""
        self._collect_timer = None
        self._forget_closed_followers()
        self.mutate_reactive(App.title)
        self.mutate_reactive(App.sub_title)
        gc.collect(1)
        self._look_again()

    def _forget_closed_followers(self) -> None:
        for attribute in list(self._followers):
            self._followers[attribute] = self._open(attribute)

    def _look_again(self) -> None:
        """If a closed screen is still alive, look again after the next of LOOK_AGAIN_SECONDS. One still alive
        after the last look is forgotten: something holds it for good, and looking again at every close after
        would cost a full collection each time for nothing (Python's own collector frees it if it ever can)."""
        last = len(LOOK_AGAIN_SECONDS)
        self._closed_screens = {ref: n for ref, n in self._closed_screens.items() if ref() is not None and n < last}
        if self._look_again_timer is not None:
            self._look_again_timer.stop()
            self._look_again_timer = None
        if self._closed_screens:
            wait = LOOK_AGAIN_SECONDS[min(self._closed_screens.values())]
            self._look_again_timer = self.set_timer(wait, self._looked_again)

    def _looked_again(self) -> None:
        self._look_again_timer = None
        if any(ref() is not None for ref in self._closed_screens):
            # Followers only: the title is not told again here. Telling it repaints the whole screen (it is the
            # app's), and the Headers it lets go of were let go of at the close (benchmarks/write_storm.py
            # found a look's repaint drawn over its first key).
            self._forget_closed_followers()
            gc.collect()  # every generation: a screen held through the first collection is among the oldest
        self._closed_screens = {ref: looks + 1 for ref, looks in self._closed_screens.items()}
        self._look_again()

    def let_go_of_text_areas(self) -> None:
        """Let go of the TextAreas on screens closed since the last time (see the module's doc)."""
        if self._text_area_closed:
            self._text_area_closed = False
            self.mutate_reactive(App.theme)
            gc.collect()  # all of it: a closed TextArea has been kept long enough to be among the oldest


def _has_text_area(screen: DOMNode) -> bool:
    """Whether `screen` holds a TextArea. Textual's TextArea module is looked up, not imported: importing it
    costs about 7 ms before the board's first frame, and until a form has imported it no TextArea exists."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and bool(screen.query(module.TextArea))


def follow(node: DOMNode, attribute: str, callback: Any, *, init: bool = False) -> None:
    """Call `callback` whenever the app's `attribute` changes, while `node` is on a screen (and once now, with
    `init`). In an app that is not a FollowingApp (a widget's own test) there is nothing to follow."""
    app = node.app
    if not isinstance(app, FollowingApp):
        return
    if init:
        value = getattr(app, attribute)
        invoke_watcher(node, callback, value, value)
    app.add_follower(node, attribute, callback)
