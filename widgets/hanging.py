"""A line of a list wrapped with a hanging indent: continuation lines start under the words, not at the edge.

The handover screen's lines are indented by what they belong to (an owner, then their repairs). Wrapped by
the list at a narrow width, the rest of a long line went back to column 0 and read as a line of its own.
`hanging` wraps it itself, to the width the list has, each continuation line indented two cells past where
the line's own text starts, so the list never wraps it again.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console
from rich.text import Text
from textual.widget import Widget

#: How much further than the line's own start its continuation lines are indented.
HANG = 2


@cache
def _console() -> Console:
    # Only for measuring and wrapping text: never printed to.
    return Console(width=200, legacy_windows=False, force_terminal=False, color_system=None)


def hanging(text: Text, width: int, hang: int = HANG) -> Text:
    """`text` wrapped to `width` cells, its continuation lines indented `hang` cells past its leading spaces.
    A line that fits (or a width too small to indent in) is returned as it is."""
    if width <= 0 or text.cell_len <= width:
        return text
    lead = len(text.plain) - len(text.plain.lstrip(" "))
    indent = lead + hang
    if width - indent < 10:
        return text  # too narrow to indent usefully: the list wraps it as it can
    console = _console()
    first, *rest = text.wrap(console, width)
    if not rest:
        return text
    for line in rest:
        line.rstrip()  # the space a line was broken at: joined again by one space, never two
    remainder = Text(" ").join(rest)
    out = first.copy()
    out.rstrip()
    for line in remainder.wrap(console, width - indent):
        line.rstrip()
        out.append("\n" + " " * indent)
        out.append_text(line)
    return out


def line_room(widget: Widget) -> int:
    """The cells a line of `widget` (a list) may take: its content width, less room for a vertical scrollbar,
    which may appear once the lines are in. (Its size is already within its border and padding: taking
    those off again wrapped every line several cells short of the edge.)"""
    return widget.size.width - widget.styles.scrollbar_size_vertical
