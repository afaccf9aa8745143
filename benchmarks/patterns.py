"""Patterns: how long the patterns screen (`s`) and `handover report` take to open over five years of history.

A database of five years (benchmarks/history.py: 20,000 ruptures, 100,000 events) is built once. Then, each
timed several times and the median and max printed:
- the read the screen and the report share: `Service.patterns(manager)` on a fresh connection (the indexed
  SQL of handover/service/patterns.py and the domain's figures);
- the report: that read plus rendering it as Markdown and as HTML with its SVG charts (handover/report.py);
- the screen: the real app, headless at 160x50, a manager signed in, the garbage collector set as the
  `handover` command sets it (`handover.collector.tune`); from pressing `s` on the board until the patterns
  screen's widgets hold its figures (`PatternsScreen.shown`: read on a worker by the board before it opens the
  screen, or by the screen's own watch loop) and the frame after that has been drawn (`wait_for_refresh`), as a
  person would wait for it. Escape between.

Baseline, in the same run and app, alternating with the screen: a Screen with a header, one line and a
footer, pushed over the same board and timed the same way (what any screen costs to open here).

Target: each at most 300 ms (absolute). `--db PATH` keeps the history at PATH (built there once, with its
clock's now beside it in PATH.now) so that runs after the first skip the build.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from harness import median, ms, record, verdict
from history import build_history
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from handover import collector
from handover.app import make_app
from handover.clock import FrozenClock
from handover.config import Config
from handover.domain.enums import Role
from handover.report import render_report
from handover.service import Service

TARGET = 0.300
RUNS = 7


def timed(work: object, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return times


class Minimal(Screen[None]):
    """The baseline: the smallest screen like the patterns screen (Escape goes back, as its does)."""

    BINDINGS = [("escape", "app.pop_screen", "Board")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("One line")
        yield Footer()


async def opened(pilot: Pilot[None], key: str | None, ready: Callable[[], bool]) -> float:
    """From pressing `key` (or pushing the baseline) until `ready()` holds and the screen's next frame has been
    drawn; then back to the board. The key is posted as a terminal's would be (`App.simulate_key`), not through
    `pilot.press`, which would also wait for the app to go idle: for the patterns screen, until its own loop has
    read again after its first frame, which nobody waits for."""
    from handover.screens.board import BoardScreen

    app = pilot.app
    started = time.perf_counter()
    if key is None:
        app.push_screen(Minimal())
    else:
        app.simulate_key(key)
    while not ready():  # noqa: ASYNC110 (polled: the screen offers nothing to wait on)
        await asyncio.sleep(0.001)
    await app.screen.wait_for_refresh()
    took = time.perf_counter() - started
    await pilot.press("escape")
    while not isinstance(app.screen, BoardScreen):
        await pilot.pause(0.005)
    await pilot.pause()
    return took


async def screen_times(db: Path, now: datetime) -> tuple[list[float], list[float]]:
    """The baseline's times and the patterns screen's, RUNS each, alternating."""
    from handover.screens.board import BoardScreen
    from handover.screens.patterns import PatternsScreen

    with Service.open(db, FrozenClock(now), UTC) as service:
        manager = next(s for s in service.board().staff.values() if s.role is Role.MANAGER and s.active)
    app = make_app(db, clock=FrozenClock(now), tz=UTC, config=Config(db=db), actor=manager)
    baseline: list[float] = []
    patterns: list[float] = []
    async with app.run_test(size=(160, 50)) as pilot:
        board = app.screen
        while not (isinstance(board, BoardScreen) and board._snapshot is not None):
            await pilot.pause(0.01)
        await pilot.pause()
        for _ in range(RUNS):
            baseline.append(
                await opened(pilot, None, lambda: isinstance(app.screen, Minimal) and app.screen.is_mounted)
            )
            patterns.append(
                await opened(
                    pilot, "s", lambda: isinstance(app.screen, PatternsScreen) and app.screen.shown is not None
                )
            )
    return baseline, patterns


def line(name: str, times: list[float]) -> str:
    worst = max(times)
    return (
        f"  {name:<44} median {ms(median(times)):>9}  max {ms(worst):>9}  "
        f"target {ms(TARGET)}: {verdict(median(times), TARGET)} (median), {verdict(worst, TARGET)} (max)"
    )


def history_at(path: Path | None, tmp: str) -> tuple[Path, datetime]:
    """The five years of history, and its now: built in `tmp`, or kept at `path` and built there once."""
    db = path or Path(tmp) / "history.db"
    stamp = db.with_name(db.name + ".now")
    if path is not None and db.exists() and stamp.exists():
        print(f"patterns: five-year history kept at {db}; load average {os.getloadavg()[0]:.2f}")
        return db, datetime.fromisoformat(stamp.read_text().strip())
    db.unlink(missing_ok=True)
    now = datetime.now(UTC)
    started = time.perf_counter()
    build_history(db, now)
    if path is not None:
        stamp.write_text(now.isoformat())
    print(
        f"patterns: five-year history built in {time.perf_counter() - started:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return db, now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, help="keep the five-year history here (built once) instead of a temp file")
    args = parser.parse_args()
    collector.tune()  # the garbage collector as the `handover` command sets it, first thing
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        db, now = history_at(args.db, tmp)
        with Service.open(db, FrozenClock(now), UTC) as service:
            manager = next(s for s in service.board().staff.values() if s.role is Role.MANAGER and s.active)

        def read() -> object:
            with Service.open(db, FrozenClock(now), UTC) as fresh:
                return fresh.patterns(manager)

        def report() -> None:
            found = read()
            render_report(found, "md", tz=UTC)  # type: ignore[arg-type]
            render_report(found, "html", tz=UTC)  # type: ignore[arg-type]

        read()  # warm the disk cache, as a board that has been open a while has
        print(line("Service.patterns (the shared read)", timed(read)))
        reports = timed(report)
        print(line("handover report (read + md + html)", reports))
        record("handover report, five years, median", median(reports), TARGET, "ms")
        baseline, screen = asyncio.run(screen_times(db, now))
        print(
            f"  {'baseline: a one-line screen, pushed':<44} median {ms(median(baseline)):>9}  "
            f"max {ms(max(baseline)):>9}"
        )
        print(
            line("patterns screen (s pressed -> figures drawn)", screen)
            + f"  {median(screen) / median(baseline):.1f}x the baseline"
        )
        print(f"  load average {os.getloadavg()[0]:.2f} at the end; {os.cpu_count()} CPUs")
        record("patterns screen, s → figures drawn, five years, max", max(screen), TARGET, "ms",
               baseline=max(baseline), note="one-line screen")  # fmt: skip


if __name__ == "__main__":
    main()
