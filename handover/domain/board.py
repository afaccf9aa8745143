"""The board's rows, worked out once from a snapshot and the time. Pure.

`board_rows(snapshot, now)` builds one `ViewRow` per open rupture, with every mark the board shows (the
owner's shift, a lapsed next step, awaiting acceptance, reg 35 clocks not yet ticked), and groups them by
young person (`Section`). Every view (`domain.views`), the summary bar, `handover list`, the handover summary
and sheet, and the benchmarks pick from these rows, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handover.domain import reg35
from handover.domain.enums import Urgency
from handover.domain.models import BoardSnapshot, Rupture, StaffMember, YoungPerson
from handover.domain.reg35 import ClockStatus
from handover.domain.shifts import ShiftState, shift_state
from handover.domain.urgency import urgency

UNOWNED_LABEL = "unowned"
#: How a young person with a relationship worth a conversation (handover/domain/patterns.py) is marked: on the
#: board's section header, the patterns screen and the report (a symbol and a word, so it reads in monochrome
#: too). Here, not beside the patterns' rules, so the board draws it without importing them.
PATTERN_MARK = "↻ pattern"


@dataclass(frozen=True, slots=True)
class ViewRow:
    """One open rupture as the board shows it, in every view, with the marks the views add."""

    rupture: Rupture
    young_person: str
    adults: str
    """The adults involved, by name, comma-separated."""
    owner: str | None
    """Who owns the repair (None: unowned)."""
    at: datetime
    """The moment the row describes (the board's "now")."""
    waited: timedelta
    urgency: Urgency
    owner_shift: ShiftState | None = None
    """The owner's shift state now (None when the repair is unowned)."""
    owner_shift_ends: datetime | None = None
    """When the owner's marked shift ends (None: unowned, not on shift, or shift not known)."""
    lapsed: bool = False
    """The next step's "by when" has passed."""
    _clocks: tuple[ClockStatus, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def first_line(self) -> str:
        text = self.rupture.what_happened.strip()
        return text.splitlines()[0] if text else ""

    @property
    def awaiting_acceptance(self) -> bool:
        """Given to someone who has not accepted it yet."""
        return self.rupture.awaiting_acceptance

    @property
    def owner_leaving(self) -> bool:
        """Owned by someone whose shift ends within the hour, or who is off shift."""
        return self.owner_shift in (ShiftState.LEAVING, ShiftState.OFF)

    @property
    def reg35(self) -> tuple[ClockStatus, ...]:
        """The reg 35 clocks not yet ticked at `at`, in deadline order (a restraint only). Worked out when first
        asked and kept, so only the rows a view shows pay for it."""
        clocks = self._clocks
        if clocks is None:
            clocks = reg35.outstanding(self.rupture, self.at) if reg35.applies(self.rupture) else ()
            object.__setattr__(self, "_clocks", clocks)  # a memo on a frozen row, set once
        return clocks

    @property
    def worst_clock(self) -> ClockStatus | None:
        """The most pressing reg 35 clock not yet ticked (the earliest deadline among equals), or None."""
        clocks = self.reg35
        return max(clocks, key=lambda c: c.state.rank) if clocks else None


def oldest(rows: Iterable[ViewRow]) -> timedelta | None:
    """The longest wait among `rows` (None for none)."""
    return max((row.waited for row in rows), default=None)


#: Each urgency's rank, looked up once (`Ranked.rank` searches the enum on every call).
_URGENCY_RANK = {u: u.rank for u in Urgency}


def worst(rows: Iterable[ViewRow]) -> Urgency | None:
    """The most pressing urgency among `rows` (None for none)."""
    return max((row.urgency for row in rows), key=_URGENCY_RANK.__getitem__, default=None)


@dataclass(frozen=True)
class Section:
    """A young person and their open ruptures, longest waiting first."""

    young_person: YoungPerson
    lines: tuple[ViewRow, ...]
    pattern: bool = False
    """A relationship of theirs is worth a conversation in supervision (the section is marked PATTERN_MARK)."""

    @property
    def oldest(self) -> timedelta | None:
        return oldest(self.lines)

    @property
    def worst(self) -> Urgency | None:
        return worst(self.lines)


@dataclass(frozen=True)
class Summary:
    """The summary bar's counts."""

    open: int
    overdue: int
    unowned: int


@dataclass(frozen=True)
class BoardRows:
    """Every open rupture's row at one moment, built once per snapshot (`board_rows`)."""

    snapshot: BoardSnapshot
    now: datetime
    sections: tuple[Section, ...]
    """One per current young person (quiet ones too) and per leaver with a rupture still open, by name."""
    rows: tuple[ViewRow, ...]
    """Every open rupture, the sections' lines one after another (view 1 may put the sections in another
    order: `domain.views.ordered_sections`)."""

    def summary(self) -> Summary:
        overdue = sum(row.urgency is Urgency.OVERDUE for row in self.rows)
        unowned = sum(row.rupture.owner_id is None for row in self.rows)
        return Summary(open=len(self.rows), overdue=overdue, unowned=unowned)


def lapsed(rupture: Rupture, now: datetime) -> bool:
    """True when an open rupture's plan or next try had a "by when" that has passed."""
    return rupture.status.is_open and rupture.next_step_due is not None and now > rupture.next_step_due


def owner_shift(snapshot: BoardSnapshot, staff_id: int, now: datetime) -> tuple[ShiftState, datetime | None]:
    """On, leaving or off shift, from the staff member's latest mark, and when that shift ends (None when
    off shift or not known)."""
    mark = snapshot.shift_marks.get(staff_id)
    state = shift_state(mark, now)
    return state, (mark.shift_end if mark is not None and state is not ShiftState.OFF else None)


class _RowBuilder:
    """Builds rows for one snapshot at one moment, working out each name and each owner's shift once."""

    def __init__(self, snapshot: BoardSnapshot, now: datetime) -> None:
        self.snapshot, self.now = snapshot, now
        self._adults: dict[tuple[int, ...], str] = {}
        self._shifts: dict[int, tuple[ShiftState, datetime | None]] = {}

    def row(self, rupture: Rupture, young_person: str) -> ViewRow:
        snapshot, now, staff = self.snapshot, self.now, self.snapshot.staff
        adults = self._adults.get(rupture.adult_ids)
        if adults is None:
            adults = self._adults[rupture.adult_ids] = _names(rupture.adult_ids, staff)
        owner_id = rupture.owner_id
        owner, state, ends = None, None, None
        if owner_id is not None:
            member = staff.get(owner_id)
            owner = member.name if member else None
            shift = self._shifts.get(owner_id)
            if shift is None:
                shift = self._shifts[owner_id] = owner_shift(snapshot, owner_id, now)
            state, ends = shift
        return ViewRow(
            rupture=rupture,
            young_person=young_person,
            adults=adults,
            owner=owner,
            at=now,
            waited=now - rupture.occurred_at,
            urgency=urgency(rupture.occurred_at, now, snapshot.settings),
            owner_shift=state,
            owner_shift_ends=ends,
            lapsed=lapsed(rupture, now),
        )


def _names(ids: tuple[int, ...], staff: dict[int, StaffMember]) -> str:
    return ", ".join(staff[i].name if i in staff else f"#{i}" for i in ids)


def board_rows(snapshot: BoardSnapshot, now: datetime) -> BoardRows:
    """Every open rupture's row at `now`, by young person: one section per current young person in a stable
    (alphabetical) order, quiet ones included, each one's ruptures longest waiting first."""
    # Every current young person has a section, quiet or not; a leaver only while a rupture is still open.
    by_person: dict[int, list[Rupture]] = {p.id: [] for p in snapshot.young_people if p.active}
    for rupture in snapshot.open_ruptures:
        # A rupture of a young person who has since left stays open and visible under their name.
        by_person.setdefault(rupture.young_person_id, []).append(rupture)
    people = {p.id: p for p in snapshot.young_people}
    build = _RowBuilder(snapshot, now)
    found = []
    for pid, ruptures in by_person.items():
        person = people.get(pid) or YoungPerson(id=pid, name=f"young person #{pid}", active=False)
        ordered = sorted(ruptures, key=lambda r: (r.occurred_at, r.id))
        rows = tuple(build.row(r, person.name) for r in ordered)
        found.append(Section(person, rows, pattern=pid in snapshot.patterns))
    found.sort(key=lambda s: (s.young_person.name.casefold(), s.young_person.id))
    rows = tuple(line for section in found for line in section.lines)
    return BoardRows(snapshot=snapshot, now=now, sections=tuple(found), rows=rows)


def sections(snapshot: BoardSnapshot, now: datetime) -> list[Section]:
    """The board's sections at `now` (as `board_rows`)."""
    return list(board_rows(snapshot, now).sections)
