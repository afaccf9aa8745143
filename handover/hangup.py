"""The board ends when its terminal goes away, even if nothing tells it so.

When a terminal closes, the system sends the program in it a hangup signal (SIGHUP) and the program ends.
For the board that is safe: every change is one transaction, so nothing is left half-written. Sometimes no
signal comes. An SSH connection can die without one, a terminal window can close its side without one, and
a board started under another program (`make demo`, a script) may not be the one the system tells. Textual
then goes on reading a terminal that is no longer there. Its input thread spins at 100% of a core, for as
long as the PC stays on (Textualize/textual#6690, open), and the board keeps the home's database open. This
was found by closing the terminal of a board started by `make demo`.

`end_on_hangup` starts a thread that asks, every CHECK_SECONDS, whether the terminal is still there, and
when it has gone sends the board the signal the system did not send. The question is tcgetattr(3), which a
terminal that has hung up refuses (EIO) and a live one answers at once. The thread does not wait on the
terminal itself: a poll(2) on it, even one asking for no events, changed what the board drew (the table's
cursor was no longer drawn after the first key, found by benchmarks/write_storm.py).

A board started with hangups ignored (under `nohup`, or by a program that ignores them and passes that on)
would ignore that signal too, and spin for ever. A board is no use without its terminal, so the watch puts
the signal's ordinary ending back first; the fresh-clone CI run started under `nohup` found this.
"""

from __future__ import annotations

import os
import signal
import termios
import threading
import time

#: How often the thread asks whether the terminal is still there (a question answered at once: nothing to
#: measure at idle), and so about how long a board whose terminal has gone goes on before it ends.
CHECK_SECONDS = 2.0


def end_on_hangup(fd: int) -> threading.Thread | None:
    """Watch the terminal on `fd` (the board's input); when it has hung up, end this process as the system's
    hangup signal would. None when `fd` is not a terminal (tests, output to a file): nothing to watch."""
    if not os.isatty(fd):
        return None
    if signal.getsignal(signal.SIGHUP) == signal.SIG_IGN and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGHUP, signal.SIG_DFL)  # ignored hangups would leave it spinning (see above)

    def watch() -> None:
        while True:
            time.sleep(CHECK_SECONDS)
            try:
                termios.tcgetattr(fd)
            except termios.error:  # EIO: the terminal has hung up
                os.kill(os.getpid(), signal.SIGHUP)
                return

    thread = threading.Thread(target=watch, name="handover-hangup", daemon=True)
    thread.start()
    return thread
