"""One line of parts that fits its width: whole parts, each in the fullest wording there is room for.

The board's summary and view lines say several things ("10 open", "▲ 4 overdue", "⧗ 1 not yet accepted", the
last handover), with one that must always show at the right ("updated 22:04"). Cut at the edge, a line
loses its last words mid-way, and what was on the right goes first. `fit_parts` keeps each part whole: it
takes the parts in order, each in the first (fullest) of its wordings that still fits, and leaves out a part
no wording of which fits. `FitLine` is a one-line Static that lays its parts out again whenever its width
changes, with the home's names as initials while a mask is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets import Static

from handover.domain.names import NameMask
from widgets.initials import masked_text

#: One part of a line: its wordings, fullest first ("⧗ 1 not yet accepted", "⧗ 1 to accept").
Part = tuple[Text, ...]


def fit_parts(parts: Sequence[Part], width: int, separator: str = "  ·  ", right: Text | None = None) -> Text:
    """`parts` laid out in `width` cells, in order, joined by `separator`: each in its fullest wording that
    fits, or left out when none does. `right`, when given, always shows at the right-hand end (two cells at
    least from the rest); if even it does not fit, it is cut short with "…"."""
    room = width
    if right is not None:
        room = max(0, width - right.cell_len - 2)
    line = Text(no_wrap=True, overflow="ellipsis")
    for part in parts:
        gap = len(separator) if line.cell_len else 0
        chosen = next((wording for wording in part if line.cell_len + gap + wording.cell_len <= room), None)
        if chosen is None:
            continue
        if gap:
            line.append(separator)
        line.append_text(chosen)
    if right is not None:
        if right.cell_len > width:
            shown = right.copy()
            shown.truncate(width, overflow="ellipsis")
            return shown
        line.append(" " * (width - line.cell_len - right.cell_len))
        line.append_text(right)
    return line


class FitLine(Static):
    """A one-line Static whose parts fit its width (`fit_parts`), laid out again as the width changes."""

    DEFAULT_CSS = """
    FitLine {
        height: 1;
        padding: 0 1;
    }
    """

    separator = "  ·  "
    """What goes between two parts."""

    def __init__(self, content: str = "", *, id: str | None = None) -> None:
        super().__init__(content, id=id, markup=False)
        self._parts: tuple[Part, ...] | None = None
        self._right: Text | None = None
        self.name_mask: NameMask | None = None
        """Initials only: when set, the people named in the line are shown by their initials. Takes effect at
        the next `show_parts` or `refit`."""

    def show_parts(self, parts: Sequence[Part], right: Text | None = None) -> None:
        """Show `parts` (and `right` at the right-hand end), fitted to the width there is."""
        self._parts, self._right = tuple(parts), right
        self.refit()

    def show_text(self, text: Text) -> None:
        """Show `text` as it is (cut with "…" if it is too long), instead of parts."""
        self._parts, self._right = None, None
        shown = text.copy()
        shown.no_wrap, shown.overflow = True, "ellipsis"
        self.update(self._masked(shown))

    def refit(self) -> None:
        if self._parts is None:
            return
        mask = self.name_mask
        parts = [tuple(masked_text(w, mask) for w in part) for part in self._parts] if mask else self._parts
        right = masked_text(self._right, mask) if mask and self._right is not None else self._right
        width = self.content_region.width or max(0, self.app.size.width - 2)
        self.update(fit_parts(parts, width, self.separator, right))

    def _masked(self, text: Text) -> Text:
        return masked_text(text, self.name_mask) if self.name_mask is not None else text

    @property
    def shown(self) -> str:
        """The line as it reads now (plain text)."""
        content = self.content
        return content.plain if isinstance(content, Text) else str(content)

    def on_resize(self, event: events.Resize) -> None:
        self.refit()
