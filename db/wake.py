"""CommitWake: a hint, the moment another process writes to the database, that a commit may have landed.

The watch loop (handover/screens/watching.py) asks `PRAGMA data_version` every poll (a tenth of a second):
that stays the truth about whether anyone committed. But a commit made just after a poll waited for the
next one, half a poll on average. This watches the database's folder for writes to the database file or its
write-ahead log (-wal) through the kernel's file events (Linux inotify), on a daemon thread of its own, and
sets an event when either changes, so the loop asks at once instead of at its next poll.

Why inotify directly, through ctypes, and not watchfiles: measured here, watchfiles' watcher wakes every
`step` to look for changes and for its stop event, which costs 1.7% of a core idle at a 5 ms step (more than
three times the whole board's idle budget of 0.5%), and 0.18% at its 50 ms default, which adds up to 50 ms to
every change. Blocking in `select` on the inotify descriptor costs nothing until a file changes and wakes at
once when one does. It waits on a pipe as well, which `close` closes, so it never wakes only to see whether
it has been closed (it did, twice a second, until 2026-12-07).

Nothing else depends on it: where inotify is not there (not Linux, a network share, too many watches), `start`
says so and the loop just polls, as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import sys
import threading
from functools import cache
from pathlib import Path

#: How soon, at most, the watching thread has ended after `close` (seconds): at once, in fact, as the pipe
#: it waits on is closed; the tests allow this long.
CLOSE_CHECK_SECONDS = 0.5
#: After a wake, the thread rests this long before it reads the kernel's events again (they queue meanwhile,
#: and one wake is enough): in a storm of writes, thousands of file events a second would otherwise have this
#: thread take Python's lock from the screen as often, and keys waited seconds.
REST_SECONDS = 0.02

# From <sys/inotify.h>.
_IN_MODIFY = 0x002
_IN_MOVED_TO = 0x080
_IN_CREATE = 0x100
_IN_NONBLOCK = 0o4000
_IN_CLOEXEC = 0o2000000
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then `len` bytes of NUL-padded name


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library, where it offers inotify (Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    return libc if hasattr(libc, "inotify_init1") and hasattr(libc, "inotify_add_watch") else None


def changed_names(data: bytes) -> set[str]:
    """The file names in a read of inotify events."""
    names: set[str] = set()
    offset = 0
    while offset + _EVENT.size <= len(data):
        _wd, _mask, _cookie, length = _EVENT.unpack_from(data, offset)
        offset += _EVENT.size
        names.add(data[offset : offset + length].rstrip(b"\0").decode(errors="replace"))
        offset += length
    return names


class CommitWake:
    """Sets `event` whenever `path` or its -wal is written, until `close()`."""

    def __init__(self, path: Path, event: threading.Event) -> None:
        self._path = path.resolve()
        self._event = event
        self._stop = threading.Event()
        self._fd: int | None = None
        self._closing: int | None = None
        """The write end of the pipe the thread waits on beside the kernel's events: closed by `close`."""
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._names = {self._path.name, self._path.name + "-wal"}

    def start(self) -> bool:
        """Start watching; False (and nothing started) where the folder cannot be watched."""
        libc = _libc()
        if libc is None:
            return False
        fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if fd < 0:
            return False
        # The folder, not the files: the -wal is removed when the last connection closes and made again later.
        watched = libc.inotify_add_watch(fd, os.fsencode(self._path.parent), _IN_MODIFY | _IN_CREATE | _IN_MOVED_TO)
        if watched < 0:
            os.close(fd)
            return False
        try:
            closed, self._closing = os.pipe2(os.O_CLOEXEC)
        except OSError:  # out of descriptors: poll, as where nothing can be watched
            os.close(fd)
            return False
        self._fd = fd
        self._thread = threading.Thread(target=self._run, args=(fd, closed), name="handover-commit-wake", daemon=True)
        self._thread.start()
        return True

    def _run(self, fd: int, closed: int) -> None:
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([fd, closed], [], [])  # no timeout: `close` wakes it
                if closed in ready or fd not in ready:
                    continue  # closing: the loop's condition ends it
                try:
                    data = os.read(fd, 64 * 1024)
                except BlockingIOError:
                    continue
                if changed_names(data) & self._names:
                    self._event.set()
                    self._stop.wait(REST_SECONDS)
        except OSError:
            return  # the descriptor failed: the loop's poll carries on alone
        finally:
            os.close(fd)
            os.close(closed)

    def close(self) -> None:
        """Stop watching: the thread ends at once and closes its descriptors. Closing twice is no error."""
        self._stop.set()
        with self._lock:
            closing, self._closing = self._closing, None
        if closing is not None:
            os.close(closing)  # the read end becomes readable (end of file): the thread's wait ends
