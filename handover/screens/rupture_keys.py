"""The keys that act on one rupture, shared by the board (on the rupture under the cursor) and the detail
screen (on the rupture being read), so both offer the same actions under the same keys and binding ids.

Each binding is the one source of what its action is called: `description` is the footer's short word,
`tooltip` says it in full, "Name: what it does", and the help screen (?) and the command palette (ctrl+p)
both read it from there (`handover.commands.name_and_help`). A key remapped by id in the settings file
(`"board.repaired" = "R"`) is remapped on both screens.
"""

from __future__ import annotations

from textual.binding import Binding

RUPTURE_KEYS: list[Binding] = [
    Binding(
        "r", "repaired", "Repaired", tooltip="Mark repaired: what you named, how they responded", id="board.repaired"
    ),
    Binding("p", "plan", "Plan", tooltip="Plan a repair: what you will do, and by when", id="board.plan"),
    Binding(
        "t", "attempt", "Tried", tooltip="Record an attempt: they were not ready; when to try again", id="board.attempt"
    ),
    Binding("o", "reassign", "Owner", tooltip="Reassign owner: give the repair to another adult", id="board.reassign"),
    Binding(
        "x", "reopen", "Reopen", show=False, tooltip="Reopen a rupture: the repair did not hold", id="board.reopen"
    ),
    Binding(
        "e",
        "end",
        "End",
        show=False,
        tooltip="End without repair: with the reason; it stays in the record",
        id="board.end",
    ),
    Binding(
        "a",
        "amend",
        "Amend",
        show=False,
        tooltip="Amend what was written: correct an entry; the original is kept",
        id="board.amend",
    ),
    Binding(
        "k",
        "reg35",
        "Reg 35",
        show=False,
        tooltip="Tick a reg 35 clock: a restraint's record, manager's talk, child's talk",
        id="board.reg35",
    ),
    Binding(
        "c",
        "accept",
        "Accept",
        show=False,
        tooltip="Accept a repair given to you: take it on, saying in a line what you will do",
        id="board.accept",
    ),
]
"""r p t o x e a k c (the most used first): every step on a rupture, from the board or from its detail."""

#: The actions of RUPTURE_KEYS, as the board and the detail screen name their methods.
RUPTURE_ACTIONS = frozenset(binding.action for binding in RUPTURE_KEYS)
