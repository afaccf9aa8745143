"""A save refused because another terminal changed the rupture first: the form says what changed, in the
describer's words, then carries on from the rupture as it is now with every word typed, or is discarded.

The other terminal is a second Service on the same database file (the `service` fixture), as in the home.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.dialogs.confirm import ConfirmScreen
from handover.domain.enums import EventKind, Status
from handover.screens.board import BoardScreen
from handover.screens.forms.base import RuptureForm
from handover.screens.forms.repair import RepairForm
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.app.test_step_forms import SIZE, TYPING, Fill, open_board, press_on, type_text
from tests.conftest import Home


def asked(app: HandoverApp) -> str:
    """The question of the dialog on top ("" when there is none)."""
    if not isinstance(app.screen, ConfirmScreen):
        return ""
    return str(app.screen.query_one(".dialog-question", Static).content)


def form_error(form: Screen[Any]) -> str:
    return str(form.query_one("#form-error", Static).content)


async def repair_refused_as_stale(pilot: Pilot[None], service: Service, home: Home, target: int) -> None:
    """Sam starts the repair form on `target` and types; Sam, on another terminal, marks it repaired first; the
    save here is refused and the dialog asks what to do."""
    board = await open_board(pilot)
    await press_on(pilot, board, target, "r")
    await type_text(pilot, "I went back to Jordan")
    service.mark_repaired(home.sam, target, "I talked it through with Jordan.")
    await pilot.press("ctrl+s")
    app = pilot.app
    assert isinstance(app, HandoverApp)
    await wait_until(pilot, lambda: bool(asked(app)))


#: What each step writes: its kind, and the field of the entry that holds the typed words.
WRITES = {"p": (EventKind.PLANNED, "plan"), "t": (EventKind.ATTEMPTED, "note"), "e": (EventKind.ENDED, "note")}


@pytest.mark.parametrize(("key", "fill", "field", "typed"), TYPING, ids=[t[0] for t in TYPING])
async def test_carry_on_keeps_every_word_and_saves_on_the_current_version(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    service: Service,
    key: str,
    fill: Fill,
    field: str,
    typed: str,
) -> None:
    rid = seeded["jordan_fresh"]
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, key)
        form = app.screen
        assert isinstance(form, RuptureForm)
        await fill(pilot)
        # Meanwhile, on the other terminal, Priya takes the repair on herself.
        service.assign_owner(home.priya, rid, home.priya, "Dev is off sick")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(asked(app)))
        # It says what changed, not only who: the same words as the timeline.
        assert (
            f"Rupture #{rid} changed since you opened this form: Priya Shah took on the repair "
            "(it was with Dev Okafor) at 20:00. Nothing was saved."
        ) in asked(app)
        assert "Priya Shah took on the repair" in form_error(form)
        await pilot.press("y")
        await wait_until(pilot, lambda: "now on rupture" in form_error(form))
        assert app.screen is form and isinstance(form, RuptureForm)
        assert form.rupture.version == service.store.rupture(rid).version
        assert form.query_one(f"#{field}", TextArea).text.endswith(typed)
        # The same ctrl+s now saves, against the version the form shows.
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    last = service.timeline(rid)[-1]
    if key in WRITES:
        kind, entry_field = WRITES[key]
        assert last.kind is kind and str(last.payload[entry_field]).endswith(typed)
    else:  # the amend form corrects what happened
        assert last.kind is EventKind.AMENDED and service.store.rupture(rid).what_happened.endswith(typed)


async def test_repaired_elsewhere_says_so_and_discard_saves_nothing(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    target = seeded["jordan_overdue"]
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await repair_refused_as_stale(pilot, service, home, target)
        assert "Sam Kell repaired the rupture at 20:00" in asked(app)
        # Escape goes back to the form with nothing thrown away.
        await pilot.press("escape")
        form = app.screen
        assert isinstance(form, RepairForm)
        assert form.query_one("#note", TextArea).text == "I went back to Jordan"
        # Saving again asks again; this time the user discards.
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(asked(app)))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    entries = service.timeline(target)
    assert [e.kind for e in entries].count(EventKind.REPAIRED) == 1
    assert entries[-1].payload["note"] == "I talked it through with Jordan."


async def test_carrying_on_after_a_repair_says_plainly_why_the_step_no_longer_fits(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    target = seeded["jordan_overdue"]
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        await repair_refused_as_stale(pilot, service, home, target)
        await pilot.press("y")
        form = app.screen
        assert isinstance(form, RepairForm)
        await wait_until(pilot, lambda: "now on rupture" in form_error(form))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "already" in form_error(form))
        assert form.query_one("#note", TextArea).text == "I went back to Jordan"
        assert not isinstance(app.screen, ConfirmScreen)  # not stale now: a plain refusal, no loop
    assert service.store.rupture(target).status is Status.REPAIRED


async def test_stale_reassign_keeps_the_name(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    rid = seeded["riley_unowned"]
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await press_on(pilot, board, rid, "o")
        form = app.screen
        assert isinstance(form, RuptureForm)
        await type_text(pilot, "dev")
        service.assign_owner(home.priya, rid, home.priya, "Priya will talk to Riley")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Priya Shah took on the repair" in asked(app))
        await pilot.press("y")
        await wait_until(pilot, lambda: "now on rupture" in form_error(form))
        assert form.query_one("#owner-input", Input).value == "dev"
        # The form now shows who owns it as it is now.
        assert "Priya Shah" in " ".join(str(s.content) for s in form.query(Static))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert service.store.rupture(rid).owner_id == home.dev.id
