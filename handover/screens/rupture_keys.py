"""The board's keys: RUPTURE_KEYS act on one rupture, shared by the board (on the rupture under the cursor) and
the detail screen (on the rupture being read), so both offer the same actions under the same keys and binding
ids; BOARD_KEYS are all of the board's, those included.

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

#: Every key on the board, in the order the footer and the help list them; the footer shows the everyday ones,
#: the help screen (?) all of them; the settings file can remap any of them by id.
BOARD_KEYS: list[Binding] = [
    Binding("n", "new_rupture", "New", tooltip="Record a new rupture: who, the adults, what happened", id="board.new"),
    Binding(
        "enter",
        "detail",
        "Detail",
        tooltip="Open detail: everything about the rupture, its timeline, and every step on it",
        id="board.detail",
        priority=True,
    ),
    *RUPTURE_KEYS,  # p t r o x e a k c, shared with the detail screen
    Binding(
        "m",
        "people",
        "People",
        show=False,
        tooltip="People: add young people and staff, or mark as left",
        id="board.people",
    ),
    Binding("w", "who", "Who", tooltip="Who is at the keyboard: every change is recorded as theirs", id="board.who"),
    Binding(
        "l",
        "app.lock",
        "Lock",
        tooltip="Lock the board: hide every name at once; a PIN opens it again",
        id="board.lock",
    ),
    Binding(
        "i",
        "app.initials",
        "Initials",
        tooltip="Initials only: people by initials, no text about what happened; again for full",
        id="board.initials",
    ),
    Binding(
        "h",
        "handover",
        "Handover",
        tooltip="Handover: who is going off and coming on; give repairs; accept",
        id="board.handover",
    ),
    Binding(
        "S",
        "sheet",
        "Sheet",
        show=False,
        tooltip="Handover sheet: write it to a file to print (HTML, text or Markdown)",
        id="board.sheet",
    ),
    Binding(
        "s",
        "patterns",
        "Patterns",
        tooltip="Patterns over weeks: where ruptures recur and repair is not happening, to reflect on",
        id="board.patterns",
    ),
    Binding(
        "slash",
        "filter",
        "Filter",
        tooltip="Filter the board: only rows with these words: names, kind, 'lapsed', '#12'",
        id="board.filter",
    ),
    Binding(
        "escape",
        "clear_filter",
        "Clear filter",
        show=False,
        tooltip="Clear the filter: every row of the view again",
        id="board.clear_filter",
    ),
    Binding(
        "1",
        "view('by-young-person')",
        "By young person",
        show=False,
        tooltip="View 1, by young person: the most pressing first",
        id="board.view_by_young_person",
    ),
    Binding(
        "2",
        "view('triage')",
        "Triage",
        show=False,
        tooltip="View 2, triage order: most urgent, then unowned, lapsed, longest wait",
        id="board.view_triage",
    ),
    Binding(
        "3",
        "view('mine')",
        "Mine",
        show=False,
        tooltip="View 3, mine: the repairs you own, and any given to you",
        id="board.view_mine",
    ),
    Binding(
        "4",
        "view('overdue')",
        "Overdue",
        show=False,
        tooltip="View 4, overdue: past the home's overdue time",
        id="board.view_overdue",
    ),
    Binding(
        "5",
        "view('leaving')",
        "Leaving",
        show=False,
        tooltip="View 5, owner leaving: owners leaving within the hour or off shift",
        id="board.view_leaving",
    ),
    Binding(
        "6",
        "view('unowned')",
        "Unowned",
        show=False,
        tooltip="View 6, unowned: repairs nobody owns yet",
        id="board.view_unowned",
    ),
    Binding("question_mark", "help", "Help", tooltip="Help: every key, and how to change them", id="board.help"),
    Binding(
        "q",
        "app.ask_quit",
        "Quit",
        tooltip="Quit: close the board, after asking (ctrl+q closes it at once)",
        id="board.quit",
    ),
]
