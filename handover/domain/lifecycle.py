"""The lifecycle of a rupture: which steps are allowed from which status, and how an event changes it.

`apply` is the single place a rupture's current state is derived from an event, so the stored row can
always be rebuilt from the timeline.
"""

from __future__ import annotations

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
}

_VERBS: dict[EventKind, str] = {
    EventKind.ASSIGNED: "be reassigned",
    EventKind.PLANNED: "have a repair planned",
    EventKind.ATTEMPTED: "have a repair attempt recorded",
    EventKind.REPAIRED: "be marked repaired",
    EventKind.ENDED: "be ended without repair",
    EventKind.REOPENED: "be reopened",
    EventKind.AMENDED: "be amended",
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
        changes["owner_id"] = payload.get("owner_id")
    if step is EventKind.AMENDED and payload.get("field") == "what_happened":
        changes["what_happened"] = payload["new"]
    return rupture.model_copy(update=changes)
