"""The step forms from the board's keys (p t o e a x): what a user sees and what the record holds afterwards,
refusals that keep the form open, and Escape asking before discarding (stale saves: test_stale_save.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.dialogs.confirm import ConfirmScreen
from handover.domain.enums import EndReason, EventKind, Status
from handover.domain.errors import InvalidInput
from handover.domain.when import read_ahead
from handover.screens.board import BoardScreen
from handover.screens.forms.amend import AmendForm
from handover.screens.forms.attempt import AttemptForm
from handover.screens.forms.end import EndForm
from handover.screens.forms.plan import PlanForm
from handover.screens.forms.reassign import ReassignForm
from handover.screens.forms.reopen import ReopenForm, ReopenScreen
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.conftest import FROZEN_AT, Home
from widgets.choice_field import ChoiceField
from widgets.rupture_board import RuptureBoard

SIZE = (130, 50)


# -- helpers --------------------------------------------------------------------------------------------
async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def open_board(pilot: Pilot[None]) -> RuptureBoard:
    board = pilot.app.screen.query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    return board


async def press_on(pilot: Pilot[None], board: RuptureBoard, rupture_id: int, key: str) -> None:
    """Put the cursor on the rupture's row and press the key, as a user would."""
    board.move_cursor(row=board.get_row_index(f"r-{rupture_id}"))
    await pilot.press(key)
    await pilot.pause()


def cell(board: RuptureBoard, row: str, column: str) -> str:
    value = board.get_cell(row, column)
    return str(getattr(value, "plain", value))


def row_keys(board: RuptureBoard) -> list[str]:
    return [str(row.key.value) for row in board.ordered_rows]


def form_error(app: HandoverApp) -> str:
    return str(app.screen.query_one("#form-error", Static).content)


def notified(app: HandoverApp, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


# -- reading a time ahead -------------------------------------------------------------------------------
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("16:00", datetime(2026, 11, 28, 16, 0, tzinfo=UTC)),  # 16:00 has passed at 20:00: tomorrow's
        ("21:30", datetime(2026, 11, 27, 21, 30, tzinfo=UTC)),  # still to come today
        ("today 21:30", datetime(2026, 11, 27, 21, 30, tzinfo=UTC)),
        ("tomorrow 9:30", datetime(2026, 11, 28, 9, 30, tzinfo=UTC)),
        ("in 2h", datetime(2026, 11, 27, 22, 0, tzinfo=UTC)),
        ("in 45 min", datetime(2026, 11, 27, 20, 45, tzinfo=UTC)),
        ("2026-11-30 10:00", datetime(2026, 11, 30, 10, 0, tzinfo=UTC)),
        ("", None),
    ],
)
def test_read_ahead(typed: str, expected: datetime | None) -> None:
    assert read_ahead(typed, FROZEN_AT, LONDON) == expected


@pytest.mark.parametrize("typed", ["tomorrow", "25:00", "after tea"])
def test_read_ahead_refuses_in_plain_words(typed: str) -> None:
    with pytest.raises(InvalidInput):
        read_ahead(typed, FROZEN_AT, LONDON)


# -- happy paths ----------------------------------------------------------------------------------------
async def test_plan(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz, actor=home.dev)  # Dev owns it: only the owner plans its repair
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "p")
        assert isinstance(app.screen, PlanForm)
        await type_text(pilot, "Sit with Jordan after school")
        await pilot.press("tab")
        await type_text(pilot, "16:00")
        assert "Sat 28 Nov 16:00 (tomorrow)" in str(app.screen.query_one("#by_when-error", Static).content)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: cell(board, f"r-{rid}", "status") == "planned")
        assert notified(app, f"Rupture #{rid}: plan saved.")
    last = service.timeline(rid)[-1]
    assert (last.kind, last.actor_id) == (EventKind.PLANNED, home.dev.id)
    assert last.payload == {"plan": "Sit with Jordan after school", "by_when": "2026-11-28T16:00:00+00:00"}


async def test_attempt(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_overdue"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "t")
        assert isinstance(app.screen, AttemptForm)
        await type_text(pilot, "I went to his room; he said not now")
        await pilot.press("tab")
        await type_text(pilot, "tomorrow 9:30")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: cell(board, f"r-{rid}", "status") == "attempted")
        assert notified(app, f"Rupture #{rid}: attempt recorded.")
    last = service.timeline(rid)[-1]
    assert (last.kind, last.actor_id) == (EventKind.ATTEMPTED, home.sam.id)
    assert last.payload == {"note": "I went to his room; he said not now", "next_try": "2026-11-28T09:30:00+00:00"}


async def test_reassign(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["riley_unowned"]
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "o")
        assert isinstance(app.screen, ReassignForm)
        assert "nobody" in str(app.screen.query_one("#current_owner", Static).content)
        await type_text(pilot, "dev")
        await pilot.press("tab")
        await type_text(pilot, "Dev is on all weekend")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: cell(board, f"r-{rid}", "owner").startswith("Dev Okafor"))
        assert cell(board, f"r-{rid}", "owner") == "Dev Okafor (off) ⧗ not accepted"
        assert notified(app, f"Rupture #{rid}: Dev Okafor now owns the repair; it waits for them to accept it")
    last = service.timeline(rid)[-1]
    assert (last.kind, last.actor_id) == (EventKind.ASSIGNED, home.priya.id)
    assert last.payload == {"owner_id": home.dev.id, "previous_owner_id": None, "reason": "Dev is on all weekend"}


async def test_reassign_to_nobody(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz, actor=home.priya)  # leaving a repair with nobody is a shift lead's call
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "o")
        await type_text(pilot, "unowned")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "unowned" in cell(board, f"r-{rid}", "owner"))
    assert service.store.rupture(rid).owner_id is None


async def test_end_without_repair(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["riley_unowned"]
    app = board_app(db_path, clock, tz, actor=home.morgan)  # ending without repair: a shift lead or manager
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "e")
        assert isinstance(app.screen, EndForm)
        await pilot.press("a")  # the adult involved has left the home
        await pilot.press("tab")
        await type_text(pilot, "Priya left the home on Friday")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: f"r-{rid}" not in row_keys(board))
        assert notified(app, f"Rupture #{rid} ended without repair")
    # Off the board, never out of the record.
    assert service.store.rupture(rid).status is Status.ENDED
    last = service.timeline(rid)[-1]
    assert (last.kind, last.actor_id) == (EventKind.ENDED, home.morgan.id)
    assert last.payload == {"reason": EndReason.ADULT_LEFT.value, "note": "Priya left the home on Friday"}


async def test_amend_what_happened_keeps_the_original(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_overdue"]
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "a")
        assert isinstance(app.screen, AmendForm)
        form = app.screen
        assert str(form.query_one("#original", Static).content) == "I raised my voice at tea"
        await pilot.press("enter")  # "what happened" is chosen: on to the editor, the cursor at the end
        await type_text(pilot, " and sent him out")
        await pilot.press("tab")
        await type_text(pilot, "Sam added what he did next")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        # The board shows the amended text...
        await wait_until(pilot, lambda: cell(board, f"r-{rid}", "what") == "I raised my voice at tea and sent him out")
    # ...and the record keeps both: the original as recorded, the correction beside it, signed.
    events = service.timeline(rid)
    assert events[0].kind is EventKind.RECORDED
    assert events[0].payload["what_happened"] == "I raised my voice at tea"
    last = events[-1]
    assert (last.kind, last.actor_id) == (EventKind.AMENDED, home.priya.id)
    assert last.payload["old"] == "I raised my voice at tea"
    assert last.payload["new"] == "I raised my voice at tea and sent him out"
    assert (last.payload["field"], last.payload["event_id"]) == ("what_happened", None)


async def test_amend_an_earlier_entry(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    service.plan(home.dev, rid, "Talk to Jordan at tea")
    plan_event = service.timeline(rid)[-1]
    app = board_app(db_path, clock, tz, actor=home.dev)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "a")
        form = app.screen
        options = form.query_one("#target", OptionList)
        await wait_until(pilot, lambda: options.option_count == 2)
        await pilot.press("down")  # the plan
        assert str(form.query_one("#original", Static).content) == "Talk to Jordan at tea"
        assert form.query_one("#new_text", TextArea).text == "Talk to Jordan at tea"
        await pilot.press("enter")
        await type_text(pilot, " tomorrow")
        await pilot.press("tab")
        await type_text(pilot, "wrong day")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    last = service.timeline(rid)[-1]
    assert last.kind is EventKind.AMENDED
    assert last.payload["event_id"] == plan_event.id and last.payload["field"] == "plan"
    assert (last.payload["old"], last.payload["new"]) == ("Talk to Jordan at tea", "Talk to Jordan at tea tomorrow")
    assert service.timeline(rid)[-2].payload["plan"] == "Talk to Jordan at tea"  # the original, untouched


async def test_reopen_a_repaired_rupture(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    service.mark_repaired(home.dev, rid, "I told Jordan I had gone quiet and was sorry")
    app = board_app(db_path, clock, tz, actor=home.priya)  # reopening: a shift lead or manager
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert f"r-{rid}" not in row_keys(board)
        await pilot.press("x")
        assert isinstance(app.screen, ReopenScreen)
        options = app.screen.query_one("#closed", OptionList)
        await wait_until(pilot, lambda: options.option_count == 1)
        listed = str(options.get_option_at_index(0).prompt)
        assert "Jordan Mills" in listed and "withdrawal" in listed and "repaired Fri 27 Nov 20:00" in listed
        assert "I went quiet after the argument" in listed
        await pilot.press("enter")
        assert isinstance(app.screen, ReopenForm)
        await type_text(pilot, "Jordan said at tea he is still upset")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_until(pilot, lambda: f"r-{rid}" in row_keys(board))
        assert cell(board, f"r-{rid}", "status") == "open"
        assert notified(app, f"Rupture #{rid} reopened")
    last = service.timeline(rid)[-1]
    assert (last.kind, last.actor_id, last.payload) == (
        EventKind.REOPENED,
        home.priya.id,
        {"reason": "Jordan said at tea he is still upset"},
    )


async def test_reopen_with_nothing_closed_says_so(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("x")
        status = app.screen.query_one("#reopen-status", Static)
        await wait_until(pilot, lambda: "nothing to reopen" in str(status.content))
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_reopen_leaves_out_what_closed_long_ago(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    old, recent = seeded["jordan_overdue"], seeded["jordan_fresh"]
    service.mark_repaired(home.sam, old, "I said sorry for shouting")
    clock.advance(timedelta(days=15))  # the first repair is now past the 14 days x looks back
    service.end_without_repair(home.priya, recent, EndReason.MOVED_ON, "")  # a shift lead's call
    assert [r.id for r in service.store.closed_since(clock.now() - timedelta(days=14))] == [recent]


# -- refusals -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "form", "says"),
    [
        ("p", PlanForm, "what you will do"),
        ("t", AttemptForm, "what happened when you tried"),
        ("o", ReassignForm, "Type who takes the repair"),
        ("a", AmendForm, "This is what was written"),
    ],
)
async def test_empty_required_field_is_refused_and_the_form_stays(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    service: Service,
    key: str,
    form: type,
    says: str,
) -> None:
    rid = seeded["jordan_fresh"]
    before = len(service.timeline(rid))
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, key)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, form)
        assert says in form_error(app)
    assert len(service.timeline(rid)) == before


async def test_end_for_another_reason_needs_a_note(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "e")
        await pilot.press("o")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EndForm)
        assert "say in the note why" in form_error(app)
        assert app.focused is app.screen.query_one("#note", TextArea)
    assert service.store.rupture(rid).status is Status.OPEN


async def test_end_without_a_reason_pressed_is_refused_and_none_is_assumed(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["riley_unowned"]
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "e")
        form = app.screen
        assert isinstance(form, EndForm)
        # Nothing highlighted as the form opens: the reason is the record's, never a default.
        shown = form.query_one("#reason", ChoiceField).render()
        assert all("reverse" not in str(span.style) for span in shown.spans), shown.spans
        await pilot.press("tab")
        await type_text(pilot, "Riley moved to her aunt's")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Choose why it will not be repaired: press the letter in brackets" in form_error(app)
        assert app.focused is form.query_one("#reason")
        await pilot.press("m", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    last = service.timeline(rid)[-1]
    assert last.payload == {"reason": EndReason.MOVED_ON.value, "note": "Riley moved to her aunt's"}


async def test_reassign_to_the_same_owner_is_refused_beside_the_field(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], service: Service
) -> None:
    rid = seeded["jordan_fresh"]  # Dev owns it
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "o")
        await type_text(pilot, "dev")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReassignForm)
        assert "Dev Okafor already owns" in form_error(app)
        assert app.focused is app.screen.query_one("#owner-input", Input)
    assert len(service.timeline(rid)) == 1


async def test_p_on_a_name_line_opens_nothing(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        board.move_cursor(row=board.get_row_index(f"yp-{home.jordan.id}"))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert notified(app, "Move the cursor onto a rupture first")


async def test_a_step_the_role_rules_refuse_says_so_before_typing_and_keeps_the_text(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz, actor=home.sam)  # staff: ending without repair is a shift lead's call
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "e")
        form = app.screen
        # Said at the top as the form opens, so nobody types a note that cannot be saved...
        warning = [str(w.content) for w in form.query(".form-error").results(Static) if w.display and str(w.content)]
        assert any("only a shift lead or manager can end a rupture without repair" in w for w in warning)
        await pilot.press("m", "tab")
        await type_text(pilot, "He moved on")
        await pilot.press("ctrl+s")
        # ...and the service, which decides, refuses on save; the form and its words stay.
        await wait_until(pilot, lambda: "only a shift lead or manager" in form_error(app))
        assert app.screen is form
        assert form.query_one("#note", TextArea).text == "He moved on"
    assert service.store.rupture(rid).status is Status.OPEN


# -- Escape (stale edits: test_stale_save.py) ----------------------------------------------------------
Fill = Callable[[Pilot[None]], Awaitable[None]]


async def fill_plan(pilot: Pilot[None]) -> None:
    await type_text(pilot, "Sit with Jordan")


async def fill_attempt(pilot: Pilot[None]) -> None:
    await type_text(pilot, "He said not now")


async def fill_end(pilot: Pilot[None]) -> None:
    await pilot.press("m", "tab")  # moved on: the reason has no default
    await type_text(pilot, "He moved on")


async def fill_amend(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await type_text(pilot, " at once")
    await pilot.press("tab")
    await type_text(pilot, "more exact")


#: Each form, how to type into it, and the field whose words must survive (with what they end with).
TYPING: list[tuple[str, Fill, str, str]] = [
    ("p", fill_plan, "plan", "Sit with Jordan"),
    ("t", fill_attempt, "note", "He said not now"),
    ("e", fill_end, "note", "He moved on"),
    ("a", fill_amend, "new_text", "at once"),
]


@pytest.mark.parametrize(("key", "fill", "field", "typed"), TYPING, ids=[t[0] for t in TYPING])
async def test_escape_with_text_asks_first(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    service: Service,
    key: str,
    fill: Fill,
    field: str,
    typed: str,
) -> None:
    rid = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, key)
        form = app.screen
        await fill(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: back to the form, every word still there
        assert app.screen is form
        assert form.query_one(f"#{field}", TextArea).text.endswith(typed)
        await pilot.press("escape")
        await pilot.press("y")  # yes: thrown away, nothing written
        assert isinstance(app.screen, BoardScreen)
    assert len(service.timeline(rid)) == 1


async def test_escape_on_an_untouched_form_just_closes(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int]
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        for key in "ptoea":
            await press_on(pilot, board, seeded["jordan_fresh"], key)
            assert not isinstance(app.screen, BoardScreen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen), key


async def test_amend_asks_before_switching_away_from_a_correction(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["jordan_fresh"]
    service.plan(home.dev, rid, "Talk to Jordan at tea")
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "a")
        form = app.screen
        options = form.query_one("#target", OptionList)
        await wait_until(pilot, lambda: options.option_count == 2)
        await pilot.press("enter")
        await type_text(pilot, " badly")
        await pilot.press("shift+tab", "down")  # back to the list, onto the plan
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert options.highlighted == 0
        assert form.query_one("#new_text", TextArea).text == "I went quiet after the argument badly"
