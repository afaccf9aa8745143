"""Backups and restore: consistent copies taken while boards are open, kept for a year, never lost on restore.

- `backup` copies with SQLite's online backup API in one step, which reads from a single snapshot: boards
  go on writing (WAL mode) and the copy holds exactly what was committed when it started. The copy is
  written as a private file under a temporary name (`.….db.partial`), given the full check (db/integrity.py,
  against this PC's anchor and the newest backup's), and only then renamed to `handover-YYYY-MM-DDTHHMM.db`,
  with its anchor beside it (`….db.anchor`, db/anchor.py). A database that fails the check is not copied: a
  copy of an altered record would only look like a good one. `.partial` files left by a backup that was
  killed are removed by the next one.
- `daily_backup_if_due` makes the day's copy on the board's first start each day, then keeps the newest
  copy of each of the last 30 days and of the last 12 months that have copies. Pruning runs only after a
  good copy was made, so a database that cannot be backed up never causes good old copies to be deleted.
- `restore` checks the backup first (against its own anchor too), refuses while the database is open anywhere,
  moves the current file aside to `<name>.before-restore-<time>` (never overwritten, never deleted), puts the
  copy in its place and sets this PC's anchor back to what the copy holds.
- `last_good_backup`: the newest backup whose own check passes and whose history agrees with the database's.

Times in file names are `now` as given: pass the home's local time, as people read them.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import IO

from db import anchor, audit, integrity
from db.connection import explain
from db.files import fsync_dir, open_private, secure_dir
from db.store import Store
from handover.domain.errors import InvalidInput, NotFound, StorageError

KEEP_DAILY = 30
KEEP_MONTHLY = 12

_NAME = re.compile(r"^handover-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(?:-(\d+))?\.db$")


@dataclass(frozen=True)
class BackupFile:
    """A backup in a backup folder, and when it was taken (as its name says, local time)."""

    path: Path
    taken: datetime
    seq: int = 1


@dataclass(frozen=True)
class DailyBackup:
    """What `daily_backup_if_due` did: the copy it made (None if today's existed) and the copies it removed."""

    made: Path | None
    removed: list[Path] = field(default_factory=list)


def folder_for(db_path: Path, configured: Path | None = None) -> Path:
    """Where a database's backups go: the configured folder (HANDOVER_BACKUP_DIR), else `backups` beside
    the database. Two databases side by side share that folder, as homes given one configured folder do:
    each counts, keeps and prunes only its own copies there (`backups_of`)."""
    return Path(configured).expanduser().absolute() if configured else Path(db_path).absolute().parent / "backups"


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in `folder`, oldest first. Files not named like a backup are never touched or listed."""
    found = []
    folder = Path(folder).absolute()  # absolute, so paths compare equal to what `backup` returned
    if folder.is_dir():
        for path in folder.iterdir():
            if (m := _NAME.match(path.name)) and path.is_file():
                y, mo, d, h, mi, seq = m.groups()
                try:
                    taken = datetime(int(y), int(mo), int(d), int(h), int(mi))
                except ValueError:
                    continue
                found.append(BackupFile(path, taken, int(seq or 1)))
    return sorted(found, key=lambda b: (b.taken, b.seq))


def backups_of(folder: Path, first: str | None) -> list[BackupFile]:
    """The backups in `folder` of the database whose record begins with the seal `first`, oldest first. A folder
    can hold more than one home's backups (one backup folder set for several homes, two databases side by
    side): each home's daily copy, its pruning and the check's newest backup are its own. A backup says which
    database it is by the anchor beside it, or, without one, by its own record's first entry. With `first`
    None (a database from before the record chain, which cannot say which it is), every backup in `folder`."""
    found = list_backups(folder)
    return found if first is None else [b for b in found if first_of(b.path) == first]


def first_of(backup_file: Path) -> str | None:
    """Which database a backup is a copy of: the first seal of its record (None when it cannot be told)."""
    try:
        beside = anchor.load(anchor.sidecar(backup_file))
    except ValueError:
        beside = None
    if beside is not None and beside.first is not None:
        return beside.first
    try:
        return integrity.first_seal(backup_file)
    except (StorageError, sqlite3.DatabaseError):
        return None


def database_first(db_path: Path) -> str | None:
    """The database's first seal, or None where it cannot be read (then every backup in the folder counts)."""
    try:
        return integrity.first_seal(db_path)
    except (StorageError, sqlite3.DatabaseError):
        return None


def _free_name(folder: Path, now: datetime) -> Path:
    base = f"handover-{now:%Y-%m-%dT%H%M}"
    candidate, n = folder / f"{base}.db", 1
    while candidate.exists() or (folder / f".{candidate.name}.partial").exists():
        n += 1
        candidate = folder / f"{base}-{n}.db"
    return candidate


def _copy(src_path: Path, dest: Path) -> None:
    """SQLite online backup from `src_path` into the (new, empty, private) file `dest`, as one self-contained
    file (rollback journal, no -wal beside it)."""
    src = sqlite3.connect(src_path, timeout=5)
    try:
        dst = sqlite3.connect(dest)
        try:
            # pages=-1: all pages in one step, from one read snapshot. Copying in small steps would restart
            # every time another terminal commits, and might never finish on a busy evening.
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup(src_path: Path, dest_dir: Path, now: datetime, *, anchor_dir: Path | None = None) -> Path:
    """Copy the database at `src_path` into `dest_dir` (made 0700 if new) as a checked 0600 file with its anchor
    beside it; return it. Refuses, saying why, a database that fails the full check (held to this PC's anchor
    in `anchor_dir`, when given, which then moves on to what the copy holds)."""
    src_path = Path(src_path)
    if not src_path.is_file():
        raise NotFound(f"There is no database at {src_path} to back up.")
    if Path(dest_dir).exists() and not Path(dest_dir).is_dir():
        raise StorageError(f"Cannot make a backup in {dest_dir}: it is a file, not a folder. Choose a folder.")
    try:
        folder = secure_dir(Path(dest_dir).absolute())  # absolute: the name goes into the audit and messages
        clear_leftovers(folder)
        final = _free_name(folder, now)
        partial = folder / f".{final.name}.partial"
        with _held(partial) as _:
            try:
                _copy(src_path, partial)
                report = integrity.check(
                    partial, rebuild=True, anchor_dir=anchor_dir, backup_dir=folder, anchor_of=src_path, remember=False
                )
                if not report.ok:
                    raise StorageError(
                        f"No backup was made: the database fails its check. {report.problems[0]} A copy of an "
                        f"altered record would only look like a good one. Run `handover check --db {src_path}` "
                        "to see everything that is off and which backup is the last good one."
                    )
                assert report.heads is not None
                _fsync(partial)
                anchor.write(anchor.sidecar(final), report.heads, backup=final.name)
                os.rename(partial, final)
                fsync_dir(folder)
            finally:
                partial.unlink(missing_ok=True)
        if anchor_dir is not None:
            anchor.write(anchor.state_file(anchor_dir, src_path), report.heads, database=str(src_path))
    except sqlite3.DatabaseError as exc:
        raise explain(exc, src_path) from None
    except OSError as exc:
        raise StorageError(f"Could not write the backup into {dest_dir}: {exc.strerror or exc}.") from None
    return final


#: A backup's temporary copy stays locked (flock) while it is written; one nobody holds was left by a backup that
#: was killed. Where flock is missing (Windows, which cannot delete an open file anyway), age decides.
_LEFTOVER_AGE_SECONDS = 3600


@contextmanager
def _held(partial: Path) -> Iterator[IO[bytes]]:
    """Create the temporary copy, private from the first byte, and hold a lock on it while the backup runs."""
    with open_private(partial, "wb") as handle:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        yield handle


def clear_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files of backups that were killed part-way (tens of MB each), never one a backup
    running now is writing. Returns what was removed."""
    removed = []
    for path in sorted(Path(folder).glob(".handover-*.partial")):
        if _abandoned(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _abandoned(path: Path) -> bool:
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None or not path.name.endswith(".db.partial"):
        # An anchor's temporary file lives for milliseconds; a copy without flock, an hour.
        try:
            return time.time() - path.stat().st_mtime > (_LEFTOVER_AGE_SECONDS if fcntl is None else 600)
        except OSError:
            return False
    try:
        with open(path, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
    except BlockingIOError:
        return False
    except OSError:
        return False


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def prune(
    folder: Path,
    *,
    keep: tuple[Path, ...] = (),
    daily: int = KEEP_DAILY,
    monthly: int = KEEP_MONTHLY,
    first: str | None = None,
) -> list[Path]:
    """Delete backups beyond the newest of each of the last `daily` days and `monthly` months that have
    backups (a PC left off for a fortnight keeps its older copies), of the database whose record begins with
    `first` only (`backups_of`): another home's backups in the same folder are never touched. Paths in `keep`
    are never deleted. Returns what was removed, oldest first."""
    backups = backups_of(folder, first)
    per_day: dict[date, BackupFile] = {}
    per_month: dict[tuple[int, int], BackupFile] = {}
    for b in backups:  # oldest first, so the newest of each day and month wins
        per_day[b.taken.date()] = b
        per_month[(b.taken.year, b.taken.month)] = b
    kept = {per_day[d].path for d in sorted(per_day)[-daily:]} if daily else set()
    kept |= {per_month[m].path for m in sorted(per_month)[-monthly:]} if monthly else set()
    kept |= {Path(p).absolute() for p in keep}
    removed = [b.path for b in backups if b.path not in kept]
    for path in removed:
        path.unlink(missing_ok=True)
        anchor.sidecar(path).unlink(missing_ok=True)
    return removed


def daily_backup_if_due(
    db_path: Path, backup_dir: Path, now: datetime, *, anchor_dir: Path | None = None
) -> DailyBackup:
    """Make today's backup of this database unless it has one (today: `now`'s date), prune its old ones, and
    note it in the audit. Another home's backups in the same folder neither count as today's nor are pruned."""
    first = database_first(db_path)
    if any(b.taken.date() == now.date() for b in backups_of(backup_dir, first)):
        return DailyBackup(made=None)
    made = backup(db_path, backup_dir, now, anchor_dir=anchor_dir)
    removed = prune(backup_dir, keep=(made,), first=first)
    store = Store.open(db_path)
    try:
        detail = {"file": str(made), "automatic": True, "removed": [p.name for p in removed]}
        audit.record(store, now, None, "backup", detail=detail)
    finally:
        store.close()
    return DailyBackup(made=made, removed=removed)


# -- restore -----------------------------------------------------------------------------------------------
def restore(backup_file: Path, db_path: Path, now: datetime, *, anchor_dir: Path | None = None) -> Path | None:
    """Put `backup_file` in place of the database at `db_path`. Returns where the previous database was
    moved (None if there was none). Refuses a damaged backup, or a database still open, changing nothing.
    This PC's anchor (in `anchor_dir`) is set back to what the backup holds: the newer entries are in the
    file moved aside, not missing."""
    backup_file, db_path = Path(backup_file), Path(db_path)
    if not backup_file.is_file():
        raise NotFound(f"There is no backup file at {backup_file}. Nothing was changed.")
    if db_path.exists() and backup_file.resolve() == db_path.resolve():
        raise InvalidInput(f"{backup_file} is the database itself, not a backup of it. Nothing was changed.")
    report = integrity.check(backup_file)
    if not report.ok:
        raise StorageError(
            f"The backup {backup_file} is damaged and will not be restored: {report.problems[0]} "
            "Nothing was changed. Choose an older backup."
        )
    _refuse_if_open(db_path)
    folder = secure_dir(db_path.parent)
    # The copy is made and checked beside the database BEFORE anything moves, so a failure here leaves
    # the current database exactly where and as it was.
    incoming = folder / f".{db_path.name}.restoring"
    incoming.unlink(missing_ok=True)
    try:
        open_private(incoming, "wb").close()
        _copy(backup_file, incoming)
        if not (again := integrity.check(incoming, rebuild=False)).ok:
            raise StorageError(f"The restored copy failed its check ({again.problems[0]}). Nothing was changed.")
        aside = _move_aside(db_path, now)
        os.rename(incoming, db_path)
        fsync_dir(folder)
        if anchor_dir is not None and again.heads is not None:
            anchor.write(
                anchor.state_file(anchor_dir, db_path),
                again.heads,
                database=str(db_path),
                restored_from=str(backup_file),
            )
    except sqlite3.DatabaseError as exc:
        raise explain(exc, backup_file) from None
    finally:
        incoming.unlink(missing_ok=True)
    return aside


def _refuse_if_open(db_path: Path) -> None:
    """Refuse while any board or command has the database open: it would go on writing into the old file
    after the move, and those entries would be lost from the restored one. In WAL mode every open connection
    holds a shared lock, so an exclusive lock is only granted to the only user."""
    if not db_path.exists():
        return
    conn = sqlite3.connect(db_path, timeout=0.5, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(
                f"{db_path} is open on this PC (a board, `handover serve` or another command). Close every "
                "board, then restore again. Nothing was changed."
            ) from None
    except sqlite3.DatabaseError:
        pass  # a damaged database cannot be opened by a board either; move it aside as it is
    finally:
        # Closing the last connection also folds any -wal into the file and removes it.
        conn.close()


def _move_aside(db_path: Path, now: datetime) -> Path | None:
    if not db_path.exists():
        return None
    base = f"{db_path.name}.before-restore-{now:%Y-%m-%dT%H%M}"
    aside, n = db_path.with_name(base), 1
    while any(Path(f"{aside}{s}").exists() for s in ("", "-wal", "-shm")):
        n += 1
        aside = db_path.with_name(f"{base}-{n}")
    # Any -wal and -shm move with it under the matching name, so the old database opens whole.
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{db_path}{suffix}")
        if src.exists():
            os.rename(src, f"{aside}{suffix}")
    return aside


def last_good_backup(
    db_path: Path, folder: Path, tz: tzinfo, *, anchor_dir: Path | None = None
) -> tuple[BackupFile, integrity.CheckReport] | None:
    """What `handover check` tells the manager to restore: the newest backup in `folder` whose own full check
    passes (its anchor included) and whose history is the record's. That is: it agrees with the database as far
    as both go (one is the start of the other); or, when the database's own history is what was altered (it
    cannot be read, or disagrees), it is the same database and the newest anchor (this PC's, in `anchor_dir`, or
    the newest backup's) does not contradict it. None if no backup is good."""
    try:
        first, readable = integrity.first_seal(db_path), True
    except (StorageError, sqlite3.DatabaseError):
        # Missing or unreadable: which database it was, this PC's anchor says (if it has one).
        state = integrity.newest_anchor(db_path, anchor_dir, None, None)
        first, readable = (state.first if state else None), False
    anchored = integrity.newest_anchor(db_path, anchor_dir, folder, first)
    for found in reversed(backups_of(folder, first)):
        report = integrity.check(found.path, tz)
        if not report.ok:
            continue
        if readable and integrity.agrees(db_path, found.path) is None:
            return found, report
        if anchored is not None and integrity.agrees_with_anchor(found.path, anchored):
            return found, report
        if not readable and anchored is None:
            return found, report  # nothing to hold it to but its own check
    return None
