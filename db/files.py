"""Keeping the home's files private to the account that runs the board: 0600 files in 0700 folders.

Records about children are special-category data. On a shared office PC other accounts must not be able to
read the database, its backups or an export, so everything the board writes is created private from the
first byte (never created open and tightened afterwards), and `handover check` warns when a file is not.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700

#: Modes mean nothing on Windows (access there is by ACL), so the checks stay quiet there.
_POSIX = os.name == "posix"


def secure_dir(path: Path) -> Path:
    """Make `path` (and missing parents) a folder; a folder made here is 0700.

    An existing folder is left as it is: it may be shared on purpose (a USB stick's root, /tmp), and
    tightening it would be a surprise. `check_modes` warns about it instead."""
    path = Path(path)
    if not path.exists():
        path.mkdir(parents=True, mode=DIR_MODE)
        # mkdir's mode is filtered by the umask; say it again so the folder really is 0700.
        path.chmod(DIR_MODE)
    return path


def secure_file(path: Path) -> Path:
    """Make an existing file readable and writable by its owner only."""
    Path(path).chmod(FILE_MODE)
    return Path(path)


def open_private(path: Path, mode: str = "w", *, encoding: str | None = "utf-8") -> IO:
    """Create `path` as a new 0600 file and open it. Never overwrites: an existing file is refused
    (FileExistsError), because an export or backup must never replace something already kept."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    if "b" in mode:
        return os.fdopen(fd, mode)
    return os.fdopen(fd, mode, encoding=encoding, newline="")


def mode_problem(path: Path) -> str | None:
    """A plain warning if others can read or write `path`, else None (also None when it does not exist)."""
    path = Path(path)
    if not _POSIX or not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & 0o077:
        return None
    if path.is_dir():
        return f"The folder {path} can be opened by other users of this PC (mode {mode:04o}). Fix: chmod 700 {path}"
    return f"{path} can be read by other users of this PC (mode {mode:04o}). Fix: chmod 600 {path}"


def check_modes(paths: Iterable[Path]) -> list[str]:
    """One warning per path that others can read (files should be 0600, folders 0700), in the given order."""
    return [problem for path in dict.fromkeys(Path(p) for p in paths) if (problem := mode_problem(path))]


def fsync_dir(path: Path) -> None:
    """Flush a folder's entry list, so a rename into it survives a power cut (no-op where unsupported)."""
    if not _POSIX:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
