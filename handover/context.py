"""Opening a home's database with its service, clock and time zone, for the CLI and the app; and whether a
database still needs the first-run setup (the app's first question at start)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from db.store import Store
from handover.clock import Clock, SystemClock
from handover.config import Config, load_config
from handover.domain.errors import HandoverError

if TYPE_CHECKING:  # the service is imported when a context is opened, not by `needs_first_run` at start
    from handover.service import Service


@dataclass
class Context:
    """One open database and everything needed to act on it."""

    path: Path
    store: Store
    clock: Clock
    tz: tzinfo
    service: Service = field(init=False)

    def __post_init__(self) -> None:
        from handover.service import Service

        self.service = Service(self.store, self.clock, self.tz)

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
    """Open the database named by --db, else HANDOVER_DB, else the default location."""
    config = config or load_config()
    path = Path(db).expanduser() if db else config.db
    store = Store.open(path, create=create)
    if not create:
        store.settings()  # refuses, in plain words, a database nobody has set up
    return Context(path=path, store=store, clock=clock or SystemClock(), tz=config.tz())


def needs_first_run(path: Path) -> bool:
    """True when the database file is missing, has no home named yet, or has no current staff member.

    A damaged file is not a first run: the board opens and says plainly what is wrong. Light on purpose (no
    screens, no service): the app asks it before its first frame."""
    if not path.exists():
        return True
    try:
        store = Store.open(path)
    except HandoverError:
        return False
    try:
        return store.needs_setup()
    except HandoverError:
        return False
    finally:
        store.close()
