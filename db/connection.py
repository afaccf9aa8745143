"""Opening the database file with the settings every connection needs, and plain-words storage errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from db.files import create_private, os_error_words, secure_dir, shown
from handover.domain.errors import StorageError

if TYPE_CHECKING:  # sqlite-utils is imported only where it is used, so the board starts without it
    import sqlite_utils

#: How long a write waits for another terminal's write to finish before giving up.
BUSY_TIMEOUT_MS = 5000


def connect(path: Path, *, create: bool = False) -> sqlite_utils.Database:
    """Open `path` (see `open_connection`) as an sqlite-utils Database."""
    import sqlite_utils

    return sqlite_utils.Database(open_connection(path, create=create))


def open_connection(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open `path` in WAL mode with foreign keys on. Refuses a missing file unless `create`."""
    path = Path(path)
    made = False
    try:
        exists = path.exists()
        if exists and path.is_dir():
            raise StorageError(f"{shown(path)} is a folder, not a database file. Check --db.")
        if not create and not exists:
            raise StorageError(
                f"There is no database at {shown(path)}. Run `handover init --home NAME` to start one, "
                "or `handover demo` to try the board on a demo home."
            )
        if create:
            secure_dir(path.parent)
            # Private from the first byte: made 0600 here, before SQLite opens it (SQLite would make it 0644
            # under the usual umask), never loosened and tightened afterwards. SQLite gives the -wal and -shm
            # files the database file's own mode.
            made = create_private(path)
    except OSError as exc:
        raise StorageError(f"Cannot open the database {shown(path)}: {os_error_words(exc, path)}.") from None
    try:
        # isolation_level=None: no hidden transactions; every write opens its own BEGIN IMMEDIATE.
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        if made:  # the empty file made above, so a failed `init` leaves nothing behind
            path.unlink(missing_ok=True)
        raise explain(exc, path) from None
    return conn


def explain(exc: sqlite3.Error, path: Path | str = "the database") -> StorageError:
    """Translate an sqlite3 error into words a care worker can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            f"The database is busy: another terminal kept it locked for more than {BUSY_TIMEOUT_MS / 1000:g} seconds. "
            "Nothing was saved. Try again in a moment."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"{path} is damaged or is not a handover database. Nothing was changed. "
            "Restore it from a backup, or point --db at the right file."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        if _read_only_folder(Path(path)):
            return StorageError(
                f"The folder of {shown(path)} is read-only (or on a read-only disk), and handover writes beside "
                "the database even to read it. Nothing was changed: copy it to a folder you can write in."
            )
        return StorageError(f"Cannot write to {path}: check the file and its folder belong to you.")
    return StorageError(f"The database refused the change ({exc}). Nothing was saved.")


def _read_only_folder(path: Path) -> bool:
    """Whether the folder holding `path` cannot be written: a read-only disk (which even root cannot write),
    or a folder this account may not write in."""
    folder = path.parent if str(path) != "the database" else Path(".")
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
        return not os.access(folder, os.W_OK)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic write: BEGIN IMMEDIATE takes the write lock up front, so a busy wait happens before any
    work and a reader's stale snapshot can never make the commit fail half-way."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise explain(exc) from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise explain(exc) from None
