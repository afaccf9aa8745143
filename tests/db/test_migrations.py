"""A database made by an earlier version upgrades in place: its events get chained, nothing is lost."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from db.chain import event_hash
from db.connection import connect
from db.schema import migrations
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.service import Service
from tests.conftest import Home


def test_upgrade_from_the_first_schema_chains_existing_events(tmp_path: Path, clock: FrozenClock, tz: object) -> None:
    path = tmp_path / "old.db"
    db = connect(path, create=True)
    migrations.apply(db, stop_before="m002_handover_and_trust")
    now = "2026-11-27T20:00:00.000000+00:00"
    db.execute("INSERT INTO settings VALUES ('home_name', 'Old Home')")
    db.execute("INSERT INTO young_people(name, created_at) VALUES ('Alex Rowe', ?)", (now,))
    db.execute("INSERT INTO staff(name, role, created_at) VALUES ('Jamie Fox', 'staff', ?)", (now,))
    db.execute(
        "INSERT INTO ruptures(young_person_id, occurred_at, recorded_at, recorded_by, kind, severity, what_happened,"
        " owner_id, updated_at, updated_by) VALUES (1, ?, ?, 1, 'withdrawal', 'minor', 'I went quiet', 1, ?, 1)",
        (now, now, now),
    )
    for kind in ("recorded", "planned"):
        db.execute("INSERT INTO events(rupture_id, at, actor_id, kind) VALUES (1, ?, 1, ?)", (now, kind))
    db.close()

    store = Store.open(path)  # applies the pending migration
    rows = store.db.execute("SELECT rupture_id, at, actor_id, kind, payload, prev_hash, hash FROM events ORDER BY id")
    first, second = rows.fetchall()
    assert first[5] is None and first[6] == event_hash(None, *first[:5])
    assert second[5] == first[6] and second[6] == event_hash(first[6], *second[:5])
    assert store.rupture(1).what_happened == "I went quiet"
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE events SET kind = 'x'")
    store.close()


def test_new_events_continue_the_chain(service: Service, home: Home, clock: FrozenClock) -> None:
    first = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I snapped")
    clock.advance(timedelta(minutes=5))
    service.plan(home.sam, first.id, "Talk after school")
    rows = service.store.db.execute("SELECT prev_hash, hash FROM events ORDER BY id").fetchall()
    assert rows[0][0] is None and rows[1][0] == rows[0][1] and len({h for _, h in rows}) == 2
