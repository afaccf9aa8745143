"""widgets/option_list.py: page keys on a list with no room on screen do nothing, rather than close the board
(Textual's own raised KeyError: found by random keys at the people screen on a 60x20 terminal); and every list
of options in the board is that one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handover.clock import FrozenClock
from handover.screens.people import PeopleScreen
from tests.app.helpers import board_app, wait_until
from widgets.option_list import OptionList
from widgets.people_list import PeopleList

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("key", ["pageup", "pagedown"])
async def test_page_keys_on_a_list_with_no_room_do_nothing(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], key: str
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen._snapshot is not None)
        people = app.screen.query_one("#young-people-list", PeopleList)
        await pilot.pause()
        assert people.size.height == 0  # this screen needs more than 16 lines: its lists get none
        people.focus()
        highlighted = people.highlighted
        await pilot.press(key)
        await pilot.press("down")  # the board is still there and takes keys
        assert isinstance(app.screen, PeopleScreen) and people.highlighted != highlighted


def test_every_list_of_options_is_the_one_with_safe_page_keys() -> None:
    imports = re.compile(r"^from textual\.widgets import .*\bOptionList\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("handover", "widgets")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "option_list.py" and imports.search(path.read_text())
    ]
    assert offenders == [], f"use widgets.option_list.OptionList in {offenders}"
    assert issubclass(PeopleList, OptionList)
