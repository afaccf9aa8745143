"""A board whose terminal goes away ends, even when no hangup signal comes (handover/hangup.py).

A real board runs in a real pseudo-terminal, in a session of its own with no controlling terminal, so the
system sends it no signal when the terminal closes, as after a dropped SSH connection. Before the fix, such
a board went on for ever at 100% of a core (Textualize/textual#6690)."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

HANDOVER = str(Path(sys.executable).parent / "handover")


def cli(db: Path, *args: str) -> None:
    result = subprocess.run([HANDOVER, *args, "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def read_until(fd: int, text: bytes, seconds: float) -> bytes:
    """What the program wrote to its terminal, once `text` is in it; fails after `seconds`."""
    seen = b""
    deadline = time.monotonic() + seconds
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{text!r} never appeared; the terminal showed {seen[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            seen += os.read(fd, 1 << 16)
    return seen


#: Start the board with the hangup signal handled as given (`default`), or ignored as `nohup` leaves it and
#: passes it on through exec (`ignored`): either way the board must end when its terminal goes away.
EXEC_WITH = "import os, signal, sys; signal.signal(signal.SIGHUP, signal.{}); os.execv(sys.argv[1], sys.argv[1:])"
START_WITH_HANGUPS = {"default": EXEC_WITH.format("SIG_DFL"), "ignored": EXEC_WITH.format("SIG_IGN")}


@pytest.mark.parametrize("hangups", sorted(START_WITH_HANGUPS))
def test_a_board_whose_terminal_goes_away_without_a_signal_ends(tmp_path: Path, hangups: str) -> None:
    db = tmp_path / "home.db"
    cli(db, "init", "--home", "Rowan Lodge")
    cli(db, "people", "add", "--young-person", "Alex Rowe")
    cli(db, "people", "add", "--staff", "Jamie Fox")
    terminal, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    board = subprocess.Popen(
        [sys.executable, "-c", START_WITH_HANGUPS[hangups], HANDOVER, "--db", str(db)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,  # no controlling terminal: the system sends no hangup signal
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(slave)
    try:
        read_until(terminal, b"Rowan Lodge", 30)  # the board is up: its header names the home
        os.close(terminal)  # the terminal goes away
        board.wait(timeout=10)
        assert board.returncode == -signal.SIGHUP  # ended as the system's hangup signal would have ended it
    finally:
        if board.poll() is None:
            board.kill()
            board.wait()
