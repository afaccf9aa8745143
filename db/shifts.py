"""Storage for shifts and handovers: on/off-shift marks, accepted handovers, and the reads the handover
summary needs (repairs made in a time window, restraints whose reg 35 clocks are still running).

Functions over a `Store`: each write is one transaction (joining `Store.batch()` when a use case has one open).
`shift_marks` and `handovers` are append-only (triggers refuse UPDATE and DELETE), and each new row is copied
into the record chain in the same transaction (db/record.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db import converters as conv
from db import record
from handover.domain.enums import EndReason, EventKind, RuptureKind, Status
from handover.domain.models import Event, Rupture
from handover.domain.reg35 import Reg35Clock
from handover.domain.shifts import HandoverRecord, ShiftMark, ShiftOccurrence

if TYPE_CHECKING:
    from db.store import Store


# -- rows <-> models (these tables only; the rest are in db/converters.py) --------------------------------


def _mark(row: dict[str, Any]) -> ShiftMark:
    return ShiftMark(
        id=row["id"],
        staff_id=row["staff_id"],
        at=conv.from_text(row["at"]),
        on_shift=bool(row["on_shift"]),
        by_id=row["by_id"],
        shift=row.get("shift"),
        shift_start=conv.from_text(row["shift_start"]) if row.get("shift_start") else None,
        shift_end=conv.from_text(row["shift_end"]) if row.get("shift_end") else None,
    )


def _handover(row: dict[str, Any]) -> HandoverRecord:
    return HandoverRecord(
        id=row["id"],
        at=conv.from_text(row["at"]),
        accepted_by=row["accepted_by"],
        shift_going_off=row["shift_going_off"],
        shift_coming_on=row["shift_coming_on"],
        summary=json.loads(row["summary"] or "{}"),
    )


# -- shift marks ------------------------------------------------------------------------------------------


def add_mark(
    store: Store,
    staff_id: int,
    at: datetime,
    on_shift: bool,
    by_id: int | None,
    occurrence: ShiftOccurrence | None = None,
) -> ShiftMark:
    """Append a mark: on (with the run of the shift they are on) or off."""
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO shift_marks(staff_id, at, on_shift, by_id, shift, shift_start, shift_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                staff_id,
                conv.to_text(at),
                int(on_shift),
                by_id,
                occurrence.shift if occurrence else None,
                conv.to_text(occurrence.start) if occurrence else None,
                conv.to_text(occurrence.end) if occurrence else None,
            ),
        )
        record.note_added(conn, "shift_marks", cur.lastrowid, at, by_id)
    return ShiftMark(
        id=cur.lastrowid,
        staff_id=staff_id,
        at=at,
        on_shift=on_shift,
        by_id=by_id,
        shift=occurrence.shift if occurrence else None,
        shift_start=occurrence.start if occurrence else None,
        shift_end=occurrence.end if occurrence else None,
    )


def latest_marks(store: Store) -> dict[int, ShiftMark]:
    """Each staff member's latest mark (the one that stands), by staff id. One index lookup per person."""
    rows = store.rows(
        "SELECT m.* FROM staff s JOIN shift_marks m "
        "ON m.id = (SELECT max(x.id) FROM shift_marks x WHERE x.staff_id = s.id) ORDER BY s.id"
    )
    return {row["staff_id"]: _mark(row) for row in rows}


def marks(store: Store, staff_id: int | None = None) -> list[ShiftMark]:
    """Every mark, oldest first (one person's, with `staff_id`)."""
    if staff_id is None:
        return [_mark(r) for r in store.rows("SELECT * FROM shift_marks ORDER BY id")]
    return [_mark(r) for r in store.rows("SELECT * FROM shift_marks WHERE staff_id = ? ORDER BY id", (staff_id,))]


# -- accepted handovers ------------------------------------------------------------------------------------


def add_handover(
    store: Store, at: datetime, accepted_by: int, going_off: str, coming_on: str, summary: dict[str, Any]
) -> HandoverRecord:
    with store.write() as conn:
        text = json.dumps(summary, sort_keys=True, ensure_ascii=False)
        cur = conn.execute(
            "INSERT INTO handovers(at, accepted_by, shift_going_off, shift_coming_on, summary) VALUES (?, ?, ?, ?, ?)",
            (conv.to_text(at), accepted_by, going_off, coming_on, text),
        )
        record.note_added(conn, "handovers", cur.lastrowid, at, accepted_by)
    assert cur.lastrowid is not None
    return HandoverRecord(
        id=cur.lastrowid,
        at=at,
        accepted_by=accepted_by,
        shift_going_off=going_off,
        shift_coming_on=coming_on,
        summary=json.loads(text),
    )


def last_handover(store: Store) -> HandoverRecord | None:
    rows = store.rows("SELECT * FROM handovers ORDER BY id DESC LIMIT 1")
    return _handover(rows[0]) if rows else None


def handovers(store: Store, limit: int = 20) -> list[HandoverRecord]:
    """The latest accepted handovers, newest first."""
    return [_handover(r) for r in store.rows("SELECT * FROM handovers ORDER BY id DESC LIMIT ?", (limit,))]


# -- reads for the handover summary -----------------------------------------------------------------------


def repairs_between(store: Store, start: datetime, end: datetime) -> list[tuple[Event, Rupture]]:
    """REPAIRED events from `start` up to and including `end`, in time order, each with its rupture as it
    stands now (it may have been reopened since)."""
    rows = store.rows(
        "SELECT * FROM events WHERE kind = ? AND at >= ? AND at <= ? ORDER BY at, id",
        (EventKind.REPAIRED.value, conv.to_text(start), conv.to_text(end)),
    )
    events = [conv.event(r) for r in rows]
    ruptures = {rid: store.rupture(rid) for rid in {e.rupture_id for e in events}}
    return [(e, ruptures[e.rupture_id]) for e in events]


#: Restraints no longer open, each with when it was last repaired or ended. The `+` before `e.kind` keeps
#: SQLite off the index of every entry by kind (`events_by_kind`), which it otherwise chose for the
#: subquery: every repair and ending in the home's history read again for each restraint, 1.35 s on five
#: years (the handover screen's every read). With it, each restraint's own entries (`events_by_rupture`).
CLOSED_RESTRAINTS = (
    "SELECT r.id, r.status, r.reg35_done, "
    "(SELECT max(e.at) FROM events e WHERE e.rupture_id = r.id AND +e.kind IN (?, ?)) AS closed_at "
    "FROM ruptures r WHERE r.kind = ? AND r.status IN (?, ?) ORDER BY r.id"
)
CLOSED_RESTRAINTS_PARAMS = (
    EventKind.REPAIRED.value,
    EventKind.ENDED.value,
    RuptureKind.RESTRAINT.value,
    Status.REPAIRED.value,
    Status.ENDED.value,
)


def closed_restraints_with_clocks(store: Store) -> list[tuple[Rupture, datetime]]:
    """Restraints no longer open whose reg 35 clocks are not all ticked, each with when it was last repaired or
    ended: the statutory clocks run on after a repair. A restraint ended as recorded in error carries none."""
    rows = store.rows(CLOSED_RESTRAINTS, CLOSED_RESTRAINTS_PARAMS)
    found = []
    for row in rows:
        done = set((row["reg35_done"] or "").split(","))
        if all(clock.value in done for clock in Reg35Clock):
            continue
        if row["status"] == Status.ENDED.value and _ended_in_error(store, row["id"]):
            continue
        rupture = store.rupture(row["id"])
        # Every repaired or ended rupture has its step; a row without one (another tool's) says when it changed.
        found.append((rupture, conv.from_text(row["closed_at"]) if row["closed_at"] else rupture.updated_at))
    return found


def _ended_in_error(store: Store, rupture_id: int) -> bool:
    rows = store.rows(
        "SELECT payload FROM events WHERE rupture_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        (rupture_id, EventKind.ENDED.value),
    )
    return bool(rows) and json.loads(rows[0]["payload"]).get("reason") == EndReason.RECORDED_IN_ERROR.value
