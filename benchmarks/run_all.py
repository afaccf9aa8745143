"""Run every benchmark in turn (`make bench`), then print their headline figures as one table.

Each runs in a process of its own and prints its figures with PASS or MISS against its target; a MISS is a
figure to read, not a failure. Each also records its headline figures (`harness.record`), and the table at the
end puts them side by side: the figure, its baseline measured in the same run, their ratio, the target, and
the verdict. This exits non-zero only if a benchmark crashed. Takes about 7 minutes.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "startup.py",
    "live_latency.py",
    "refresh.py",
    "form_open.py",
    "idle_cpu.py",
    "write_storm.py",
    "patterns.py",
    "cli.py",
)


def machine() -> str:
    memory = "?"
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{date.today()}  {os.cpu_count()} CPUs, {memory} RAM, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Textual {version('textual')}, SQLite {sqlite3.sqlite_version}"
    )


def load() -> str:
    """The machine's load averages: benchmarks on a shared, busy machine read high."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:.2f}{unit}"


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as one Markdown table (paste it into docs/PERFORMANCE.md)."""
    lines = [
        "| figure | measured | baseline, same run | ratio | target | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        unit = str(row["unit"])
        value = float(row["value"])
        baseline = row["baseline"]
        ratio = value / float(baseline) if isinstance(baseline, int | float) and baseline else None
        target = float(row["target"])
        judged = ratio if row["ratio_target"] else value
        target_text = f"ratio ≤ {target:g}" if row["ratio_target"] else f"≤ {shown(target, unit)}"
        verdict = "PASS" if judged is not None and judged <= target else "MISS"
        figure = f"{row['figure']} ({row['note']})" if row["note"] else str(row["figure"])
        ratio_text = f"{ratio:.2f}" if ratio is not None else "-"
        lines.append(
            f"| {figure} | {shown(value, unit)} | {shown(baseline, unit)} | {ratio_text} | {target_text} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> int:
    print(f"handover benchmarks: {machine()}\n{load()} at the start\n", flush=True)
    crashed = []
    with tempfile.TemporaryDirectory(prefix="handover-bench-results-") as tmp:
        results = Path(tmp) / "results.jsonl"
        results.touch()
        env = {**os.environ, "HANDOVER_BENCH_RESULTS": str(results)}
        for name in BENCHMARKS:
            started = time.perf_counter()
            result = subprocess.run([sys.executable, str(HERE / name)], cwd=HERE.parent, env=env)
            print(f"  ({name} took {time.perf_counter() - started:.0f} s)\n", flush=True)
            if result.returncode != 0:
                crashed.append(name)
        rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{load()} at the end\n")
    print(f"All figures, {machine()}:\n")
    print(table(rows))
    if crashed:
        print(f"\ncrashed: {', '.join(crashed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
