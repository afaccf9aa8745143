"""Shared pieces of the benchmarks: a process in a pseudo-terminal read as a user would see it, a minimal
Textual app to compare against, and small statistics helpers.

Screen text is matched on the output stream with the ANSI escape sequences stripped, accumulated since the
last `clear()`, so text Textual writes in several pieces still matches once it has all arrived.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HANDOVER = str(Path(sys.executable).parent / "handover")
COLUMNS, ROWS = 120, 40

#: The baseline the speed issue names: a minimal Textual app (a Header, a three-line Static, a Footer) that
#: paints a known text, run the same way as the board.
MINIMAL_TEXT = "bench-minimal-ready"
MINIMAL_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static({MINIMAL_TEXT!r} + "\\nthe second line\\nthe third line")
        yield Footer()


Minimal().run()
"""
MINIMAL_ARGV = [PYTHON, "-c", MINIMAL_APP]

#: The board asks who is at the keyboard once its data has loaded; Escape leaves it to "just look".
SIGN_IN_PROMPT = "Who is at the keyboard?"
#: In a home that uses PINs the board starts locked: on the glance (young people by initials; Enter opens the
#: sign-in), or, with the glance off, its sign-in prompt over a neutral screen; the board shows no data until
#: someone signs in (name, Enter, PIN, Enter).
GLANCE = "At a glance"
LOCKED_PROMPT = rf"{re.escape(SIGN_IN_PROMPT)}|Sign in to see the board|handover — locked|{GLANCE}"


def board_argv(db: Path) -> list[str]:
    """The board as a user starts it: the console script."""
    return [HANDOVER, "--db", str(db)]


def board_env(tmp: Path) -> dict[str, str]:
    """Keep this PC's own handover settings file out of the measurement."""
    return {"HANDOVER_SETTINGS": str(tmp / "no-settings.toml")}


def bytecode_env(tmp: Path) -> dict[str, str]:
    """Let a started process cache its compiled modules (in `tmp`), as an installed program does, even where
    PYTHONDONTWRITEBYTECODE is set (it is in some shells and CI): without a cache the project's own modules,
    which pip has not compiled for an editable install, are compiled from source at every start (30-40 ms
    here), a cost no installed board pays. The warm-up run fills the cache; the timed runs use it."""
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}


_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # other two-byte escapes
)


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


class Terminal:
    """A process running in a pseudo-terminal of COLUMNS x ROWS, started in a session of its own."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        columns: int = COLUMNS,
        rows: int = ROWS,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        environ.pop("TEXTUAL", None)  # no devtools or debug features in a measurement
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environ,
            cwd=ROOT,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._raw = bytearray()

    @property
    def pid(self) -> int:
        return self.process.pid

    def clear(self) -> None:
        """Forget the output seen so far: the next `wait_for` only looks at what is written after this."""
        self._raw.clear()

    def text(self) -> str:
        return strip_ansi(self._raw.decode("utf-8", errors="replace"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0.0))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # the child has gone and the pty is closed
            raise RuntimeError(f"process exited ({self.process.poll()}); output: {self.text()[-500:]!r}") from None
        if not chunk:
            raise RuntimeError(f"process closed its terminal; output: {self.text()[-500:]!r}")
        self._raw += chunk
        return True

    def wait_for(self, pattern: str | re.Pattern[str], timeout: float = 30.0) -> float:
        """Read until `pattern` is in the screen text since the last clear(); return perf_counter() then."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.perf_counter() + timeout
        while True:
            if regex.search(self.text()):
                return time.perf_counter()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"{regex.pattern!r} did not appear within {timeout} s; got {self.text()[-300:]!r}")
            self._read(remaining)

    def drain(self, seconds: float) -> None:
        """Keep reading (so the process never blocks on a full terminal) for `seconds`."""
        drain_all([self], seconds)

    def send(self, keys: str) -> None:
        """Type `keys` into the terminal (e.g. "\\x1b" for Escape)."""
        os.write(self.master, keys.encode())

    def dismiss_sign_in(self, timeout: float = 5.0) -> bool:
        """If the board opened its "who is at the keyboard?" prompt, press Escape ("just look") and let it
        close. Returns whether there was a prompt."""
        try:
            self.wait_for(re.escape(SIGN_IN_PROMPT), timeout)
        except TimeoutError:
            return False
        self.send("\x1b")
        self.drain(1.0)
        return True

    def open_board(self, ready: str, sign_in: tuple[str, str] | None = None, timeout: float = 60.0) -> None:
        """Wait until the board shows data (`ready`, a regular expression). If it started locked, sign in first
        as `sign_in` (name, PIN); if it then asks who is at the keyboard anyway, answer "just look"."""
        pattern = re.compile(rf"(?P<ready>{ready})|(?P<locked>{LOCKED_PROMPT})")
        self.wait_for(pattern, timeout)
        found = pattern.search(self.text())
        if found is not None and found.lastgroup == "locked":
            # The lock's title can arrive a moment before the glance under it (a frame written in pieces):
            # read on, so a glance is seen as one before it is answered.
            self.drain(0.3)
        glance = GLANCE in self.text()  # its counts ("10 open") are not the board's
        if glance or (found is not None and found.lastgroup == "locked" and not re.search(ready, self.text())):
            if sign_in is None:
                raise RuntimeError("the board started locked (the home uses PINs) and no one was given to sign in")
            name, pin = sign_in
            if glance:
                self.send("\r")  # Enter on the glance opens the sign-in
                self.wait_for("Sign in to see the board", timeout)
            self.drain(0.3)
            self.send(name)
            self.drain(0.3)
            self.send("\r")
            self.drain(0.3)
            self.clear()  # the glance's counts are in the output already: wait for the board's own
            self.send(pin + "\r")
            self.wait_for(ready, timeout)
            return
        self.dismiss_sign_in()

    def settle(self, at_least: float = 0.0, limit: float = 90.0, window: float = 0.5, share: float = 0.05) -> float:
        """Keep reading for `at_least` seconds, and then until the process has used under `share` of a core over
        a `window` (its start-up work done: the board checks the whole record and makes the day's backup on
        workers after its first frames, for seconds on five years of history); returns how long that took.
        Gives up after `limit` seconds."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            before = self.cpu_seconds()
            self.drain(window)
            quiet = self.cpu_seconds() - before < share * window
            if quiet and time.perf_counter() - started >= at_least:
                break
        return time.perf_counter() - started

    def cpu_seconds(self) -> float:
        """User plus system CPU time of the process (all its threads) so far, from /proc/PID/stat."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def drain_all(terminals: Sequence[Terminal], seconds: float) -> None:
    """Keep reading every terminal's output for `seconds`, as a terminal emulator would."""
    by_fd = {t.master: t for t in terminals}
    deadline = time.perf_counter() + seconds
    while (remaining := deadline - time.perf_counter()) > 0:
        ready, _, _ = select.select(list(by_fd), [], [], remaining)
        for fd in ready:
            by_fd[fd]._read(0)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.95 for p95): a value that was actually measured."""
    ordered = sorted(values)
    rank = min(max(math.ceil(fraction * len(ordered)), 1), len(ordered))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def verdict(value: float, target: float) -> str:
    """PASS when `value` is at most `target`."""
    return "PASS" if value <= target else "MISS"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


#: Where `record` writes (one JSON object a line); `run_all.py` sets it and prints them as one table.
RESULTS_ENV = "HANDOVER_BENCH_RESULTS"


def record(
    figure: str,
    value: float,
    target: float,
    unit: str,
    *,
    baseline: float | None = None,
    ratio_target: bool = False,
    note: str = "",
) -> None:
    """One headline figure for `make bench`'s table. `unit` is "ms", "%", "s" or "x"; `value` and `baseline`
    are in it (seconds are given as seconds, shown in ms). With `ratio_target`, the target is for value ÷
    baseline, not for the value."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    row = {
        "figure": figure,
        "value": value,
        "target": target,
        "unit": unit,
        "baseline": baseline,
        "ratio_target": ratio_target,
        "note": note,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
