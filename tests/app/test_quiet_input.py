"""The board's terminal driver (handover/quiet_input.py): its input thread sleeps while nothing is typed, and
keys, a lone Escape and quitting work as with Textual's own driver.

The real board runs in a real pseudo-terminal, once with its own driver and once with Textual's LinuxDriver
(named in TEXTUAL_DRIVER, which the board honours), so each figure is read against Textual's in the same
run. Wake-ups are counted, not timed: the kernel's count of each thread's runs (/proc/PID/task/TID/schedstat,
third field), which a loaded machine does not inflate. The Textual internals the module uses are checked
here too, so an upgrade of Textual that changes them fails here first."""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual import constants
from textual.drivers.linux_driver import LinuxDriver

from handover.app import BACKUP_START_DELAY_SECONDS
from handover.quiet_input import QuietLinuxDriver

HANDOVER = str(Path(sys.executable).parent / "handover")
TEXTUALS = "textual.drivers.linux_driver:LinuxDriver"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux terminal driver")


class Board:
    """The board in a pseudo-terminal of its own: what it wrote, keys typed to it, its threads' runs."""

    def __init__(self, process: subprocess.Popen[bytes], terminal: int) -> None:
        self.process = process
        self.terminal = terminal
        self.seen = b""

    def type(self, keys: str) -> None:
        os.write(self.terminal, keys.encode())

    def wait_for(self, text: str, seconds: float = 30) -> None:
        """Until `text` is in what the board has written since the last wait; fails after `seconds`."""
        wanted = text.encode()
        deadline = time.monotonic() + seconds
        while wanted not in _plain(self.seen):
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; the terminal showed {_plain(self.seen)[-600:]!r}"
            ready, _, _ = select.select([self.terminal], [], [], left)
            if ready:
                self.seen += os.read(self.terminal, 1 << 16)
        self.seen = b""

    def runs(self) -> int:
        """How many times the kernel has run the board's threads, all of them together, so far."""
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[2])
            except (FileNotFoundError, ProcessLookupError):
                pass  # a thread that has just ended
        return total

    def drain(self) -> None:
        """Read whatever the board has written, so its writes never block on a full terminal."""
        while select.select([self.terminal], [], [], 0)[0]:
            try:
                self.seen += os.read(self.terminal, 1 << 16)
            except OSError:
                return  # the board has closed its end: it has ended

    def ended_within(self, seconds: float) -> float:
        """How long the board took to end (reading what it writes meanwhile); fails after `seconds`."""
        started = time.monotonic()
        while self.process.poll() is None:
            assert time.monotonic() - started < seconds, "the board did not end"
            self.drain()
            time.sleep(0.01)
        return time.monotonic() - started


def _plain(raw: bytes) -> bytes:
    """The text without escape sequences (enough to find words in Textual's output)."""
    import re

    return re.sub(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]", b"", raw)


@contextmanager
def board(db: Path, driver: str | None = None) -> Iterator[Board]:
    terminal, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "HANDOVER_SETTINGS": str(db.parent / "none.toml")}
    env.pop("TEXTUAL_DRIVER", None)
    if driver:
        env["TEXTUAL_DRIVER"] = driver
    process = subprocess.Popen(
        [HANDOVER, "--db", str(db)], stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env
    )
    os.close(slave)
    try:
        yield Board(process, terminal)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(terminal)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    db = tmp_path / "home.db"
    for args in (
        ["init", "--home", "Rowan Lodge"],
        ["people", "add", "--young-person", "Alex Rowe"],
        ["people", "add", "--staff", "Jamie Fox"],
    ):
        done = subprocess.run([HANDOVER, *args, "--db", str(db)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    return db


def signed_in(b: Board) -> None:
    b.wait_for("Who is at the keyboard")
    b.type("Jamie")
    b.wait_for("Jamie Fox")
    b.type("\r")
    b.wait_for("at the keyboard: Jamie Fox")


def cpu_seconds(b: Board) -> float:
    """User plus system CPU time the board (all its threads) has used so far, from /proc/PID/stat."""
    fields = Path(f"/proc/{b.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled(b: Board, started: float) -> None:
    """Until the board's start-up work is over: the day's backup, BACKUP_START_DELAY_SECONDS after the start,
    and its check of the record, on workers; then until it uses under 5% of a core over half a second. On a
    loaded machine (the suite's other workers) that work ran on into the count and was taken for wake-ups: a
    thread kept busy is run again at every time slice."""
    while time.monotonic() - started < BACKUP_START_DELAY_SECONDS + 0.5:
        b.drain()
        time.sleep(0.1)
    for _ in range(60):
        before = cpu_seconds(b)
        time.sleep(0.5)
        b.drain()
        if cpu_seconds(b) - before < 0.025:
            return


def idle_runs(b: Board, seconds: float) -> int:
    """The board's threads' runs over `seconds` with nothing typed, once its start-up work is over."""
    b.drain()
    before = b.runs()
    time.sleep(seconds)
    return b.runs() - before


def test_an_idle_board_is_woken_a_fraction_as_often_as_with_textuals_driver(home: Path) -> None:
    figures = {}
    for name, driver in (("textual", TEXTUALS), ("quiet", None)):
        started = time.monotonic()
        with board(home, driver) as b:
            signed_in(b)
            settled(b, started)
            figures[name] = idle_runs(b, 3.0)
    # Textual's input thread alone wakes ten times a second; everything else the idle board runs (its loop,
    # the hangup and commit watches) a few times in three seconds.
    assert figures["textual"] >= 25, figures
    assert figures["quiet"] <= figures["textual"] - 20, figures


def test_keys_a_lone_escape_and_quitting_work_as_before(home: Path) -> None:
    with board(home) as b:
        signed_in(b)
        b.type("n")
        b.wait_for("Record a rupture")
        started = time.monotonic()
        b.type("\x1b")  # Escape alone: the parser holds it ESCAPE_DELAY for more of a sequence, then sends it
        b.wait_for("New")  # the board's footer again, drawn once the form has closed
        assert time.monotonic() - started < 5
        b.type("\x1b[B")  # a whole sequence (Down) is one key, not an Escape: the board stays, nothing opens
        b.type("?")
        b.wait_for("Every key")
        b.type("\x1b")
        b.wait_for("New")
        b.type("\x11")  # ctrl+q: quit at once; the input thread is woken to end, not left waiting for a key
        assert b.ended_within(10) < 5
        assert b.process.returncode == 0


# -- what the module takes from Textual ---------------------------------------------------------------------

#: sha256 of LinuxDriver.run_input_thread's source in the Textual the loop was copied from (8.2.8). An
#: upgrade that changes Textual's loop fails here: compare it with QuietLinuxDriver.run_input_thread, carry
#: over what changed, and put the new digest here.
TEXTUALS_LOOP = "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c"


def test_textuals_input_loop_is_the_one_the_quiet_loop_was_copied_from() -> None:
    source = inspect.getsource(LinuxDriver.run_input_thread)
    assert hashlib.sha256(source.encode()).hexdigest() == TEXTUALS_LOOP


def test_textual_ends_the_input_thread_by_setting_exit_event_then_joining_it() -> None:
    # The wake pipe is written by exit_event.set(): Textual must still end the thread that way.
    source = inspect.getsource(LinuxDriver.disable_input)
    assert source.index("self.exit_event.set()") < source.index("self._key_thread.join()")
    assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)


def test_the_parser_holds_a_lone_escape_for_escape_delay_and_tick_sends_it() -> None:
    from handover.quiet_input import XTermParser  # Textual's, as the module imports it

    parser = XTermParser(False)
    assert list(parser.feed("\x1b")) == []  # held: more of a sequence may follow
    assert list(parser.tick()) == []  # not yet
    time.sleep(constants.ESCAPE_DELAY + 0.05)
    keys = [getattr(e, "key", None) for e in parser.tick()]
    assert keys == ["escape"]
    assert [getattr(e, "key", None) for e in parser.feed("\x1b[B")] == ["down"]


def test_the_board_uses_the_quiet_driver_unless_textual_driver_names_another(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from handover.app import make_app

    monkeypatch.setattr(constants, "DRIVER", None)
    assert make_app(tmp_path / "home.db").driver_class is QuietLinuxDriver
    monkeypatch.setattr(constants, "DRIVER", TEXTUALS)
    assert make_app(tmp_path / "home.db").driver_class is LinuxDriver
