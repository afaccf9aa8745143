"""The tamper-evident check: an edit, a removal, an addition or a reordering made behind the board's back
(someone with the sqlite3 tool, dropping the triggers first) is found, and the first broken link is named
in plain words. A clean database passes, and the check never changes the file it checks."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db import integrity
from db.backup import backup
from db.chain import event_hash
from db.store import Store
from handover.clock import FrozenClock
from handover.demo import build_demo
from handover.domain.enums import RuptureKind
from handover.domain.errors import StorageError
from handover.service import Service
from tests.conftest import FROZEN_AT, Home


def behind_the_boards_back(db_path: Path, *statements: tuple[str, tuple]) -> None:
    """What someone with the sqlite3 tool could do: drop the append-only triggers, change rows, put the
    triggers back, so the database looks untouched."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'"
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for sql, params in statements:
            conn.execute(sql, params)
        for _, sql in triggers:
            conn.execute(sql)
    finally:
        conn.close()


@pytest.fixture
def history(service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    """Three ruptures with some steps: entries #1..#7. Returns the ids that matter."""
    first = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    clock.advance(timedelta(minutes=30))
    service.plan(home.sam, first.id, "Talk after tea.")  # entry 2
    second = service.record_rupture(
        home.priya, home.riley, [home.priya], RuptureKind.BROKEN_PROMISE, "I missed the match I promised."
    )  # entry 3
    clock.advance(timedelta(hours=1))
    service.mark_repaired(home.sam, first.id, "I said I shouted and I was sorry.", "He nodded.")  # entry 4
    third = service.record_rupture(home.dev, home.casey, [home.dev], RuptureKind.WITHDRAWAL, "I went quiet.")  # 5
    service.attempt(home.dev, third.id, "Casey was not ready to talk.")  # entry 6
    service.mark_repaired(home.priya, second.id, "I said sorry for missing it.")  # entry 7
    service.store.close()
    return {"first": first.id, "second": second.id, "third": third.id}


TZ = ZoneInfo("Europe/London")


def test_a_clean_demo_database_passes(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, FROZEN_AT)
    report = integrity.check(path, TZ)
    assert report.ok, report.problems
    assert report.ruptures == 150 and report.events > 150
    assert "all well" in report.summary()
    assert integrity.startup_check(path, tz=TZ).ok


def test_the_check_never_changes_the_file(db_path: Path, history: dict[str, int]) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert integrity.check(db_path, TZ).ok
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_an_edited_entry_is_named_in_plain_words(db_path: Path, history: dict[str, int]) -> None:
    payload = json.dumps({"note": "Nothing happened really.", "response": "He nodded."}, sort_keys=True)
    behind_the_boards_back(db_path, ("UPDATE events SET payload = ? WHERE id = 4", (payload,)))
    report = integrity.check(db_path, TZ)
    assert not report.ok
    assert report.problems[0] == (
        f"Entry #4 (rupture #{history['first']}, repaired by Sam Kell on 27 Nov 2026 21:30) has been changed "
        "outside the board: its content no longer matches its seal."
    )
    assert "DAMAGED" in report.summary() and "Entry #4" in report.summary()


def test_a_changed_author_or_time_breaks_the_seal_too(db_path: Path, history: dict[str, int]) -> None:
    behind_the_boards_back(db_path, ("UPDATE events SET actor_id = 2 WHERE id = 2", ()))
    report = integrity.check(db_path, TZ)
    # The entry is described as it now reads (Priya), and named by its number.
    assert report.problems[0].startswith("Entry #2 (rupture #1, repair planned by Priya Shah on 27 Nov 2026 20:30)")
    assert "no longer matches its seal" in report.problems[0]


def test_a_removed_entry_leaves_a_gap(db_path: Path, history: dict[str, int]) -> None:
    behind_the_boards_back(db_path, ("DELETE FROM events WHERE id = 4", ()))
    report = integrity.check(db_path, TZ)
    assert report.problems[0] == "Entries between #3 and #5 are missing."
    # The rupture it belonged to now has fewer entries than its version says.
    assert f"Rupture #{history['first']} should have 3 entries but has 2: entries are missing." in report.problems


def test_the_newest_entries_removed_are_caught_by_the_version(db_path: Path, history: dict[str, int]) -> None:
    behind_the_boards_back(db_path, ("DELETE FROM events WHERE id = 7", ()))
    report = integrity.check(db_path, TZ)
    assert report.problems == [
        f"Rupture #{history['second']} should have 2 entries but has 1: entries are missing.",
        f"Rupture #{history['second']}'s status, version and time of the last change were changed outside the "
        "board: status: its entries say 'open', the table says 'repaired'; version: its entries say 1, the table "
        "says 2; time of the last change: its entries say 27 Nov 2026 20:30, the table says 27 Nov 2026 21:30.",
    ]
    assert not integrity.startup_check(db_path, tz=TZ).ok


def test_reordered_entries_break_the_chain(db_path: Path, history: dict[str, int]) -> None:
    conn = sqlite3.connect(db_path)
    two, six = (conn.execute("SELECT payload FROM events WHERE id = ?", (i,)).fetchone()[0] for i in (2, 6))
    conn.close()
    behind_the_boards_back(
        db_path,
        ("UPDATE events SET payload = ? WHERE id = 2", (six,)),
        ("UPDATE events SET payload = ? WHERE id = 6", (two,)),
    )
    report = integrity.check(db_path, TZ)
    assert report.problems[0].startswith("Entry #2 ")
    assert any(p.startswith("Entry #6 ") for p in report.problems)


def test_an_entry_slipped_in_without_a_seal_is_found(db_path: Path, history: dict[str, int]) -> None:
    behind_the_boards_back(
        db_path,
        (
            "INSERT INTO events(rupture_id, at, actor_id, kind, payload) VALUES (1, ?, 3, 'planned', '{}')",
            ("2026-11-27T22:00:00.000000+00:00",),
        ),
    )
    report = integrity.check(db_path, TZ)
    assert report.problems[0] == (
        "Entry #8 (rupture #1, repair planned by Dev Okafor on 27 Nov 2026 22:00) was added outside the board: "
        "it has no seal."
    )


def test_an_edit_straight_to_a_rupture_row_is_found(db_path: Path, history: dict[str, int]) -> None:
    # The ruptures table holds current state and is updated in place, so no trigger can guard it: the
    # full check rebuilds it from the sealed entries instead.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE ruptures SET what_happened = 'Jordan was rude.' WHERE id = ?", (history["first"],))
    conn.commit()
    conn.close()
    report = integrity.check(db_path, TZ)
    assert report.problems == [
        f"Rupture #{history['first']}'s account of what happened was changed outside the board: its entries say "
        "'I raised my voice.', the table says 'Jordan was rude.'."
    ]


def test_a_resealed_rewrite_is_caught_against_an_earlier_backup(
    db_path: Path, history: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    kept = backup(db_path, folder, FROZEN_AT)
    assert integrity.check(db_path, TZ, backup_dir=folder).ok
    # A careful forger edits entry #4 and recomputes every seal after it: the chain alone looks whole...
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT id, rupture_id, at, actor_id, kind, payload FROM events ORDER BY id").fetchall()
    conn.close()
    statements: list[tuple[str, tuple[object, ...]]] = []
    previous: str | None = None
    for event_id, rupture_id, at, actor_id, kind, payload in rows:
        if event_id == 4:
            payload = json.dumps({"note": "We sorted it.", "response": ""}, sort_keys=True)
        seal = event_hash(previous, rupture_id, at, actor_id, kind, payload)
        statements.append(
            ("UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?", (payload, previous, seal, event_id))
        )
        previous = seal
    behind_the_boards_back(db_path, *statements)
    assert integrity.check(db_path, TZ).ok
    # ...but the seal the backup's anchor holds is no longer in the database.
    report = integrity.check(db_path, TZ, backup_dir=folder)
    assert report.problems == [
        f"Entry #7 is not the one the newest backup ({kept.name}) saw: the history up to it was rewritten (seals "
        "and all) outside the board."
    ]


def test_the_start_up_check_finds_an_edit_among_the_newest_entries(db_path: Path, history: dict[str, int]) -> None:
    behind_the_boards_back(db_path, ("UPDATE events SET at = '2026-11-27T23:59:00.000000+00:00' WHERE id = 6", ()))
    report = integrity.startup_check(db_path, tz=TZ)
    assert report.quick and not report.ok
    assert report.problems[0].startswith("Entry #6 (rupture #3, repair attempted by Dev Okafor")


def test_a_physically_damaged_file_is_reported(db_path: Path, history: dict[str, int]) -> None:
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over the start of every page after the first
        data[offset : offset + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    report = integrity.check(db_path, TZ)
    assert not report.ok
    assert report.problems[0].startswith(("The file itself is damaged", "The file cannot be read as a database"))


def test_not_a_database_or_not_ours(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("shopping list\n" * 100)
    assert integrity.check(text).problems[0].startswith("The file cannot be read as a database")
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    assert integrity.check(foreign).problems == ["It is not a handover database."]
    with pytest.raises(StorageError, match="There is no database at"):
        integrity.check(tmp_path / "missing.db")


def test_a_database_from_before_the_chain_passes_once_upgraded(tmp_path: Path) -> None:
    """Made by the first schema (no seals, no next step column): upgraded, it checks clean. The columns
    added later are empty for its earlier steps, which is not tampering."""
    from db.connection import connect
    from db.schema import migrations

    path = tmp_path / "old.db"
    db = connect(path, create=True)
    migrations.apply(db, stop_before="m002_handover_and_trust")
    t0, t1 = "2026-11-27T20:00:00.000000+00:00", "2026-11-27T20:30:00.000000+00:00"
    db.execute("INSERT INTO settings VALUES ('home_name', 'Old Home')")
    db.execute("INSERT INTO young_people(name, created_at) VALUES ('Alex Rowe', ?)", (t0,))
    db.execute("INSERT INTO staff(name, role, created_at) VALUES ('Jamie Fox', 'staff', ?)", (t0,))
    db.execute(
        "INSERT INTO ruptures(young_person_id, occurred_at, recorded_at, recorded_by, kind, severity, what_happened,"
        " owner_id, status, version, updated_at, updated_by)"
        " VALUES (1, ?, ?, 1, 'withdrawal', 'minor', 'I went quiet', 1, 'planned', 2, ?, 1)",
        (t0, t0, t1),
    )
    db.execute("INSERT INTO rupture_adults VALUES (1, 1)")
    recorded = {
        "young_person_id": 1,
        "adult_ids": [1],
        "occurred_at": "2026-11-27T20:00:00Z",
        "kind": "withdrawal",
        "severity": "minor",
        "what_happened": "I went quiet",
        "incident_ref": None,
        "owner_id": 1,
    }
    planned = {"plan": "Talk after school", "by_when": None}
    for at, kind, payload in ((t0, "recorded", recorded), (t1, "planned", planned)):
        db.execute(
            "INSERT INTO events(rupture_id, at, actor_id, kind, payload) VALUES (1, ?, 1, ?, ?)",
            (at, kind, json.dumps(payload, sort_keys=True)),
        )
    db.close()
    Store.open(path).close()  # upgrades: chains the entries, adds the empty columns
    report = integrity.check(path, TZ)
    assert report.ok, report.problems
    # A wrong value put into one of those columns is still found.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE ruptures SET next_step = 'Nothing to do' WHERE id = 1")
    conn.commit()
    conn.close()
    assert integrity.check(path, TZ).problems == [
        "Rupture #1's next step was changed outside the board: its entries say 'Talk after school', the "
        "table says 'Nothing to do'."
    ]
