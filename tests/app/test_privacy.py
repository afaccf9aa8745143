"""Initials only (i): one privacy-safe rendering on every screen while signed in. People by initials, and no
text about what happened (nor plans, notes, corrections) on the board, the detail screen, the forms, the
people screen, the handover screen and the sign-in; each screen follows the switch as it is pressed.

Real SQLite files, a frozen clock, Pilot at 120x40. The rendered screen is searched for every name (each
word of it too) and every rupture's words."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from db.store import Store
from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.screens.board import BoardScreen
from handover.screens.detail import DetailScreen
from handover.screens.forms.amend import AmendForm
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.screens.forms.plan import PlanForm
from handover.screens.handover import HandoverScreen
from handover.screens.people import PeopleScreen
from handover.screens.who import WhoScreen
from handover.service import Service
from tests.app.helpers import board_app, wait_for_workers, wait_until
from tests.app.privacy_checks import leaks, screen_text
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard

SIZE = (120, 40)


async def board_on(pilot: Pilot[None], rupture_id: int) -> RuptureBoard:
    """The board loaded, the cursor on a rupture."""
    app = pilot.app
    board = app.screen.query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    board.move_cursor(row=board.get_row_index(f"r-{rupture_id}"), animate=False)
    await pilot.pause()
    return board


async def initials_on(pilot: Pilot[None]) -> None:
    await pilot.press("i")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, HandoverApp) and app.initials_only


async def test_the_board_hides_what_happened_and_keeps_the_numbers_in_line(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_on(pilot, seeded["jordan_overdue"])
        assert "I raised my voice at tea" in screen_text(app)
        await initials_on(pilot)
        text = screen_text(app)
        assert leaks(text, store) == []
        for rupture_id in seeded.values():
            assert str(board.get_cell(f"r-{rupture_id}", "what")) == "(hidden)"
        # Triage lists every row with its number and the young person: the numbers stay in one column.
        await pilot.press("2")
        await pilot.pause()
        firsts = [str(board.get_cell(f"r-{r}", "who")) for r in seeded.values()]
        assert {len(cell) - len(cell.lstrip("#0123456789")) for cell in firsts} == {2}
        assert all(cell.split()[-1] in {"JM", "RT"} for cell in firsts)
        assert leaks(screen_text(app), store) == []
        await pilot.press("i")  # and back
        await pilot.pause()
        assert "I raised my voice at tea" in screen_text(app)


async def test_the_detail_screen_follows_the_switch(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store, service: Service
) -> None:
    rupture = seeded["jordan_overdue"]
    plan = "Talk to Jordan on the walk to school"
    service.plan(home.sam, rupture, plan)
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, rupture)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen._detail is not None)
        await wait_for_workers(pilot)
        shown = screen_text(app)
        assert "I raised my voice at tea" in shown and plan in shown and "Sam Kell" in shown
        await pilot.press("i")  # on the detail screen itself
        await wait_until(pilot, lambda: "Sam Kell" not in screen_text(app))
        text = screen_text(app)
        assert leaks(text, store) == [] and plan not in text
        assert "Rupture #1 with JM" in text and "(hidden: initials only)" in text
        assert "SK" in text  # who recorded it and owns it, by initials
        # Typed words are hidden in the timeline; times, names and choices are not (they say nothing private).
        assert "What happened: (hidden: initials only)" in text and "Plan: (hidden: initials only)" in text
        assert "When it happened: Wed 25 Nov 18:00" in text and "Owner: SK" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert leaks(screen_text(app), store) == []  # the board underneath followed the switch too


async def test_a_form_shows_initials_and_not_the_rupture_s_words(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await initials_on(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PlanForm))
        await pilot.pause()
        text = screen_text(app)
        assert "Plan the repair: #1 with JM" in text
        assert "(hidden: initials only)" in text
        assert leaks(text, store) == []
        # What the person types is theirs to see as they type it.
        await pilot.press(*"Say sorry at breakfast")
        assert "Say sorry at breakfast" in screen_text(app)


async def test_a_name_typed_in_a_form_is_confirmed_by_initials(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await initials_on(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        form = app.screen
        await pilot.pause()
        await pilot.press(*"jor")
        await wait_until(pilot, lambda: "→ JM" in screen_text(app))
        await pilot.press("tab")  # leaving the field keeps what was typed, not the full name
        await pilot.pause()
        assert form.query_one("#young_person-input", Input).value == "jor"
        assert leaks(screen_text(app), store) == []


async def test_the_amend_form_hides_the_words_as_written(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await initials_on(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AmendForm))
        await wait_for_workers(pilot)
        assert not app.screen.query_one("#new_text", TextArea).display
        assert leaks(screen_text(app), store) == []


async def test_the_people_screen_lists_initials_and_follows_the_switch(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen._snapshot is not None)
        await pilot.pause()
        assert "Jordan Mills" in screen_text(app) and "Morgan Blake" in screen_text(app)
        await pilot.press("i")  # on the people screen itself
        await wait_until(pilot, lambda: "Jordan Mills" not in screen_text(app))
        text = screen_text(app)
        assert leaks(text, store) == []
        people = app.screen
        listed = [
            str(option.prompt).split()[0]
            for list_id in ("young-people-list", "staff-list")
            for option in people.query_one(f"#{list_id}", OptionList).options
        ]
        assert listed == ["CD", "JM", "RT", "DO", "MB", "PS", "SK"]  # in the order of their names
        assert "Sam Kell is staff" not in text and "SK is staff" in text  # what they may do, by initials
        await pilot.press("i")
        await wait_until(pilot, lambda: "Jordan Mills" in screen_text(app))


async def test_the_handover_screen_shows_initials(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store, service: Service
) -> None:
    service.mark_on_shift(home.priya, home.sam, True)
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await initials_on(pilot)
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HandoverScreen) and app.screen._view is not None)
        await pilot.pause()
        text = screen_text(app)
        assert leaks(text, store) == []
        assert "SK" in text and "JM" in text and "RT" in text
        await pilot.press("i")  # switched back on the handover screen itself
        await wait_until(pilot, lambda: "Sam Kell" in screen_text(app))


async def test_switching_who_is_at_the_keyboard_lists_initials(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await initials_on(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen) and app.screen.roster is not None)
        await pilot.pause()
        text = screen_text(app)
        assert leaks(text, store) == []
        assert "MB" in text and "PS" in text


async def test_the_palette_switches_initials_only_from_any_screen(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    service.record_rupture(home.sam, home.casey, [home.sam], RuptureKind.OTHER, "A cross word at tea", clock.now())
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await pilot.press("enter")  # the detail screen: the palette's app actions work from any screen
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.press("ctrl+p")
        await pilot.press(*"initials")
        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0 and commands.highlighted == 0)
        assert str(commands.get_option_at_index(0).prompt).startswith("Initials only")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.initials_only)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert app.initials_only
        assert "A cross word at tea" not in screen_text(app)


async def test_a_form_s_refusals_name_people_by_initials(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.dev)  # Dev does not own Jordan's overdue rupture
    async with app.run_test(size=SIZE) as pilot:
        await board_on(pilot, seeded["jordan_overdue"])
        await initials_on(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PlanForm))
        await pilot.pause()
        text = screen_text(app)
        assert "DO" in text and "does not own" in text  # said before anything is typed, by initials
        assert leaks(text, store) == []
        await pilot.press(*"Talk at tea", "ctrl+s")  # refused by the service on save: said by initials too
        await wait_for_workers(pilot)
        assert leaks(screen_text(app), store) == []
