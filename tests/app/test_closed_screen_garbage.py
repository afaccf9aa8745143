"""A closed screen is freed a moment after it closes, with its widgets: nothing of the app's keeps it (a screen
or widget following a setting lets go as it closes: handover/following.py), and the app collects what it
left in cycles rather than leaving Python's collector to, in the middle of whatever opens next
(handover/app.py, `pop_screen`; docs/PERFORMANCE.md).

A screen still held when the app collects (a read still running for it) is freed by the app's later look,
which collects every generation. A screen with a timer of its own (the handover screen's once a minute) is
held by asyncio, through the timer it cancelled, until that timer would have fired: freed by the look a
minute later, and not tested here."""

from __future__ import annotations

import gc
import threading
import types
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Header, TextArea

from handover import following
from handover.clock import FrozenClock
from handover.following import COLLECT_AFTER_CLOSE_SECONDS
from handover.screens.board import BoardScreen
from handover.screens.detail import DetailScreen
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.service import Service
from tests.app.helpers import board_app, board_screen, wait_until
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Python's own collector off, so only the app's collections free what is in cycles; the generation of
    each collection that ran, in order."""
    ran: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            ran.append(info["generation"])

    gc.collect()
    gc.disable()
    gc.callbacks.append(seen)
    try:
        yield ran
    finally:
        gc.callbacks.remove(seen)
        gc.enable()


def ours(widget: DOMNode) -> bool:
    return type(widget).__module__.split(".")[0] in ("handover", "widgets")


def holders(refs: list[weakref.ref[Any]]) -> str:
    """What is still alive, and the types of what refers to it (to say what kept it, if this ever fails)."""
    alive = [ref() for ref in refs if ref() is not None]
    said = []
    for thing in alive[:3]:
        kinds = sorted({type(r).__name__ for r in gc.get_referrers(thing) if not isinstance(r, types.FrameType)})
        said.append(f"{thing!r} <- {', '.join(kinds)}")
    return f"{len(alive)}: " + "; ".join(said)


#: How long a test waits for a closed screen to be freed: well past the app's first look again (3 s).
FREED_WITHIN_SECONDS = 15.0


async def wait_until_freed(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """`wait_until`, for as long as FREED_WITHIN_SECONDS: a closed screen something still held through the app's
    first collection is freed by the app's next look, seconds later."""
    waited = 0.0
    while not condition():
        if waited >= FREED_WITHIN_SECONDS:
            raise AssertionError(f"not freed within {FREED_WITHIN_SECONDS} s")
        await pilot.pause(0.05)
        waited += 0.05


def freed(ref: weakref.ref[Any]) -> bool:
    gc.collect(1)  # what the app's collection does; nothing of the app's must keep it from being freed
    return ref() is None


@pytest.mark.parametrize(
    ("key", "screen_type"),
    [("n", NewRuptureForm), ("enter", DetailScreen)],
    ids=["new rupture form", "detail"],
)
async def test_a_closed_screen_is_freed_a_moment_after_it_closes(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    collections: list[int],
    key: str,
    screen_type: type,
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=(130, 50)) as pilot:
        board = (await board_screen(pilot)).query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        board.move_cursor(row=board.get_row_index(f"r-{seeded['jordan_overdue']}"))
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, screen_type))
        await pilot.pause(0.3)  # read what it shows, its followers registered
        closed = weakref.ref(app.screen)
        # The screen, the widgets of this project's own, and Textual's Header (which watches the app's title):
        # what the app lets go of. Textual's own widgets with a timer or a watcher of their own (an Input's
        # blinking cursor; a TextArea, until the theme is applied again: the next test) Textual frees itself.
        widgets = [weakref.ref(w) for w in app.screen.walk_children() if ours(w) or isinstance(w, Header)]
        collections.clear()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.pause(COLLECT_AFTER_CLOSE_SECONDS)
        await wait_until(pilot, lambda: 1 in collections)  # the app collected, by itself, once it had closed
        try:
            await wait_until_freed(pilot, lambda: freed(closed) and all(freed(widget) for widget in widgets))
        except AssertionError:
            raise AssertionError(f"still alive: {holders([closed, *widgets])}") from None


async def test_a_screen_closed_while_still_loading_is_freed_once_its_read_is_done(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    collections: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Escape before the detail has loaded, on a machine slow to read: the read goes on in its thread after the
    # screen has closed and holds it through the app's collection, which moves it to the oldest generation.
    # CI saw this under load: collected only once, the screen stayed. The app looks again (LOOK_AGAIN_SECONDS).
    read = Service.rupture_detail
    release = threading.Event()

    def slow(self: Service, rupture_id: int) -> Any:
        release.wait(10)
        return read(self, rupture_id)

    monkeypatch.setattr(Service, "rupture_detail", slow)
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=(130, 50)) as pilot:
        board = (await board_screen(pilot)).query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        board.move_cursor(row=board.get_row_index(f"r-{seeded['jordan_overdue']}"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
        closed = weakref.ref(app.screen)
        collections.clear()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: 1 in collections)
        assert not freed(closed)  # its read still running
        release.set()
        try:
            await wait_until_freed(pilot, lambda: closed() is None)  # by the app's own look, 3 s later
        except AssertionError:
            raise AssertionError(f"still alive: {holders([closed])}") from None
        assert 2 in collections


async def test_a_closed_screen_held_for_good_is_looked_at_again_only_so_many_times(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    collections: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each look collects every generation (tens of milliseconds on a real history): a screen something holds
    # for good must not cost that at every close from then on.
    monkeypatch.setattr(following, "LOOK_AGAIN_SECONDS", (0.1, 0.2))
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=(130, 50)) as pilot:
        await board_screen(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        kept = app.screen  # held for good
        collections.clear()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: collections.count(2) == 2)
        assert collections[0] == 1  # the quick one at the close, then one full collection a look
        await pilot.pause(0.6)
        assert collections.count(2) == 2, "looked at again after the last look"
        assert isinstance(kept, NewRuptureForm)


async def test_a_closed_forms_text_area_is_let_go_of_within_the_hour(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, collections: list[int]
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=(130, 50)) as pilot:
        await board_screen(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        text_area = weakref.ref(app.screen.query_one(TextArea))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.pause(COLLECT_AFTER_CLOSE_SECONDS + 0.2)
        assert not freed(text_area)  # Textual still watches the theme for it (Textualize/textual#6666)
        collections.clear()
        theme = app.theme
        app.let_go_of_text_areas()  # what the hourly timer calls
        assert collections == [2]  # all of it, at once
        assert text_area() is None
        assert app.theme == theme  # applied again, the same
