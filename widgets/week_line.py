"""Counts per week as one line of text: Textual's own `Sparkline` renderable, then a few words.

"▁▂▁▂▂▁▁▁█▇▇▇ 17 in 12 weeks". A sparkline scales from the smallest count to the largest of its own line, so the
words beside it say the numbers. The bars are drawn by `textual.renderables.sparkline.Sparkline`, the renderable
Textual's `Sparkline` widget draws with, in the same colours the widget takes from the theme ($primary for the
largest count, $primary at 30% for the smallest), and returned as `rich.text.Text`, so a screen can put a week
line inside the text of one `Static` among other lines.

Why text and not the widget (issue 11/12): a widget per week line (a row, the sparkline, its words) made the
patterns screen 60-odd widgets, and styling, laying out and drawing them took most of its 300 ms budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rich.color import Color as RichColor
from rich.console import Console
from rich.text import Text
from textual.color import Color
from textual.renderables.sparkline import Sparkline


@dataclass(frozen=True)
class BarColours:
    """The sparkline's colours: for the smallest count of a line, and for the largest."""

    low: RichColor
    high: RichColor

    @classmethod
    def from_theme(cls, variables: dict[str, str]) -> BarColours:
        """As Textual's Sparkline widget colours itself: $primary, and $primary at 30% over $background."""
        return _colours(variables.get("primary", "#0178D4"), variables.get("background", "#000000"))


@cache
def _colours(primary: str, background: str) -> BarColours:
    high = Color.parse(primary)
    low = Color.parse(background).blend(high, 0.3)
    return BarColours(low=low.rich_color, high=high.rich_color)


@cache
def _console() -> Console:
    # Only for drawing the bars into segments: never printed to.
    return Console(width=200, legacy_windows=False, force_terminal=True, color_system="truecolor")


def week_bars(counts: Sequence[int], colours: BarColours) -> Text:
    """One bar a week (oldest first), as wide as there are weeks."""
    width = max(len(counts), 1)
    console = _console()
    drawn = Sparkline(list(counts), width=width, min_color=colours.low, max_color=colours.high)
    segments = console.render(drawn, console.options.update(width=width, height=1))
    bars = Text()
    for segment in segments:
        if segment.text and not segment.control:
            bars.append(segment.text, segment.style)
    return bars


def week_line(counts: Sequence[int], words: Text | str, colours: BarColours, label: str = "") -> Text:
    """`label` (muted, as given: pad it to line labels up), the week's bars, a space, and `words`."""
    line = Text()
    if label:
        line.append(label, style="dim")
    line.append_text(week_bars(counts, colours))
    line.append(" ")
    line.append_text(words if isinstance(words, Text) else Text(words))
    return line
