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

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path

from db import anchor as anchors
from db import record_check, rupture_check
from db.anchor import Anchor
from db.rupture_check import OPEN_STATUSES
from handover.domain.errors import StorageError

#: How many of the newest entries of each chain the start-up check re-seals (a few ms); the full check does all.
QUICK_TAIL = 500


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
            touched = rupture_check.check_events(conn, report, names, tz, QUICK_TAIL if quick else None)
            if quick:
                named = {r for h in held for r in h.anchor.open_ruptures}
                opened = {r[0] for r in conn.execute(f"SELECT id FROM ruptures WHERE status IN {OPEN_STATUSES}")}
                rupture_check.check_current_rows(conn, report, names, tz, sorted(opened | named | touched))
            else:
                rupture_check.check_versions(conn, report)
                rupture_check.check_references(conn, report)
                where = (
                    None
                    if rebuild
                    else sorted(r[0] for r in conn.execute(f"SELECT id FROM ruptures WHERE status IN {OPEN_STATUSES}"))
                )
                rupture_check.check_current_rows(conn, report, names, tz, where)
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
