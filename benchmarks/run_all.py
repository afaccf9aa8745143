"""Run every benchmark in turn (`make bench`): startup, live latency, refresh, idle CPU.

Each runs in a process of its own and prints its figures with PASS or MISS against its target; a MISS is a
figure to read, not a failure. This exits non-zero only if a benchmark crashed. Takes about 3 minutes.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "startup.py",
    "live_latency.py",
    "refresh.py",
    "form_open.py",
    "idle_cpu.py",
    "write_storm.py",
    "patterns.py",
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


def main() -> int:
    print(f"handover benchmarks: {machine()}\n{load()} at the start\n", flush=True)
    crashed = []
    for name in BENCHMARKS:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / name)], cwd=HERE.parent)
        print(f"  ({name} took {time.perf_counter() - started:.0f} s)\n", flush=True)
        if result.returncode != 0:
            crashed.append(name)
    print(f"{load()} at the end")
    if crashed:
        print(f"crashed: {', '.join(crashed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
