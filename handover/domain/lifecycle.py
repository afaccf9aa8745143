"""The lifecycle of a rupture: which steps are allowed from which status, and how an event changes it.

`apply` is the single place a rupture's current state is derived from an event, so the stored row can
always be rebuilt from the timeline. The next step belongs to the owner: a plan or an attempt sets it,
accepting a reassigned repair with a note replaces it, and reassignment, a repair, an ending or a reopening
clears it (the earlier plan stays in the timeline, as every event does).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from handover.domain.enums import EventKind, Status
from handover.domain.errors import InvalidTransition
from handover.domain.models import Rupture

_OPEN = (Status.OPEN, Status.PLANNED, Status.ATTEMPTED)

#: For each step, the statuses it may start from.
ALLOWED_FROM: dict[EventKind, tuple[Status, ...]] = {
    EventKind.ASSIGNED: _OPEN,
    EventKind.PLANNED: _OPEN,
    EventKind.ATTEMPTED: _OPEN,
    EventKind.REPAIRED: _OPEN,
    EventKind.ENDED: _OPEN,
    EventKind.REOPENED: (Status.REPAIRED, Status.ENDED),
    EventKind.AMENDED: tuple(Status),
    EventKind.ACCEPTED: _OPEN,
    # The statutory clocks run on after a repair: a restraint's record and conversations still have to happen.
    EventKind.CLOCK_TICKED: tuple(Status),
}

#: The status each step leaves the rupture in (None: unchanged).
RESULT: dict[EventKind, Status | None] = {
    EventKind.ASSIGNED: None,
    EventKind.PLANNED: Status.PLANNED,
    EventKind.ATTEMPTED: Status.ATTEMPTED,
    EventKind.REPAIRED: Status.REPAIRED,
    EventKind.ENDED: Status.ENDED,
    EventKind.REOPENED: Status.OPEN,
    EventKind.AMENDED: None,
    EventKind.ACCEPTED: None,
    EventKind.CLOCK_TICKED: None,
}

_VERBS: dict[EventKind, str] = {
    EventKind.ASSIGNED: "be reassigned",
    EventKind.PLANNED: "have a repair planned",
    EventKind.ATTEMPTED: "have a repair attempt recorded",
    EventKind.REPAIRED: "be marked repaired",
    EventKind.ENDED: "be ended without repair",
    EventKind.REOPENED: "be reopened",
    EventKind.AMENDED: "be amended",
    EventKind.ACCEPTED: "be accepted",
    EventKind.CLOCK_TICKED: "have a reg 35 clock ticked",
}


def check_transition(rupture: Rupture, step: EventKind) -> None:
    """Raise a plain-words InvalidTransition if `step` is not allowed from the rupture's status."""
    if rupture.status in ALLOWED_FROM[step]:
        return
    if step is EventKind.REOPENED:
        reason = "it is still open"
    else:
        reason = f"it is already {rupture.status.label}"
        if rupture.status is Status.REPAIRED:
            reason += " (reopen it first if the repair did not hold)"
        elif rupture.status is Status.ENDED:
            reason += " (reopen it first to take it up again)"
    raise InvalidTransition(f"Rupture #{rupture.id} cannot {_VERBS[step]}: {reason}.")


def apply(rupture: Rupture, step: EventKind, at: datetime, actor_id: int, payload: dict[str, Any]) -> Rupture:
    """Return the rupture as it stands after `step`, one version on. Checks the transition first."""
    check_transition(rupture, step)
    changes: dict[str, Any] = {"version": rupture.version + 1, "updated_at": at, "updated_by": actor_id}
    status = RESULT[step]
    if status is not None:
        changes["status"] = status
    if step is EventKind.ASSIGNED:
        owner_id = payload.get("owner_id")
        changes["owner_id"] = owner_id
        # Handed to someone else: theirs once they accept it. Taking it yourself needs no acceptance.
        changes["awaiting_acceptance"] = owner_id is not None and owner_id != actor_id
        if owner_id != rupture.owner_id:
            # The plan was the previous owner's: shown as the new owner's next step it would be a promise
            # nobody made. It stays in the timeline (its PLANNED event); the new owner says their own plan.
            changes.update(next_step=None, next_step_due=None)
    elif step is EventKind.PLANNED:
        changes["next_step"] = payload.get("plan")
        changes["next_step_due"] = _when(payload.get("by_when"))
    elif step is EventKind.ATTEMPTED:
        changes["next_step"] = "try again"
        changes["next_step_due"] = _when(payload.get("next_try"))
    elif step is EventKind.ACCEPTED:
        changes["awaiting_acceptance"] = False
        if payload.get("note"):
            changes["next_step"] = payload["note"]
    elif step in (EventKind.REPAIRED, EventKind.ENDED, EventKind.REOPENED):
        changes.update(next_step=None, next_step_due=None, awaiting_acceptance=False)
    elif step is EventKind.CLOCK_TICKED:
        clock = str(payload["clock"])
        changes["reg35_done"] = tuple(dict.fromkeys((*rupture.reg35_done, clock)))
    elif step is EventKind.AMENDED and payload.get("field") == "what_happened":
        changes["what_happened"] = payload["new"]
    if step in (EventKind.PLANNED, EventKind.ATTEMPTED) and actor_id == rupture.owner_id:
        # The owner getting on with the repair has plainly accepted it.
        changes["awaiting_acceptance"] = False
    return replace(rupture, **changes)


def _when(text: object) -> datetime | None:
    return datetime.fromisoformat(str(text)) if text else None
