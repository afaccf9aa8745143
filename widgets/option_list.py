"""OptionList: Textual's, whose page keys are safe at any size. Every list of options in the board is one.

Textual's OptionList lays its options out into lines only once it has room on screen, and its page keys
(`_move_page`) look the highlighted option's line up without asking whether that has happened. On a terminal
too small for a screen's lists (the people screen at 60x20 gives its lists no height at all), PgUp or PgDn
there raised KeyError and closed the board (found by random keys at the board, through Pilot). With no room,
a page is nothing to move by: the keys do nothing, and every other key works as before.
"""

from __future__ import annotations

from textual.widgets import OptionList as TextualOptionList


class OptionList(TextualOptionList):
    """Textual's OptionList with page keys that do nothing while the list has no room on screen."""

    def action_page_up(self) -> None:
        if self.scrollable_content_region.area:
            super().action_page_up()

    def action_page_down(self) -> None:
        if self.scrollable_content_region.area:
            super().action_page_down()
