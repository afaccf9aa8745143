"""Modal: the base of every dialog and form, a ModalScreen whose tinted view of the screen under it is drawn
with each style tinted once.

A ModalScreen with a translucent background (the app's: `$background 60%`, the board dimmed under a form)
draws the screen beneath it through Textual's `BackgroundScreen`, which blends the tint into the colours of
every segment of that screen, one by one: two colour conversions, two blends and a new style for each. On
the board at 120x40 that was 17 ms of the 75 from `n` to the form on screen, though the board has only a
few dozen different styles. `TintOnce` is that renderable with the blend worked out once per style of the
frame and reused for every segment drawn in it: the same segments, the same colours.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen

T = TypeVar("T")

_NO_STYLE = Style()


class TintOnce(BackgroundScreen):
    """BackgroundScreen, each distinct style of the screen beneath tinted once per frame."""

    @classmethod
    def process_segments(cls, segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
        if color.a == 0:  # Textual's own special case: nothing to blend
            yield from BackgroundScreen.process_segments(segments, color)
            return
        tinted: dict[Style | None, Style] = {}
        for segment in segments:
            text, style, control = segment
            if control:
                yield segment
                continue
            done = tinted.get(style)
            if done is None:
                done = tinted[style] = _tint(style, color)
            yield Segment(text, done, control)


def _tint(style: Style | None, color: Color) -> Style:
    """What BackgroundScreen makes of one segment's style: links and meta dropped, both colours blended."""
    plain = _NO_STYLE if style is None else style.clear_meta_and_links()
    foreground = (Color.from_rich_color(plain.color) + color).rich_color if plain.color is not None else None
    background = (Color.from_rich_color(plain.bgcolor) + color).rich_color if plain.bgcolor is not None else None
    return plain + Style.from_color(foreground, background)


class Modal(ModalScreen[T]):
    """A ModalScreen drawing the screen beneath through `TintOnce`."""

    def render(self) -> RenderableType:
        drawn = super().render()
        if type(drawn) is BackgroundScreen:
            return TintOnce(drawn.screen, drawn.color)
        return drawn
