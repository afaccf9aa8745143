"""The board's start-up banner: each edit made behind the board's back with the sqlite3 tool is said, in plain
words, once the board is up (the start-up check runs after the first frame, the full check after it), and the
words are shown as typed, never as markup. A home nobody touched opens without a word."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from handover.app import HandoverApp, make_app
from handover.clock import FrozenClock
from handover.config import Config
from handover.domain.enums import RuptureKind
from handover.service import Service
from tests.app.helpers import wait_for_workers, wait_until
from tests.app.toasts import Toasts, record_toasts
from tests.conftest import Home
from tests.db.test_tamper import raw

SIZE = (130, 36)
TITLE = "The record has been altered"


@pytest.fixture
def toasts(monkeypatch: pytest.MonkeyPatch) -> Toasts:
    return record_toasts(monkeypatch)


@pytest.fixture(autouse=True)
def backup_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The day's backup a moment after the board is up, not five seconds: these tests wait for it."""
    monkeypatch.setattr("handover.app.BACKUP_START_DELAY_SECONDS", 0.05)


@pytest.fixture
def evening(service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    """Two open ruptures and a sign-in, checked once by a board (so this PC's anchor holds them), then closed."""
    sv, h = service, home
    first = sv.record_rupture(h.sam, h.jordan, [h.sam], RuptureKind.HARSH_TONE, "I raised my voice at tea.")
    clock.advance(timedelta(minutes=30))
    newest = sv.record_rupture(h.dev, h.riley, [h.dev], RuptureKind.WITHDRAWAL, "I went quiet after the match.")
    sv.sign_in(h.priya, None)
    sv.store.close()
    return {"first": first.id, "newest": newest.id}


def board(db_path: Path, clock: FrozenClock, tz: object, home: Home, tmp_path: Path) -> HandoverApp:
    """The real board: the one that makes the day's backup and checks the record after its first frame."""
    config = Config(db=db_path, poll_seconds=0.02, lock_after_minutes=0, backup_dir=tmp_path / "backups")
    return make_app(db_path, clock=clock, tz=tz, config=config, actor=home.sam, backups=True)  # type: ignore[arg-type]


async def banner(pilot: Pilot[None], toasts: Toasts) -> str:
    await wait_until(pilot, lambda: any(t.title == TITLE for t in toasts.shown))
    shown = next(t for t in toasts.shown if t.title == TITLE)
    assert shown.severity == "error"
    return shown.message


async def test_a_home_nobody_touched_opens_without_a_word(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, evening: dict[str, int], tmp_path: Path, toasts: Toasts
) -> None:
    app = board(db_path, clock, tz, home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: len(list((tmp_path / "backups").glob("*.db"))) == 1)
        await wait_for_workers(pilot)  # both checks ran to their end
        assert not any(t.title == TITLE for t in toasts.shown)
        assert not any(t.severity == "error" for t in toasts.shown)


TAMPERS = {
    "status": (
        [("UPDATE ruptures SET status = 'repaired' WHERE id = 1", ())],
        "Rupture #1's status was changed outside the board: its entries say 'open', the table says 'repaired'.",
    ),
    "names swapped": (
        [
            ("UPDATE young_people SET name = 'Riley Tanaka' WHERE id = 1", ()),
            ("UPDATE young_people SET name = 'Jordan Mills' WHERE id = 2", ()),
        ],
        "Young person #1's name was changed outside the board: the record says 'Jordan Mills', the table says "
        "'Riley Tanaka'.",
    ),
    "role": (
        [("UPDATE staff SET role = 'manager' WHERE id = 1", ())],
        "Staff member #1 (Sam Kell)'s role was changed outside the board: the record says 'staff', the table "
        "says 'manager'.",
    ),
    "audit rows deleted": (
        [("DELETE FROM audit WHERE action = 'sign-in'", ())],
        "Audit entry #1 ('sign-in' by Priya Shah on 27 Nov 2026 20:30) was removed outside the board.",
    ),
    "setting": (
        [("UPDATE settings SET value = '480' WHERE key = 'overdue_hours'", ())],
        "The setting 'overdue_hours' was changed outside the board: the record says '48', the table says '480'.",
    ),
    "newest rupture removed": (
        [
            ("DELETE FROM events WHERE rupture_id = 2", ()),
            ("DELETE FROM rupture_adults WHERE rupture_id = 2", ()),
            ("DELETE FROM ruptures WHERE id = 2", ()),
        ],
        "Rupture #2 was removed outside the board, with all its entries: it was open when this PC last checked the "
        "record.",
    ),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
async def test_each_edit_behind_the_board_s_back_is_said_once_the_board_is_up(
    tamper: str,
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    home: Home,
    evening: dict[str, int],
    tmp_path: Path,
    toasts: Toasts,
) -> None:
    # A board ran on the untouched home first (its checks passed, and this PC's anchor holds what it saw).
    async with board(db_path, clock, tz, home, tmp_path).run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: len(list((tmp_path / "backups").glob("*.db"))) == 1)
        await wait_for_workers(pilot)
    statements, expected = TAMPERS[tamper]
    raw(db_path, *statements)
    async with board(db_path, clock, tz, home, tmp_path).run_test(size=SIZE) as pilot:
        message = await banner(pilot, toasts)
        assert message.startswith(f"The record has been changed outside the board. {expected}")
        assert "Tell the registered manager: `handover check`" in message
        # The board is up and usable: the banner says what is off, it does not take the board away.
        assert pilot.app.screen.__class__.__name__ == "BoardScreen"


async def test_the_banner_shows_names_as_typed_never_as_markup(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, evening: dict[str, int], tmp_path: Path, toasts: Toasts
) -> None:
    raw(db_path, ("UPDATE young_people SET name = '[bold red]Casey[/] [link=x]Rowe' WHERE id = 1", ()))
    async with board(db_path, clock, tz, home, tmp_path).run_test(size=SIZE, notifications=True) as pilot:
        message = await banner(pilot, toasts)
        assert "the table says '[bold red]Casey[/] [link=x]Rowe'." in message
        await pilot.pause()
        await wait_until(pilot, lambda: bool(pilot.app.screen.query("Toast")))
        shown = " ".join(str(toast.render()) for toast in pilot.app.screen.query("Toast"))
        assert "[bold red]Casey[/] [link=x]Rowe" in shown.replace("\n", " ")
