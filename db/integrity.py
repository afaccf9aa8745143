"""Is the record whole and unaltered? The check behind `handover check`, backups, restores and the board's start.

What each layer catches that the ones before cannot:
1. (Full check) SQLite's own PRAGMA integrity_check: the file is not physically damaged.
2. The chain over events (db/chain.py): every entry still matches its seal and follows on from the one before.
   An entry edited, added, removed or reordered behind the board's back breaks the chain there.
3. Each rupture's current row is rebuilt from its entries by the rule the board writes with
   (domain.lifecycle.apply) and must match: the ruptures table is updated in place, so this is what catches an
   edit made straight to it (a status changed, "what happened" rewritten). Also each version against its
   number of entries, and (full check) PRAGMA foreign_key_check.
4. The record chain (db/record.py, db/record_check.py): people, roles, leavers, settings, PINs set, and every
   audit row, shift mark and accepted handover, against what its entries rebuild.
5. The anchors (db/anchor.py): the chains' heads as this PC and the newest backup last saw them must still be
   in the file, with the same seals. This catches the newest entries removed (a rupture and its events
   deleted) and a history rewritten seals and all, which no check of the file alone can.

`check` does all of it, everything; `startup_check` does the same over what is bounded however long the home
keeps records (the newest QUICK_TAIL entries of each chain, every open rupture and every rupture the newest
entries or the anchor name, every entry about people and settings, the anchor), for the board's start.

Reports name problems in plain words, the first broken link first, and say what to do. All of it reads one
snapshot (boards writing meanwhile cause no false alarm) and never writes to the database; a check that passes
moves this PC's anchor on.
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
from typing import Any

from db import anchor as anchors
from db import chain, record_check
from db import converters as conv
from db.anchor import Anchor
from handover.domain import lifecycle
from handover.domain.describe import passive
from handover.domain.enums import EventKind
from handover.domain.errors import HandoverError, StorageError
from handover.domain.models import Event, Rupture

#: How many of the newest entries of each chain the start-up check re-seals (a few ms); the full check does all.
QUICK_TAIL = 500

_EVENT_COLS = "id, rupture_id, at, actor_id, kind, payload, prev_hash, hash"
_OPEN = "('open', 'planned', 'attempted')"
_RUPTURE_SELECT = (
    "SELECT r.*, (SELECT group_concat(staff_id) FROM "
    "(SELECT staff_id FROM rupture_adults a WHERE a.rupture_id = r.id ORDER BY a.rowid)) AS adult_ids "
    "FROM ruptures r"
)

#: Column names as a manager would say them.
_FIELD_WORDS = {
    "what_happened": "account of what happened",
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
    "next_step_due": "next step's time",
    "awaiting_acceptance": "waiting for acceptance",
}


@dataclass
class CheckReport:
    """What a check found. `problems` are plain sentences, the first broken link first; `notes` are worth
    saying but are not damage (no anchor on this PC yet, a backup from before the record chain)."""

    path: Path
    quick: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    events: int = 0
    """How many entries were re-sealed (all of them, or the newest QUICK_TAIL for the start-up check)."""
    records: int = 0
    """How many record entries (people, settings, audit) were re-sealed."""
    ruptures: int = 0
    """How many ruptures were rebuilt from their entries (the full check: all of them)."""
    heads: Anchor | None = None
    """What the file held when checked: the anchor a backup of it writes."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        kind = "Start-up check" if self.quick else "Check"
        if self.ok:
            checked = (
                f"{self.ruptures} ruptures rebuilt from their entries; {self.events} entries and {self.records} "
                "record entries (people, settings, the audit) checked against their seals"
            )
            return f"{kind} of {self.path}: all well. {checked}."
        more = len(self.problems) - 1
        tail = f" ({more} more problem{'s' if more != 1 else ''} found after it.)" if more else ""
        return f"{kind} of {self.path}: DAMAGED. {self.problems[0]}{tail}"


def check(
    path: Path,
    tz: tzinfo = UTC,
    *,
    rebuild: bool = True,
    anchor_dir: Path | None = None,
    backup_dir: Path | None = None,
    anchor_of: Path | None = None,
    remember: bool = True,
) -> CheckReport:
    """The full check: every layer over everything. Five years of a large home (100,000 entries) take a few
    seconds. `rebuild=False` skips rebuilding ruptures that are not open (what a restore's second look uses).

    Anchors: this PC's, in `anchor_dir`, for the database at `anchor_of` (default: `path`), and the newest
    backup's in `backup_dir`; a backup file is also held to its own sidecar. When the check passes and
    `remember`, this PC's anchor moves on to what the file holds now."""
    return _run(Path(path), tz, False, rebuild, anchor_dir, backup_dir, anchor_of, remember)


def startup_check(
    path: Path, anchor_dir: Path | None = None, tz: tzinfo = UTC, *, backup_dir: Path | None = None
) -> CheckReport:
    """The board's start-up check, costing the same on the first day as after ten years (see the module's
    docstring for what it covers; the full check covers the rest). Anchors and `remember` as for `check`."""
    return _run(Path(path), tz, True, False, anchor_dir, backup_dir, None, True)


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


@dataclass(frozen=True)
class _Held:
    """An anchor to hold the file to, and how to name it in a report."""

    anchor: Anchor
    label: str
    exact: bool = False
    """A backup against its own sidecar: it must end exactly where its anchor says."""


def _gather(
    path: Path,
    anchor_dir: Path | None,
    backup_dir: Path | None,
    anchor_of: Path | None,
    first: str | None,
    notes: list[str],
) -> list[_Held]:
    """The anchors to hold `path` (whose record begins with the seal `first`) to: the newest-written of this
    PC's and the newest backup's of this same database (anchors only move on, so the later one has seen the
    most), and a backup file's own sidecar."""
    held: list[_Held] = []
    best = _newest_anchor(anchor_of or path, anchor_dir, backup_dir, first, notes)
    if best is not None:
        held.append(best)
    own = anchors.sidecar(path)
    if own.is_file() and (a := _load(own, notes)) is not None:
        held.append(_Held(a, "this backup's anchor", exact=True))
    return held


def _newest_anchor(
    db_path: Path, anchor_dir: Path | None, backup_dir: Path | None, first: str | None, notes: list[str]
) -> _Held | None:
    found: list[_Held] = []
    if anchor_dir is not None:
        # Kept by path: a different database found there is itself a finding (see _against).
        if (a := _load(anchors.state_file(anchor_dir, db_path), notes)) is not None:
            found.append(_Held(a, "this PC"))
    # A backup folder may be shared by two homes: only backups of this database say what it held.
    sidecar = anchors.newest_sidecar(backup_dir, first)
    if sidecar is not None and (a := _load(sidecar, notes)) is not None:
        found.append(_Held(a, f"the newest backup ({sidecar.name.removesuffix('.anchor')})"))
    return max(found, key=lambda h: h.anchor.written_at or "") if found else None


def newest_anchor(db_path: Path, anchor_dir: Path | None, backup_dir: Path | None, first: str | None) -> Anchor | None:
    """Of this PC's anchor for `db_path` and the newest backup's of the database whose record begins with the
    seal `first`, the one written last (it has seen the most)."""
    held = _newest_anchor(Path(db_path), anchor_dir, backup_dir, first, [])
    return held.anchor if held else None


def first_seal(path: Path) -> str | None:
    """The seal of the record chain's first entry: which database this is (None before the record chain).
    Raises StorageError or sqlite3.DatabaseError for a file that cannot be read."""
    with _reading(Path(path)) as conn:
        return anchors.heads(conn).first


def _load(path: Path, notes: list[str]) -> Anchor | None:
    try:
        return anchors.load(path)
    except ValueError as exc:
        notes.append(f"An anchor could not be used: {exc}.")
        return None


def _run(
    path: Path,
    tz: tzinfo,
    quick: bool,
    rebuild: bool,
    anchor_dir: Path | None,
    backup_dir: Path | None,
    anchor_of: Path | None,
    remember: bool,
) -> CheckReport:
    report = CheckReport(path=path, quick=quick)
    try:
        with _reading(path) as conn:
            if not quick:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
                if rows != [("ok",)]:
                    report.problems.append(f'The file itself is damaged (SQLite reports: "{rows[0][0]}").')
                    return report
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"events", "ruptures", "staff"} <= tables:
                report.problems.append("It is not a handover database.")
                return report
            names = dict(conn.execute("SELECT id, name FROM staff").fetchall())
            report.heads = anchors.heads(conn)
            held = _gather(path, anchor_dir, backup_dir, anchor_of, report.heads.first, report.notes)
            touched = _check_events(conn, report, names, tz, QUICK_TAIL if quick else None)
            if quick:
                named = {r for h in held for r in h.anchor.open_ruptures}
                opened = {r[0] for r in conn.execute(f"SELECT id FROM ruptures WHERE status IN {_OPEN}")}
                _check_current_rows(conn, report, names, tz, sorted(opened | named | touched))
            else:
                _check_versions(conn, report)
                _check_references(conn, report)
                where = (
                    None
                    if rebuild
                    else sorted(r[0] for r in conn.execute(f"SELECT id FROM ruptures WHERE status IN {_OPEN}"))
                )
                _check_current_rows(conn, report, names, tz, where)
            if "record_events" in tables:
                report.records, _ = record_check.check_record(
                    conn, names, tz, tail=QUICK_TAIL if quick else None, problems=report.problems
                )
            else:
                report.notes.append(
                    "It was made before the record chain (people, settings and the audit were not sealed then)."
                )
            for h in held:
                report.problems.extend(_against(conn, report.heads, h))
            if not held and anchor_dir is not None and report.heads.events is not None:
                report.notes.append(
                    "This PC had no anchor for this database yet: from now on, entries removed from its end "
                    "are found too."
                )
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"The file cannot be read as a database ({exc}).")
        return report
    if report.ok and remember and anchor_dir is not None and report.heads is not None:
        try:
            anchors.write(anchors.state_file(anchor_dir, anchor_of or path), report.heads, database=str(path))
        except OSError as exc:
            report.notes.append(f"This PC's anchor could not be written ({exc.strerror or exc}).")
    return report


# -- the events chain and the ruptures --------------------------------------------------------------------
def describe_event(row: tuple[Any, ...], names: dict[int, str], tz: tzinfo) -> str:
    """'Entry #412 (rupture #87, repaired by Sam Kell on 3 Nov 2026 14:05)', from the row as it now reads."""
    event_id, rupture_id, at, actor_id, kind = row[:5]
    who = names.get(actor_id, f"staff member #{actor_id}")
    return f"Entry #{event_id} (rupture #{rupture_id}, {passive(kind)} by {who} on {record_check.when(at, tz)})"


def _check_events(
    conn: sqlite3.Connection, report: CheckReport, names: dict[int, str], tz: tzinfo, tail: int | None
) -> set[int]:
    """The events chain, whole or its newest `tail` entries; returns the ruptures those newest entries belong to."""
    start = 0
    if tail is not None:
        # One entry before the window too, so the window's first link is checked as well.
        row = conn.execute("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?", (tail,)).fetchone()
        start = row[0] if row else 0
    touched: set[int] = set()

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in conn.execute(f"SELECT {_EVENT_COLS} FROM events WHERE id >= ? ORDER BY id", (start,)):
            report.events += 1
            if tail is not None:
                touched.add(row[1])
            yield row

    report.problems.extend(
        chain.verify(
            rows(), chain.event_seal, lambda r: describe_event(r, names, tz), "Entries", from_the_start=tail is None
        )
    )
    return touched


def _check_versions(conn: sqlite3.Connection, report: CheckReport) -> None:
    # Every step adds exactly one entry and one version, so they must agree.
    rows = conn.execute(
        "SELECT r.id, r.version, (SELECT count(*) FROM events e WHERE e.rupture_id = r.id) AS n "
        "FROM ruptures r WHERE r.version != n ORDER BY r.id"
    ).fetchall()
    for rupture_id, version, count in rows:
        report.problems.append(
            f"Rupture #{rupture_id} should have {version} entries but has {count}: "
            + ("entries are missing." if count < version else "entries were added outside the board.")
        )


def _check_current_rows(
    conn: sqlite3.Connection, report: CheckReport, names: dict[int, str], tz: tzinfo, ids: list[int] | None
) -> None:
    """Rebuild each rupture (or those in `ids`) from its entries and compare it with its row. For a chosen few
    (the start-up check), each entry's own seal is checked too, since its links may lie outside the window."""
    if ids is not None and not ids:
        return
    where = "" if ids is None else f" WHERE r.id IN ({','.join(map(str, ids))})"
    cursor = conn.execute(_RUPTURE_SELECT + where + " ORDER BY r.id")
    cols = [d[0] for d in cursor.description]
    stored = {row[0]: dict(zip(cols, row, strict=True)) for row in cursor.fetchall()}
    event_where = "" if ids is None else f" WHERE rupture_id IN ({','.join(map(str, ids))})"
    rows = conn.execute(f"SELECT {_EVENT_COLS} FROM events{event_where} ORDER BY rupture_id, id")
    seen: set[int] = set()
    for rupture_id, group in groupby(rows, key=lambda r: r[1]):
        seen.add(rupture_id)
        entries = list(group)
        row = stored.get(rupture_id)
        if row is None:
            if ids is not None:  # the full check's reference check says this for every rupture at once
                report.problems.append(
                    f"Rupture #{rupture_id} was removed outside the board: its {len(entries)} entries are still there."
                )
            continue
        report.ruptures += 1
        if ids is not None:
            for r in entries:
                if r[-1] and chain.event_seal(r) != r[-1]:
                    report.problems.append(
                        f"{describe_event(r, names, tz)} has been changed outside the board: "
                        "its content no longer matches its seal."
                    )
        if ids is not None and row["version"] != len(entries):
            report.problems.append(
                f"Rupture #{rupture_id} should have {row['version']} entries but has {len(entries)}: "
                + ("entries are missing." if len(entries) < row["version"] else "entries were added outside the board.")
            )
        try:
            rebuilt = replay(_event(r) for r in entries)
        except (HandoverError, ValueError, KeyError, TypeError) as exc:
            report.problems.append(f"Rupture #{rupture_id}'s entries cannot be followed in order ({exc}).")
            continue
        if diffs := _rupture_differences(rebuilt, row, names, tz):
            report.problems.append(record_check.changed_sentence(f"Rupture #{rupture_id}", diffs, "its entries"))
    if ids is not None:
        for rupture_id in sorted(set(ids) - seen):
            if rupture_id in stored:
                report.problems.append(f"Rupture #{rupture_id} has no entries: they were removed outside the board.")
            else:
                report.problems.append(
                    f"Rupture #{rupture_id} was removed outside the board, with all its entries: it was open when "
                    "this PC last checked the record."
                )


def _rupture_differences(
    rebuilt: Rupture, row: dict[str, Any], names: dict[int, str], tz: tzinfo
) -> list[tuple[str, str, str]]:
    # Compared as stored text: the converters write one fixed form, so equal state means equal text.
    expected = conv.rupture_row(rebuilt)
    differs = [k for k, v in expected.items() if row[k] != v and not _unset_since_m002(k, row)]
    found = [(k, expected[k], row[k]) for k in differs]
    adults = ",".join(map(str, rebuilt.adult_ids))
    if adults != (row["adult_ids"] or ""):
        found.append(("adult_ids", adults, row["adult_ids"] or ""))
    return [
        (_FIELD_WORDS.get(k, k.replace("_", " ")), _say(k, a, names, tz), _say(k, b, names, tz)) for k, a, b in found
    ]


def _say(column: str, value: Any, names: dict[int, str], tz: tzinfo) -> str:
    if value is None or value == "":
        return "nothing"
    if column in ("owner_id", "recorded_by", "updated_by"):
        return names.get(value, f"staff member #{value}")
    if column == "adult_ids":
        return ", ".join(names.get(int(i), f"staff member #{i}") for i in str(value).split(",") if i)
    if column == "young_person_id":
        return f"young person #{value}"
    if column.endswith("_at") or column == "next_step_due":
        return record_check.when(value, tz)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"


#: Columns m002 added with an empty default: a database made before it holds them empty for ruptures
#: whose steps came earlier, so an empty one is not a sign of tampering (a wrong non-empty one is).
_ADDED_EMPTY = {"next_step": None, "next_step_due": None, "awaiting_acceptance": 0}


def _unset_since_m002(column: str, row: dict[str, Any]) -> bool:
    return column in _ADDED_EMPTY and row[column] == _ADDED_EMPTY[column]


def _event(row: tuple[Any, ...]) -> Event:
    # Built without pydantic's validation: 100,000 entries in a five-year home make it the slow part,
    # and the fields are exactly what the converters wrote (a bad one fails in replay, and is reported).
    event_id, rupture_id, at, actor_id, kind, payload = row[:6]
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


# -- anchors ----------------------------------------------------------------------------------------------
def _against(conn: sqlite3.Connection, now: Anchor, held: _Held) -> list[str]:
    """Whether the file still holds what the anchor saw: its first record entry, and both chains' heads."""
    a, who = held.anchor, held.label
    seen = f"{who} saw"
    if a.first is not None and now.first is None and now.record is None:
        return [
            f"The record chain (people, settings and the audit) has been removed from the file outside the board: "
            f"{seen} up to record entry #{a.record.id if a.record else 1}."
        ]
    if a.first is not None and now.first != a.first:
        fix = f" (If a new home was set up at this path on purpose, delete {a.source} and check again.)"
        return [
            f"This is not the database {seen}: its record begins differently. Either the file was replaced, or "
            "its history was rewritten from the start." + (fix if who == "this PC" and a.source else "")
        ]
    problems = []
    for noun, table, then, current in (
        ("entry", "events", a.events, now.events),
        ("record entry", "record_events", a.record, now.record),
    ):
        if then is None:
            continue
        row = conn.execute(f"SELECT hash FROM {table} WHERE id = ?", (then.id,)).fetchone()
        newest = current.id if current else 0
        if row is None:
            problems.append(
                f"The newest {noun.replace('entry', 'entries')} {seen} are missing: {noun} #{then.id} was there, "
                f"but the file's newest {noun} is #{newest}. They were removed outside the board, lost in a power "
                "cut straight after they were written, or an older copy was put in place of the database by hand."
            )
        elif row[0] != then.hash:
            problems.append(
                f"{noun.capitalize()} #{then.id} is not the one {seen}: the history up to it was rewritten (seals "
                "and all) outside the board."
            )
        elif held.exact and newest != then.id:
            problems.append(
                f"This backup holds {noun.replace('entry', 'entries')} added after it was made (up to #{newest}; "
                f"its anchor says #{then.id})."
            )
    return problems


def agrees_with_anchor(backup_path: Path, anchor: Anchor) -> bool:
    """Whether nothing in `anchor` contradicts a backup: it is the same database (its record begins with the
    anchored first entry), and where it reaches an anchored head, it has the anchored seal there. (A backup
    older than the anchor cannot be contradicted by it; its own chain vouches for it.)"""
    with _reading(Path(backup_path)) as conn:
        heads = anchors.heads(conn)
        if anchor.first is not None and heads.first != anchor.first:
            return False
        for table, then, own in (
            ("events", anchor.events, heads.events),
            ("record_events", anchor.record, heads.record),
        ):
            if then is None or own is None or own.id < then.id:
                continue
            row = conn.execute(f"SELECT hash FROM {table} WHERE id = ?", (then.id,)).fetchone()
            if row is None or row[0] != then.hash:
                return False
    return True


def agrees(db_path: Path, backup_path: Path) -> str | None:
    """None when a backup's history and the database's agree as far as both go (in each chain, one is a prefix
    of the other); else what differs, in words. Raises StorageError or sqlite3.DatabaseError for a file that
    cannot be read."""
    with _reading(Path(db_path)) as mine, _reading(Path(backup_path)) as theirs:
        return _prefix(mine, theirs, anchors.heads(mine), anchors.heads(theirs))


def _prefix(mine: sqlite3.Connection, theirs: sqlite3.Connection, a: Anchor, b: Anchor) -> str | None:
    if a.first != b.first and a.first is not None and b.first is not None:
        return "it is a copy of another database (its record begins differently)"
    for noun, table, head_a, head_b in (
        ("entry", "events", a.events, b.events),
        ("record entry", "record_events", a.record, b.record),
    ):
        if head_a is None or head_b is None:
            continue
        # The shorter chain's head must be in the longer one, with the same seal.
        shorter, longer = (head_a, theirs) if head_a.id <= head_b.id else (head_b, mine)
        try:
            row = longer.execute(f"SELECT hash FROM {table} WHERE id = ?", (shorter.id,)).fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None or row[0] != shorter.hash:
            return f"its {noun} #{shorter.id} differs from the database's"
    return None
