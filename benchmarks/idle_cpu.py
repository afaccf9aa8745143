"""Idle CPU: what the board costs while nothing happens, against a minimal Textual app.

Four processes run side by side in 120x40 pseudo-terminals, so they share the machine's noise: the minimal
app (one Static); the board on the demo home signed in (someone at the keyboard, looking); the board left
locked on its glance (nobody has come to the keyboard: what the office screen shows most of a shift); and the
board with its sign-in prompt open (Enter pressed on the glance, nothing typed yet). After first paint and a 2 s
settle, user+system CPU time is read from /proc/PID/stat (all threads) at the start and the end of WINDOW
seconds, while the terminals' output is read continuously. ROUNDS rounds; medians.

Target (the speed issue): each board state at most 0.5% of one core.
"""

from __future__ import annotations

import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from harness import (
    GLANCE,
    LOCKED_PROMPT,
    MINIMAL_ARGV,
    MINIMAL_TEXT,
    Terminal,
    board_argv,
    board_env,
    drain_all,
    median,
    record,
    verdict,
)

from handover.demo import build_demo

ROUNDS = 3
WINDOW = 30.0
SETTLE = 2.0
TARGET_PERCENT = 0.5
BOARD_READY = r"(?<!\d)\d+ open\b"  # the summary bar, once data is on screen


SIGNED_IN = "board signed in"
GLANCE_OPEN = "board locked, on its glance"
PROMPT_OPEN = "board at its sign-in prompt"


def one_round(db: Path, tmp: Path, someone: tuple[str, str]) -> dict[str, float]:
    """% of one core used by each process over WINDOW seconds of idleness. The demo home uses PINs, so the
    board starts locked, on the glance: one signs in as `someone` (name, PIN) and shows the board; one is left
    on the glance (which reads nothing itself: the board's watch loop underneath hands it each snapshot); one
    has Enter pressed on the glance, so its sign-in prompt waits with the cursor in the name field."""
    terminals = {
        "minimal Textual app": Terminal(MINIMAL_ARGV),
        SIGNED_IN: Terminal(board_argv(db), env=board_env(tmp)),
        GLANCE_OPEN: Terminal(board_argv(db), env=board_env(tmp)),
        PROMPT_OPEN: Terminal(board_argv(db), env=board_env(tmp)),
    }
    try:
        terminals["minimal Textual app"].wait_for(re.escape(MINIMAL_TEXT), 60)
        for name in (GLANCE_OPEN, PROMPT_OPEN):
            try:
                terminals[name].wait_for(LOCKED_PROMPT, 60)
            except TimeoutError:
                print(f"  (no glance or sign-in appeared: the '{name}' row is the plain board)")
        prompt = terminals[PROMPT_OPEN]
        if GLANCE in prompt.text():
            prompt.send("\r")  # Enter on the glance opens the sign-in
            prompt.wait_for("Sign in to see the board", 30)
        terminals[SIGNED_IN].open_board(BOARD_READY, sign_in=someone)
        drain_all(list(terminals.values()), SETTLE)
        started = time.perf_counter()
        before = {name: t.cpu_seconds() for name, t in terminals.items()}
        drain_all(list(terminals.values()), WINDOW)
        elapsed = time.perf_counter() - started
        return {name: (t.cpu_seconds() - before[name]) / elapsed * 100 for name, t in terminals.items()}
    finally:
        for terminal in terminals.values():
            terminal.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        db = Path(tmp) / "demo.db"
        demo = build_demo(db, datetime.now(UTC))
        someone = (demo.pins[0].name, demo.pins[0].pin)
        print(f"idle CPU: {ROUNDS} rounds of {WINDOW:.0f} s, four processes side by side (% of one core)")
        rounds = [one_round(db, Path(tmp), someone) for _ in range(ROUNDS)]
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        shown = " ".join(f"{v:.2f}" for v in values)
        print(f"  {name:28} median {median(values):5.2f} %   (rounds: {shown})")
    for name in (SIGNED_IN, GLANCE_OPEN, PROMPT_OPEN):
        value = median([r[name] for r in rounds])
        print(f"  target: {name} at most {TARGET_PERCENT}% of one core -> {verdict(value, TARGET_PERCENT)}")
        minimal = median([r["minimal Textual app"] for r in rounds])
        record(f"idle CPU over {WINDOW:.0f} s: {name}", value, TARGET_PERCENT, "%", baseline=minimal)


if __name__ == "__main__":
    main()
