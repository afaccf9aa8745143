"""Every dialog and form draws the board beneath it dimmed exactly as Textual's ModalScreen does, each style
tinted once (widgets/modal.py): the same segments as Textual's BackgroundScreen, on generated segments and
on the real board under the new-rupture form."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

from handover.clock import FrozenClock
from handover.screens.board import BoardScreen
from handover.screens.forms.new_rupture import NewRuptureForm
from tests.app.helpers import board_app, wait_until
from widgets.modal import Modal, TintOnce
from widgets.rupture_board import RuptureBoard

STYLES = [
    None,
    Style(),
    Style(color="red"),
    Style(bgcolor="#102030"),
    Style(color="#aabbcc", bgcolor="#001122", bold=True),
    Style(color="green", link="https://example.org"),
    Style.from_meta({"row": 3, "column": 1}) + Style(color="yellow", bgcolor="blue", italic=True),
    Style(color="default", bgcolor="default"),
]


def segments() -> list[Segment]:
    made = [Segment(f"cell {i}", style) for i, style in enumerate(STYLES * 3)]
    made.insert(4, Segment("\x1b[2J", None, [(ControlType.CLEAR,)]))  # a control segment passes through untouched
    return made


def test_tint_once_gives_textuals_segments_for_every_kind_of_style() -> None:
    for color in (Color(0, 0, 0, 0.6), Color(30, 30, 40, 0.25), Color(0, 0, 0, 0.0)):
        assert list(TintOnce.process_segments(segments(), color)) == list(
            BackgroundScreen.process_segments(segments(), color)
        )


async def test_the_board_under_a_form_is_dimmed_as_textual_dims_it(
    db_path: Path, clock: FrozenClock, tz: object, seeded: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[Color] = []
    tint = TintOnce.process_segments.__func__  # type: ignore[attr-defined]

    def spy(cls: type[TintOnce], segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
        drawn.append(color)
        return tint(cls, segments, color)

    monkeypatch.setattr(TintOnce, "process_segments", classmethod(spy))
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.query_one(RuptureBoard).row_count > 0)
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        form = app.screen
        assert isinstance(form, Modal)
        await pilot.pause()
        assert drawn  # the form's frame drew the board beneath through TintOnce
        background = form.styles.background
        assert background.a < 1  # the app's stylesheet dims the board under a modal
        options = app.console.options.update_dimensions(120, 40)
        ours = list(app.console.render(TintOnce(board, background), options))
        textuals = list(app.console.render(BackgroundScreen(board, background), options))
        assert len(ours) > 200  # the whole board: every row of it, dimmed
        assert ours == textuals
