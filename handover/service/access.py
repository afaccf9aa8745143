"""Use cases for who is at the keyboard: PINs, signing in, lock-out after wrong PINs, and asking the role
rules from outside a use case (for the export, the audit listing and the screens).

The service trusts the StaffMember it is given to be the person at the keyboard; signing in is how a door
(the sign-in screen, the command line) makes that true: `sign_in(staff, pin)` before acting as them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db import pins as pin_rows
from handover.domain import permissions, pins
from handover.domain.models import Rupture, StaffMember
from handover.domain.pins import NoPinSet, SignInLocked, SignInRefused, WrongPin
from handover.service.base import ServiceBase


@dataclass(frozen=True)
class PinStatus:
    """What a sign-in screen shows beside a name: whether they have a PIN, and whether sign-in is locked."""

    has_pin: bool
    locked_until: datetime | None
    """Set only while the lock is still on."""
    failures: int


class AccessCases(ServiceBase):
    """PINs and sign-in. Combined with the other use cases in `handover.service.Service`."""

    # -- PINs ---------------------------------------------------------------------------------------------
    def set_pin(self, actor: StaffMember, staff: StaffMember, pin: str) -> None:
        """Set or reset `staff`'s PIN (4 to 8 digits). A manager sets anyone's; anyone may change their own
        once they have one. Clears a lock-out. Only a salted scrypt hash is kept; the audit says who set it."""
        target = self._current(staff)
        record = pin_rows.pin_record(self.store, target.id)
        self._authorise(actor, "set-pin", detail={"staff_id": target.id, "has_pin": record.has_pin})
        self._check_current(target, "signs in")
        pin_rows.set_pin_hash(self.store, target.id, pins.hash_pin(pin), self.clock.now(), actor.id)

    def has_pin(self, staff: StaffMember) -> bool:
        return pin_rows.pin_record(self.store, staff.id).has_pin

    def pin_status(self, staff: StaffMember) -> PinStatus:
        return self._pin_status(pin_rows.pin_record(self.store, staff.id), self.clock.now())

    def pin_statuses(self, staff: Sequence[StaffMember]) -> dict[int, PinStatus]:
        """Each of `staff`'s PIN status by id, as of one moment (for a list of everyone, like the people screen)."""
        now = self.clock.now()
        return {s.id: self._pin_status(pin_rows.pin_record(self.store, s.id), now) for s in staff}

    @staticmethod
    def _pin_status(record: pin_rows.PinRecord, now: datetime) -> PinStatus:
        locked = record.locked_until if pins.is_locked(record.locked_until, now) else None
        return PinStatus(has_pin=record.has_pin, locked_until=locked, failures=record.failures)

    def pins_in_use(self) -> bool:
        """Whether anyone current has a PIN (a home that has not set PINs up yet says so on every command)."""
        with_pins = pin_rows.staff_with_pins(self.store)
        return any(s.active and s.id in with_pins for s in self.store.staff())

    # -- signing in ---------------------------------------------------------------------------------------
    def verify_pin(self, staff: StaffMember, pin: str, *, via: str = "") -> StaffMember:
        """Check `staff`'s PIN; returns them as stored (their current role). Refuses with a plain SignInRefused:
        WrongPin (the count goes up; the fifth in a row locks sign-in for five minutes), SignInLocked (while
        locked, even the right PIN is refused, unchecked), NoPinSet. Every outcome is in the audit trail."""
        person = self._current(staff)
        if not person.active:
            raise SignInRefused(f"{person.name} has left the home and cannot sign in.")
        # Read, compared and counted in ONE immediate write transaction (db.pins.attempt): attempts from any
        # number of processes queue one after another, so no more than MAX_FAILURES are ever compared.
        tried = pin_rows.attempt(
            self.store, person.id, self.clock.now(), self._where(via), lambda stored: pins.pin_matches(pin, stored)
        )
        after = tried.record
        if tried.outcome is pin_rows.Outcome.SIGNED_IN:
            return person
        if tried.outcome is pin_rows.Outcome.NO_PIN:
            raise NoPinSet(f"{person.name} has no PIN yet: a manager can set one.")
        if after.locked_until is not None:
            raise SignInLocked(pins.locked_message(person.name, after.locked_until, self.tz), after.locked_until)
        tries_left = pins.MAX_FAILURES - after.failures
        raise WrongPin(pins.wrong_pin_message(person.name, tries_left), tries_left)

    def sign_in(self, staff: StaffMember, pin: str | None, *, via: str = "") -> StaffMember:
        """The one call a door makes before acting as someone: with a PIN set, `verify_pin`; with none yet
        (the home has not set PINs up), let them in and say so in the audit trail ("sign-in", pin: not set).
        Returns them as stored."""
        person = self._current(staff)
        if self.has_pin(person):
            if not pin:
                raise WrongPin(f"Type {person.name}'s PIN.", pins.MAX_FAILURES)
            return self.verify_pin(person, pin, via=via)
        if not person.active:
            raise SignInRefused(f"{person.name} has left the home and cannot sign in.")
        pin_rows.signed_in(self.store, person.id, self.clock.now(), {**self._where(via), "pin": "not set"})
        return person

    def unlock_sign_in(self, actor: StaffMember, staff: StaffMember) -> None:
        """A shift lead or manager lifts a lock-out before the five minutes are up (audited)."""
        self._authorise(actor, "unlock-sign-in")
        pin_rows.unlock(self.store, staff.id, self.clock.now(), actor.id)

    # -- the rules, asked from outside a use case -----------------------------------------------------------
    def check_allowed(
        self, actor: StaffMember, action: str, rupture: Rupture | None = None, detail: dict[str, Any] | None = None
    ) -> StaffMember:
        """Refuse (NotAllowed, in plain words naming the rule) unless `actor` may do `action`, e.g.
        check_allowed(actor, "export") before writing an export. Returns the actor as stored."""
        return self._authorise(actor, action, rupture, detail)

    def allowed(
        self, actor: StaffMember, action: str, rupture: Rupture | None = None, detail: dict[str, Any] | None = None
    ) -> bool:
        """Whether `actor` may do `action` (for a screen to grey out or hide a key)."""
        person = self._current(actor)
        return person.active and permissions.allowed(person, action, rupture, detail)

    @staticmethod
    def _where(via: str) -> dict[str, Any]:
        return {"via": via} if via else {}


__all__ = ["AccessCases", "NoPinSet", "PinStatus", "SignInLocked", "SignInRefused", "WrongPin"]
