"""The home's time zone: an IANA name chosen at `handover init`, stored in the database, and the one every
terminal shows its times in, whatever the PC's own zone or HANDOVER_TIMEZONE say afterwards.

Real database files in tmp_path and the real CLI (click's CliRunner). "This PC's zone" is what tzlocal reports;
tests set it to Asia/Tokyo, a zone no home here uses, so a time shown in it would stand out.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tzlocal
from click.testing import CliRunner, Result

from db.connection import connect
from db.schema import migrations
from db.store import Store
from handover.app import make_app
from handover.cli import cli
from handover.cli_support import PIN_ENV
from handover.clock import FrozenClock
from handover.config import Config
from handover.context import home_zone, open_context
from handover.domain.enums import RuptureKind
from handover.domain.errors import StorageError

PC_ZONE = "Asia/Tokyo"
#: A December morning (GMT) and a July one (BST), to type times for the other season.
DECEMBER = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
JULY = datetime(2027, 7, 14, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This PC: in Tokyo, with no HANDOVER_ settings and no settings file of the developer's."""
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: PC_ZONE)
    monkeypatch.setenv("HANDOVER_SETTINGS", str(tmp_path / "no-settings.toml"))
    for name in ("HANDOVER_TIMEZONE", "HANDOVER_DB", PIN_ENV):
        monkeypatch.delenv(name, raising=False)


def run(db_path: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    """`handover ARGS` on the database at `db_path` (--db after the command's name: `people add --db ...`)."""
    n = 2 if args[0] == "people" else 1
    return CliRunner().invoke(cli, [*args[:n], "--db", str(db_path), *args[n:]], env=env, input=stdin)


def ok(db_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run(db_path, *args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(db_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """The one plain "Error:" line of a refused command (beside any "Warning:" that nobody's PIN was checked)."""
    result = run(db_path, *args, env=env)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if not line.startswith("Warning: ")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def stored_zone(db_path: Path) -> str | None:
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def home_in_london(db_path: Path) -> None:
    """A home set up in London through the CLI, with Jordan and Sam."""
    ok(db_path, "init", "--home", "Larch House", "--timezone", "Europe/London")
    ok(db_path, "people", "add", "--young-person", "Jordan Mills")
    ok(db_path, "people", "add", "--staff", "Sam Kell")


def record_at(db_path: Path, typed: str, now: datetime) -> datetime:
    """Record a rupture at the time `typed`, as typed on a terminal whose clock says `now`; its stored time."""
    with open_context(db_path, clock=FrozenClock(now)) as ctx:
        sv = ctx.service
        sam = sv.find_staff("Sam")
        rupture = sv.record_rupture(
            sam, sv.find_young_person("Jordan"), [sam], RuptureKind.HARSH_TONE, "I snapped.", ctx.parse_when(typed)
        )
        return rupture.occurred_at


# -- init ---------------------------------------------------------------------------------------------------
def test_init_stores_the_zone_it_is_given(db_path: Path) -> None:
    out = ok(db_path, "init", "--home", "Larch House", "--timezone", "Europe/London")
    assert out == f"Ready: Larch House at {db_path}. Times are shown in Europe/London.\n"
    assert stored_zone(db_path) == "Europe/London"


def test_init_writes_the_zone_name_as_the_iana_list_spells_it(db_path: Path) -> None:
    ok(db_path, "init", "--home", "Larch House", "--timezone", "america/new york")
    assert stored_zone(db_path) == "America/New_York"


def test_init_defaults_to_this_pcs_zone(db_path: Path) -> None:
    assert "Times are shown in Asia/Tokyo." in ok(db_path, "init", "--home", "Larch House")
    assert stored_zone(db_path) == PC_ZONE


def test_init_defaults_to_handover_timezone_over_the_pcs_zone(db_path: Path) -> None:
    ok(db_path, "init", "--home", "Larch House", env={"HANDOVER_TIMEZONE": "Europe/London"})
    assert stored_zone(db_path) == "Europe/London"


def test_init_uses_utc_and_says_so_when_the_pc_zone_has_no_name(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: None)
    result = run(db_path, "init", "--home", "Larch House")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Times are shown in UTC.\n")
    assert result.stderr.startswith("Warning: this PC's time zone has no name handover can find")
    assert stored_zone(db_path) == "UTC"


def test_init_with_an_unknown_zone_is_refused_naming_a_close_match(db_path: Path) -> None:
    error = refused(db_path, "init", "--home", "Larch House", "--timezone", "Europe/Lundon")
    assert error == "Error: --timezone 'Europe/Lundon' is not a time zone name. Did you mean Europe/London?"
    assert not db_path.exists()


def test_init_with_a_place_alone_suggests_its_zone(db_path: Path) -> None:
    error = refused(db_path, "init", "--home", "Larch House", "--timezone", "London")
    assert error.endswith("Did you mean Europe/London?")


def test_init_with_a_fixed_offset_is_refused(db_path: Path) -> None:
    # "GMT" in a London home would put every summer time an hour out.
    error = refused(db_path, "init", "--home", "Larch House", "--timezone", "GMT")
    assert error.startswith("Error: --timezone 'GMT' is a fixed offset that never changes for summer time")
    assert not db_path.exists()


def test_a_bad_handover_timezone_is_one_plain_line(db_path: Path) -> None:
    error = refused(db_path, "init", "--home", "Larch House", env={"HANDOVER_TIMEZONE": "Europe/Lundon"})
    assert error.startswith("Error: HANDOVER_TIMEZONE (or timezone in ")
    assert error.endswith("'Europe/Lundon' is not a time zone name. Did you mean Europe/London?")
    assert not db_path.exists()


def test_a_bad_handover_timezone_does_not_matter_once_the_home_has_its_zone(db_path: Path) -> None:
    home_in_london(db_path)
    log = ("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "harsh-tone", "--what", "I snapped.")
    ok(db_path, *log, "--at", "2026-07-01 12:00", env={"HANDOVER_TIMEZONE": "Mars/Olympus_Mons"})
    with open_context(db_path) as ctx:
        assert [r.occurred_at for r in ctx.store.open_ruptures()] == [datetime(2026, 7, 1, 11, 0, tzinfo=UTC)]


def test_init_again_may_change_the_zone_only_while_the_home_is_being_set_up(db_path: Path) -> None:
    ok(db_path, "init", "--home", "Larch House", "--timezone", "Europe/London")
    ok(db_path, "init", "--home", "Larch House", "--timezone", "Europe/Dublin")
    assert stored_zone(db_path) == "Europe/Dublin"
    ok(db_path, "init", "--home", "Larch House")  # no zone named: the stored one stays
    assert stored_zone(db_path) == "Europe/Dublin"
    ok(db_path, "people", "add", "--staff", "Morgan Blake", "--role", "manager")
    result = run(db_path, "people", "set-pin", "Morgan", "--by", "Morgan", "--pin-stdin", stdin="4071\n")
    assert result.exit_code == 0, result.output
    error = refused(db_path, "init", "--home", "Larch House", "--timezone", "Europe/London")
    assert error == (
        "Error: Larch House's time zone is Europe/Dublin; it can be changed here only while the home is being set "
        "up (before a manager has a PIN)."
    )
    assert stored_zone(db_path) == "Europe/Dublin"


# -- the stored zone wins -------------------------------------------------------------------------------------
def test_a_summer_time_entered_in_winter_is_stored_and_shown_as_summer_time(db_path: Path) -> None:
    home_in_london(db_path)
    stored = record_at(db_path, "2026-07-01 12:00", now=DECEMBER)
    assert stored == datetime(2026, 7, 1, 11, 0, tzinfo=UTC)
    with open_context(db_path) as ctx:
        assert stored.astimezone(ctx.tz).isoformat(timespec="minutes") == "2026-07-01T12:00+01:00"


def test_a_winter_time_entered_in_summer_is_stored_and_shown_as_winter_time(db_path: Path) -> None:
    home_in_london(db_path)
    stored = record_at(db_path, "2026-12-01T12:00", now=JULY)
    assert stored == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    with open_context(db_path) as ctx:
        assert stored.astimezone(ctx.tz).isoformat(timespec="minutes") == "2026-12-01T12:00+00:00"


def test_the_cli_reads_and_shows_times_in_the_home_zone_not_the_pcs_or_handover_timezone(db_path: Path) -> None:
    home_in_london(db_path)
    elsewhere = {"HANDOVER_TIMEZONE": "America/New_York"}  # and this PC is in Tokyo
    log = ("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "harsh-tone", "--what", "I snapped.")
    ok(db_path, *log, "--at", "2026-07-01 12:00", env=elsewhere)
    ok(db_path, *log, "--at", "2026-12-01 12:00", env=elsewhere)
    store = Store.open(db_path)
    try:
        stored = sorted(r.occurred_at for r in store.open_ruptures())
    finally:
        store.close()
    assert stored == [datetime(2026, 7, 1, 11, 0, tzinfo=UTC), datetime(2026, 12, 1, 12, 0, tzinfo=UTC)]


def test_the_gap_and_the_fold_are_refused_at_the_cli(db_path: Path) -> None:
    home_in_london(db_path)
    log = ("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "harsh-tone", "--what", "I snapped.")
    gap = refused(db_path, *log, "--at", "2026-03-29 01:30")
    assert gap == (
        "Error: 01:30 on 29 Mar 2026 does not exist in Europe/London: the clocks went forward an hour "
        "(from 01:00 to 02:00)."
    )
    fold = refused(db_path, *log, "--at", "2026-10-25 01:30")
    assert fold.startswith("Error: 01:30 on 25 Oct 2026 happened twice in Europe/London")
    assert "Which one? Type 2026-10-25T01:30+01:00 for the first (BST)" in fold
    ok(db_path, *log, "--at", "2026-10-25T01:30+00:00")


def test_the_app_shows_times_in_the_stored_zone(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home_in_london(db_path)
    monkeypatch.setenv("HANDOVER_TIMEZONE", "America/New_York")
    app = make_app(db_path, config=Config(db=db_path))
    assert str(app.tz) == "Europe/London"


def test_a_new_home_zone_is_the_one_init_would_choose(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert str(home_zone(db_path)) == PC_ZONE
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    assert str(home_zone(db_path)) == "Europe/London"


def test_a_stored_zone_this_pc_cannot_load_is_a_plain_error(db_path: Path) -> None:
    home_in_london(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE settings SET value = 'Mars/Olympus_Mons' WHERE key = 'timezone'")
    conn.commit()
    conn.close()
    error = refused(db_path, "people", "list")
    assert error == (
        f"Error: {db_path} has a setting that cannot be used (timezone: the home's time zone 'Mars/Olympus_Mons' "
        "is not a time zone this PC knows (is the tzdata package installed?)). Restore a backup, or set it again."
    )
    with pytest.raises(StorageError, match="Mars/Olympus_Mons"):
        home_zone(db_path)


# -- older databases ----------------------------------------------------------------------------------------
def _old_database(path: Path, *, set_up: bool) -> None:
    """A database as the version before m005 left it."""
    db = connect(path, create=True)
    migrations.apply(db, stop_before="m005_home_time_zone")
    if set_up:
        db.execute("INSERT INTO settings VALUES ('home_name', 'Old Home')")
    db.close()


def test_an_old_database_is_migrated_and_gets_this_pcs_zone(db_path: Path) -> None:
    _old_database(db_path, set_up=True)
    assert stored_zone(db_path) is None
    assert str(home_zone(db_path)) == PC_ZONE  # before it is opened: the zone the migration will store
    Store.open(db_path).close()
    assert stored_zone(db_path) == PC_ZONE
    with open_context(db_path) as ctx:
        assert ctx.store.settings().timezone == PC_ZONE and str(ctx.tz) == PC_ZONE


def test_an_old_database_gets_utc_when_the_pc_zone_has_no_name(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: None)
    _old_database(db_path, set_up=True)
    Store.open(db_path).close()
    assert stored_zone(db_path) == "UTC"


def test_an_old_database_not_set_up_yet_gets_its_zone_at_init(db_path: Path) -> None:
    _old_database(db_path, set_up=False)
    Store.open(db_path).close()
    assert stored_zone(db_path) is None
    ok(db_path, "init", "--home", "Larch House", "--timezone", "Europe/London")
    assert stored_zone(db_path) == "Europe/London"


def test_the_migration_never_replaces_a_stored_zone(db_path: Path) -> None:
    _old_database(db_path, set_up=True)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO settings VALUES ('timezone', 'Europe/London')")
    conn.commit()
    conn.close()
    Store.open(db_path).close()
    assert stored_zone(db_path) == "Europe/London"


def test_list_json_shows_each_time_with_its_own_offset(db_path: Path) -> None:
    home_in_london(db_path)
    record_at(db_path, "2026-07-01 12:00", now=DECEMBER)
    record_at(db_path, "2026-12-01 12:00", now=DECEMBER)
    records = json.loads(ok(db_path, "list", "--json", env={"HANDOVER_TIMEZONE": "America/New_York"}))
    assert sorted(r["occurred_at"] for r in records) == ["2026-07-01T12:00+01:00", "2026-12-01T12:00+00:00"]
