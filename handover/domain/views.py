"""The board's views and the handover summary, worked out from a snapshot, the time and who is looking. Pure.

Views (each a list in a defined order, see docs/HANDOVER.md):
  1 by young person  the board's sections (alphabetical, each young person's ruptures oldest first)
  2 triage           overdue first, then serious > significant > minor, then longest waited, then number
  3 mine             owned by the person looking, in triage order
  4 overdue          past the home's overdue threshold, in triage order
  5 leaving          owned by someone whose shift ends within the hour or who is off shift, by owner's name,
                     then triage order
  6 unowned          nobody owns the repair, in triage order
plus `awaiting_acceptance` (by owner's name, then triage order) and `filter_text` over any of them.

Every row is a `ViewRow`: a `BoardLine` (so the board widget takes it as it is) that also carries the
owner's shift state and whether the next step has lapsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from handover.domain import reg35
from handover.domain.board import UNOWNED_LABEL, BoardLine, Section, board_line, sections
from handover.domain.enums import RuptureKind, Severity, Status, Urgency
from handover.domain.models import BoardSnapshot, Event, Rupture, StaffMember
from handover.domain.shifts import (
    HANDOVER_GRACE,
    HandoverRecord,
    ShiftOccurrence,
    ShiftState,
    handover_shifts,
    shift_state,
)

R = TypeVar("R", bound=BoardLine)

_SEVERITY_RANK = {Severity.MINOR: 0, Severity.SIGNIFICANT: 1, Severity.SERIOUS: 2}


class View(StrEnum):
    """The board's views, on the number keys 1-6."""

    BY_YOUNG_PERSON = "by-young-person"
    TRIAGE = "triage"
    MINE = "mine"
    OVERDUE = "overdue"
    LEAVING = "leaving"
    UNOWNED = "unowned"

    @property
    def label(self) -> str:
        return {
            View.BY_YOUNG_PERSON: "by young person",
            View.TRIAGE: "triage",
            View.MINE: "mine",
            View.OVERDUE: "overdue",
            View.LEAVING: "owner leaving or off shift",
            View.UNOWNED: "unowned",
        }[self]

    @property
    def key(self) -> str:
        """The number key that shows the view."""
        return str(list(View).index(self) + 1)


@dataclass(frozen=True)
class ViewRow(BoardLine):
    """A board line with what the views add: the owner's shift state and a lapsed next step."""

    owner_shift: ShiftState | None = None
    """The owner's shift state now (None when the repair is unowned)."""
    owner_shift_ends: datetime | None = None
    """When the owner's marked shift ends (None: unowned, not on shift, or shift not known)."""
    lapsed: bool = False
    """The next step's "by when" has passed."""

    @property
    def awaiting_acceptance(self) -> bool:
        return self.rupture.awaiting_acceptance

    @property
    def owner_leaving(self) -> bool:
        """Owned by someone whose shift ends within the hour, or who is off shift."""
        return self.owner_shift in (ShiftState.LEAVING, ShiftState.OFF)


# -- single ruptures ------------------------------------------------------------------------------------


def lapsed(rupture: Rupture, now: datetime) -> bool:
    """True when an open rupture's plan or next try had a "by when" that has passed."""
    return rupture.status.is_open and rupture.next_step_due is not None and now > rupture.next_step_due


def owner_shift(snapshot: BoardSnapshot, staff_id: int, now: datetime) -> ShiftState:
    """On, leaving or off shift, from the staff member's latest mark."""
    return shift_state(snapshot.shift_marks.get(staff_id), now)


def view_row(rupture: Rupture, snapshot: BoardSnapshot, now: datetime, young_person: str | None = None) -> ViewRow:
    """One rupture as every view shows it."""
    name = young_person if young_person is not None else _young_person_name(snapshot, rupture.young_person_id)
    line = board_line(rupture, snapshot, name, now)
    return _annotate(line, snapshot, now)


def _annotate(line: BoardLine, snapshot: BoardSnapshot, now: datetime) -> ViewRow:
    owner_id = line.rupture.owner_id
    state, ends = None, None
    if owner_id is not None:
        state = owner_shift(snapshot, owner_id, now)
        mark = snapshot.shift_marks.get(owner_id)
        if state is not ShiftState.OFF and mark is not None:
            ends = mark.shift_end
    base = {f.name: getattr(line, f.name) for f in fields(BoardLine)}
    return ViewRow(**base, owner_shift=state, owner_shift_ends=ends, lapsed=lapsed(line.rupture, now))


def _young_person_name(snapshot: BoardSnapshot, young_person_id: int) -> str:
    person = next((p for p in snapshot.young_people if p.id == young_person_id), None)
    return person.name if person else f"young person #{young_person_id}"


def triage_key(row: BoardLine) -> tuple[bool, int, datetime, int]:
    """Overdue first, then serious before significant before minor, then longest waited, then number."""
    r = row.rupture
    return (row.urgency is not Urgency.OVERDUE, -_SEVERITY_RANK[r.severity], r.occurred_at, r.id)


def _by_owner_key(row: ViewRow) -> tuple[str, int, tuple[bool, int, datetime, int]]:
    return ((row.owner or "").casefold(), row.rupture.owner_id or 0, triage_key(row))


# -- the views --------------------------------------------------------------------------------------------


def by_young_person(snapshot: BoardSnapshot, now: datetime) -> list[Section]:
    """View 1: the board's sections (as `domain.board.sections`), each line a ViewRow."""
    return [
        Section(s.young_person, tuple(_annotate(line, snapshot, now) for line in s.lines))
        for s in sections(snapshot, now)
    ]


def all_rows(snapshot: BoardSnapshot, now: datetime) -> list[ViewRow]:
    """Every open rupture, in board order (view 1 flattened)."""
    return [line for s in by_young_person(snapshot, now) for line in s.lines]  # type: ignore[misc]


def triage(snapshot: BoardSnapshot, now: datetime) -> list[ViewRow]:
    """View 2: every open rupture, overdue first, then most serious, then longest waited."""
    return sorted(all_rows(snapshot, now), key=triage_key)


def mine(snapshot: BoardSnapshot, now: datetime, actor_id: int | None) -> list[ViewRow]:
    """View 3: the repairs the person looking owns, in triage order (none when nobody is signed in)."""
    return [row for row in triage(snapshot, now) if actor_id is not None and row.rupture.owner_id == actor_id]


def overdue(snapshot: BoardSnapshot, now: datetime) -> list[ViewRow]:
    """View 4: past the home's overdue threshold, in triage order."""
    return [row for row in triage(snapshot, now) if row.urgency is Urgency.OVERDUE]


def leaving(snapshot: BoardSnapshot, now: datetime) -> list[ViewRow]:
    """View 5: owned by someone leaving within the hour or off shift, grouped by owner (by name), triage order."""
    return sorted((row for row in all_rows(snapshot, now) if row.owner_leaving), key=_by_owner_key)


def unowned(snapshot: BoardSnapshot, now: datetime) -> list[ViewRow]:
    """View 6: nobody owns the repair, in triage order."""
    return [row for row in triage(snapshot, now) if row.rupture.owner_id is None]


def awaiting_acceptance(snapshot: BoardSnapshot, now: datetime) -> list[ViewRow]:
    """Reassigned repairs the new owner has not yet accepted, by owner's name, then triage order."""
    return sorted((row for row in all_rows(snapshot, now) if row.awaiting_acceptance), key=_by_owner_key)


def view_rows(
    view: View, snapshot: BoardSnapshot, now: datetime, actor_id: int | None = None, query: str = ""
) -> list[ViewRow]:
    """The rows of any view, filtered by `query` (see `filter_text`). View 1 comes flattened."""
    if view is View.BY_YOUNG_PERSON:
        rows = all_rows(snapshot, now)
    elif view is View.TRIAGE:
        rows = triage(snapshot, now)
    elif view is View.MINE:
        rows = mine(snapshot, now, actor_id)
    elif view is View.OVERDUE:
        rows = overdue(snapshot, now)
    elif view is View.LEAVING:
        rows = leaving(snapshot, now)
    else:
        rows = unowned(snapshot, now)
    return filter_text(rows, query)


# -- the text filter ----------------------------------------------------------------------------------------


def _haystack(row: BoardLine) -> str:
    r = row.rupture
    parts = [
        f"#{r.id}",
        row.young_person,
        row.adults,
        row.owner or UNOWNED_LABEL,
        r.kind.label,
        r.kind.value,
        r.severity.value,
        r.status.label,
        r.what_happened,
    ]
    if r.awaiting_acceptance:
        parts.append("awaiting acceptance")
    if isinstance(row, ViewRow) and row.lapsed:
        parts.append("lapsed")
    return "\n".join(parts).casefold()


def matches_text(row: BoardLine, query: str) -> bool:
    """True when every word of `query` appears (any case) in the row's names (young person, adults, owner),
    kind, severity, status or what happened; "unowned", "awaiting acceptance", "lapsed" and "#12" work too."""
    words = query.casefold().split()
    if not words:
        return True
    haystack = _haystack(row)
    return all(word in haystack for word in words)


def filter_text(rows: Iterable[R], query: str) -> list[R]:
    """The rows matching `query` (see `matches_text`), order kept. An empty query keeps every row."""
    return [row for row in rows if matches_text(row, query)]


def filter_sections(found: Sequence[Section], query: str) -> list[Section]:
    """View 1 filtered: each section keeps its matching lines; with a query, sections left empty go."""
    if not query.split():
        return list(found)
    kept = [Section(s.young_person, tuple(filter_text(s.lines, query))) for s in found]
    return [s for s in kept if s.lines]


def most_urgent_first(found: Sequence[Section]) -> list[Section]:
    """Young people with open ruptures, most urgent first (worst urgency, most serious, longest waited,
    then name); each one's ruptures in triage order. Quiet young people are left out."""

    def key(s: Section) -> tuple[int, int, float, str, int]:
        worst = s.worst.rank if s.worst else 0
        severity = max(_SEVERITY_RANK[line.rupture.severity] for line in s.lines)
        oldest = max(line.waited for line in s.lines).total_seconds()
        return (-worst, -severity, -oldest, s.young_person.name.casefold(), s.young_person.id)

    busy = [Section(s.young_person, tuple(sorted(s.lines, key=triage_key))) for s in found if s.lines]
    return sorted(busy, key=key)


# -- the handover -------------------------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class StaffOnShift(_Frozen):
    """A staff member marked on shift, and where they stand now."""

    staff: StaffMember
    shift: str | None
    ends: datetime | None
    state: ShiftState


class OwnerRows(_Frozen):
    """The open repairs owned by one person who is leaving or off shift."""

    owner: StaffMember
    state: ShiftState
    ends: datetime | None
    rows: tuple[ViewRow, ...]


class RepairedItem(_Frozen):
    """A repair made during the ending shift."""

    rupture_id: int
    young_person: str
    kind: RuptureKind
    by: str
    by_id: int
    at: datetime
    still_repaired: bool
    """False if it has since been reopened or ended."""


class Reg35Item(_Frozen):
    """One reg 35 clock of a restraint not yet ticked."""

    rupture_id: int
    young_person: str
    status: Status
    owner: str | None
    clock: reg35.ClockStatus


class HandoverSummary(_Frozen):
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
        return [line for s in self.by_young_person for line in s.lines]  # type: ignore[misc]

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

        def ids(rows: Iterable[BoardLine]) -> list[int]:
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
        if mark.shift_end is None or mark.shift_end > going_off.end:
            on.append(entry)
        elif mark.shift_end > now - HANDOVER_GRACE:
            off.append(entry)
    return sorted(off, key=_by_name), sorted(on, key=_by_name)


def handover_summary(
    snapshot: BoardSnapshot,
    now: datetime,
    tz: tzinfo,
    repairs: Sequence[tuple[Event, Rupture]] = (),
    restraints: Sequence[Rupture] = (),
) -> HandoverSummary:
    """The handover at `now`: shifts and staff going off and coming on, and everything outstanding.

    `repairs` are the REPAIRED events since the shift going off began, each with its rupture as it stands now;
    `restraints` are restraints no longer open whose reg 35 clocks are not all ticked (the open ones come from
    the snapshot). Both come from the store (`db.shifts`)."""
    shifts = handover_shifts(snapshot.shift_pattern, now, tz)
    going_off_staff, coming_on_staff = _shift_staff(snapshot, now, shifts.going_off)
    found = by_young_person(snapshot, now)
    rows = [line for s in found for line in s.lines]
    ordered: list[ViewRow] = sorted(rows, key=triage_key)  # type: ignore[arg-type]

    by_owner: dict[int, list[ViewRow]] = {}
    for row in leaving(snapshot, now):
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
    for rupture in (*snapshot.open_ruptures, *restraints):
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
        awaiting_acceptance=tuple(sorted((r for r in ordered if r.awaiting_acceptance), key=_by_owner_key)),
        reg35=tuple(clock_items),
        repaired=tuple(repaired),
        last_handover=last,
        last_handover_by=last_by,
    )
