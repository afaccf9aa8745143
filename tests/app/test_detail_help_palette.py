"""The detail screen (enter), the help (?) and the command palette (ctrl+p), through Pilot on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from handover.app import HandoverApp, make_app
from handover.clock import FrozenClock
from handover.config import Config
from handover.screens.board import BoardScreen
from handover.screens.detail import DetailScreen
from handover.screens.forms.plan import PlanForm
from handover.screens.forms.repair import RepairForm
from handover.screens.help import HelpScreen
from handover.service import Service
from tests.app.helpers import board_app, board_screen, wait_until
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard
from widgets.timeline import Timeline

SIZE = (120, 60)


def text_of(node: Screen[Any] | Widget) -> str:
    """Every piece of text shown inside `node`, one widget per line."""
    return "\n".join(str(static.render()) for static in node.query(Static))


async def board_ready(pilot: Pilot[None], rupture_id: int) -> RuptureBoard:
    """Wait for the board to load, then put the cursor on `rupture_id`."""
    board = (await board_screen(pilot)).query_one(RuptureBoard)
    await wait_until(pilot, lambda: f"r-{rupture_id}" in [str(r.key.value) for r in board.ordered_rows])
    board.move_cursor(row=board.get_row_index(f"r-{rupture_id}"))
    await pilot.pause()
    return board


def plan_and_amend(service: Service, home: Home, clock: FrozenClock, rupture_id: int) -> None:
    """A plan, then two corrections a few minutes apart: one of what happened, one of the plan."""
    clock.advance(timedelta(minutes=5))
    service.plan(home.sam, rupture_id, "Talk after school", by_when=datetime(2026, 11, 28, 16, 0, tzinfo=UTC))
    plan_id = service.timeline(rupture_id)[-1].id
    clock.advance(timedelta(minutes=5))
    service.amend(
        home.sam,
        rupture_id,
        "I shouted at Jordan at tea and sent him to his room",
        "The first note played down what I did",
    )
    clock.advance(timedelta(minutes=5))
    service.amend(home.priya, rupture_id, "Talk on the walk back from school", "He has football after school", plan_id)


async def test_enter_opens_the_detail_with_timeline_and_amendments(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rupture_id = seeded["jordan_overdue"]
    plan_and_amend(service, home, clock, rupture_id)
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, rupture_id)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen) and app.screen.rupture_id == rupture_id
        await wait_until(pilot, lambda: bool(app.screen.query(Timeline)))
        text = text_of(app.screen)
        # Every field of the rupture, times in the home's zone (GMT in November).
        assert f"Rupture #{rupture_id} with Jordan Mills" in text
        assert "Wed 25 Nov 2026 18:00" in text  # happened 50 h before Fri 20:00
        assert "harsh tone or lost patience" in text and "minor" in text
        assert "Sam Kell" in text and "planned" in text
        # What happened: the first words stay visible, the correction beside them with who, when and why.
        assert "I raised my voice at tea" in text
        assert "I shouted at Jordan at tea and sent him to his room" in text
        assert "The first note played down what I did" in text
        # The timeline: who did what, in plain words; the plan's correction under the plan.
        timeline = text_of(app.screen.query_one(Timeline))
        assert "Sam Kell recorded the rupture (harsh tone, minor)" in timeline
        assert "Sam Kell planned the repair\n  Plan: Talk after school\n  By: Sat 28 Nov 16:00" in timeline
        assert "✎ Priya Shah corrected the plan of entry #4, Fri 27 Nov 20:15" in timeline
        assert "Now reads: Talk on the walk back from school" in timeline
        assert "Why: He has football after school" in timeline
        # Newest last: the plan comes after the recording, its correction straight under it.
        assert timeline.index("recorded the rupture") < timeline.index("planned") < timeline.index("football")


async def test_the_note_given_when_accepting_shows_in_the_detail_timeline(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rupture_id = seeded["riley_unowned"]
    service.assign_owner(home.priya, rupture_id, home.sam, "Sam knows the swimming coach.")
    service.accept_assignment(home.sam, rupture_id, "I will ring the pool and offer Riley Saturday instead.")
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, rupture_id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query(Timeline)))
        timeline = text_of(app.screen.query_one(Timeline))
        assert (
            "Priya Shah gave the repair to Sam Kell (it was unowned)\n  Why: Sam knows the swimming coach" in timeline
        )
        assert (
            "Sam Kell accepted the repair given to them\n"
            "  What they will do: I will ring the pool and offer Riley Saturday instead."
        ) in timeline


async def test_escape_goes_back_with_the_cursor_on_the_same_rupture(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    rupture_id = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await board_ready(pilot, rupture_id)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        await wait_until(pilot, lambda: "I went quiet after the argument" in text_of(app.screen))
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        assert board.selected_rupture_id == rupture_id
        await pilot.press("enter", "q")  # q goes back too, rather than quitting
        assert isinstance(app.screen, BoardScreen)
        assert board.selected_rupture_id == rupture_id


async def test_help_lists_every_board_key_with_its_id(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, seeded["jordan_fresh"])
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app.screen)
        for binding in BoardScreen.BINDINGS:
            assert isinstance(binding, Binding) and binding.id is not None
            assert binding.description in text, binding.description
            assert binding.id in text, binding.id
        assert "ctrl+s" in text and "ctrl+p" in text and "[keymap]" in text
        assert "the letter in brackets picks one" in text  # how a kind or a reason is chosen in a form
        row = next(r for r in app.screen.query(".help-row") if "board.repaired" in text_of(r))
        assert str(row.query_one(".help-key", Static).render()) == "r"
        # Each id on one line, to be copied whole into the settings file (board.view_by_young_person was cut
        # in two at the end of its column).
        for cell in app.screen.query(".help-id").results(Static):
            assert cell.size.height <= 1, str(cell.render())
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_help_shows_a_remapped_key(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    config = Config(db=db_path, poll_seconds=0.02, keymap={"board.repaired": "R"})
    app: HandoverApp = make_app(db_path, clock=clock, tz=tz, config=config, actor=home.sam)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, seeded["jordan_fresh"])
        await pilot.press("question_mark")
        row = next(r for r in app.screen.query(".help-row") if "board.repaired" in text_of(r))
        assert str(row.query_one(".help-key", Static).render()) == "R"
        await pilot.press("question_mark")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("R")  # and the new key does it
        assert isinstance(app.screen, RepairForm)


async def test_palette_finds_mark_repaired_and_runs_it_on_the_selected_rupture(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    rupture_id = seeded["riley_unowned"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, rupture_id)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"repair")
        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0 and commands.highlighted == 0)
        first = commands.get_option_at_index(0)
        assert "Mark repaired" in str(first.prompt)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RepairForm))
        assert isinstance(app.screen, RepairForm) and app.screen.rupture.id == rupture_id


async def test_palette_on_the_detail_goes_back_and_acts_on_that_rupture(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    rupture_id = seeded["jordan_overdue"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, rupture_id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query(Timeline)))
        await pilot.press("ctrl+p", *"plan a")
        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0 and commands.highlighted == 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PlanForm))
        assert isinstance(app.screen, PlanForm) and app.screen.rupture.id == rupture_id
        assert isinstance(app.screen_stack[-2], BoardScreen)  # the detail closed first


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
def test_detail_snapshot(
    snap_compare: Any,
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    service: Service,
    size: tuple[int, int],
) -> None:
    rupture_id = seeded["jordan_overdue"]
    plan_and_amend(service, home, clock, rupture_id)

    async def opened(pilot: Pilot[None]) -> None:
        await board_ready(pilot, rupture_id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(pilot.app.screen.query(Timeline)))
        await pilot.pause()

    assert snap_compare(board_app(db_path, clock, tz), terminal_size=size, run_before=opened)


async def test_the_detail_screen_takes_every_step_the_board_does_on_its_rupture(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    rupture_id = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, rupture_id)
        for key, form in (("r", RepairForm), ("p", PlanForm)):
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
            detail_keys = {b.key for b in app.screen.BINDINGS if not isinstance(b, tuple)}
            assert set("ptroxeakc") <= detail_keys
            await pilot.press(key)
            await wait_until(pilot, lambda form=form: isinstance(app.screen, form))  # type: ignore[misc]
            assert app.screen.rupture.id == rupture_id  # type: ignore[attr-defined]
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
            # Back on the board, on the same rupture.
            assert app.screen.query_one(RuptureBoard).selected_rupture_id == rupture_id


async def test_the_palette_finds_the_sheet_and_never_offers_a_screenshot(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot, seeded["jordan_fresh"])
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Quit" not in titles  # an SVG of children's names; no asking
        await pilot.press("ctrl+p")
        await pilot.press(*"sheet")
        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0)
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any(p.startswith("Handover sheet") for p in prompts), prompts
        assert not any("Screenshot" in p for p in prompts)


@pytest.mark.parametrize(("size", "labels"), [((80, 24), False), ((120, 40), True)], ids=["80x24", "120x40"])
async def test_the_help_leaves_out_footer_labels_on_a_narrow_terminal(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], size: tuple[int, int], labels: bool
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=size) as pilot:
        await board_ready(pilot, seeded["jordan_fresh"])
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        row = next(r for r in app.screen.query(".help-row") if "board.repaired" in text_of(r))
        assert row.query_one(".help-label").display is labels
        # What the key does gets the room: at 80 columns it was squeezed to 22 characters beside the labels.
        assert row.query_one(".help-what").size.width >= 30
        await pilot.resize_terminal(*((120, 40) if size == (80, 24) else (80, 24)))
        await pilot.pause()
        assert row.query_one(".help-label").display is not labels
