"""Use cases: each takes the acting staff member, validates through the domain, and writes ONE transaction.

The CLI and every screen go through here, so the rules hold whichever door a change comes in by.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from db.store import Store
from handover.clock import Clock
from handover.domain import lifecycle
from handover.domain.enums import EndReason, EventKind, Role, RuptureKind, Severity
from handover.domain.errors import InvalidInput, StaleVersion
from handover.domain.models import Event, NewRupture, Rupture, StaffMember, YoungPerson
from handover.domain.names import resolve
from handover.domain.validation import check_not_future, clean_name, clean_text, optional_time

#: Pass as `owner` to record a rupture that nobody owns yet (it stands out on the board).
UNOWNED = "unowned"


class Service:
    """The home's use cases over one Store."""

    def __init__(self, store: Store, clock: Clock, tz: tzinfo) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz

    # -- the home and its people --------------------------------------------------------------------
    def init_home(self, name: str) -> None:
        home = clean_name(name, "home name")
        if self.store.is_initialised():
            current = self.store.settings().home_name
            if current != home:
                raise InvalidInput(f"This database already belongs to '{current}'. Use another --db for '{home}'.")
            return
        self.store.put_settings(home_name=home, due_soon_hours=24, overdue_hours=48)

    def add_young_person(self, name: str, arrived_at: datetime | None = None) -> YoungPerson:
        clean = clean_name(name, "young person's name")
        self._refuse_duplicate(clean, self.store.young_people(), "young person")
        if arrived_at is not None:
            check_not_future(arrived_at, self.clock.now(), "The arrival date")
        return self.store.add_young_person(clean, arrived_at, self.clock.now())

    def add_staff(self, name: str, role: Role = Role.STAFF) -> StaffMember:
        clean = clean_name(name, "staff member's name")
        self._refuse_duplicate(clean, self.store.staff(), "staff member")
        return self.store.add_staff(clean, role, self.clock.now())

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

    # -- ruptures -----------------------------------------------------------------------------------
    def record_rupture(
        self,
        actor: StaffMember,
        young_person: YoungPerson,
        adults: Sequence[StaffMember],
        kind: RuptureKind,
        what_happened: str,
        occurred_at: datetime | None = None,
        severity: Severity = Severity.MINOR,
        owner: StaffMember | str | None = None,
        incident_ref: str | None = None,
    ) -> Rupture:
        """Record a rupture. The owner defaults to the (first) adult involved; pass UNOWNED for none."""
        now = self.clock.now()
        self._check_actor(actor)
        if not young_person.active:
            raise InvalidInput(f"{young_person.name} has left the home; a new rupture cannot be recorded for them.")
        if not adults:
            raise InvalidInput("Name the adult involved in the rupture.", field="adults")
        for adult in adults:
            self._check_current(adult, "was involved")
        at = occurred_at or now
        check_not_future(at, now, "The time of the rupture")
        if young_person.arrived_at and at < young_person.arrived_at:
            arrived = young_person.arrived_at.astimezone(self.tz).strftime("%d %b %Y")
            raise InvalidInput(f"That is before {young_person.name} arrived ({arrived}). Check the date.", field="when")
        if owner is None:
            owner_id: int | None = adults[0].id
        elif owner == UNOWNED:
            owner_id = None
        else:
            assert isinstance(owner, StaffMember)
            self._check_current(owner, "can own the repair")
            owner_id = owner.id
        ref = clean_text(incident_ref, "incident reference", required=False) or None
        if ref and len(ref) > 80:
            raise InvalidInput("The incident reference is longer than 80 characters.", field="incident_ref")
        new = NewRupture(
            young_person_id=young_person.id,
            adult_ids=tuple(dict.fromkeys(a.id for a in adults)),
            occurred_at=at,
            kind=kind,
            severity=severity,
            what_happened=clean_text(what_happened, "what happened"),
            incident_ref=ref,
            owner_id=owner_id,
        )
        return self.store.record_rupture(new, now, actor.id)

    def assign_owner(
        self,
        actor: StaffMember,
        rupture_id: int,
        owner: StaffMember | None,
        reason: str = "",
        expected_version: int | None = None,
    ) -> Rupture:
        """Give the repair to `owner` (None leaves it unowned)."""
        if owner is not None:
            self._check_current(owner, "can own the repair")
        current = self.store.rupture(rupture_id)
        if owner is not None and current.owner_id == owner.id:
            raise InvalidInput(f"{owner.name} already owns the repair of rupture #{rupture_id}.")
        if owner is None and current.owner_id is None:
            raise InvalidInput(f"Rupture #{rupture_id} is already unowned.")
        payload = {
            "owner_id": owner.id if owner else None,
            "previous_owner_id": current.owner_id,
            "reason": clean_text(reason, "reason", required=False),
        }
        return self._step(actor, current, EventKind.ASSIGNED, payload, expected_version)

    def mark_repaired(
        self,
        actor: StaffMember,
        rupture_id: int,
        note: str,
        response: str = "",
        expected_version: int | None = None,
    ) -> Rupture:
        """The repair happened: what the adult named (their own part too) and how the young person responded."""
        current = self.store.rupture(rupture_id)
        payload = {
            "note": clean_text(note, "what was said"),
            "response": clean_text(response, "how they responded", required=False),
        }
        return self._step(actor, current, EventKind.REPAIRED, payload, expected_version)

    def plan(
        self,
        actor: StaffMember,
        rupture_id: int,
        plan: str,
        by_when: datetime | None = None,
        expected_version: int | None = None,
    ) -> Rupture:
        """What the owner will do to start the repair, and by when."""
        current = self.store.rupture(rupture_id)
        if by_when is not None and by_when < current.occurred_at:
            raise InvalidInput("'By when' is before the rupture happened. Give a later time.", field="by_when")
        payload = {"plan": clean_text(plan, "the plan"), "by_when": optional_time(by_when)}
        return self._step(actor, current, EventKind.PLANNED, payload, expected_version)

    def attempt(
        self,
        actor: StaffMember,
        rupture_id: int,
        note: str,
        next_try: datetime | None = None,
        expected_version: int | None = None,
    ) -> Rupture:
        """The adult tried; the young person was not ready. Record it, and when to try again."""
        current = self.store.rupture(rupture_id)
        payload = {"note": clean_text(note, "what happened when you tried"), "next_try": optional_time(next_try)}
        return self._step(actor, current, EventKind.ATTEMPTED, payload, expected_version)

    def reopen(self, actor: StaffMember, rupture_id: int, reason: str, expected_version: int | None = None) -> Rupture:
        """The repair did not hold: the rupture is open again, with the reason kept."""
        current = self.store.rupture(rupture_id)
        payload = {"reason": clean_text(reason, "why it is reopened")}
        return self._step(actor, current, EventKind.REOPENED, payload, expected_version)

    def end_without_repair(
        self,
        actor: StaffMember,
        rupture_id: int,
        reason: EndReason,
        note: str,
        expected_version: int | None = None,
    ) -> Rupture:
        """End a rupture that will not be repaired, for a stated reason. It stays in the record."""
        current = self.store.rupture(rupture_id)
        payload = {
            "reason": reason.value,
            "note": clean_text(note, "a note on why", required=reason is EndReason.OTHER),
        }
        return self._step(actor, current, EventKind.ENDED, payload, expected_version)

    def amend(
        self,
        actor: StaffMember,
        rupture_id: int,
        new_text: str,
        reason: str,
        event_id: int | None = None,
        expected_version: int | None = None,
    ) -> Rupture:
        """Correct what was written: a new, attributed entry; the original stays visible beside it.

        Without `event_id` it amends "what happened"; with one, the text of that earlier entry."""
        current = self.store.rupture(rupture_id)
        text = clean_text(new_text, "the corrected text")
        if event_id is None:
            field, old = "what_happened", current.what_happened
        else:
            target = next((e for e in self.store.events(rupture_id) if e.id == event_id), None)
            if target is None:
                raise InvalidInput(f"Rupture #{rupture_id} has no entry #{event_id} to amend.")
            if target.kind is EventKind.RECORDED:
                field, old = "what_happened", current.what_happened
            else:
                field = next((k for k in ("note", "plan", "reason") if k in target.payload), "note")
                old = str(target.payload.get(field, ""))
        if text == old:
            raise InvalidInput("The corrected text is the same as what was written. Change it, or press Escape.")
        payload = {
            "field": field,
            "event_id": event_id,
            "old": old,
            "new": text,
            "reason": clean_text(reason, "why it is corrected"),
        }
        return self._step(actor, current, EventKind.AMENDED, payload, expected_version)

    def timeline(self, rupture_id: int) -> list[Event]:
        """Every entry for the rupture, oldest first."""
        self.store.rupture(rupture_id)  # a plain "no rupture #N" for a wrong number
        return self.store.events(rupture_id)

    def mark_left(self, person: YoungPerson | StaffMember) -> None:
        """Someone has left the home: off the pickers and the board, their history kept."""
        self.store.set_active(person, False)

    # -- shared -------------------------------------------------------------------------------------
    def _step(
        self,
        actor: StaffMember,
        current: Rupture,
        kind: EventKind,
        payload: dict[str, Any],
        expected_version: int | None,
    ) -> Rupture:
        self._check_actor(actor)
        seen = current.version if expected_version is None else expected_version
        if seen != current.version:
            raise self._explain_stale(current.id)
        now = self.clock.now()
        updated = lifecycle.apply(current, kind, now, actor.id, payload)
        event = Event(rupture_id=current.id, at=now, actor_id=actor.id, kind=kind, payload=payload)
        try:
            return self.store.append(updated, event, seen)
        except StaleVersion:
            raise self._explain_stale(current.id) from None

    def _explain_stale(self, rupture_id: int) -> StaleVersion:
        last = self.store.events(rupture_id)[-1]
        who = next((s.name for s in self.store.staff() if s.id == last.actor_id), "someone")
        when = last.at.astimezone(self.tz).strftime("%H:%M")
        return StaleVersion(
            f"Rupture #{rupture_id} was changed by {who} at {when} since you opened it. "
            "Nothing was saved: look at it again, then re-apply your change.",
            changed_by=who,
            changed_at=last.at,
        )

    def _check_actor(self, actor: StaffMember) -> None:
        if not actor.active:
            raise InvalidInput(f"{actor.name} has left the home and cannot record changes.")

    def _check_current(self, person: StaffMember, doing: str) -> None:
        if not person.active:
            raise InvalidInput(f"{person.name} has left the home, so no longer {doing}.")
