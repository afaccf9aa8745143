"""Use cases for ruptures: record, assign, plan, attempt, repair, reopen, end without repair, amend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from handover.domain.amendable import CORRECTABLE, current_text, text_key
from handover.domain.enums import EndReason, EventKind, RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.domain.models import Event, NewRupture, Rupture, StaffMember, YoungPerson
from handover.domain.validation import check_not_future, clean_text, optional_time
from handover.service.base import ServiceBase

#: Pass as `owner` to record a rupture that nobody owns yet (it stands out on the board).
UNOWNED = "unowned"


class RuptureCases(ServiceBase):
    """Every step in a rupture's life, each one transaction that appends an event."""

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
        self._authorise(actor, EventKind.RECORDED.value)
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
            events = self.store.events(rupture_id)
            target = next((e for e in events if e.id == event_id), None)
            if target is None:
                raise InvalidInput(f"Rupture #{rupture_id} has no entry #{event_id} to amend.")
            if target.kind is EventKind.RECORDED:
                field, old = "what_happened", current.what_happened
            else:
                key = text_key(target) if target.kind in CORRECTABLE else None
                if key is None:
                    raise InvalidInput(f"Entry #{event_id} of rupture #{rupture_id} has no written text to correct.")
                # Compare with the entry as it now reads: its latest correction, if it has one.
                field, old = key, current_text(target, events)
        if text == old:
            raise InvalidInput("The corrected text is the same as what was written: nothing to correct.")
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
