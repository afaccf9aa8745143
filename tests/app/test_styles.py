"""The two stylesheets (handover/styles.py): the start sheet styles the first frame exactly as the whole sheet
would, every other screen names the screens' sheet so it is styled whenever it opens, and a screen opened
after the read does not make Textual read and restyle again."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path, PurePath
from typing import Any

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from handover import preload
from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.screens.glance import GlanceScreen
from handover.screens.help import HelpScreen
from handover.screens.who import WhoScreen
from handover.service import Service
from handover.styles import SCREENS_CSS, read_screens_css
from tests.app.helpers import board_app, board_screen, wait_until
from tests.conftest import Home

#: What a board's first frame can show: the board, and over it the sign-in, the privacy lock or the glance.
#: They are styled by the start sheet alone.
FIRST_FRAME_SCREENS = {"BoardScreen", "WhoScreen", "LockScreenBase", "LockScreen", "GlanceScreen"}


def handover_screens() -> list[type[Screen[object]]]:
    """Every Screen class the app defines, from every module the board's keys (or a new home) can open."""
    for name in (*preload.SCREEN_MODULES, "handover.screens.first_run", "handover.screens.board"):
        importlib.import_module(name)
    found: list[type[Screen[object]]] = []
    pending: list[type[Screen[object]]] = [Screen]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("handover.") and not inspect.isabstract(sub):
                found.append(sub)
    return found


def test_every_other_screen_names_the_screens_sheet() -> None:
    screens = handover_screens()
    names = {cls.__name__ for cls in screens}
    assert {"DetailScreen", "HelpScreen", "NewRuptureForm", "PatternsScreen", "FirstRunScreen"} <= names
    assert FIRST_FRAME_SCREENS <= names
    for cls in screens:
        css_path = cls.CSS_PATH
        paths = [css_path] if isinstance(css_path, str | PurePath) else list(css_path or [])
        if cls.__name__ in FIRST_FRAME_SCREENS:
            assert SCREENS_CSS not in paths, f"{cls.__name__} would have the screens' sheet read before the first frame"
        else:
            assert paths == [SCREENS_CSS], f"{cls.__name__} is not styled if it opens before the sheet is read"


def styles_shown(app: App[Any]) -> dict[str, str]:
    """Every node on every screen in the stack, with the CSS it is drawn with."""
    return {
        f"{screen.__class__.__name__}/{node.css_identifier}/{index}": node.styles.css
        for screen in app.screen_stack
        for index, node in enumerate(screen.walk_children(with_self=True))
    }


def reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at every parse of the whole stylesheet again."""
    seen: list[int] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        seen.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return seen


@pytest.fixture
def unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The board never reads the screens' sheet by itself: the test says when."""
    monkeypatch.setattr(HandoverApp, "read_screens_css", lambda self: None)


@pytest.mark.parametrize("pins", [False, True], ids=["sign-in", "glance"])
async def test_the_first_frame_is_styled_as_the_whole_sheet_would_style_it(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    service: Service,
    home: Home,
    seeded: dict[str, int],
    pins: bool,
    unread: None,
) -> None:
    if pins:
        service.set_pin(home.morgan, home.morgan, "2580")
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        first = GlanceScreen if pins else WhoScreen
        await wait_until(pilot, lambda: isinstance(app.screen, first))
        await board_screen(pilot)
        await pilot.pause()
        assert not app.stylesheet.has_source(SCREENS_CSS, "")
        before = styles_shown(app)

        read_screens_css(app)  # what the board does a moment after its first frame
        assert app.stylesheet.has_source(SCREENS_CSS, "")
        for screen in app.screen_stack:  # every node styled again, now by both sheets
            app.stylesheet.update(screen)
        await pilot.pause()
        assert styles_shown(app) == before  # no rule of the screens' sheet touches what the first frame shows


async def test_the_board_reads_the_screens_sheet_after_its_first_frame_and_no_screen_reads_it_again(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_screen(pilot)
        await wait_until(pilot, lambda: app.stylesheet.has_source(SCREENS_CSS, ""))
        seen = reparses(monkeypatch)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await pilot.press("down", "enter")  # the first rupture's detail (the first line is its young person)
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        assert seen == [], "a screen opened after the read parsed the whole stylesheet again"


async def test_a_screen_opened_before_the_read_is_styled_all_the_same(
    db_path: Path, clock: FrozenClock, tz: object, service: Service, home: Home, unread: None
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(120, 40)) as pilot:
        await board_screen(pilot)
        assert not app.stylesheet.has_source(SCREENS_CSS, "")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert app.stylesheet.has_source(SCREENS_CSS, "")  # Textual read it at the push
        box = app.screen.query_one(".help")
        assert box.styles.width is not None and box.styles.width.value == 116  # screens.tcss: `.help { width: 116 }`
        assert box.styles.border_top[0] == "thick"
