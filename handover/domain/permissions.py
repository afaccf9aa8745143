"""Who may do what: the roles of the home, as rules the service checks before every change.

Pure: an actor (a StaffMember with a role), an action, and what the action is about (the rupture, and a
few facts from the change itself). `refusal` returns the plain-words reason an actor may not do it, or None;
`check` raises it as NotAllowed. The service (`ServiceBase._authorise`) calls `check` for every use case, so
the command line and every screen obey the same rules; screens may call `allowed` to grey out a key.

The rules (docs/ROLES.md explains them for a manager):
- Everyone (staff, shift leads, managers) records ruptures; plans, attempts and records the repair of a
  rupture they own; takes on an unowned repair themselves; hands a repair they own to a named colleague
  (who then accepts it); accepts a repair handed to them; corrects what they wrote themselves; marks
  themselves on or off shift; changes their own PIN once they have one; checks the database.
- Shift leads also reassign anyone's repair (or leave it with nobody, or give all of someone's to someone
  else), end a rupture without repair, reopen one, correct anyone's entry, mark anyone on or off shift,
  accept the handover when they are coming on (never the lead going off: it is handed to someone, not
  accepted from yourself), tick the record and the child reg 35 clocks, unlock someone's sign-in after too
  many wrong PINs, make a backup.
- Managers also add people and mark them as having left, set and reset PINs, change the home's settings
  (the shift pattern included), export records, read the audit trail, restore a backup, sign the
  manager's reg 35 clock, and accept the handover whichever shift they are on.
Nobody who has left the home can do anything (the service checks that first).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from handover.domain.enums import Role
from handover.domain.errors import HandoverError
from handover.domain.models import Rupture, StaffMember
from handover.domain.shifts import HandoverSide


class NotAllowed(HandoverError):
    """The actor's role (or their relation to the rupture) does not allow this; the message names the rule."""

    def __init__(self, message: str, action: str) -> None:
        super().__init__(message)
        self.action = action


class Action(StrEnum):
    """Everything the rules know. Rupture steps use their EventKind value; other use cases a name."""

    # steps in a rupture's life (EventKind values, as ServiceBase._step passes them)
    RECORD = "recorded"
    ASSIGN = "assigned"
    PLAN = "planned"
    ATTEMPT = "attempted"
    REPAIR = "repaired"
    REOPEN = "reopened"
    END = "ended"
    AMEND = "amended"
    ACCEPT = "accepted"
    TICK_CLOCK = "clock-ticked"
    # shifts and the handover (service/handover.py)
    ACCEPT_ASSIGNMENT = "accept-assignment"
    REG35 = "reg35"
    SHIFT_MARK = "shift-mark"
    SHIFT_PATTERN = "shift-pattern"
    BULK_REASSIGN = "bulk-reassign"
    ACCEPT_HANDOVER = "accept-handover"
    # people, PINs and the home
    ADD_PERSON = "add-person"
    MARK_LEFT = "mark-left"
    SET_PIN = "set-pin"
    UNLOCK_SIGN_IN = "unlock-sign-in"
    SETTINGS = "settings"
    # records as a whole
    EXPORT = "export"
    AUDIT = "audit"
    BACKUP = "backup"
    RESTORE = "restore"
    CHECK = "check"


#: The least role each action needs. Rupture steps open to everyone are further limited by ownership or
#: authorship for staff (see _ownership).
MINIMUM_ROLE: dict[Action, Role] = {
    Action.RECORD: Role.STAFF,
    Action.ASSIGN: Role.STAFF,
    Action.PLAN: Role.STAFF,
    Action.ATTEMPT: Role.STAFF,
    Action.REPAIR: Role.STAFF,
    Action.REOPEN: Role.SHIFT_LEAD,
    Action.END: Role.SHIFT_LEAD,
    Action.AMEND: Role.STAFF,
    Action.ACCEPT: Role.STAFF,
    Action.TICK_CLOCK: Role.SHIFT_LEAD,
    Action.ACCEPT_ASSIGNMENT: Role.STAFF,
    Action.REG35: Role.SHIFT_LEAD,
    Action.SHIFT_MARK: Role.SHIFT_LEAD,
    Action.SHIFT_PATTERN: Role.MANAGER,
    Action.BULK_REASSIGN: Role.SHIFT_LEAD,
    Action.ACCEPT_HANDOVER: Role.SHIFT_LEAD,
    Action.ADD_PERSON: Role.MANAGER,
    Action.MARK_LEFT: Role.MANAGER,
    Action.SET_PIN: Role.MANAGER,
    Action.UNLOCK_SIGN_IN: Role.SHIFT_LEAD,
    Action.SETTINGS: Role.MANAGER,
    Action.EXPORT: Role.MANAGER,
    Action.AUDIT: Role.MANAGER,
    Action.BACKUP: Role.SHIFT_LEAD,
    Action.RESTORE: Role.MANAGER,
    Action.CHECK: Role.STAFF,
}

#: What each action is, in the words of a refusal ("only a shift lead or manager can <this>").
DOING: dict[Action, str] = {
    Action.RECORD: "record a rupture",
    Action.ASSIGN: "reassign a repair",
    Action.PLAN: "plan a repair",
    Action.ATTEMPT: "record a repair attempt",
    Action.REPAIR: "mark a rupture repaired",
    Action.REOPEN: "reopen a rupture",
    Action.END: "end a rupture without repair",
    Action.AMEND: "correct an entry",
    Action.ACCEPT: "accept a reassigned repair",
    Action.TICK_CLOCK: "tick off a reg 35 clock",
    Action.ACCEPT_ASSIGNMENT: "accept a reassigned repair",
    Action.REG35: "tick off a reg 35 clock",
    Action.SHIFT_MARK: "mark who is on shift",
    Action.SHIFT_PATTERN: "change the home's shift pattern",
    Action.BULK_REASSIGN: "give all of someone's repairs to someone else",
    Action.ACCEPT_HANDOVER: "accept the handover",
    Action.ADD_PERSON: "add people",
    Action.MARK_LEFT: "mark someone as having left",
    Action.SET_PIN: "set or reset someone's PIN",
    Action.UNLOCK_SIGN_IN: "unlock someone's sign-in",
    Action.SETTINGS: "change the home's settings",
    Action.EXPORT: "export records",
    Action.AUDIT: "read the audit trail",
    Action.BACKUP: "make a backup",
    Action.RESTORE: "restore a backup",
    Action.CHECK: "check the database",
}

#: The reg 35 clock only a manager signs: "the registered manager has spoken to the adult and signed".
MANAGER_CLOCK = "manager"

_RANK = {Role.STAFF: 0, Role.SHIFT_LEAD: 1, Role.MANAGER: 2}
_ROLE_AS = {Role.STAFF: "staff", Role.SHIFT_LEAD: "a shift lead", Role.MANAGER: "a manager"}
_WHO = {Role.STAFF: "staff", Role.SHIFT_LEAD: "a shift lead or manager", Role.MANAGER: "a manager"}


def at_least(actor: StaffMember, role: Role) -> bool:
    """Whether the actor's role is `role` or above (staff < shift lead < manager)."""
    return _RANK[actor.role] >= _RANK[role]


def role_phrase(role: Role) -> str:
    """The role as said in a refusal: "staff", "a shift lead", "a manager" ("Sam Kell is staff")."""
    return _ROLE_AS[role]


def refusal(
    actor: StaffMember,
    action: Action | str,
    rupture: Rupture | None = None,
    detail: Mapping[str, Any] | None = None,
) -> str | None:
    """Why `actor` may not do `action`, in plain words naming the rule; None when they may.

    `detail` carries what the rule needs from the change itself:
    - "assigned": "owner_id", the new owner (None: nobody);
    - "clock-ticked" / "reg35": "clock", which reg 35 clock;
    - "amended": "author_id", who wrote the entry being corrected;
    - "set-pin": "staff_id", whose PIN, and "has_pin", whether they have one already;
    - "shift-mark": "staff_id", who is being marked on or off shift (staff may mark themselves);
    - "accept-handover": "side", the actor's `domain.shifts.HandoverSide` (missing: not on shift), and for
      the words of a refusal "shift" (the actor's shift), "coming_on" (the shift coming on) and "accepters"
      (the names of the leads coming on).
    """
    try:
        act = Action(action)
    except ValueError:
        return f"'{action}' is not something the board knows how to allow."
    detail = detail or {}
    needed = MINIMUM_ROLE[act]
    special = _special(actor, act, rupture, detail)
    if special is not _RANK_RULE:
        return special
    if at_least(actor, needed):
        return None
    return f"{actor.name} is {role_phrase(actor.role)}: only {_WHO[needed]} can {DOING[act]}."


def check(
    actor: StaffMember,
    action: Action | str,
    rupture: Rupture | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Raise NotAllowed (the plain-words rule) if `actor` may not do `action`."""
    reason = refusal(actor, action, rupture, detail)
    if reason is not None:
        raise NotAllowed(reason, str(action))


def allowed(
    actor: StaffMember,
    action: Action | str,
    rupture: Rupture | None = None,
    detail: Mapping[str, Any] | None = None,
) -> bool:
    """Whether `actor` may do `action` (for a screen to grey out a key it would refuse)."""
    return refusal(actor, action, rupture, detail) is None


# -- the rules beyond "this role or above" ----------------------------------------------------------------
_RANK_RULE: Any = object()
"""Returned by _special when only the minimum role decides."""

_OWNED_STEPS = {Action.PLAN: "plan its repair", Action.ATTEMPT: "record an attempt", Action.REPAIR: "mark it repaired"}


def _special(actor: StaffMember, act: Action, rupture: Rupture | None, detail: Mapping[str, Any]) -> str | None:
    lead = at_least(actor, Role.SHIFT_LEAD)
    if act in _OWNED_STEPS and rupture is not None:
        return _ownership(actor, act, rupture)
    if act in (Action.ACCEPT, Action.ACCEPT_ASSIGNMENT) and rupture is not None:
        if rupture.owner_id != actor.id:
            return (
                f"{actor.name} does not own the repair of rupture #{rupture.id}: "
                "only the person it was given to can accept it."
            )
        return None
    if act is Action.ASSIGN and rupture is not None and not lead:
        return _staff_assign(actor, rupture, detail)
    if act is Action.AMEND and rupture is not None and not lead:
        author = detail.get("author_id", rupture.recorded_by)
        if author != actor.id:
            return (
                f"{actor.name} is staff: only the person who wrote an entry, a shift lead or a manager can correct it."
            )
        return None
    if act in (Action.TICK_CLOCK, Action.REG35) and detail.get("clock") == MANAGER_CLOCK:
        if actor.role is not Role.MANAGER:
            return (
                f"{actor.name} is {role_phrase(actor.role)}: only a manager can sign the manager's reg 35 clock "
                "(spoke to the adult and signed the record)."
            )
        return None
    if act is Action.SHIFT_MARK and not lead:
        if detail.get("staff_id") == actor.id:
            return None  # marking yourself on or off shift
        return (
            f"{actor.name} is staff: you can mark yourself on or off shift; only a shift lead or manager can "
            "mark someone else."
        )
    if act is Action.ACCEPT_HANDOVER and lead and actor.role is not Role.MANAGER:
        return _handover_side(detail)
    if act is Action.SET_PIN and detail.get("staff_id") == actor.id and actor.role is not Role.MANAGER:
        if detail.get("has_pin"):
            return None  # changing your own PIN: you have already proved it is you
        return f"{actor.name} has no PIN yet: a manager sets the first one."
    return _RANK_RULE


def _ownership(actor: StaffMember, act: Action, rupture: Rupture) -> str | None:
    """Plans, attempts and repairs are the owner's: the adult who initiates the repair records it."""
    if rupture.owner_id == actor.id:
        return None
    if rupture.owner_id is None:
        return (
            f"Nobody owns the repair of rupture #{rupture.id} yet: take it on first (assign it to yourself), "
            f"then {_OWNED_STEPS[act]}."
        )
    fix = "reassign it to yourself first" if at_least(actor, Role.SHIFT_LEAD) else "a shift lead can reassign it"
    return (
        f"{actor.name} does not own the repair of rupture #{rupture.id}: only its owner can {_OWNED_STEPS[act]} "
        f"({fix})."
    )


def _staff_assign(actor: StaffMember, rupture: Rupture, detail: Mapping[str, Any]) -> str | None:
    """Staff may take on an unowned repair themselves, or hand a repair they own to a named colleague."""
    new_owner = detail.get("owner_id")
    if rupture.owner_id is None:
        if new_owner == actor.id:
            return None
        return (
            f"{actor.name} is staff: you can take on an unowned repair yourself; only a shift lead or manager "
            "can give it to someone else."
        )
    if rupture.owner_id != actor.id:
        return f"{actor.name} is staff: only a shift lead or manager can reassign a repair someone else owns."
    if new_owner is None:
        return (
            f"{actor.name} is staff: only a shift lead or manager can leave a repair with nobody. "
            "Give it to a named colleague instead."
        )
    return None


def _handover_side(detail: Mapping[str, Any]) -> str | None:
    """A shift lead accepts the handover only from the coming shift: the lead going off hands over, and
    accepting it themselves would leave nobody coming on having taken it. (Staff get the role rule first;
    a manager may accept it whichever shift they are on.)"""
    side = detail.get("side", HandoverSide.NOT_ON_SHIFT)
    if side == HandoverSide.COMING_ON:
        return None
    accepters = ", ".join(detail.get("accepters", ()))
    if side == HandoverSide.GOING_OFF:
        shift = f" ({detail['shift']})" if detail.get("shift") else ""
        who = f" ({accepters})" if accepters else ", once they are marked on shift"
        return f"You are going off shift{shift}; the handover is accepted by someone coming on{who}."
    coming = f" ({detail['coming_on']})" if detail.get("coming_on") else ""
    return (
        f"You are not marked on the coming shift{coming}; the handover is accepted by someone coming on. "
        "Mark yourself on shift first if you are."
    )
