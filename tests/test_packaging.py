"""Installing the project prints no warnings of its own: `make demo` on a fresh machine shows no setuptools
deprecation boxes (the licence is an SPDX string, which needs setuptools 77 or later) and no editable-install
box (the packages' folder is named, so an editable install is a plain .pth file).

The real install (a fresh venv, `pip install -e .`, about half a minute with the network) runs only when
HANDOVER_PACKAGING_TEST=1 is set; the checks of pyproject.toml always run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_is_an_spdx_string_that_the_build_backend_reads() -> None:
    project = _pyproject()
    assert project["project"]["license"] == "MIT"  # type: ignore[index]
    assert project["build-system"]["requires"] == ["setuptools>=77"]  # type: ignore[index]
    # Naming the packages' folder makes setuptools' editable install a .pth file, with no warning box.
    assert project["tool"]["setuptools"]["package-dir"] == {"": "."}  # type: ignore[index]


@pytest.mark.skipif(not os.environ.get("HANDOVER_PACKAGING_TEST"), reason="set HANDOVER_PACKAGING_TEST=1 (slow)")
def test_an_editable_install_in_a_fresh_venv_prints_no_warning_of_ours(tmp_path: Path) -> None:
    checkout = tmp_path / "handover"
    shutil.copytree(
        ROOT,
        checkout,
        ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache", "build", "*.db*"),
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    result = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-e", "."],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # This machine's pip may warn about its own index settings; nothing may come from the build.
    assert "Deprecat" not in output and "BuildBackendWarning" not in output and "!!" not in output, output
    check = subprocess.run(
        [venv / "bin" / "handover", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0 and "demo" in check.stdout, check.stderr
