"""A developer's own setup never reaches a test: their settings file, database, folders and HANDOVER_*
variables are kept out by the autouse fixture in tests/conftest.py (`_this_pc_kept_out`).

The proof runs pytest again in a subprocess, as a developer with a full setup of their own would: a
settings file in their config folder, HANDOVER_DB, HANDOVER_TIMEZONE and HANDOVER_PIN set. The test it runs
(`test_what_a_test_sees`) must see none of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handover import config

ROOT = Path(__file__).resolve().parents[1]

#: The real home folder, read when this module is imported (before any fixture has run).
REAL_HOME = Path.home()

#: Names the outer test passes to the inner one. Not HANDOVER_*, which the fixture removes.
DEVELOPER_HOME = "TEST_DEVELOPER_HOME"


def _inside(path: Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_what_a_test_sees(tmp_path: Path) -> None:
    """Every place the app reads or writes on this PC is inside the test's tmp_path, and the settings are the
    defaults: nothing from the developer's own home or variables."""
    homes = [REAL_HOME]
    if os.environ.get(DEVELOPER_HOME):
        homes.append(Path(os.environ[DEVELOPER_HOME]))
    places = {
        "settings file": config.settings_file(),
        "database": config.default_db_path(),
        "state": config.state_dir(),
        "sheets": config.documents_dir(),
        "home": Path.home(),
    }
    for what, place in places.items():
        assert _inside(place, tmp_path), f"the {what} ({place}) is outside the test's folder"
        assert not any(_inside(place, home) for home in homes if not _inside(tmp_path, home)), what
    assert not config.settings_file().exists()
    chosen = config.Config()
    assert (chosen.db, chosen.timezone, chosen.poll_seconds) == (config.default_db_path(), None, 0.1)
    left = sorted(n for n in os.environ if n.startswith("HANDOVER_"))
    assert left == ["HANDOVER_SETTINGS", "HANDOVER_SHEET_DIR", "HANDOVER_STATE_DIR"]


def test_the_settings_file_read_is_the_test_s_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without HANDOVER_SETTINGS the app reads the settings file in the (stand-in) config folder: so a file
    there is read, and the developer's real one, in a folder the test never points at, is not."""
    monkeypatch.delenv("HANDOVER_SETTINGS")
    found = config.settings_file()
    assert _inside(found, tmp_path)
    found.parent.mkdir(parents=True)
    found.write_text("poll_seconds = 0.5\n")
    assert config.Config().poll_seconds == 0.5


def test_a_developers_own_setup_does_not_reach_tests(tmp_path: Path) -> None:
    developer = tmp_path / "developer"
    own_settings = developer / ".config" / "handover" / "settings.toml"
    own_settings.parent.mkdir(parents=True)
    own_settings.write_text(f'db = "{developer / "real.db"}"\npoll_seconds = 9\ntimezone = "Asia/Tokyo"\n')
    env = {
        **os.environ,
        "HOME": str(developer),
        "XDG_CONFIG_HOME": str(developer / ".config"),
        "XDG_DATA_HOME": str(developer / ".local" / "share"),
        "XDG_STATE_HOME": str(developer / ".local" / "state"),
        "HANDOVER_DB": str(developer / "real.db"),
        "HANDOVER_TIMEZONE": "Asia/Tokyo",
        "HANDOVER_PIN": "4321",
        "HANDOVER_POLL_SECONDS": "9",
        DEVELOPER_HOME: str(developer),
    }
    env.pop("HANDOVER_SETTINGS", None)
    # The developer's setup is real for a program run outside the tests...
    seen = subprocess.run(
        [sys.executable, "-c", "from handover import config; c = config.Config(); print(c.db, c.poll_seconds)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert seen.stdout.split() == [str(developer / "real.db"), "9.0"], seen.stderr
    # ...and a test run with it sees none of it.
    inner = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::test_what_a_test_sees"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert inner.returncode == 0, inner.stdout + inner.stderr
    assert "1 passed" in inner.stdout
