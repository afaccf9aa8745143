"""The `handover` group imports the commands kept in other modules only when they are used, and still lists
every command in --help. The board's own start path stays off sqlite-utils, the service and those modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from handover.cli import LAZY_COMMANDS, cli
from handover.domain.enums import RuptureKind
from handover.service import Service
from tests.conftest import Home

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_every_lazy_command_is_the_command_it_names() -> None:
    ctx = click.Context(cli)
    for name in LAZY_COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1]
    for name in [*LAZY_COMMANDS, "board", "demo", "init", "people", "log", "repair", "assign", "list"]:
        assert f"  {name} " in listed, name


#: The modules LAZY_COMMANDS names: the CLI imports each only when one of its commands runs.
SUBCOMMAND_MODULES = {spec.split(":")[0] for spec in LAZY_COMMANDS.values()}


def test_importing_the_cli_imports_no_subcommand_module() -> None:
    assert SUBCOMMAND_MODULES == {
        "handover.cli_steps",
        "handover.cli_handover",
        "handover.cli_admin",
        "handover.cli_report",
        "handover.cli_settings",
        "handover.cli_people",
    }
    loaded = _modules_after("import handover.cli")
    assert not loaded & {*SUBCOMMAND_MODULES, "handover.service", "handover.context"}


def test_the_rupture_steps_load_without_textual() -> None:
    # A script recording a plan from a second terminal needs no screen code.
    loaded = _modules_after("import handover.cli_steps")
    assert "textual" not in loaded and "handover.screens" not in loaded


def test_the_board_start_path_imports_neither_sqlite_utils_nor_the_service() -> None:
    # What `handover` imports before its first frame: the app, the first-run check and the board screen.
    loaded = _modules_after(
        "import handover.cli, handover.app, handover.context, handover.screens.board\nfrom db.store import Store"
    )
    heavy = {"sqlite_utils", "handover.service", *SUBCOMMAND_MODULES}
    heavy |= {"handover.screens.first_run", "handover.screens.people"}
    assert not loaded & heavy, loaded & heavy


def test_the_board_start_read_imports_neither_the_handover_nor_the_pattern_figures(
    db_path: Path, service: Service, home: Home
) -> None:
    # The read the board's first frame is drawn from (rows and the pattern mark), on a real home: the handover's
    # domain, the pattern figures, the describer and the settings table are imported when first asked for.
    service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice at tea")
    loaded = _modules_after(
        "from pathlib import Path\nfrom zoneinfo import ZoneInfo\nfrom handover.clock import SystemClock\n"
        "from handover.service.database import start_up\n"
        f"start = start_up(Path({str(db_path)!r}), SystemClock(), ZoneInfo('Europe/London'))\n"
        "assert start.board is not None and len(start.board.open_ruptures) == 1, start"
    )
    assert "handover.domain.pattern_facts" in loaded  # the mark was worked out
    deferred = {"handover.domain.handover", "handover.domain.patterns", "handover.domain.describe"}
    deferred.add("handover.domain.settable")
    assert not loaded & deferred, loaded & deferred
