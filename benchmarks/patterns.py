"""Patterns: how long the patterns screen (`s`) and `handover report` take to open over five years of history.

A database of five years (benchmarks/history.py: 20,000 ruptures, 100,000 events) is built once. Then, each
timed several times and the median and max printed:
- the read the screen and the report share: `Service.patterns(manager)` on a fresh connection (the indexed
  SQL of handover/service/patterns.py and the domain's figures);
- the report: that read plus rendering it as Markdown and as HTML with its SVG charts (handover/report.py);
- the screen: the real app, headless, a manager signed in; from pressing `s` on the board to the patterns
  screen showing its pairs, through its own watch loop and worker, as a person would wait for it.

Target: each at most 300 ms.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from harness import median, ms, verdict
from history import build_history

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


async def screen_times(db: Path, now: datetime) -> list[float]:
    from handover.screens.board import BoardScreen
    from handover.screens.patterns import PatternsScreen

    with Service.open(db, FrozenClock(now), UTC) as service:
        manager = next(s for s in service.board().staff.values() if s.role is Role.MANAGER and s.active)
    app = make_app(db, clock=FrozenClock(now), tz=UTC, config=Config(db=db), actor=manager)
    times = []
    async with app.run_test(size=(160, 50)) as pilot:
        board = app.screen
        while not (isinstance(board, BoardScreen) and board._snapshot is not None):
            await pilot.pause(0.01)
        for _ in range(RUNS):
            started = time.perf_counter()
            await pilot.press("s")
            while not (isinstance(app.screen, PatternsScreen) and app.screen._patterns is not None):
                await pilot.pause(0.005)
            times.append(time.perf_counter() - started)
            await pilot.press("escape")
            while not isinstance(app.screen, BoardScreen):
                await pilot.pause(0.005)
    return times


def line(name: str, times: list[float]) -> str:
    worst = max(times)
    return (
        f"  {name:<44} median {ms(median(times)):>9}  max {ms(worst):>9}  "
        f"target {ms(TARGET)}: {verdict(median(times), TARGET)} (median), {verdict(worst, TARGET)} (max)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        db = Path(tmp) / "history.db"
        now = datetime.now(UTC)
        started = time.perf_counter()
        build_history(db, now)
        print(
            f"patterns: five-year history built in {time.perf_counter() - started:.1f} s; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
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
        print(line("handover report (read + md + html)", timed(report)))
        print(line("patterns screen (s pressed -> pairs shown)", asyncio.run(screen_times(db, now))))


if __name__ == "__main__":
    main()
