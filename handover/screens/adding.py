"""ServiceAdder: how the entry rows of the people screen and the first run (widgets/person_entry.py) add a
person, through the service on a worker thread, as whoever is signed in (nobody during the first run).

It also knows whether an add is still on its way (`settled`), so a key pressed in the meantime (Escape, then p)
can wait for the person it means to be on the list instead of acting on whoever the cursor was on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from widgets.person_entry import NewPerson, NewYoungPerson, Person

if TYPE_CHECKING:
    from handover.app import HandoverApp
    from handover.service import Service


class ServiceAdder:
    """An `Adder` (widgets.person_entry) that writes through the app's service."""

    def __init__(self, app: HandoverApp, added: Callable[[Person], None] | None = None) -> None:
        self.app = app
        self.added = added
        """Called with each person once committed, before the row hears of it (the screen moves its cursor)."""
        self._writing = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def tz(self) -> tzinfo:
        return self.app.tz

    def now(self) -> datetime:
        return self.app.clock.now()

    async def add(self, new: NewPerson) -> Person:
        actor = self.app.actor  # None during the first run: the home is being set up

        def use_case(service: Service) -> Person:
            if isinstance(new, NewYoungPerson):
                return service.add_young_person(new.name, new.arrived_at, actor=actor)
            return service.add_staff(new.name, new.role, actor=actor)

        self._writing += 1
        self._idle.clear()
        try:
            person = await self.app.perform(use_case)
            if self.added is not None:
                self.added(person)
            return person
        finally:
            self._writing -= 1
            if not self._writing:
                self._idle.set()

    async def settled(self) -> None:
        """Return once no add is on its way (at once, usually)."""
        await self._idle.wait()
