"""Noticing commits from any connection, this process's own writes included, through PRAGMA data_version.

data_version only moves for commits made by OTHER connections, so the board watches through a connection of
its own (the watch loop's Service, whose `changed()` asks this) and writes through another: the app's own
writes come back exactly like another terminal's, with no special case for "my change".

How often the answer is acted on (at most a few reads a second, one result in flight) is the watch loop's
business (handover/screens/watching.py): this only answers "has anyone committed?".
"""

from __future__ import annotations

import sqlite3

from db.connection import explain


class ChangeWatcher:
    """Cheap check for "has anyone committed since I last looked?" (microseconds a call, no file I/O)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._seen: int | None = None

    def changed(self) -> bool:
        """True on the first call and after every commit by another connection since the last call, however
        many there were. A database that cannot be asked raises StorageError in plain words (the watch loop
        shows it and opens the connection again), never a bare sqlite3 error that would end the loop."""
        try:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise explain(exc) from None
        if version == self._seen:
            return False
        self._seen = version
        return True
