"""Reg 35 clocks: a restraint's record (24 h), manager (48 h) and child (5 days) clocks turn due soon and
overdue at the right moments, and a ticked clock is done whatever the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handover.clock import FrozenClock
from handover.domain import reg35
from handover.domain.enums import RuptureKind, Severity, Status
from handover.domain.errors import InvalidInput, InvalidTransition
from handover.domain.models import Rupture
from handover.domain.reg35 import ClockState, Reg35Clock

HAPPENED = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def restraint(kind: RuptureKind = RuptureKind.RESTRAINT, done: tuple[str, ...] = (), **extra: object) -> Rupture:
    return Rupture(
        id=7,
        young_person_id=1,
        adult_ids=(10,),
        occurred_at=HAPPENED,
        recorded_at=HAPPENED,
        recorded_by=10,
        kind=kind,
        severity=Severity.SERIOUS,
        what_happened="Held to stop a fall on the stairs.",
        updated_at=HAPPENED,
        updated_by=10,
        reg35_done=done,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("clock", "after", "state"),
    [
        (Reg35Clock.RECORD, timedelta(hours=0), ClockState.DUE),
        (Reg35Clock.RECORD, timedelta(hours=17, minutes=59), ClockState.DUE),
        (Reg35Clock.RECORD, timedelta(hours=18), ClockState.DUE_SOON),
        (Reg35Clock.RECORD, timedelta(hours=24), ClockState.DUE_SOON),
        (Reg35Clock.RECORD, timedelta(hours=24, seconds=1), ClockState.OVERDUE),
        (Reg35Clock.MANAGER, timedelta(hours=41, minutes=59), ClockState.DUE),
        (Reg35Clock.MANAGER, timedelta(hours=42), ClockState.DUE_SOON),
        (Reg35Clock.MANAGER, timedelta(hours=48, minutes=1), ClockState.OVERDUE),
        (Reg35Clock.CHILD, timedelta(days=4, hours=17, minutes=59), ClockState.DUE),
        (Reg35Clock.CHILD, timedelta(days=4, hours=18), ClockState.DUE_SOON),
        (Reg35Clock.CHILD, timedelta(days=5), ClockState.DUE_SOON),
        (Reg35Clock.CHILD, timedelta(days=5, seconds=1), ClockState.OVERDUE),
    ],
)
def test_each_clock_turns_due_soon_then_overdue(clock: Reg35Clock, after: timedelta, state: ClockState) -> None:
    assert reg35.clock_state(restraint(), clock, HAPPENED + after) is state


def test_the_clocks_follow_a_frozen_clock() -> None:
    clock = FrozenClock(HAPPENED)
    seen = []
    for hours in (1, 17, 6, 1, 18, 6, 48):  # to 1 h, 18 h, 24 h, 25 h, 43 h, 49 h, 97 h
        clock.advance(timedelta(hours=hours))
        seen.append(tuple(s.state.value for s in reg35.clocks(restraint(), clock.now())))
    assert seen == [
        ("due", "due", "due"),
        ("due-soon", "due", "due"),
        ("due-soon", "due", "due"),
        ("overdue", "due", "due"),
        ("overdue", "due-soon", "due"),
        ("overdue", "overdue", "due"),
        ("overdue", "overdue", "due"),
    ]


def test_deadlines_and_order() -> None:
    statuses = reg35.clocks(restraint(), HAPPENED)
    assert [(s.clock, s.deadline) for s in statuses] == [
        (Reg35Clock.RECORD, HAPPENED + timedelta(hours=24)),
        (Reg35Clock.MANAGER, HAPPENED + timedelta(hours=48)),
        (Reg35Clock.CHILD, HAPPENED + timedelta(days=5)),
    ]


def test_a_ticked_clock_is_done_even_late() -> None:
    late = HAPPENED + timedelta(days=10)
    ticked = restraint(done=("record",))
    assert reg35.clock_state(ticked, Reg35Clock.RECORD, late) is ClockState.DONE
    assert [s.clock for s in reg35.outstanding(ticked, late)] == [Reg35Clock.MANAGER, Reg35Clock.CHILD]
    assert not reg35.all_done(ticked)
    assert reg35.all_done(restraint(done=("child", "record", "manager")))


def test_the_clocks_run_on_after_a_repair() -> None:
    repaired = restraint(status=Status.REPAIRED)
    assert len(reg35.outstanding(repaired, HAPPENED + timedelta(hours=30))) == 3


def test_only_restraints_have_clocks() -> None:
    other = restraint(kind=RuptureKind.HARSH_TONE)
    assert not reg35.applies(other)
    assert reg35.clocks(other, HAPPENED) == () and reg35.outstanding(other, HAPPENED) == ()


def test_ticking_is_refused_in_plain_words() -> None:
    with pytest.raises(InvalidInput, match=r"Rupture #7 is a harsh tone, not a restraint: reg 35 clocks apply only"):
        reg35.check_tick(restraint(kind=RuptureKind.HARSH_TONE), Reg35Clock.RECORD)
    with pytest.raises(InvalidTransition, match=r"'record made' clock of rupture #7 is already ticked"):
        reg35.check_tick(restraint(done=("record",)), Reg35Clock.RECORD)
    reg35.check_tick(restraint(done=("record",)), Reg35Clock.CHILD)


def test_clock_names() -> None:
    assert reg35.parse_clock(" Manager ") is Reg35Clock.MANAGER
    with pytest.raises(InvalidInput, match="no reg 35 clock 'doctor'. Choose one of: record, manager, child"):
        reg35.parse_clock("doctor")
    assert [c.label for c in Reg35Clock] == ["record made", "manager spoke to the adult and signed", "child spoken to"]
    assert [c.limit_label for c in Reg35Clock] == ["24 h", "48 h", "5 days"]
    assert ClockState.DUE_SOON.label == "due soon"
