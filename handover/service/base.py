"""What every use case shares: the store, the clock, the home's time zone, and the one way a step is written
(authorise, check the version seen, apply the lifecycle rule, append the event and new state in ONE transaction).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from db.store import Store
from handover.clock import Clock
from handover.domain import lifecycle
from handover.domain.enums import EventKind
from handover.domain.errors import InvalidInput, StaleVersion
from handover.domain.models import Event, Rupture, StaffMember


class ServiceBase:
    """The home's use cases over one Store. The CLI and every screen go through here."""

    def __init__(self, store: Store, clock: Clock, tz: tzinfo) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz

    def _authorise(self, actor: StaffMember, action: str, rupture: Rupture | None = None) -> None:
        """Refuse, in plain words, an actor who may not do `action` (an EventKind value or a use-case name)."""
        self._check_actor(actor)

    def _step(
        self,
        actor: StaffMember,
        current: Rupture,
        kind: EventKind,
        payload: dict[str, Any],
        expected_version: int | None,
    ) -> Rupture:
        self._authorise(actor, kind.value, current)
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
