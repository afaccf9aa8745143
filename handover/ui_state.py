"""What this PC's board remembers between runs: the view last chosen on the number keys.

Kept in a small JSON file in the user state folder (`config.state_dir()`), written whole to a new file and
moved into place, so a crash mid-write never leaves half a file. An unreadable or missing file means the
defaults: remembering is a convenience, never a reason not to open the board.

The filter typed with `/` is deliberately NOT remembered: a board that opens next shift (perhaps for
someone else at this PC) already narrowed by an old filter could hide an overdue repair from them.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from handover.config import state_dir
from handover.domain.views import View

STATE_FILE = "board.json"


@dataclass(frozen=True, kw_only=True)
class BoardState:
    """The board's remembered settings."""

    view: View = View.BY_YOUNG_PERSON
    """The view on the number keys 1-6."""


def state_path() -> Path:
    return state_dir() / STATE_FILE


def load_state(path: Path | None = None) -> BoardState:
    """The remembered state, or the defaults when there is none or it cannot be read."""
    path = path or state_path()
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        return BoardState(view=View(found.get("view", View.BY_YOUNG_PERSON.value)))
    except (OSError, ValueError, AttributeError):  # unreadable, not JSON, not an object, or an unknown view
        return BoardState()


def save_state(state: BoardState, path: Path | None = None) -> bool:
    """Remember `state` (owner-only file, replaced atomically). False, with nothing half-written, if the
    folder cannot be written: the board carries on and simply forgets."""
    path = path or state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps({"view": state.view.value}, separators=(",", ":")))
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True
