"""Anchors: the two chains' heads, kept outside the database file, so entries removed from the END of a chain
(which leaves no broken link behind) are still found.

An anchor is a small JSON file: the newest event's id and seal, the newest record entry's id and seal, the seal
of the record's first entry (which database this is), and the open ruptures with their versions (so the
start-up check replays a rupture that was open, even if its row now says it is not). Two kinds are written:

- beside each backup, `handover-….db.anchor` (a sidecar): the heads the backup holds;
- in this PC's state folder (`handover.config.state_dir()`, passed in: db never reads this PC's settings),
  `anchors/<name>-<digest of the database's path>.anchor.json`: advanced by every check that passes and every
  backup, and reset by a restore.

A check reads the newest-written of the anchors it is given: its heads must be in the database with the same
seals. Files are written whole to a temporary name and renamed into place, private (0600) from the first byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from db.files import open_private, secure_dir

_OPEN = "('open', 'planned', 'attempted')"


@dataclass(frozen=True)
class Head:
    """A chain's newest entry: its id and seal."""

    id: int
    hash: str


@dataclass(frozen=True)
class Anchor:
    """What a database held at one moment, enough to tell later whether it still holds it."""

    first: str | None
    """The seal of the record chain's first entry: which database this is (None before the record chain)."""
    events: Head | None
    record: Head | None
    open_ruptures: dict[int, int] = field(default_factory=dict)
    """Open ruptures then, by id: their version."""
    home: str | None = None
    written_at: str | None = None
    """When the anchor was written (ISO-8601 UTC): of two anchors, the later one says more."""
    source: Path | None = None
    """The file it was read from (not stored)."""

    def to_json(self, **extra: Any) -> str:
        data = {
            "kind": "handover chain anchor",
            "version": 1,
            "home": self.home,
            "written_at": self.written_at,
            "first": self.first,
            "events": [self.events.id, self.events.hash] if self.events else None,
            "record": [self.record.id, self.record.hash] if self.record else None,
            "open_ruptures": {str(k): v for k, v in sorted(self.open_ruptures.items())},
            **extra,
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, source: Path | None = None) -> Anchor:
        """Raises ValueError for anything but an anchor this board wrote."""
        try:
            data = json.loads(text)
            if data.get("kind") != "handover chain anchor":
                raise ValueError("not a handover anchor")
            return cls(
                first=data["first"],
                events=Head(int(data["events"][0]), str(data["events"][1])) if data["events"] else None,
                record=Head(int(data["record"][0]), str(data["record"][1])) if data["record"] else None,
                open_ruptures={int(k): int(v) for k, v in data.get("open_ruptures", {}).items()},
                home=data.get("home"),
                written_at=data.get("written_at"),
                source=source,
            )
        except (AttributeError, KeyError, TypeError, IndexError, ValueError) as exc:
            raise ValueError(f"{source or 'the anchor'} is not an anchor this board wrote ({exc})") from None


def heads(conn: sqlite3.Connection, now: datetime | None = None) -> Anchor:
    """The anchor of what the database behind `conn` holds now (call inside one read snapshot)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    row = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    events = Head(row[0], row[1] or "") if row else None
    record = first = None
    if "record_events" in tables:
        row = conn.execute("SELECT id, hash FROM record_events ORDER BY id DESC LIMIT 1").fetchone()
        record = Head(row[0], row[1] or "") if row else None
        row = conn.execute("SELECT hash FROM record_events WHERE id = 1").fetchone()
        first = row[0] if row else None
    opened = dict(conn.execute(f"SELECT id, version FROM ruptures WHERE status IN {_OPEN}").fetchall())
    home = conn.execute("SELECT value FROM settings WHERE key = 'home_name'").fetchone()
    written = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    return Anchor(first, events, record, opened, home[0] if home else None, written)


def state_file(anchor_dir: Path, db_path: Path) -> Path:
    """This PC's anchor for the database at `db_path` (one per path: two homes on one PC never share one)."""
    resolved = str(Path(db_path).expanduser().absolute().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(anchor_dir) / "anchors" / f"{Path(db_path).name}-{digest}.anchor.json"


def sidecar(backup: Path) -> Path:
    """The anchor written beside a backup: `handover-2026-11-27T2000.db.anchor`."""
    return Path(backup).with_name(Path(backup).name + ".anchor")


def load(path: Path) -> Anchor | None:
    """The anchor in `path`; None when there is none. Raises ValueError for a file that is not one."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} cannot be read ({exc})") from None
    return Anchor.from_json(text, Path(path))


def write(target: Path, anchor: Anchor, **extra: Any) -> None:
    """Write `anchor` to `target` whole (a temporary file renamed into place), private from the first byte,
    with `extra` fields for a person reading it. Raises OSError if the folder cannot be written."""
    path = Path(target)
    secure_dir(path.parent)
    # A name of its own: a check and a backup of one board (two threads) may write the same anchor at once.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.partial")
    try:
        with open_private(temporary) as f:
            f.write(anchor.to_json(**extra))
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def newest_sidecar(folder: Path | None, first: str | None) -> Path | None:
    """The sidecar in a backup folder written last (by its own time stamp) of the database whose record begins
    with the seal `first` (a folder may hold two homes' backups), or None."""
    if folder is None or not Path(folder).is_dir():
        return None
    best: tuple[str, Path] | None = None
    for path in Path(folder).glob("handover-*.db.anchor"):
        try:
            found = load(path)
        except ValueError:
            continue
        if found is None or found.first != first:
            continue
        if best is None or (found.written_at or "") > best[0]:
            best = (found.written_at or "", path)
    return best[1] if best else None
