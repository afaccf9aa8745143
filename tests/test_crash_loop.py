"""The crash loop: a writer process (tests/writers.py `crash`) records, plans, repairs and reopens its own
ruptures and is killed with SIGKILL at a random moment, again and again (HANDOVER_CRASH_KILLS, 50 in the
suite, 200 in `make soak`). Afterwards the full check passes (state equals a replay of the events, the chain
is whole) and every step the writer reported as saved, after its commit returned, is in the record.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from db.integrity import check
from handover.demo import build_demo
from tests.writers import Saved, missing_from, outcomes, saved

KILLS = int(os.environ.get("HANDOVER_CRASH_KILLS", "50"))
ROOT = Path(__file__).resolve().parent.parent


def test_writers_killed_at_random_moments_lose_nothing_they_reported(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    build_demo(db, datetime.now(UTC))
    rng = random.Random(35)
    promises: list[Saved] = []
    for kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.writers", "crash", str(db), str(kill)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Wait for the first commit, then kill at a random moment within the next stretch of writes.
        first = writer.stdout.readline() if writer.stdout else ""
        assert first, writer.stderr.read() if writer.stderr else "the writer said nothing"
        time.sleep(rng.uniform(0.0, 0.08))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        promises.extend(saved(outcomes(first + out)))
    assert len(promises) >= KILLS
    assert missing_from(db, promises) == []
    report = check(db, remember=False)
    assert report.ok, report.summary()
