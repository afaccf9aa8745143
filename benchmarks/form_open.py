"""Forms: how long from pressing `n` on the board to the new-rupture form on screen, and the same for `r`.

The board as a user runs it (`handover --db PATH`, the console script) in a 120x40 pseudo-terminal, on a home
with 40 open ruptures among 8 young people and 30 staff, signed in (no PINs: the name, then Enter). Each key is
pressed PRESSES times, a random 0.3-0.6 s apart, with Escape (closing the empty form) in between. The clock
starts when the key is written to the terminal and stops when the terminal has received the whole form: its
heading and its last line ("… esc cancel"), escape sequences stripped. Textual writes a frame as one
synchronized update, so that is the first frame that shows the form, as a person sees it: the key read by
the driver, the binding run, the form composed, styled, laid out, drawn over the board and written.

Until 2026-12-04 this ran headless (`App.run_test()`) and stopped the clock at the first refresh after the
form's screen was mounted (`Screen.wait_for_refresh`). That is a refresh after the one that first shows the
form: a frame-by-frame capture found the form complete, and unchanged after, 40-60 ms before that point
(docs/PERFORMANCE.md, "Figures, 2026-12-04 (second session)").

Baseline, in the same run, started and timed the same way: a minimal Textual app (Header, one Static, Footer)
whose `n` pushes a ModalScreen with one label and one Input (its ratio says how much of the time is the
form's own, not Textual's or the terminal's).

Target (the speed issue): `n` → form drawn, p95 at most 100 ms.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import PYTHON, Terminal, board_argv, board_env, bytecode_env, median, ms, percentile, record, verdict

from db.store import Store
from handover.app import BACKUP_START_DELAY_SECONDS
from handover.clock import FrozenClock
from handover.domain.enums import Role, RuptureKind
from handover.service import Service

PRESSES = 20
TARGET = 0.100
TZ = ZoneInfo("Europe/London")
ESCAPE = "\x1b"
DOWN = "\x1b[B"

#: The whole form is on screen: its heading, then (after it, in the same frame) its last line.
FORM_KEYS = r"esc\s+cancel"
NEW_FORM = re.compile(rf"Record a rupture[\s\S]*{FORM_KEYS}")
REPAIRED_FORM = re.compile(rf"Repaired: #\d+[\s\S]*{FORM_KEYS}")

BASELINE_TEXT = "bench-modal-label"
BASELINE_APP = f"""
from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Static


class Minimal(ModalScreen[None]):
    BINDINGS = [("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        yield Static({BASELINE_TEXT!r})
        yield Input(placeholder="bench-modal-input")


class Board(App[None]):
    BINDINGS = [("n", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bench-board-ready\\nthe second line\\nthe third line")
        yield Footer()

    def action_open(self) -> None:
        self.push_screen(Minimal())


Board().run()
"""
BASELINE_FORM = re.compile(rf"{BASELINE_TEXT}[\s\S]*bench-modal-input")


def build(path: Path) -> str:
    """The home; returns the name to sign in as."""
    store = Store.open(path, create=True)
    try:
        service = Service(store, FrozenClock(datetime.now(UTC)), TZ)
        service.init_home("Bench House")
        young = [service.add_young_person(f"Young{i} Person") for i in range(8)]
        staff = [service.add_staff(f"Staff{i} Member", Role.STAFF) for i in range(30)]
        for i in range(40):
            adult = staff[i % 30]
            service.record_rupture(adult, young[i % 8], [adult], RuptureKind.HARSH_TONE, f"What happened, {i}")
        return staff[0].name
    finally:
        store.close()


def press(terminal: Terminal, key: str, shown: re.Pattern[str], rng: random.Random) -> float:
    """Seconds from writing `key` to the terminal until `shown` is on screen; then Escape closes it."""
    terminal.drain(rng.uniform(0.3, 0.6))
    terminal.clear()
    sent = time.perf_counter()
    terminal.send(key)
    took = terminal.wait_for(shown, timeout=30) - sent
    terminal.drain(0.1)
    terminal.send(ESCAPE)
    return took


def main() -> None:
    rng = random.Random(11)
    results: dict[str, list[float]] = {"baseline": [], "n": [], "r": []}
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        db = Path(tmp) / "home.db"
        name = build(db)
        env = {**board_env(Path(tmp)), **bytecode_env(Path(tmp))}
        with Terminal([PYTHON, "-c", BASELINE_APP], env=env) as baseline, Terminal(board_argv(db), env=env) as board:
            baseline.wait_for("bench-board-ready", 60)
            board.wait_for(r"40 open", 60)
            board.wait_for("Who is at the keyboard", 30)
            board.send(name)
            board.drain(0.3)
            board.send("\r")  # no PINs in this home: Enter signs in
            # Steady state: the start-up's check of the record and the day's backup run on workers in the first
            # seconds; a key pressed then waits behind them, once a day.
            board.settle(at_least=BACKUP_START_DELAY_SECONDS + 1)
            board.send(DOWN)  # onto the first rupture, under its young person's line, for r
            board.drain(0.3)
            for _ in range(PRESSES):
                results["baseline"].append(press(baseline, "n", BASELINE_FORM, rng))
                results["n"].append(press(board, "n", NEW_FORM, rng))
                results["r"].append(press(board, "r", REPAIRED_FORM, rng))
    base = median(results["baseline"])
    base_p95 = percentile(results["baseline"], 0.95)
    print(f"form_open: from the key to the form on screen, {PRESSES} presses each, in a 120x40 terminal, 40 open "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"  baseline (a minimal app's one-Input modal): median {ms(base)}, p95 {ms(base_p95)}")
    for key, what in (("n", "new rupture"), ("r", "repaired")):
        values = results[key]
        p95 = percentile(values, 0.95)
        print(
            f"  {key} → {what} form: median {ms(median(values))}, p95 {ms(p95)} "
            f"({median(values) / base:.1f}x the baseline)  target p95 ≤ {ms(TARGET)}: {verdict(p95, TARGET)}"
        )
        print("    each, in order of size: " + " ".join(f"{v * 1000:.0f}" for v in sorted(values)))
        record(f"`{key}` → {what} form drawn, p95", p95, TARGET, "ms", baseline=base_p95, note="minimal app's modal")
    print(f"  load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
