"""The record chain's content: which tables it covers, the entries the store writes for each change, and the
replay that rebuilds those tables from the entries so the check can compare them with what the tables hold.

Two sorts of table are covered:
- **kept up to date** (`young_people`, `staff`, `settings`): changed in place, so every change is an entry:
  "added" (the whole row), "changed" (`{field: [old, new]}`), "pin-set" (the fact only: a PIN hash, even a
  fingerprint of one, never enters the chain, which exports carry). A staff row's `pin` is whether it has one.
- **append-only** (`audit`, `shift_marks`, `handovers`): each new row is copied whole into an "added" entry.

The first entry, "baseline" (migration m006), holds the kept-up-to-date tables as they stood, a fingerprint
(`rows_digest`) of the append-only rows written before it, and a random id that names this database.

A subject names a row: "young_people:3", "staff:2", "settings:home_name", "audit:17". Everything here runs on an
sqlite3 connection; writes run inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from db import chain
from db.converters import to_text

#: The columns the chain follows, per table. `pin` is not a column: whether `pin_hash` is set.
KEPT: dict[str, tuple[str, ...]] = {
    "young_people": ("name", "arrived_at", "active", "created_at"),
    "staff": ("name", "role", "active", "created_at", "pin"),
    "settings": ("value",),
}
APPENDED: dict[str, tuple[str, ...]] = {
    "audit": ("at", "actor_id", "action", "young_person_id", "detail"),
    "shift_marks": ("staff_id", "at", "on_shift", "by_id", "shift", "shift_start", "shift_end"),
    "handovers": ("at", "accepted_by", "shift_going_off", "shift_coming_on", "summary"),
}
TABLES = {**KEPT, **APPENDED}

Row = dict[str, Any]


def subject(table: str, key: object) -> str:
    return f"{table}:{key}"


def split_subject(text: str) -> tuple[str, str]:
    table, _, key = text.partition(":")
    return table, key


def _select(table: str) -> str:
    if table == "settings":
        return "SELECT key, value FROM settings"
    cols = ", ".join("(pin_hash IS NOT NULL AND pin_hash != '') AS pin" if c == "pin" else c for c in TABLES[table])
    return f"SELECT id, {cols} FROM {table}"


def _as_row(table: str, values: tuple[Any, ...]) -> Row:
    row = dict(zip(TABLES[table], values[1:], strict=True))
    if "pin" in row:
        row["pin"] = bool(row["pin"])
    return row


def current_row(conn: sqlite3.Connection, table: str, key: object) -> Row | None:
    """One row's followed columns as the table holds them now (None if there is no such row)."""
    where = " WHERE key = ?" if table == "settings" else " WHERE id = ?"
    found = conn.execute(_select(table) + where, (key,)).fetchone()
    return _as_row(table, found) if found else None


def current_rows(conn: sqlite3.Connection, table: str, ids: Iterable[int] | None = None) -> dict[str, Row]:
    """Every row (or the rows with `ids`) by key as text, as the table holds them now."""
    if ids is None:
        found = conn.execute(_select(table)).fetchall()
    else:
        wanted = sorted(set(ids))
        found = []
        for start in range(0, len(wanted), 500):  # well under SQLite's limit on bound parameters
            part = wanted[start : start + 500]
            found += conn.execute(_select(table) + f" WHERE id IN ({','.join('?' * len(part))})", part).fetchall()
    return {str(r[0]): _as_row(table, r) for r in found}


# -- writing entries (inside the caller's transaction) -------------------------------------------------------
def when(at: datetime | None) -> str:
    """An entry's time as stored. The store's callers pass the clock's now; a caller that has none (an older
    use case) gets the system's, which only dates the entry and decides nothing."""
    return to_text(at or datetime.now(UTC))


def note_added(conn: sqlite3.Connection, table: str, key: object, at: datetime | None, actor_id: int | None) -> None:
    """The row `key` of `table` was just written: copy it, as stored, into an "added" entry."""
    row = current_row(conn, table, key)
    assert row is not None, f"{table} {key} was not written"
    chain.append_record(conn, when(at), actor_id, chain.ADDED, subject(table, key), row)


def note_changed(
    conn: sqlite3.Connection, table: str, key: object, before: Row | None, at: datetime | None, actor_id: int | None
) -> None:
    """Fields of row `key` were just changed from `before` (read in the same transaction): a "changed" entry
    with each changed field's old and new value (none when nothing changed; "added" when there was no row)."""
    if before is None:
        if current_row(conn, table, key) is not None:  # a new row (a setting set for the first time)
            note_added(conn, table, key, at, actor_id)
        return
    after = current_row(conn, table, key)
    assert after is not None, f"{table} {key} is gone"
    diff = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if diff:
        chain.append_record(conn, when(at), actor_id, chain.CHANGED, subject(table, key), diff)


def note_pin_set(conn: sqlite3.Connection, staff_id: int, at: datetime, actor_id: int) -> None:
    """A PIN was set or changed: the fact, who did it and when. Never the PIN, its hash or anything made from it."""
    chain.append_record(conn, when(at), actor_id, chain.PIN_SET, subject("staff", staff_id), {})


def rows_digest(conn: sqlite3.Connection, table: str, through: int) -> str:
    """A fingerprint of the append-only rows #1..`through` of `table`, as stored, in id order."""
    import hashlib  # here: loading OpenSSL is 2-3 ms, and the board's start hashes nothing

    digest = hashlib.sha256()
    for row in conn.execute(_select(table) + " WHERE id <= ? ORDER BY id", (through,)):
        digest.update(json.dumps(list(row), ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def write_baseline(conn: sqlite3.Connection, at: datetime) -> None:
    """The chain's first entry: the kept-up-to-date tables as they stand, a fingerprint of each append-only
    table's rows so far, and a random id naming this database (so a copy is known for a copy of it)."""
    payload: dict[str, Any] = {"database": uuid.uuid4().hex}
    for table in KEPT:
        payload[table] = current_rows(conn, table)
    for table in APPENDED:
        through = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        payload[table] = {"through": through, "rows": count, "digest": rows_digest(conn, table, through)}
    chain.append_record(conn, when(at), None, chain.BASELINE, "record", payload)


# -- replay --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sealed:
    """What the baseline says of an append-only table's rows written before the chain began."""

    through: int
    rows: int
    digest: str


@dataclass(frozen=True)
class Entry:
    """One record entry as stored (payload parsed)."""

    id: int
    at: str
    actor_id: int | None
    kind: str
    subject: str
    payload: dict[str, Any]


@dataclass
class Replayed:
    """The tables as the record's entries rebuild them."""

    database: str | None = None
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: {t: {} for t in TABLES})
    """By table, by key as text: each row's followed columns."""
    sealed: dict[str, Sealed] = field(default_factory=dict)
    entry_of: dict[tuple[str, str], Entry] = field(default_factory=dict)
    """The entry that last touched each (table, key): names it in a report."""
    problems: list[str] = field(default_factory=list)
    """Entries the replay could not follow (the record itself is not as the board writes it)."""


def entry(row: tuple[Any, ...]) -> Entry:
    """An Entry from a row of RECORD_COLS (its first six columns)."""
    entry_id, at, actor_id, kind, subject_text, payload = row[:6]
    try:
        data = json.loads(payload)
    except (TypeError, ValueError):
        data = None
    return Entry(entry_id, at, actor_id, kind, subject_text, data if isinstance(data, dict) else {"?": payload})


def replay(entries: Iterable[Entry], replayed: Replayed | None = None) -> Replayed:
    """Rebuild the covered tables from `entries`, oldest first, by the rules the store writes them with."""
    state = replayed or Replayed()
    for e in entries:
        try:
            _apply(state, e)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            state.problems.append(f"Record entry #{e.id} cannot be followed ({type(exc).__name__}: {exc}).")
    return state


def _apply(state: Replayed, e: Entry) -> None:
    if e.kind == chain.BASELINE:
        if state.database is not None:
            raise ValueError("a second starting point")
        state.database = str(e.payload["database"])
        for table in KEPT:
            state.rows[table] = {str(k): dict(v) for k, v in e.payload[table].items()}
            for key in state.rows[table]:
                state.entry_of[(table, key)] = e
        for table in APPENDED:
            sealed = e.payload[table]
            state.sealed[table] = Sealed(int(sealed["through"]), int(sealed["rows"]), str(sealed["digest"]))
        return
    table, key = split_subject(e.subject)
    if table not in TABLES:
        raise ValueError(f"an entry about '{e.subject}', which the board never writes")
    rows = state.rows[table]
    if e.kind == chain.ADDED:
        rows[key] = {name: e.payload[name] for name in TABLES[table]}
    elif e.kind == chain.CHANGED:
        row = rows[key]
        for name, (_old, new) in e.payload.items():
            if name not in row:
                raise KeyError(name)
            row[name] = new
    elif e.kind == chain.PIN_SET:
        rows[key]["pin"] = True
    else:
        raise ValueError(f"a kind of entry ('{e.kind}') the board never writes")
    state.entry_of[(table, key)] = e


def kept_entries_sql() -> tuple[str, tuple[str, ...]]:
    """The query for the baseline and every entry about a kept-up-to-date table, oldest first: what the start-up
    check replays (a few hundred entries in a home's lifetime). One part per table, each read through the
    subject index, so the audit's many entries are never scanned."""
    cols = chain.RECORD_COLS
    # ':' is followed by ';' in ASCII, so [table + ':', table + ';') is exactly the table's subjects.
    parts = [f"SELECT {cols} FROM record_events WHERE id = 1"]
    parts += [f"SELECT {cols} FROM record_events WHERE subject >= ? AND subject < ?" for _ in KEPT]
    params = tuple(p for t in KEPT for p in (f"{t}:", f"{t};"))
    return " UNION ALL ".join(parts) + " ORDER BY id", params
