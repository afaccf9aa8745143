"""The handover screen (h) through Pilot on a real database with a frozen clock: who is going off and coming on,
marking someone on shift, giving one repair or all of someone's to an incoming colleague, accepting the
handover, and writing the sheet. Plus a snapshot.

The home at Fri 27 Nov 21:15 (GMT): Sam's late ends at 22:00 and he owns two open repairs; Dev and Priya are
on the waking night; Morgan is not on shift. Priya, the incoming shift lead, is at the keyboard.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.dialogs.confirm import ConfirmScreen
from handover.dialogs.staff_picker import StaffPicker
from handover.domain.enums import EventKind, RuptureKind
from handover.screens.board import BoardScreen
from handover.screens.forms.sheet import SheetForm
from handover.screens.handover import HandoverScreen
from handover.service import Service
from tests.app.helpers import board_app, board_screen, wait_until
from tests.app.toasts import Toasts, record_toasts
from tests.conftest import Home
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar

SIZE = (150, 45)


@pytest.fixture
def ids(seeded: dict[str, int], service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    """The seeded ruptures, a second one of Sam's, the shift marks (made at 20:00), then the clock at 21:15."""
    found = dict(seeded)
    found["jordan_cutting"] = service.record_rupture(
        home.sam,
        home.jordan,
        [home.sam],
        RuptureKind.CUTTING_REMARK,
        "Jordan called me useless; I told him to grow up",
        clock.now() - timedelta(hours=3),
    ).id
    service.mark_on_shift(home.priya, home.sam, True, "late")
    service.mark_on_shift(home.priya, home.dev, True, "waking night")
    service.mark_on_shift(home.priya, home.priya, True, "waking night")
    clock.advance(timedelta(hours=1, minutes=15))
    return found


def option_ids(app: HandoverApp, pane: str) -> list[str]:
    options = app.screen.query_one(f"#handover-{pane}", OptionList)
    return [str(o.id) for o in options.options]


def option_text(app: HandoverApp, pane: str, option_id: str) -> str:
    options = app.screen.query_one(f"#handover-{pane}", OptionList)
    return str(getattr(options.get_option(option_id).prompt, "plain", options.get_option(option_id).prompt))


def highlight(app: HandoverApp, pane: str, option_id: str) -> None:
    options = app.screen.query_one(f"#handover-{pane}", OptionList)
    options.focus()
    options.highlighted = option_ids(app, pane).index(option_id)


async def open_handover(pilot: Pilot[None]) -> None:
    board = (await board_screen(pilot)).query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    await pilot.press("h")
    assert isinstance(pilot.app.screen, HandoverScreen)
    await wait_until(pilot, lambda: len(option_ids(pilot.app, "items")) > 1)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def toasts(monkeypatch: pytest.MonkeyPatch) -> Toasts:
    """Every notification shown, recorded as the app hands it to Textual."""
    return record_toasts(monkeypatch)


async def test_the_handover_lists_who_and_what(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        assert option_ids(app, "staff") == [
            "h-off",
            f"s-{home.sam.id}",
            "h-on",
            f"s-{home.dev.id}",
            f"s-{home.priya.id}",
            "h-others",
            f"s-{home.morgan.id}",
        ]
        assert option_text(app, "staff", "h-off") == "Going off · late 14:00-22:00 (1)"
        assert option_text(app, "staff", f"s-{home.sam.id}") == "  Sam Kell  ⇥ leaving 22:00"
        assert option_text(app, "staff", "h-on") == "Coming on · waking night 22:00-07:00 (2)"

        items = option_ids(app, "items")
        # Sam is leaving: both his repairs, under his name, triage order (the overdue one first).
        leaving = ["h-leaving", f"owner-{home.sam.id}", f"leaving-{ids['jordan_overdue']}"]
        assert items[:4] == [*leaving, f"leaving-{ids['jordan_cutting']}"]
        assert option_text(app, "items", f"owner-{home.sam.id}") == "  Sam Kell ⇥ leaving 22:00 · 2 repairs"
        assert f"unowned-{ids['riley_unowned']}" in items and f"overdue-{ids['jordan_overdue']}" in items
        assert "h-awaiting" in items and "h-reg35" in items and "h-repaired" in items
        assert option_text(app, "items", "h-quiet") == "Nothing open: Casey Doyle"
        head = str(app.screen.query_one("#handover-head", Static).render())
        assert "late 14:00-22:00  →  waking night 22:00-07:00" in head
        assert "No handover has been accepted here yet." in head


async def test_space_marks_someone_on_shift(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        highlight(app, "staff", f"s-{home.morgan.id}")
        await pilot.press("space")
        # At 21:15 "on shift" means the shift running an hour from now: the waking night.
        await wait_until(pilot, lambda: option_ids(app, "staff").index(f"s-{home.morgan.id}") < 6)
        assert option_ids(app, "staff")[3:6] == [f"s-{home.dev.id}", f"s-{home.morgan.id}", f"s-{home.priya.id}"]
        # The highlight followed Morgan to the list of who is coming on.
        assert app.screen.query_one("#handover-staff", OptionList).highlighted == 4
        await pilot.press("space")  # and off again
        await wait_until(pilot, lambda: option_ids(app, "staff")[-1] == f"s-{home.morgan.id}")
    marks = service.shift_marks(home.morgan)
    assert [(m.on_shift, m.by_id, m.shift) for m in marks] == [
        (True, home.priya.id, "waking night"),
        (False, home.priya.id, None),
    ]


async def test_one_key_reassign_and_give_all(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service, toasts: Toasts
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        # o on one of Sam's repairs: the staff coming on are listed first; enter gives it to the first, Dev.
        highlight(app, "items", f"leaving-{ids['jordan_overdue']}")
        await pilot.press("o")
        assert isinstance(app.screen, StaffPicker)
        picker = app.screen.query_one("#picker-list", OptionList)
        assert picker.get_option_at_index(picker.highlighted or 0).id == str(home.dev.id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: f"leaving-{ids['jordan_overdue']}" not in option_ids(app, "items"))
        # Dev has not accepted it yet; it is listed as such.
        assert f"awaiting-{ids['jordan_overdue']}" in option_ids(app, "items")
        # The highlight went to Sam's line (his other repair is still there), not onto another repair.
        assert app.screen.query_one("#handover-items", OptionList).highlighted == 1

        # g on Sam's line: all of his open repairs (one left) to Priya, typed by name.
        await pilot.press("g")
        assert isinstance(app.screen, StaffPicker)
        await pilot.press("p", "r", "i", "enter")
        await wait_until(pilot, lambda: f"owner-{home.sam.id}" not in option_ids(app, "items"))
        assert (
            option_text(app, "items", "h-leaving")
            == "Owner leaving or off shift: none  o gives one to someone · g gives all"
        )
        assert toasts.any(f"Gave Sam Kell's repair to Priya Shah: #{ids['jordan_cutting']}.")
    one = service.timeline(ids["jordan_overdue"])[-1]
    assert (one.kind, one.actor_id, one.payload["owner_id"]) == (EventKind.ASSIGNED, home.priya.id, home.dev.id)
    given = service.timeline(ids["jordan_cutting"])[-1]
    assert (given.kind, given.actor_id, given.payload["owner_id"]) == (EventKind.ASSIGNED, home.priya.id, home.priya.id)
    assert service.store.rupture(ids["jordan_overdue"]).awaiting_acceptance
    assert not service.store.rupture(ids["jordan_cutting"]).awaiting_acceptance  # Priya took it on herself


async def test_accepting_the_handover_is_recorded_and_the_board_shows_it(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service, toasts: Toasts
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        assert "4 open, 1 overdue, 1 unowned" in app.screen.question
        await pilot.press("y")
        head = app.screen.query_one("#handover-head", Static)
        await wait_until(pilot, lambda: "Last handover accepted by Priya Shah" in str(head.render()))
        assert "(late, Fri 27 Nov 14:00-22:00 → waking night, Fri 27 Nov 22:00-07:00)" in str(head.render())

        await pilot.press("a")  # the same handover twice is refused, in plain words, before any question
        await wait_until(pilot, lambda: toasts.any("was already accepted by Priya Shah at 21:15"))
        assert isinstance(app.screen, HandoverScreen)

        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        bar = app.screen.query_one(SummaryBar)
        await wait_until(pilot, lambda: "handover accepted 21:15 (Priya Shah)" in bar.shown)
    record = service.last_handover()
    assert record is not None and record.accepted_by == home.priya.id
    assert record.summary["leaving"] == {str(home.sam.id): [ids["jordan_overdue"], ids["jordan_cutting"]]}


async def test_the_lead_going_off_is_told_plainly_and_not_asked(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, service: Service, toasts: Toasts
) -> None:
    service.mark_on_shift(home.priya, home.priya, True, "late")  # Priya leads the late after all: going off at 22:00
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: toasts.any("You are going off shift (late 14:00-22:00)"))
        assert toasts.any(
            "You are going off shift (late 14:00-22:00); the handover is accepted by someone coming on, "
            "once they are marked on shift."
        )
        assert isinstance(app.screen, HandoverScreen)  # no "accept?" asked
    assert service.last_handover() is None


async def test_the_sheet_key_writes_an_owner_only_file(
    db_path: Path, clock: FrozenClock, tz: object, ids: dict[str, int], home: Home, tmp_path: Path, toasts: Toasts
) -> None:
    documents = tmp_path / "documents"  # HANDOVER_SHEET_DIR in these tests
    documents.mkdir()
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, SheetForm)
        await pilot.press("t")  # plain text: the file name follows the format
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        written = documents / "handover-2026-11-27-2115.txt"
        assert toasts.any(f"Handover sheet written to {written} (only you can read it).")
    assert written.stat().st_mode & 0o777 == 0o600
    text = written.read_text()
    assert "Larch House" in text and "Sam Kell (leaving 22:00)" in text
    assert "I raised my voice" not in text  # what happened stays off the sheet


async def test_a_sheet_given_only_a_file_name_goes_in_the_documents_folder(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    ids: dict[str, int],
    home: Home,
    tmp_path: Path,
    toasts: Toasts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "documents"  # HANDOVER_SHEET_DIR in these tests
    documents.mkdir()
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the folder the board was started from: nobody at the office PC knows it
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, SheetForm)
        await pilot.press("tab", "ctrl+u", *"tonight.html", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, HandoverScreen))
    assert toasts.any(f"Handover sheet written to {documents / 'tonight.html'} (only you can read it).")
    assert (documents / "tonight.html").is_file() and list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
def test_handover_snapshot(
    snap_compare: Any,
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    ids: dict[str, int],
    home: Home,
    service: Service,
    size: tuple[int, int],
) -> None:
    # Every section with something in it: a restraint on the clock, a repair given to Dev, one repaired.
    service.record_rupture(
        home.dev,
        home.casey,
        [home.dev],
        RuptureKind.RESTRAINT,
        "Held Casey's arm on the stairs",
        clock.now() - timedelta(hours=20),
        incident_ref="IR-311",
    )
    service.assign_owner(home.priya, ids["riley_unowned"], home.dev, "Dev knows about the swimming")
    service.mark_repaired(home.dev, ids["jordan_fresh"], "I told Jordan I had gone quiet on him, and why")

    async def opened(pilot: Pilot[None]) -> None:
        await open_handover(pilot)
        highlight(pilot.app, "items", f"leaving-{ids['jordan_overdue']}")  # type: ignore[arg-type]
        await pilot.pause()

    app = board_app(db_path, clock, tz, actor=home.priya)
    assert snap_compare(app, terminal_size=size, run_before=opened)
