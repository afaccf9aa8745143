"""WeekLine: counts per week as one line: an optional label, Textual's own `Sparkline`, and a few words.

"Ruptures per week   ▁▂▁▂▂▁▁▁█▇▇▇ 17 in 12 weeks". A sparkline scales from the smallest count to the largest
of its own line, so the words beside it say the numbers. Updated in place (`show`), so a screen that reads
again after every commit never tears its lines down. The label and words are `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static


class WeekLine(Horizontal):
    """A label, a sparkline of counts per week (oldest first) and words about them."""

    DEFAULT_CSS = """
    WeekLine {
        height: 1;
        width: 1fr;
    }
    WeekLine > .week-line--label {
        width: auto;
        color: $text-muted;
    }
    WeekLine > Sparkline {
        width: 12;
        margin: 0 1 0 0;
    }
    WeekLine > .week-line--words {
        width: 1fr;
    }
    """

    def __init__(self, label: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._label = label

    def compose(self) -> ComposeResult:
        if self._label:
            yield Static(Text(self._label), classes="week-line--label")
        yield Sparkline([])
        yield Static("", classes="week-line--words")

    def show(self, counts: Sequence[int], words: Text | str) -> None:
        """Show `counts` (one a week, oldest first; the sparkline is as wide as there are weeks) and `words`."""
        line = self.query_one(Sparkline)
        line.styles.width = max(len(counts), 1)
        line.data = list(counts)
        self.query_one(".week-line--words", Static).update(words if isinstance(words, Text) else Text(words))
