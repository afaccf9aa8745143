"""Use cases for the home and its people: set up the home, add people, find them by name, mark leavers.

Adding people and marking them as having left is a manager's job. `actor` is a keyword argument: None means
"the home is being set up" and is allowed only until a current manager has a PIN (the first run, or a home
that has not set PINs up yet); after that, a manager must be named (see `ServiceBase.in_setup`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from handover.domain.enums import Role
from handover.domain.errors import InvalidInput
from handover.domain.models import Rupture, StaffMember, YoungPerson
from handover.domain.names import resolve
from handover.domain.validation import check_not_future, clean_name
from handover.domain.zones import zone_named, zone_of
from handover.service.access import PinStatus
from handover.service.base import ServiceBase


@dataclass(frozen=True)
class PeopleSnapshot:
    """Everyone who has lived or worked here (leavers too), read in one go for the people screen, with the open
    ruptures (to say what a leaver leaves open) and each staff member's PIN status."""

    young_people: tuple[YoungPerson, ...]
    staff: tuple[StaffMember, ...]
    open_ruptures: tuple[Rupture, ...]
    pins: Mapping[int, PinStatus]
    """By staff id: whether they have a PIN, and whether sign-in is locked just now."""


class PeopleCases(ServiceBase):
    """The home and its people. Nobody is ever deleted: people leave, and their history stays."""

    def init_home(self, name: str, timezone: str | None = None) -> None:
        """Name the home and store its time zone: `timezone` (an IANA name), else the service's own zone. Again
        on the same home this changes nothing, except a named time zone while the home is still being set up."""
        home = clean_name(name, "home name")
        zone = zone_named(timezone, "--timezone") if timezone else zone_of(self.tz)
        if self.store.is_initialised():
            current = self.store.settings()
            if current.home_name != home:
                raise InvalidInput(
                    f"This database already belongs to '{current.home_name}'. Use another --db for '{home}'."
                )
            if timezone and zone.key != current.timezone:
                if not self.in_setup():
                    raise InvalidInput(
                        f"{home}'s time zone is {current.timezone}; it can be changed here only while the home is "
                        "being set up (before a manager has a PIN)."
                    )
                self.store.put_settings(at=self.clock.now(), timezone=zone.key)
                self.tz = zone
            return
        # home_id: which home this database is, whatever it is called (a restore of another home's backup is
        # refused without --other-home; backups and their copies keep the same id).
        self.store.put_settings(
            at=self.clock.now(),
            home_name=home,
            due_soon_hours=24,
            overdue_hours=48,
            timezone=zone.key,
            home_id=uuid.uuid4().hex,
        )
        self.tz = zone

    def add_young_person(
        self, name: str, arrived_at: datetime | None = None, *, actor: StaffMember | None = None
    ) -> YoungPerson:
        self._authorise_or_setup(actor, "add-person")
        clean = clean_name(name, "young person's name")
        self._refuse_duplicate(clean, self.store.young_people(), "young person")
        if arrived_at is not None:
            check_not_future(arrived_at, self.clock.now(), "The arrival date")
        return self.store.add_young_person(clean, arrived_at, self.clock.now(), actor_id=actor.id if actor else None)

    def add_staff(self, name: str, role: Role = Role.STAFF, *, actor: StaffMember | None = None) -> StaffMember:
        self._authorise_or_setup(actor, "add-person")
        clean = clean_name(name, "staff member's name")
        self._refuse_duplicate(clean, self.store.staff(), "staff member")
        return self.store.add_staff(clean, role, self.clock.now(), actor_id=actor.id if actor else None)

    @staticmethod
    def _refuse_duplicate(name: str, people: Sequence[YoungPerson | StaffMember], what: str) -> None:
        same = next((p for p in people if p.active and p.name.casefold() == name.casefold()), None)
        if same is not None:
            raise InvalidInput(
                f"There is already a {what} called {same.name}. Add a surname or initial to tell them apart."
            )

    def find_young_person(self, name: str) -> YoungPerson:
        return resolve(name, self.store.young_people(), "young person")

    def find_staff(self, name: str) -> StaffMember:
        return resolve(name, self.store.staff(), "staff member")

    def mark_left(self, person: YoungPerson | StaffMember, *, actor: StaffMember | None = None) -> None:
        """Someone has left the home: off the pickers and the board, their history kept.

        The last current manager cannot be marked as having left: the home would have nobody who can add
        people or set PINs (add the new manager first)."""
        self._authorise_or_setup(actor, "mark-left")
        if isinstance(person, StaffMember):
            managers = [s for s in self.store.staff() if s.active and s.role is Role.MANAGER]
            if [m.id for m in managers] == [person.id]:
                raise InvalidInput(
                    f"{person.name} is the home's only manager: add the new manager first, then mark "
                    f"{person.name} as having left."
                )
        self.store.set_active(person, False, at=self.clock.now(), actor_id=actor.id if actor else None)

    # -- reads ---------------------------------------------------------------------------------------------
    if TYPE_CHECKING:  # provided by AccessCases in the combined Service

        def pin_statuses(self, staff: Sequence[StaffMember]) -> dict[int, PinStatus]: ...

    def people_snapshot(self) -> PeopleSnapshot:
        """What the people screen shows, leavers included."""
        staff = tuple(self.store.staff())
        return PeopleSnapshot(
            tuple(self.store.young_people()), staff, tuple(self.store.open_ruptures()), self.pin_statuses(staff)
        )
