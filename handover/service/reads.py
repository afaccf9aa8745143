"""Reads: what the screens show, asked of the service like every write, so no screen touches storage.

Each read returns domain models, or one of the small records here that bundle what a screen shows in one
go. The watch loop (handover/screens/watching.py) runs a read after every commit anywhere; `changed()` is
how it knows there was one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from db.watcher import ChangeWatcher
from handover.domain.models import BoardSnapshot, Event, HomeSettings, Rupture, StaffMember, YoungPerson
from handover.service.base import ServiceBase

if TYPE_CHECKING:  # the handover's domain is imported when the handover is read, not at the board's start
    from handover.domain.handover import HandoverSummary


@dataclass(frozen=True)
class HandoverView:
    """What the handover screen shows: the summary, and every staff member to give a repair to."""

    summary: HandoverSummary
    staff: list[StaffMember]


@dataclass(frozen=True)
class RuptureDetail:
    """What the detail screen shows: one rupture, its timeline (oldest first) and the names in it."""

    rupture: Rupture
    events: list[Event]
    staff: list[StaffMember]
    young_people: list[YoungPerson]


class ReadCases(ServiceBase):
    """What the screens read. Combined with the use cases in `handover.service.Service`."""

    _watcher: ChangeWatcher | None = None

    if TYPE_CHECKING:  # provided by HandoverCases and PatternCases in the combined Service

        def handover_summary(self, now: datetime | None = None) -> HandoverSummary: ...

        def young_people_with_patterns(self, now: datetime | None = None) -> frozenset[int]: ...

        @contextmanager
        def _one_snapshot(self) -> Iterator[None]: ...  # PatternCases' (service/patterns.py)

    def changed(self) -> bool:
        """True on the first call, then after every commit by any other connection (this terminal's own
        writes go through another one, so they count too). Microseconds: PRAGMA data_version, no file I/O."""
        if self._watcher is None:
            self._watcher = ChangeWatcher(self.store.conn)
        return self._watcher.changed()

    def wake_on_commit(self, event: threading.Event) -> Callable[[], None] | None:
        """Set `event` the moment another process writes to the database (file events: a hint that lets a watch
        loop ask `changed()` at once instead of at its next poll; `changed()` stays the truth). Returns what
        stops it, or None where the database's folder cannot be watched: then poll, as before."""
        from db.wake import CommitWake

        wake = CommitWake(self.store.path, event)
        return wake.close if wake.start() else None

    def board(self) -> BoardSnapshot:
        """Everything the board shows, read in one snapshot so the parts agree, with the young people whose
        relationships are worth a conversation (patterns over weeks: a few milliseconds on five years)."""
        with self._one_snapshot():
            snapshot = self.store.board()
            return replace(snapshot, patterns=self.young_people_with_patterns())

    def current_staff(self) -> list[StaffMember]:
        """Every staff member still working here (leavers stay in the record, off every picker)."""
        return [s for s in self.store.staff() if s.active]

    def home_settings(self) -> HomeSettings:
        """The home's name and thresholds (refuses, in plain words, a database nobody has set up)."""
        return self.store.settings()

    def rupture(self, rupture_id: int) -> Rupture:
        """One rupture as it stands now (a plain "no rupture #N" for a wrong number)."""
        return self.store.rupture(rupture_id)

    def rupture_detail(self, rupture_id: int) -> RuptureDetail:
        """One rupture with its whole timeline, and the people its entries name (leavers too)."""
        rupture = self.store.rupture(rupture_id)
        return RuptureDetail(rupture, self.store.events(rupture_id), self.store.staff(), self.store.young_people())

    def closed_since(self, since: datetime) -> list[Rupture]:
        """Ruptures repaired or ended since `since`, newest first: what x offers to reopen."""
        return self.store.closed_since(since)

    def handover_view(self) -> HandoverView:
        """The handover summary as of the clock's now, and the staff."""
        return HandoverView(self.handover_summary(), self.store.staff())
