"""Charts for the printed patterns report, drawn as SVG by leather (a maintained, pure-Python charting library)
and embedded inline in the HTML: one file to print or keep, nothing fetched.

Black and grey on white, ruptures solid and repairs dashed, so a chart reads on a black-and-white printer.
Only numbers and week labels go into a chart, never a name: the names are in the page's own text. leather
keeps its look in module settings (`leather.theme`); this module sets them before drawing, and nothing else in
the app draws with leather. Import it only where the report is rendered (it loads leather).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from decimal import Decimal

import leather
from markupsafe import Markup

#: leather's look for every chart here: print-friendly, in the report's own font.
_THEME = {
    "background_color": "#ffffff",
    "title_color": "#000000",
    "legend_color": "#000000",
    "axis_title_color": "#000000",
    "label_color": "#333333",
    "tick_color": "#dddddd",
    "zero_color": "#000000",
    "title_font_family": "DejaVu Sans, Arial, sans-serif",
    "legend_font_family": "DejaVu Sans, Arial, sans-serif",
    "axis_title_font_family": "DejaVu Sans, Arial, sans-serif",
    "tick_font_family": "DejaVu Sans, Arial, sans-serif",
    "tick_font_size": 11,
    "tick_font_char_height": 11,
    "tick_font_char_width": 7,
    "legend_font_size": 12,
    "legend_font_char_height": 12,
    "legend_font_char_width": 7,
    "margin": 0.03,
}
RUPTURES_COLOUR = "#000000"
REPAIRS_COLOUR = "#666666"


class _ExactScale(leather.Linear):
    """leather's linear scale drawn over exactly the domain given: leather's own rounds the domain out to the
    next "nice" tick (0 to 11 weeks becomes 0 to 15), which leaves empty weeks at the right of the chart."""

    def __init__(self, low: float, high: float) -> None:
        super().__init__(low, high)
        self.low, self.high = Decimal(low), Decimal(high)

    def project(self, value: float, range_min: float, range_max: float) -> Decimal:
        position = (Decimal(value) - self.low) / (self.high - self.low)
        return (Decimal(range_max) - Decimal(range_min)) * position + Decimal(range_min)


def _themed() -> None:
    for name, value in _THEME.items():
        setattr(leather.theme, name, value)


def _count_axis(top: int) -> tuple[int, list[int]]:
    """A y axis for counts: whole numbers only, about five ticks, from 0 to at least 1."""
    top = max(top, 1)
    step = max(1, math.ceil(top / 4))
    top = math.ceil(top / step) * step
    return top, list(range(0, top + 1, step))


def _inline(chart: leather.Chart, width: int, height: int, label: str) -> Markup:
    """The chart as an <svg> element to put inside HTML (leather's XML declaration and doctype dropped), with
    `label` as its accessible name."""
    out = io.StringIO()
    chart.to_svg(out, width=width, height=height)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    # leather's own element, given a role and a name for screen readers (the label is ours: never user text).
    named = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1)
    return Markup(named)  # noqa: S704 - leather's output, built from numbers and our own labels


def weekly_chart(weeks: Sequence[str], ruptures: Sequence[int], repairs: Sequence[int]) -> Markup:
    """The home's ruptures (solid) and repairs (dashed) per week, weeks labelled by their Monday."""
    _themed()
    chart = leather.Chart()
    last = len(weeks) - 1
    chart.set_x_scale(_ExactScale(0, max(last, 1)))
    every = max(1, math.ceil(len(weeks) / 6))
    chart.add_x_axis(ticks=list(range(0, len(weeks), every)), tick_formatter=lambda value, i, n: weeks[int(value)])
    top, ticks = _count_axis(max([*ruptures, *repairs], default=0))
    chart.set_y_scale(_ExactScale(0, top))
    chart.add_y_axis(ticks=ticks, tick_formatter=lambda value, i, n: f"{int(value)}")
    chart.add_line(list(enumerate(ruptures)), name="ruptures", stroke_color=RUPTURES_COLOUR, width=2)
    chart.add_line(
        list(enumerate(repairs)), name="repairs", stroke_color=REPAIRS_COLOUR, width=2, stroke_dasharray="6 4"
    )
    return _inline(chart, 640, 210, "Ruptures and repairs per week")


def week_columns(weeks: Sequence[str], counts: Sequence[int], label: str) -> Markup:
    """Small columns: one young person's ruptures per week, oldest week first."""
    _themed()
    chart = leather.Chart()
    top, ticks = _count_axis(max(counts, default=0))
    chart.set_y_scale(_ExactScale(0, top))
    chart.add_y_axis(ticks=ticks, tick_formatter=lambda value, i, n: f"{int(value)}")
    # Columns take text on the x axis, one distinct text per column: every third week is labelled, the others
    # get distinct blanks, so the labels never run into each other.
    names = [week if i % 3 == 0 else " " * (i + 1) for i, week in enumerate(weeks)]
    chart.add_columns(list(zip(names, counts, strict=True)), fill_color=RUPTURES_COLOUR)
    return _inline(chart, 320, 120, label)
