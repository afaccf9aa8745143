"""Type-ahead is never lost: keys typed while a form or screen opens land where they would have gone had the
user waited (handover/typeahead.py). Each test types a whole burst at a terminal's speed (`burst`: every key
on the app's queue before it handles the first), and most also through Pilot in one `press` call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

import handover.typeahead
from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.domain.enums import EventKind, RuptureKind, Severity, Status
from handover.screens.board import BoardScreen
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.screens.forms.reassign import ReassignForm
from handover.screens.forms.reopen import ReopenForm
from handover.screens.glance import GlanceScreen
from handover.screens.who import WhoScreen
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.app.typing_ahead import burst, typed
from tests.conftest import Home
from widgets.choice_field import ChoiceField
from widgets.rupture_board import RuptureBoard

SIZE = (130, 50)

#: The keys of a practised user recording a rupture, with no pause anywhere, not even after `n`.
RECORDING = [
    "n",
    *typed("ca"),  # Casey Doyle
    "tab",
    *typed("SK"),  # Sam Kell, by initials
    "tab",
    "c",  # kind: cutting remark
    "tab",
    "2",  # severity: significant
    "tab",
    *typed("Casey said I was useless and I snapped back"),
    "tab",
    *typed("19:40"),
    "tab",
    *typed("dev"),  # the owner: Dev Okafor
    "tab",
    *typed("IR-7"),
]

Press = Callable[[Pilot[None], list[str]], Awaitable[None]]


async def at_terminal_speed(pilot: Pilot[None], names: list[str]) -> None:
    await burst(pilot, *names)


async def through_pilot(pilot: Pilot[None], names: list[str]) -> None:
    await pilot.press(*names)


HOW = pytest.mark.parametrize("press", [at_terminal_speed, through_pilot], ids=["terminal", "pilot"])


async def board_loaded(pilot: Pilot[None]) -> RuptureBoard:
    board = pilot.app.screen.query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    return board


def value(app: HandoverApp, field: str) -> str:
    widget = app.screen.query_one(f"#{field}")
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Input | ChoiceField)
    return widget.value


@HOW
async def test_a_burst_straight_after_n_lands_in_every_field(
    press: Press, db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await press(pilot, RECORDING)
        assert isinstance(app.screen, NewRuptureForm)
        assert value(app, "young_person-input") == "Casey Doyle"  # completed as the Tab left it
        assert value(app, "adult-input") == "Sam Kell"
        assert value(app, "kind") == RuptureKind.CUTTING_REMARK.value
        assert value(app, "severity") == Severity.SIGNIFICANT.value
        assert value(app, "what") == "Casey said I was useless and I snapped back"
        assert value(app, "when") == "19:40"
        assert value(app, "owner-input") == "Dev Okafor"
        assert value(app, "incident_ref") == "IR-7"


@HOW
async def test_ctrl_s_typed_ahead_saves_what_was_typed_before_it(
    press: Press, db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_loaded(pilot)
        await press(pilot, [*RECORDING, "ctrl+s"])
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        recorded = [r for r in service.store.open_ruptures() if r.young_person_id == home.casey.id]
        assert len(recorded) == 1
        rupture = recorded[0]
        assert (rupture.kind, rupture.severity, rupture.adult_ids, rupture.owner_id, rupture.incident_ref) == (
            RuptureKind.CUTTING_REMARK,
            Severity.SIGNIFICANT,
            (home.sam.id,),
            home.dev.id,
            "IR-7",
        )
        assert rupture.what_happened == "Casey said I was useless and I snapped back"
        assert rupture.occurred_at.astimezone(tz).strftime("%H:%M") == "19:40"  # type: ignore[arg-type]
        await wait_until(pilot, lambda: f"r-{rupture.id}" in [str(r.key.value) for r in board.ordered_rows])


@HOW
async def test_a_tab_after_a_name_moves_on_and_the_rest_goes_in_the_next_field(
    press: Press, db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    # The "zainZainab is on tomorrow": the Tab was swallowed and the reason went into the name.
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_loaded(pilot)
        board.move_cursor(row=board.get_row_index(f"r-{seeded['riley_unowned']}"))
        await press(pilot, ["o", *typed("dev"), "tab", *typed("Dev is on tomorrow")])
        assert isinstance(app.screen, ReassignForm)
        assert value(app, "owner-input") == "Dev Okafor"
        assert value(app, "reason") == "Dev is on tomorrow"


async def test_keys_after_a_save_go_to_the_board_and_open_the_next_form(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    app = board_app(db_path, clock, tz, actor=home.dev)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_loaded(pilot)
        board.move_cursor(row=board.get_row_index(f"r-{seeded['jordan_fresh']}"))
        # Repaired, saved, and straight on to a new rupture, without waiting for anything.
        await burst(pilot, "r", *typed("I sat with Jordan"), "ctrl+s", "n", *typed("ri"))
        assert service.store.rupture(seeded["jordan_fresh"]).status is Status.REPAIRED
        assert isinstance(app.screen, NewRuptureForm)
        assert value(app, "young_person-input") == "ri"


async def test_keys_typed_while_the_reopen_list_loads_wait_for_it(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    service.mark_repaired(home.dev, seeded["jordan_fresh"], "I said sorry for going quiet.")
    app = board_app(db_path, clock, tz, actor=home.dev)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        # x lists what was repaired lately (read on a worker); enter picks the first before it has shown.
        await burst(pilot, "x", "enter", *typed("He is still upset"))
        assert isinstance(app.screen, ReopenForm)
        assert app.screen.rupture.id == seeded["jordan_fresh"]
        assert value(app, "reason") == "He is still upset"


async def test_a_screen_that_never_says_it_is_ready_gets_the_keys_after_the_limit(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The keyboard never freezes: a screen that fails to say it is ready is given the keys anyway.
    monkeypatch.setattr(handover.typeahead, "DELIVERY_LIMIT_SECONDS", 0.2)
    monkeypatch.setattr(ReassignForm, "keys_ready", False, raising=False)
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_loaded(pilot)
        board.move_cursor(row=board.get_row_index(f"r-{seeded['riley_unowned']}"))
        await burst(pilot, "o", *typed("dev"))
        assert isinstance(app.screen, ReassignForm)
        assert value(app, "owner-input") == "dev"


async def test_nothing_is_held_once_the_burst_is_over(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], service: Service
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_loaded(pilot)
        await burst(pilot, "n", *typed("jo"), "escape", "y")
        assert isinstance(app.screen, BoardScreen) and not app.typing_ahead
        await pilot.press("n")
        assert isinstance(app.screen, NewRuptureForm)
        assert value(app, "young_person-input") == ""
    assert [e.kind for e in service.timeline(seeded["jordan_fresh"])] == [EventKind.RECORDED]


@pytest.mark.parametrize("roster_read", [True, False], ids=["roster-read", "roster-not-read-yet"])
async def test_a_sign_in_typed_in_one_burst_signs_in(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    service: Service,
    monkeypatch: pytest.MonkeyPatch,
    roster_read: bool,
) -> None:
    # A home that uses PINs starts on the glance. Enter, the name, Enter, the PIN, Enter, then `n`, typed
    # without a pause: the PIN goes into the PIN field (never onto the end of the name), and n opens the form.
    service.set_pin(home.morgan, home.morgan, "2580")
    if not roster_read:
        # Enter picks the name before the list of who has a PIN has been read.
        monkeypatch.setattr(WhoScreen, "load_roster", lambda self: None)
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, GlanceScreen))
        await burst(pilot, "enter", *typed("morg"), "enter", *typed("2580"), "enter", "n", *typed("ca"))
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        assert app.actor is not None and app.actor.id == home.morgan.id
        assert value(app, "young_person-input") == "ca"


async def test_keys_typed_before_the_board_opens_reach_the_board(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    # The board opens just after Textual has started (handover/app.py). Keys a user typed as the program
    # started are already on the app's queue then: they wait for the board, and `n` opens the form there
    # with the rest in its first field, rather than going to the empty screen beneath it and being lost.
    class TypedAtStart(HandoverApp):
        def on_mount(self) -> None:
            for name in ["n", *typed("ca")]:
                self.post_message(events.Key(name, name))

    app = board_app(db_path, clock, tz, actor=home.priya)
    app.__class__ = TypedAtStart
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        await wait_until(pilot, lambda: value(app, "young_person-input") == "ca")
        assert isinstance(app.screen_stack[1], BoardScreen)


async def test_a_name_typed_as_the_board_starts_goes_to_the_question_who_is_at_the_keyboard(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    # Nobody signed in, no PINs: the board is drawn, then asks who is at the keyboard. A name typed as it
    # starts goes into the question, never to the board's keys (p plans, r records a repair, i hides names).
    class TypedAtStart(HandoverApp):
        def on_mount(self) -> None:
            for name in typed("pri"):
                self.post_message(events.Key(name, name))

    app = board_app(db_path, clock, tz, actor="ask")
    app.__class__ = TypedAtStart
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen))
        await wait_until(pilot, lambda: not app.typing_ahead)
        assert app.screen.query_one("#who-filter", Input).value == "pri"
        assert [type(s) for s in app.screen_stack[1:]] == [BoardScreen, WhoScreen]
        assert not app.initials_only
