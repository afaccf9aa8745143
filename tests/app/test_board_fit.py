"""The board on the office screen's widths: every rupture line says what it must at 80 and 120 columns with no
sideways scrolling, columns narrow again after a wider view, the summary keeps "updated" and the footer
keeps "? Help" at 80 columns, and the cursor lands on a rupture just recorded. Through Pilot, on the demo
home (or the small fixture home) in a real database file, with the clock frozen; what is checked is what the
terminal shows."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from textual.pilot import Pilot

from db.store import Store
from handover.app import HandoverApp
from handover.clock import FrozenClock
from handover.domain.board import board_rows
from handover.domain.models import YoungPerson
from handover.domain.urgency import format_waited
from handover.screens.board import BoardScreen
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.service import Service
from tests.app.helpers import board_app, wait_for_workers, wait_until
from tests.conftest import Home
from widgets.fitting_footer import FittingFooter
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar

#: How wide one cell is in the SVG a screenshot makes (rich's export: 0.61 of a 20 px font).
CELL_PX = 12.2

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+"[^>]*'
    r'clip-path="url\(#terminal-[\w-]*?line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: HandoverApp) -> list[str]:
    """The terminal as rendered, one string per line (from the SVG a screenshot makes: each run of text sits
    at its cell, so the columns come out where the terminal shows them)."""
    svg = app.export_screenshot(title="handover")
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for match in _TEXT.finditer(svg):
        column, line = round(float(match[1]) / CELL_PX), int(match[2])
        for offset, char in enumerate(unescape(match[3]).replace("\xa0", " ")):
            if 0 <= column + offset < width and line < height and char != "\n":
                grid[line][column + offset] = char
    return ["".join(row) for row in grid]


async def loaded(pilot: Pilot[None]) -> RuptureBoard:
    screen = pilot.app.screen
    assert isinstance(screen, BoardScreen)
    board = screen.query_one(RuptureBoard)
    await wait_until(pilot, lambda: board.row_count > 0)
    await pilot.pause()
    return board


def rupture_lines(app: HandoverApp, clock: FrozenClock) -> dict[int, list[str]]:
    """What every open rupture's line must show, by rupture id: its number, waited time, urgency word, the
    owner's first name (or "unowned") and the start of what happened."""
    screen = app.screen
    assert isinstance(screen, BoardScreen) and screen._snapshot is not None
    must = {}
    for row in board_rows(screen._snapshot, clock.now()).rows:
        owner = row.owner.split()[0] if row.owner else "unowned"
        must[row.rupture.id] = [
            f"#{row.rupture.id}",
            format_waited(row.waited),
            row.urgency.label,
            owner,
            row.first_line[:12],
        ]
    return must


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("view", ["1", "2"])
async def test_every_rupture_line_shows_what_it_must(
    demo: Path, demo_clock: FrozenClock, tz: object, size: tuple[int, int], view: str
) -> None:
    app = board_app(demo, demo_clock, tz)
    async with app.run_test(size=size) as pilot:
        board = await loaded(pilot)
        await pilot.press(view)
        await pilot.pause()
        lines = screen_lines(app)[4:-1]  # the table's rows: below the header, summary, view line and headings
        must = rupture_lines(app, demo_clock)
        assert len(must) == 10
        for rupture_id, parts in must.items():
            (line,) = [line for line in lines if re.search(rf"#{rupture_id}\b", line)]
            for part in parts:
                assert part in line, (part, line)
        assert board.virtual_size.width <= board.scrollable_content_region.width  # no sideways scrolling
        assert not board.show_horizontal_scrollbar


async def test_columns_narrow_again_after_a_wider_view(demo: Path, demo_clock: FrozenClock, tz: object) -> None:
    app = board_app(demo, demo_clock, tz)
    async with app.run_test(size=(200, 60)) as pilot:
        board = await loaded(pilot)
        first = dict(board.shown_columns)
        await pilot.press("5")
        await pilot.pause()
        leaving = dict(board.shown_columns)
        # View 5 names the young person on every row ("#133  Mason Ainsworth") and owners in its headings.
        assert leaving["who"] > first["who"]
        await pilot.press("1")
        await pilot.pause()
        assert board.shown_columns == first  # back to view 1's own widths: none kept from view 5
        assert board.shown_columns["who"] == max(len(p.name) for p in app_young_people(app))


def app_young_people(app: HandoverApp) -> list[YoungPerson]:
    screen = app.screen
    assert isinstance(screen, BoardScreen) and screen._snapshot is not None
    return [p for p in screen._snapshot.young_people if p.active]


async def test_the_summary_keeps_updated_and_the_footer_keeps_help_at_80_columns(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    service.mark_on_shift(home.priya, home.priya, True, "waking night")  # Priya is coming on
    service.accept_handover(home.priya)
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        lines = screen_lines(app)
        summary = lines[1]
        assert summary.rstrip().endswith("updated 20:00"), summary
        assert re.search(r"handover( accepted)? 20:00", summary), summary  # as much as fits, whole
        footer = lines[-1]
        assert "? Help" in footer and footer.rstrip().endswith("^p palette"), footer
        # Every key in the footer is whole: each one shown reads "key Description" in full. (FooterKey is not
        # public Textual API: its attributes are read by name.)
        shown = app.screen.query_one(FittingFooter).query("FooterKey")
        assert len(shown) >= 6
        for key in shown:
            assert f"{getattr(key, 'key_display')} {getattr(key, 'description')}" in footer  # noqa: B009

        await pilot.resize_terminal(200, 24)  # wider: every key the board puts in the footer
        await pilot.pause()
        await pilot.pause()
        footer = screen_lines(app)[-1]
        for words in ("n New", "⏎ Detail", "h Handover", "/ Filter", "? Help", "q Quit"):
            assert words in footer, footer
        assert "handover accepted 20:00 (Priya Shah)" in screen_lines(app)[1]


async def test_the_summary_gives_up_the_handover_before_updated(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home, service: Service
) -> None:
    service.mark_on_shift(home.priya, home.priya, True, "waking night")
    service.accept_handover(home.priya)
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(60, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(SummaryBar)
        assert bar.shown.endswith("updated 20:00") and "handover" not in bar.shown
        assert bar.shown.startswith("3 open")


async def test_the_cursor_lands_on_the_rupture_just_recorded(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await loaded(pilot)
        board.move_cursor(row=0)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        await pilot.press(*"ca", "tab", *"SK", "tab", "c", "tab", "tab")
        await pilot.press(*["space" if c == " " else c for c in "Casey said I was useless and I snapped back"])
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        store = Store.open(db_path)
        (recorded,) = [r for r in store.open_ruptures() if r.young_person_id == home.casey.id]
        store.close()
        await wait_until(pilot, lambda: board.selected_rupture_id == recorded.id)
        await wait_for_workers(pilot)
        assert board.selected_key == f"r-{recorded.id}"
        assert board.has_focus


async def test_a_view_without_the_cursors_row_starts_at_the_top(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], home: Home
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(120, 30)) as pilot:
        board = await loaded(pilot)
        board.move_cursor(row=board.get_row_index(f"yp-{home.jordan.id}"))  # a young person's heading
        await pilot.press("2")
        assert board.selected_key == "g-triage"  # the top, not whichever rupture was next to the heading
        await pilot.press("down")
        assert board.selected_rupture_id == seeded["jordan_overdue"]  # the first in triage order

        board.move_cursor(row=board.get_row_index(f"r-{seeded['riley_unowned']}"))
        await pilot.press("4")  # overdue: Riley's rupture is only due soon
        assert board.selected_key == "g-overdue"
        await pilot.press("2")  # a heading of another view: the top again
        assert board.selected_key == "g-triage"
        await pilot.press("down", "down")  # Riley's unowned rupture, second in triage
        await pilot.press("6")  # unowned: the cursor's rupture (Riley's, unowned) is there
        assert board.selected_rupture_id == seeded["riley_unowned"]
