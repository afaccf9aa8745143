"""The glance: what the office screen shows while nobody is signed in (the start in a home that uses PINs, the
idle lock). Each young person by initials, how many ruptures are open, the longest wait with its urgency and
who owns the repairs; never a full name, never what happened. Live from another connection's commits; `l`
blanks it, initials included; Enter signs in; the home's `glance` setting chooses initials, names or off.

Real SQLite files, a frozen clock (20:00 London time), Pilot at the sizes the office screens have. The
rendered screen is read back as text (from the screenshot Textual makes) and searched for every name and
every rupture's words."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.geometry import Region
from textual.pilot import Pilot

from db.store import Store
from handover.app import HandoverApp
from handover.cli import cli
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.screens.board import BoardScreen
from handover.screens.glance import GlanceScreen
from handover.screens.lock import LOCKED_TEXT, LockScreen
from handover.screens.who import WhoScreen
from handover.service import UNOWNED, Service
from tests.app.helpers import board_app, wait_for_workers, wait_until
from tests.app.privacy_checks import leaks, screen_text
from tests.conftest import Home

PIN = "2580"
"""Morgan Blake's PIN (the manager)."""

SIZES = [(80, 24), (120, 40), (200, 60)]


@pytest.fixture
def pins(service: Service, home: Home) -> None:
    """The home uses PINs: the manager and the shift lead have one; Sam and Dev not yet."""
    service.set_pin(home.morgan, home.morgan, PIN)
    service.set_pin(home.morgan, home.priya, "4711")


async def glance_shown(pilot: Pilot[None]) -> GlanceScreen:
    """Wait for the glance with the board's rows on it, and for its pattern marks to be read."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, GlanceScreen) and app.screen.glance is not None)
    await wait_for_workers(pilot)
    assert isinstance(app.screen, GlanceScreen)
    return app.screen


def glance_lines(app: HandoverApp) -> list[str]:
    """The glance's box as drawn, line by line, spaces kept (the screenshot's text loses them)."""
    box = app.screen.query_one("#glance")
    width, height = box.outer_size
    return [strip.text for strip in box.render_lines(Region(0, 0, width, height))]


def line_of(app: HandoverApp, initials: str) -> str:
    """The glance's line for the young person with these initials (or name)."""
    return next(line for line in glance_lines(app) if re.search(rf"│\s+{initials}\s", line))


# -- what it shows ------------------------------------------------------------------------------------------
async def test_the_board_starts_on_the_glance_with_no_name_and_no_text(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        glance = await glance_shown(pilot)
        assert app.locked and app.actor is None
        assert isinstance(app.screen_stack[-2], BoardScreen)  # the board is underneath, covered
        text = screen_text(app)
        assert leaks(text, store) == []
        assert "At a glance · 20:00" in text
        assert any("3 open · ▲ 1 overdue · ⚠ 1 unowned" in line for line in glance_lines(app))
        # Jordan: two open, the oldest 2 d 2 h and overdue, owned by Sam and Dev (the overdue one's owner first).
        assert re.search(r"JM\s+2\s+2 d 2 h\s+▲ overdue\s+SK, DO", line_of(app, "JM"))
        assert re.search(r"RT\s+1\s+1 d 6 h\s+◆ due soon\s+⚠ unowned", line_of(app, "RT"))
        assert re.search(r"CD\s+–\s+nothing open", line_of(app, "CD"))
        # Most pressing first, the quiet one last.
        assert [line.shown_name for line in glance.glance.lines] == ["JM", "RT", "CD"]  # type: ignore[union-attr]
        assert "enter sign in" in text


async def test_enter_signs_in_and_the_board_shows(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        await glance_shown(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen) and app.screen.roster is not None)
        who = app.screen
        assert isinstance(who, WhoScreen)
        await pilot.press(*"morgan", "enter")
        await wait_until(pilot, lambda: who.person is not None)
        await pilot.press(*PIN, "enter")
        await wait_until(pilot, lambda: not app.locked)
        assert isinstance(app.screen, BoardScreen)
        assert app.actor is not None and app.actor.id == home.morgan.id
        assert "Jordan Mills" in screen_text(app)  # the board itself, names in full


async def test_the_glance_updates_when_another_connection_records_a_rupture(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    pins: None,
    service: Service,
    store: Store,
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        await glance_shown(pilot)
        assert "nothing open" in line_of(app, "CD")
        # Another terminal (the test's own connection) records one for Casey, given to Priya.
        service.record_rupture(
            home.sam,
            home.casey,
            [home.sam],
            RuptureKind.CUTTING_REMARK,
            "I told Casey she was being ridiculous in front of the others",
            clock.now() - timedelta(hours=5),
            owner=home.priya,
        )
        await wait_until(pilot, lambda: "nothing open" not in line_of(app, "CD"))
        text = screen_text(app)
        assert re.search(r"CD\s+1\s+5 h\s+· fresh\s+PS", line_of(app, "CD"))
        assert any("4 open" in line for line in glance_lines(app))
        assert leaks(text, store) == []


async def test_ages_move_on_with_the_clock_without_a_commit(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        glance = await glance_shown(pilot)
        clock.advance(timedelta(hours=20))
        glance.render_glance()  # what the once-a-minute tick does, from the last snapshot
        await pilot.pause()
        text = screen_text(app)
        assert "At a glance · 16:00" in text
        assert re.search(r"RT\s+1\s+2 d 2 h\s+▲ overdue", line_of(app, "RT"))


async def test_a_pattern_is_marked_by_a_symbol_only(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, service: Service
) -> None:
    # Two unrepaired ruptures between Jordan and Sam: a relationship worth talking about.
    service.record_rupture(
        home.sam, home.jordan, [home.sam], RuptureKind.WITHDRAWAL, "I walked off mid-sentence", clock.now()
    )
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, GlanceScreen) and "↻" in screen_text(app))
        text = screen_text(app)
        assert line_of(app, "JM").rstrip(" │").endswith("↻")
        assert "↻" not in line_of(app, "RT") and "↻" not in line_of(app, "CD")
        assert "↻ a pattern worth talking about" in text
        assert "Sam" not in text and "Kell" not in text  # the adult of the pattern is never named


# -- the lock, the idle lock and l ---------------------------------------------------------------------------
async def test_l_blanks_the_glance_initials_and_all_until_someone_signs_in(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    pins: None,
    service: Service,
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        glance = await glance_shown(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is glance and glance.blanked

        def nothing_shown() -> None:
            text = screen_text(app)
            assert all(line in text for line in LOCKED_TEXT.splitlines())
            for shown in ("JM", "RT", "CD", "SK", "DO", "PS", "MB", "open", "overdue", "glance"):
                assert shown not in text, shown

        nothing_shown()
        # A commit elsewhere does not bring it back.
        before = app.board_snapshot
        service.record_rupture(home.sam, home.casey, [home.sam], RuptureKind.OTHER, "A cross word", clock.now())
        await wait_until(pilot, lambda: app.board_snapshot is not before)
        await pilot.pause()
        nothing_shown()
        # Nor does the sign-in's Esc, nor the idle lock's next look.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen))
        await pilot.press("escape")
        await pilot.pause()
        nothing_shown()


async def test_ctrl_l_over_the_sign_in_closes_it_and_blanks_the_glance(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        glance = await glance_shown(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen))
        await pilot.press("ctrl+l")  # the sign-in lists the staff in full
        await pilot.pause()
        assert app.screen is glance and glance.blanked
        assert "Morgan" not in screen_text(app) and "JM" not in screen_text(app)


async def test_the_idle_lock_goes_to_the_glance(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan, lock_after_minutes=5)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await wait_until(pilot, lambda: app.board_snapshot is not None)
        clock.advance(timedelta(minutes=5))
        app.check_idle_lock()
        await glance_shown(pilot)
        text = screen_text(app)
        assert "JM" in text and "At a glance" in text
        assert leaks(text, store) == []
        assert "Morgan Blake" not in app.sub_title or app.screen is not board  # the header is not on the glance
        # l pressed by hand still gives the neutral lock, not the glance.
        await pilot.press("l")
        await pilot.pause()
        assert "JM" not in screen_text(app)


async def test_l_on_the_board_is_the_neutral_lock_not_the_glance(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan, lock_after_minutes=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.board_snapshot is not None)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and not isinstance(app.screen, GlanceScreen)
        clock.advance(timedelta(minutes=10))
        app.check_idle_lock()  # still locked: the idle lock does not turn a blank lock into the glance
        await pilot.pause()
        assert not isinstance(app.screen, GlanceScreen) and "JM" not in screen_text(app)


# -- the home's setting ----------------------------------------------------------------------------------------
async def test_names_mode_shows_first_names_and_surnames_but_never_what_happened(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, service: Service
) -> None:
    service.set_setting(home.morgan, "glance", "names")
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        await glance_shown(pilot)
        text = screen_text(app)
        assert re.search(r"Jordan Mills\s+2\s+2 d 2 h\s+▲ overdue\s+Sam Kell, Dev Okafor", line_of(app, "Jordan Mills"))
        assert "Casey Doyle" in text and "Riley Tanaka" in text
        for row in service.store.rows("SELECT what_happened FROM ruptures"):
            assert str(row["what_happened"])[:14] not in text
        # The manager switches to initials from another terminal: the glance follows at once.
        service.set_setting(home.morgan, "glance", "initials")
        await wait_until(pilot, lambda: "Jordan Mills" not in screen_text(app))
        assert "JM" in screen_text(app)


async def test_off_keeps_the_neutral_sign_in_screen(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, pins: None, service: Service
) -> None:
    service.set_setting(home.morgan, "glance", "off")
    app = board_app(db_path, clock, tz, actor="ask")
    async with app.run_test(size=(120, 40)) as pilot:
        # As before there was a glance: the neutral lock, with the sign-in open at once.
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen))
        assert isinstance(app.screen_stack[-2], LockScreen)
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "handover — locked." in text and "JM" not in text and "open" not in text


def test_a_manager_sets_the_glance_from_the_command_line(
    db_path: Path, clock: FrozenClock, seeded: dict[str, int], home: Home, service: Service
) -> None:
    service.store.close()

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["--db", str(db_path), *args], obj=clock)

    shown = run("settings", "show")
    assert shown.exit_code == 0 and re.search(r"^glance\s+initials\s", shown.stdout, re.MULTILINE)
    changed = run("settings", "set", "glance", "names", "--by", "Morgan Blake")
    assert changed.exit_code == 0, changed.output
    assert changed.stdout.startswith("glance is now names (was initials), set by Morgan Blake.")
    refused = run("settings", "set", "glance", "everything", "--by", "Morgan Blake")
    assert refused.exit_code == 1
    assert "glance must be one of: initials, names, off; not 'everything'." in refused.stderr
    assert run("settings", "set", "glance", "off", "--by", "Sam Kell").exit_code == 1  # a manager's choice
    assert Store.open(db_path).settings().glance == "names"


# -- snapshots -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_glance_snapshot(
    snap_compare: Any,
    size: tuple[int, int],
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    seeded: dict[str, int],
    home: Home,
    pins: None,
    service: Service,
) -> None:
    # A pattern for Jordan, so the mark and its legend are in the picture too.
    service.record_rupture(
        home.sam, home.jordan, [home.sam], RuptureKind.WITHDRAWAL, "I walked off mid-sentence", clock.now()
    )
    service.record_rupture(
        home.dev,
        home.casey,
        [home.dev],
        RuptureKind.SANCTION,
        "Phone taken away",
        clock.now() - timedelta(hours=60),
        owner=UNOWNED,
    )

    async def shown(pilot: Pilot[None]) -> None:
        await glance_shown(pilot)
        await wait_until(pilot, lambda: "↻" in screen_text(pilot.app))  # type: ignore[arg-type]

    assert snap_compare(board_app(db_path, clock, tz, actor="ask"), terminal_size=size, run_before=shown)
