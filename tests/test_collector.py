"""The garbage collector is held while the board starts and runs again after its first frame; a command
other than the board runs it from the start (handover/collector.py). A collector left off would let memory
held in cycles grow for as long as the board is open, so every way out of the hold is tested: the board's
first frame (through the real app), a command (through the real CLI), and the console script itself."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from handover import collector
from handover.cli import cli
from handover.clock import FrozenClock
from handover.screens.board import BoardScreen
from tests.app.helpers import board_app, wait_until
from tests.conftest import Home


@pytest.fixture
def held() -> Iterator[None]:
    """The collector held as the console script holds it; Python's own settings back afterwards."""
    thresholds = gc.get_threshold()
    collector.hold()
    try:
        yield
    finally:
        collector.resume()
        gc.enable()
        gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("held")
async def test_the_board_runs_the_collector_again_after_its_first_frame(
    db_path: Path, clock: FrozenClock, tz: ZoneInfo, home: Home
) -> None:
    app = board_app(db_path, clock, tz)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert not gc.isenabled(), "held until the first frame is out"
        await wait_until(pilot, gc.isenabled)
    assert not collector.held()
    assert gc.get_threshold() == collector.GC_THRESHOLDS


@pytest.mark.usefixtures("held")
def test_a_command_runs_the_collector_from_the_start(db_path: Path, home: Home) -> None:
    result = CliRunner().invoke(cli, ["list", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
    assert not collector.held()


def test_the_console_script_holds_the_collector_before_importing_the_command_line(home: Home, db_path: Path) -> None:
    # Runs `handover list` as the console script does, and reports the collector's state as handover.cli is
    # first imported (held) and once the command has run (running, with the thresholds).
    code = (
        "import builtins, gc, sys\n"
        "seen = {}\n"
        "real_import = builtins.__import__\n"
        "def spy(name, *args, **kwargs):\n"
        "    if name == 'handover.cli' and 'at_import' not in seen:\n"
        "        seen['at_import'] = gc.isenabled()\n"
        "    return real_import(name, *args, **kwargs)\n"
        "builtins.__import__ = spy\n"
        "sys.argv = ['handover', 'list']\n"
        "from handover.launch import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('at import', seen['at_import'], 'after', gc.isenabled(), gc.get_threshold(), file=sys.stderr)\n"
    )
    env = {**os.environ, "HANDOVER_DB": str(db_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"at import False after True {collector.GC_THRESHOLDS}" in done.stderr
