"""The patterns screen (s on the board) through Pilot on a real database with a frozen clock: its three parts,
who sees which relationships (and that a new person at the keyboard sees theirs, not the last person's), the
order, names shown as typed, the key in the footer, help and palette, and snapshots at 80x24 and 160x50.
The history is tests/patterns_home.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.domain.board import PATTERN_MARK
from handover.domain.enums import RuptureKind
from handover.domain.models import StaffMember
from handover.screens.board import BoardScreen
from handover.screens.help import HelpScreen
from handover.screens.patterns import PatternsScreen
from handover.service import Service
from tests.app.helpers import board_app, board_screen, wait_until
from tests.conftest import Home
from tests.patterns_home import build_patterns_home
from widgets.rupture_board import RuptureBoard


@pytest.fixture
def history(service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    return build_patterns_home(service, home, clock)


def screen_text(app: HandoverApp) -> str:
    """Every text the screen shows, one widget per line."""
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


def pairs_text(app: App[Any]) -> str:
    return str(app.screen.query_one("#patterns-pairs", Static).render())


async def open_patterns(pilot: Pilot[None]) -> PatternsScreen:
    board = await board_screen(pilot)
    await wait_until(pilot, lambda: board._snapshot is not None)
    await pilot.press("s")
    screen = pilot.app.screen
    assert isinstance(screen, PatternsScreen)
    await wait_until(pilot, lambda: "Worth talking" in pairs_text(pilot.app) or "None" in pairs_text(pilot.app))
    await pilot.pause()
    return screen


def app_for(db_path: Path, clock: FrozenClock, tz: object, who: StaffMember) -> HandoverApp:
    return board_app(db_path, clock, tz, actor=who)


async def test_s_opens_the_three_parts_and_esc_goes_back(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    app = app_for(db_path, clock, tz, home.priya)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_patterns(pilot)
        text = " ".join(screen_text(app).split())  # the figures, whatever the padding that lines them up
        for said in (
            "Casey Doyle ↻ pattern 3 open now",
            "6 ruptures in 12 weeks, most in one week 2",
            "repaired within 48 h 4 of 5 (80%) · median time to repair 20 h · attempts per repair 0.6 (3 before 5 "
            "repairs)",
            "seen most harsh tone (3), withdrawal (2), sanction (1)",
            "Worth talking through in supervision: 3 ruptures between Riley Tanaka and Priya Shah in 13 days",
            "When: Mon 2 Nov, Thu 5 Nov and Fri 13 Nov",
            "Repaired within 48 h 10 of 15 (67%) the 12 weeks before 1 of 2 (50%)",
            "Median time to repair 16 h the 12 weeks before 1 d 17 h",
            "Restraints 1 in 12 weeks",
            "reg 35: manager spoke to the adult and signed (48 h) 0 of 1 on time, 1 late",
        ):
            assert said in text, said
        # The whole home's ruptures per week: twelve bars (one a week), then the count in words.
        assert re.search("Ruptures per week [▁▂▃▄▅▆▇█]{12} 17 ruptures in 12 weeks", text), text
        # Ruptures per week drawn by Textual's own Sparkline: Jordan's weeks, oldest first (0 × 8, 2, 2, 1, 1),
        # the smallest count in the dim colour and the largest in the theme's primary.
        jordan = screen.query_one("#yp-1-figures", Static).render()
        assert isinstance(jordan, Content) and jordan.plain.startswith("▁▁▁▁▁▁▁▁██▄▄ ")
        low, high = (jordan.get_style_at_offset(x).rich_style.color for x in (0, 8))
        assert low is not None and high is not None and low != high
        assert high.triplet is not None and high.triplet.hex.lower() == app.get_css_variables()["primary"].lower()
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_a_staff_member_sees_only_their_own_and_the_next_person_theirs(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    app = app_for(db_path, clock, tz, home.sam)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_patterns(pilot)
        text = pairs_text(app)
        assert "between Jordan Mills and Sam Kell" in text and "between Casey Doyle and Sam Kell" in text
        assert "Priya Shah" not in text and "You see the relationships you are part of" in text
        # Priya signs in at this keyboard: Sam's relationships go at once, and Priya (a shift lead) sees all.
        app.actor = home.priya
        assert "Sam Kell" not in pairs_text(app)
        await wait_until(pilot, lambda: "between Riley Tanaka and Priya Shah" in pairs_text(app))
        assert "between Jordan Mills and Sam Kell" in pairs_text(app)
        app.actor = home.dev
        await wait_until(pilot, lambda: "None to show" in pairs_text(app))
        assert "Worth talking" not in pairs_text(app)


async def test_the_first_frame_holds_the_figures_and_a_commit_elsewhere_updates_them_in_place(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int], service: Service
) -> None:
    app = app_for(db_path, clock, tz, home.priya)
    async with app.run_test(size=(160, 50)) as pilot:
        board = app.screen
        await wait_until(pilot, lambda: isinstance(board, BoardScreen) and board._snapshot is not None)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, PatternsScreen))
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        # Composed from the board's read: no "Reading the weeks…" frame before the figures.
        intro = str(screen.query_one("#patterns-intro", Static).render())
        assert intro.startswith("The last 12 weeks"), intro
        figures = screen.query_one(f"#yp-{home.casey.id}-figures", Static)
        assert "4 ruptures in 12 weeks" in str(figures.render())
        # Another terminal records a rupture for Casey: the same widgets show it, nothing is placed again.
        service.record_rupture(home.dev, home.casey, [home.dev], RuptureKind.HARSH_TONE, "Raised voice at tea")
        await wait_until(pilot, lambda: "5 ruptures in 12 weeks" in str(figures.render()))
        assert screen.query_one(f"#yp-{home.casey.id}-figures", Static) is figures
        assert "4 open now" in str(screen.query_one(f"#yp-{home.casey.id}", Static).render())


async def test_o_lists_the_most_recent_pattern_first(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    app = app_for(db_path, clock, tz, home.morgan)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_patterns(pilot)

        def order() -> list[str]:
            return [
                line.split(" between ")[1].split(" and ")[0]
                for line in pairs_text(app).splitlines()
                if "between" in line
            ]

        assert order() == ["Casey Doyle", "Jordan Mills", "Riley Tanaka"]
        await pilot.press("o")
        assert order() == ["Casey Doyle", "Riley Tanaka", "Jordan Mills"]
        assert "Listed most recent first" in pairs_text(app)


async def test_names_are_shown_as_typed_never_as_markup(
    service: Service, db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    service.add_young_person("[bold]Sky[/bold] Lee")
    app = app_for(db_path, clock, tz, home.morgan)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_patterns(pilot)
        assert "[bold]Sky[/bold] Lee  0 open now" in screen_text(app)


async def test_the_key_is_in_the_footer_the_help_and_the_palette(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    app = app_for(db_path, clock, tz, home.morgan)
    async with app.run_test(size=(160, 50)) as pilot:
        board = app.screen
        await wait_until(pilot, lambda: isinstance(board, BoardScreen) and board._snapshot is not None)
        footer_keys = [b.binding.key for b in board.active_bindings.values() if b.binding.show]
        assert "s" in footer_keys and app.screen.query_one(Footer) is not None
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Patterns over weeks" in screen_text(app) and "board.patterns" in screen_text(app)
        await pilot.press("escape")
        from handover.commands import board_commands

        assert any(c.action == "patterns" and c.name == "Patterns over weeks" for c in board_commands())


def test_patterns_snapshot_80x24(
    snap_compare: Any, db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    async def opened(pilot: Pilot[None]) -> None:
        await open_patterns(pilot)

    assert snap_compare(app_for(db_path, clock, tz, home.priya), terminal_size=(80, 24), run_before=opened)


def test_patterns_snapshot_160x50(
    snap_compare: Any, db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    async def opened(pilot: Pilot[None]) -> None:
        await open_patterns(pilot)

    assert snap_compare(app_for(db_path, clock, tz, home.priya), terminal_size=(160, 50), run_before=opened)


async def test_the_board_marks_a_young_person_with_a_pattern_on_their_section(
    service: Service, db_path: Path, clock: FrozenClock, tz: object, home: Home, history: dict[str, int]
) -> None:
    quiet = service.add_young_person("Ash Rowe")
    app = app_for(db_path, clock, tz, home.dev)  # staff, part of no pair: the mark is the same for everyone
    async with app.run_test(size=(160, 30)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        await wait_until(pilot, lambda: board.row_count > 0)

        def heading(person_id: int) -> str:
            return " ".join(str(cell) for cell in board.get_row(f"yp-{person_id}"))

        for person in (home.jordan, home.riley, home.casey):
            assert PATTERN_MARK in heading(person.id), person.name
        assert PATTERN_MARK not in heading(quiet.id)
        # The filter keeps the mark on the sections it leaves.
        await pilot.press("slash", *"harsh")
        await wait_until(pilot, lambda: board.row_count < 8)
        marked = [" ".join(str(c) for c in board.get_row(k)) for k in board.rows if str(k.value).startswith("yp-")]
        assert len(marked) == 2 and all(PATTERN_MARK in line for line in marked)
