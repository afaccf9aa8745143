"""Tamper evidence over the whole record: each edit someone could make with the sqlite3 tool on the real file
(dropping the append-only triggers first, putting them back after) is caught by the full check, naming what
was altered in plain words, AND by the board's start-up check, which costs the same however long the home has
kept records. A home nobody tampered with passes both.

The home is built through the service, like the board builds it; the tampering is raw SQL on the closed file.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db import integrity
from db.anchor import state_file
from db.chain import record_hash
from db.record import kept_entries_sql
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.domain.errors import HandoverError
from handover.service import Service
from tests.conftest import Home

TZ = ZoneInfo("Europe/London")
PINS = {"Morgan Blake": "86420", "Priya Shah": "40917"}


def raw(db_path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """What someone with the sqlite3 tool could do: drop every trigger, change rows, put the triggers back,
    so the file looks untouched."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for sql, params in statements:
            conn.execute(sql, params)
        for _, sql in triggers:
            conn.execute(sql)
    finally:
        conn.close()


def value(db_path: Path, sql: str, params: tuple[object, ...] = ()) -> object:
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """This PC's state folder, where its anchors live."""
    return tmp_path / "state"


@pytest.fixture
def kept(service: Service, home: Home, clock: FrozenClock, state: Path) -> dict[str, int]:
    """Larch House after an evening: PINs set, sign-ins (one wrong PIN), the shift pattern changed, people on
    shift, ruptures recorded, planned and repaired; then checked once (so this PC's anchor is written) and the
    store closed. Returns the ruptures' ids."""
    sv, h = service, home
    sv.set_pin(h.morgan, h.morgan, PINS["Morgan Blake"])
    sv.set_pin(h.morgan, h.priya, PINS["Priya Shah"])
    sv.sign_in(h.priya, PINS["Priya Shah"])
    with pytest.raises(HandoverError):
        sv.sign_in(h.morgan, "00000")
    sv.sign_in(h.morgan, PINS["Morgan Blake"])
    sv.set_shift_pattern(h.morgan, "sleep-in")
    sv.mark_on_shift(h.priya, h.sam, True)
    first = sv.record_rupture(h.sam, h.jordan, [h.sam], RuptureKind.HARSH_TONE, "I raised my voice at tea.")
    clock.advance(timedelta(minutes=20))
    sv.plan(h.sam, first.id, "Talk after tea.")
    second = sv.record_rupture(h.dev, h.riley, [h.dev], RuptureKind.WITHDRAWAL, "I went quiet after the match.")
    clock.advance(timedelta(minutes=40))
    sv.mark_repaired(h.dev, second.id, "I said I went quiet and that it was mine to fix.", "He shrugged, then smiled.")
    third = sv.record_rupture(h.priya, h.casey, [h.priya], RuptureKind.BROKEN_PROMISE, "I missed film night.")
    sv.store.close()
    report = integrity.check(sv.store.path, TZ, anchor_dir=state)
    assert report.ok, report.problems
    return {"first": first.id, "second": second.id, "third": third.id}


def caught(db_path: Path, state: Path, expected: str) -> None:
    """`expected` is among what the full check reports, and the start-up check reports it too."""
    full = integrity.check(db_path, TZ, anchor_dir=state)
    assert expected in full.problems, full.problems
    quick = integrity.startup_check(db_path, state, TZ)
    assert quick.quick and expected in quick.problems, quick.problems
    # A check that fails never moves this PC's anchor on to what the altered file holds.
    assert integrity.check(db_path, TZ, anchor_dir=state).problems == full.problems


def test_a_home_nobody_touched_passes_both_checks(db_path: Path, kept: dict[str, int], state: Path) -> None:
    full = integrity.check(db_path, TZ, anchor_dir=state)
    assert full.ok and full.records > 10 and "all well" in full.summary()
    assert integrity.startup_check(db_path, state, TZ).ok
    assert state_file(state, db_path).is_file()


def test_a_rupture_s_status_changed_in_its_row(db_path: Path, kept: dict[str, int], state: Path) -> None:
    raw(db_path, ("UPDATE ruptures SET status = 'repaired' WHERE id = ?", (kept["first"],)))
    caught(
        db_path,
        state,
        f"Rupture #{kept['first']}'s status was changed outside the board: its entries say 'planned', the table "
        "says 'repaired'.",
    )


def test_two_young_people_s_names_swapped(db_path: Path, kept: dict[str, int], home: Home, state: Path) -> None:
    raw(
        db_path,
        ("UPDATE young_people SET name = 'Riley Tanaka' WHERE id = ?", (home.jordan.id,)),
        ("UPDATE young_people SET name = 'Jordan Mills' WHERE id = ?", (home.riley.id,)),
    )
    caught(
        db_path,
        state,
        f"Young person #{home.jordan.id}'s name was changed outside the board: the record says 'Jordan Mills', "
        "the table says 'Riley Tanaka'.",
    )
    caught(
        db_path,
        state,
        f"Young person #{home.riley.id}'s name was changed outside the board: the record says 'Riley Tanaka', "
        "the table says 'Jordan Mills'.",
    )


def test_a_staff_role_changed(db_path: Path, kept: dict[str, int], home: Home, state: Path) -> None:
    raw(db_path, ("UPDATE staff SET role = 'manager' WHERE id = ?", (home.sam.id,)))
    caught(
        db_path,
        state,
        f"Staff member #{home.sam.id} (Sam Kell)'s role was changed outside the board: the record says 'staff', "
        "the table says 'manager'.",
    )


def test_audit_rows_deleted(db_path: Path, kept: dict[str, int], state: Path) -> None:
    """The wrong PIN and the sign-in after it, removed: as if Morgan had typed the right PIN first time."""
    failed = int(value(db_path, "SELECT id FROM audit WHERE action = 'sign-in-failed'"))  # type: ignore[call-overload]
    raw(db_path, ("DELETE FROM audit WHERE id IN (?, ?)", (failed, failed + 1)))
    caught(
        db_path,
        state,
        f"Audit entries #{failed} and #{failed + 1} were removed outside the board (the first: 'sign-in-failed' by "
        "Morgan Blake on 27 Nov 2026 20:00).",
    )


def test_a_setting_edited(db_path: Path, kept: dict[str, int], state: Path) -> None:
    raw(db_path, ("UPDATE settings SET value = '480' WHERE key = 'overdue_hours'", ()))
    caught(
        db_path,
        state,
        "The setting 'overdue_hours' was changed outside the board: the record says '48', the table says '480'.",
    )


def test_the_newest_rupture_and_its_events_removed(db_path: Path, kept: dict[str, int], state: Path) -> None:
    newest = kept["third"]
    last_event = int(value(db_path, "SELECT max(id) FROM events"))  # type: ignore[call-overload]
    raw(
        db_path,
        ("DELETE FROM events WHERE rupture_id = ?", (newest,)),
        ("DELETE FROM rupture_adults WHERE rupture_id = ?", (newest,)),
        ("DELETE FROM ruptures WHERE id = ?", (newest,)),
    )
    # Nothing in the file itself shows it: the chain is whole, every other rupture matches its entries...
    assert integrity.check(db_path, TZ).ok
    # ...but this PC's anchor holds the entry that went, and the rupture that was open.
    caught(
        db_path,
        state,
        f"The newest entries this PC saw are missing: entry #{last_event} was there, but the file's newest entry "
        f"is #{last_event - 1}. They were removed outside the board, lost in a power cut straight after they were "
        "written, or an older copy was put in place of the database by hand.",
    )
    assert (
        f"Rupture #{newest} was removed outside the board, with all its entries: it was open when this PC last "
        "checked the record." in integrity.startup_check(db_path, state, TZ).problems
    )


def test_a_pin_planted_outside_the_board(db_path: Path, kept: dict[str, int], home: Home, state: Path) -> None:
    """Someone copies their own PIN's hash onto Sam's row, to sign in as Sam."""
    planted = value(db_path, "SELECT pin_hash FROM staff WHERE id = ?", (home.priya.id,))
    raw(db_path, ("UPDATE staff SET pin_hash = ? WHERE id = ?", (planted, home.sam.id)))
    caught(
        db_path,
        state,
        f"Staff member #{home.sam.id} (Sam Kell)'s PIN was changed outside the board: the record says no PIN, the "
        "table says a PIN.",
    )


def test_a_person_added_outside_the_board(db_path: Path, kept: dict[str, int], state: Path) -> None:
    raw(db_path, ("INSERT INTO staff(name, role, created_at) VALUES ('Alex Hart', 'manager', '2026-11-27')", ()))
    caught(db_path, state, "Staff member #5 (Alex Hart) was added outside the board: the record has no such person.")


def test_the_record_changed_to_match_the_table_breaks_its_seal(
    db_path: Path, kept: dict[str, int], home: Home, state: Path
) -> None:
    """A careful forger changes the role in the table AND in the record entry that added Sam."""
    entry_id, payload = (
        value(
            db_path, f"SELECT {col} FROM record_events WHERE subject = ? AND kind = 'added'", (f"staff:{home.sam.id}",)
        )
        for col in ("id", "payload")
    )
    forged = str(payload).replace('"role": "staff"', '"role": "manager"')
    raw(
        db_path,
        ("UPDATE staff SET role = 'manager' WHERE id = ?", (home.sam.id,)),
        ("UPDATE record_events SET payload = ? WHERE id = ?", (forged, entry_id)),
    )
    caught(
        db_path,
        state,
        f"Record entry #{entry_id} (staff member #{home.sam.id} added on 27 Nov 2026 20:00) has been changed "
        "outside the board: its content no longer matches its seal.",
    )


def test_a_history_resealed_from_the_start_is_not_this_pc_s(db_path: Path, kept: dict[str, int], state: Path) -> None:
    """Every record entry rewritten with fresh seals from the first on: the file checks clean by itself, but it
    is not the database this PC saw, and the check says so (and how to tell it a new home is meant)."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT id, at, actor_id, kind, subject, payload FROM record_events ORDER BY id").fetchall()
    conn.close()
    statements: list[tuple[str, tuple[object, ...]]] = []
    previous: str | None = None
    for entry_id, at, actor_id, kind, subject, payload in rows:
        at = at.replace("2026", "2025") if entry_id == 1 else at
        seal = record_hash(previous, at, actor_id, kind, subject, payload)
        statements.append(
            ("UPDATE record_events SET at = ?, prev_hash = ?, hash = ? WHERE id = ?", (at, previous, seal, entry_id))
        )
        previous = seal
    raw(db_path, *statements)
    assert integrity.check(db_path, TZ).ok
    report = integrity.check(db_path, TZ, anchor_dir=state)
    assert report.problems[0].startswith(
        "This is not the database this PC saw: its record begins differently. Either the file was replaced, or its "
        "history was rewritten from the start. (If a new home was set up at this path on purpose, delete "
    )
    assert not integrity.startup_check(db_path, state, TZ).ok


def test_the_start_up_check_costs_the_same_however_long_the_history(
    service: Service, home: Home, clock: FrozenClock, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few hundred entries over many ruptures, most repaired long ago: the full check walks them all, the
    start-up check only the newest QUICK_TAIL of each chain and the ruptures still open or just touched. An
    untampered home passes both; an old open rupture's status changed is still caught at start-up (it was open
    when this PC last checked), though its entries are far outside the newest ones."""
    monkeypatch.setattr(integrity, "QUICK_TAIL", 40)
    sv, h = service, home
    old_open = sv.record_rupture(h.sam, h.jordan, [h.sam], RuptureKind.HARSH_TONE, "I snapped at him.")
    for n in range(100):
        clock.advance(timedelta(minutes=10))
        r = sv.record_rupture(h.dev, h.riley, [h.dev], RuptureKind.OTHER, f"I was short with him ({n}).")
        sv.plan(h.dev, r.id, "Say sorry at breakfast.")
        sv.mark_repaired(h.dev, r.id, "I said sorry for being short.")
    sv.store.close()
    path = sv.store.path
    assert value(path, "SELECT count(*) FROM events") == 301
    full = integrity.check(path, TZ, anchor_dir=state)
    assert full.ok and (full.events, full.ruptures) == (301, 101)
    quick = integrity.startup_check(path, state, TZ)
    assert quick.ok
    assert quick.events == 41 and quick.records <= 41
    assert quick.ruptures <= 1 + 15  # the open one, and those the newest 40 entries belong to
    raw(path, ("UPDATE ruptures SET status = 'ended' WHERE id = ?", (old_open.id,)))
    assert (
        f"Rupture #{old_open.id}'s status was changed outside the board: its entries say 'open', the table says "
        "'ended'." in integrity.startup_check(path, state, TZ).problems
    )


def test_nonsense_slipped_into_the_record_is_reported_never_a_crash(
    db_path: Path, kept: dict[str, int], state: Path
) -> None:
    """Entries no board writes (a payload that is not JSON, a kind or a table it does not know, a row that is
    not a number), each sealed properly so only their content is wrong: both checks report, neither breaks."""
    last = value(db_path, "SELECT hash FROM record_events ORDER BY id DESC LIMIT 1")
    statements = []
    for kind, subject, payload in (
        ("added", "audit:abc", "{not json"),
        ("renamed", "staff:1", '{"name": "Zed"}'),
        ("added", "recipes:1", "{}"),
        ("changed", "staff:99", '{"name": ["A", "B"]}'),
    ):
        at = "2026-11-27T22:00:00.000000+00:00"
        seal = record_hash(str(last), at, None, kind, subject, payload)
        statements.append(
            (
                "INSERT INTO record_events(at, actor_id, kind, subject, payload, prev_hash, hash) "
                "VALUES (?, NULL, ?, ?, ?, ?, ?)",
                (at, kind, subject, payload, last, seal),
            )
        )
        last = seal
    raw(db_path, *statements)
    for report in (integrity.check(db_path, TZ, anchor_dir=state), integrity.startup_check(db_path, state, TZ)):
        assert not report.ok
        assert any("cannot be followed" in p for p in report.problems), report.problems


def test_the_start_up_check_never_scans_the_record_chain(db_path: Path, kept: dict[str, int]) -> None:
    """People and settings are replayed from their own entries, read through the subject index: the audit's
    entries (tens of thousands over the years, one per sign-in) are never read at start-up."""
    sql, params = kept_entries_sql()
    conn = sqlite3.connect(db_path)
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    conn.close()
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert sum("USING INDEX record_events_by_subject" in step for step in plan) == 3


def test_a_database_from_before_the_record_chain_is_chained_from_its_baseline(tmp_path: Path, state: Path) -> None:
    """Opened by this version, an older home gets its baseline (people, settings, a fingerprint of its audit):
    an edit made after that to a person, or to an audit row written before the chain began, is caught."""
    from db.connection import connect
    from db.schema import migrations

    path = tmp_path / "older.db"
    db = connect(path, create=True)
    migrations.apply(db, stop_before="m006_record_chain")
    t0 = "2026-11-20T09:00:00.000000+00:00"
    db.execute("INSERT INTO settings VALUES ('home_name', 'Old Home'), ('timezone', 'Europe/London')")
    db.execute("INSERT INTO young_people(name, created_at) VALUES ('Alex Rowe', ?)", (t0,))
    db.execute("INSERT INTO staff(name, role, created_at) VALUES ('Jamie Fox', 'manager', ?)", (t0,))
    db.execute("INSERT INTO audit(at, actor_id, action, detail) VALUES (?, 1, 'sign-in', '{}')", (t0,))
    db.execute("INSERT INTO audit(at, actor_id, action, detail) VALUES (?, 1, 'export', '{}')", (t0,))
    db.close()
    Store.open(path).close()  # m006: the record chain and its baseline
    assert value(path, "SELECT kind FROM record_events WHERE id = 1") == "baseline"
    assert integrity.check(path, TZ, anchor_dir=state).ok
    raw(path, ("UPDATE young_people SET name = 'Sam Rowe' WHERE id = 1", ()), ("DELETE FROM audit WHERE id = 1", ()))
    problems = integrity.check(path, TZ, anchor_dir=state).problems
    assert problems == [
        "Young person #1's name was changed outside the board: the record says 'Alex Rowe', the table says 'Sam Rowe'.",
        "Audit entries made before the record chain began (#1 to #2) were changed or removed outside the board: "
        "they no longer match the fingerprint taken then (1 of 2 are there).",
    ]
    # The start-up check replays people in full; audit rows from before the chain are the full check's.
    assert integrity.startup_check(path, state, TZ).problems == problems[:1]


def test_changes_made_through_the_board_are_followed(
    service: Service, home: Home, clock: FrozenClock, state: Path
) -> None:
    """Leaving, settings changed, PINs set, shift marks and handovers: the replay follows every change the
    board makes, so none of them is taken for tampering."""
    sv, h = service, home
    sv.set_pin(h.morgan, h.morgan, PINS["Morgan Blake"])
    sv.mark_left(h.casey, actor=h.morgan)
    sv.mark_left(h.dev, actor=h.morgan)
    sv.set_shift_pattern(h.morgan, "sleep-in")
    sv.set_shift_pattern(h.morgan, "default")
    sv.mark_on_shift(h.morgan, h.priya, True)
    sv.mark_on_shift(h.morgan, h.priya, False)
    clock.set(datetime(2026, 11, 28, 8, 0, tzinfo=UTC))
    sv.store.close()
    assert integrity.check(sv.store.path, TZ, anchor_dir=state).ok
    assert integrity.startup_check(sv.store.path, state, TZ).ok
    kinds = [
        r[0]
        for r in sqlite3.connect(sv.store.path).execute(
            "SELECT kind || ' ' || subject FROM record_events WHERE subject NOT LIKE 'audit:%' ORDER BY id"
        )
    ]
    assert f"pin-set staff:{h.morgan.id}" in kinds
    assert f"changed young_people:{h.casey.id}" in kinds and f"changed staff:{h.dev.id}" in kinds
    assert "added settings:shift_pattern" in kinds and "changed settings:shift_pattern" in kinds
    # Each entry says who made the change, and when, by the board's clock.
    left = sqlite3.connect(sv.store.path).execute(
        "SELECT actor_id, at FROM record_events WHERE subject = ? AND kind = 'changed'", (f"young_people:{h.casey.id}",)
    )
    assert left.fetchone() == (h.morgan.id, "2026-11-27T20:00:00.000000+00:00")
