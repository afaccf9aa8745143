"""BoardCommands: the command palette (ctrl+p) reaches every board action by name.

Each command runs the board's own action, so it does exactly what its key does, on the rupture under the
cursor. From the detail screen the rupture being read is the one under the board's cursor, so the screen
closes and the action runs there; on top of a form or dialog the palette says to close it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.keys import format_key

if TYPE_CHECKING:
    from handover.screens.board import BoardScreen


@dataclass(frozen=True)
class BoardCommand:
    """One board action as the palette and the help screen name it."""

    name: str
    """What to type for (and what the palette shows)."""
    action: str
    """The board screen's action, as in its BINDINGS."""
    help: str
    """One line on what it does."""
    on_rupture: bool = False
    """Acts on the rupture under the cursor."""
    in_palette: bool = True
    """Offered in the palette (False when Textual's own commands already have it)."""


#: Every board action, most used first (the palette keeps this order among equal matches).
BOARD_COMMANDS: tuple[BoardCommand, ...] = (
    BoardCommand("Record a new rupture", "new_rupture", "who, the adults, what happened"),
    BoardCommand("Mark repaired", "repaired", "what you named, how they responded", True),
    BoardCommand("Plan a repair", "plan", "what you will do, and by when", True),
    BoardCommand("Record an attempt", "attempt", "they were not ready; when to try again", True),
    BoardCommand("Reassign owner", "reassign", "give the repair to another adult", True),
    BoardCommand("Accept a repair given to you", "accept", "take it on, saying in a line what you will do", True),
    BoardCommand("Handover", "handover", "who is going off and coming on; give repairs; accept; the sheet"),
    BoardCommand("Patterns over weeks", "patterns", "where ruptures recur and repair is not happening, to reflect on"),
    BoardCommand("Filter the board", "filter", "show only rows with these words: names, kind, 'lapsed', '#12'"),
    BoardCommand("Clear the filter", "clear_filter", "show every row of the view again"),
    BoardCommand("View 1: by young person", "view('by-young-person')", "every young person, the most pressing first"),
    BoardCommand("View 2: triage order", "view('triage')", "most urgent, then unowned, lapsed, longest wait"),
    BoardCommand("View 3: mine", "view('mine')", "the repairs you own, and any given to you"),
    BoardCommand("View 4: overdue", "view('overdue')", "past the home's overdue time"),
    BoardCommand("View 5: owner leaving", "view('leaving')", "owners leaving within the hour or off shift"),
    BoardCommand("View 6: unowned", "view('unowned')", "repairs nobody owns yet"),
    BoardCommand("Tick a reg 35 clock", "reg35", "a restraint's record, manager's talk, child's talk", True),
    BoardCommand("Reopen a rupture", "reopen", "the repair did not hold"),
    BoardCommand("End without repair", "end", "with the reason; it stays in the record", True),
    BoardCommand("Amend what was written", "amend", "correct an entry; the original is kept", True),
    BoardCommand("Open detail", "detail", "everything about the rupture, and its timeline", True),
    BoardCommand("People", "people", "add young people and staff, or mark as left"),
    BoardCommand("Who is at the keyboard", "who", "every change is recorded as theirs"),
    BoardCommand("Help: all keys", "help", "every key, and how to change them"),
    # Textual's own palette already offers "Quit": listed here for the help, not twice in the palette.
    BoardCommand("Quit", "app.quit", "close the board; everything is saved as you go", in_palette=False),
)


#: Keys said as words rather than the footer's symbols ("⏎").
KEY_WORDS = {"enter": "enter", "escape": "esc", "tab": "tab", "space": "space"}


PALETTE = tuple(c for c in BOARD_COMMANDS if c.in_palette)


def key_name(binding: Binding) -> str:
    """A key as people say it: "r", "R", "?", "enter", "ctrl+p" (the footer's "^p" is terse for a help)."""
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    return "+".join([*modifiers, KEY_WORDS.get(key, format_key(key))])


def command_for(action: str) -> BoardCommand | None:
    """The command for a board action ("repaired"), or None."""
    return next((c for c in BOARD_COMMANDS if c.action == action), None)


class BoardCommands(Provider):
    """Board actions by name: "repair" finds Mark repaired, Plan a repair and End without repair."""

    def _board(self) -> BoardScreen | None:
        from handover.screens.board import BoardScreen

        return next((s for s in self.app.screen_stack if isinstance(s, BoardScreen)), None)

    def _key(self, command: BoardCommand) -> str:
        """The key that does the same, as the footer shows it (remapped keys included)."""
        board = self._board()
        if board is None:
            return ""
        keys = [
            key_name(active.binding)
            for active in board.active_bindings.values()
            if active.binding.action == command.action
        ]
        return f"  [key: {', '.join(keys)}]" if keys else ""

    def _help(self, command: BoardCommand) -> str:
        return f"{command.help[0].upper()}{command.help[1:]}.{self._key(command)}"

    async def discover(self) -> Hits:
        for command in PALETTE:
            yield DiscoveryHit(command.name, partial(self.run, command), help=self._help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in PALETTE:
            if (score := matcher.match(command.name)) > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.name),
                    partial(self.run, command),
                    command.name,
                    self._help(command),
                )

    async def run(self, command: BoardCommand) -> None:
        """Run the board's action, as its key would."""
        from handover.screens.board import BoardScreen
        from handover.screens.detail import DetailScreen

        board = self._board()
        here = self.app.screen
        if board is None:
            self.app.notify("The board is not open.", severity="warning")
            return
        if isinstance(here, DetailScreen):
            if command.action == "detail":
                self.app.notify("This is the detail of that rupture.")
                return
            # The rupture being read is the one under the board's cursor: go back and act on it there.
            await self.app.pop_screen()
            here = self.app.screen
        if not isinstance(here, BoardScreen):
            self.app.notify(
                f"'{command.name}' works from the board: finish or close this window first (Escape).",
                severity="warning",
            )
            return
        await board.run_action(command.action)
