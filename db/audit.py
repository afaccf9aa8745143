"""Who did what, and when: the audit trail.

Two tables answer that question. Every change to a rupture is already an event (author, time, what), so
events are not copied into `audit`; the `audit` table holds only what is not an event: sign-ins, failed
PINs, backups, restores, exports. `entries` merges the two into one list, oldest first. Both tables are
append-only (triggers refuse UPDATE and DELETE), and every audit row is copied into the record chain in the
same transaction (db/record.py), so a row removed or edited behind the board's back is found by the check.

A rupture's entries are worded by the one describer (`handover.domain.describe`), notes and all, so the
audit says what the timeline and the exports say; this module words only the audit table's own actions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from db import record as record_chain
from db.converters import from_text, to_text
from db.store import Store
from handover.domain.enums import EventKind
from handover.domain.models import Event

if TYPE_CHECKING:
    from handover.domain.describe import Description

_EVENT_KINDS = frozenset(kind.value for kind in EventKind)


@dataclass(frozen=True)
class AuditEntry:
    """One thing someone did: from the audit table (source "audit") or a rupture's event (source "event")."""

    source: str
    ref: int
    """The row's id in its own table (audit.id or events.id)."""
    at: datetime
    actor_id: int | None
    actor: str | None
    action: str
    """The audit action ("export", "restore", "backup", "sign-in"...) or the event kind ("repaired"...)."""
    young_person_id: int | None
    young_person: str | None
    rupture_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None
    """The staff member the action was about, when the detail names one (whose PIN was set or unlocked)."""
    description: Description | None = None
    """A rupture's entry in the describer's words, with every note given with it (None for an audit row)."""

    @property
    def what(self) -> str:
        """The action in plain words, on one line; for a rupture's entry, with every note given with it."""
        if self.description is not None:
            return self.description.in_one_line()
        if self.source == "event":  # a kind of entry the board does not know (written outside it): as it is
            return f"{self.action} on rupture #{self.rupture_id}"
        return _audit_what(self.action, self.detail, self.subject)


def _audit_what(action: str, d: dict[str, Any], subject: str | None = None) -> str:
    via = {"board": " (at the board)", "cli": " (on the command line)"}.get(str(d.get("via")), "")
    simple = {
        "sign-in": "signed in" + (" (no PIN set yet)" if d.get("pin") == "not set" else "") + via,
        "sign-in-failed": ("tried to sign in while locked out" if d.get("locked_until") else "typed a wrong PIN") + via,
        "sign-in-locked": "was locked out of signing in after too many wrong PINs",
        "sign-in-unlocked": f"unlocked the sign-in of {subject or 'a staff member'}",
        "pin-set": "changed their own PIN" if d.get("own") else f"set the PIN of {subject or 'a staff member'}",
        "shift-pattern": f"changed the home's shift pattern to {d.get('new', '?')}",
        "accept-handover": f"accepted the handover ({d.get('going_off', '?')} to {d.get('coming_on', '?')})",
    }
    if action in simple:
        return simple[action]
    if action == "backup":
        what = "made a backup" + (" (automatic, daily)" if d.get("automatic") else "")
        return what + (f": {d['file']}" if d.get("file") else "")
    if action == "restore":
        return f"restored the database from {d.get('from', 'a backup')}; the one before was kept at {d.get('kept_at')}"
    if action == "export":
        what = "exported the whole record" if d.get("all") else "exported this young person's record"
        return what + f" ({d.get('format', '?')}) to {d.get('file', '?')}"
    # Actions written by other parts of the board (sign-ins, PINs): their name and details as they are.
    extra = ", ".join(f"{k}: {v}" for k, v in sorted(d.items()))
    return action.replace("-", " ") + (f" ({extra})" if extra else "")


def record(
    target: Store | sqlite3.Connection,
    at: datetime,
    actor_id: int | None,
    action: str,
    young_person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit row, and its copy in the record chain. Given a connection, it joins the caller's open
    transaction (so the audit row and the change it describes land together, or neither does); given a Store,
    it is its own transaction."""
    if not action:
        raise ValueError("an audit row needs an action")
    row = (to_text(at), actor_id, action, young_person_id, json.dumps(detail or {}, sort_keys=True, ensure_ascii=False))
    sql = "INSERT INTO audit(at, actor_id, action, young_person_id, detail) VALUES (?, ?, ?, ?, ?)"
    if isinstance(target, sqlite3.Connection):
        _insert(target, sql, row, at, actor_id)
        return
    with target.write() as conn:
        _insert(conn, sql, row, at, actor_id)


def _insert(conn: sqlite3.Connection, sql: str, row: tuple[Any, ...], at: datetime, actor_id: int | None) -> None:
    cur = conn.execute(sql, row)
    record_chain.note_added(conn, "audit", cur.lastrowid, at, actor_id)


# One list from both tables; the young person of an event is the rupture's. LEFT JOINs: an audit row may
# name nobody (an automatic backup) and must still be listed.
_MERGED = """
SELECT * FROM (
    SELECT 'audit' AS source, a.id AS ref, a.at, a.actor_id, s.name AS actor, a.action,
           a.young_person_id, y.name AS young_person, NULL AS rupture_id, a.detail
    FROM audit a
    LEFT JOIN staff s ON s.id = a.actor_id
    LEFT JOIN young_people y ON y.id = a.young_person_id
    UNION ALL
    SELECT 'event', e.id, e.at, e.actor_id, s.name, e.kind,
           r.young_person_id, y.name, e.rupture_id, e.payload
    FROM events e
    JOIN ruptures r ON r.id = e.rupture_id
    LEFT JOIN staff s ON s.id = e.actor_id
    LEFT JOIN young_people y ON y.id = r.young_person_id
)
WHERE (:person IS NULL OR actor_id = :person)
  AND (:young IS NULL OR young_person_id = :young)
  AND (:since IS NULL OR at >= :since)
ORDER BY at, source, ref
"""


def entries(
    store: Store,
    person_id: int | None = None,
    young_person_id: int | None = None,
    since: datetime | None = None,
    *,
    tz: tzinfo = UTC,
) -> list[AuditEntry]:
    """Everything done, oldest first: by a staff member, about a young person, from a moment on (all optional).
    Times inside the words (a plan's "by when") are in `tz`, the home's zone."""
    params = {"person": person_id, "young": young_person_id, "since": to_text(since) if since else None}
    from handover.domain.describe import describe  # reading the trail only: recording an entry needs no words

    names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM staff")}
    found = []
    for r in store.rows(_MERGED, params):
        detail = _json(r["detail"])
        at = from_text(r["at"])
        description = None
        if r["source"] == "event" and r["action"] in _EVENT_KINDS:
            step = EventKind(r["action"])
            event = Event(
                id=r["ref"], rupture_id=r["rupture_id"], at=at, actor_id=r["actor_id"], kind=step, payload=detail
            )
            description = describe(
                event, names, tz, young_person=r["young_person"], rupture=f"rupture #{r['rupture_id']}", year=True
            )
        found.append(
            AuditEntry(
                source=r["source"],
                ref=r["ref"],
                at=at,
                actor_id=r["actor_id"],
                actor=r["actor"],
                action=r["action"],
                young_person_id=r["young_person_id"],
                young_person=r["young_person"],
                rupture_id=r["rupture_id"],
                detail=detail,
                subject=names.get(detail.get("staff_id")) if r["source"] == "audit" else None,
                description=description,
            )
        )
    return found


def _json(text: str | None) -> dict[str, Any]:
    # A detail that is not a JSON object is still shown, never dropped from the trail.
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}
