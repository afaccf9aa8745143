"""The reg 35 clocks of a restraint (Children's Homes (England) Regulations 2015, regulation 35).

After a restraint or other measure of control: a record within 24 hours; within 48 hours the registered
manager (or delegate) has spoken to the adult who used the measure and signed the record; within 5 days,
someone has spoken to the child about it. Every clock runs from when the restraint happened. The statutory
record itself lives in the home's incident system: the board only reminds, and keeps who ticked what.

Each clock is done (ticked: a CLOCK_TICKED event), due, due soon (within 6 hours of its deadline) or overdue
(past its deadline). A clock met exactly at its deadline was met in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from handover.domain.enums import Ranked, RuptureKind
from handover.domain.errors import InvalidInput, InvalidTransition
from handover.domain.models import Rupture

DUE_SOON_WITHIN = timedelta(hours=6)
"""A clock not yet met shows as "due soon" this long before its deadline."""


class Reg35Clock(StrEnum):
    """The three clocks. Values are the words used on the command line and stored in events."""

    RECORD = "record"
    MANAGER = "manager"
    CHILD = "child"

    @property
    def label(self) -> str:
        return {
            Reg35Clock.RECORD: "record made",
            Reg35Clock.MANAGER: "manager spoke to the adult and signed",
            Reg35Clock.CHILD: "child spoken to",
        }[self]

    @property
    def limit(self) -> timedelta:
        """How long after the restraint the clock runs."""
        return _LIMITS[self]

    @property
    def limit_label(self) -> str:
        return {Reg35Clock.RECORD: "24 h", Reg35Clock.MANAGER: "48 h", Reg35Clock.CHILD: "5 days"}[self]


_LIMITS = {
    Reg35Clock.RECORD: timedelta(hours=24),
    Reg35Clock.MANAGER: timedelta(hours=48),
    Reg35Clock.CHILD: timedelta(days=5),
}


class ClockState(Ranked):
    """Where one clock stands, least to most pressing."""

    DONE = "done"
    DUE = "due"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"


@dataclass(frozen=True, kw_only=True, slots=True)
class ClockStatus:
    """One clock of one restraint at a moment."""

    clock: Reg35Clock
    deadline: datetime
    state: ClockState


def applies(rupture: Rupture) -> bool:
    """Reg 35 clocks apply to restraint and other measures of control only."""
    return rupture.kind is RuptureKind.RESTRAINT


def deadline(rupture: Rupture, clock: Reg35Clock) -> datetime:
    return rupture.occurred_at + clock.limit


def clock_state(rupture: Rupture, clock: Reg35Clock, now: datetime) -> ClockState:
    if clock.value in rupture.reg35_done:
        return ClockState.DONE
    due_by = deadline(rupture, clock)
    if now > due_by:
        return ClockState.OVERDUE
    if now >= due_by - DUE_SOON_WITHIN:
        return ClockState.DUE_SOON
    return ClockState.DUE


def clocks(rupture: Rupture, now: datetime) -> tuple[ClockStatus, ...]:
    """All three clocks, in deadline order; empty for a rupture that is not a restraint."""
    if not applies(rupture):
        return ()
    return tuple(
        ClockStatus(clock=c, deadline=deadline(rupture, c), state=clock_state(rupture, c, now)) for c in Reg35Clock
    )


def outstanding(rupture: Rupture, now: datetime) -> tuple[ClockStatus, ...]:
    """The clocks not yet ticked (due, due soon or overdue), in deadline order."""
    return tuple(c for c in clocks(rupture, now) if c.state is not ClockState.DONE)


def all_done(rupture: Rupture) -> bool:
    return all(c.value in rupture.reg35_done for c in Reg35Clock)


def parse_clock(text: str) -> Reg35Clock:
    """'record', 'manager' or 'child' (any case), or a plain-words refusal."""
    try:
        return Reg35Clock((text or "").strip().lower())
    except ValueError:
        known = ", ".join(c.value for c in Reg35Clock)
        raise InvalidInput(f"There is no reg 35 clock '{text}'. Choose one of: {known}.", field="clock") from None


def check_tick(rupture: Rupture, clock: Reg35Clock) -> None:
    """Refuse, in plain words, ticking a clock on a rupture that is not a restraint, or one already ticked."""
    if not applies(rupture):
        raise InvalidInput(
            f"Rupture #{rupture.id} is a {rupture.kind.label}, not a restraint: reg 35 clocks apply only to "
            "restraint and other measures of control."
        )
    if clock.value in rupture.reg35_done:
        raise InvalidTransition(f"The '{clock.label}' clock of rupture #{rupture.id} is already ticked.")
