"""What every use case shares: the store, the clock, the home's time zone, the role rules, and the one way a
step is written (check the step fits the rupture's status, authorise, check the version seen, apply the
lifecycle rule, append the event and new state in ONE transaction).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from db import converters as conv
from db import pins as pin_rows
from db.store import Store
from handover.clock import Clock
from handover.domain import lifecycle, permissions
from handover.domain.enums import EventKind, Role
from handover.domain.errors import InvalidInput, StaleVersion
from handover.domain.models import Event, Rupture, StaffMember
from handover.domain.permissions import NotAllowed


class ServiceBase:
    """The home's use cases over one Store. The CLI and every screen go through here."""

    def __init__(self, store: Store, clock: Clock, tz: tzinfo) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz

    @classmethod
    def open(cls, path: Path, clock: Clock, tz: tzinfo) -> Self:
        """The service over a connection of its own to an existing database, for a thread that reads (the
        watch loop, a screen's one-off read). Open it in the thread that uses it: an sqlite3 connection belongs
        to its thread. Close it (or use `with`) when done."""
        return cls(Store.open(path), clock, tz)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _authorise(
        self,
        actor: StaffMember,
        action: str,
        rupture: Rupture | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> StaffMember:
        """Refuse, in plain words naming the rule, an actor who may not do `action` (an EventKind value or a
        use-case name: see `domain.permissions.Action`). The actor's role and whether they still work here are
        read from the database, not trusted from the object passed in. Returns the actor as stored."""
        current = self._current(actor)
        self._check_actor(current)
        permissions.check(current, action, rupture, detail)
        return current

    def _authorise_or_setup(self, actor: StaffMember | None, action: str) -> None:
        """For managing people: a named manager, or nobody (None) while the home is still being set up."""
        if actor is not None:
            self._authorise(actor, action)
            return
        if not self.in_setup():
            doing = permissions.DOING[permissions.Action(action)]
            raise NotAllowed(
                f"Only a manager can {doing}, and this home's manager has a PIN: say which manager is doing it.",
                action,
            )

    def in_setup(self) -> bool:
        """Whether the home is still being set up: until a current manager has a PIN, people can be added or
        marked as having left without naming who does it (the first run, `handover people add`). Until then
        nobody's name can be checked anyway: anyone could type the manager's."""
        with_pins = pin_rows.staff_with_pins(self.store)
        return not any(s.active and s.role is Role.MANAGER and s.id in with_pins for s in self.store.staff())

    def _current(self, actor: StaffMember) -> StaffMember:
        rows = self.store.rows("SELECT * FROM staff WHERE id = ?", (actor.id,))
        if not rows:
            raise NotAllowed(f"{actor.name} is not on this home's staff.", "any")
        return conv.staff_member(rows[0])

    def _step(
        self,
        actor: StaffMember,
        current: Rupture,
        kind: EventKind,
        payload: dict[str, Any],
        expected_version: int | None,
    ) -> Rupture:
        # What the writer has not seen comes first ("changed by Priya Shah at 19:05"), then the rupture's status
        # ("it is already repaired"): both help more than a rule about who may do the step.
        seen = current.version if expected_version is None else expected_version
        if seen != current.version:
            raise self._explain_stale(current.id, seen)
        lifecycle.check_transition(current, kind)
        self._authorise(actor, kind.value, current, self._step_detail(kind, current, payload))
        now = self.clock.now()
        updated = lifecycle.apply(current, kind, now, actor.id, payload)
        event = Event(rupture_id=current.id, at=now, actor_id=actor.id, kind=kind, payload=payload)
        try:
            return self.store.append(updated, event, seen)
        except StaleVersion:
            raise self._explain_stale(current.id, seen) from None

    def _step_detail(self, kind: EventKind, current: Rupture, payload: dict[str, Any]) -> dict[str, Any]:
        """What the role rules need to know about a step: its payload (the new owner, the reg 35 clock), and
        for a correction who wrote the entry being corrected."""
        detail = dict(payload)
        if kind is EventKind.AMENDED:
            event_id = payload.get("event_id")
            target = None
            if event_id is not None:
                target = next((e for e in self.store.events(current.id) if e.id == event_id), None)
            detail["author_id"] = target.actor_id if target is not None else current.recorded_by
        return detail

    def _explain_stale(self, rupture_id: int, seen: int) -> StaleVersion:
        """Say what changed since version `seen` with the one describer ("Sunita Moran repaired the rupture at
        00:18"), and carry the rupture as it is now, so a form can carry on from it with every word typed."""
        from handover.domain.describe import describe, name_of  # the describer: only when refusing a change

        current = self.store.rupture(rupture_id)
        events = self.store.events(rupture_id)
        # One entry per version: the entries after the one the writer saw (at least the latest).
        unseen = events[-(current.version - seen) :] if 0 < current.version - seen <= len(events) else events[-1:]
        names = {s.id: s.name for s in self.store.staff()}
        changes = "; then ".join(f"{describe(e, names, self.tz).headline} {self._at(e.at)}" for e in unseen)
        last = unseen[-1]
        return StaleVersion(
            f"Rupture #{rupture_id} changed since you opened it: {changes}. "
            "Nothing was saved: look at it again, then re-apply your change.",
            changed_by=name_of(names, last.actor_id),
            changed_at=last.at,
            changes=changes,
            current=current,
        )

    def _at(self, at: datetime) -> str:
        """ "at 00:18" today, "on Fri 27 Nov at 16:00" another day, in the home's time zone."""
        from handover.domain.describe import when_text

        local, today = at.astimezone(self.tz), self.clock.now().astimezone(self.tz).date()
        return f"at {local:%H:%M}" if local.date() == today else f"on {when_text(at, self.tz)[:-6]} at {local:%H:%M}"

    def _check_actor(self, actor: StaffMember) -> None:
        if not actor.active:
            raise InvalidInput(f"{actor.name} has left the home and cannot record changes.")

    def _check_current(self, person: StaffMember, doing: str) -> None:
        if not person.active:
            raise InvalidInput(f"{person.name} has left the home, so no longer {doing}.")
