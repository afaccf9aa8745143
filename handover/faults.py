"""Failures nobody planned for, said in one plain line, with the details kept in this PC's log.

Every refusal the program foresees is a HandoverError with its own words. Anything else that escapes a
command (a bug, a disk that vanished) must still never show a care worker a traceback: the command line's
top-level handler (handover/cli.py) writes the traceback to `handover.log` in this PC's state folder
(handover.config.state_dir(), the file created 0600 from the start) and says one line: what kind of
thing went wrong, that what was saved before it is kept, and where the details are.

Arguments and HANDOVER_* variables that are not valid UTF-8 reach Python as "surrogate escapes" (lone
surrogates standing for the bytes); `unreadable_text` finds them, so they are refused at the door rather
than failing deep inside, or being stored where no file or screen could show them.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

LOG_NAME = "handover.log"
#: The log is kept short: past this size it is moved to handover.log.1 (the one before is dropped).
LOG_LIMIT = 1_000_000


def log_path() -> Path:
    """This PC's log of unexpected failures."""
    from handover.config import state_dir

    return state_dir() / LOG_NAME


def write_log(exc: BaseException, command: Iterable[str] = ()) -> Path | None:
    """Append `exc`'s traceback (and the command's name, never its arguments: they may hold a young person's
    name) to the log. Returns the log's path, or None when it could not be written either."""
    from db.files import FILE_MODE, secure_dir

    try:
        path = log_path()
        secure_dir(path.parent)
        if path.exists() and path.stat().st_size > LOG_LIMIT:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        words = " ".join(word for word in command if word)
        text = f"--- {stamp} handover {words}\n" + "".join(traceback.format_exception(exc))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(text)
    except Exception:  # noqa: BLE001 - the log is a help, never a second failure
        return None
    return path


def unexpected_message(exc: BaseException, log: Path | None) -> str:
    """The one line said for `exc`: what went wrong in plain words, that saved work is kept, and where the
    details are."""
    import sqlite3

    from db.files import os_error_words

    if isinstance(exc, OSError):
        what = f"a file could not be used ({os_error_words(exc)})"
    elif isinstance(exc, sqlite3.Error):
        what = "the database gave an error handover did not expect"
    elif isinstance(exc, UnicodeError):
        what = "some text could not be read or written as UTF-8"
    else:
        what = f"handover stopped on something it did not expect ({type(exc).__name__})"
    where = f"details written to {log}" if log else "the details could not be written to the log either"
    return f"{what[0].upper()}{what[1:]}. Anything saved before it is kept. Nothing more was done ({where})."


def has_surrogates(text: str) -> bool:
    """Whether `text` holds a lone surrogate (how Python keeps bytes that were not valid UTF-8)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def readable(text: str) -> str:
    """`text` with each byte that was not valid UTF-8 shown as the replacement character."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if has_surrogates(text) else text


def unreadable_text(args: Iterable[str], environ: Mapping[str, str] | None = None) -> str | None:
    """A plain refusal if an argument or a HANDOVER_* variable is not valid UTF-8 text, else None."""
    for number, arg in enumerate(args, start=1):
        if isinstance(arg, str) and has_surrogates(arg):
            return (
                f"Argument {number} ('{readable(arg)[:40]}') is not valid text: it holds bytes that are not "
                "UTF-8. Type it again (set this terminal to UTF-8 if it keeps happening). Nothing was done."
            )
    for name, value in sorted((environ if environ is not None else os.environ).items()):
        if name.startswith("HANDOVER_") and has_surrogates(value):
            return f"{name} is not valid text: it holds bytes that are not UTF-8. Set it again. Nothing was done."
    return None
