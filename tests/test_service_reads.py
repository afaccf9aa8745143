"""The screens' reads through the service (service/reads.py, service/database.py), on real SQLite files:
what the app asks at start, what a first run already wrote, a rupture's detail, the day's backup, and
`Service.changed()`, which the watch loop runs on its own connection."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from handover.clock import FrozenClock
from handover.domain.enums import EventKind, Role, RuptureKind
from handover.service import Service
from handover.service.database import StartUp, daily_backup, setup_so_far, start_up
from tests.conftest import HOME_NAME, Home


def test_changed_sees_every_commit_by_another_connection(
    db_path: Path, service: Service, home: Home, clock: FrozenClock, tz: ZoneInfo
) -> None:
    with Service.open(db_path, clock, tz) as watching:
        assert watching.changed()  # the first look always reads
        assert not watching.changed()
        service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I snapped at breakfast")
        assert watching.changed()
        assert not watching.changed()
        assert [r.what_happened for r in watching.board().open_ruptures] == ["I snapped at breakfast"]


def test_the_start_up_look(db_path: Path, service: Service, clock: FrozenClock, tz: ZoneInfo) -> None:
    missing = db_path.with_name("not-there.db")
    assert start_up(missing, clock, tz) == StartUp(first_run=True, pins_in_use=False)
    assert start_up(db_path, clock, tz).first_run  # a home named, but nobody on the staff yet
    manager = service.add_staff("Morgan Blake", Role.MANAGER)
    assert start_up(db_path, clock, tz) == StartUp(first_run=False, pins_in_use=False)
    service.set_pin(manager, manager, "2580")
    assert start_up(db_path, clock, tz) == StartUp(first_run=False, pins_in_use=True)
    # And what the board shows, read once so its first frame has the rows: the same as the board's own read.
    jordan = service.add_young_person("Jordan Mills", actor=manager)
    service.record_rupture(manager, jordan, [manager], RuptureKind.HARSH_TONE, "I snapped at breakfast")
    board = start_up(db_path, clock, tz).board
    assert board is not None and board == service.board()
    assert [r.what_happened for r in board.open_ruptures] == ["I snapped at breakfast"]


def test_a_damaged_file_is_not_a_first_run(tmp_path: Path, clock: FrozenClock, tz: ZoneInfo) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database" * 100)
    # The board opens, and says what is wrong with the file, rather than offering to set up a new home.
    assert start_up(damaged, clock, tz) == StartUp(first_run=False, pins_in_use=False)
    assert start_up(damaged, clock, tz).board is None  # the board's watch loop says what is wrong


def test_setup_so_far_picks_up_an_unfinished_first_run(db_path: Path, service: Service) -> None:
    assert setup_so_far(db_path.with_name("not-there.db")).home is None
    jordan = service.add_young_person("Jordan Mills")
    sam = service.add_staff("Sam Kell", Role.STAFF)
    so_far = setup_so_far(db_path)
    assert so_far.home == HOME_NAME
    assert so_far.young_people == (jordan,)
    assert so_far.staff == (sam,)


def test_a_rupture_s_detail_has_its_timeline_and_everyone_it_names(
    service: Service, home: Home, clock: FrozenClock
) -> None:
    rupture = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.WITHDRAWAL, "I went quiet")
    clock.advance(timedelta(minutes=30))
    service.plan(home.sam, rupture.id, "Talk to Jordan after school", expected_version=rupture.version)
    service.mark_left(home.dev, actor=home.morgan)
    detail = service.rupture_detail(rupture.id)
    assert detail.rupture.next_step == "Talk to Jordan after school"
    assert [e.kind for e in detail.events] == [EventKind.RECORDED, EventKind.PLANNED]  # oldest first
    assert {s.name for s in detail.staff} >= {"Sam Kell", "Dev Okafor"}  # a leaver's name still reads
    assert [p.name for p in detail.young_people] == ["Jordan Mills", "Riley Tanaka", "Casey Doyle"]


def test_the_day_s_backup_is_made_once(db_path: Path, service: Service, home: Home, tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    now = service.clock.now().astimezone(service.tz)
    made = daily_backup(db_path, folder, now)
    assert made is not None and made.parent == folder and made.exists()
    assert daily_backup(db_path, folder, now + timedelta(hours=2)) is None  # today's copy is there
    assert daily_backup(db_path, None, now) is not None  # unconfigured: `backups` beside the database
    assert (db_path.parent / "backups").is_dir()
