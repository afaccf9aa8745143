"""The people screen (m) acts on the person it shows: after adding someone the cursor is on them, and p, u
and x act on the highlighted person, even when the add was still being written as the key came.

Real SQLite files, a frozen clock (20:00 London time), Pilot at a fixed size, the real keys."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from db.store import Store
from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.dialogs.pin import PinScreen
from handover.domain.enums import Role
from handover.domain.models import StaffMember
from handover.screens.board import BoardScreen
from handover.screens.people import PeopleScreen
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home

SIZE = (120, 40)


async def open_people(app: HandoverApp, pilot: Pilot[None]) -> PeopleScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen._snapshot is not None)
    await pilot.press("m")
    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen._snapshot is not None)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


async def type_in(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


def highlighted_id(screen: PeopleScreen, list_id: str) -> str | None:
    options = screen.query_one(f"#{list_id}", OptionList)
    assert options.highlighted is not None
    return options.get_option_at_index(options.highlighted).id


def staff_named(store: Store, name: str) -> StaffMember:
    return next(s for s in store.staff() if s.name == name)


def dialog_title(dialog: PinScreen) -> str:
    return str(dialog.query_one(".dialog-question", Static).render())


async def pin_dialog(pilot: Pilot[None]) -> PinScreen:
    """Wait for the PIN dialog to be up and ready to type into (pushed is not yet composed)."""
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, PinScreen) and any(w is app.focused for w in app.screen.query("#pin-new")),
    )
    dialog = app.screen
    assert isinstance(dialog, PinScreen)
    return dialog


async def set_pin_in(pilot: Pilot[None], dialog: PinScreen, pin: str) -> None:
    await pilot.press(*pin, "enter", *pin, "enter")
    await wait_until(pilot, lambda: pilot.app.screen is not dialog)


async def test_p_after_adding_a_staff_member_sets_their_pin(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store, service: Service
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        staff_list = screen.query_one("#staff-list", OptionList)
        # The staff list's cursor starts on the first name (Dev Okafor): the trap the bug fell into.
        assert highlighted_id(screen, "staff-list") == f"staff-{home.dev.id}"
        await pilot.press("s")
        await type_in(pilot, "Jo Park")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(store.staff()) == 5)
        jo = staff_named(store, "Jo Park")
        await pilot.press("escape")
        assert app.focused is staff_list
        assert highlighted_id(screen, "staff-list") == f"staff-{jo.id}"
        await pilot.press("p")
        dialog = await pin_dialog(pilot)
        assert dialog_title(dialog) == "Set a PIN for Jo Park"
        await set_pin_in(pilot, dialog, "3691")
        assert app.screen is screen
        # The list says so once the change comes back through the watcher.
        await wait_until(pilot, lambda: "no PIN" not in str(staff_list.get_option(f"staff-{jo.id}").prompt))
        assert "no PIN" in str(staff_list.get_option(f"staff-{home.dev.id}").prompt)
    assert service.sign_in(jo, "3691").id == jo.id
    assert not service.has_pin(home.dev)


async def test_the_cursor_lands_on_each_person_added(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        assert highlighted_id(screen, "young-people-list") == f"yp-{home.casey.id}"
        await pilot.press("a")
        for count, name in ((4, "Alex Reid"), (5, "Bo Grant")):
            await type_in(pilot, name)
            await pilot.press("enter")
            await wait_until(pilot, lambda count=count: len(store.young_people()) == count)  # type: ignore[misc]
        bo = store.young_people()[-1]
        await pilot.press("escape")
        assert app.focused is screen.query_one("#young-people-list", OptionList)
        assert highlighted_id(screen, "young-people-list") == f"yp-{bo.id}"
        # x asks about the person the cursor is on.
        await pilot.press("x")
        await wait_until(pilot, lambda: app.screen is not screen)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert question.startswith("Mark Bo Grant as having left?")
        await pilot.press("n")
        # The cursor stays on them as later commits come back.
        await wait_until(pilot, lambda: app.screen is screen)
        Service(store, clock, tz).add_staff("Kit Moss", Role.STAFF, actor=home.morgan)  # type: ignore[arg-type]
        await wait_until(pilot, lambda: f"staff-{staff_named(store, 'Kit Moss').id}" in _ids(screen, "staff-list"))
        assert highlighted_id(screen, "young-people-list") == f"yp-{bo.id}"


def _ids(screen: PeopleScreen, list_id: str) -> list[str | None]:
    return [o.id for o in screen.query_one(f"#{list_id}", OptionList).options]


async def test_p_waits_for_an_add_still_being_written(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store, service: Service
) -> None:
    """Another terminal holds the database for a moment: Enter, Esc and p come before the add is written.
    p still means the person just added, not whoever the cursor was on while the write waited."""
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        await pilot.press("s")
        await type_in(pilot, "Jo Park")
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another terminal's write in progress
            await pilot.press("enter")
            name_note = screen.query_one("#staff-name", Input).parent
            assert name_note is not None
            await wait_until(pilot, lambda: "adding" in str(name_note.query_one(".entry-note", Static).render()))
            await pilot.press("escape", "p")
            # p is being handled (its worker has started) and waits for the add: no dialog for the wrong person.
            await wait_until(pilot, lambda: any(w.group == "people-pin" and w.is_running for w in app.workers))
            assert app.screen is screen
            assert len(store.staff()) == 4
        finally:
            other.execute("ROLLBACK")
            other.close()
        dialog = await pin_dialog(pilot)
        jo = staff_named(store, "Jo Park")
        assert dialog.person.id == jo.id
        assert dialog_title(dialog) == "Set a PIN for Jo Park"
        await set_pin_in(pilot, dialog, "3691")
    assert service.sign_in(jo, "3691").id == jo.id
    assert not service.has_pin(home.dev)


async def test_a_name_with_brackets_is_shown_as_typed(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    """Names are text, never markup: "[b]" typed in a name is shown, not turned into bold."""
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        await pilot.press("a")
        await type_in(pilot, "Jo [b]Park")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(store.young_people()) == 4)
        name_field = screen.query_one("#yp-name", Input).parent
        assert name_field is not None
        await wait_until(pilot, lambda: "added" in str(name_field.query_one(".entry-note", Static).render()))
        assert str(name_field.query_one(".entry-note", Static).render()).startswith("✓ added Jo [b]Park")
        jo = store.young_people()[-1]
        listed = screen.query_one("#young-people-list", OptionList).get_option(f"yp-{jo.id}").prompt
        assert str(listed).startswith("Jo [b]Park")
        await pilot.press("escape", "x")
        await wait_until(pilot, lambda: app.screen is not screen and bool(app.screen.query(".dialog-question")))
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert question.startswith("Mark Jo [b]Park as having left?")


async def test_at_80x24_a_long_line_goes_on_under_what_is_said_about_the_person(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(app, pilot)
        await pilot.pause()
        people = screen.query_one("#young-people-list", OptionList)
        prompt = people.get_option(f"yp-{home.jordan.id}").prompt
        assert isinstance(prompt, Text)
        first, *rest = prompt.plain.split("\n")
        # "Jordan Mills  arrived 02 Mar 2026 · 2 open" is wider than the list: it goes on under "arrived",
        # not back at the edge under the names, and every line fits the list's width.
        assert first.startswith("Jordan Mills  arrived") and rest
        detail_column = first.index("arrived")
        assert all(line.startswith(" " * detail_column) and line.strip() for line in rest), rest
        assert all(len(line) <= people.size.width for line in [first, *rest])
        assert " ".join([first, *(line.strip() for line in rest)]).endswith("2026 · 2 open")
        await pilot.resize_terminal(120, 40)  # room for it now: one line again
        await pilot.pause()
        again = people.get_option(f"yp-{home.jordan.id}").prompt
        assert isinstance(again, Text) and "\n" not in again.plain
