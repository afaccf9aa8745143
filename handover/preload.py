"""The screens and forms the board's keys open, imported once the board is up, so no first press waits for it.

The board imports each screen and form only when a key first asks for it: its first frame must not wait for
modules it does not show (docs/PERFORMANCE.md, start-up). The first press of each key then paid for the
import. In a real terminal the first `n` took 111-150 ms and the later ones 80-90; with the new-rupture form's
modules (Textual's TextArea among them, 11-12 ms to import here) already imported, the first took 92-106 ms.

`start` imports them on a thread of its own a moment after the board's first frame, before anyone has
reached for a key. A key pressed while a module is being imported waits for that module (Python's import
lock is per module) and never imports it twice; the other modules' imports share Python's lock with the
screen, a few milliseconds at a time. The import statements where each screen is used stay the one path:
this only makes them find the module already there.
"""

from __future__ import annotations

import importlib
import sys
import threading

from handover import dataclass_cache

#: Every screen, form and dialog the board's keys (and the screens they open) import when first asked, in
#: the order a care worker is likely to want them: tests/test_preload.py checks none is missing. The first run
#: screen is not here: a home is set up once.
SCREEN_MODULES = (
    "handover.screens.forms.new_rupture",
    "handover.screens.forms.repair",
    "handover.screens.detail",
    "handover.screens.forms.plan",
    "handover.screens.forms.attempt",
    "handover.screens.forms.reassign",
    "handover.screens.forms.accept",
    "handover.screens.forms.end",
    "handover.screens.forms.amend",
    "handover.screens.forms.reopen",
    "handover.screens.forms.reg35",
    "handover.screens.forms.sheet",
    "handover.screens.help",
    "handover.screens.handover",
    "handover.screens.patterns",
    "handover.screens.people",
    "handover.screens.lock",
    "handover.screens.glance",
    "handover.screens.who",
    "handover.dialogs.confirm",
    "handover.dialogs.staff_picker",
    "handover.dialogs.pin",
    "handover.commands",
)


def start() -> threading.Thread | None:
    """Import every module of SCREEN_MODULES not imported yet, on a daemon thread; None when there are none
    left (a second board in the same process, as in the tests)."""
    missing = [name for name in SCREEN_MODULES if name not in sys.modules]
    if not missing:
        return None
    thread = threading.Thread(target=_import_all, args=(missing,), name="handover-preload", daemon=True)
    thread.start()
    return thread


def _import_all(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the key that opens it imports it again and shows what is wrong
            break
    # The dataclasses made so far (the start's and these screens') are kept for the next start now, not only
    # at exit: a board is often closed by shutting its terminal, which runs no exit handlers.
    dataclass_cache.save()
