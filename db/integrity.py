"""Is the record whole and unaltered? The check behind `handover check`, backups, restores and the board's start.

Four layers, each catching what the one before cannot:
1. SQLite's own PRAGMA integrity_check (quick_check at the board's start): the file is not physically damaged.
2. The hash chain over events (db/chain.py): every entry still matches its seal, and follows on from the one
   before. An entry edited, added, removed or reordered behind the board's back (with the sqlite3 tool, the
   triggers dropped) breaks the chain at that entry, and the report names it.
3. Each rupture's `version` equals its number of entries: catches the newest entries of a rupture being
   removed, which leaves no hole in the chain.
4. (Full check only) each rupture's current row is rebuilt from its entries with the same rule the board
   uses (domain.lifecycle.apply) and must match: the ruptures table is updated in place, so this is what
   catches an edit made straight to it (e.g. "what happened" rewritten).

The report names the FIRST broken link in plain words, because everything after it is suspect anyway, and
says what to do. The chain has no outside anchor by itself (someone could recompute every seal after an
edit), so `compare_with_backup` checks the database still holds the very entries an earlier backup holds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from itertools import groupby
from pathlib import Path

from db import converters as conv
from db.chain import event_hash
from handover.domain import lifecycle
from handover.domain.describe import passive
from handover.domain.enums import EventKind
from handover.domain.errors import HandoverError, StorageError
from handover.domain.models import Event, Rupture

#: How many of the newest entries the board's start-up check re-seals (about 5 ms); the full check does all.
QUICK_TAIL = 500

_EVENT_COLS = "id, rupture_id, at, actor_id, kind, payload, prev_hash, hash"

#: Column names as a manager would say them, for "its X no longer matches its entries".
_FIELD_WORDS = {
    "what_happened": "what happened",
    "owner_id": "owner",
    "occurred_at": "time it happened",
    "recorded_at": "time it was recorded",
    "recorded_by": "who recorded it",
    "young_person_id": "young person",
    "updated_at": "time of the last change",
    "updated_by": "who changed it last",
    "incident_ref": "incident reference",
    "adult_ids": "adults involved",
    "reg35_done": "reg 35 clocks",
}


@dataclass
class CheckReport:
    """What a check found. `problems` are plain sentences, the first broken link first."""

    path: Path
    quick: bool = False
    problems: list[str] = field(default_factory=list)
    events: int = 0
    """How many entries were re-sealed (all of them, or the newest QUICK_TAIL for a quick check)."""
    ruptures: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        kind = "Quick check" if self.quick else "Check"
        if self.ok:
            checked = f"{self.ruptures} ruptures; {self.events} entries checked against their seals"
            return f"{kind} of {self.path}: all well. {checked}."
        more = len(self.problems) - 1
        tail = f" ({more} more problem{'s' if more != 1 else ''} found after it.)" if more else ""
        return f"{kind} of {self.path}: DAMAGED. {self.problems[0]}{tail}"


def check(path: Path, tz: tzinfo = UTC, *, rebuild: bool = True) -> CheckReport:
    """The full check: integrity_check, the whole chain, versions, references, and (unless `rebuild` is
    False) every rupture rebuilt from its entries. Five years of a large home (100,000 entries) take a few
    seconds; without the rebuild about one (what a backup's verification uses)."""
    return _run(Path(path), tz, quick=False, rebuild=rebuild)


def quick_check(path: Path, tz: tzinfo = UTC) -> CheckReport:
    """The fast check for the board's start (well under a second on five years of records): quick_check,
    the newest QUICK_TAIL entries' seals and links, and every rupture's version against its entries."""
    return _run(Path(path), tz, quick=True)


def refuse_if_damaged(path: Path, tz: tzinfo = UTC, *, backup_hint: str = "") -> CheckReport:
    """Run the quick check; raise StorageError saying what to do when the database is damaged."""
    report = quick_check(path, tz)
    if not report.ok:
        raise StorageError(damage_advice(report, backup_hint))
    return report


def damage_advice(report: CheckReport, backup_hint: str = "") -> str:
    """The damaged-database message: what is wrong, that nothing was changed, and how to get back."""
    where = f" Backups are in {backup_hint}." if backup_hint else ""
    return (
        f"{report.path} is damaged: {report.problems[0]} Nothing has been changed. Do not type new entries "
        f"into it. Tell the registered manager, who can restore the latest good backup with "
        f"`handover restore FILE --by NAME` (the damaged file is kept aside, not deleted).{where}"
    )


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection holding one snapshot, so a board writing meanwhile cannot cause a false alarm."""
    if not path.exists():
        raise StorageError(f"There is no database at {path}.")
    if Path(f"{path}-wal").exists():
        # Open elsewhere (or left by a crash): read-only, so the check never folds that -wal into the file.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=5)
    else:
        # Nobody has it open: an ordinary connection that refuses writes, so the -wal and -shm it needs are
        # removed again when it closes (a read-only one would leave them behind).
        conn = sqlite3.connect(path, isolation_level=None, timeout=5)
        conn.execute("PRAGMA query_only = ON")
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def _run(path: Path, tz: tzinfo, quick: bool, rebuild: bool = False) -> CheckReport:
    report = CheckReport(path=path, quick=quick)
    try:
        with _reading(path) as conn:
            rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                report.problems.append(f'The file itself is damaged (SQLite reports: "{rows[0][0]}").')
                return report
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"events", "ruptures", "staff"} <= tables:
                report.problems.append("It is not a handover database.")
                return report
            names = dict(conn.execute("SELECT id, name FROM staff").fetchall())
            report.ruptures = conn.execute("SELECT count(*) FROM ruptures").fetchone()[0]
            _check_chain(conn, report, names, tz, QUICK_TAIL if quick else None)
            _check_versions(conn, report)
            if not quick:
                _check_references(conn, report)
            if rebuild:
                _check_current_rows(conn, report)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"The file cannot be read as a database ({exc}).")
    return report


def describe_event(row: tuple, names: dict[int, str], tz: tzinfo) -> str:
    """'Entry #412 (rupture #87, repaired by Sam Kell on 3 Nov 2026 14:05)', from the row as it now reads."""
    event_id, rupture_id, at, actor_id, kind = row[:5]
    who = names.get(actor_id, f"staff member #{actor_id}")
    try:
        local = conv.from_text(at).astimezone(tz)
        when = f"{local.day} {local:%b %Y %H:%M}"
    except (TypeError, ValueError):
        when = str(at)
    return f"Entry #{event_id} (rupture #{rupture_id}, {passive(kind)} by {who} on {when})"


def _check_chain(
    conn: sqlite3.Connection, report: CheckReport, names: dict[int, str], tz: tzinfo, tail: int | None
) -> None:
    start = 0
    if tail is not None:
        # One entry before the window too, so the window's first link is checked as well.
        row = conn.execute("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?", (tail,)).fetchone()
        start = row[0] if row else 0
    previous: tuple | None = None
    for row in conn.execute(f"SELECT {_EVENT_COLS} FROM events WHERE id >= ? ORDER BY id", (start,)):
        event_id, rupture_id, at, actor_id, kind, payload, prev_hash, seal = row
        report.events += 1
        gap = True
        if previous is None and tail is None and event_id != 1:
            report.problems.append(f"Entries before #{event_id} are missing.")
        elif previous is not None and event_id != previous[0] + 1:
            report.problems.append(f"Entries between #{previous[0]} and #{event_id} are missing.")
        else:
            gap = False
        # One finding per entry, the most telling first: no seal at all, a seal its content does not match,
        # or (content intact) a link to the entry before that does not hold.
        if not seal:
            report.problems.append(f"{describe_event(row, names, tz)} was added outside the board: it has no seal.")
        elif event_hash(prev_hash, rupture_id, at, actor_id, kind, payload) != seal:
            report.problems.append(
                f"{describe_event(row, names, tz)} has been changed outside the board: "
                "its content no longer matches its seal."
            )
        elif previous is not None and not gap and prev_hash != previous[7]:
            report.problems.append(
                f"{describe_event(row, names, tz)} does not follow on from entry #{previous[0]}: "
                "entries were removed, replaced or put in a different order outside the board."
            )
        previous = row


def _check_versions(conn: sqlite3.Connection, report: CheckReport) -> None:
    # Every step adds exactly one entry and one version, so they must agree; the newest entries of a
    # rupture removed (no hole left in the chain's ids once new ones are written) show up here.
    rows = conn.execute(
        "SELECT r.id, r.version, (SELECT count(*) FROM events e WHERE e.rupture_id = r.id) AS n "
        "FROM ruptures r WHERE r.version != n ORDER BY r.id"
    ).fetchall()
    for rupture_id, version, count in rows:
        report.problems.append(
            f"Rupture #{rupture_id} should have {version} entries but has {count}: "
            + ("entries are missing." if count < version else "entries were added outside the board.")
        )


def _check_current_rows(conn: sqlite3.Connection, report: CheckReport) -> None:
    cursor = conn.execute(
        "SELECT r.*, (SELECT group_concat(staff_id) FROM "
        "(SELECT staff_id FROM rupture_adults a WHERE a.rupture_id = r.id ORDER BY a.rowid)) AS adult_ids "
        "FROM ruptures r ORDER BY r.id"
    )
    cols = [d[0] for d in cursor.description]
    stored = {row[0]: dict(zip(cols, row, strict=True)) for row in cursor.fetchall()}
    rows = conn.execute("SELECT id, rupture_id, at, actor_id, kind, payload FROM events ORDER BY rupture_id, id")
    for rupture_id, group in groupby(rows, key=lambda r: r[1]):
        row = stored.get(rupture_id)
        if row is None:
            continue  # an entry of no rupture: reported by the reference check
        try:
            rebuilt = replay(_event(r) for r in group)
        except (HandoverError, ValueError, KeyError, TypeError) as exc:
            report.problems.append(f"Rupture #{rupture_id}'s entries cannot be followed in order ({exc}).")
            continue
        # Compared as stored text: the converters write one fixed form, so equal state means equal text.
        differs = [k for k, v in conv.rupture_row(rebuilt).items() if row[k] != v and not _unset_since_m002(k, row)]
        if ",".join(map(str, rebuilt.adult_ids)) != (row["adult_ids"] or ""):
            differs.append("adult_ids")
        if differs:
            words = ", ".join(_FIELD_WORDS.get(k, k.replace("_", " ")) for k in differs)
            report.problems.append(
                f"Rupture #{rupture_id} has been changed outside the board: its current details ({words}) "
                "no longer match its entries."
            )


#: Columns m002 added with an empty default: a database made before it holds them empty for ruptures
#: whose steps came earlier, so an empty one is not a sign of tampering (a wrong non-empty one is).
_ADDED_EMPTY = {"next_step": None, "next_step_due": None, "awaiting_acceptance": 0}


def _unset_since_m002(column: str, row: dict) -> bool:
    return column in _ADDED_EMPTY and row[column] == _ADDED_EMPTY[column]


def _event(row: tuple) -> Event:
    # Built without pydantic's validation: 100,000 entries in a five-year home make it the slow part,
    # and the fields are exactly what the converters wrote (a bad one fails in replay, and is reported).
    event_id, rupture_id, at, actor_id, kind, payload = row
    return Event.model_construct(
        id=event_id,
        rupture_id=rupture_id,
        at=conv.from_text(at),
        actor_id=actor_id,
        kind=EventKind(kind),
        payload=json.loads(payload),
    )


def replay(events: Iterable[Event]) -> Rupture:
    """A rupture's state rebuilt from its entries, oldest first, by the same rule the board writes with."""
    it = iter(events)
    first = next(it)
    if first.kind is not EventKind.RECORDED:
        raise ValueError(f"its first entry #{first.id} is '{first.kind.value}', not its recording")
    rupture = Rupture(
        id=first.rupture_id,
        recorded_at=first.at,
        recorded_by=first.actor_id,
        updated_at=first.at,
        updated_by=first.actor_id,
        **first.payload,
    )
    for event in it:
        rupture = lifecycle.apply(rupture, event.kind, event.at, event.actor_id, event.payload)
    return rupture


def _check_references(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if rows:
        table, rowid, parent = rows[0][0], rows[0][1], rows[0][2]
        report.problems.append(
            f"{len(rows)} row(s) point to records that do not exist (first: {table} row {rowid} names a "
            f"missing {parent} row): something was removed outside the board."
        )


def last_entry(path: Path) -> tuple[int, str] | None:
    """The newest entry's id and seal, or None for a database with no entries."""
    with _reading(Path(path)) as conn:
        row = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None


def compare_with_backup(db_path: Path, backup_path: Path) -> tuple[str, bool] | None:
    """(What differs, whether that is damage) if the database no longer holds the entries `backup_path`
    holds; None when it does.

    The backup's newest seal must appear at the same entry in the database. A seal that differs means the
    history before that backup was rewritten (seals and all) since it was taken. A database with fewer
    entries than the backup is what a restore of an older backup looks like, so it is said, not alarmed."""
    anchor = last_entry(backup_path)
    if anchor is None:
        return None
    event_id, seal = anchor
    with _reading(Path(db_path)) as conn:
        row = conn.execute("SELECT hash FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return (
            f"The backup {Path(backup_path).name} holds entries up to #{event_id}, which this database does not "
            "have. That is expected straight after restoring an older backup; otherwise entries were removed.",
            False,
        )
    if row[0] != seal:
        return (
            f"Entry #{event_id} is not the same as in the backup {Path(backup_path).name}: the history before "
            "that backup was rewritten since it was taken.",
            True,
        )
    return None
