"""Hostile stored text on every screen: the app stays alive and shows what was typed, literally.

Names, rupture text and plans made of Rich/Textual markup ("[b]", "[@click=app.quit]", "[link=...]"), square
brackets that are not markup, emoji and combining marks are stored through the service (they are allowed:
they are only characters), then every screen is opened from the keyboard as a user would: the board, the
detail, every step form, the handover screen, people, patterns, help, the sheet form, and a change announced
from another terminal. Each must show the words as typed. Markup parsed anywhere would crash the board or
turn the words into styles, and the literal text would not be on the screen.

Control characters (escape sequences) are refused at input (tests/domain/test_validation.py); old data that
holds them is neutralised at output: the last test writes one straight into the file and opens the board.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.pilot import Pilot

from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.domain.enums import Role, RuptureKind
from handover.service import Service
from tests.app.helpers import board_app, wait_for_workers, wait_until
from tests.app.privacy_checks import screen_text
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard

SIZE = (200, 60)

YOUNG = "Ro[b]bin [red]Vale[/red]"
ADULT = "Ash [@click=app.quit]Lee[/]"
WHAT = "[bold red]he shouted[/bold red] at [link=file:///etc/passwd]tea[/link] 🙂 é"
PLAN = "Talk [i]after[/i] school [/]"


def literal(app: HandoverApp, *texts: str) -> None:
    """Each text is on the screen exactly as typed (markup parsed would have swallowed its brackets)."""
    shown = screen_text(app)
    missing = [t for t in texts if t not in shown]
    assert not missing, f"not shown literally on {type(app.screen).__name__}: {missing}"


async def on_screen(pilot: Pilot[None], key: str, *texts: str) -> None:
    """Press `key`, wait for a new screen to show the texts, check them, and go back with Escape."""
    app = pilot.app
    assert isinstance(app, HandoverApp)
    before = app.screen
    await pilot.press(key)
    await wait_until(pilot, lambda: app.screen is not before)
    await wait_for_workers(pilot)
    await wait_until(pilot, lambda: all(t in screen_text(app) for t in texts))
    literal(app, *texts)
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is before)


async def test_hostile_text_is_shown_literally_on_every_screen(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, service: Service
) -> None:
    young = service.add_young_person(YOUNG)
    adult = service.add_staff(ADULT, Role.STAFF)
    rupture = service.record_rupture(home.morgan, young, [adult], RuptureKind.HARSH_TONE, WHAT, owner=home.morgan)
    service.plan(home.morgan, rupture.id, PLAN)
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: f"r-{rupture.id}" in {k.value for k in board.rows})
        await wait_until(pilot, lambda: YOUNG in screen_text(app))
        literal(app, YOUNG, WHAT[:40])
        board.move_cursor(row=board.get_row_index(f"r-{rupture.id}"))
        await on_screen(pilot, "enter", YOUNG, ADULT, WHAT, PLAN)  # the detail and its timeline
        for key in "rptoea":  # every step form shows what happened above its fields
            await on_screen(pilot, key, WHAT)
        await on_screen(pilot, "h", ADULT)  # the handover screen
        await on_screen(pilot, "m", YOUNG, ADULT)  # people
        await on_screen(pilot, "s", YOUNG)  # patterns
        await on_screen(pilot, "question_mark", "Help")
        # Another terminal records a rupture in the same words: the board announces it and shows it.
        service.record_rupture(home.priya, young, [adult], RuptureKind.WITHDRAWAL, WHAT + " again")
        await wait_until(pilot, lambda: len(service.store.open_ruptures()) == 2 and board.row_count >= 4)
        await wait_until(pilot, lambda: (WHAT + " again")[:40] in screen_text(app))
        assert app.is_running
        await pilot.press("ctrl+p", *"sheet")  # the palette finds the sheet; its form names nobody's text
        await pilot.press("escape")
        assert app.is_running


async def test_old_data_with_an_escape_sequence_never_reaches_the_terminal(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, service: Service
) -> None:
    rupture = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice")
    # Written behind the program's back, as by a tool that does not check (the check will say so, too).
    with sqlite3.connect(db_path) as raw:
        raw.execute(
            "UPDATE ruptures SET what_happened = ? WHERE id = ?", ("I raised\x1b]0;pwned\x07 my voice", rupture.id)
        )
        raw.execute("UPDATE staff SET name = ? WHERE id = ?", ("Sam\x1b[2J Kell", home.sam.id))
        raw.execute("UPDATE young_people SET name = ? WHERE id = ?", ("Jordan\x1b[31m Mills", home.jordan.id))
        raw.execute("UPDATE settings SET value = ? WHERE key = 'home_name'", ("Larch\x1b]0;x\x07 House",))
    raw.close()
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)
        await wait_for_workers(pilot)
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "I raised" in shown and "my voice" in shown
        assert "Jordan␛[31m Mills" in shown  # the stand-in shows that something odd is stored
        board.move_cursor(row=board.get_row_index(f"r-{rupture.id}"))
        board_screen = app.screen
        for key in ("enter", "h", "m", "s", "r"):  # the detail, handover, people, patterns and a form
            await pilot.press(key)
            await wait_until(pilot, lambda: app.screen is not board_screen)
            await wait_for_workers(pilot)
            await pilot.pause()
            text = screen_text(app)
            assert "\x1b" not in text and "\x07" not in text, f"a control character on {type(app.screen).__name__}"
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is board_screen)
        assert "\x1b" not in app.title + app.sub_title  # the window title is not the terminal's to set
        assert app.is_running
