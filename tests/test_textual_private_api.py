"""Textual's private API is used in two modules only, widgets/datatable_internals.py (DataTable's internals)
and handover/quiet_input.py (the keyboard parser its terminal driver runs), each with its own test that
fails loudly when an upgrade changes what it uses (tests/app/test_datatable_internals.py,
tests/app/test_quiet_input.py).

- ruff's banned-api rule (TID251) bans every private module of Textual everywhere else: checked here to
  list all of the installed Textual's (an upgrade that adds one fails until it is listed), to refuse an
  import for real, and to exempt those two files only;
- no class of the project overrides a private method or attribute of the Textual class it extends;
- no code reads or sets a private attribute that Textual defines and the project does not.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import textual
from textual.message_pump import MessagePump

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).parent / "ruff"
INTERNALS = ("widgets/datatable_internals.py", "handover/quiet_input.py")
"""The modules allowed Textual's internals."""


def ruff_config() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        config: dict[str, Any] = tomllib.load(f)["tool"]["ruff"]["lint"]
    return config


def private_textual_modules() -> set[str]:
    """Every module of the installed Textual with a path part starting with one underscore."""
    base = Path(textual.__file__).parent
    found = set()
    for path in base.rglob("*.py"):
        parts = path.relative_to(base.parent).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        if any(p.startswith("_") and not p.startswith("__") for p in parts):
            found.add(".".join(parts))
    return found


def project_sources() -> list[Path]:
    """Every source file of the three packages, but the modules allowed the internals."""
    files = [p for package in ("handover", "widgets", "db") for p in sorted((ROOT / package).rglob("*.py"))]
    return [p for p in files if p.relative_to(ROOT).as_posix() not in INTERNALS]


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_every_private_textual_module_is_banned() -> None:
    banned = set(ruff_config()["flake8-tidy-imports"]["banned-api"])
    missing = sorted(private_textual_modules() - banned)
    assert not missing, f"add these to [tool.ruff.lint.flake8-tidy-imports.banned-api]: {missing}"
    assert "TID" in ruff_config()["select"]


def test_only_the_internals_modules_are_exempt() -> None:
    exempt = [path for path, rules in ruff_config().get("per-file-ignores", {}).items() if "TID251" in rules]
    assert sorted(exempt) == sorted(INTERNALS)


def test_ruff_refuses_a_private_textual_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from textual._two_way_dict import TwoWayDict\nfrom textual.widgets import _data_table\n")
    result = subprocess.run(
        [str(RUFF), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), "--select", "TID251", str(probe)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "`textual._two_way_dict` is banned" in result.stdout
    assert "`textual.widgets._data_table` is banned" in result.stdout


@functools.cache
def project_textual_classes() -> list[tuple[str, type]]:
    """(file, class) for every class of the project that extends a Textual class (app, screen, widget)."""
    found = []
    for path in project_sources():
        if path.name == "__main__.py":
            continue  # running it starts the app
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and cls.__module__ == name and issubclass(cls, MessagePump):
                found.append((path.relative_to(ROOT).as_posix(), cls))
    return found


def test_no_class_overrides_a_textual_private() -> None:
    overrides = []
    for path, cls in project_textual_classes():
        textual_bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] == "textual"]
        # Attributes Textual's metaclass puts on every subclass (merged bindings, CSS type names) are not ours.
        made_for_every_subclass = set(vars(type("Probe", (textual_bases[0],), {})))
        for attr in vars(cls):
            if private(attr) and attr not in made_for_every_subclass and any(attr in vars(b) for b in textual_bases):
                overrides.append(f"{path}: {cls.__name__}.{attr}")
    assert not overrides, overrides


def test_no_code_touches_a_private_textual_attribute() -> None:
    """`x._name` anywhere (but the internals modules) where Textual's classes that the project extends define
    `_name`, and the project itself never does."""
    bases = {b for _, cls in project_textual_classes() for b in cls.__mro__ if b.__module__.startswith("textual.")}
    textual_private: set[str] = set()
    for base in bases:
        textual_private |= {name for name in vars(base) if private(name)}
        # Instance attributes too: the ones its methods set (`self._keymap = ...`).
        textual_private |= set(re.findall(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=", inspect.getsource(base)))
    trees = {path: ast.parse(path.read_text(), str(path)) for path in project_sources()}
    ours: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                ours.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                ours.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                ours.add(node.id)
    touched = [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}"
        for path, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and private(node.attr) and node.attr in textual_private - ours
    ]
    assert not touched, touched
