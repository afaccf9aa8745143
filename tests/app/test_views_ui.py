"""The board's views (1-6), the / filter, the marks the views add, and accepting a repair (c), through Pilot on
a real database with a frozen clock.

The home at Fri 27 Nov 20:00 (GMT): the `seeded` ruptures plus a serious one for Riley (owned by Priya) and a
restraint for Casey (owned by Dev). Sam is on the late (until 22:00), Dev on the waking night; Priya and
Morgan are not marked on shift.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.dialogs.confirm import ConfirmScreen
from handover.domain.enums import EventKind, RuptureKind, Severity
from handover.domain.models import StaffMember
from handover.domain.views import View
from handover.screens.board import BoardScreen
from handover.screens.forms.accept import AcceptForm
from handover.screens.forms.reg35 import Reg35Form
from handover.service import Service
from handover.ui_state import BoardState, load_state, save_state
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home
from widgets.filter_input import FilterInput
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar
from widgets.view_line import ViewLine

SIZE = (160, 40)


@pytest.fixture
def ids(seeded: dict[str, int], service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    """The seeded ruptures and two more; Sam on the late, Dev on the waking night (marked by Priya)."""
    now = clock.now()
    found = dict(seeded)
    found["riley_serious"] = service.record_rupture(
        home.priya,
        home.riley,
        [home.priya],
        RuptureKind.CUTTING_REMARK,
        "Riley said I only work here for the money; I snapped back",
        now - timedelta(hours=5),
        severity=Severity.SERIOUS,
    ).id
    found["casey_restraint"] = service.record_rupture(
        home.dev,
        home.casey,
        [home.dev],
        RuptureKind.RESTRAINT,
        "Held Casey's arm on the stairs to stop a fall",
        now - timedelta(hours=20),
        severity=Severity.SIGNIFICANT,
        incident_ref="IR-311",
    ).id
    service.mark_on_shift(home.priya, home.sam, True, "late")
    service.mark_on_shift(home.priya, home.dev, True, "waking night")
    return found


def keys(board: RuptureBoard) -> list[str]:
    return [str(row.key.value) for row in board.ordered_rows]


def cell(board: RuptureBoard, row: str, column: str) -> str:
    value = board.get_cell(row, column)
    return str(getattr(value, "plain", value))


def line_text(app: HandoverApp, widget: type[Static]) -> str:
    return str(app.screen.query_one(widget).render())


def r(*names: str, found: dict[str, int]) -> list[str]:
    return [f"r-{found[name]}" for name in names]


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def loaded(pilot: Pilot[None]) -> RuptureBoard:
    board = pilot.app.screen.query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    return board


def on_board(app: HandoverApp) -> BoardScreen:
    """The board screen, which must be the one shown."""
    screen = app.screen
    assert isinstance(screen, BoardScreen), screen
    return screen


def app_as(db_path: Path, clock: FrozenClock, tz: object, actor: StaffMember) -> HandoverApp:
    return board_app(db_path, clock, tz, actor=actor)


# -- the six views --------------------------------------------------------------------------------------------
async def test_number_keys_show_each_view_in_order(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home
) -> None:
    app = app_as(db_path, clock, tz, home.dev)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        # 1: by young person, the most pressing first (Jordan's overdue, Riley's due soon, then Casey's 20 h),
        # each one's ruptures longest waiting first.
        assert keys(board) == [
            f"yp-{home.jordan.id}",
            *r("jordan_overdue", "jordan_fresh", found=ids),
            f"yp-{home.riley.id}",
            *r("riley_unowned", "riley_serious", found=ids),
            f"yp-{home.casey.id}",
            *r("casey_restraint", found=ids),
        ]
        assert "View 1 · by young person" in line_text(app, ViewLine)
        # The cursor stays on its rupture when the view changes (rows are keyed the same in every view).
        board.move_cursor(row=board.get_row_index(f"r-{ids['riley_unowned']}"))

        await pilot.press("2")  # the triage rule: urgency, unowned first, ..., then serious > significant > minor
        assert board.selected_key == f"r-{ids['riley_unowned']}"
        order = ["jordan_overdue", "riley_unowned", "riley_serious", "casey_restraint", "jordan_fresh"]
        assert keys(board) == ["g-triage", *r(*order, found=ids)]
        assert "View 2 · triage" in line_text(app, ViewLine)
        # Flat views give the number, then the young person, on every row.
        assert cell(board, f"r-{ids['riley_serious']}", "who") == f"#{ids['riley_serious']}  Riley Tanaka"

        await pilot.press("3")  # Dev's: the restraint (significant) before the withdrawal (minor)
        assert keys(board) == ["g-mine", *r("casey_restraint", "jordan_fresh", found=ids)]

        await pilot.press("4")
        assert keys(board) == ["g-overdue", *r("jordan_overdue", found=ids)]

        await pilot.press("5")  # only Priya, not marked on shift, is "off"; Sam has two hours to go
        assert keys(board) == [f"g-owner-{home.priya.id}", *r("riley_serious", found=ids)]
        assert cell(board, f"g-owner-{home.priya.id}", "who") == "Priya Shah"
        assert cell(board, f"g-owner-{home.priya.id}", "what") == "off shift"

        await pilot.press("6")
        assert keys(board) == ["g-unowned", *r("riley_unowned", found=ids)]
        assert "View 6 · unowned (1)" in line_text(app, ViewLine)

        await pilot.press("1")
        assert keys(board)[0] == f"yp-{home.jordan.id}"


async def test_marks_on_the_board(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    # Dev plans the withdrawal's repair by 20:30; at 21:15 that has lapsed, and Sam's late ends within the hour.
    service.plan(home.dev, ids["jordan_fresh"], "Sit with Jordan at supper", clock.now() + timedelta(minutes=30))
    clock.advance(timedelta(hours=1, minutes=15))
    app = app_as(db_path, clock, tz, home.dev)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        fresh, overdue = f"r-{ids['jordan_fresh']}", f"r-{ids['jordan_overdue']}"
        assert cell(board, fresh, "status") == "planned · lapsed"
        assert cell(board, overdue, "owner") == "Sam Kell ⇥ leaving 22:00"
        assert cell(board, fresh, "owner") == "Dev Okafor"  # on shift all night: no mark
        assert cell(board, f"r-{ids['riley_serious']}", "owner") == "Priya Shah (off)"
        # The restraint happened at 00:00: its 24 h record clock is due within 6 hours.
        assert cell(board, f"r-{ids['casey_restraint']}", "status") == "open · reg 35 ◆ due soon"
        clock.advance(timedelta(hours=3))  # 00:15: the record clock has run out
        on_board(app).render_board()
        assert cell(board, f"r-{ids['casey_restraint']}", "status") == "open · reg 35 ▲ overdue"
        # "lapsed" is a word the filter finds.
        await pilot.press("slash")
        await type_text(pilot, "lapsed")
        assert keys(board) == [f"yp-{home.jordan.id}", fresh]


async def test_leaving_view_follows_the_clock_across_the_end_of_a_shift(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home
) -> None:
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        await pilot.press("5")
        assert keys(board) == [f"g-owner-{home.priya.id}", *r("riley_serious", found=ids)]

        clock.advance(timedelta(hours=1, minutes=15))  # 21:15: Sam's late ends at 22:00
        on_board(app).render_board()  # what the once-a-minute timer calls
        sam_head = f"g-owner-{home.sam.id}"
        assert keys(board) == [
            f"g-owner-{home.priya.id}",
            *r("riley_serious", found=ids),
            sam_head,
            *r("jordan_overdue", found=ids),
        ]
        assert (cell(board, sam_head, "who"), cell(board, sam_head, "what")) == ("Sam Kell", "⇥ leaving 22:00")

        clock.advance(timedelta(hours=1))  # 22:15: the late is over, Sam is off shift; Dev is on all night
        on_board(app).render_board()
        assert (cell(board, sam_head, "who"), cell(board, sam_head, "what")) == ("Sam Kell", "off shift")
        assert cell(board, f"r-{ids['jordan_overdue']}", "owner") == "Sam Kell (off)"
        assert f"g-owner-{home.dev.id}" not in keys(board)


# -- the filter -----------------------------------------------------------------------------------------------
async def test_slash_filters_any_view_and_the_filter_is_shown(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home
) -> None:
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        await pilot.press("2", "slash")
        field = app.screen.query_one(FilterInput)
        assert field.has_focus and field.display
        await type_text(pilot, "swim")
        assert keys(board) == ["g-triage", *r("riley_unowned", found=ids)]
        assert "View 2 · triage — filter: 'swim' (1 of 5)" in line_text(app, ViewLine)

        await pilot.press("enter")  # keeps the filter, back to the table (not the detail screen)
        assert isinstance(app.screen, BoardScreen) and board.has_focus
        assert field.display

        await pilot.press("1")  # the filter applies to whichever view
        assert keys(board) == [f"yp-{home.riley.id}", *r("riley_unowned", found=ids)]
        assert "View 1 · by young person — filter: 'swim' (1 of 5)" in line_text(app, ViewLine)

        # Every word must appear somewhere: a name and a word of what happened.
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "jordan tea")
        assert keys(board) == [f"yp-{home.jordan.id}", *r("jordan_overdue", found=ids)]

        await pilot.press("escape")  # clears and closes
        assert not field.display and board.has_focus
        assert len(keys(board)) == 8
        assert "filter" not in line_text(app, ViewLine).split("·")[1]
        # Rows hidden by the filter were not reported as changes made elsewhere.
        await pilot.pause()
        assert not [n for n in app._notifications if n.title == "Board changed"]


async def test_a_filter_matching_nothing_says_so(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home
) -> None:
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        await pilot.press("4", "slash")
        await type_text(pilot, "swim")
        assert keys(board) == ["g-overdue"]
        assert cell(board, "g-overdue", "what") == "nothing matches the filter 'swim'"
        await pilot.press("enter", "escape")  # escape on the board clears the filter too
        assert keys(board) == ["g-overdue", *r("jordan_overdue", found=ids)]


# -- remembered across restarts -------------------------------------------------------------------------------
async def test_the_view_is_remembered_after_a_restart(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, tmp_path: Path
) -> None:
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        await pilot.press("q")  # asks first; yes closes the board
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
    state_file = tmp_path / "state" / "board.json"
    assert state_file.exists() and state_file.stat().st_mode & 0o777 == 0o600
    assert load_state(state_file).view.key == "4"

    again = app_as(db_path, clock, tz, home.priya)  # a new app on the same PC (same state folder)
    async with again.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        assert keys(board) == ["g-overdue", *r("jordan_overdue", found=ids)]
        assert "View 4 · overdue" in line_text(again, ViewLine)


def test_an_unreadable_state_file_means_the_first_view(tmp_path: Path) -> None:
    broken = tmp_path / "board.json"
    broken.write_text("{not json")
    assert load_state(broken).view is View.BY_YOUNG_PERSON
    broken.write_text('{"view": "no-such-view"}')
    assert load_state(broken).view is View.BY_YOUNG_PERSON
    assert load_state(tmp_path / "missing.json").view is View.BY_YOUNG_PERSON
    # A folder that cannot be made: the board carries on, it just forgets.
    (tmp_path / "a-file").write_text("")
    assert save_state(BoardState(view=View.TRIAGE), tmp_path / "a-file" / "board.json") is False


# -- accepting a repair given to you --------------------------------------------------------------------------
async def test_accept_key_clears_awaiting_acceptance(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    unowned = ids["riley_unowned"]
    service.assign_owner(home.priya, unowned, home.sam, "Sam knows about the swimming")
    app = app_as(db_path, clock, tz, home.sam)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        row = f"r-{unowned}"
        assert cell(board, row, "owner") == "Sam Kell ⧗ not accepted"
        assert f"not yet accepted: #{unowned} Sam Kell" in line_text(app, ViewLine)
        assert "⧗ 1 not yet accepted" in line_text(app, SummaryBar)

        await pilot.press("3")  # Sam's view lists what was given to him apart, on top
        assert keys(board) == ["g-accept", row, "g-mine", *r("jordan_overdue", found=ids)]

        board.move_cursor(row=board.get_row_index(row))
        await pilot.press("c")
        assert isinstance(app.screen, AcceptForm)
        await type_text(pilot, "I'll book the pool for Saturday")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: keys(board)[0] == "g-mine")
        assert keys(board) == ["g-mine", *r("jordan_overdue", "riley_unowned", found=ids)]
        assert cell(board, row, "owner") == "Sam Kell"
        assert "not yet accepted" not in line_text(app, ViewLine)
    last = service.timeline(unowned)[-1]
    assert (last.kind, last.actor_id) == (EventKind.ACCEPTED, home.sam.id)
    assert last.payload == {"note": "I'll book the pool for Saturday"}
    assert service.store.rupture(unowned).next_step == "I'll book the pool for Saturday"


async def test_only_the_new_owner_can_accept(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    unowned = ids["riley_unowned"]
    service.assign_owner(home.priya, unowned, home.sam)
    app = app_as(db_path, clock, tz, home.dev)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        board.move_cursor(row=board.get_row_index(f"r-{unowned}"))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any("Only Sam Kell, who it was given to" in n.message for n in app._notifications)
        board.move_cursor(row=board.get_row_index(f"r-{ids['jordan_fresh']}"))
        await pilot.press("c")
        await pilot.pause()
        assert any("is not waiting to be accepted: Dev Okafor already has it" in n.message for n in app._notifications)
    assert service.timeline(unowned)[-1].kind is EventKind.ASSIGNED


async def test_the_filter_line_takes_typed_keys_not_the_board(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home
) -> None:
    """Typing 'n', 'q' or a number into the filter must not open a form, quit or switch the view."""
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "no q 2")
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.query_one(FilterInput).value == "no q 2"
        assert "View 1" in line_text(app, ViewLine)


# -- reg 35 ---------------------------------------------------------------------------------------------------
async def reg35_form(pilot: Pilot[None], board: RuptureBoard, rupture_id: int) -> Reg35Form:
    """k on rupture `rupture_id`: its reg 35 form, open."""
    board.move_cursor(row=board.get_row_index(f"r-{rupture_id}"))
    await pilot.press("k")
    form = pilot.app.screen
    assert isinstance(form, Reg35Form)
    return form


async def test_k_ticks_a_reg35_clock_of_a_restraint(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    restraint = ids["casey_restraint"]
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await loaded(pilot)
        board.move_cursor(row=board.get_row_index(f"r-{ids['jordan_fresh']}"))
        await pilot.press("k")  # not a restraint: says so, opens nothing
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any("reg 35 clocks apply only to restraint" in n.message for n in app._notifications)

        form = await reg35_form(pilot, board, restraint)
        await pilot.press("ctrl+s")  # three clocks are left and none is assumed: which one was done?
        assert "Choose which clock" in str(form.query_one("#form-error").render())
        await pilot.press("r", "tab")  # the record clock; then a note
        await type_text(pilot, "IR-311 written up")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        # The record clock is done; the manager's (48 h) is the most pressing one left, and not yet due soon.
        await wait_until(pilot, lambda: cell(board, f"r-{restraint}", "status") == "open · reg 35 due")
    last = service.timeline(restraint)[-1]
    assert (last.kind, last.actor_id) == (EventKind.CLOCK_TICKED, home.priya.id)
    assert last.payload == {"clock": "record", "note": "IR-311 written up"}


async def test_a_reg35_clock_ticked_on_another_terminal_meanwhile_is_refused_saying_who(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    restraint = ids["casey_restraint"]
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        form = await reg35_form(pilot, await loaded(pilot), restraint)
        await pilot.press("r", "tab")
        await type_text(pilot, "IR-311")
        # Meanwhile, on another terminal, the manager ticks off every clock.
        for ticked in ("record", "manager", "child"):
            service.tick_reg35(home.morgan, restraint, ticked, "done in the office")
        entries = len(service.timeline(restraint))
        await pilot.press("ctrl+s")
        said = f"The 'record made' clock of rupture #{restraint} was already ticked by Morgan Blake"
        await wait_until(pilot, lambda: said in str(form.query_one("#form-error").render()))
        assert app.screen is form and form.query_one("#note", Input).value == "IR-311"
    assert len(service.timeline(restraint)) == entries


async def test_with_one_reg35_clock_left_the_form_is_about_that_one(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    restraint = ids["casey_restraint"]
    service.tick_reg35(home.morgan, restraint, "record")
    service.tick_reg35(home.morgan, restraint, "manager")
    app = app_as(db_path, clock, tz, home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await reg35_form(pilot, await loaded(pilot), restraint)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert service.timeline(restraint)[-1].payload == {"clock": "child", "note": ""}
