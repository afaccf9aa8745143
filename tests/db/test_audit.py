"""The audit trail: rows written alone or inside the caller's transaction, and one list merging them with
every rupture's entries, filtered by who, about whom and since when."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from db import audit
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind, Severity
from handover.domain.errors import StorageError
from handover.service import Service
from tests.conftest import FROZEN_AT, Home

LONDON = ZoneInfo("Europe/London")


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
    """Each entry as time, who, and what they did (without the notes given with it)."""
    return [f"{e.at:%H:%M} {e.actor or '-'}: {e.what.split(' — ')[0]} [{e.young_person or ''}]" for e in found]


def test_entries_merge_the_audit_with_every_entry_oldest_first(service: Service, trail: None) -> None:
    found = [e for e in audit.entries(service.store) if e.at >= FROZEN_AT]
    assert lines(found)[-5:] == [
        "20:00 Sam Kell: recorded rupture #1 (harsh tone, minor) [Jordan Mills]",
        "20:30 -: made a backup: /b/handover-2026-11-27T2030.db []",
        "21:00 Priya Shah: recorded rupture #2 (broken promise, minor) [Riley Tanaka]",
        "21:30 Morgan Blake: exported this young person's record (html) to jordan.html [Jordan Mills]",
        "22:00 Sam Kell: repaired rupture #1 [Jordan Mills]",
    ]
    repaired = found[-1]
    assert (repaired.source, repaired.action, repaired.rupture_id) == ("event", "repaired", 1)
    assert repaired.detail["note"] == "I said I shouted and I was sorry."
    # The entry in the describer's words, with the note given with it.
    assert repaired.what == "repaired rupture #1 — What was said: I said I shouted and I was sorry."


def test_filters_by_person_young_person_and_time(service: Service, home: Home, trail: None) -> None:
    by_sam = audit.entries(service.store, person_id=home.sam.id)
    assert [line.split(": ", 1)[1] for line in lines(by_sam)] == [
        "recorded rupture #1 (harsh tone, minor) [Jordan Mills]",
        "repaired rupture #1 [Jordan Mills]",
    ]
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


def test_every_note_given_with_an_entry_is_in_the_audit(service: Service, home: Home, clock: FrozenClock) -> None:
    """The note given when accepting a reassigned repair, a plan's "by when" in the home's zone (summer time
    in London, an hour ahead of UTC), a reg 35 clock and its note: all in the audit's words."""
    clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    held = service.record_rupture(
        home.sam,
        home.jordan,
        [home.sam],
        RuptureKind.RESTRAINT,
        "Held his arm on the stairs.",
        severity=Severity.SERIOUS,
    )
    service.assign_owner(home.priya, held.id, home.dev, "Sam is on leave.")
    service.accept_assignment(home.dev, held.id, "I will see Jordan after school and name what happened.")
    service.plan(home.dev, held.id, "Walk to the shop together", datetime(2026, 7, 1, 15, 30, tzinfo=UTC))
    service.tick_reg35(home.priya, held.id, "record", "IR-12 written up.")
    found = {e.action: e.what for e in audit.entries(service.store, since=clock.now(), tz=LONDON)}
    assert (
        found["assigned"]
        == "gave the repair of rupture #1 to Dev Okafor (it was with Sam Kell) — Why: Sam is on leave."
    )
    assert found["accepted"] == (
        "accepted the repair of rupture #1 given to them — What they will do: "
        "I will see Jordan after school and name what happened."
    )
    assert (
        found["planned"]
        == "planned the repair of rupture #1 — Plan: Walk to the shop together · By: Wed 01 Jul 2026 16:30"
    )
    assert found["clock-ticked"] == "ticked off a reg 35 clock of rupture #1: record made — Note: IR-12 written up."
    assert "What happened: Held his arm on the stairs." in found["recorded"]


def test_an_entry_of_a_kind_the_board_does_not_know_is_listed_as_it_is(service: Service, home: Home) -> None:
    r = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.OTHER, "I forgot film night.")
    conn = service.store.db.conn
    # Written as someone with the sqlite3 tool might: the board itself never writes such a kind.
    conn.execute(
        "INSERT INTO events(rupture_id, at, actor_id, kind, payload) VALUES (?, ?, ?, 'noted', '{}')",
        (r.id, "2026-11-27T20:30:00.000000+00:00", home.sam.id),
    )
    unknown = [e for e in audit.entries(service.store) if e.action == "noted"]
    assert [e.what for e in unknown] == [f"noted on rupture #{r.id}"]
