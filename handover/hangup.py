"""The board ends when its terminal goes away, even if nothing tells it so.

When a terminal closes, the system sends the program in it a hangup signal (SIGHUP) and the program ends.
For the board that is safe: every change is one transaction, so nothing is left half-written. Sometimes no
signal comes. An SSH connection can die without one, a terminal window can close its side without one, and
a board started under another program (`make demo`, a script) may not be the one the system tells. Textual
then goes on reading a terminal that is no longer there. Its input thread spins at 100% of a core, for as
long as the PC stays on (Textualize/textual#6690, open), and the board keeps the home's database open. This
was found by closing the terminal of a board started by `make demo`.

`end_on_hangup` starts a thread that waits for the terminal to hang up and then sends the board the signal
the system did not send. The thread waits in poll(2) with no events asked for, so it costs nothing while
the terminal is there: a hangup or an error is always reported, and typing wakes nothing.
"""

from __future__ import annotations

import os
import select
import signal
import threading

#: What poll(2) reports, asked or not, when the other end of a terminal has gone.
GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def end_on_hangup(fd: int) -> threading.Thread | None:
    """Watch the terminal on `fd` (the board's input); when it hangs up, end this process as the system's
    hangup signal would. None when `fd` is not a terminal (tests, output to a file): nothing to watch."""
    if not os.isatty(fd):
        return None
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: only GONE wakes it

    def wait() -> None:
        while True:
            if any(events & GONE for _, events in poller.poll()):
                os.kill(os.getpid(), signal.SIGHUP)
                return

    thread = threading.Thread(target=wait, name="handover-hangup", daemon=True)
    thread.start()
    return thread
