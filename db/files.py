"""Keeping the home's files private to the account that runs the board, and never letting an output file
replace a record.

Records about children are special-category data. On a shared office PC other accounts must not be able to
read the database, its backups or an export, so everything the board writes is created private from the
first byte (0600 files, 0700 folders: never created open and tightened afterwards), and `handover check` warns
when a file is not.

Every document the program writes (a sheet, an export, a report) goes through `write_private_atomic`: a
temporary file in the same folder, created 0600, renamed into place only once it is whole, so a reader, a
full disk or a killed process never leaves half a document under the real name. Before anything is written
the target is checked (`check_output_path`): it may never be the database or its -wal/-shm/-journal, any
existing SQLite file, a folder, or an existing file the program did not write itself (it carries
WRITTEN_MARK near its start or end). Failures are StorageError in plain words (`os_error_words`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from handover.domain.errors import StorageError

FILE_MODE = 0o600
DIR_MODE = 0o700

#: Modes mean nothing on Windows (access there is by ACL), so the checks stay quiet there.
_POSIX = os.name == "posix"

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: What every document the program writes carries in its first or last few KiB (an HTML or Markdown comment,
#: a last line, a JSON field), so `--out` may replace a sheet it wrote earlier and nothing else.
WRITTEN_MARK = "Written by handover"
_MARK_WINDOW = 4096
#: The files SQLite keeps beside a database while it is open or after a crash.
DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")

Data = str | bytes | Iterable[str] | Iterable[bytes]
"""What `write_private_atomic` writes: text, bytes, or pieces of either (streamed, never joined in memory)."""


# -- private folders and files ----------------------------------------------------------------------------
def secure_dir(path: Path) -> Path:
    """Make `path` (and missing parents) a folder; a folder made here is 0700. A path that is a file, or
    that cannot be made, is a plain StorageError.

    An existing folder is left as it is: it may be shared on purpose (a USB stick's root, /tmp), and
    tightening it would be a surprise. `check_modes` warns about it instead."""
    path = Path(path)
    try:
        if path.is_dir():
            return path
        if path.exists():
            raise StorageError(f"{shown(path)} is a file, not a folder. Nothing was written: give a folder.")
        try:
            path.mkdir(parents=True, mode=DIR_MODE)
        except FileExistsError:
            # Made between the look and the mkdir by another thread or process (the day's backup and the
            # record check both make the backup folder as the board starts): that folder is the one wanted.
            if path.is_dir():
                return path
            raise StorageError(f"{shown(path)} is a file, not a folder. Nothing was written: give a folder.") from None
        # mkdir's mode is filtered by the umask; say it again so the folder really is 0700 (it is new and
        # empty, so nothing was ever readable through it).
        path.chmod(DIR_MODE)
    except OSError as exc:
        raise StorageError(f"Cannot make the folder {shown(path)}: {os_error_words(exc, path)}.") from None
    return path


def secure_file(path: Path) -> Path:
    """Make an existing file readable and writable by its owner only (for files made by other tools)."""
    Path(path).chmod(FILE_MODE)
    return Path(path)


def create_private(path: Path) -> bool:
    """Create `path` as an empty 0600 file if it does not exist (True when it was made here). The database is
    made this way before SQLite opens it, so it is private from the first byte; SQLite gives its -wal and
    -shm the database file's own mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def open_private(path: Path, mode: str = "w", *, encoding: str | None = "utf-8") -> IO:
    """Create `path` as a new 0600 file and open it. Never overwrites: an existing file is refused
    (FileExistsError), because a backup must never replace something already kept."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    if "b" in mode:
        return os.fdopen(fd, mode)
    return os.fdopen(fd, mode, encoding=encoding, newline="")


# -- output files that never replace a record -----------------------------------------------------------------
def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is a file that starts with SQLite's header (a database, whatever its name)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def written_by_handover(path: Path) -> bool:
    """Whether the file at `path` carries WRITTEN_MARK in its first or last few KiB."""
    mark = WRITTEN_MARK.encode()
    try:
        with open(path, "rb") as f:
            head = f.read(_MARK_WINDOW)
            if mark in head:
                return True
            size = os.fstat(f.fileno()).st_size
            if size <= _MARK_WINDOW:
                return False
            f.seek(max(size - _MARK_WINDOW, 0))
            return mark in f.read()
    except OSError:
        return False


def with_mark(text: str, fmt: str) -> str:
    """`text` carrying WRITTEN_MARK as format `fmt` allows: an HTML comment at the end for "html" and "md"
    (unseen when the document is shown), a "generator" field first in a JSON object, a last line for plain
    text. Only written files carry it: what is printed stays as rendered."""
    if fmt == "json":
        if not text.startswith("{"):
            return text  # not an object: nowhere to put a field, so left unmarked (never replaced later)
        if text[1:].lstrip().startswith("}"):
            return "{" + json_mark_field().rstrip(",") + "\n" + text[1:].lstrip()
        return "{" + json_mark_field() + text[1:]
    end = "" if text.endswith("\n") else "\n"
    if fmt in ("html", "md"):
        return f"{text}{end}<!-- {WRITTEN_MARK} -->\n"
    return f"{text}{end}{WRITTEN_MARK}.\n"


def json_mark_field() -> str:
    """The first field of every JSON document the program writes: '\n"generator": "Written by handover",'."""
    return f'\n"generator": "{WRITTEN_MARK}",'


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_output_path(
    path: Path | str, *, refuse: Iterable[Path] = (), replace: bool = True, what: str = "the file"
) -> Path:
    """The absolute path a document may be written to, or a plain StorageError saying why not ("Cannot write
    `what` to PATH: ..."), having written nothing. Refused: each database in `refuse` and its
    -wal/-shm/-journal (also through a link), a folder, a missing folder, any existing SQLite file, and an
    existing file the program did not write (or any existing file at all when not `replace`)."""
    target = Path(path).expanduser().absolute()
    start = f"Cannot write {what} to {shown(target)}:"
    try:
        for database in refuse:
            for suffix in DATABASE_COMPANIONS:
                if _same_file(target, Path(f"{Path(database).expanduser().absolute()}{suffix}")):
                    raise StorageError(
                        f"{start} that is the home's database{' (its ' + suffix + ' file)' if suffix else ''}, "
                        "and writing there would destroy the records. Nothing was written: choose another name."
                    )
        if target.is_dir():
            raise StorageError(f"{start} that is a folder. Give a file name.")
        if not target.parent.is_dir():
            if target.parent.exists():
                raise StorageError(f"{start} {shown(target.parent)} is a file, not a folder.")
            raise StorageError(f"{start} the folder {shown(target.parent)} does not exist.")
        if target.exists() or target.is_symlink():
            if is_sqlite_file(target):
                raise StorageError(
                    f"{start} that file is a database. Nothing was written: choose another name, so no "
                    "records are replaced."
                )
            if not replace:
                raise StorageError(f"{shown(target)} already exists. Nothing was written: choose a new name.")
            if not written_by_handover(target):
                raise StorageError(
                    f"{start} that file was not written by handover, so it is not replaced. Nothing was "
                    "written: choose another name."
                )
    except OSError as exc:
        raise StorageError(f"{start} {os_error_words(exc, target)}.") from None
    return target


def write_private_atomic(
    path: Path | str, data: Data, *, refuse: Iterable[Path] = (), replace: bool = True, what: str = "the file"
) -> Path:
    """Write `data` to `path` whole or not at all, private (0600) from the first byte. Returns the absolute
    path written.

    The target is checked first (`check_output_path`: never a database, a -wal/-shm, or a file the program
    did not write; with `replace=False` never any existing file). The data goes into a temporary file in the
    same folder, made by mkstemp (O_EXCL, mode 0600), flushed to disk, then renamed into place, so a full
    disk or an interrupted write leaves the old file (or nothing) and never half of the new one: the
    temporary file is removed on any failure. Failures are a plain StorageError naming `what`."""
    target = check_output_path(path, refuse=refuse, replace=replace, what=what)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write {what} to {shown(target)}: {os_error_words(exc, target)}.") from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in _pieces(data):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        _put_in_place(temporary, target, replace=replace)
        fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise StorageError(
                f"Cannot write {what} to {shown(target)}: {os_error_words(exc, target)}. Nothing was left behind."
            ) from None
        raise
    return target


def _pieces(data: Data) -> Iterator[bytes]:
    if isinstance(data, str):
        yield data.encode("utf-8")
    elif isinstance(data, bytes | bytearray):
        yield bytes(data)
    else:
        for piece in data:
            yield piece.encode("utf-8") if isinstance(piece, str) else bytes(piece)


def _put_in_place(source: Path, target: Path, *, replace: bool) -> None:
    if replace:
        os.replace(source, target)
        return
    # A hard link is made only if nothing has the name meanwhile: never replaces a file that appeared since
    # the check. Where links are not supported (some USB sticks), a last look and a rename.
    try:
        os.link(source, target)
    except FileExistsError:
        raise StorageError(f"{shown(target)} already exists. Nothing was written: choose a new name.") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():
            raise StorageError(f"{shown(target)} already exists. Nothing was written: choose a new name.") from None
        os.rename(source, target)
        return
    source.unlink()


def check_output_folder(path: Path | str, *, refuse: Iterable[Path] = (), what: str = "the files") -> Path:
    """The absolute path of a new folder of documents, or a plain StorageError, having written nothing: it
    must not exist (or be an empty folder), must not be a database, and its parent must be a folder."""
    target = Path(path).expanduser().absolute()
    start = f"Cannot write {what} to {shown(target)}:"
    try:
        for database in refuse:
            for suffix in DATABASE_COMPANIONS:
                if _same_file(target, Path(f"{Path(database).expanduser().absolute()}{suffix}")):
                    raise StorageError(f"{start} that is the home's database. Nothing was written: choose a new name.")
        if target.exists() and not (target.is_dir() and not any(target.iterdir())):
            raise StorageError(f"{shown(target)} already exists. Nothing was written: choose a new name.")
        if not target.parent.is_dir():
            if target.parent.exists():
                raise StorageError(f"{start} {shown(target.parent)} is a file, not a folder.")
            raise StorageError(f"{start} the folder {shown(target.parent)} does not exist.")
    except OSError as exc:
        raise StorageError(f"{start} {os_error_words(exc, target)}.") from None
    return target


@contextlib.contextmanager
def private_folder_atomic(path: Path | str, *, refuse: Iterable[Path] = ()) -> Iterator[Path]:
    """A new private folder filled in whole or not at all: yields a temporary 0700 folder beside `path` to
    write into; when the block ends without error it is renamed to `path`, else removed with everything in
    it. `path` must not exist, or be an empty folder (replaced)."""
    target = check_output_folder(path, refuse=refuse)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name[:100]}.", suffix=".partial", dir=target.parent))
    except OSError as exc:
        raise StorageError(f"Cannot write {shown(target)}: {os_error_words(exc, target)}.") from None
    try:
        yield temporary
        if target.is_dir():
            target.rmdir()  # empty, checked above; rename cannot replace a folder on every system
        os.rename(temporary, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StorageError(
                f"Cannot write {shown(target)}: {os_error_words(exc, target)}. Nothing was left behind."
            ) from None
        raise


# -- plain words -----------------------------------------------------------------------------------------------
def shown(path: Path | str, limit: int = 90) -> str:
    """`path` as a message shows it: a name longer than `limit` characters is cut in the middle."""
    text = str(path)
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return f"{text[:keep]}…{text[-keep:]}"


def os_error_words(exc: OSError, path: Path | str | None = None) -> str:
    """What an OSError means, in words a care worker can act on (no errno, no traceback)."""
    code = exc.errno
    if code == errno.ENAMETOOLONG:
        return "the name is longer than this PC allows for a file or folder: choose a shorter one"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full: free some space, or write to another disk"
    if code == errno.EFBIG:
        return "the file is larger than this PC lets this account write: write to another disk"
    if code == errno.EROFS:
        return "the disk is read-only: write somewhere else"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied: this account may not write there; choose a folder of your own"
    if code == errno.ENOTDIR:
        return "part of the path is a file, not a folder"
    if code == errno.EISDIR:
        return "that is a folder: give a file name"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.ELOOP:
        return "the path goes round in a loop of links"
    return (exc.strerror or str(exc)).rstrip(".")


# -- permissions, as `handover check` reports them ------------------------------------------------------------
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
