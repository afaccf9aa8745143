"""Reading another handover database file without changing it: whose home it is and who its staff are.

`handover restore` needs this from the backup it is about to put in place, before anything moves: which home
the backup belongs to (so another home's records never replace this one's without a word), and, when the
current database cannot be read, who the backup's managers are and their PIN hashes, so the PIN is checked
against the very records being restored. The file is opened read-only (immutable when it has no -wal, so not
even a -shm is made beside it), and closed before returning.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import converters as conv
from db.connection import explain
from db.files import os_error_words, shown
from handover.domain.errors import StorageError
from handover.domain.models import StaffMember


@dataclass(frozen=True)
class Peeked:
    """What a database file says about itself."""

    settings: dict[str, str]
    staff: tuple[StaffMember, ...]
    pin_hashes: dict[int, str]
    """Staff id -> stored PIN hash, for those who have one."""

    @property
    def home_name(self) -> str | None:
        return self.settings.get("home_name")

    @property
    def home_id(self) -> str | None:
        return self.settings.get("home_id") or None


def peek(path: Path) -> Peeked:
    """Read `path`'s settings and staff without writing anything, or refuse in plain words (not a handover
    database, damaged, unreadable)."""
    path = Path(path).absolute()
    try:
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro{immutable}", uri=True, timeout=5)
    except OSError as exc:
        raise StorageError(f"Cannot read {shown(path)}: {os_error_words(exc, path)}.") from None
    except sqlite3.Error as exc:
        raise explain(exc, path) from None
    conn.row_factory = sqlite3.Row
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"settings", "staff"} <= tables:
            raise StorageError(f"{shown(path)} is not a handover database. Nothing was changed.")
        settings = {str(r["key"]): str(r["value"]) for r in conn.execute("SELECT key, value FROM settings")}
        rows = [dict(r) for r in conn.execute("SELECT * FROM staff ORDER BY id")]
    except sqlite3.Error as exc:
        raise explain(exc, path) from None
    finally:
        conn.close()
    staff = tuple(conv.staff_member(r) for r in rows)
    hashes = {int(r["id"]): str(r["pin_hash"]) for r in rows if r.get("pin_hash")}
    return Peeked(settings=settings, staff=staff, pin_hashes=hashes)


def same_home(a: Peeked | dict[str, str], b: Peeked | dict[str, str]) -> bool:
    """Whether two databases are the same home's: by the home id both keep, else by the home's name."""
    first = a.settings if isinstance(a, Peeked) else a
    second = b.settings if isinstance(b, Peeked) else b
    if first.get("home_id") and second.get("home_id"):
        return first["home_id"] == second["home_id"]
    return (
        " ".join(first.get("home_name", "").split()).casefold()
        == " ".join(second.get("home_name", "").split()).casefold()
    )
