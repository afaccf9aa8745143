"""The handover screen at the office's sizes and at the awkward hours: it fits 80 columns (long lines wrapped
with a hanging indent, the footer whole), the highlight stays in place after giving all of someone's repairs
away, and at midnight a lead can mark someone onto the coming early shift, not only the night running now.

The same home as tests/app/test_handover_screen.py (its `ids` fixture): Fri 27 Nov 21:15, Sam's late ends at
22:00 and he owns two open repairs; Dev and Priya are on the waking night; Morgan is not on shift.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList

from handover.clock import FrozenClock
from handover.dialogs.staff_picker import StaffPicker
from handover.service import Service
from tests.app import test_handover_screen as screen_tests
from tests.app.helpers import board_app, wait_until
from tests.app.test_handover_screen import highlight, open_handover, option_ids
from tests.app.toasts import Toasts
from tests.conftest import Home
from widgets.fitting_footer import FittingFooter

#: The home and its notifications, as the handover screen's own tests set them up.
ids = screen_tests.ids
toasts = screen_tests.toasts


def lines_of(options: OptionList) -> list[list[str]]:
    """Each option's lines, as the screen wrapped them."""
    found = []
    for option in options.options:
        prompt = option.prompt
        plain = prompt.plain if isinstance(prompt, Text) else str(prompt)
        found.append(plain.split("\n"))
    return found


async def test_at_80_columns_every_line_fits_with_a_hanging_indent(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    ids: dict[str, int],
    home: Home,
) -> None:
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_handover(pilot)
        await pilot.pause()
        wrapped = 0
        for pane in ("staff", "items"):
            options = app.screen.query_one(f"#handover-{pane}", OptionList)
            room = options.scrollable_content_region.width
            for lines in lines_of(options):
                assert all(cell_len(line) <= room for line in lines), (pane, lines, room)
                if len(lines) > 1:
                    wrapped += 1
                    lead = len(lines[0]) - len(lines[0].lstrip(" "))
                    # Continuation lines start two cells past the line's own start, never at the edge.
                    assert all(line.startswith(" " * (lead + 2)) and line.strip() for line in lines[1:]), lines
            assert not options.show_horizontal_scrollbar
        assert wrapped, "at 80 columns some lines must wrap; none did"
        shown = {str(getattr(k, "description", "")) for k in app.screen.query_one(FittingFooter).query("FooterKey")}
        assert {"Board", "Help", "On/off shift", "On next shift"} <= shown


async def test_after_give_all_the_highlight_is_on_the_next_leaving_owner(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    ids: dict[str, int],
    home: Home,
    service: Service,
) -> None:
    # Morgan, not on shift, owns Riley's repair: a second owner in the list of those leaving or off shift.
    service.assign_owner(home.priya, ids["riley_unowned"], home.morgan, "Morgan knows about the trip")
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_handover(pilot)
        owners = [i for i in option_ids(app, "items") if i.startswith("owner-")]
        # Morgan (off shift) first, then Sam (leaving at 22:00).
        assert owners == [f"owner-{home.morgan.id}", f"owner-{home.sam.id}"]
        highlight(app, "items", f"owner-{home.morgan.id}")
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffPicker))
        await pilot.press("p", "r", "i", "enter")
        await wait_until(pilot, lambda: f"owner-{home.morgan.id}" not in option_ids(app, "items"))
        items = app.screen.query_one("#handover-items", OptionList)
        assert items.highlighted is not None
        # Not back at the top: on Sam, the next to go through.
        assert option_ids(app, "items")[items.highlighted] == f"owner-{home.sam.id}"


async def test_at_midnight_n_marks_someone_onto_the_coming_early_shift(
    db_path: Path,
    clock: FrozenClock,
    tz: object,
    ids: dict[str, int],
    home: Home,
    service: Service,
    toasts: Toasts,
) -> None:
    clock.advance(timedelta(hours=3, minutes=15))  # Sat 28 Nov 00:30: the waking night runs until 07:00
    app = board_app(db_path, clock, tz, actor=home.priya)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_handover(pilot)
        assert "h-on" in option_ids(app, "staff")
        highlight(app, "staff", f"s-{home.morgan.id}")
        await pilot.press("n")
        await wait_until(pilot, lambda: service.shift_marks(home.morgan) != [])
        await wait_until(pilot, lambda: toasts.any("Morgan Blake is on the coming shift: early 07:00-15:00."))

        # Listed with those coming on, under the early: both places read from the same, current list (the
        # list is rebuilt after the toast, so an index kept from before it would compare two lists).
        def listed_as_coming() -> bool:
            staff = option_ids(app, "staff")
            return staff.index(f"s-{home.morgan.id}") < staff.index("h-others")

        await wait_until(pilot, listed_as_coming)
    mark = service.shift_marks(home.morgan)[-1]
    assert (mark.on_shift, mark.shift) == (True, "early")
    assert mark.shift_end is not None and mark.shift_end.astimezone(tz).hour == 15  # type: ignore[arg-type]
