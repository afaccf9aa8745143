"""Signing in with a PIN, the privacy lock (l, ctrl+l, idle), initials only (i), PINs from the people screen,
and the board's start: an altered database opened to say so, the day's backup made (not for the demo).

Real SQLite files, a frozen clock (20:00 London time), Pilot at a fixed size."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from db.store import Store
from handover.app import HandoverApp, make_app
from handover.cli import cli
from handover.clock import FrozenClock
from handover.config import Config
from handover.dialogs.pin import PinScreen
from handover.domain.names import initials_mask
from handover.domain.pins import SignInRefused
from handover.screens.board import BoardScreen
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.screens.glance import GlanceScreen
from handover.screens.lock import LockScreen
from handover.screens.people import PeopleScreen
from handover.screens.who import WhoScreen
from handover.service import Service
from tests.app.helpers import board_app, board_screen, wait_for_workers, wait_until
from tests.app.toasts import Toasts, record_toasts
from tests.conftest import HOME_NAME, Home
from widgets.initials import masked_text
from widgets.rupture_board import RuptureBoard

SIZE = (130, 36)
PIN = "2580"
"""Morgan Blake's PIN (the manager), set by the `pins` fixture."""


@pytest.fixture
def pins(service: Service, home: Home) -> None:
    """The manager and the shift lead have PINs; Sam and Dev have none yet."""
    service.set_pin(home.morgan, home.morgan, PIN)
    service.set_pin(home.morgan, home.priya, "4711")


def screen_text(app: HandoverApp) -> str:
    """Everything on the terminal as rendered, as plain text (from the SVG a screenshot makes; its window
    title, which is not on the screen, fixed)."""
    svg = app.export_screenshot(title="handover")
    return unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def names_in(text: str, home: Home, *, home_name: bool = True) -> list[str]:
    """Every word of every person's name (and the home's, unless told not to) that shows in `text`."""
    names = [p.name for p in home.young_people] + [s.name for s in home.staff]
    words = {w for name in names for w in name.split()}
    words |= set(HOME_NAME.split()) if home_name else set()
    return sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", text))


@pytest.fixture(autouse=True)
def toasts(monkeypatch: pytest.MonkeyPatch) -> Toasts:
    """Every notification shown, recorded as the app hands it to Textual."""
    return record_toasts(monkeypatch)


async def board_loaded(pilot: Pilot[None]) -> RuptureBoard:
    board = (await board_screen(pilot)).query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    return board


async def sign_in_open(pilot: Pilot[None]) -> WhoScreen:
    """Wait for the sign-in, its list read from the database. A board started with nobody signed in in a home
    that uses PINs shows the glance first (tests/app/test_glance.py): Enter there opens the sign-in."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen | GlanceScreen))
    if isinstance(app.screen, GlanceScreen):
        await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen) and app.screen.roster is not None)
    assert isinstance(app.screen, WhoScreen)
    return app.screen


async def pick(pilot: Pilot[None], letters: str) -> WhoScreen:
    who = await sign_in_open(pilot)
    await pilot.press(*letters, "enter")
    await pilot.pause()
    return who


async def type_pin(pilot: Pilot[None], who: WhoScreen, pin: str) -> str:
    """Type a PIN, Enter, and wait for the answer; returns the message under the PIN ('' once signed in)."""
    await wait_until(pilot, lambda: who.person is not None)
    await pilot.press(*pin, "enter")
    await wait_until(pilot, lambda: not who._checking and (not who.is_attached or "Checking" not in pin_message(who)))
    return pin_message(who) if who.is_attached else ""


def pin_message(who: WhoScreen) -> str:
    return str(who.query_one("#who-pin-message", Static).render())


async def unlock_as(pilot: Pilot[None], letters: str, pin: str) -> None:
    app = pilot.app
    assert isinstance(app, HandoverApp)
    assert isinstance(app.screen, LockScreen)
    await pilot.press("enter")
    who = await pick(pilot, letters)
    assert await type_pin(pilot, who, pin) == ""
    await wait_until(pilot, lambda: not app.locked)


def audit_actions(store: Store) -> list[tuple[str, dict[str, Any]]]:
    return [(r["action"], json.loads(r["detail"])) for r in store.rows("SELECT action, detail FROM audit ORDER BY id")]


# -- signing in -------------------------------------------------------------------------------------------
async def test_the_board_starts_locked_and_the_right_pin_opens_it(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=SIZE) as pilot:
        who = await sign_in_open(pilot)  # from the glance, with Enter
        assert app.locked and isinstance(app.screen_stack[-2], GlanceScreen)
        # On-shift people would come first; nobody is marked on, so by name, with role and PIN state.
        listed = [str(o.prompt) for o in who.query_one("#who-list", OptionList).options]
        assert [line.split("  ")[0] for line in listed] == ["Dev Okafor", "Morgan Blake", "Priya Shah", "Sam Kell"]
        assert "manager · off shift" in listed[1] and "no PIN" in listed[0] and "no PIN" not in listed[1]
        # It may wait for hours with nobody at the keyboard: a steady cursor, not one redrawn twice a second.
        assert not any(field.cursor_blink for field in who.query(Input))
        await pilot.press(*"morg", "enter")
        assert await type_pin(pilot, who, PIN) == ""
        await wait_until(pilot, lambda: not app.locked)
        assert isinstance(app.screen, BoardScreen)
        assert app.actor is not None and app.actor.id == home.morgan.id
        assert app.sub_title == "at the keyboard: Morgan Blake"
    assert ("sign-in", {"via": "board"}) in audit_actions(store)


async def test_a_wrong_pin_says_how_many_tries_are_left(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=SIZE) as pilot:
        who = await pick(pilot, "morgan")
        message = await type_pin(pilot, who, "1357")
        assert message == "That is not Morgan Blake's PIN. 4 more tries before sign-in locks for 5 minutes."
        assert who.query_one("#who-pin", Input).value == ""  # emptied for the next try; never shown
        assert app.locked and app.actor is None


async def test_five_wrong_pins_lock_sign_in_until_a_time(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, service: Service
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=SIZE) as pilot:
        who = await pick(pilot, "morgan")
        for _ in range(4):
            await type_pin(pilot, who, "1357")
        message = await type_pin(pilot, who, "1357")
        locked = "Too many wrong PINs for Morgan Blake: sign-in is locked until 20:05. Ask a shift lead or wait."
        assert message == locked
        # Even the right PIN is refused while locked.
        assert await type_pin(pilot, who, PIN) == locked
        # Back to the names: the list says so beside the name; someone else can still sign in.
        await pilot.press("escape")
        await wait_until(pilot, lambda: "locked until 20:05" in str(who.query_one("#who-list", OptionList).options))
        await pilot.press(*"priya", "enter")
        assert await type_pin(pilot, who, "4711") == ""
        await wait_until(pilot, lambda: not app.locked)
        assert app.actor is not None and app.actor.id == home.priya.id
    assert service.pin_status(home.morgan).locked_until == clock.now() + timedelta(minutes=5)


async def test_someone_without_a_pin_is_let_in_with_a_warning(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    pins: None,
    store: Store,
    toasts: Toasts,
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await pilot.press("w")  # switch person
        who = await pick(pilot, "dev")
        await wait_until(pilot, lambda: not who.is_attached)
        assert app.actor is not None and app.actor.id == home.dev.id
        assert "No PIN set for Dev Okafor: ask a manager to set one." in toasts.messages()
        assert app.sub_title == "at the keyboard: Dev Okafor (no PIN set)"
    assert ("sign-in", {"via": "board", "pin": "not set"}) in audit_actions(store)


async def test_the_lock_needs_a_pin_once_the_home_uses_them(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=SIZE) as pilot:
        who = await pick(pilot, "sam")
        message = str(who.query_one("#who-pick-message", Static).render())
        assert message.startswith("No PIN set for Sam Kell: ask a manager to set one.")
        assert app.locked and app.actor is None
        await pilot.press("escape")  # back to the lock screen, not to the board
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_a_home_without_pins_signs_in_by_name(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_open(pilot)
        # Nothing to check a PIN against: the board is not locked at the start, it asks who over the board.
        assert not app.locked and isinstance(app.screen_stack[-2], BoardScreen)
        who = await pick(pilot, "sam")
        await wait_until(pilot, lambda: not who.is_attached)
        assert app.actor is not None and app.actor.id == home.sam.id
        assert isinstance(app.screen, BoardScreen)


# -- the privacy lock -------------------------------------------------------------------------------------
async def test_the_lock_key_hides_every_name_at_once(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, toasts: Toasts
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        assert names_in(screen_text(app), home)  # the test can see names when they are there
        app.notify("Saved: rupture #1 for Jordan Mills", title="Saved")
        await pilot.press("l")
        assert isinstance(app.screen, LockScreen)
        await pilot.pause()
        text = screen_text(app)
        assert "handover — locked." in text and "Press Enter to sign in." in text
        assert names_in(text, home) == []
        # A notification arriving while locked waits for the unlock.
        app.notify("Rupture #2 is no longer open. The cursor is on Riley Tanaka.")
        await pilot.pause()
        assert names_in(screen_text(app), home) == []
        # Even one handed straight to Textual, past the lock's hold, shows no toast on the lock screen.
        App.notify(app, "Rupture #3 for Casey Doyle was saved.")
        await pilot.pause()
        assert names_in(screen_text(app), home) == []
        await unlock_as(pilot, "morgan", PIN)
        assert "Rupture #2 is no longer open. The cursor is on Riley Tanaka." in toasts.messages()


async def test_a_form_keeps_its_text_through_lock_and_unlock(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, toasts: Toasts
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        form = app.screen
        form.query_one("#what", TextArea).focus()
        await pilot.press(*"I lost my temper at tea")
        await pilot.press("ctrl+l")  # l would be typed: ctrl+l locks from inside a form
        assert isinstance(app.screen, LockScreen)
        assert form in app.screen_stack
        assert names_in(screen_text(app), home) == []
        await unlock_as(pilot, "priya", "4711")  # someone else may unlock
        assert app.screen is form
        assert form.query_one("#what", TextArea).text == "I lost my temper at tea"
        assert any("A form Morgan Blake was filling in is still open" in n for n in toasts.messages())


async def test_a_screen_closing_under_the_lock_leaves_the_lock_up(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, toasts: Toasts
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        form = app.screen
        await pilot.press("ctrl+l")
        form.dismiss(None)  # as a save finishing just after the lock came down does
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert names_in(screen_text(app), home) == []
        await unlock_as(pilot, "priya", "4711")
        # The form closed as the lock lifted: the board shows, and nobody is told a form is still open.
        assert isinstance(app.screen, BoardScreen)
        assert form not in app.screen_stack
        assert not toasts.any("still open")
        await pilot.press("n")  # and the screens work as before
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))


async def test_the_board_locks_itself_after_five_idle_minutes(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan, lock_after_minutes=5)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        clock.advance(timedelta(minutes=3))
        await pilot.press("down")  # someone is here: the five minutes start again
        clock.advance(timedelta(minutes=4, seconds=59))
        app.check_idle_lock()
        assert not app.locked
        clock.advance(timedelta(seconds=1))
        app.check_idle_lock()
        assert app.locked and isinstance(app.screen, LockScreen)
        await pilot.pause()
        assert names_in(screen_text(app), home) == []
        await unlock_as(pilot, "morgan", PIN)
        clock.advance(timedelta(minutes=4))
        app.check_idle_lock()
        assert not app.locked  # the unlock counts as someone being here
        # A sign-in left open over the lock (it lists the staff) goes back to the neutral screen too.
        clock.advance(timedelta(minutes=1))
        app.check_idle_lock()
        await pilot.press("enter")
        await sign_in_open(pilot)
        clock.advance(timedelta(minutes=5))
        app.check_idle_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


def test_the_locked_screen_snapshot(
    snap_compare: Any, db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    async def locked(pilot: Pilot[None]) -> None:
        await board_loaded(pilot)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(board_app(db_path, clock, tz, actor=home.sam), terminal_size=(100, 20), run_before=locked)


# -- initials only ----------------------------------------------------------------------------------------
async def test_initials_only_shows_jm_not_jordan_mills(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_loaded(pilot)
        head = f"yp-{home.jordan.id}"
        assert str(board.get_cell(head, "who")) == "Jordan Mills"
        await pilot.press("i")
        await pilot.pause()
        assert str(board.get_cell(head, "who")) == "JM"
        overdue = f"r-{seeded['jordan_overdue']}"
        assert board.row_texts(overdue)["adults"] == "SK"  # shown or not at this width
        assert str(board.get_cell(overdue, "owner")).startswith("SK")
        assert app.sub_title == "at the keyboard: SK · initials only"
        assert names_in(screen_text(app), home, home_name=False) == []  # the header still names the home
        await pilot.press("i")
        await pilot.pause()
        assert str(board.get_cell(head, "who")) == "Jordan Mills"
        assert app.sub_title == "at the keyboard: Sam Kell"


def test_initials_keep_each_part_s_style() -> None:
    mask = initials_mask(("Jordan Mills", "Sam Kell", "Sam Osei"))
    cell = Text.assemble(("Jordan Mills", "bold"), ("  #12", "dim"))
    masked = masked_text(cell, mask)
    assert masked.plain == "JM  #12"
    assert [(masked.plain[s.start : s.end], str(s.style)) for s in masked.spans] == [("JM", "bold"), ("  #12", "dim")]
    plain = Text("Sam said sorry to Jordan", style="italic")
    assert masked_text(plain, mask).plain == "S. said sorry to JM"
    assert masked_text(plain, mask).style == "italic"
    untouched = Text("nothing open")
    assert masked_text(untouched, mask) is untouched


# -- PINs from the people screen --------------------------------------------------------------------------
async def open_staff(app: HandoverApp, pilot: Pilot[None], staff_id: int) -> PeopleScreen:
    await board_loaded(pilot)
    await pilot.press("m")
    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen._snapshot is not None)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    staff_list = screen.query_one("#staff-list", OptionList)
    staff_list.focus()
    staff_list.highlighted = [o.id for o in staff_list.options].index(f"staff-{staff_id}")
    await pilot.pause()
    return screen


async def test_a_manager_sets_a_pin_typed_twice(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    pins: None,
    service: Service,
    toasts: Toasts,
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        people = await open_staff(app, pilot, home.sam.id)
        assert "no PIN" in str(people.query_one("#staff-list", OptionList).get_option(f"staff-{home.sam.id}").prompt)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen))
        dialog = app.screen
        await pilot.press(*"1234", "enter")  # too easy to guess: said before the second field
        assert "too easy to guess" in str(dialog.query_one("#pin-error", Static).render())
        await pilot.press(*["backspace"] * 4, *"3691", "enter", *"3690", "enter")
        assert "not the same" in str(dialog.query_one("#pin-error", Static).render())
        await pilot.press(*"3691", "enter", *"3691", "enter")
        await wait_until(pilot, lambda: app.screen is people)
        assert "PIN set for Sam Kell." in toasts.messages()
    assert service.has_pin(home.sam)
    assert service.sign_in(home.sam, "3691").id == home.sam.id


async def test_staff_are_refused_plainly_before_typing_a_pin(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, toasts: Toasts
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        people = await open_staff(app, pilot, home.dev.id)
        await pilot.press("p")
        await wait_until(pilot, lambda: any("Sam Kell is staff" in n for n in toasts.messages()))
        assert app.screen is people
        await pilot.press("u")
        await wait_until(pilot, lambda: sum("Sam Kell is staff" in n for n in toasts.messages()) == 2)


async def test_a_manager_lifts_a_lock_out(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    pins: None,
    service: Service,
    toasts: Toasts,
) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            service.sign_in(home.priya, "1357")
    assert service.pin_status(home.priya).locked_until is not None
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        people = await open_staff(app, pilot, home.priya.id)
        prompt = str(people.query_one("#staff-list", OptionList).get_option(f"staff-{home.priya.id}").prompt)
        assert "sign-in locked until 20:05" in prompt
        await pilot.press("u")
        await wait_until(pilot, lambda: "Priya Shah can sign in again." in toasts.messages())
    assert service.pin_status(home.priya).locked_until is None
    assert service.sign_in(home.priya, "4711").id == home.priya.id


# -- the board's start ------------------------------------------------------------------------------------
@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[HandoverApp]:
    """The board command's app is built but not run; returns the apps built."""
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv("HANDOVER_BACKUP_DIR", raising=False)
    monkeypatch.setenv("HANDOVER_SETTINGS", str(tmp_path / "settings.toml"))
    built: list[HandoverApp] = []
    monkeypatch.setattr(HandoverApp, "run", lambda self, *a, **k: built.append(self))
    return built


def test_the_board_command_opens_an_altered_database_to_say_so(
    cli_env: list[HandoverApp], db_path: Path, seeded: dict[str, int], store: Store
) -> None:
    """An entry edited behind the board's back: the board still opens (the open ruptures stay in view), and
    checks the record after its first frame; its banner says what was altered (tests/app/test_integrity_banner.py)."""
    from tests.db.test_integrity import behind_the_boards_back

    store.close()
    behind_the_boards_back(db_path, ("UPDATE events SET payload = ? WHERE id = 1", ('{"what": "nothing happened"}',)))
    result = CliRunner().invoke(cli, ["board", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert len(cli_env) == 1 and cli_env[0].backups  # the real board, which checks the record once it is up


def test_the_board_command_makes_backups_and_the_demo_does_not(
    cli_env: list[HandoverApp], db_path: Path, seeded: dict[str, int], tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["board", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert cli_env[-1].backups
    result = CliRunner().invoke(cli, ["demo", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert not cli_env[-1].backups


async def test_the_day_s_backup_is_made_once_the_board_is_up(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    config = Config(db=db_path, poll_seconds=0.02, lock_after_minutes=0, backup_dir=folder)
    app = make_app(db_path, clock=clock, tz=tz, config=config, actor=home.sam, backups=True)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await wait_until(pilot, lambda: len(list(folder.glob("handover-*.db"))) == 1)
        assert [p.name for p in folder.glob("handover-*.db")] == ["handover-2026-11-27T2000.db"]
        app.daily_backup()  # the hourly look: today's copy exists, so nothing more
        await wait_for_workers(pilot)  # the look has run to its end
        assert len(list(folder.glob("handover-*.db"))) == 1
    # Tests (and the demo) make none unless asked.
    assert not board_app(db_path, clock, tz).backups


async def test_a_failed_backup_is_a_notification_not_a_crash(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, tmp_path: Path, toasts: Toasts
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    config = Config(db=db_path, poll_seconds=0.02, lock_after_minutes=0, backup_dir=blocked)
    app = make_app(db_path, clock=clock, tz=tz, config=config, actor=home.sam, backups=True)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await wait_until(pilot, lambda: any("backup was not made" in n for n in toasts.messages()))
        assert isinstance(app.screen, BoardScreen)
