"""Shared fixtures: a real SQLite file in tmp_path, a frozen clock, the home's time zone, and a small home.

Names are fictional. Other test folders (app tests included) reuse these fixtures by name, so keep them:
db_path, clock, tz, store, service, home. Every test also runs with this PC's settings, folders and
HANDOVER_* variables kept out (`_this_pc_kept_out`), so a developer's own setup never changes a result.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import Role
from handover.domain.models import StaffMember, YoungPerson
from handover.service import Service

#: The moment every frozen-clock test starts at: a Friday evening in November (GMT, so UTC = local time).
FROZEN_AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (the default in pyproject.toml): two workers a core. Most of a Pilot or two-process test is
    waiting (a poll, a frame, another process), so one worker a core left the cores half idle: on two cores
    the suite took 4.5 minutes with two workers and 3.5 with four. More than two a core gained nothing. The
    tests are handed out by work stealing (`--dist worksteal`, pyproject.toml): with xdist's default, each
    worker is given its share up front, and the long tests left at the end of one worker's share ran while the
    others sat idle (188-192 s; with work stealing, 129-133 s, on 2026-12-07)."""
    return 2 * (os.cpu_count() or 1)


HOME_NAME = "Larch House"


@dataclass(frozen=True)
class Home:
    """The people of the fixture home, as the store returned them."""

    jordan: YoungPerson
    riley: YoungPerson
    casey: YoungPerson
    sam: StaffMember
    priya: StaffMember
    dev: StaffMember
    morgan: StaffMember

    @property
    def young_people(self) -> tuple[YoungPerson, ...]:
        return (self.jordan, self.riley, self.casey)

    @property
    def staff(self) -> tuple[StaffMember, ...]:
        return (self.sam, self.priya, self.dev, self.morgan)


#: HANDOVER_* variables a developer may set on purpose for a test run, left alone.
TEST_RUN_VARIABLES = frozenset({"HANDOVER_UPDATE_GOLDEN"})

#: Where each test's stand-in for this PC's folders lives, inside its tmp_path.
PC_FOLDERS = {
    "HOME": "home",
    "XDG_CONFIG_HOME": "home/.config",
    "XDG_DATA_HOME": "home/.local/share",
    "XDG_STATE_HOME": "home/.local/state",
    "XDG_CACHE_HOME": "home/.cache",
    "HANDOVER_STATE_DIR": "state",
    "HANDOVER_SHEET_DIR": "documents",
}


@pytest.fixture(autouse=True)
def _this_pc_kept_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own settings file, database, state and documents out of every test.

    Every HANDOVER_* variable is removed (HANDOVER_DB, HANDOVER_TIMEZONE, HANDOVER_PIN, ...), the settings
    file is one that does not exist, and the home, XDG and state folders (which platformdirs and
    `handover.config` read) point into tmp_path. A test that needs one of these sets it itself."""
    for name in [n for n in os.environ if n.startswith("HANDOVER_") and n not in TEST_RUN_VARIABLES]:
        monkeypatch.delenv(name)
    for name, folder in PC_FOLDERS.items():
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.setenv("HANDOVER_SETTINGS", str(tmp_path / "no-settings.toml"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the home's database file lives for this test (not created yet)."""
    return tmp_path / "home.db"


@pytest.fixture
def clock() -> FrozenClock:
    """Time stands still at FROZEN_AT until a test moves it."""
    return FrozenClock(FROZEN_AT)


@pytest.fixture
def tz() -> ZoneInfo:
    """The home's time zone."""
    return ZoneInfo("Europe/London")


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A fresh database file with the schema, closed after the test."""
    opened = Store.open(db_path, create=True)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def service(store: Store, clock: FrozenClock, tz: ZoneInfo) -> Service:
    """The home's use cases on the fresh database, with the home already set up as Larch House."""
    sv = Service(store, clock, tz)
    sv.init_home(HOME_NAME)
    return sv


@pytest.fixture
def home(service: Service) -> Home:
    """Three young people (Casey arrived only a week ago) and four staff of different roles."""
    return Home(
        jordan=service.add_young_person("Jordan Mills", datetime(2026, 3, 2, 10, 0, tzinfo=UTC)),
        riley=service.add_young_person("Riley Tanaka", datetime(2026, 6, 15, 14, 0, tzinfo=UTC)),
        casey=service.add_young_person("Casey Doyle", datetime(2026, 11, 20, 12, 0, tzinfo=UTC)),
        sam=service.add_staff("Sam Kell", Role.STAFF),
        priya=service.add_staff("Priya Shah", Role.SHIFT_LEAD),
        dev=service.add_staff("Dev Okafor", Role.STAFF),
        morgan=service.add_staff("Morgan Blake", Role.MANAGER),
    )
