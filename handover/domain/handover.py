"""The handover, worked out from a snapshot, the time and the shift pattern: the shifts and staff going off
and coming on, and everything outstanding. Pure. The handover screen and the handover sheet both show it.

Its rows are the board's own (`domain.board.board_rows`), so the marks agree with the board's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from handover.domain import reg35
from handover.domain.board import Section, ViewRow, board_rows
from handover.domain.describe import Description, describe
from handover.domain.enums import EventKind, RuptureKind, Status, Urgency
from handover.domain.models import BoardSnapshot, Event, Rupture, StaffMember
from handover.domain.shifts import (
    HandoverRecord,
    HandoverSide,
    ShiftOccurrence,
    ShiftState,
    handover_shifts,
    handover_side,
    shift_state,
)
from handover.domain.views import SEVERITY_RANK, by_owner_key, leaving, triage_key


def most_urgent_first(found: Sequence[Section]) -> list[Section]:
    """Young people with open ruptures, most urgent first (worst urgency, most serious, longest waited,
    then name); each one's ruptures in triage order. Quiet young people are left out."""

    def key(s: Section) -> tuple[int, int, float, str, int]:
        worst = s.worst.rank if s.worst else 0
        severity = max(SEVERITY_RANK[line.rupture.severity] for line in s.lines)
        oldest = max(line.waited for line in s.lines).total_seconds()
        return (-worst, -severity, -oldest, s.young_person.name.casefold(), s.young_person.id)

    busy = [Section(s.young_person, tuple(sorted(s.lines, key=triage_key))) for s in found if s.lines]
    return sorted(busy, key=key)


@dataclass(frozen=True, kw_only=True, slots=True)
class StaffOnShift:
    """A staff member marked on shift, and where they stand now."""

    staff: StaffMember
    shift: str | None
    ends: datetime | None
    state: ShiftState


@dataclass(frozen=True, kw_only=True, slots=True)
class OwnerRows:
    """The open repairs owned by one person who is leaving or off shift."""

    owner: StaffMember
    state: ShiftState
    ends: datetime | None
    rows: tuple[ViewRow, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class RepairedItem:
    """A repair made during the ending shift."""

    rupture_id: int
    young_person: str
    kind: RuptureKind
    by: str
    by_id: int
    at: datetime
    still_repaired: bool
    """False if it has since been reopened or ended."""

    def description(self, tz: tzinfo) -> Description:
        """The repair in the describer's words ("Morgan Blake repaired the rupture"), as the timeline says it.

        Built from who and when only: the notes given with it (what was said) stay on the board."""
        step = Event(rupture_id=self.rupture_id, at=self.at, actor_id=self.by_id, kind=EventKind.REPAIRED)
        return describe(step, {self.by_id: self.by}, tz)


@dataclass(frozen=True, kw_only=True, slots=True)
class Reg35Item:
    """One reg 35 clock of a restraint not yet ticked."""

    rupture_id: int
    young_person: str
    status: Status
    owner: str | None
    clock: reg35.ClockStatus
    closed_at: datetime | None = None
    """When the restraint was repaired or ended, if it is no longer open: its clocks run on after it."""

    def closed(self, tz: tzinfo) -> str:
        """ "closed: repaired Tue 24 Nov" for a clock of a rupture no longer open, "" for an open one: a clock
        the home still owes on a rupture long put right is listed, and says so."""
        if self.status.is_open:
            return ""
        if self.closed_at is None:
            return f"closed: {self.status.label}"
        local = self.closed_at.astimezone(tz)
        return f"closed: {self.status.label} {local:%a} {local.day} {local:%b}"


@dataclass(frozen=True, kw_only=True, slots=True)
class HandoverSummary:
    """What the handover screen and the handover sheet both show, at one moment."""

    home_name: str
    at: datetime
    going_off: ShiftOccurrence
    coming_on: ShiftOccurrence
    staff_going_off: tuple[StaffOnShift, ...]
    """Marked on a shift ending by the time the shift going off ends (or that ended within the last hour)."""
    staff_coming_on: tuple[StaffOnShift, ...]
    """Marked on a shift that runs on after the shift going off ends."""
    by_young_person: tuple[Section, ...]
    """Every open rupture, by young person, most urgent first (`most_urgent_first`); lines are ViewRows."""
    quiet: tuple[str, ...]
    """Current young people with nothing outstanding, alphabetical."""
    leaving: tuple[OwnerRows, ...]
    """Open repairs owned by someone leaving within the hour or off shift, by owner's name."""
    unowned: tuple[ViewRow, ...]
    overdue: tuple[ViewRow, ...]
    awaiting_acceptance: tuple[ViewRow, ...]
    reg35: tuple[Reg35Item, ...]
    """Restraint clocks not yet ticked (open and closed restraints), soonest deadline first."""
    repaired: tuple[RepairedItem, ...]
    """Repairs made since the shift going off began, in time order."""
    last_handover: HandoverRecord | None = None
    last_handover_by: str | None = None

    @property
    def open_rows(self) -> list[ViewRow]:
        """Every open rupture, in the order of `by_young_person`."""
        return [line for s in self.by_young_person for line in s.lines]

    def counts(self) -> dict[str, int]:
        return {
            "open": len(self.open_rows),
            "overdue": len(self.overdue),
            "unowned": len(self.unowned),
            "awaiting_acceptance": len(self.awaiting_acceptance),
            "leaving": sum(len(g.rows) for g in self.leaving),
            "reg35_outstanding": len({i.rupture_id for i in self.reg35}),
            "repaired": len(self.repaired),
        }

    def record(self) -> dict[str, Any]:
        """What an accepted handover keeps (as JSON in `handovers.summary`): ids and counts, no free text."""

        def run(o: ShiftOccurrence) -> dict[str, str]:
            return {"shift": o.shift, "start": o.start.isoformat(), "end": o.end.isoformat()}

        def ids(rows: Iterable[ViewRow]) -> list[int]:
            return [row.rupture.id for row in rows]

        return {
            "going_off": run(self.going_off),
            "coming_on": run(self.coming_on),
            "staff_going_off": [s.staff.id for s in self.staff_going_off],
            "staff_coming_on": [s.staff.id for s in self.staff_coming_on],
            "open": ids(sorted(self.open_rows, key=triage_key)),
            "overdue": ids(self.overdue),
            "unowned": ids(self.unowned),
            "awaiting_acceptance": ids(self.awaiting_acceptance),
            "leaving": {str(g.owner.id): ids(g.rows) for g in self.leaving},
            "reg35_outstanding": sorted({i.rupture_id for i in self.reg35}),
            "repaired": [i.rupture_id for i in self.repaired],
            "counts": self.counts(),
        }


def staff_on_shift(snapshot: BoardSnapshot, now: datetime) -> list[StaffOnShift]:
    """Everyone marked on shift whose shift has not ended, by name."""
    found = []
    for staff_id, mark in snapshot.shift_marks.items():
        state = shift_state(mark, now)
        member = snapshot.staff.get(staff_id)
        if state is ShiftState.OFF or member is None or not member.active:
            continue
        found.append(StaffOnShift(staff=member, shift=mark.shift, ends=mark.shift_end, state=state))
    return sorted(found, key=_by_name)


def _by_name(entry: StaffOnShift) -> tuple[str, int]:
    return (entry.staff.name.casefold(), entry.staff.id)


def _shift_staff(
    snapshot: BoardSnapshot, now: datetime, going_off: ShiftOccurrence
) -> tuple[list[StaffOnShift], list[StaffOnShift]]:
    """Staff going off (their shift ends by the time `going_off` does, and not over an hour ago) and coming on."""
    off: list[StaffOnShift] = []
    on: list[StaffOnShift] = []
    for staff_id, mark in snapshot.shift_marks.items():
        member = snapshot.staff.get(staff_id)
        if not mark.on_shift or member is None or not member.active:
            continue
        entry = StaffOnShift(staff=member, shift=mark.shift, ends=mark.shift_end, state=shift_state(mark, now))
        side = handover_side(mark, going_off, now)  # the same rule decides who may accept the handover
        if side is HandoverSide.COMING_ON:
            on.append(entry)
        elif side is HandoverSide.GOING_OFF:
            off.append(entry)
    return sorted(off, key=_by_name), sorted(on, key=_by_name)


def handover_summary(
    snapshot: BoardSnapshot,
    now: datetime,
    tz: tzinfo,
    repairs: Sequence[tuple[Event, Rupture]] = (),
    restraints: Sequence[tuple[Rupture, datetime]] = (),
) -> HandoverSummary:
    """The handover at `now`: shifts and staff going off and coming on, and everything outstanding.

    `repairs` are the REPAIRED events since the shift going off began, each with its rupture as it stands now;
    `restraints` are restraints no longer open whose reg 35 clocks are not all ticked, each with when it was
    repaired or ended (the open ones come from the snapshot). Both come from the store (`db.shifts`)."""
    shifts = handover_shifts(snapshot.shift_pattern, now, tz)
    going_off_staff, coming_on_staff = _shift_staff(snapshot, now, shifts.going_off)
    board = board_rows(snapshot, now)
    found = board.sections
    ordered = sorted(board.rows, key=triage_key)

    by_owner: dict[int, list[ViewRow]] = {}
    for row in leaving(board):
        by_owner.setdefault(row.rupture.owner_id or 0, []).append(row)
    groups = [
        OwnerRows(
            owner=snapshot.staff.get(owner_id) or StaffMember(id=owner_id, name=owned[0].owner or f"#{owner_id}"),
            state=owned[0].owner_shift or ShiftState.OFF,
            ends=owned[0].owner_shift_ends,
            rows=tuple(owned),
        )
        for owner_id, owned in by_owner.items()
    ]

    names = {p.id: p.name for p in snapshot.young_people}
    staff = snapshot.staff
    clock_items: list[Reg35Item] = []
    seen: set[int] = set()
    closed: list[tuple[Rupture, datetime | None]] = [*restraints]
    for rupture, closed_at in [*((r, None) for r in snapshot.open_ruptures), *closed]:
        if rupture.id in seen:
            continue
        seen.add(rupture.id)
        for status in reg35.outstanding(rupture, now):
            owner = staff[rupture.owner_id].name if rupture.owner_id in staff else None
            clock_items.append(
                Reg35Item(
                    rupture_id=rupture.id,
                    young_person=names.get(rupture.young_person_id, f"young person #{rupture.young_person_id}"),
                    status=rupture.status,
                    owner=owner,
                    clock=status,
                    closed_at=None if rupture.status.is_open else closed_at,
                )
            )
    clock_items.sort(key=lambda i: (i.clock.deadline, i.rupture_id))

    repaired = [
        RepairedItem(
            rupture_id=rupture.id,
            young_person=names.get(rupture.young_person_id, f"young person #{rupture.young_person_id}"),
            kind=rupture.kind,
            by=staff[event.actor_id].name if event.actor_id in staff else f"staff #{event.actor_id}",
            by_id=event.actor_id,
            at=event.at,
            still_repaired=rupture.status is Status.REPAIRED,
        )
        for event, rupture in sorted(repairs, key=lambda pair: (pair[0].at, pair[0].id or 0))
    ]

    last = snapshot.last_handover
    last_by = None
    if last is not None:
        last_by = staff[last.accepted_by].name if last.accepted_by in staff else f"staff #{last.accepted_by}"
    return HandoverSummary(
        home_name=snapshot.settings.home_name,
        at=now,
        going_off=shifts.going_off,
        coming_on=shifts.coming_on,
        staff_going_off=tuple(going_off_staff),
        staff_coming_on=tuple(coming_on_staff),
        by_young_person=tuple(most_urgent_first(found)),
        quiet=tuple(s.young_person.name for s in found if not s.lines and s.young_person.active),
        leaving=tuple(groups),
        unowned=tuple(r for r in ordered if r.rupture.owner_id is None),
        overdue=tuple(r for r in ordered if r.urgency is Urgency.OVERDUE),
        awaiting_acceptance=tuple(sorted((r for r in ordered if r.awaiting_acceptance), key=by_owner_key)),
        reg35=tuple(clock_items),
        repaired=tuple(repaired),
        last_handover=last,
        last_handover_by=last_by,
    )
