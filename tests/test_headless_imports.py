"""The headless code never loads Textual or Rich: the domain, storage, the service and the command line.

A fresh interpreter imports every headless module (every module of the project except the terminal UI's)
and looks in sys.modules; another runs `handover log` and `handover list` on a real database. Like
harlequin's import-hygiene test: it keeps scripts and the CLI quick, and lets the domain and storage be used
with no terminal at all. When one does load them, the failure names the chain of imports that did it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handover.domain.enums import Role
from handover.service import Service

ROOT = Path(__file__).resolve().parents[1]

#: Loaded only by the terminal UI.
UI_PACKAGES = ("textual", "rich")

#: The terminal UI: every other module of handover, widgets and db is headless.
UI_MODULES = (
    "widgets",
    "handover.app",
    "handover.lock",
    "handover.typeahead",
    "handover.following",
    "handover.commands",
    "handover.screens",
    "handover.dialogs",
    "handover.quiet_input",
)

#: Run in a fresh interpreter: records, for the first import of each UI package, the project modules on the
#: import stack (innermost last), then imports what it is given and prints what it found as JSON.
PROBE = """
import importlib, json, pkgutil, sys, traceback
ROOT, PACKAGES = sys.argv[1], sys.argv[4:]
UI_PACKAGES, UI_MODULES = tuple(sys.argv[2].split()), tuple(sys.argv[3].split())
chains = {}

class Recorder:
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top in UI_PACKAGES and top not in chains:
            chains[top] = [f"{f.filename[len(ROOT) + 1:]}:{f.lineno}" for f in traceback.extract_stack()
                           if f.filename.startswith(ROOT) and "/tests/" not in f.filename]
        return None

sys.meta_path.insert(0, Recorder())

def ui(name):
    return any(name == m or name.startswith(m + ".") for m in UI_MODULES)

imported = []
for package in PACKAGES:
    module = importlib.import_module(package)
    imported.append(package)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), package + "."):
        if not ui(info.name) and not info.name.endswith("__main__"):
            importlib.import_module(info.name)
            imported.append(info.name)
print(json.dumps({"imported": imported, "chains": chains}))
"""


def probe(*packages: str) -> dict[str, object]:
    args = [ROOT.as_posix(), " ".join(UI_PACKAGES), " ".join(UI_MODULES), *packages]
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_no_headless_module_loads_textual_or_rich() -> None:
    found = probe("handover", "db")
    imported = found["imported"]
    assert isinstance(imported, list)
    # The probe really went through the layers named in docs/ARCHITECTURE.md, and no UI module.
    for module in ("handover.domain.models", "db.store", "db.watcher", "handover.service", "handover.cli"):
        assert module in imported, module
    assert not [m for m in imported if m.startswith(UI_MODULES)]
    assert found["chains"] == {}, f"loaded by (outermost first): {found['chains']}"


def test_the_probe_sees_a_ui_import() -> None:
    """The check above can fail: importing a screen is caught, with the module that did it."""
    found = probe("handover.screens.lock")
    chains = found["chains"]
    assert isinstance(chains, dict) and set(chains) >= {"textual"}
    assert any("handover/screens/lock.py" in frame for frame in chains["textual"])


CLI_RUN = """
import json, sys
from handover.cli import cli

db = sys.argv[1]
cli.main(["--db", db, "log", "--young-person", "Jordan Mills", "--staff", "Sam Kell", "--kind", "harsh-tone",
          "--what", "I raised my voice at tea", "--by", "Sam Kell"], standalone_mode=False)
cli.main(["--db", db, "list"], standalone_mode=False)
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "rich"})
print("\\nLOADED " + json.dumps(loaded))
"""


def test_log_and_list_load_neither_textual_nor_rich(db_path: Path, service: Service) -> None:
    service.add_young_person("Jordan Mills", None)
    service.add_staff("Sam Kell", Role.STAFF)
    result = subprocess.run(
        [sys.executable, "-c", CLI_RUN, str(db_path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "I raised my voice at tea" in result.stdout  # the rupture was recorded, and listed
    loaded = json.loads(result.stdout.rsplit("LOADED ", 1)[1])
    assert loaded == []
