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


def test_upgrade_clears_a_next_step_left_over_from_before_a_reassignment(
    service: Service, home: Home, clock: FrozenClock, tz: object
) -> None:
    """A database written before reassignment cleared the next step: the old owner's plan is cleared on
    upgrade (it stays in the timeline), a plan or note made after the reassignment is kept, and the
    full check then finds every row matching its entries."""
    from db import integrity

    stale = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I snapped")
    service.plan(home.sam, stale.id, "Talk after school", by_when=clock.now() + timedelta(hours=12))
    service.assign_owner(home.priya, stale.id, home.dev)
    kept = service.record_rupture(home.sam, home.riley, [home.sam], RuptureKind.HARSH_TONE, "I was short")
    service.assign_owner(home.priya, kept.id, home.dev)
    service.accept_assignment(home.dev, kept.id, "Ask Riley for a game of pool")
    path = service.store.path
    conn = service.store.db.conn
    # As the earlier version left it: the old plan still on the reassigned rupture's row.
    conn.execute(
        "UPDATE ruptures SET next_step = 'Talk after school', next_step_due = '2026-11-28T08:00:00.000000+00:00' "
        "WHERE id = ?",
        (stale.id,),
    )
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_reassignment_clears_next_step'")
    conn.commit()
    service.store.close()

    store = Store.open(path)  # applies the pending migration
    try:
        assert (store.rupture(stale.id).next_step, store.rupture(stale.id).next_step_due) == (None, None)
        assert store.rupture(kept.id).next_step == "Ask Riley for a game of pool"
        assert [e.payload.get("plan") for e in store.events(stale.id)][1] == "Talk after school"
    finally:
        store.close()
    report = integrity.check(path, tz)  # type: ignore[arg-type]
    assert report.ok, report.problems
