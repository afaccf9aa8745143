"""Which steps a rupture allows from each status, the plain refusal, and how `apply` moves it on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from handover.domain.enums import EventKind, RuptureKind, Severity, Status
from handover.domain.errors import InvalidTransition
from handover.domain.lifecycle import apply, check_transition
from handover.domain.models import Rupture

AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
OPEN_STATUSES = (Status.OPEN, Status.PLANNED, Status.ATTEMPTED)
CLOSED_STATUSES = (Status.REPAIRED, Status.ENDED)
FORWARD_STEPS = (EventKind.ASSIGNED, EventKind.PLANNED, EventKind.ATTEMPTED, EventKind.REPAIRED, EventKind.ENDED)


def rupture(status: Status = Status.OPEN, **changes: object) -> Rupture:
    base = Rupture(
        id=7,
        young_person_id=1,
        adult_ids=(1,),
        occurred_at=AT - timedelta(hours=3),
        recorded_at=AT - timedelta(hours=2),
        recorded_by=1,
        kind=RuptureKind.HARSH_TONE,
        severity=Severity.MINOR,
        what_happened="I raised my voice when the game ran late.",
        owner_id=1,
        status=status,
        version=3,
        updated_at=AT - timedelta(hours=2),
        updated_by=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", OPEN_STATUSES)
@pytest.mark.parametrize("step", FORWARD_STEPS)
def test_every_forward_step_allowed_while_open(status: Status, step: EventKind) -> None:
    check_transition(rupture(status), step)


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_reopen_allowed_once_repaired_or_ended(status: Status) -> None:
    check_transition(rupture(status), EventKind.REOPENED)


@pytest.mark.parametrize("status", list(Status))
def test_amend_allowed_from_any_status(status: Status) -> None:
    check_transition(rupture(status), EventKind.AMENDED)


@pytest.mark.parametrize(
    ("step", "verb"),
    [
        (EventKind.ASSIGNED, "be reassigned"),
        (EventKind.PLANNED, "have a repair planned"),
        (EventKind.ATTEMPTED, "have a repair attempt recorded"),
        (EventKind.REPAIRED, "be marked repaired"),
        (EventKind.ENDED, "be ended without repair"),
    ],
)
def test_forward_steps_refused_once_repaired_with_the_way_back(step: EventKind, verb: str) -> None:
    with pytest.raises(InvalidTransition) as err:
        check_transition(rupture(Status.REPAIRED), step)
    assert err.value.message == (
        f"Rupture #7 cannot {verb}: it is already repaired (reopen it first if the repair did not hold)."
    )


@pytest.mark.parametrize("step", FORWARD_STEPS)
def test_forward_steps_refused_once_ended(step: EventKind) -> None:
    with pytest.raises(InvalidTransition, match="it is already ended without repair"):
        check_transition(rupture(Status.ENDED), step)


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_reopen_refused_while_still_open(status: Status) -> None:
    with pytest.raises(InvalidTransition) as err:
        check_transition(rupture(status), EventKind.REOPENED)
    assert err.value.message == "Rupture #7 cannot be reopened: it is still open."


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (EventKind.PLANNED, Status.PLANNED),
        (EventKind.ATTEMPTED, Status.ATTEMPTED),
        (EventKind.REPAIRED, Status.REPAIRED),
        (EventKind.ENDED, Status.ENDED),
    ],
)
def test_apply_sets_status_and_bumps_version(step: EventKind, status: Status) -> None:
    before = rupture()
    after = apply(before, step, AT, actor_id=2, payload={})
    assert after.status is status
    assert after.version == before.version + 1
    assert (after.updated_at, after.updated_by) == (AT, 2)
    assert before.status is Status.OPEN and before.version == 3  # the original is untouched


def test_apply_reopen_returns_to_open() -> None:
    after = apply(rupture(Status.REPAIRED), EventKind.REOPENED, AT, 2, {})
    assert after.status is Status.OPEN
    assert after.version == 4


def test_apply_assign_sets_owner_and_keeps_status() -> None:
    after = apply(rupture(Status.PLANNED), EventKind.ASSIGNED, AT, 2, {"owner_id": 4, "previous_owner_id": 1})
    assert after.owner_id == 4
    assert after.status is Status.PLANNED
    assert after.version == 4


def test_apply_assign_to_nobody_leaves_it_unowned() -> None:
    assert apply(rupture(), EventKind.ASSIGNED, AT, 2, {"owner_id": None}).owner_id is None


def test_apply_amend_replaces_text_only_when_that_field_is_amended() -> None:
    amended = apply(rupture(), EventKind.AMENDED, AT, 2, {"field": "what_happened", "new": "I shouted at tea."})
    assert amended.what_happened == "I shouted at tea."
    other = apply(rupture(), EventKind.AMENDED, AT, 2, {"field": "incident_ref", "new": "IR-9"})
    assert other.what_happened == rupture().what_happened
    assert other.version == 4


def test_apply_refuses_before_changing_anything() -> None:
    with pytest.raises(InvalidTransition):
        apply(rupture(Status.REPAIRED), EventKind.REPAIRED, AT, 2, {})


def planned(**changes: object) -> Rupture:
    """Owned by staff 1, with their plan as the next step."""
    return rupture(
        Status.PLANNED,
        next_step="Talk with Casey after school about the game.",
        next_step_due=AT + timedelta(hours=20),
        **changes,
    )


@pytest.mark.parametrize("new_owner", [4, None], ids=["to-a-colleague", "to-nobody"])
def test_reassignment_clears_the_previous_owners_next_step(new_owner: int | None) -> None:
    after = apply(planned(), EventKind.ASSIGNED, AT, 2, {"owner_id": new_owner, "previous_owner_id": 1})
    assert (after.next_step, after.next_step_due) == (None, None)
    assert after.status is Status.PLANNED  # a plan was made; whose it is now is up to the new owner


def test_accepting_a_reassignment_with_a_note_gives_the_new_owners_plan_no_old_deadline() -> None:
    reassigned = apply(planned(), EventKind.ASSIGNED, AT, 2, {"owner_id": 4, "previous_owner_id": 1})
    accepted = apply(reassigned, EventKind.ACCEPTED, AT, 4, {"note": "I'll ask Casey what we can book instead."})
    assert accepted.next_step == "I'll ask Casey what we can book instead."
    assert accepted.next_step_due is None
    assert not accepted.awaiting_acceptance


def test_accepting_without_a_note_leaves_no_next_step() -> None:
    reassigned = apply(planned(), EventKind.ASSIGNED, AT, 2, {"owner_id": 4, "previous_owner_id": 1})
    assert apply(reassigned, EventKind.ACCEPTED, AT, 4, {"note": ""}).next_step is None


@pytest.mark.parametrize("step", [EventKind.AMENDED, EventKind.CLOCK_TICKED])
def test_steps_that_keep_the_owner_keep_the_next_step(step: EventKind) -> None:
    payload = {"field": "incident_ref", "new": "IR-9"} if step is EventKind.AMENDED else {"clock": "record"}
    after = apply(planned(), step, AT, 2, payload)
    assert after.next_step == "Talk with Casey after school about the game."
    assert after.next_step_due == AT + timedelta(hours=20)
