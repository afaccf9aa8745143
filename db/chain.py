"""The two hash chains: each entry's hash covers its content and the previous entry's hash, so an edit or
deletion made behind the board's back (a raw SQL edit, a restored old copy) breaks the chain there.

- `events`: every step of every rupture (`event_hash`, written by `db.store.Store`).
- `record_events`: every change to the rest of the record (`record_hash`, written by `append_record`): people
  added, renamed, given a role or leaving, settings, the fact that a PIN was set (never the PIN or its hash),
  and a copy of every audit row, shift mark and accepted handover. Its first entry is the "baseline" (m006),
  which describes the record as it stood when the chain began; `db.record` says what each entry holds.

Never change the form of either hash: every existing seal would break (a new form needs a version column).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: The record chain's kinds of entry: the starting point, a row added, fields of a row changed, a PIN set.
BASELINE, ADDED, CHANGED, PIN_SET = "baseline", "added", "changed", "pin-set"

RECORD_COLS = "id, at, actor_id, kind, subject, payload, prev_hash, hash"


def event_hash(prev_hash: str | None, rupture_id: int, at: str, actor_id: int, kind: str, payload: str) -> str:
    """SHA-256 over the previous hash and the event's stored columns, in a fixed, unambiguous form."""
    import hashlib  # here: loading OpenSSL is 2-3 ms, and the board's start hashes nothing

    content = json.dumps([prev_hash or "", rupture_id, at, actor_id, kind, payload], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record_hash(prev_hash: str | None, at: str, actor_id: int | None, kind: str, subject: str, payload: str) -> str:
    """SHA-256 over the previous record entry's hash and this entry's stored columns. The leading "record" keeps
    a record entry's seal from ever equalling an event's."""
    import hashlib  # as in event_hash

    content = json.dumps(["record", prev_hash or "", at, actor_id, kind, subject, payload], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def payload_text(payload: dict[str, Any]) -> str:
    """The one stored form of a record entry's payload (sorted keys, so equal content is equal text)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False)


def append_record(
    conn: sqlite3.Connection, at: str, actor_id: int | None, kind: str, subject: str, payload: dict[str, Any]
) -> int:
    """Seal and append one record entry inside the caller's open write transaction (so the entry and the
    change it describes land together, or neither does); returns its id.

    The previous hash is read inside that transaction (BEGIN IMMEDIATE holds the write lock), so two terminals
    can never chain onto the same entry."""
    if not conn.in_transaction:
        raise RuntimeError("a record entry is written inside the transaction of the change it describes")
    last = conn.execute("SELECT hash FROM record_events ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else None
    text = payload_text(payload)
    seal = record_hash(prev, at, actor_id, kind, subject, text)
    cur = conn.execute(
        "INSERT INTO record_events(at, actor_id, kind, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at, actor_id, kind, subject, text, prev, seal),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def verify(
    rows: Iterable[tuple[Any, ...]],
    seal_of: Callable[[tuple[Any, ...]], str],
    describe: Callable[[tuple[Any, ...]], str],
    noun: str,
    *,
    from_the_start: bool,
) -> Iterator[str]:
    """Walk a chain's rows in id order (id first, prev_hash and hash last) and say each broken link in plain
    words: ids with holes ("missing"), an entry with no seal, a seal its content does not match, or (content
    intact) a link to the entry before that does not hold. One finding per entry, the most telling first.

    `noun` names the entries ("Entries", "Record entries"); `from_the_start` says the rows begin at the chain's
    first entry (the full check) rather than part-way (the start-up check's newest entries)."""
    one = noun[:-3].lower() + "y" if noun.endswith("ies") else noun[:-1].lower()
    previous: tuple[Any, ...] | None = None
    for row in rows:
        entry_id, prev_hash, seal = row[0], row[-2], row[-1]
        gap = True
        if previous is None and from_the_start and entry_id != 1:
            yield f"{noun} before #{entry_id} are missing."
        elif previous is not None and entry_id != previous[0] + 1:
            yield f"{noun} between #{previous[0]} and #{entry_id} are missing."
        else:
            gap = False
        if not seal:
            yield f"{describe(row)} was added outside the board: it has no seal."
        elif seal_of(row) != seal:
            yield f"{describe(row)} has been changed outside the board: its content no longer matches its seal."
        elif previous is not None and not gap and prev_hash != previous[-1]:
            yield (
                f"{describe(row)} does not follow on from {one} #{previous[0]}: "
                f"{noun.lower()} were removed, replaced or put in a different order outside the board."
            )
        previous = row


def event_seal(row: tuple[Any, ...]) -> str:
    """The seal an events row (id, rupture_id, at, actor_id, kind, payload, prev_hash, hash) should carry."""
    _, rupture_id, at, actor_id, kind, payload, prev_hash, _ = row
    return event_hash(prev_hash, rupture_id, at, actor_id, kind, payload)


def record_seal(row: tuple[Any, ...]) -> str:
    """The seal a record_events row (RECORD_COLS) should carry."""
    _, at, actor_id, kind, subject, payload, prev_hash, _ = row
    return record_hash(prev_hash, at, actor_id, kind, subject, payload)
