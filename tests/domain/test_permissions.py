"""The role rules, pure: who may do what, and the plain words of every refusal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from handover.domain.enums import Role, RuptureKind, Severity
from handover.domain.models import Rupture, StaffMember
from handover.domain.permissions import (
    DOING,
    MINIMUM_ROLE,
    Action,
    NotAllowed,
    allowed,
    at_least,
    check,
    refusal,
)
from handover.domain.shifts import HandoverSide

AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
SAM = StaffMember(id=1, name="Sam Kell", role=Role.STAFF)
PRIYA = StaffMember(id=2, name="Priya Shah", role=Role.SHIFT_LEAD)
DEV = StaffMember(id=3, name="Dev Okafor", role=Role.STAFF)
MORGAN = StaffMember(id=4, name="Morgan Blake", role=Role.MANAGER)
EVERYONE = (SAM, PRIYA, DEV, MORGAN)


def rupture(owner_id: int | None = SAM.id, recorded_by: int = SAM.id, rid: int = 3) -> Rupture:
    return Rupture(
        id=rid,
        young_person_id=1,
        adult_ids=(SAM.id,),
        occurred_at=AT,
        recorded_at=AT,
        recorded_by=recorded_by,
        kind=RuptureKind.RESTRAINT,
        severity=Severity.SERIOUS,
        what_happened="I held Jordan's arm.",
        owner_id=owner_id,
        updated_at=AT,
        updated_by=recorded_by,
    )


def test_every_action_has_a_role_and_words() -> None:
    assert set(MINIMUM_ROLE) == set(Action) == set(DOING)


def test_roles_are_ordered() -> None:
    assert at_least(MORGAN, Role.SHIFT_LEAD) and at_least(PRIYA, Role.SHIFT_LEAD) and not at_least(SAM, Role.SHIFT_LEAD)
    assert at_least(SAM, Role.STAFF) and not at_least(PRIYA, Role.MANAGER)


def test_an_unknown_action_is_refused() -> None:
    assert refusal(MORGAN, "delete-everything") == "'delete-everything' is not something the board knows how to allow."


# -- by role alone (no rupture) -------------------------------------------------------------------------------
LEAD_ONLY = [
    Action.REOPEN,
    Action.END,
    Action.BULK_REASSIGN,
    Action.REG35,
    Action.TICK_CLOCK,
    Action.UNLOCK_SIGN_IN,
    Action.BACKUP,
]
MANAGER_ONLY = [
    Action.ADD_PERSON,
    Action.MARK_LEFT,
    Action.SET_PIN,
    Action.SETTINGS,
    Action.SHIFT_PATTERN,
    Action.EXPORT,
    Action.AUDIT,
    Action.RESTORE,
]
EVERYONE_MAY = [Action.RECORD, Action.CHECK]


@pytest.mark.parametrize("action", LEAD_ONLY)
def test_shift_lead_actions(action: Action) -> None:
    assert [allowed(p, action) for p in EVERYONE] == [False, True, False, True]
    assert refusal(SAM, action) == f"Sam Kell is staff: only a shift lead or manager can {DOING[action]}."


@pytest.mark.parametrize("action", MANAGER_ONLY)
def test_manager_actions(action: Action) -> None:
    assert [allowed(p, action) for p in EVERYONE] == [False, False, False, True]
    assert refusal(SAM, action) == f"Sam Kell is staff: only a manager can {DOING[action]}."
    assert refusal(PRIYA, action) == f"Priya Shah is a shift lead: only a manager can {DOING[action]}."


@pytest.mark.parametrize("action", EVERYONE_MAY)
def test_everyone_may(action: Action) -> None:
    assert all(allowed(p, action) for p in EVERYONE)


def test_the_issue_s_words() -> None:
    with pytest.raises(NotAllowed) as err:
        check(SAM, "ended", rupture())
    assert err.value.message == "Sam Kell is staff: only a shift lead or manager can end a rupture without repair."
    assert err.value.action == "ended"


# -- the owner's steps ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", [Action.PLAN, Action.ATTEMPT, Action.REPAIR])
def test_only_the_owner_plans_attempts_and_repairs(action: Action) -> None:
    owned_by_sam = rupture(owner_id=SAM.id)
    assert allowed(SAM, action, owned_by_sam)
    for other in (DEV, PRIYA, MORGAN):
        assert not allowed(other, action, owned_by_sam)
    staff_says = refusal(DEV, action, owned_by_sam)
    assert staff_says is not None
    assert staff_says.startswith("Dev Okafor does not own the repair of rupture #3: only its owner can ")
    assert staff_says.endswith("(a shift lead can reassign it).")
    lead_says = refusal(PRIYA, action, owned_by_sam)
    assert lead_says is not None and lead_says.endswith("(reassign it to yourself first).")


def test_an_unowned_repair_is_taken_on_first() -> None:
    assert refusal(SAM, Action.REPAIR, rupture(owner_id=None)) == (
        "Nobody owns the repair of rupture #3 yet: take it on first (assign it to yourself), then mark it repaired."
    )
    assert not allowed(MORGAN, Action.PLAN, rupture(owner_id=None))


# -- reassigning ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actor", "owner", "new_owner", "ok"),
    [
        (SAM, None, SAM.id, True),  # taking on an unowned repair
        (SAM, None, DEV.id, False),  # giving an unowned repair to someone else
        (SAM, SAM.id, DEV.id, True),  # handing your own on to a named colleague
        (SAM, SAM.id, None, False),  # leaving your own with nobody
        (SAM, DEV.id, SAM.id, False),  # taking someone else's
        (SAM, DEV.id, MORGAN.id, False),
        (PRIYA, DEV.id, SAM.id, True),
        (PRIYA, DEV.id, None, True),
        (PRIYA, None, DEV.id, True),
        (MORGAN, SAM.id, None, True),
    ],
)
def test_who_may_reassign(actor: StaffMember, owner: int | None, new_owner: int | None, ok: bool) -> None:
    assert allowed(actor, Action.ASSIGN, rupture(owner_id=owner), {"owner_id": new_owner}) is ok


def test_reassign_refusals_in_plain_words() -> None:
    say = refusal(SAM, Action.ASSIGN, rupture(owner_id=None), {"owner_id": DEV.id})
    assert say == (
        "Sam Kell is staff: you can take on an unowned repair yourself; only a shift lead or manager can give "
        "it to someone else."
    )
    say = refusal(SAM, Action.ASSIGN, rupture(owner_id=DEV.id), {"owner_id": SAM.id})
    assert say == "Sam Kell is staff: only a shift lead or manager can reassign a repair someone else owns."
    say = refusal(SAM, Action.ASSIGN, rupture(owner_id=SAM.id), {"owner_id": None})
    assert say is not None and say.startswith("Sam Kell is staff: only a shift lead or manager can leave a repair")


# -- accepting -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", [Action.ACCEPT, Action.ACCEPT_ASSIGNMENT])
def test_only_the_new_owner_accepts(action: Action) -> None:
    handed_to_dev = rupture(owner_id=DEV.id)
    assert allowed(DEV, action, handed_to_dev)
    for other in (SAM, PRIYA, MORGAN):
        assert refusal(other, action, handed_to_dev) == (
            f"{other.name} does not own the repair of rupture #3: only the person it was given to can accept it."
        )


# -- corrections ---------------------------------------------------------------------------------------------
def test_staff_correct_only_what_they_wrote() -> None:
    recorded_by_sam = rupture(recorded_by=SAM.id)
    assert allowed(SAM, Action.AMEND, recorded_by_sam)
    assert allowed(SAM, Action.AMEND, recorded_by_sam, {"author_id": SAM.id})
    assert not allowed(SAM, Action.AMEND, recorded_by_sam, {"author_id": DEV.id})
    assert refusal(DEV, Action.AMEND, recorded_by_sam) == (
        "Dev Okafor is staff: only the person who wrote an entry, a shift lead or a manager can correct it."
    )
    assert allowed(DEV, Action.AMEND, recorded_by_sam, {"author_id": DEV.id})
    assert allowed(PRIYA, Action.AMEND, recorded_by_sam, {"author_id": DEV.id})
    assert allowed(MORGAN, Action.AMEND, recorded_by_sam)


# -- reg 35 --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", [Action.TICK_CLOCK, Action.REG35])
@pytest.mark.parametrize("clock", ["record", "child"])
def test_record_and_child_clocks_by_a_shift_lead_or_manager(action: Action, clock: str) -> None:
    detail = {"clock": clock}
    assert [allowed(p, action, rupture(), detail) for p in EVERYONE] == [False, True, False, True]


@pytest.mark.parametrize("action", [Action.TICK_CLOCK, Action.REG35])
def test_the_manager_clock_only_by_a_manager(action: Action) -> None:
    detail = {"clock": "manager"}
    assert [allowed(p, action, rupture(), detail) for p in EVERYONE] == [False, False, False, True]
    assert refusal(PRIYA, action, rupture(), detail) == (
        "Priya Shah is a shift lead: only a manager can sign the manager's reg 35 clock (spoke to the adult and "
        "signed the record)."
    )


# -- shifts and PINs -----------------------------------------------------------------------------------------
def test_staff_mark_themselves_on_shift_only() -> None:
    assert allowed(SAM, Action.SHIFT_MARK, detail={"staff_id": SAM.id})
    assert refusal(SAM, Action.SHIFT_MARK, detail={"staff_id": DEV.id}) == (
        "Sam Kell is staff: you can mark yourself on or off shift; only a shift lead or manager can mark someone else."
    )
    assert allowed(PRIYA, Action.SHIFT_MARK, detail={"staff_id": DEV.id})
    # Not saying whom: only a shift lead or manager.
    assert [allowed(p, Action.SHIFT_MARK) for p in EVERYONE] == [False, True, False, True]


@pytest.mark.parametrize(
    ("actor", "detail", "ok"),
    [
        (MORGAN, {"staff_id": SAM.id, "has_pin": False}, True),
        (MORGAN, {"staff_id": MORGAN.id, "has_pin": False}, True),
        (SAM, {"staff_id": SAM.id, "has_pin": True}, True),  # changing your own
        (PRIYA, {"staff_id": PRIYA.id, "has_pin": True}, True),
        (SAM, {"staff_id": SAM.id, "has_pin": False}, False),  # the first PIN is a manager's to set
        (SAM, {"staff_id": DEV.id, "has_pin": True}, False),
        (PRIYA, {"staff_id": SAM.id, "has_pin": True}, False),
    ],
)
def test_who_sets_a_pin(actor: StaffMember, detail: dict[str, Any], ok: bool) -> None:
    assert allowed(actor, Action.SET_PIN, detail=detail) is ok


def test_pin_refusals_in_plain_words() -> None:
    assert refusal(SAM, Action.SET_PIN, detail={"staff_id": SAM.id, "has_pin": False}) == (
        "Sam Kell has no PIN yet: a manager sets the first one."
    )
    assert refusal(PRIYA, Action.SET_PIN, detail={"staff_id": SAM.id}) == (
        "Priya Shah is a shift lead: only a manager can set or reset someone's PIN."
    )


# -- accepting the handover: a lead coming on, or a manager ---------------------------------------------------
@pytest.mark.parametrize(
    ("side", "allowed_for"),
    [
        (HandoverSide.COMING_ON, [False, True, False, True]),
        (HandoverSide.GOING_OFF, [False, False, False, True]),
        (HandoverSide.NOT_ON_SHIFT, [False, False, False, True]),
        (None, [False, False, False, True]),  # nothing said about shifts: only the manager
    ],
)
def test_who_accepts_the_handover(side: HandoverSide | None, allowed_for: list[bool]) -> None:
    detail = {} if side is None else {"side": side.value}
    assert [allowed(p, Action.ACCEPT_HANDOVER, detail=detail) for p in EVERYONE] == allowed_for
    assert refusal(SAM, Action.ACCEPT_HANDOVER, detail=detail) == (
        "Sam Kell is staff: only a shift lead or manager can accept the handover."
    )


def test_the_lead_going_off_is_told_in_plain_words() -> None:
    detail = {"side": "going-off", "shift": "late 14:00-22:00", "accepters": ["Tariq Bell", "Ana Ruiz"]}
    assert refusal(PRIYA, Action.ACCEPT_HANDOVER, detail=detail) == (
        "You are going off shift (late 14:00-22:00); the handover is accepted by someone coming on "
        "(Tariq Bell, Ana Ruiz)."
    )
