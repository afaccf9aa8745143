"""Storage for PINs: each staff member's PIN hash, wrong-PIN count and lock, and the audit rows of sign-in.

Columns of `staff`: pin_hash (only ever "scrypt$..." from handover.domain.pins, never a PIN), pin_failures,
pin_locked_until. Every change here is ONE transaction with its audit row ("sign-in", "sign-in-failed",
"sign-in-locked", "pin-set", "sign-in-unlocked"), so the count and the trail always agree. Setting a PIN is also
a record entry (db/record.py): the fact, who and when, never the hash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from db import audit, record
from db.converters import from_text, to_text
from db.store import Store
from handover.domain.errors import NotFound
from handover.domain.pins import after_wrong_pin, is_locked


@dataclass(frozen=True)
class PinRecord:
    """What is stored about one person's PIN."""

    staff_id: int
    pin_hash: str | None
    failures: int
    locked_until: datetime | None

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)


def pin_record(store: Store, staff_id: int) -> PinRecord:
    rows = store.rows("SELECT id, pin_hash, pin_failures, pin_locked_until FROM staff WHERE id = ?", (staff_id,))
    if not rows:
        raise NotFound(f"There is no staff member #{staff_id}.")
    return _record(rows[0])


def _record(row: dict[str, Any]) -> PinRecord:
    locked = row["pin_locked_until"]
    return PinRecord(
        staff_id=row["id"],
        pin_hash=row["pin_hash"] or None,
        failures=row["pin_failures"] or 0,
        locked_until=from_text(locked) if locked else None,
    )


def staff_with_pins(store: Store) -> set[int]:
    """The ids of everyone (leavers included) who has a PIN."""
    return {r["id"] for r in store.rows("SELECT id FROM staff WHERE pin_hash IS NOT NULL AND pin_hash != ''")}


def set_pin_hash(store: Store, staff_id: int, pin_hash: str, at: datetime, actor_id: int) -> None:
    """Store a new PIN hash (clearing any wrong-PIN count and lock) and audit who set it."""
    with store.write() as conn:
        conn.execute(
            "UPDATE staff SET pin_hash = ?, pin_failures = 0, pin_locked_until = NULL WHERE id = ?",
            (pin_hash, staff_id),
        )
        own = staff_id == actor_id
        record.note_pin_set(conn, staff_id, at, actor_id)
        audit.record(conn, at, actor_id, "pin-set", detail={"staff_id": staff_id, "own": own})


def signed_in(store: Store, staff_id: int, at: datetime, detail: dict[str, Any]) -> None:
    """A right PIN (or a person with no PIN yet): clear the wrong-PIN count and audit the sign-in."""
    with store.write() as conn:
        _signed_in(conn, staff_id, at, detail)


class Outcome(Enum):
    """What one sign-in attempt came to (`attempt`)."""

    SIGNED_IN = "signed in"
    WRONG = "wrong PIN"
    LOCKED = "locked"
    NO_PIN = "no PIN"


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt's outcome, and the PIN record as it stood after it."""

    outcome: Outcome
    record: PinRecord
    checked: bool
    """Whether the PIN was compared with the hash (never while locked, never without a PIN)."""


def attempt(
    store: Store, staff_id: int, at: datetime, detail: dict[str, Any], matches: Callable[[str], bool]
) -> Attempt:
    """Check one PIN and count the result, serialised per database: ONE immediate write transaction (BEGIN
    IMMEDIATE) takes the write lock before the record is read, holds it while `matches(pin_hash)` compares the
    PIN, and commits the count and its audit row. However many processes try at once, each reads the count
    the one before it left, so at most MAX_FAILURES guesses are ever compared before the lock, and none while
    it holds (refused unchecked, audited). A right PIN clears the count and is the only "sign-in" row."""
    with store.write() as conn:
        row = conn.execute(
            "SELECT pin_hash, pin_failures, pin_locked_until FROM staff WHERE id = ?", (staff_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no staff member #{staff_id}.")
        record = PinRecord(staff_id, row[0] or None, row[1] or 0, from_text(row[2]) if row[2] else None)
        if record.pin_hash is None:
            return Attempt(Outcome.NO_PIN, record, checked=False)
        if record.locked_until is not None and is_locked(record.locked_until, at):
            until = to_text(record.locked_until)
            audit.record(conn, at, staff_id, "sign-in-failed", detail={**detail, "locked_until": until})
            return Attempt(Outcome.LOCKED, record, checked=False)
        if matches(record.pin_hash):
            _signed_in(conn, staff_id, at, detail)
            return Attempt(Outcome.SIGNED_IN, PinRecord(staff_id, record.pin_hash, 0, None), checked=True)
        after = _count_wrong(conn, staff_id, at, detail)
        return Attempt(Outcome.LOCKED if after.locked_until else Outcome.WRONG, after, checked=True)


def _signed_in(conn: sqlite3.Connection, staff_id: int, at: datetime, detail: dict[str, Any]) -> None:
    conn.execute(
        "UPDATE staff SET pin_failures = 0, pin_locked_until = NULL "
        "WHERE id = ? AND (pin_failures != 0 OR pin_locked_until IS NOT NULL)",
        (staff_id,),
    )
    audit.record(conn, at, staff_id, "sign-in", detail=detail)


def wrong_pin(store: Store, staff_id: int, at: datetime, detail: dict[str, Any]) -> PinRecord:
    """Count one more wrong PIN, read and written in one transaction (two terminals cannot both miss a
    count). The fifth in a row locks sign-in: audited as "sign-in-failed" and then "sign-in-locked". If sign-in
    was locked meanwhile (by wrong PINs at another terminal), the lock is kept and returned as it is."""
    with store.write() as conn:
        return _count_wrong(conn, staff_id, at, detail)


def _count_wrong(conn: sqlite3.Connection, staff_id: int, at: datetime, detail: dict[str, Any]) -> PinRecord:
    """One more wrong PIN, counted inside the caller's write transaction (see `wrong_pin`)."""
    row = conn.execute(
        "SELECT pin_hash, pin_failures, pin_locked_until FROM staff WHERE id = ?", (staff_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no staff member #{staff_id}.")
    pin_hash, failures = row[0] or None, row[1] or 0
    already = from_text(row[2]) if row[2] else None
    if is_locked(already, at):
        # Another terminal's wrong PINs locked it since this attempt began: the lock stands as it is.
        assert already is not None
        audit.record(conn, at, staff_id, "sign-in-failed", detail={**detail, "locked_until": to_text(already)})
        return PinRecord(staff_id=staff_id, pin_hash=pin_hash, failures=failures, locked_until=already)
    failures, locked_until = after_wrong_pin(failures, at)
    conn.execute(
        "UPDATE staff SET pin_failures = ?, pin_locked_until = ? WHERE id = ?",
        (failures, to_text(locked_until) if locked_until else None, staff_id),
    )
    audit.record(conn, at, staff_id, "sign-in-failed", detail=detail)
    if locked_until is not None:
        audit.record(conn, at, staff_id, "sign-in-locked", detail={**detail, "until": to_text(locked_until)})
    return PinRecord(staff_id=staff_id, pin_hash=pin_hash, failures=failures, locked_until=locked_until)


def unlock(store: Store, staff_id: int, at: datetime, actor_id: int) -> None:
    """Lift a lock and clear the wrong-PIN count before the five minutes are up, and audit who did it."""
    with store.write() as conn:
        conn.execute("UPDATE staff SET pin_failures = 0, pin_locked_until = NULL WHERE id = ?", (staff_id,))
        audit.record(conn, at, actor_id, "sign-in-unlocked", detail={"staff_id": staff_id})
