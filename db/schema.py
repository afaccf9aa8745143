"""The schema, as sqlite-utils migrations. Events, people and ruptures can never be deleted; events never edited."""

from __future__ import annotations

import sqlite_utils

migrations = sqlite_utils.Migrations("handover")

_OPEN = "('open', 'planned', 'attempted')"


def _run(db: sqlite_utils.Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction early, so run statement by statement.
    for statement in statements.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE young_people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    arrived_at TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'staff',
    active INTEGER NOT NULL DEFAULT 1,
    pin_hash TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE ruptures (
    id INTEGER PRIMARY KEY,
    young_person_id INTEGER NOT NULL REFERENCES young_people(id),
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    what_happened TEXT NOT NULL,
    incident_ref TEXT,
    owner_id INTEGER REFERENCES staff(id),
    status TEXT NOT NULL DEFAULT 'open',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES staff(id)
);
CREATE TABLE rupture_adults (
    rupture_id INTEGER NOT NULL REFERENCES ruptures(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (rupture_id, staff_id)
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    rupture_id INTEGER NOT NULL REFERENCES ruptures(id),
    at TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX events_by_rupture ON events(rupture_id, id);
CREATE INDEX ruptures_open ON ruptures(young_person_id, occurred_at) WHERE status IN {_OPEN};
CREATE INDEX ruptures_by_young_person ON ruptures(young_person_id, occurred_at);
CREATE INDEX rupture_adults_by_staff ON rupture_adults(staff_id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: an entry can never be changed; add an amendment'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: an entry can never be deleted'); END;
CREATE TRIGGER ruptures_no_delete BEFORE DELETE ON ruptures
BEGIN SELECT RAISE(ABORT, 'ruptures are never deleted: end one without repair, with a reason'); END;
CREATE TRIGGER rupture_adults_no_delete BEFORE DELETE ON rupture_adults
BEGIN SELECT RAISE(ABORT, 'who was involved in a rupture is never deleted; add an amendment'); END;
CREATE TRIGGER young_people_no_delete BEFORE DELETE ON young_people
BEGIN SELECT RAISE(ABORT, 'young people are never deleted: mark them as having left'); END;
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN SELECT RAISE(ABORT, 'staff are never deleted: mark them as having left'); END
""",
    )


@migrations()
def m002_handover_and_trust(db: sqlite_utils.Database) -> None:
    """Shifts, handovers, the audit trail, the next step and acceptance on each rupture, and a hash chain
    over events so any edit made behind the board's back can be found."""
    _run(
        db,
        """
ALTER TABLE ruptures ADD COLUMN next_step TEXT;
ALTER TABLE ruptures ADD COLUMN next_step_due TEXT;
ALTER TABLE ruptures ADD COLUMN awaiting_acceptance INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ruptures ADD COLUMN reg35_done TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;
ALTER TABLE staff ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN pin_locked_until TEXT;
CREATE TABLE shift_marks (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    at TEXT NOT NULL,
    on_shift INTEGER NOT NULL,
    by_id INTEGER REFERENCES staff(id)
);
CREATE INDEX shift_marks_by_staff ON shift_marks(staff_id, id);
CREATE TABLE handovers (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    accepted_by INTEGER NOT NULL REFERENCES staff(id),
    shift_going_off TEXT NOT NULL,
    shift_coming_on TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES staff(id),
    action TEXT NOT NULL,
    young_person_id INTEGER REFERENCES young_people(id),
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_time ON audit(at);
CREATE TRIGGER shift_marks_no_change BEFORE UPDATE ON shift_marks
BEGIN SELECT RAISE(ABORT, 'shift marks are append-only'); END;
CREATE TRIGGER shift_marks_no_delete BEFORE DELETE ON shift_marks
BEGIN SELECT RAISE(ABORT, 'shift marks are append-only'); END;
CREATE TRIGGER handovers_no_change BEFORE UPDATE ON handovers
BEGIN SELECT RAISE(ABORT, 'accepted handovers are never changed'); END;
CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'accepted handovers are never deleted'); END;
CREATE TRIGGER audit_no_change BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
""",
    )
    # Chain the events already written (databases made before this migration). The update trigger would
    # refuse, so it steps aside for this one pass, inside the migration's own transaction.
    from db.chain import event_hash

    db.execute("DROP TRIGGER events_no_update")
    previous = None
    rows = db.execute("SELECT id, rupture_id, at, actor_id, kind, payload FROM events ORDER BY id").fetchall()
    for event_id, rupture_id, at, actor_id, kind, payload in rows:
        digest = event_hash(previous, rupture_id, at, actor_id, kind, payload)
        db.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?", (previous, digest, event_id))
        previous = digest
    db.execute(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only: an entry can never be changed; add an amendment'); END"
    )


@migrations()
def m003_shift_of_a_mark(db: sqlite_utils.Database) -> None:
    """A mark on shift records which run of which shift the person is on, so "leaving within the hour" and
    "their shift has ended" follow the clock without another mark. Empty for marks off (and older marks)."""
    _run(
        db,
        """
ALTER TABLE shift_marks ADD COLUMN shift TEXT;
ALTER TABLE shift_marks ADD COLUMN shift_start TEXT;
ALTER TABLE shift_marks ADD COLUMN shift_end TEXT
""",
    )


@migrations()
def m004_reassignment_clears_next_step(db: sqlite_utils.Database) -> None:
    """Reassigning a repair now clears its next step (the previous owner's plan stays in the timeline).
    Rows written before that still show the old owner's plan: clear the next step of every rupture whose
    latest step touching it was a reassignment, so each row again matches what its entries rebuild to."""
    db.execute(
        """
UPDATE ruptures SET next_step = NULL, next_step_due = NULL
WHERE (next_step IS NOT NULL OR next_step_due IS NOT NULL)
  AND (SELECT e.kind FROM events e
       WHERE e.rupture_id = ruptures.id
         AND (e.kind IN ('assigned', 'planned', 'attempted', 'repaired', 'ended', 'reopened')
              OR (e.kind = 'accepted' AND coalesce(json_extract(e.payload, '$.note'), '') != ''))
       ORDER BY e.id DESC LIMIT 1) = 'assigned'
"""
    )


@migrations()
def m005_home_time_zone(db: sqlite_utils.Database) -> None:
    """The home's time zone (an IANA name) joins its shared settings, so every terminal shows the same times;
    before, each PC used its own. A home set up before this gets this PC's zone, found by tzlocal (UTC when the
    PC's zone has no name). A database whose home is not set up yet gets its zone at `handover init`."""
    set_up = db.execute("SELECT 1 FROM settings WHERE key = 'home_name'").fetchone()
    if set_up is None:
        return
    from handover.config import pc_zone_name
    from handover.domain.zones import FALLBACK

    db.execute(
        "INSERT INTO settings(key, value) VALUES ('timezone', ?) ON CONFLICT(key) DO NOTHING",
        (pc_zone_name() or FALLBACK,),
    )


@migrations()
def m006_record_chain(db: sqlite_utils.Database) -> None:
    """The record chain: every change to people, roles, leavers, settings, PINs (the fact, never the hash), and
    a copy of every audit row, shift mark and accepted handover, sealed like events (db/chain.py, db/record.py).
    Append-only: triggers refuse UPDATE and DELETE. Its first entry is the baseline: the record as it stands now,
    so an existing home is chained from here on."""
    _run(
        db,
        """
CREATE TABLE record_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES staff(id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT,
    hash TEXT NOT NULL
);
CREATE INDEX record_events_by_subject ON record_events(subject, id);
CREATE TRIGGER record_events_no_update BEFORE UPDATE ON record_events
BEGIN SELECT RAISE(ABORT, 'the record chain is append-only: an entry can never be changed'); END;
CREATE TRIGGER record_events_no_delete BEFORE DELETE ON record_events
BEGIN SELECT RAISE(ABORT, 'the record chain is append-only: an entry can never be deleted'); END;
CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings
BEGIN SELECT RAISE(ABORT, 'settings are never deleted: set them again'); END
""",
    )
    from datetime import UTC, datetime

    from db.record import write_baseline

    write_baseline(db.conn, datetime.now(UTC))


@migrations()
def m007_pattern_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the patterns over weeks (handover/service/patterns.py): the home's ruptures by when they
    happened (the existing index starts with the young person), and entries by kind and time (the repairs
    recorded in a week). Without them, the patterns over five years of history scan every rupture and event."""
    _run(
        db,
        """
CREATE INDEX IF NOT EXISTS ruptures_by_time ON ruptures(occurred_at);
CREATE INDEX IF NOT EXISTS events_by_kind ON events(kind, at)
""",
    )
