"""The database file as a whole, for the app: what to show at start, what an unfinished first run already
wrote, and the day's automatic backup.

These take a path rather than an open Service, because the file may not exist yet (a new home) or may be
damaged (the board then opens and says plainly what is wrong). Each opens its own connection, so each may
run on whichever thread calls it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from db.store import Store
from handover.clock import Clock
from handover.domain.errors import HandoverError
from handover.domain.models import BoardSnapshot, StaffMember, YoungPerson


@dataclass(frozen=True)
class StartUp:
    """What the app needs to know before its first frame."""

    first_run: bool
    """The file is missing, has no home named yet, or has nobody current on the staff: set the home up first."""
    pins_in_use: bool
    """Someone current has a PIN: the board starts locked until someone signs in."""
    board: BoardSnapshot | None = field(default=None, compare=False)
    """What the board shows, read now so that its first frame has the rows (None: not read, or unreadable:
    the board's own watch loop reads it and says what is wrong)."""


@dataclass(frozen=True)
class SetupSoFar:
    """What an earlier, unfinished first run already wrote."""

    home: str | None
    young_people: tuple[YoungPerson, ...] = ()
    staff: tuple[StaffMember, ...] = ()


def start_up(path: Path, clock: Clock, tz: tzinfo) -> StartUp:
    """A few milliseconds' look before the first frame: a first run or not, PINs or not, and what the board
    shows. A damaged file is not a first run: the board opens and says what is wrong with it."""
    if not path.exists():
        return StartUp(first_run=True, pins_in_use=False)
    try:
        store = Store.open(path)
    except HandoverError:
        return StartUp(first_run=False, pins_in_use=False)
    try:
        if store.needs_setup():
            return StartUp(first_run=True, pins_in_use=False)
        from handover.service import Service

        service = Service(store, clock, tz)
        pins = service.pins_in_use()
        try:
            # The board's own read, once, here: its first frame is drawn with the rows (a few milliseconds on
            # five years of history), not drawn empty and filled when its watch loop's first read comes back.
            board: BoardSnapshot | None = service.board()
        except HandoverError:
            board = None  # the watch loop reads it again and says plainly what is wrong
        return StartUp(first_run=False, pins_in_use=pins, board=board)
    except HandoverError:
        return StartUp(first_run=False, pins_in_use=False)
    finally:
        store.close()


def setup_so_far(path: Path) -> SetupSoFar:
    """The home's name (None until it is named) and the people already added, to pick up a first run."""
    if not path.exists():
        return SetupSoFar(None)
    store = Store.open(path)
    try:
        home = store.settings().home_name if store.is_initialised() else None
        return SetupSoFar(home, tuple(store.young_people()), tuple(store.staff()))
    finally:
        store.close()


def daily_backup(path: Path, backup_dir: Path | None, now: datetime) -> Path | None:
    """Make today's backup of the database unless it exists (then only a quick look), in the configured
    folder or `backups` beside the database; returns the copy made, if one was. `now` is the home's local
    time, as the copy's name says it. Raises HandoverError or OSError, in plain words, if it cannot."""
    from db import backup as backups  # not on the start path: the copy is made after the first frames
    from handover.service.integrity import anchor_dir

    # Held to this PC's anchor (a file whose newest entries were removed is not copied), which it moves on.
    folder = backups.folder_for(path, backup_dir)
    return backups.daily_backup_if_due(path, folder, now, anchor_dir=anchor_dir()).made
