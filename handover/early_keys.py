"""Keys typed while the board starts: kept as typed, from the moment the command is known to open the board.

Until Textual's driver puts the terminal in raw mode, a fifth of a second or more after the process starts,
the terminal is in its ordinary line mode. What a quick typist presses then is echoed onto the shell's screen,
held back until a line ends, and Enter arrives as a line feed (ICRNL), which Textual reads as ctrl+j, not
Enter: "Jamie" and Enter typed as the board opened were lost, and the board waited at its sign-in prompt.

`hold()` turns line mode, echo, that translation and flow control (ctrl+s, typed to save a form, stopped the
terminal's output) off at once, as the command line knows it is opening the board (handover/cli.py), keeping
ctrl+c (ISIG) so a start can still be interrupted. Nothing typed is thrown
away (TCSANOW): Textual's driver then reads it as keys. The driver restores the terminal as it was before
`hold()` (handover/quiet_input.py reads `found()`), and so does exit if the board never started.
"""

from __future__ import annotations

import atexit
import sys
from typing import Any

_found: list[Any] | None = None
"""The terminal's settings before `hold()`, while they are held; None otherwise."""


def hold() -> None:
    """Keep keys typed from now on as typed (see the module docstring). Does nothing off a terminal."""
    global _found
    if _found is not None or not sys.platform.startswith("linux"):
        return
    import termios

    try:
        fd = sys.stdin.fileno()
        if not sys.stdin.isatty():
            return
        found = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return  # no usable terminal (a pipe, a closed stdin): Textual's driver decides what to do
    # As Textual's raw mode will set them (LinuxDriver._patch_iflag, _patch_lflag), ISIG apart.
    held = [*found[:6], list(found[6])]
    # iflag: Enter stays a carriage return; ctrl+s (save) and ctrl+q (quit) are keys, not flow control.
    held[0] &= ~(termios.ICRNL | termios.INLCR | termios.IGNCR | termios.IXON | termios.IXOFF)
    # lflag: each key readable at once, not echoed; ctrl+v and ctrl+o are keys, not the line's own.
    held[3] &= ~(termios.ICANON | termios.ECHO | termios.IEXTEN)
    held[6][termios.VMIN], held[6][termios.VTIME] = 1, 0
    try:
        termios.tcsetattr(fd, termios.TCSANOW, held)
    except termios.error:
        return
    _found = found
    atexit.register(release)


def found() -> list[Any] | None:
    """The settings the terminal had before `hold()`, or None when nothing is held."""
    return _found


def release() -> None:
    """Put the terminal back as `hold()` found it (at exit; the driver does the same as the board closes)."""
    global _found
    if _found is None:
        return
    import termios

    try:
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, _found)
    except (OSError, ValueError, termios.error):
        pass  # the terminal has gone (a closed window): nothing to put back
    _found = None
