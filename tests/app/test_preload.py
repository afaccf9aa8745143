"""The screens the board's keys open are imported a moment after its first frame (handover/preload.py).

Three things must hold: the list names every screen, form and dialog the board and its screens import when
a key first asks for one (a new one left out would make its first press wait again); starting the preload in
a fresh interpreter imports them all, which the board itself had not (otherwise there is nothing to gain);
and the real board starts it once its first frame is drawn.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from handover import preload
from handover.clock import FrozenClock
from handover.service import Service
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home

ROOT = Path(__file__).resolve().parents[2]

#: The files whose keys open screens: the app (sign-in, lock, glance, palette), the board and the screens it opens.
OPENERS = (
    "handover/app.py",
    "handover/lock.py",
    "handover/screens/board.py",
    "handover/screens/rupture_keys.py",
    "handover/screens/detail.py",
    "handover/screens/handover.py",
    "handover/screens/people.py",
)
#: Opened once in a home's life (setting it up), or the board itself: not worth importing ahead.
NOT_AHEAD = {"handover.screens.first_run", "handover.screens.board", "handover.screens.watching"}


def imported_when_asked(path: Path) -> set[str]:
    """Screen, form, dialog and palette modules that `path` imports inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    name = inner.module
                    if name.startswith(("handover.screens.", "handover.dialogs.")) or name == "handover.commands":
                        found.add(name)
    return found - NOT_AHEAD


def test_every_screen_a_key_opens_is_imported_ahead() -> None:
    wanted = set().union(*(imported_when_asked(ROOT / name) for name in OPENERS))
    assert "handover.screens.forms.new_rupture" in wanted  # the scan finds the board's own lazy imports
    missing = wanted - set(preload.SCREEN_MODULES)
    assert not missing, f"imported on a first key press but not ahead of it: {sorted(missing)}"
    for name in preload.SCREEN_MODULES:
        assert importlib.util.find_spec(name) is not None, f"{name} does not exist"


def test_the_preload_imports_what_the_board_had_not() -> None:
    probe = (
        "import json, sys\n"
        "import handover.app, handover.screens.board\n"
        "from handover import preload\n"
        "before = [m for m in preload.SCREEN_MODULES if m not in sys.modules]\n"
        "thread = preload.start()\n"
        "thread.join(60)\n"
        "after = [m for m in preload.SCREEN_MODULES if m not in sys.modules]\n"
        "print(json.dumps({'before': before, 'after': after, 'again': preload.start() is None}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    assert "handover.screens.forms.new_rupture" in found["before"]  # the board alone does not import it
    assert found["after"] == [], f"not imported: {found['after']}"
    assert found["again"], "a second start, with everything imported, should start no thread"


async def test_the_board_starts_the_preload_after_its_first_frame(
    db_path: Path, clock: FrozenClock, tz: object, service: Service, home: Home, monkeypatch: object
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(preload, "start", lambda: started.append(True))  # type: ignore[attr-defined]
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(started))
        assert started == [True]
