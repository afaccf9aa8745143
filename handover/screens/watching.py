"""The one watch loop every live screen uses: a read connection of the worker thread's own, checked with
PRAGMA data_version after each wait, and a fresh read posted back after every commit anywhere.

Call it from a `@work(thread=True)` method. Polls never overlap, because the next wait starts only after a
check has finished; a read that fails posts the plain message and the connection is opened again next time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual.worker import get_current_worker

from db.store import Store
from db.watcher import ChangeWatcher
from handover.domain.errors import HandoverError


def watch_database(
    db_path: Path,
    poll_seconds: float,
    stop: threading.Event,
    read: Callable[[Store], None],
    failed: Callable[[str], None],
    due: threading.Event | None = None,
) -> None:
    """Run `read(store)` on the first check, after every commit by any connection, and whenever `due` is
    set (e.g. once a minute, for times that move without a commit), until `stop` is set or the worker is
    cancelled. `read` posts its own message; `failed` gets a plain message when the database cannot be read."""
    worker = get_current_worker()
    store: Store | None = None
    watcher: ChangeWatcher | None = None
    while not worker.is_cancelled and not stop.is_set():
        try:
            if store is None or watcher is None:
                # Opened here: an sqlite3 connection belongs to the thread that made it.
                store = Store.open(db_path)
                watcher = ChangeWatcher(store.conn)
            if watcher.changed() or (due is not None and due.is_set()):
                if due is not None:
                    due.clear()
                read(store)
        except HandoverError as exc:
            failed(str(exc))
            if store is not None:
                store.close()
            store = watcher = None
        # Wait after each finished check, so polls never overlap however slow one is.
        stop.wait(poll_seconds)
    if store is not None:
        store.close()
