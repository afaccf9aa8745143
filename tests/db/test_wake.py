"""db/wake.py: another connection's commit sets the event through inotify, long before any poll would."""

from __future__ import annotations

import select
import sqlite3
import struct
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from db import wake as wake_module
from db.wake import CLOSE_CHECK_SECONDS, CommitWake, changed_names


def wal_database(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    return conn


def test_a_commit_by_another_connection_wakes_at_once(tmp_path: Path) -> None:
    db = tmp_path / "home.db"
    writer = wal_database(db)
    (tmp_path / "other.txt").write_text("not the database")
    woken = threading.Event()
    wake = CommitWake(db, woken)
    assert wake.start()
    try:
        time.sleep(0.3)  # the watch is in place
        woken.clear()
        # Another file in the same folder changing is not a commit.
        (tmp_path / "other.txt").write_text("still not the database")
        assert not woken.wait(0.3)
        started = time.perf_counter()
        writer.execute("INSERT INTO notes (text) VALUES ('a commit')")
        assert woken.wait(2.0), "no wake for a commit"
        assert time.perf_counter() - started < 1.0
    finally:
        wake.close()
        writer.close()


def test_closing_ends_the_watch(tmp_path: Path) -> None:
    db = tmp_path / "home.db"
    wal_database(db).close()
    wake = CommitWake(db, threading.Event())
    assert wake.start()
    wake.close()
    assert wake._thread is not None
    wake._thread.join(timeout=CLOSE_CHECK_SECONDS * 4)
    assert not wake._thread.is_alive()


def test_event_names_are_read_from_the_kernels_records() -> None:
    record = struct.pack("iIII", 1, 2, 0, 16) + b"home.db-wal".ljust(16, b"\0")
    record += struct.pack("iIII", 1, 2, 0, 16) + b"other.txt".ljust(16, b"\0")
    assert changed_names(record) == {"home.db-wal", "other.txt"}
    assert changed_names(b"") == set()


def test_the_watch_costs_nothing_while_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "home.db"
    wal_database(db).close()
    wake = CommitWake(db, threading.Event())
    assert wake.start()
    try:
        time.sleep(0.2)
        before = time.thread_time_ns()  # this thread's CPU: the watching thread's is measured by process time
        cpu = time.process_time()
        time.sleep(2.0)
        used = time.process_time() - cpu
        assert used < 0.02, f"{used:.3f} s of CPU in 2 s of nothing"  # the poll-free wait: well under 1%
        assert time.thread_time_ns() >= before
    finally:
        wake.close()


def test_the_watch_does_not_wake_while_nothing_is_written_and_ends_at_once_when_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It waits on the kernel's events and on the pipe `close` closes: no timeout, so no wake-ups to see
    whether it has been closed (idle CPU), and closing ends it at once. The real select, only counted."""
    db = tmp_path / "home.db"
    wal_database(db).close()
    waits: list[float] = []
    real_select = select.select

    def counted(*args: Any) -> Any:
        if threading.current_thread().name == "handover-commit-wake":  # the watch's own waits, no other thread's
            waits.append(time.monotonic())
        return real_select(*args)

    monkeypatch.setattr(wake_module.select, "select", counted)
    wake = CommitWake(db, threading.Event())
    assert wake.start()
    time.sleep(1.6)
    assert len(waits) == 1, f"the watch woke {len(waits) - 1} times in 1.6 s with nothing written"
    closing = time.monotonic()
    wake.close()
    assert wake._thread is not None
    wake._thread.join(timeout=CLOSE_CHECK_SECONDS * 4)
    assert not wake._thread.is_alive()
    assert time.monotonic() - closing < 0.2, "closing waited for a timeout"
    wake.close()  # closing twice is no error
