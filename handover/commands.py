"""BoardCommands: the command palette (ctrl+p) reaches every board action by name.

The names come from the board's own bindings, the one source of what each action is called: a binding's
`tooltip` reads "Name: what it does" (`name_and_help`), its `description` is the footer's short word, and the
help screen uses the same words. A binding added to the board is in the palette and the help at once.

Each command runs what its key runs, so it does exactly what the key does, on the rupture under the board's
cursor. From the detail screen that is the rupture being read, so the screen closes and the action runs on
the board; on top of a form or dialog the palette says to close it first. The app's own actions (the lock,
initials only, quit) run from anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.keys import format_key

if TYPE_CHECKING:
    from handover.screens.board import BoardScreen

#: Keys said as words rather than the footer's symbols ("⏎").
KEY_WORDS = {"enter": "enter", "escape": "esc", "tab": "tab", "space": "space"}


def key_name(binding: Binding) -> str:
    """A key as people say it: "r", "R", "?", "enter", "ctrl+p" (the footer's "^p" is terse for a help)."""
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    return "+".join([*modifiers, KEY_WORDS.get(key, format_key(key))])


def name_and_help(binding: Binding) -> tuple[str, str]:
    """What a binding's action is called and what it does, from its tooltip ("Mark repaired: what you named,
    how they responded"); a binding without one is named by its footer word."""
    name, _, help_text = binding.tooltip.partition(": ")
    return (name, help_text) if name else (binding.description, "")


@dataclass(frozen=True)
class BoardCommand:
    """One board action as the palette offers it, made from its binding."""

    name: str
    """What to type for (and what the palette shows): "Mark repaired"."""
    help: str
    """One line on what it does."""
    binding: Binding
    """The board's binding it comes from (its action, its id)."""

    @property
    def action(self) -> str:
        return self.binding.action


def board_commands() -> Iterator[BoardCommand]:
    """Every board action with a name (its binding's tooltip), in the board's own order."""
    from handover.screens.board import BoardScreen

    for binding in BoardScreen.BINDINGS:
        if isinstance(binding, Binding) and binding.tooltip:
            name, help_text = name_and_help(binding)
            yield BoardCommand(name, help_text, binding)


class BoardCommands(Provider):
    """Board actions by name: "repair" finds Mark repaired, Plan a repair and End without repair."""

    def _board(self) -> BoardScreen | None:
        from handover.screens.board import BoardScreen

        return next((s for s in self.app.screen_stack if isinstance(s, BoardScreen)), None)

    def _key(self, command: BoardCommand) -> str:
        """The keys that do the same on the board, as they are now (remapped keys included)."""
        board = self._board()
        if board is None:
            return ""
        keys = [key_name(a.binding) for a in board.active_bindings.values() if a.binding.id == command.binding.id]
        return f"  [key: {', '.join(keys)}]" if keys else ""

    def _help(self, command: BoardCommand) -> str:
        words = f"{command.help[0].upper()}{command.help[1:]}." if command.help else ""
        return f"{words}{self._key(command)}"

    async def discover(self) -> Hits:
        for command in board_commands():
            yield DiscoveryHit(command.name, partial(self.run, command), help=self._help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in board_commands():
            # The name first; the words on what it does find it too ("sheet", "print"), a little lower.
            score = max(matcher.match(command.name), matcher.match(f"{command.name} {command.help}") * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.name),
                    partial(self.run, command),
                    command.name,
                    self._help(command),
                )

    async def run(self, command: BoardCommand) -> None:
        """Run what the board's key runs."""
        from handover.screens.board import BoardScreen
        from handover.screens.detail import DetailScreen

        action = command.action
        if action.startswith("app."):  # the lock, initials only, quit: from anywhere
            await self.app.run_action(action)
            return
        board = self._board()
        here = self.app.screen
        if board is None:
            self.app.notify("The board is not open.", severity="warning")
            return
        if isinstance(here, DetailScreen):
            if action == "detail":
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
        await board.run_action(action)
