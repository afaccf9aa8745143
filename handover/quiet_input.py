"""The terminal driver: Textual's own for Linux, with an input thread that sleeps until a key comes.

Textual's LinuxDriver reads the keyboard on a thread that waits for input at most a tenth of a second at a
time (`select(0.1)`), so that it can notice the app closing and send a lone Escape once the rest of an
escape sequence has not come. It wakes ten times a second whether or not anyone types: measured per thread
(/proc/PID/task/TID/schedstat) on an idle board, 0.67-0.79 % of a core, more than everything else the idle
board does together (docs/PERFORMANCE.md). A board sits open all shift.

`QuietLinuxDriver` is LinuxDriver with that thread's loop (`run_input_thread`) waiting for as long as
nothing happens, and otherwise the same:

- **A lone Escape.** Textual's parser holds an Escape for `textual.constants.ESCAPE_DELAY` (0.1 s, or
  ESCDELAY) in case more of a sequence follows, and sends it when asked (`tick()`) after that. After any
  input the wait here ends when that delay is over, and `tick()` is asked then: the Escape goes at the
  moment its delay ends, where Textual's loop sent it at its next tenth of a second.
- **Closing and suspending.** Textual ends the thread by setting `exit_event` and joining it
  (`disable_input`). Here `exit_event` is an Event that also writes a byte to a pipe the wait watches, so
  the thread sees it at once.
- Everything read goes through the same parser and `process_message` as Textual's loop.

The loop is Textual's (8.2) with those two changes. It uses Textual's private parser
(`textual._xterm_parser.XTermParser`, `textual._parser.ParseError`): this is the second of the two modules
allowed Textual's internals (ruff's banned-api rule), and tests/app/test_quiet_input.py checks what it
uses, and fails when Textual's own loop changes, so an upgrade is reviewed here first.
"""

from __future__ import annotations

import os
import selectors
import time
from codecs import getincrementaldecoder
from threading import Event
from typing import TYPE_CHECKING, Any

from textual import constants
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App

_INPUT = "input"
_WAKE = "wake"


class _WakingEvent(Event):
    """An Event whose `set` also writes to a pipe, so a thread waiting on the pipe's other end wakes."""

    def __init__(self, wake: int) -> None:
        super().__init__()
        self._wake: int | None = wake

    def set(self) -> None:
        super().set()
        if self._wake is not None:
            try:
                os.write(self._wake, b"!")
            except BlockingIOError:
                pass  # the pipe is full: a wake is already waiting

    def forget(self) -> None:
        """Write to the pipe no more: it is about to be closed (and its number may then be reused)."""
        self._wake = None


class QuietLinuxDriver(LinuxDriver):
    """LinuxDriver whose input thread waits without a timeout while nothing is typed (module docstring)."""

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self.exit_event = _WakingEvent(self._wake_write)

    def start_application_mode(self) -> None:
        super().start_application_mode()
        # Textual saved the settings it found, to put back as the board closes or is suspended; if keys were
        # being held as the board started (handover/early_keys.py), those are the held ones, not the
        # terminal's own: put back what the terminal had before that.
        from handover import early_keys

        before = early_keys.found()
        if before is not None and self.attrs_before is not None:
            self.attrs_before = before

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events: LinuxDriver's loop, waiting only as long as it must."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ, _INPUT)
        selector.register(self._wake_read, selectors.EVENT_READ, _WAKE)
        parser = XTermParser(constants.DEBUG)
        decode = getincrementaldecoder("utf-8")().decode
        settled: float | None = None
        """When the parser's wait for the rest of an escape sequence is over (None: nothing read since)."""

        def dispatch(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            nonlocal settled
            for key, mask in ready:
                if key.data == _WAKE:
                    _drain(self._wake_read)
                elif mask & selectors.EVENT_READ:
                    data = decode(os.read(self.fileno, 1024 * 4), final=final)
                    if not data:
                        break  # stdin is piped and has ended (as Textual's loop)
                    for event in parser.feed(data):
                        self.process_message(event)
                    settled = time.monotonic() + constants.ESCAPE_DELAY
            for event in parser.tick():
                self.process_message(event)
            if settled is not None and time.monotonic() >= settled:
                settled = None  # the parser has sent whatever it held: wait for the next key

        try:
            while not self.exit_event.is_set():
                timeout = None if settled is None else max(0.0, settled - time.monotonic())
                dispatch(selector.select(timeout))
            selector.unregister(self.fileno)
            dispatch([], final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass

    def close(self) -> None:
        # After `disable_input` has joined the input thread (Textual's shutdown), so nothing waits on the pipe.
        super().close()
        if isinstance(self.exit_event, _WakingEvent):
            self.exit_event.forget()
        os.close(self._wake_read)
        os.close(self._wake_write)


def _drain(fd: int) -> None:
    """Empty the wake pipe (non-blocking), so the next wait sleeps again."""
    try:
        while os.read(fd, 64):
            pass
    except BlockingIOError:
        pass
