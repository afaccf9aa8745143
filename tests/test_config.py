"""This PC's settings (handover/config.py): each read from what the caller passes, a HANDOVER_<NAME> variable
or the settings file, in that order, checked as it is read, and refused in one plain line naming it.

The autouse fixture in tests/conftest.py points HANDOVER_SETTINGS at a file that does not exist and clears
every other HANDOVER_ variable, so each test writes only what it is about.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handover import config
from handover.cli import cli
from handover.config import Config, load_config
from handover.domain.errors import InvalidInput


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("HANDOVER_SETTINGS", str(path))
    return path


def test_the_defaults_with_no_file_and_no_variables() -> None:
    chosen = Config()
    assert chosen.db == config.default_db_path()
    assert (chosen.backup_dir, chosen.timezone, chosen.poll_seconds) == (None, None, 0.1)
    assert (chosen.lock_after_minutes, chosen.initials_only, chosen.keymap) == (5.0, False, {})


def test_the_file_then_a_variable_then_what_is_passed(settings_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_file.write_text(
        'db = "/srv/home.db"\npoll_seconds = 1\nlock_after_minutes = 0\ninitials_only = true\n'
        'timezone = "Europe/London"\nunknown_setting = 3\n[keymap]\n"board.repaired" = "R"\n'
    )
    chosen = Config()
    assert chosen.db == Path("/srv/home.db") and chosen.poll_seconds == 1.0 and chosen.lock_after_minutes == 0
    assert chosen.initials_only is True and chosen.keymap == {"board.repaired": "R"}
    assert chosen.timezone == "Europe/London"
    # A variable, in any case, wins over the file; an empty one counts as unset.
    monkeypatch.setenv("HANDOVER_POLL_SECONDS", "0.25")
    monkeypatch.setenv("handover_initials_only", "no")
    monkeypatch.setenv("HANDOVER_DB", "  ")
    monkeypatch.setenv("HANDOVER_KEYMAP", '{"board.new": "N"}')
    chosen = Config()
    assert (chosen.poll_seconds, chosen.initials_only, chosen.db) == (0.25, False, Path("/srv/home.db"))
    assert chosen.keymap == {"board.new": "N"}
    # What the caller passes wins over both.
    assert Config(db=Path("/tmp/other.db"), poll_seconds=2).db == Path("/tmp/other.db")
    assert Config(poll_seconds=2).poll_seconds == 2.0


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("HANDOVER_POLL_SECONDS", "fast", "HANDOVER_POLL_SECONDS is not a number ('fast')"),
        ("HANDOVER_POLL_SECONDS", "0", "HANDOVER_POLL_SECONDS must be more than 0 ('0')"),
        ("HANDOVER_POLL_SECONDS", "nan", "HANDOVER_POLL_SECONDS is not a number ('nan')"),
        ("HANDOVER_LOCK_AFTER_MINUTES", "-1", "HANDOVER_LOCK_AFTER_MINUTES must be at least 0 ('-1')"),
        ("HANDOVER_INITIALS_ONLY", "perhaps", "HANDOVER_INITIALS_ONLY is not yes or no (true or false) ('perhaps')"),
        ("HANDOVER_KEYMAP", "R", "HANDOVER_KEYMAP is not a JSON object"),
        ("HANDOVER_KEYMAP", '{"board.new": 5}', "HANDOVER_KEYMAP is not a table of binding ids and keys"),
    ],
)
def test_a_variable_that_cannot_be_used_is_named(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, said: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidInput) as refused:
        load_config()
    message = str(refused.value)
    assert message.startswith(f"The settings file {config.settings_file()} (or a HANDOVER_ setting) cannot be used:")
    assert said in message and "\n" not in message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("poll_seconds = ", "it is not TOML"),
        ('lock_after_minutes = "soon"', "lock_after_minutes is not a number ('soon')"),
        ("db = 5", "db is not a file or folder path (5)"),
        ("initials_only = 1", "initials_only is not yes or no"),
        ('keymap = "R"', "keymap is not a table of binding ids and keys"),
        ('timezone = ["Europe/London"]', "timezone is not text"),
    ],
)
def test_a_settings_file_that_cannot_be_used_is_named(settings_file: Path, text: str, said: str) -> None:
    settings_file.write_text(text + "\n")
    with pytest.raises(InvalidInput, match="cannot be used") as refused:
        load_config()
    assert said in str(refused.value)


def test_a_setting_that_does_not_exist_cannot_be_passed() -> None:
    with pytest.raises(TypeError, match="no setting colour"):
        Config(colour="red")


def test_the_board_command_refuses_a_bad_setting_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Through the real command line: nothing opens, nothing is written, one plain line says what to fix.
    monkeypatch.setenv("HANDOVER_LOCK_AFTER_MINUTES", "ten")
    result = CliRunner().invoke(cli, ["board", "--db", str(tmp_path / "home.db")])
    assert result.exit_code != 0
    assert "HANDOVER_LOCK_AFTER_MINUTES is not a number ('ten')" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "home.db").exists()
