"""Backups and restore on real files: consistent copies while another terminal keeps writing, private files,
a year of retention, and a restore that never loses the database it replaces."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db import integrity
from db.anchor import heads as anchor_heads
from db.anchor import sidecar, state_file
from db.anchor import write as write_anchor
from db.backup import (
    backup,
    backups_of,
    daily_backup_if_due,
    folder_for,
    last_good_backup,
    list_backups,
    prune,
    restore,
)
from db.files import check_modes, open_private, secure_dir
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.domain.errors import InvalidInput, NotFound, StorageError
from handover.service import Service
from tests.conftest import Home
from tests.db.test_tamper import raw

HANDOVER = str(Path(sys.executable).parent / "handover")
LONDON = ZoneInfo("Europe/London")
#: 20:00 in the home, Friday 27 November 2026.
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=LONDON)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def event_ids(path: Path) -> list[int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def recorded(service: Service, home: Home) -> Path:
    """A home with two ruptures, its store closed (so nothing holds the file open). Returns the db path."""
    service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    service.record_rupture(home.dev, home.riley, [home.dev], RuptureKind.WITHDRAWAL, "I went quiet.")
    service.store.close()
    return service.store.path


# -- backup ---------------------------------------------------------------------------------------------
def test_a_backup_is_a_checked_private_copy_in_a_private_folder(recorded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kept" / "backups"
    made = backup(recorded, folder, NOW)
    assert made == folder / "handover-2026-11-27T2000.db"
    assert mode(made) == 0o600 and mode(folder) == 0o700
    assert integrity.check(made).ok
    assert event_ids(made) == event_ids(recorded) == [1, 2]
    # One self-contained file (no -wal or -shm beside it, nothing half-written left behind), and its anchor:
    # the heads of both chains it holds, private like the copy.
    assert sorted(p.name for p in folder.iterdir()) == [made.name, f"{made.name}.anchor"]
    assert mode(folder / f"{made.name}.anchor") == 0o600


def test_two_backups_in_the_same_minute_both_kept(recorded: Path, tmp_path: Path) -> None:
    first = backup(recorded, tmp_path, NOW)
    second = backup(recorded, tmp_path, NOW)
    assert (first.name, second.name) == ("handover-2026-11-27T2000.db", "handover-2026-11-27T2000-2.db")
    assert [b.path for b in list_backups(tmp_path)] == [first, second]


def test_a_damaged_database_is_not_backed_up(recorded: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(recorded)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET payload = '{}' WHERE id = 1")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError) as err:
        backup(recorded, tmp_path / "backups", NOW)
    assert str(err.value).startswith("No backup was made: the database fails its check. Entry #1 ")
    assert "handover check" in str(err.value)
    assert list((tmp_path / "backups").iterdir()) == []


def test_backup_of_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="There is no database at"):
        backup(tmp_path / "nothing.db", tmp_path / "backups", NOW)


def test_backup_while_another_terminal_keeps_writing(
    service: Service, home: Home, db_path: Path, tmp_path: Path, clock: FrozenClock, tz: ZoneInfo
) -> None:
    """A thread records ruptures through its own Store and Service until told to stop. A backup taken while it
    writes holds every entry committed before it started, passes the check, and restores whole."""
    stop = threading.Event()
    written = threading.Semaphore(0)  # released once per rupture the writer has committed
    errors: list[BaseException] = []

    def writer() -> None:
        store = Store.open(db_path)  # its own connection, in its own thread, like another terminal
        try:
            sv = Service(store, FrozenClock(clock.now()), tz)
            while not stop.is_set():
                sv.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.OTHER, "I was short with him.")
                written.release()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            stop.set()
            written.release()  # never leave the test waiting on a writer that stopped
            store.close()

    def wait_for_commits(n: int) -> None:
        for _ in range(n):
            assert written.acquire(timeout=10), "the writer stopped committing"
            assert not errors, errors

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        wait_for_commits(20)  # well under way
        committed_before = event_ids(db_path)
        made = backup(db_path, tmp_path / "backups", NOW)
        wait_for_commits(5)  # and it went on writing after the backup
    finally:
        stop.set()
    thread.join()
    assert not errors, errors
    in_backup = event_ids(made)
    assert len(committed_before) > 10
    assert set(committed_before) <= set(in_backup)
    assert in_backup == list(range(1, len(in_backup) + 1))
    assert integrity.check(made).ok
    # The writer went on after the backup: the live database has more, and it is whole too.
    service.store.close()
    assert len(event_ids(db_path)) > len(in_backup)
    assert integrity.check(db_path).ok
    # And the backup restores to a database that passes the check and holds exactly what was backed up.
    restored = tmp_path / "restored" / "home.db"
    assert restore(made, restored, NOW) is None
    assert integrity.check(restored).ok and event_ids(restored) == in_backup


# -- restore --------------------------------------------------------------------------------------------
def test_restore_moves_the_current_database_aside_untouched(recorded: Path, tmp_path: Path) -> None:
    made = backup(recorded, tmp_path / "backups", NOW)
    # More is written after the backup: it must survive the restore, in the file set aside.
    store = Store.open(recorded)
    store.db.execute("INSERT INTO settings(key, value) VALUES ('after', 'the backup')")
    store.close()
    before = digest(recorded)
    kept = restore(made, recorded, NOW + timedelta(hours=1))
    assert kept == recorded.with_name("home.db.before-restore-2026-11-27T2100")
    assert digest(kept) == before
    assert mode(recorded) == 0o600
    assert integrity.check(recorded).ok
    restored = Store.open(recorded)
    try:
        assert restored.rows("SELECT value FROM settings WHERE key = 'after'") == []
    finally:
        restored.close()


def test_restore_never_overwrites_an_earlier_set_aside_file(recorded: Path, tmp_path: Path) -> None:
    made = backup(recorded, tmp_path / "backups", NOW)
    first = restore(made, recorded, NOW)
    assert first is not None
    first_bytes = digest(first)
    second = restore(made, recorded, NOW)
    assert first is not None and second is not None
    assert second.name == "home.db.before-restore-2026-11-27T2000-2"
    assert digest(first) == first_bytes


def test_a_damaged_backup_is_refused_and_nothing_moves(recorded: Path, tmp_path: Path) -> None:
    made = backup(recorded, tmp_path / "backups", NOW)
    conn = sqlite3.connect(made)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE id = 1")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in recorded.parent.iterdir())
    data = digest(recorded)
    with pytest.raises(StorageError) as err:
        restore(made, recorded, NOW)
    assert str(err.value).startswith(f"The backup {made} is damaged and will not be restored:")
    assert "Entries before #2 are missing." in str(err.value) and "Nothing was changed" in str(err.value)
    assert sorted(p.name for p in recorded.parent.iterdir()) == before
    assert digest(recorded) == data


def test_restore_refuses_while_the_database_is_open(recorded: Path, tmp_path: Path) -> None:
    made = backup(recorded, tmp_path / "backups", NOW)
    board = Store.open(recorded)
    try:
        board.young_people()  # a board reading: it holds the file open
        with pytest.raises(StorageError, match="is open on this PC"):
            restore(made, recorded, NOW)
        assert not list(recorded.parent.glob("*.before-restore-*"))
    finally:
        board.close()
    assert restore(made, recorded, NOW) is not None


def test_restore_of_a_missing_backup_or_the_database_itself(recorded: Path, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="There is no backup file at"):
        restore(tmp_path / "nope.db", recorded, NOW)
    with pytest.raises(InvalidInput, match="is the database itself"):
        restore(recorded, recorded, NOW)


def test_what_was_still_in_the_wal_is_kept_in_the_set_aside_file(recorded: Path, tmp_path: Path) -> None:
    """A database left by a crash: its newest commit is only in the -wal. Restoring over it keeps that too."""
    made = backup(recorded, tmp_path / "backups", NOW)
    crashed = tmp_path / "crashed" / "home.db"
    crashed.parent.mkdir()
    writer = sqlite3.connect(recorded, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # keep the commit in the -wal
    writer.execute("INSERT INTO settings(key, value) VALUES ('only', 'in the wal')")
    for suffix in ("", "-wal"):  # a copy of the files as they are on disk mid-session: a crash
        Path(f"{crashed}{suffix}").write_bytes(Path(f"{recorded}{suffix}").read_bytes())
    writer.close()
    kept = restore(made, crashed, NOW)
    assert kept is not None
    conn = sqlite3.connect(kept)
    try:
        assert conn.execute("SELECT value FROM settings WHERE key = 'only'").fetchall() == [("in the wal",)]
    finally:
        conn.close()


# -- retention ------------------------------------------------------------------------------------------
def fake_backups(folder: Path, first: date, last: date, per_day: int = 2, of: Path | None = None) -> list[Path]:
    """Files named as backups are, from `first` to `last`. Given `of` (a database), each has an anchor beside
    it saying it is a copy of that database, as a real backup has: only a database's own are pruned with it."""
    folder.mkdir(parents=True, exist_ok=True)
    heads = None
    if of is not None:
        conn = sqlite3.connect(f"{of.resolve().as_uri()}?mode=ro", uri=True)
        try:
            heads = anchor_heads(conn)
        finally:
            conn.close()
    made, day = [], first
    while day <= last:
        for n in range(per_day):
            path = folder / f"handover-{day:%Y-%m-%d}T{8 + n * 10:02d}00.db"
            path.write_bytes(b"x")
            if heads is not None:
                write_anchor(sidecar(path), heads, backup=path.name)
            made.append(path)
        day += timedelta(days=1)
    return made


def test_pruning_keeps_30_daily_and_12_monthly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    fake_backups(folder, date(2024, 6, 1), date(2026, 11, 27))
    (folder / "notes.txt").write_text("not a backup: never touched")
    (folder / "handover-manual-copy.db").write_bytes(b"x")
    removed = prune(folder)
    left = sorted(p.name for p in folder.iterdir())
    daily = [f"handover-{date(2026, 11, 27) - timedelta(days=n):%Y-%m-%d}T1800.db" for n in range(30)]
    # The newest of each of the last 12 months: the last day's evening copy, December 2025 to October 2026
    # (November's newest is today's).
    months = [(2025, 12)] + [(2026, m) for m in range(1, 11)]
    monthly = [
        f"handover-{(date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)):%Y-%m-%d}T1800.db" for y, m in months
    ]
    assert set(left) == {*daily, *monthly, "notes.txt", "handover-manual-copy.db"}
    # October's newest (31 Oct) and November's (today) are among the 30 days: 40 copies in all.
    assert len(set(daily) | set(monthly)) == 40
    days = (date(2026, 11, 27) - date(2024, 6, 1)).days + 1
    assert len(removed) == days * 2 - 40
    assert all(not p.exists() for p in removed)


def test_pruning_counts_days_that_have_backups_and_never_removes_the_one_just_made(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    # The PC was off for most of the year: only a few days have copies, and none of them is pruned.
    sparse = [fake_backups(folder, date(2026, m, 3), date(2026, m, 3), per_day=1)[0] for m in (2, 5, 9)]
    just_made = folder / "handover-2026-01-01T0000.db"  # oddly dated, but just made: kept regardless
    just_made.write_bytes(b"x")
    assert prune(folder, keep=(just_made,), daily=2, monthly=0) == [sparse[0]]
    assert just_made.exists() and sparse[1].exists() and sparse[2].exists()


def test_daily_backup_once_a_day_pruned_and_audited(recorded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    old = fake_backups(folder, date(2026, 9, 1), date(2026, 11, 26), per_day=1, of=recorded)
    first = daily_backup_if_due(recorded, folder, NOW)
    assert first.made == folder / "handover-2026-11-27T2000.db"
    assert integrity.check(first.made).ok
    # 30 days kept (today's real copy and the 29 days before), plus the newest of September (30 Sep);
    # October's newest (31 Oct) is among the 30 days already.
    assert sorted(first.removed) == sorted(set(old) - set(old[-29:]) - {old[29]})
    assert daily_backup_if_due(recorded, folder, NOW + timedelta(hours=3)).made is None
    tomorrow = daily_backup_if_due(recorded, folder, NOW + timedelta(days=1))
    assert tomorrow.made is not None and tomorrow.made.name == "handover-2026-11-28T2000.db"
    store = Store.open(recorded)
    try:
        rows = store.rows("SELECT actor_id, action, detail FROM audit ORDER BY id")
    finally:
        store.close()
    assert [(r["actor_id"], r["action"]) for r in rows] == [(None, "backup"), (None, "backup")]
    assert '"automatic": true' in rows[0]["detail"]


def test_two_homes_sharing_a_backup_folder_each_keep_their_own_backups(recorded: Path, tmp_path: Path) -> None:
    """Two databases side by side (or one backup folder set for several homes): each makes its own daily copy,
    prunes only its own, and is checked against its own newest backup, not the other home's."""
    other = tmp_path / "other.db"
    for args in (["init", "--home", "Rowan Lodge"], ["people", "add", "--staff", "Jamie Fox"]):
        done = subprocess.run([HANDOVER, *args, "--db", str(other)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    folder = folder_for(recorded)
    assert folder == folder_for(other)  # beside both: one folder
    ours = daily_backup_if_due(recorded, folder, NOW).made
    theirs = daily_backup_if_due(other, folder, NOW + timedelta(hours=1)).made
    assert ours is not None and theirs is not None  # the other home's copy of today is not this one's
    assert backups_of(folder, integrity.first_seal(recorded)) == [b for b in list_backups(folder) if b.path == ours]
    # The next day: each keeps the newest of each day of its own, so yesterday's copy of ours stays, though the
    # other home's of the same day is newer; and the other home's is never pruned with ours.
    tomorrow = daily_backup_if_due(recorded, folder, NOW + timedelta(days=1))
    assert tomorrow.made is not None and tomorrow.removed == []
    assert ours.exists() and theirs.exists()
    # `handover check` on each compares it with its own newest backup and says the other's was left out.
    for db, newest in ((recorded, tomorrow.made), (other, theirs)):
        done = subprocess.run([HANDOVER, "check", "--db", str(db)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"It agrees with the newest backup ({newest.name})" in done.stdout
        assert "of another database left out" in done.stdout
        assert "DAMAGED" not in done.stdout


def test_the_backup_folder_follows_the_database_unless_configured(tmp_path: Path) -> None:
    assert folder_for(tmp_path / "home.db") == tmp_path / "backups"
    assert folder_for(tmp_path / "home.db", tmp_path / "usb") == tmp_path / "usb"


# -- file modes -----------------------------------------------------------------------------------------
def test_modes_are_checked_and_private_files_made_private(tmp_path: Path) -> None:
    old = os.umask(0)  # even with a permissive umask, what the board makes is private
    try:
        folder = secure_dir(tmp_path / "a" / "b")
        with open_private(folder / "export.html") as f:
            f.write("record")
    finally:
        os.umask(old)
    assert mode(folder) == 0o700 and mode(folder / "export.html") == 0o600
    assert check_modes([folder, folder / "export.html", tmp_path / "missing"]) == []
    with pytest.raises(FileExistsError):
        open_private(folder / "export.html")
    (folder / "export.html").chmod(0o644)
    folder.chmod(0o755)
    assert check_modes([folder / "export.html", folder]) == [
        f"{folder / 'export.html'} can be read by other users of this PC (mode 0644). "
        f"Fix: chmod 600 {folder / 'export.html'}",
        f"The folder {folder} can be opened by other users of this PC (mode 0755). Fix: chmod 700 {folder}",
    ]


def test_an_existing_shared_folder_is_not_tightened(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    secure_dir(shared)
    assert mode(shared) == 0o755


def test_a_folder_made_by_another_thread_meanwhile_is_taken_as_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day's backup and the record check both make the backup folder as the board starts: the one that
    loses the race (its look said "missing", the other's mkdir came first) uses the folder, not an error."""
    folder = tmp_path / "backups"
    real_mkdir = Path.mkdir

    def beaten_to_it(self: Path, *args: object, **kwargs: object) -> None:
        if self == folder:
            real_mkdir(self, 0o700)  # the other thread's mkdir, between this one's look and its own mkdir
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", beaten_to_it)
    assert secure_dir(folder) == folder and folder.is_dir()
    (tmp_path / "a file").write_text("")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        secure_dir(tmp_path / "a file")


# -- tamper evidence: a backup never copies an altered record, and carries its anchor -----------------------
def test_a_backup_of_a_tampered_file_is_refused_and_says_why(service: Service, home: Home, tmp_path: Path) -> None:
    service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    service.store.close()
    raw(service.store.path, ("UPDATE young_people SET name = 'Casey Rowe' WHERE id = ?", (home.jordan.id,)))
    folder = tmp_path / "backups"
    with pytest.raises(StorageError) as err:
        backup(service.store.path, folder, NOW)
    assert str(err.value).startswith(
        f"No backup was made: the database fails its check. Young person #{home.jordan.id}'s name was changed "
        "outside the board: the record says 'Jordan Mills', the table says 'Casey Rowe'. A copy of an altered "
        "record would only look like a good one."
    )
    assert list(folder.iterdir()) == []  # no copy, no anchor, nothing half-written


def test_a_backup_is_held_to_this_pc_s_anchor(recorded: Path, tmp_path: Path) -> None:
    """This PC saw rupture #2 (its anchor, moved on by the first backup); once it is removed from the file, the
    file is not backed up again, though nothing in the file itself shows the loss."""
    state, folder = tmp_path / "state", tmp_path / "backups"
    backup(recorded, folder, NOW, anchor_dir=state)
    raw(
        recorded,
        ("DELETE FROM events WHERE rupture_id = 2", ()),
        ("DELETE FROM rupture_adults WHERE rupture_id = 2", ()),
        ("DELETE FROM ruptures WHERE id = 2", ()),
    )
    assert integrity.check(recorded).ok
    with pytest.raises(StorageError, match="The newest entries this PC saw are missing: entry #2 was there"):
        backup(recorded, folder, NOW + timedelta(hours=1), anchor_dir=state)
    assert len(list_backups(folder)) == 1


def test_a_leftover_partial_is_removed_by_the_next_backup(recorded: Path, tmp_path: Path) -> None:
    """A backup killed part-way leaves its temporary copy; the next backup removes it, but never the copy a
    backup running at that moment is writing (it holds a lock on it)."""
    fcntl = pytest.importorskip("fcntl", reason="the lock a running backup holds is flock (POSIX)")
    folder = secure_dir(tmp_path / "backups")
    killed = folder / ".handover-2026-11-26T2000.db.partial"
    killed.write_bytes(b"\0" * 4096)
    running = folder / ".handover-2026-11-27T1959.db.partial"
    with open(running, "wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running backup holds its copy
        made = backup(recorded, folder, NOW)
        assert not killed.exists()
        assert running.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, f"{made.name}.anchor", running.name])
    backup(recorded, folder, NOW)  # nobody holds it any more: removed this time
    assert not running.exists()


def test_a_backup_cut_short_after_it_was_made_is_not_restored(recorded: Path, tmp_path: Path) -> None:
    """Its own anchor says which entries it holds: one removed from it since is found before anything moves."""
    made = backup(recorded, tmp_path / "backups", NOW)
    raw(
        made,
        ("DELETE FROM events WHERE id = 2", ()),
        ("DELETE FROM rupture_adults WHERE rupture_id = 2", ()),
        ("DELETE FROM ruptures WHERE id = 2", ()),
    )
    with pytest.raises(StorageError) as err:
        restore(made, recorded, NOW)
    assert "The newest entries this backup's anchor saw are missing: entry #2 was there" in str(err.value)


def test_restore_sets_this_pc_s_anchor_back_to_the_backup(
    recorded: Path, tmp_path: Path, clock: FrozenClock, tz: ZoneInfo
) -> None:
    """After an older backup is restored, the newer entries are in the file set aside, not missing: the check
    passes, and goes on passing as the board writes again."""
    state, folder = tmp_path / "state", tmp_path / "backups"
    older = backup(recorded, folder, NOW, anchor_dir=state)
    store = Store.open(recorded)
    sv = Service(store, clock, tz)
    sv.mark_repaired(sv.find_staff("Sam"), 1, "I said I was sorry for shouting.")
    store.close()
    backup(recorded, folder, NOW + timedelta(hours=1), anchor_dir=state)
    assert integrity.check(recorded, anchor_dir=state, backup_dir=folder).ok
    restore(older, recorded, NOW + timedelta(hours=2), anchor_dir=state)
    assert integrity.check(recorded, anchor_dir=state, backup_dir=folder).ok
    assert integrity.startup_check(recorded, state, backup_dir=folder).ok


def test_pruning_removes_each_backup_s_anchor_with_it(recorded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    old = backup(recorded, folder, NOW - timedelta(days=40))
    backup(recorded, folder, NOW)
    assert prune(folder, daily=1, monthly=0) == [old]
    assert not Path(f"{old}.anchor").exists()
    assert sorted(p.name for p in folder.iterdir()) == [
        "handover-2026-11-27T2000.db",
        "handover-2026-11-27T2000.db.anchor",
    ]


def test_the_last_good_backup(recorded: Path, tmp_path: Path, clock: FrozenClock, tz: ZoneInfo) -> None:
    """The newest backup that passes its own check and agrees with the record: not one altered since it was
    made, and not another home's."""
    state, folder = tmp_path / "state", tmp_path / "backups"
    first = backup(recorded, folder, NOW, anchor_dir=state)
    second = backup(recorded, folder, NOW + timedelta(hours=1), anchor_dir=state)
    assert last_good_backup(recorded, folder, LONDON, anchor_dir=state)[0].path == second  # type: ignore[index]
    raw(second, ("UPDATE staff SET role = 'manager' WHERE id = 1", ()))
    assert last_good_backup(recorded, folder, LONDON, anchor_dir=state)[0].path == first  # type: ignore[index]
    # Another home's database in the folder, newer than both, is never the one to restore.
    other = tmp_path / "other.db"
    other_store = Store.open(other, create=True)
    Service(other_store, clock, tz).init_home("Birch House")
    other_store.close()
    backup(other, folder, NOW + timedelta(hours=2))
    assert last_good_backup(recorded, folder, LONDON, anchor_dir=state)[0].path == first  # type: ignore[index]


def test_a_check_and_a_backup_at_once_both_keep_the_anchor(recorded: Path, tmp_path: Path) -> None:
    """The board checks the record and makes the day's backup on two threads at once: both write this PC's
    anchor, neither fails for it, and the anchor left behind is whole."""
    state, folder = tmp_path / "state", tmp_path / "backups"
    errors: list[BaseException] = []

    def checking() -> None:
        try:
            for _ in range(15):
                assert integrity.check(recorded, anchor_dir=state, backup_dir=folder).ok
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=checking)
    thread.start()
    made = [backup(recorded, folder, NOW, anchor_dir=state) for _ in range(5)]
    thread.join()
    assert not errors, errors
    assert len(made) == 5 and integrity.startup_check(recorded, state, backup_dir=folder).ok
    assert [p.name for p in (state / "anchors").iterdir()] == [state_file(state, recorded).name]
