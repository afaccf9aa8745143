"""Never a league table: on the patterns screen and in the report (md and html), an adult's name appears only
in a prompt about one relationship (one young person and one adult) or as who the report was written for.
No line names two adults, no line puts a count beside an adult outside such a prompt, and nothing is ordered
by a count of an adult's ruptures. The fixed history (tests/patterns_home.py) has several adults in patterns.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.widgets import Static

from handover.clock import FrozenClock
from handover.domain.enums import Role
from handover.report import render_report
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home
from tests.patterns_home import build_patterns_home

PROMPT = re.compile(r"^(?:[-•] )?Worth talking through in supervision: \d+ ruptures? between [^,]+? and (?P<rest>.+)$")
WRITTEN_FOR = re.compile(r"Written .* for (?P<adult>[^(]+) \(")


def staff_names(service: Service) -> list[str]:
    return [s.name for s in service.store.staff()]


def offending_lines(text: str, names: list[str]) -> list[str]:
    """Lines that name an adult other than in a one-relationship prompt or the written-for line."""
    found = []
    for raw in text.splitlines():
        line = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())
        named = [n for n in names if n in line]
        if not named:
            continue
        if len(named) > 1:
            found.append(line)
        elif (m := PROMPT.match(line)) and m["rest"].startswith(named[0] + " "):
            continue
        elif line.endswith(f"at the keyboard: {named[0]}"):  # the header: who is signed in
            continue
        elif (m := WRITTEN_FOR.search(line)) and m["adult"].strip() == named[0]:
            continue
        else:
            found.append(line)
    return found


def test_the_report_names_adults_only_in_one_relationship_prompts(
    service: Service, home: Home, clock: FrozenClock
) -> None:
    build_patterns_home(service, home, clock)
    manager = next(s for s in service.store.staff() if s.role is Role.MANAGER)
    found = service.patterns(manager)
    names = staff_names(service)
    for fmt in ("md", "html"):
        text = render_report(found, fmt, tz=service.tz)
        assert "Worth talking through in supervision" in text  # the pairs are there to be checked
        assert offending_lines(text, names) == [], fmt


async def test_the_screen_names_adults_only_in_one_relationship_prompts(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, service: Service
) -> None:
    build_patterns_home(service, home, clock)
    names = staff_names(service)
    app = board_app(db_path, clock, tz, actor=home.priya)  # a shift lead: every pair shown
    async with app.run_test(size=(160, 50)) as pilot:
        from handover.screens.board import BoardScreen
        from handover.screens.patterns import PatternsScreen

        board = app.screen
        await wait_until(pilot, lambda: isinstance(board, BoardScreen) and board._snapshot is not None)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, PatternsScreen) and app.screen._patterns is not None)
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "Worth talking through in supervision" in text
        assert offending_lines(text, names) == []
        for order in ("o", "o"):  # both orders: by young person, and by how recent
            await pilot.press(order)
            await pilot.pause()
            text = "\n".join(str(s.render()) for s in app.screen.query(Static))
            assert offending_lines(text, names) == []


def test_the_check_itself_catches_a_ranking() -> None:
    names = ["Sam Kell", "Priya Shah"]
    assert offending_lines("| Sam Kell | 5 ruptures |\n| Priya Shah | 2 ruptures |", names) == [
        "| Sam Kell | 5 ruptures |",
        "| Priya Shah | 2 ruptures |",
    ]
    assert offending_lines("Most ruptures: Sam Kell, then Priya Shah", names) != []
    ok = "- Worth talking through in supervision: 3 ruptures between Jordan Mills and Sam Kell in 11 days (x)."
    assert offending_lines(ok, names) == []
