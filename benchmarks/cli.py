"""The command line: wall time of `handover list --json` and `handover log` against `python -c pass`.

Each command runs as a user runs it (the console script, in a fresh process, on the demo home), RUNS times
after one warm-up, alternating with the baseline, `python -c pass` (the interpreter starting and stopping
with nothing to do), in the same run. Both may cache compiled modules (`harness.bytecode_env`), as an
installed program does. Medians.

Target (the speed issue): each command's wall time at most 4x the baseline's.

Three floors are timed beside them, so the figures can be read against what any command line of this kind
costs before it does anything of its own: Python importing the standard library the commands need
(`sqlite3`, `json`, `argparse`, `zoneinfo`), the same with `click` (the command line's parser), and that
with one check of a PIN at the cost `handover/domain/pins.py` sets (scrypt, slow on purpose), which `log`
makes in a home with PINs. They are printed, not recorded as figures: no command can be faster than its floor.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from harness import HANDOVER, PYTHON, bytecode_env, median, record

from handover.demo import build_demo
from handover.domain.pins import SCRYPT_N, SCRYPT_P, SCRYPT_R

RUNS = 9
TARGET_RATIO = 4.0
STDLIB = "import sqlite3, json, argparse, zoneinfo"
CLICK = STDLIB + ", click"
PIN_CHECK = f"{CLICK}, hashlib; hashlib.scrypt(b'1234', salt=bytes(16), n={SCRYPT_N}, r={SCRYPT_R}, p={SCRYPT_P}, "
PIN_CHECK += "maxmem=64 * 1024 * 1024, dklen=32)"
FLOORS = {
    "floor: the stdlib it needs": STDLIB,
    "floor: + click": CLICK,
    "floor: + click, a PIN check": PIN_CHECK,
}


def wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])}… failed: {done.stderr.strip() or done.stdout.strip()}")
    return took


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        db = Path(tmp) / "demo.db"
        demo = build_demo(db, datetime.now(UTC))
        adult, pin = demo.pins[0].name, demo.pins[0].pin
        who = _first_young_person(db)
        # The demo home uses PINs: a script gives the one who records it in HANDOVER_PIN.
        env = {**os.environ, **bytecode_env(Path(tmp)), "HANDOVER_DB": str(db), "HANDOVER_PIN": pin}
        commands = {
            "baseline: python -c pass": [PYTHON, "-c", "pass"],
            "handover list --json": [HANDOVER, "list", "--json"],
            "handover log": [
                HANDOVER,
                "log",
                "--young-person",
                who,
                "--staff",
                adult,
                "--kind",
                "harsh-tone",
                "--what",
                "Raised voice at tea (benchmark)",
            ],
        }
        commands.update({name: [PYTHON, "-c", code] for name, code in FLOORS.items()})
        for argv in commands.values():
            wall(argv, env)  # warm-up: fills the bytecode cache, as an installed program's is
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, argv in commands.items():
                times[name].append(wall(argv, env))
    base = median(times["baseline: python -c pass"])
    print(f"cli: {RUNS} runs each after a warm-up, on the demo home ({os.cpu_count()} CPUs)")
    for name, values in times.items():
        ratio = median(values) / base
        figure = name.startswith("handover")  # the baseline and the floors are for reading the figures by
        verdict = f"  target ≤ {TARGET_RATIO:g}x: {'PASS' if ratio <= TARGET_RATIO else 'MISS'}" if figure else ""
        print(f"  {name:28} median {median(values) * 1000:7.1f} ms   {ratio:5.1f}x the baseline{verdict}")
        if figure:
            record(name, median(values), TARGET_RATIO, "ms", baseline=base, ratio_target=True, note="wall time")
    print(f"  load average {os.getloadavg()[0]:.2f} at the end")


def _first_young_person(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT name FROM young_people WHERE active = 1 ORDER BY id LIMIT 1").fetchone()
    return str(row[0])


if __name__ == "__main__":
    main()
