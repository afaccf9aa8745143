"""The layering rules of docs/ARCHITECTURE.md, enforced by the import-linter contracts in pyproject.toml.

The contracts are run for real (`lint-imports`, as a developer would), checked to name the third-party and
standard-library packages they are about (a contract that forbids "textual" means nothing unless the graph
includes external packages), and shown to catch a broken rule on a copy of the code with two bad imports.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

#: The packages of the terminal UI, and of storage, as the contracts must name them.
UI_PACKAGES = {"textual", "rich"}
SQLITE_PACKAGES = {"sqlite3", "sqlite_utils"}


def importlinter_config() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        config: dict[str, Any] = tomllib.load(f)["tool"]["importlinter"]
    return config


def contract(source: str) -> dict[str, Any]:
    """The one contract whose source modules include `source`."""
    found = [c for c in importlinter_config()["contracts"] if source in c["source_modules"]]
    assert len(found) == 1, f"expected one contract for {source}, found {[c['name'] for c in found]}"
    return found[0]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the contracts on the code in `cwd`. A wide terminal, so no contract's name is wrapped."""
    assert LINT_IMPORTS.exists(), f"import-linter is not installed in {LINT_IMPORTS.parent} (pip install -e .[test])"
    env = {**os.environ, "COLUMNS": "300", "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_contract_is_kept() -> None:
    names = [c["name"] for c in importlinter_config()["contracts"]]
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in names:
        assert f"{name} KEPT" in result.stdout, name
    assert f"Contracts: {len(names)} kept, 0 broken." in result.stdout


def test_the_contracts_name_the_external_packages() -> None:
    assert importlinter_config().get("include_external_packages") is True
    domain = contract("handover.domain")
    assert set(domain["forbidden_modules"]) >= UI_PACKAGES | SQLITE_PACKAGES | {"db", "widgets", "handover.service"}
    storage = contract("db")
    assert set(storage["forbidden_modules"]) >= UI_PACKAGES | {"handover.screens", "handover.service", "widgets"}
    widgets = contract("widgets")
    assert set(widgets["forbidden_modules"]) >= SQLITE_PACKAGES | {"db", "handover.service"}
    ui = contract("handover.screens")
    assert {"handover.app", "handover.screens", "handover.dialogs"} <= set(ui["source_modules"])
    assert set(ui["forbidden_modules"]) >= SQLITE_PACKAGES | {"db"}
    # The screens reach storage through the service, so only their direct imports are checked.
    assert ui.get("allow_indirect_imports") is True
    assert "handover.service" not in ui["forbidden_modules"]


def test_a_broken_contract_is_caught(tmp_path: Path) -> None:
    """The same contracts on a copy of the code where the domain imports textual and a screen imports
    storage: lint-imports fails, and names both contracts and both imports."""
    for package in ("handover", "widgets", "db"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "handover" / "domain" / "leak_textual.py").write_text("from textual.app import App\n")
    (tmp_path / "handover" / "screens" / "leak_storage.py").write_text("from db.store import Store\n")

    result = lint_imports(tmp_path)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{contract('handover.domain')['name']} BROKEN" in output
    assert f"{contract('handover.screens')['name']} BROKEN" in output
    assert "handover.domain.leak_textual -> textual" in output
    assert "handover.screens.leak_storage -> db.store" in output
    assert "2 broken" in output
