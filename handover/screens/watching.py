"""The one watch loop every live screen uses: a Service with a read connection of the worker thread's own,
asked after each wait whether anyone committed (`Service.changed`, PRAGMA data_version), and a fresh read
handed back after commits anywhere, coalesced so a storm of writes never floods the screen.

Call it from a `@work(thread=True)` method. Polls never overlap, because the next wait starts only after a
check has finished; a read that fails hands on the plain message, and the connection is opened again next time.
Screens say only what to read (`Callable[[Service], T]`) and what to do with it: they never touch storage.

Coalescing (issue 9: the board froze for 15 to 60 s behind several hundred writes a second). Before, every
poll that saw a commit read and posted a snapshot, whether or not the screen had applied the previous one:
when applying (building rows, diffing the table, repainting) took longer than a poll, snapshots piled up in
the screen's message queue, and keys and repaints waited behind all of them. Now:
- **one result in flight**: after posting a result the loop asks the screen to tell it (a callback queued
  behind that result, on the screen's own queue, so it runs once the result has been handled) and reads
  nothing more until then. Commits seen meanwhile are remembered, not read;
- **the latest wins**: the next read happens after that, so it sees every commit so far in one snapshot;
- **a minimum interval** between the starts of two reads (MIN_READ_INTERVAL_SECONDS): at most ten
  refreshes a second however fast others write, and a lone commit after a quiet spell is read at the next
  poll, as before (it was a quarter of a second: commits a few hundred milliseconds apart, as at a busy
  handover, then waited for it, and a change took 190 ms at p95 to show; now 120 ms);
- **a bounded share**: when reading and applying take long (BUSY_SHARE), the next read waits in proportion,
  so the worker's Python (which holds the GIL) and the screen's refresh leave most of the time to the keys.
Reads, and any wait for a busy database (busy_timeout), happen on the worker's thread only, never the screen's.

Waking (the speed issue: a commit just after a poll waited for the next one). Once the first result is posted,
the loop also watches the database file and its -wal for writes by any process (`Service.wake_on_commit`,
the kernel's file events: db/wake.py): a write ends the wait at once and the loop asks `changed()` then. The
poll stays, as the truth and as the fallback where the folder cannot be watched. While the watcher is there to
wake it, a loop with nothing else to wait for asks only every WATCHED_POLL_SECONDS, a safety net for a wake
that never came: at a tenth of a second its asking was about a third of the board's whole idle CPU, measured
on a signed-in board, and once a second still most of what the board adds to Textual's own idle (each ask
wakes a thread, takes Python's lock and SQLite's shared lock: 1.8-2.5 ms of the thread's run time here,
measured from /proc's schedstat). Every commit in WAL mode writes the -wal, so a wake is missed only if the
kernel drops the watch, which the slow poll is there for. A loop with a `due` (the handover and patterns
screens, which set it to read again at once) keeps to `poll_seconds`, because only a poll sees `due`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.worker import get_current_worker

from handover.domain.errors import HandoverError
from handover.render.shown import shown

if TYPE_CHECKING:
    from handover.service import Service

T = TypeVar("T")


class LoopStop(threading.Event):
    """What a screen sets as it closes to end its watch loop. Setting it also ends the wait the loop is in at
    that moment (for a file event, or for the screen to handle a result), so a loop that asks only every
    few seconds while idle (WATCHED_POLL_SECONDS) ends at once, and the app quits without waiting for it."""

    def __init__(self) -> None:
        super().__init__()
        self._waits: list[threading.Event] = []

    def also_ends(self, *waits: threading.Event) -> None:
        """Set `waits` too when this is set (at once, if it is already)."""
        self._waits.extend(waits)
        if self.is_set():
            for wait in waits:
                wait.set()

    def set(self) -> None:
        super().set()
        for wait in self._waits:
            wait.set()


#: The least time from the start of one read to the start of the next: at most ten refreshes a second. The
#: keyboard is kept responsive by BUSY_SHARE, which spaces reads further as they grow slow.
MIN_READ_INTERVAL_SECONDS = 0.1
#: The most of the time the loop keeps busy reading and the screen applying what it read, when reads grow
#: slow (a storm of writes makes the read's patterns over weeks longer): the rest is the keyboard's.
BUSY_SHARE = 0.3
#: How often a loop that the file watcher wakes asks anyway, with no `due` to look for (see the docstring): a
#: commit whose wake never came is read this late at worst. The wake itself is immediate.
WATCHED_POLL_SECONDS = 5.0


def watch_database(
    open_service: Callable[[], Service],
    poll_seconds: float,
    stop: LoopStop,
    read: Callable[[Service], T],
    loaded: Callable[[T], object],
    failed: Callable[[str], object],
    due: threading.Event | None = None,
    *,
    min_interval: float = MIN_READ_INTERVAL_SECONDS,
) -> None:
    """Run `read(service)` and pass what it returns to `loaded` (which posts it to the screen that started
    the worker) on the first check, after commits by any connection, and whenever `due` is set (e.g. once a
    minute, for times that move without a commit), until `stop` is set or the worker is cancelled. `failed`
    gets a plain message when the database cannot be read. `open_service` is called here, on the worker's
    thread. At most one result is in flight, and reads start at least `min_interval` seconds apart."""
    worker = get_current_worker()
    screen = worker.node
    handled = threading.Event()
    """Set while no result is waiting on the screen: cleared when one is posted, set from the screen's queue
    once it has handled it."""
    handled.set()
    service: Service | None = None
    woken = threading.Event()
    """Set by the file watcher (`Service.wake_on_commit`) when another process writes: ask at once."""
    stop.also_ends(woken, handled)  # a closing screen ends whichever of them the loop is waiting for
    stop_waking: Callable[[], None] | None = None
    pending = False
    """A commit (or `due`) was seen and not read yet."""
    next_read = float("-inf")
    """The soonest the next read may start (time.monotonic())."""
    started = 0.0

    def applied() -> None:
        # Runs on the screen's thread, once the screen has handled the result: the next read waits at least
        # `min_interval` from the start of this one, and long enough that reading and applying take at most
        # BUSY_SHARE of the time (a read that has grown slow is made less often, never piled up).
        nonlocal next_read
        now = time.monotonic()
        busy = now - started
        next_read = max(started + min_interval, now + busy * (1 / BUSY_SHARE - 1))
        handled.set()

    while not worker.is_cancelled and not stop.is_set():
        watched = stop_waking is not None and stop_waking is not _not_watched and due is None
        wait = max(poll_seconds, WATCHED_POLL_SECONDS) if watched else poll_seconds
        held = False  # a read is due but held back (too soon after the last): only time ends that wait
        try:
            if service is None:
                # Opened here: an sqlite3 connection belongs to the thread that made it, and data_version is
                # per connection, so it must live as long as the loop.
                service = open_service()
            # Cleared before asking: a write after this wakes the wait below at once.
            woken.clear()
            # Asked at every poll, even with a result in flight: a commit seen now is read later, not lost.
            if service.changed() or (due is not None and due.is_set()):
                pending = True
            if pending and handled.is_set():
                too_soon = next_read - time.monotonic()
                if too_soon > 0:
                    wait = min(wait, too_soon)
                    held = True
                else:
                    pending = False
                    if due is not None:
                        due.clear()
                    started = time.monotonic()
                    # For the screen: any stored control character is neutralised here (render/shown.py).
                    result = shown(read(service))
                    handled.clear()
                    loaded(result)
                    # Queued behind the result on the same queue, so it runs once the screen has handled it.
                    # A screen that is closing takes neither: the loop ends.
                    if not screen.call_later(applied):
                        break
                    if stop_waking is None:
                        # After the first result, so the first frame with data never waits for it.
                        stop_waking = service.wake_on_commit(woken) or _not_watched
        except HandoverError as exc:
            failed(str(exc))
            if stop_waking is not None:
                stop_waking()
                stop_waking = None
            if service is not None:
                service.close()
            service = None
            pending = True  # read again once the database can be read
            wait = max(poll_seconds, min_interval)  # an unreadable file is not asked ten times a second
        # Wait after each finished check, so polls never overlap however slow one is. With a read held back
        # (too soon after the last), only time ends the wait; with a result in flight, the screen handling it
        # (a commit seen meanwhile is read then, not at the next poll); otherwise a write by another process.
        # Never a write while a read is held back or in flight: a storm of them would spin the loop.
        if held:
            stop.wait(wait)
        elif not handled.is_set():
            handled.wait(wait)
        else:
            woken.wait(wait)
    if stop_waking is not None:
        stop_waking()
    if service is not None:
        service.close()


def _not_watched() -> None:
    """Stands for "the folder cannot be watched here": the loop polls, and does not ask again."""
