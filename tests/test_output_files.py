"""Output files never replace a record, and are private and whole from their first byte.

Every document the program writes (`sheet --out`, `export --out`, `export --all --out`, `report --out`) goes
through one writer, db.files.write_private_atomic. Here, through the real CLI on a real database file:
- none of them writes over the database, its -wal/-shm/-journal (even one not there yet, even through a
  link), any other SQLite file, or a file handover did not write; each is one "Error:" line, exit 1, with the
  target byte for byte as it was and no stray temporary file;
- a sheet may replace a sheet handover wrote (it carries the mark), never anything else;
- files are created 0600 (folders 0700) under a umask that would let anyone read them, with no chmod at all,
  and the database itself is made 0600 before SQLite opens it;
- a write that fails half-way (a full disk, an interrupted stream) leaves the old file or nothing.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.files import WRITTEN_MARK, write_private_atomic
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.domain.errors import StorageError
from handover.service import Service
from tests.conftest import Home
from tests.test_cli import Handover


@pytest.fixture
def run(service: Service, home: Home, clock: FrozenClock, db_path: Path) -> Handover:
    """Larch House with one open rupture, through the CLI at the frozen time."""
    service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    return Handover(db_path, clock)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would let anyone read a new file, to show nothing written relies on it."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def no_chmod(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any chmod fails the test: files must be created private, never tightened afterwards."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"chmod called on {args[0]}: files must be created private, not tightened")

    monkeypatch.setattr(os, "chmod", refuse)
    monkeypatch.setattr(os, "fchmod", refuse)


def ok(run: Handover, *args: str) -> str:
    """`handover ARGS` on the run's database (unless ARGS name one), which must succeed; its stdout."""
    result = run.raw(*(args if args[0] == "--db" else ("--db", str(run.db_path), *args)))
    assert result.exit_code == 0, result.output
    return result.stdout


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


#: Each command that writes a file, as the arguments before the target.
WRITERS = {
    "sheet": ("sheet", "--out"),
    "sheet-html": ("sheet", "--format", "html", "--out"),
    "export-md": ("export", "--young-person", "Jordan", "--by", "Morgan", "--format", "md", "--out"),
    "export-all-json": ("export", "--all", "--format", "json", "--by", "Morgan", "--out"),
    "export-all-csv": ("export", "--all", "--format", "csv", "--by", "Morgan", "--out"),
    "report": ("report", "--by", "Morgan", "--format", "md", "--out"),
}


def _write(run: Handover, writer: str, target: Path) -> list[str]:
    return ["--db", str(run.db_path), *WRITERS[writer], str(target)]


# -- never over a record --------------------------------------------------------------------------------------
@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_never_over_the_database_or_its_companions(run: Handover, writer: str, suffix: str) -> None:
    target = Path(f"{run.db_path}{suffix}")
    listing = folder_listing(run.db_path.parent)
    error = run.refused_raw(*_write(run, writer, target))
    assert error.startswith("Error: ") and "Nothing was written" in error
    # The database and its companions are SQLite's own, never the document (the command's own sign-in may
    # still have moved a page of the -wal: that is SQLite writing, not the document).
    for companion in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{run.db_path}{companion}")
        assert not path.exists() or WRITTEN_MARK.encode() not in path.read_bytes()
    assert run.db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert folder_listing(run.db_path.parent) == listing  # no temporary file, no stray -journal
    with _opened(run.db_path) as store:
        assert store.rupture(1).what_happened == "I raised my voice."


class _opened:
    """Store.open as a context manager (the database still opens whole after the refusal)."""

    def __init__(self, path: Path) -> None:
        self.store = Store.open(path)

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()


@pytest.mark.parametrize("writer", ["sheet", "export-md", "export-all-json", "report"])
def test_never_over_the_database_through_a_link(run: Handover, writer: str, tmp_path: Path) -> None:
    link = tmp_path / "innocent.txt"
    link.symlink_to(run.db_path)
    before = run.db_path.read_bytes()
    error = run.refused_raw(*_write(run, writer, link))
    assert "Nothing was written" in error
    assert run.db_path.read_bytes() == before and link.is_symlink()


@pytest.mark.parametrize("writer", list(WRITERS))
def test_never_over_another_sqlite_file(run: Handover, writer: str, tmp_path: Path) -> None:
    other = tmp_path / "other-home.txt"  # a database whatever its name says
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes(x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    assert other.read_bytes()[:16] == b"SQLite format 3\x00"
    error = run.refused_raw(*_write(run, writer, other))
    assert error.startswith("Error: ") and "choose" in error
    assert other.read_bytes() == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_never_over_a_file_handover_did_not_write(run: Handover, writer: str, tmp_path: Path) -> None:
    mine = tmp_path / "my-notes.txt"
    mine.write_text("Notes from supervision: keep these.\n")
    error = run.refused_raw(*_write(run, writer, mine))
    assert error.startswith("Error: ") and ("choose another" in error or "choose a new name" in error)
    assert mine.read_text() == "Notes from supervision: keep these.\n"
    assert folder_listing(tmp_path).count("my-notes.txt") == 1 and not list(tmp_path.glob(".*partial"))


def test_a_sheet_replaces_only_a_sheet_handover_wrote(run: Handover, tmp_path: Path) -> None:
    target = tmp_path / "handover.txt"
    ok(run, "sheet", "--out", str(target))
    first = target.read_text()
    assert first.startswith("HANDOVER SHEET - Larch House") and first.endswith(f"{WRITTEN_MARK}.\n")
    ok(run, "log", "--young-person", "Riley", "--staff", "Dev", "--kind", "other", "--what", "I went quiet.")
    ok(run, "sheet", "--out", str(target))  # the later sheet replaces the earlier one
    assert target.read_text() != first and "Riley Tanaka" in target.read_text()
    # The same sheet saved by the shell carries no mark: not replaced.
    printed = tmp_path / "printed.txt"
    printed.write_text(ok(run, "sheet"))
    assert "was not written by handover" in run.refused_raw("--db", str(run.db_path), "sheet", "--out", str(printed))


def test_each_format_carries_the_mark_and_stays_readable(run: Handover, tmp_path: Path) -> None:
    import json

    for fmt in ("txt", "md", "html"):
        target = tmp_path / f"sheet.{fmt}"
        ok(run, "sheet", "--format", fmt, "--out", str(target))
        assert WRITTEN_MARK in target.read_text()
    record = tmp_path / "jordan.json"
    ok(run, *WRITERS["export-md"][:-3], "--format", "json", "--out", str(record))
    document = json.loads(record.read_text())
    assert document["generator"] == WRITTEN_MARK and document["young_person"]["name"] == "Jordan Mills"


# -- private from the first byte -------------------------------------------------------------------------------
@pytest.mark.parametrize("writer", list(WRITERS))
def test_created_owner_only_without_chmod(
    run: Handover, writer: str, tmp_path: Path, open_umask: None, no_chmod: None
) -> None:
    target = tmp_path / "out" / "document"
    target.parent.mkdir()
    ok(run, *_write(run, writer, target))
    if target.is_dir():  # export --all as csv: a folder of files
        assert mode(target) == 0o700
        assert {mode(p) for p in target.iterdir()} == {0o600}
    else:
        assert mode(target) == 0o600
    assert folder_listing(target.parent) == ["document"]  # no temporary file left beside it


def test_the_database_is_created_owner_only_without_chmod(
    tmp_path: Path, open_umask: None, no_chmod: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    run = Handover(tmp_path / "new.db")
    ok(run, "init", "--home", "Larch House")
    ok(run, "people", "add", "--staff", "Sam Kell")
    assert mode(run.db_path) == 0o600
    conn = sqlite3.connect(run.db_path)  # held open, so the -wal and -shm are there to look at
    try:
        conn.execute("SELECT count(*) FROM staff").fetchone()
        for companion in ("-wal", "-shm"):
            path = Path(f"{run.db_path}{companion}")
            assert not path.exists() or mode(path) == 0o600
    finally:
        conn.close()


# -- whole or not at all ---------------------------------------------------------------------------------------
def _stream(pieces: int, fail: BaseException | None = None) -> Iterator[str]:
    for n in range(pieces):
        yield f"line {n}\n" * 100
    if fail is not None:
        raise fail


def test_a_full_disk_half_way_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    with pytest.raises(StorageError, match="the disk is full: free some space") as refused:
        write_private_atomic(target, _stream(50, OSError(errno.ENOSPC, "No space left on device")), what="the export")
    assert "Nothing was left behind" in str(refused.value)
    assert folder_listing(tmp_path) == []


def test_an_interrupted_write_keeps_the_old_sheet(tmp_path: Path) -> None:
    target = tmp_path / "sheet.txt"
    write_private_atomic(target, f"old sheet\n{WRITTEN_MARK}.\n")
    with pytest.raises(KeyboardInterrupt):
        write_private_atomic(target, _stream(10, KeyboardInterrupt()))
    assert target.read_text() == f"old sheet\n{WRITTEN_MARK}.\n"
    assert folder_listing(tmp_path) == ["sheet.txt"]


def test_the_writer_refuses_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=r"Cannot write the sheet to .*: the folder .*nowhere does not exist\."):
        write_private_atomic(tmp_path / "nowhere" / "sheet.txt", "x", what="the sheet")
    with pytest.raises(StorageError, match="that is a folder. Give a file name"):
        write_private_atomic(tmp_path, "x", what="the sheet")
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StorageError, match="a-file is a file, not a folder"):
        write_private_atomic(tmp_path / "a-file" / "sheet.txt", "x", what="the sheet")
    with pytest.raises(StorageError, match="longer than this PC allows"):
        write_private_atomic(tmp_path / ("n" * 300), "x", what="the sheet")
    taken = tmp_path / "taken.txt"
    taken.write_text(f"{WRITTEN_MARK}.\n")
    with pytest.raises(StorageError, match="already exists. Nothing was written: choose a new name"):
        write_private_atomic(taken, "x", replace=False)
