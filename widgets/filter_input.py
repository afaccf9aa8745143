"""FilterInput: the `/` line of the board. Typing narrows the view at once; Enter keeps the filter and goes
back to the table; Escape clears it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    """One line under the board, shown while filtering."""

    DEFAULT_CSS = """
    FilterInput, FilterInput:focus {
        height: 2;
        border: none;
        border-top: solid $accent;
        border-title-align: left;
        border-title-color: $accent;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("enter", "submit", "Keep filter", id="filter.keep"),
        Binding("escape", "clear", "Clear filter", id="filter.clear"),
    ]
    """Enter keeps the filter and goes back to the table; Escape clears the filter and closes the line."""

    @dataclass
    class Cleared(Message):
        """The filter was cleared with Escape."""

        filter_input: FilterInput

        @property
        def control(self) -> FilterInput:
            return self.filter_input

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="filter: words from names, kind, what happened; 'lapsed', 'unowned', '#12'  "
            "(enter keeps it, esc clears)",
            id=id,
        )
        self.border_title = "Filter: every word must appear"

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared(self))
