"""Every failure is one plain line and exit 1, never a traceback, and nothing is left half-written.

Each cause the adversarial pass found, through the real CLI on a real database file (CliRunner in-process,
or the console script in a subprocess where the bytes of argv and the environment matter): arguments that
are not UTF-8, huge ids and day offsets, year-1 and year-9999 dates (typed, and stored by another tool), names
longer than the OS allows, a backup folder that is a file, a read-only folder, a full disk, a database held
locked past the busy timeout, a truncated file, a newer schema, and anything unexpected (logged with its
traceback in this PC's state folder, said in one line).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import db.connection
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.faults import LOG_NAME
from handover.service import Service
from tests.conftest import Home
from tests.test_cli import Handover

#: What a long name is: past NAME_MAX (255 bytes) for one part of a path on every common file system.
LONG = "n" * 300


@pytest.fixture
def run(service: Service, home: Home, clock: FrozenClock, db_path: Path) -> Handover:
    """Larch House with one open rupture (#1), through the CLI at the frozen time; the fixture's own
    connection is closed so the CLI is the only user."""
    service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    service.store.close()
    return Handover(db_path, clock)


def console(db_path: Path, *args: str | bytes, env: dict[bytes, bytes] | None = None) -> tuple[int, str, str]:
    """`handover ARGS` as the console script runs it (argv as bytes, as a terminal gives them)."""
    environ = {k.encode(): v.encode() for k, v in os.environ.items()}
    environ[b"HANDOVER_DB"] = str(db_path).encode()
    environ.update(env or {})
    argv = [a if isinstance(a, bytes) else a.encode() for a in args]
    done = subprocess.run([sys.executable.encode(), b"-m", b"handover", *argv], env=environ, capture_output=True)
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")


def one_error(code: int, out: str, err: str, *, exit_code: int = 1) -> str:
    """The one 'Error:' line a refused command said (beside any 'Warning:' lines), having checked that."""
    assert code == exit_code, err
    assert "Traceback" not in out + err
    said = [line for line in (out + err).splitlines() if not line.startswith("Warning: ")]
    assert len(said) == 1 and said[0].startswith("Error: "), out + err
    return said[0]


# -- text that is not UTF-8 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        [b"log", b"--young-person", b"Jordan", b"--staff", b"Sam", b"--kind", b"other", b"--what", b"caf\xe9 at tea"],
        [b"people", b"add", b"--staff", b"Sam \xff\xfe"],
        [b"shift", b"pattern", b"--shift", b"ear\xffly=07:00-15:00", b"--by", b"Morgan"],
        [b"repair", b"1", b"--by", b"Sam", b"--note", b"\xc3"],
    ],
    ids=["log-what", "people-add", "shift-name", "repair-note"],
)
def test_an_argument_that_is_not_utf8_is_refused(run: Handover, args: list[bytes]) -> None:
    before = run.counts()
    error = one_error(*console(run.db_path, *args))
    assert "is not valid text: it holds bytes that are not UTF-8" in error and "Nothing was done" in error
    assert "\ufffd" in error  # the bytes shown as the replacement character, never raw
    assert run.counts() == before


def test_a_variable_that_is_not_utf8_is_refused(run: Handover) -> None:
    error = one_error(*console(run.db_path, "list", env={b"HANDOVER_PIN": b"12\xff4"}))
    assert (
        error
        == "Error: HANDOVER_PIN is not valid text: it holds bytes that are not UTF-8. Set it again. Nothing was done."
    )


# -- numbers and times out of range ----------------------------------------------------------------------------
@pytest.mark.parametrize("number", ["99999999999999999999", "9223372036854775808", "0", "#0", "9" * 400])
@pytest.mark.parametrize("command", ["repair", "accept", "plan"])
def test_a_rupture_number_no_rupture_can_have(run: Handover, command: str, number: str) -> None:
    extra = {"repair": ["--note", "We talked."], "accept": [], "plan": ["--what", "Talk after tea."]}[command]
    error = run.refused(command, number, "--by", "Sam", *extra)
    assert error.startswith("Error: There is no rupture #") and "rupture numbers run from 1 up to" in error


def test_the_largest_number_sqlite_keeps_is_simply_not_there(run: Handover) -> None:
    assert run.refused("repair", str(2**63 - 1), "--by", "Sam", "--note", "x") == (
        f"Error: There is no rupture #{2**63 - 1}. `handover list` shows the open ones."
    )
    error = run.refused("repair", "1", "--by", "Sam", "--note", "x", "--expect-version", "9" * 30, code=2)
    assert "Invalid value for '--expect-version'" in error


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--at", "99999999 days ago"], "'99999999 days ago' is too far off. Give a time from 1900 up to now."),
        (["--at", "9" * 60 + " minutes ago"], "is too far off. Give a time from 1900 up to now."),
        (["--at", "0001-01-01 10:00"], "'0001-01-01 10:00' is before 1900. Give a time from 1900 up to now."),
        (["--at", "1899-06-30"], "is before 1900"),
        (["--at", "9999-12-31 23:59"], "is in the future"),
        (["--at", "2999-01-01"], "The time of the rupture is in the future."),
    ],
    ids=["huge-offset", "huge-number", "year-1", "1899", "year-9999", "far-future"],
)
def test_a_rupture_time_out_of_range(run: Handover, args: list[str], said: str) -> None:
    error = run.refused("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", *args)
    assert said in error


def test_times_at_the_edges_of_the_range_are_kept(run: Handover) -> None:
    run.ok("people", "add", "--young-person", "Avery Lund", "--arrived", "1900-01-01")
    assert run.log("--at", "1900-01-02 09:00", who="Avery") == 2
    error = run.refused("people", "add", "--young-person", "Avery Lund", "--arrived", "99999999 days ago")
    assert "too far off" in error
    assert "is before 1900" in run.refused("people", "add", "--young-person", "Avery Lund", "--arrived", "0001-01-01")


def test_audit_since_and_plan_ahead_out_of_range(run: Handover) -> None:
    assert "too far off" in run.refused("audit", "--by", "Morgan", "--since", "99999999 days ago")
    assert "is before 1900" in run.refused("audit", "--by", "Morgan", "--since", "0001-01-01")
    error = run.refused("plan", "1", "--by", "Sam", "--what", "Talk after tea.", "--when", "in 99999999 days")
    assert "more than a year ahead" in error


def _store_edge_times(db_path: Path) -> None:
    """What another tool may leave: one rupture in year 1, one in year 9999 (input refuses both)."""
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE ruptures SET occurred_at = '0001-01-01T00:00:00+00:00' WHERE id = 1")
    conn.execute("UPDATE ruptures SET occurred_at = '9999-12-31T23:59:00+00:00' WHERE id = 2")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["sheet"],
        ["sheet", "--format", "md"],
        ["sheet", "--format", "html"],
        ["export", "--young-person", "Jordan", "--by", "Morgan", "--format", "html", "--out", "-"],
        ["export", "--young-person", "Jordan", "--by", "Morgan", "--format", "md", "--out", "-"],
        ["export", "--young-person", "Jordan", "--by", "Morgan", "--format", "json", "--out", "-"],
        ["audit", "--by", "Morgan"],
    ],
    ids=lambda a: "-".join(a[:3]),
)
def test_stored_year_1_and_9999_never_break_sheets_or_exports(
    run: Handover, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOVER_TIMEZONE", "America/New_York")  # behind UTC: year 1 cannot be shown there
    run.log(who="Jordan")
    _store_edge_times(run.db_path)
    result = run.raw("--db", str(run.db_path), *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Error" not in result.output


# -- paths and folders -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["--db", f"/tmp/{LONG}.db", "list"],
        ["--db", f"/tmp/{LONG}.db"],
        ["sheet", "--out", f"/tmp/{LONG}.txt"],
        ["export", "--young-person", "Jordan", "--by", "Morgan", "--out", f"/tmp/{LONG}.html"],
        ["export", "--all", "--format", "json", "--by", "Morgan", "--out", f"/tmp/{LONG}.json"],
        ["export", "--all", "--format", "csv", "--by", "Morgan", "--out", f"/tmp/{LONG}"],
        ["backup", "--to", f"/tmp/{LONG}"],
    ],
    ids=["db", "board", "sheet", "export", "export-all-json", "export-all-csv", "backup"],
)
def test_a_name_longer_than_the_os_allows(run: Handover, args: list[str]) -> None:
    full = args if args[0] == "--db" else ["--db", str(run.db_path), *args]
    error = run.refused_raw(*full)
    assert "longer than this PC allows" in error
    assert len(error) < 400  # the name is cut in the message, not printed whole


def test_a_backup_folder_that_is_a_file(run: Handover, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    # --to must be a folder: a usage mistake, said in one line (exit 2).
    error = run.refused_raw("--db", str(run.db_path), "backup", "--to", str(a_file), code=2)
    assert "is a file" in error
    monkeypatch.setenv("HANDOVER_BACKUP_DIR", str(a_file))
    assert "is a file, not a folder" in run.refused_raw("--db", str(run.db_path), "backup")
    monkeypatch.setenv("HANDOVER_BACKUP_DIR", str(a_file / "inside"))
    assert "a file, not a folder" in run.refused_raw("--db", str(run.db_path), "backup")
    assert a_file.read_text() == "x"


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a tmpfs of 64 KiB (a full disk on demand), where this machine lets a test mount one."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(folder)):
        pytest.skip("a full disk needs a tmpfs: this test runs as root where `mount` works (not here)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write in, the database inside it: a read-only tmpfs where the test runs as root
    (root may write past a folder's mode), else a folder of mode 0500."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        if not _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)):
            pytest.skip("as root a read-only folder needs a read-only mount, and `mount` does not work here")
        try:
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    yield folder
    folder.chmod(0o700)


def _seal(folder: Path) -> None:
    if os.geteuid() == 0:
        assert _mount("-o", "remount,ro", str(folder))
    else:
        folder.chmod(0o500)


def _make_big(run: Handover, service_path: Path, rows: int) -> None:
    """Enough entries that an export of everything is larger than the small disk."""
    with Service.open(service_path, FrozenClock(datetime(2026, 11, 27, 20, 0, tzinfo=UTC)), UTC) as sv:
        sam, jordan = sv.find_staff("Sam"), sv.find_young_person("Jordan")
        with sv.store.batch():
            for n in range(rows):
                sv.record_rupture(sam, jordan, [sam], RuptureKind.OTHER, f"Entry {n}: " + "words " * 40)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_full_disk_during_export_all_leaves_nothing(run: Handover, small_disk: Path, fmt: str) -> None:
    _make_big(run, run.db_path, 300)
    out = small_disk / f"everything.{fmt}"
    error = run.refused_raw(
        "--db", str(run.db_path), "export", "--all", "--format", fmt, "--by", "Morgan", "--out", str(out)
    )
    assert "the disk is full: free some space, or write to another disk" in error
    assert "Nothing was left behind" in error
    assert list(small_disk.iterdir()) == []  # no partial file, no temporary folder


def test_a_read_only_folder(run: Handover, read_only_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = read_only_folder / "home.db"
    database.write_bytes(run.db_path.read_bytes())
    _seal(read_only_folder)
    here = Handover(database, run.clock)
    # SQLite writes beside a database even to read it (its -shm): said in one line, for reading and writing.
    before = database.read_bytes()
    for args in (["list"], ["log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x"]):
        result = here.raw("--db", str(database), *args)
        error = one_error(result.exit_code, result.stdout, result.stderr)
        assert database.read_bytes() == before
        assert error == (
            f"Error: The folder of {database} is read-only (or on a read-only disk), and handover writes beside "
            "the database even to read it. Nothing was changed: copy it to a folder you can write in."
        )
    sheet = read_only_folder / "sheet.txt"
    error = run.refused_raw("--db", str(run.db_path), "sheet", "--out", str(sheet))
    assert "read-only" in error or "permission denied" in error
    assert not sheet.exists()


# -- the database itself ---------------------------------------------------------------------------------------
def test_a_database_locked_past_the_busy_timeout(run: Handover, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 200)  # the 5 s wait, shortened for the test
    holder = sqlite3.connect(run.db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        error = run.refused("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert error.startswith("Error: The database is busy: another terminal kept it locked for more than ")
    assert error.endswith("Nothing was saved. Try again in a moment.")


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["sheet"],
        ["log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x"],
        ["export", "--young-person", "Jordan", "--by", "Morgan", "--out", "-"],
    ],
    ids=["list", "sheet", "log", "export"],
)
def test_a_truncated_file(run: Handover, args: list[str]) -> None:
    size = run.db_path.stat().st_size
    os.truncate(run.db_path, size // 2)
    result = run.raw("--db", str(run.db_path), *args)
    error = one_error(result.exit_code, result.stdout, result.stderr)
    assert "is damaged or is not a handover database. Nothing was changed." in error
    assert run.db_path.stat().st_size == size // 2


def test_a_newer_schema_than_this_version_knows(run: Handover) -> None:
    conn = sqlite3.connect(run.db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('handover', 'm999_later', '2030')"
    )
    conn.commit()
    conn.close()
    before = run.db_path.read_bytes()
    for args in (["list"], ["log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x"]):
        result = run.raw("--db", str(run.db_path), *args)
        error = one_error(result.exit_code, result.stdout, result.stderr)
        assert error == (
            f"Error: {run.db_path} was last changed by a newer version of handover (it has m999_later, which this "
            "version does not know). Nothing was changed: update handover on this PC."
        )
    assert run.db_path.read_bytes() == before


# -- anything unexpected ---------------------------------------------------------------------------------------
def test_anything_unexpected_is_one_line_and_the_traceback_is_logged(
    run: Handover, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> list[str]:
        raise ZeroDivisionError("a bug nobody foresaw")

    monkeypatch.setattr("handover.listing.board_lines", broken)
    result = run.raw("--db", str(run.db_path), "list")
    log = tmp_path / "state" / LOG_NAME  # this PC's state folder (HANDOVER_STATE_DIR, see conftest)
    error = one_error(result.exit_code, result.stdout, result.stderr)
    assert error == (
        "Error: Handover stopped on something it did not expect (ZeroDivisionError). Anything saved before it is "
        f"kept. Nothing more was done (details written to {log})."
    )
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: a bug nobody foresaw" in text
    assert "handover list" in text


def test_the_console_script_logs_too(run: Handover, tmp_path: Path) -> None:
    code = (
        "import handover.listing as listing\n"
        "def broken(*a, **k): raise KeyError('not foreseen')\n"
        "listing.board_lines = broken\n"
        "import sys; sys.argv = ['handover', 'list']\n"
        "from handover.launch import main; main()\n"
    )
    env = {**os.environ, "HANDOVER_DB": str(run.db_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    error = one_error(done.returncode, done.stdout, done.stderr)
    assert error.startswith("Error: Handover stopped on something it did not expect (KeyError).")
    assert "KeyError: 'not foreseen'" in (tmp_path / "state" / LOG_NAME).read_text()


def test_an_error_line_never_echoes_control_characters(run: Handover) -> None:
    error = run.refused("repair", "1", "--by", "Sam\x1b]0;owned\x07", "--note", "x")
    assert "\x1b" not in error and "\x07" not in error
    assert "␛]0;owned␇" in error


def test_an_escape_sequence_typed_into_a_shift_name_is_refused(run: Handover) -> None:
    error = run.refused_raw(
        "--db", str(run.db_path), "shift", "pattern", "--shift", "early\x1b]0;owned\x07=07:00-15:00", "--by", "Morgan"
    )
    assert error == "Error: A shift's name may not hold a control character (such as escape or a tab). Type it again."


def test_text_stored_by_another_tool_never_reaches_the_terminal_raw(run: Handover) -> None:
    conn = sqlite3.connect(run.db_path)
    conn.execute("UPDATE young_people SET name = 'Jordan\x1b]0;owned\x07 Mills' WHERE id = 1")
    conn.execute("UPDATE staff SET name = 'Sam \u202eKell' WHERE name = 'Sam Kell'")
    pattern = '{"name": "custom", "shifts": [{"name": "ear\\u001b[2Jly", "start": "07:00", "end": "19:00"},'
    pattern += ' {"name": "night", "start": "19:00", "end": "07:00"}]}'
    conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES ('shift_pattern', ?)", (pattern,))
    conn.commit()
    conn.close()
    for args in (["list"], ["people", "list"], ["shift", "list"], ["shift", "pattern"], ["sheet"]):
        result = run.raw("--db", str(run.db_path), *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "Jordan␛]0;owned␇ Mills" in run.raw("--db", str(run.db_path), "people", "list").output
