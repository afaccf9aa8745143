"""The soak: 8 writer processes (tests/writers.py `soak`), each a shift lead with a Service of its own on one
file, take turns on the same ruptures (take on, give away, plan, try, repair, reopen, end, record) while a
board's watch loop reads through the service. 10 s in the suite; `make soak` sets HANDOVER_SOAK_SECONDS=60.

Every step a writer reported as saved is in the events and the state, the current rows equal a replay of the
events (the full check), and no "database is locked" or other storage failure reaches anyone: a step that lost
a race is a plain stale-version refusal, which is what the version guard is for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from db.integrity import check
from handover.clock import SystemClock
from handover.demo import build_demo
from handover.domain.errors import HandoverError
from handover.service import Service
from tests.writers import missing_from, outcomes, saved

WRITERS = 8
SECONDS = float(os.environ.get("HANDOVER_SOAK_SECONDS", "10"))
ROOT = Path(__file__).resolve().parent.parent


def watch(db: Path, stop: threading.Event, failures: list[str], reads: list[int]) -> None:
    """What a board does: its own connection, a fresh read after every commit anywhere."""
    service = Service.open(db, SystemClock(), UTC)
    try:
        while not stop.is_set():
            try:
                if service.changed():
                    reads.append(len(service.board().open_ruptures))
            except HandoverError as exc:
                failures.append(str(exc))
            stop.wait(0.05)
    finally:
        service.close()


def test_eight_writers_on_the_same_ruptures_lose_nothing_and_never_see_a_lock(tmp_path: Path) -> None:
    db = tmp_path / "soak.db"
    build_demo(db, datetime.now(UTC))
    stop, failures, reads = threading.Event(), [], []  # type: ignore[var-annotated]
    watcher = threading.Thread(target=watch, args=(db, stop, failures, reads))
    watcher.start()
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.writers", "soak", str(db), str(SECONDS), str(i)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WRITERS)
    ]
    results = [w.communicate(timeout=SECONDS + 60) for w in writers]
    stop.set()
    watcher.join()

    for writer, (_, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
    lines = [line for out, _ in results for line in outcomes(out)]
    promises = saved(lines)
    assert len(promises) > 10 * WRITERS, f"only {len(promises)} steps saved: the soak barely ran"
    storage = [line["storage"] for line in lines if "storage" in line]
    assert storage == [], f"a storage failure reached a user: {storage[:3]}"
    assert all("locked" not in str(line.get("message", "")) for line in lines)
    assert failures == [] and reads, failures[:3]
    assert missing_from(db, promises) == []
    report = check(db, remember=False)
    assert report.ok, report.summary()
