"""Opening a home's database with its service, clock and time zone (stored in the database, so every terminal
shows the same times), for the CLI and the app; and the home's zone for a file not opened yet. (What the app
asks of the file before its first frame is in handover/service/database.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from db.store import Store
from handover.clock import Clock, SystemClock
from handover.config import Config, load_config
from handover.domain.errors import HandoverError, StorageError

if TYPE_CHECKING:  # the service is imported when a context is opened, not when this module is
    from handover.service import Service


@dataclass
class Context:
    """One open database and everything needed to act on it."""

    path: Path
    store: Store
    clock: Clock
    tz: tzinfo
    """The home's time zone, as its database stores it (see `open_context`)."""

    @cached_property
    def service(self) -> Service:
        """The use cases on this database, made when first asked for: `handover list` reads the store
        alone, and importing the service was about a fifth of its wall time."""
        from handover.service import Service

        return Service(self.store, self.clock, self.tz)

    def parse_when(self, text: str) -> datetime:
        from handover.domain.when import parse_when

        return parse_when(text, self.clock.now(), self.tz)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def open_context(
    db: Path | None, *, create: bool = False, clock: Clock | None = None, config: Config | None = None
) -> Context:
    """Open the database named by --db, else HANDOVER_DB, else the default location.

    Times are read and shown in the home's time zone, stored in its database. Only a home not set up yet
    (`create`, for `init` and the first run) has none: it gets the zone `init` would give it."""
    config = config or load_config()
    path = Path(db).expanduser() if db else config.db
    store = Store.open(path, create=create)
    try:
        if create and not store.is_initialised():
            tz: tzinfo = config.init_zone()
        else:
            tz = store.settings().zone  # refuses, in plain words, a database nobody has set up
    except HandoverError:
        store.close()
        raise
    return Context(path=path, store=store, clock=clock or SystemClock(), tz=tz)


def home_zone(path: Path, config: Config | None = None) -> ZoneInfo:
    """The time zone of the home whose database is at `path`, looked at without changing the file (so
    `handover check` can use it on a damaged one).

    A home set up before time zones were stored gets this PC's zone when it is next opened (migration m005),
    so that is its zone here too. A file that is missing, unreadable or not set up yet has no home zone: then
    the zone `init` would give it (HANDOVER_TIMEZONE, else this PC's)."""
    from db.store import read_settings
    from handover.config import pc_zone
    from handover.domain.zones import stored_zone

    settings = read_settings(path) or {}
    if "timezone" in settings:
        try:
            return stored_zone(settings["timezone"])
        except ValueError as exc:
            raise StorageError(f"{path}: {exc}.") from None
    if "home_name" in settings:
        return pc_zone()
    return (config or load_config()).init_zone()
