"""The Store: every read and write the app makes, taking and returning domain models.

Each write is ONE transaction that appends the event and updates the rupture's current row, guarded by the
version the writer saw; a stale write changes nothing and says who changed the rupture and when. A change to
people or settings appends its record entry (db/record.py) in the same transaction, so the two always agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from db import converters as conv
from db import record
from db import shifts as shift_rows
from db.chain import event_hash
from db.connection import explain, open_connection, write_transaction
from db.row_memo import RowMemo
from handover.domain.enums import EventKind, Role
from handover.domain.errors import NotFound, StaleVersion, StorageError
from handover.domain.models import (
    BoardSnapshot,
    Event,
    HomeSettings,
    NewRupture,
    Rupture,
    StaffMember,
    YoungPerson,
)
from handover.domain.shifts import ShiftPattern

if TYPE_CHECKING:
    import sqlite_utils

T = TypeVar("T")

_RUPTURE_SELECT = """
SELECT r.*, (
    -- in the order they were named (insertion order), not by staff id: the first named is the default owner
    SELECT group_concat(staff_id)
    FROM (SELECT staff_id FROM rupture_adults a WHERE a.rupture_id = r.id ORDER BY a.rowid)
) AS adult_ids
FROM ruptures r
"""
_OPEN_WHERE = "r.status IN ('open', 'planned', 'attempted')"
#: Every open rupture, oldest first. The unary `+` keeps SQLite from walking `ruptures_by_time` to save the sort:
#: that visits every rupture ever recorded (9 ms on five years, 20,000 ruptures, after every commit), where
#: the partial index `ruptures_open` finds the open ones alone (0.3 ms) and sorting a few hundred is nothing.
#: tests/db/test_row_memo.py checks the plan.
OPEN_RUPTURES_SQL = _RUPTURE_SELECT + f" WHERE {_OPEN_WHERE} ORDER BY +r.occurred_at, r.id"

#: The migrations of db/schema.py, in order. Opening a database that has them all takes two small queries and
#: never imports sqlite-utils (about 50 ms at the board's start); any other database goes through the migrations
#: themselves. tests/db/test_store_open.py fails if this and db/schema.py disagree.
SCHEMA_MIGRATIONS = (
    "m001_initial",
    "m002_handover_and_trust",
    "m003_shift_of_a_mark",
    "m004_reassignment_clears_next_step",
    "m005_home_time_zone",
    "m006_record_chain",
    "m007_pattern_indexes",
)


def read_settings(path: Path) -> dict[str, str] | None:
    """The settings table of the database at `path` as stored, read without migrating or changing the file;
    None when there is no file or it cannot be read as a handover database (`handover check` says why)."""
    path = Path(path).expanduser()
    if not path.is_file():
        return None
    try:
        if Path(f"{path}-wal").exists():
            # Open elsewhere (or left by a crash): read-only, so this look never folds that -wal into the file.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        else:
            conn = sqlite3.connect(path, timeout=5)
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error:
        return None
    try:
        return {str(key): str(value) for key, value in conn.execute("SELECT key, value FROM settings")}
    except sqlite3.Error:
        return None
    finally:
        conn.close()


class Store:
    """A handover database. Open with `Store.open(path)`; create with `Store.open(path, create=True)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        """The connection (isolation_level None: every write is an explicit transaction, see `write`)."""
        self.path = path
        self._in_batch = False
        self._db: sqlite_utils.Database | None = None
        self._memos: dict[str, RowMemo[Any]] = {}

    @property
    def db(self) -> sqlite_utils.Database:
        """The same connection as an sqlite-utils Database (made, and sqlite-utils imported, on first use)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> Store:
        path = Path(path).expanduser()
        conn = open_connection(path, create=create)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "_sqlite_migrations" not in tables:
                # Someone else's SQLite file: never write our schema into it.
                raise StorageError(
                    f"{path} is an SQLite file but not a handover database. Nothing was changed; check --db."
                )
            if not tables and not create:
                raise StorageError(
                    f"{path} is empty: it has not been set up. Run `handover init --db {path} --home NAME`."
                )
            store = cls(conn, path)
            if not store._migrated(tables):
                from db.schema import migrations

                if migrations.pending(store.db):
                    migrations.apply(store.db)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise explain(exc, path) from None
        except StorageError:
            conn.close()
            raise
        return store

    def _migrated(self, tables: set[str]) -> bool:
        """Whether every migration in SCHEMA_MIGRATIONS has been applied (one query, no sqlite-utils)."""
        if "_sqlite_migrations" not in tables:
            return False
        applied = {
            row[0] for row in self.conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'handover'")
        }
        if newer := sorted(applied - set(SCHEMA_MIGRATIONS)):
            # Changed by a newer version of handover: this one would write rows that version cannot read.
            raise StorageError(
                f"{self.path} was last changed by a newer version of handover (it has {', '.join(newer)}, "
                "which this version does not know). Nothing was changed: update handover on this PC."
            )
        return applied.issuperset(SCHEMA_MIGRATIONS)

    def close(self) -> None:
        self.conn.close()

    # -- transactions -------------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (joining the batch, if one is open). Sibling modules in db/ use it too."""
        if self._in_batch:
            yield self.conn
            return
        try:
            with write_transaction(self.conn) as conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes as one transaction: all of them land, or none. A batch inside a batch joins it."""
        if self._in_batch:
            yield
            return
        with self.write():
            self._in_batch = True
            try:
                yield
            finally:
                self._in_batch = False

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts, database errors turned into plain StorageErrors."""
        names, rows = self._fetch(sql, params)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def models(self, sql: str, params: Any, memo: RowMemo[T]) -> list[T]:
        """Rows of a read query as models made by `memo`: a row stored as it was last read comes back as the
        same object, made once (db/row_memo.py). Database errors become plain StorageErrors."""
        names, rows = self._fetch(sql, params)
        return memo(names, rows)

    def memo(self, name: str, convert: Callable[[dict[str, Any]], T]) -> RowMemo[T]:
        """This connection's memo called `name` (made with `convert` the first time it is asked for)."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos[name] = RowMemo(convert)
        return found

    def _fetch(self, sql: str, params: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cursor = self.conn.execute(sql, params)
            return [d[0] for d in cursor.description], cursor.fetchall()
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from None

    # -- settings -----------------------------------------------------------------------------------
    def settings(self) -> HomeSettings:
        """The home's shared settings, time zone included. Refuses in plain words a database nobody has set up,
        or one whose settings were changed behind the board's back into something unreadable."""
        values = {row["key"]: row["value"] for row in self.rows("SELECT key, value FROM settings")}
        if "home_name" not in values:
            raise StorageError(
                f"{self.path} has not been set up yet. Run `handover init --db {self.path} --home NAME`."
            )
        if "timezone" not in values:
            # Set up by an older version of handover after this file was migrated (m005 fills in older homes):
            # this PC's zone, the same one that migration would have stored.
            from handover.config import pc_zone_name
            from handover.domain.zones import FALLBACK

            values["timezone"] = pc_zone_name() or FALLBACK
        try:
            return HomeSettings.from_stored(values)
        except ValueError as exc:
            raise StorageError(
                f"{self.path} has a setting that cannot be used ({exc}). Restore a backup, or set it again."
            ) from None

    def put_settings(self, *, at: datetime | None = None, actor_id: int | None = None, **values: object) -> None:
        """Set shared settings, each change a record entry (by `actor_id`, at `at`) in the same transaction."""
        with self.write() as conn:
            for key, value in values.items():
                before = record.current_row(conn, "settings", key)
                conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, str(value)),
                )
                record.note_changed(conn, "settings", key, before, at, actor_id)

    def is_initialised(self) -> bool:
        return bool(self.rows("SELECT 1 FROM settings WHERE key = 'home_name'"))

    def needs_setup(self) -> bool:
        """True while the first-run setup is unfinished: no home named yet, or nobody current on the staff."""
        return not self.is_initialised() or not self.rows("SELECT 1 FROM staff WHERE active LIMIT 1")

    # -- people -------------------------------------------------------------------------------------
    def add_young_person(
        self, name: str, arrived_at: datetime | None, now: datetime, *, actor_id: int | None = None
    ) -> YoungPerson:
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO young_people(name, arrived_at, created_at) VALUES (?, ?, ?)",
                (name, conv.to_text(arrived_at) if arrived_at else None, conv.to_text(now)),
            )
            assert cur.lastrowid is not None
            record.note_added(conn, "young_people", cur.lastrowid, now, actor_id)
        return YoungPerson(id=cur.lastrowid, name=name, arrived_at=arrived_at)

    def add_staff(self, name: str, role: Role, now: datetime, *, actor_id: int | None = None) -> StaffMember:
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO staff(name, role, created_at) VALUES (?, ?, ?)",
                (name, role.value, conv.to_text(now)),
            )
            assert cur.lastrowid is not None
            record.note_added(conn, "staff", cur.lastrowid, now, actor_id)
        return StaffMember(id=cur.lastrowid, name=name, role=role)

    def set_active(
        self,
        person: YoungPerson | StaffMember,
        active: bool,
        *,
        at: datetime | None = None,
        actor_id: int | None = None,
    ) -> None:
        """Mark someone as having left (or returned). People are never deleted."""
        table = "young_people" if isinstance(person, YoungPerson) else "staff"
        with self.write() as conn:
            before = record.current_row(conn, table, person.id)
            conn.execute(f"UPDATE {table} SET active = ? WHERE id = ?", (int(active), person.id))
            record.note_changed(conn, table, person.id, before, at, actor_id)

    def young_people(self) -> list[YoungPerson]:
        """Everyone who has lived here, current first-come order (leavers included, marked inactive)."""
        return [conv.young_person(r) for r in self.rows("SELECT * FROM young_people ORDER BY id")]

    def staff(self) -> list[StaffMember]:
        return [conv.staff_member(r) for r in self.rows("SELECT * FROM staff ORDER BY id")]

    # -- ruptures -----------------------------------------------------------------------------------
    def record_rupture(self, new: NewRupture, at: datetime, actor_id: int) -> Rupture:
        """Insert the rupture and its `recorded` event together."""
        with self.write() as conn:
            draft = Rupture(
                id=0,
                recorded_at=at,
                recorded_by=actor_id,
                updated_at=at,
                updated_by=actor_id,
                **new.fields(),
            )
            row = conv.rupture_row(draft)
            cols = ", ".join(row)
            cur = conn.execute(
                f"INSERT INTO ruptures({cols}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
            )
            assert cur.lastrowid is not None
            rupture = replace(draft, id=cur.lastrowid)
            conn.executemany(
                "INSERT INTO rupture_adults(rupture_id, staff_id) VALUES (?, ?)",
                [(rupture.id, sid) for sid in rupture.adult_ids],
            )
            payload = new.recording()
            self._insert_event(
                conn,
                Event(rupture_id=rupture.id, at=at, actor_id=actor_id, kind=EventKind.RECORDED, payload=payload),
            )
        return rupture

    def rupture(self, rupture_id: int) -> Rupture:
        rows = self.rows(_RUPTURE_SELECT + " WHERE r.id = ?", (rupture_id,))
        if not rows:
            raise NotFound(f"There is no rupture #{rupture_id}. `handover list` shows the open ones.")
        return conv.rupture(rows[0])

    def append(self, updated: Rupture, event: Event, expected_version: int) -> Rupture:
        """Write `event` and the rupture's new state, only if nobody changed it since `expected_version`."""
        row = conv.rupture_row(updated)
        sets = ", ".join(f"{col} = ?" for col in row)
        with self.write() as conn:
            cur = conn.execute(
                f"UPDATE ruptures SET {sets} WHERE id = ? AND version = ?",
                (*row.values(), updated.id, expected_version),
            )
            if cur.rowcount != 1:
                raise self._stale(conn, updated.id)
            self._insert_event(conn, event)
        return updated

    def _stale(self, conn: sqlite3.Connection, rupture_id: int) -> StaleVersion:
        last = conn.execute(
            "SELECT e.at, s.name FROM events e JOIN staff s ON s.id = e.actor_id "
            "WHERE e.rupture_id = ? ORDER BY e.id DESC LIMIT 1",
            (rupture_id,),
        ).fetchone()
        return StaleVersion(
            f"Rupture #{rupture_id} was changed by someone else; nothing was saved.",
            changed_by=last[1] if last else None,
            changed_at=conv.from_text(last[0]) if last else None,
        )

    def _insert_event(self, conn: sqlite3.Connection, event: Event) -> None:
        row = conv.event_row(event)
        # Inside the write transaction, so no other writer can slip an event between the read and the insert.
        last = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        prev = last[0] if last else None
        digest = event_hash(prev, row["rupture_id"], row["at"], row["actor_id"], row["kind"], row["payload"])
        conn.execute(
            "INSERT INTO events(rupture_id, at, actor_id, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*row.values(), prev, digest),
        )

    def events(self, rupture_id: int) -> list[Event]:
        return [
            conv.event(r) for r in self.rows("SELECT * FROM events WHERE rupture_id = ? ORDER BY id", (rupture_id,))
        ]

    def open_ruptures(self) -> list[Rupture]:
        """Every rupture still waiting for a repair, oldest first (uses the partial index)."""
        # Read after every commit anywhere, so each row is made a model once (db/row_memo.py).
        memo = self.memo("open_ruptures", conv.rupture)
        return self.models(OPEN_RUPTURES_SQL, (), memo)

    def board(self) -> BoardSnapshot:
        """Everything the board shows, read inside one snapshot so the parts agree.

        Inside a write already open (a use case reading what it is about to record) it reads in that one."""
        conn = self.conn
        own = not conn.in_transaction
        try:
            if own:
                conn.execute("BEGIN")
            try:
                settings = self.settings()
                return BoardSnapshot(
                    settings=settings,
                    young_people=tuple(self.young_people()),
                    staff={s.id: s for s in self.staff()},
                    open_ruptures=tuple(self.open_ruptures()),
                    shift_pattern=ShiftPattern.from_setting(settings.shift_pattern),
                    shift_marks=shift_rows.latest_marks(self),
                    last_handover=shift_rows.last_handover(self),
                )
            finally:
                if own:
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from None

    def closed_since(self, since: datetime) -> list[Rupture]:
        """Ruptures repaired or ended whose last change is at or after `since`, newest first (for reopening)."""
        rows = self.rows(
            _RUPTURE_SELECT + " WHERE r.status IN ('repaired', 'ended') AND r.updated_at >= ?"
            " ORDER BY r.updated_at DESC, r.id DESC",
            (conv.to_text(since),),
        )
        return [conv.rupture(r) for r in rows]
