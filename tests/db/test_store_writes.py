"""Writes on a real file: the timeline is append-only, nothing is deleted, each write is one transaction,
a stale write changes nothing, and a write blocked by another terminal gives up in plain words."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import db.connection
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import EventKind, RuptureKind, Severity, Status
from handover.domain.errors import StaleVersion, StorageError
from handover.domain.lifecycle import apply
from handover.domain.models import Event, NewRupture, Rupture
from tests.conftest import Home


def count(store: Store, table: str) -> int:
    return store.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def record(store: Store, home: Home, clock: FrozenClock, adults: tuple[int, ...] | None = None) -> Rupture:
    new = NewRupture(
        young_person_id=home.jordan.id,
        adult_ids=adults or (home.sam.id, home.dev.id),
        occurred_at=clock.now() - timedelta(hours=2),
        kind=RuptureKind.HARSH_TONE,
        severity=Severity.SIGNIFICANT,
        what_happened="I raised my voice when the game ran over.",
        owner_id=home.sam.id,
    )
    return store.record_rupture(new, clock.now(), home.sam.id)


@pytest.fixture
def rupture(store: Store, home: Home, clock: FrozenClock) -> Rupture:
    return record(store, home, clock)


def test_record_writes_rupture_adults_and_one_recorded_event(store: Store, home: Home, rupture: Rupture) -> None:
    stored = store.rupture(rupture.id)
    assert stored == rupture
    assert stored.adult_ids == (home.sam.id, home.dev.id)
    assert stored.status is Status.OPEN and stored.version == 1
    events = store.events(rupture.id)
    assert [e.kind for e in events] == [EventKind.RECORDED]
    assert events[0].actor_id == home.sam.id
    assert events[0].payload["what_happened"] == "I raised my voice when the game ran over."
    assert [r.id for r in store.open_ruptures()] == [rupture.id]


def test_record_is_all_or_nothing(store: Store, home: Home, clock: FrozenClock) -> None:
    # An adult id that does not exist fails on rupture_adults, after the rupture row went in: all rolls back.
    with pytest.raises(StorageError, match="Nothing was saved"):
        record(store, home, clock, adults=(home.sam.id, 999))
    assert count(store, "ruptures") == 0
    assert count(store, "rupture_adults") == 0
    assert count(store, "events") == 0


def test_events_cannot_be_edited(store: Store, rupture: Rupture) -> None:
    before = store.db.conn.execute("SELECT * FROM events").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.conn.execute("UPDATE events SET payload = '{}', actor_id = 4")
    assert store.db.conn.execute("SELECT * FROM events").fetchall() == before


def test_events_cannot_be_deleted(store: Store, rupture: Rupture) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="append-only: an entry can never be deleted"):
        store.db.conn.execute("DELETE FROM events")
    assert count(store, "events") == 1


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("ruptures", "ruptures are never deleted"),
        ("rupture_adults", "never deleted"),
        ("young_people", "young people are never deleted"),
        ("staff", "staff are never deleted"),
    ],
)
def test_nothing_can_be_deleted(store: Store, rupture: Rupture, table: str, words: str) -> None:
    before = count(store, table)
    with pytest.raises(sqlite3.DatabaseError, match=words):
        store.db.conn.execute(f"DELETE FROM {table}")
    assert count(store, table) == before > 0


def test_append_moves_the_rupture_on_with_its_event(store: Store, home: Home, rupture: Rupture) -> None:
    at = rupture.recorded_at + timedelta(hours=1)
    updated = apply(rupture, EventKind.ASSIGNED, at, home.priya.id, {"owner_id": home.dev.id})
    event = Event(rupture_id=rupture.id, at=at, actor_id=home.priya.id, kind=EventKind.ASSIGNED, payload={"x": 1})
    store.append(updated, event, expected_version=1)
    stored = store.rupture(rupture.id)
    assert (stored.owner_id, stored.version, stored.updated_by) == (home.dev.id, 2, home.priya.id)
    assert [e.kind for e in store.events(rupture.id)] == [EventKind.RECORDED, EventKind.ASSIGNED]


def test_stale_append_changes_nothing_and_says_who(store: Store, home: Home, rupture: Rupture) -> None:
    at = rupture.recorded_at + timedelta(hours=1)
    first = apply(rupture, EventKind.ASSIGNED, at, home.priya.id, {"owner_id": home.dev.id})
    store.append(first, Event(rupture_id=rupture.id, at=at, actor_id=home.priya.id, kind=EventKind.ASSIGNED), 1)

    # Someone else still holding version 1 tries to mark it repaired.
    late = apply(rupture, EventKind.REPAIRED, at, home.sam.id, {"note": "I said sorry"})
    event = Event(rupture_id=rupture.id, at=at, actor_id=home.sam.id, kind=EventKind.REPAIRED)
    with pytest.raises(StaleVersion) as err:
        store.append(late, event, expected_version=1)
    assert err.value.changed_by == "Priya Shah"
    assert err.value.changed_at == at
    assert "nothing was saved" in err.value.message
    stored = store.rupture(rupture.id)
    assert (stored.version, stored.status, stored.owner_id) == (2, Status.OPEN, home.dev.id)
    assert len(store.events(rupture.id)) == 2


def test_batch_lands_all_or_nothing(store: Store, home: Home, clock: FrozenClock) -> None:
    with pytest.raises(RuntimeError), store.batch():
        store.add_young_person("Avery Lund", None, clock.now())
        raise RuntimeError("power cut")
    assert [p.name for p in store.young_people()] == ["Jordan Mills", "Riley Tanaka", "Casey Doyle"]


@pytest.fixture
def locked(db_path: Path, home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another terminal holding the write lock; connections opened from now on wait only 200 ms for it."""
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_write_while_another_terminal_holds_the_lock(
    locked: sqlite3.Connection, db_path: Path, home: Home, clock: FrozenClock
) -> None:
    second = Store.open(db_path)
    try:
        assert len(second.young_people()) == 3  # reading still works under WAL
        started = time.monotonic()
        with pytest.raises(StorageError) as err:
            record(second, home, clock)
        assert time.monotonic() - started < 3
        assert err.value.message.startswith("The database is busy")
        assert "Nothing was saved" in err.value.message
        locked.execute("ROLLBACK")
        assert count(second, "ruptures") == 0
        assert count(second, "events") == 0
        record(second, home, clock)  # once the lock is gone, the same write goes through
        assert count(second, "ruptures") == 1
    finally:
        second.close()
