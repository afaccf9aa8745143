"""The one watch loop every live screen uses: a Service with a read connection of the worker thread's own,
asked after each wait whether anyone committed (`Service.changed`, PRAGMA data_version), and a fresh read
handed back after every commit anywhere.

Call it from a `@work(thread=True)` method. Polls never overlap, because the next wait starts only after a
check has finished; a read that fails hands on the plain message, and the connection is opened again next time.
Screens say only what to read (`Callable[[Service], T]`) and what to do with it: they never touch storage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.worker import get_current_worker

from handover.domain.errors import HandoverError

if TYPE_CHECKING:
    from handover.service import Service

T = TypeVar("T")


def watch_database(
    open_service: Callable[[], Service],
    poll_seconds: float,
    stop: threading.Event,
    read: Callable[[Service], T],
    loaded: Callable[[T], object],
    failed: Callable[[str], object],
    due: threading.Event | None = None,
) -> None:
    """Run `read(service)` and pass what it returns to `loaded` (which posts it to the screen) on the first
    check, after every commit by any connection, and whenever `due` is set (e.g. once a minute, for times
    that move without a commit), until `stop` is set or the worker is cancelled. `failed` gets a plain
    message when the database cannot be read. `open_service` is called here, on the worker's thread."""
    worker = get_current_worker()
    service: Service | None = None
    while not worker.is_cancelled and not stop.is_set():
        try:
            if service is None:
                # Opened here: an sqlite3 connection belongs to the thread that made it, and data_version is
                # per connection, so it must live as long as the loop.
                service = open_service()
            if service.changed() or (due is not None and due.is_set()):
                if due is not None:
                    due.clear()
                loaded(read(service))
        except HandoverError as exc:
            failed(str(exc))
            if service is not None:
                service.close()
            service = None
        # Wait after each finished check, so polls never overlap however slow one is.
        stop.wait(poll_seconds)
    if service is not None:
        service.close()
