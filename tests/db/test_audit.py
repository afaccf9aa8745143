"""The audit trail: rows written alone or inside the caller's transaction, and one list merging them with
every rupture's entries, filtered by who, about whom and since when."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from db import audit
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.domain.errors import StorageError
from handover.service import Service
from tests.conftest import FROZEN_AT, Home


@pytest.fixture
def trail(service: Service, home: Home, clock: FrozenClock) -> None:
    """20:00 Sam records a rupture with Jordan; 20:30 a backup (nobody named); 21:00 Priya records one with
    Riley; 21:30 Morgan exports Jordan's record; 22:00 Sam repairs his rupture."""
    first = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    clock.advance(timedelta(minutes=30))
    audit.record(service.store, clock.now(), None, "backup", detail={"file": "/b/handover-2026-11-27T2030.db"})
    clock.advance(timedelta(minutes=30))
    service.record_rupture(home.priya, home.riley, [home.priya], RuptureKind.BROKEN_PROMISE, "I missed the match.")
    clock.advance(timedelta(minutes=30))
    audit.record(
        service.store,
        clock.now(),
        home.morgan.id,
        "export",
        young_person_id=home.jordan.id,
        detail={"format": "html", "file": "jordan.html"},
    )
    clock.advance(timedelta(minutes=30))
    service.mark_repaired(home.sam, first.id, "I said I shouted and I was sorry.")


def lines(found: list[audit.AuditEntry]) -> list[str]:
    return [f"{e.at:%H:%M} {e.actor or '-'}: {e.what} [{e.young_person or ''}]" for e in found]


def test_entries_merge_the_audit_with_every_entry_oldest_first(service: Service, trail: None) -> None:
    found = [e for e in audit.entries(service.store) if e.at >= FROZEN_AT]
    assert lines(found)[-5:] == [
        "20:00 Sam Kell: recorded rupture #1 [Jordan Mills]",
        "20:30 -: made a backup: /b/handover-2026-11-27T2030.db []",
        "21:00 Priya Shah: recorded rupture #2 [Riley Tanaka]",
        "21:30 Morgan Blake: exported this young person's record (html) to jordan.html [Jordan Mills]",
        "22:00 Sam Kell: repaired rupture #1 [Jordan Mills]",
    ]
    repaired = found[-1]
    assert (repaired.source, repaired.action, repaired.rupture_id) == ("event", "repaired", 1)
    assert repaired.detail["note"] == "I said I shouted and I was sorry."


def test_filters_by_person_young_person_and_time(service: Service, home: Home, trail: None) -> None:
    by_sam = audit.entries(service.store, person_id=home.sam.id)
    assert [e.what for e in by_sam if e.source == "event"] == ["recorded rupture #1", "repaired rupture #1"]
    assert all(e.actor == "Sam Kell" for e in by_sam)
    about_jordan = audit.entries(service.store, young_person_id=home.jordan.id)
    assert [e.action for e in about_jordan] == ["recorded", "export", "repaired"]
    since = audit.entries(service.store, since=FROZEN_AT + timedelta(minutes=60))
    assert [e.action for e in since] == ["recorded", "export", "repaired"]
    both = audit.entries(service.store, person_id=home.morgan.id, young_person_id=home.jordan.id)
    assert [e.action for e in both] == ["export"]


def test_a_row_inside_the_callers_transaction_lands_with_it_or_not_at_all(service: Service, home: Home) -> None:
    store = service.store
    before = store.rows("SELECT count(*) AS n FROM audit")[0]["n"]
    with pytest.raises(RuntimeError):
        with store.write() as conn:
            audit.record(conn, FROZEN_AT, home.sam.id, "sign-in")
            raise RuntimeError("the change it describes failed")
    assert store.rows("SELECT count(*) AS n FROM audit")[0]["n"] == before
    with store.write() as conn:
        audit.record(conn, FROZEN_AT, home.sam.id, "sign-in", detail={"via": "cli"})
    assert store.rows("SELECT count(*) AS n FROM audit")[0]["n"] == before + 1


def test_actions_of_other_parts_read_plainly(service: Service, home: Home) -> None:
    audit.record(service.store, FROZEN_AT, home.sam.id, "sign-in-failed", detail={"via": "board"})
    audit.record(service.store, FROZEN_AT, home.morgan.id, "restore", detail={"from": "b.db", "kept_at": "old.db"})
    audit.record(service.store, FROZEN_AT, home.morgan.id, "export", detail={"all": True, "format": "csv", "file": "x"})
    audit.record(service.store, FROZEN_AT, home.morgan.id, "pin-set", detail={"staff_id": home.sam.id, "own": False})
    audit.record(service.store, FROZEN_AT, home.morgan.id, "rota-printed", detail={"pages": 2})
    found = [e.what for e in audit.entries(service.store, since=FROZEN_AT)][-5:]
    assert found == [
        "typed a wrong PIN (at the board)",
        "restored the database from b.db; the one before was kept at old.db",
        "exported the whole record (csv) to x",
        "set the PIN of Sam Kell",
        "rota printed (pages: 2)",  # an action this module does not know yet: its name and details as they are
    ]


def test_the_audit_is_append_only(service: Service, home: Home) -> None:
    audit.record(service.store, FROZEN_AT, home.sam.id, "sign-in")
    conn = service.store.db.conn
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET action = 'nothing'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit")
    with pytest.raises(ValueError):
        audit.record(service.store, FROZEN_AT, home.sam.id, "")


def test_an_unknown_actor_is_refused(service: Service) -> None:
    with pytest.raises(StorageError):
        audit.record(service.store, FROZEN_AT, 999, "sign-in")
