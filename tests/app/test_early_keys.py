"""Keys typed while the board is still starting (handover/early_keys.py): in a real pseudo-terminal, typed the
moment the process starts, they reach the board as typed (Enter as Enter, nothing echoed), and the terminal
is left as it was found once the board has closed."""

from __future__ import annotations

import sys
import termios
import time
from pathlib import Path

import pytest

from tests.app.test_quiet_input import board, home  # noqa: F401  (home: the fixture)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a Linux pseudo-terminal")


def held(terminal: int, seconds: float = 10) -> None:
    """Until the starting board holds the keyboard: line mode off and ctrl+c still on (ISIG), which only the
    hold does; Textual's raw mode, a tenth of a second or more later, turns ISIG off too. Asked without a
    pause, so even a loaded machine does not miss that tenth of a second."""
    deadline = time.monotonic() + seconds
    while True:
        lflag = termios.tcgetattr(terminal)[3]
        if not lflag & termios.ICANON and lflag & termios.ISIG:
            return
        assert time.monotonic() < deadline, "the keyboard was never held before the board took the terminal"


def test_a_name_and_enter_typed_as_the_board_starts_sign_in(home: Path) -> None:  # noqa: F811
    with board(home) as b:
        held(b.terminal)
        b.type("Jamie\r")  # before the board is up: a quick typist at the office PC
        b.wait_for("at the keyboard: Jamie Fox")
        assert b"Jamie\r\n" not in b.seen and b"^M" not in b.seen  # the terminal echoed nothing of it
        b.type("\x11")  # ctrl+q
        assert b.ended_within(10) < 5


def test_ctrl_q_typed_as_the_board_starts_is_a_key_not_flow_control(home: Path) -> None:  # noqa: F811
    # With the terminal's flow control on, ctrl+q (quit) and ctrl+s (save a form) were taken by the terminal
    # itself and never reached the board.
    with board(home) as b:
        held(b.terminal)
        b.type("\x11")
        assert b.ended_within(15) < 10
        assert b.process.returncode == 0


def test_the_terminal_is_left_as_it_was_found(home: Path) -> None:  # noqa: F811
    with board(home) as b:
        before = termios.tcgetattr(b.terminal)
        b.wait_for("Who is at the keyboard")
        b.type("\x11")
        b.ended_within(10)
        time.sleep(0.1)
        assert termios.tcgetattr(b.terminal) == before


def test_a_board_that_cannot_start_leaves_the_terminal_as_it_was_found(tmp_path: Path) -> None:
    junk = tmp_path / "home.db"
    junk.write_text("a shopping list, not a database\n" * 100)
    with board(junk) as b:  # refused in plain words after the keyboard is held, before the screen is taken
        before = termios.tcgetattr(b.terminal)
        b.ended_within(30)
        assert b.process.returncode != 0
        assert b"Error: " in b.seen and b"Traceback" not in b.seen, b.seen
        assert termios.tcgetattr(b.terminal) == before
