"""What the board shows, worked out from a snapshot and the time: sections by young person, rupture lines,
and the summary. Pure, so the Textual board, `handover list` and tests all agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handover.domain.enums import Urgency
from handover.domain.models import BoardSnapshot, Rupture, StaffMember, YoungPerson
from handover.domain.urgency import urgency

UNOWNED_LABEL = "unowned"


@dataclass(frozen=True)
class BoardLine:
    """One open rupture as the board shows it."""

    rupture: Rupture
    young_person: str
    adults: str
    owner: str | None
    waited: timedelta
    urgency: Urgency

    @property
    def first_line(self) -> str:
        return self.rupture.what_happened.strip().splitlines()[0] if self.rupture.what_happened.strip() else ""


@dataclass(frozen=True)
class Section:
    """A young person and their open ruptures, longest waiting first."""

    young_person: YoungPerson
    lines: tuple[BoardLine, ...]

    @property
    def oldest(self) -> timedelta | None:
        return self.lines[0].waited if self.lines else None

    @property
    def worst(self) -> Urgency | None:
        return max((line.urgency for line in self.lines), key=lambda u: u.rank, default=None)


@dataclass(frozen=True)
class Summary:
    open: int
    overdue: int
    unowned: int


def _names(ids: tuple[int, ...], staff: dict[int, StaffMember]) -> str:
    return ", ".join(staff[i].name if i in staff else f"#{i}" for i in ids)


def board_line(rupture: Rupture, snapshot: BoardSnapshot, young_person: str, now: datetime) -> BoardLine:
    owner = snapshot.staff.get(rupture.owner_id) if rupture.owner_id is not None else None
    return BoardLine(
        rupture=rupture,
        young_person=young_person,
        adults=_names(rupture.adult_ids, snapshot.staff),
        owner=owner.name if owner else None,
        waited=now - rupture.occurred_at,
        urgency=urgency(rupture.occurred_at, now, snapshot.settings),
    )


def sections(snapshot: BoardSnapshot, now: datetime) -> list[Section]:
    """One section per current young person in a stable (alphabetical) order, quiet ones included."""
    # Every current young person has a section, quiet or not; a leaver only while a rupture is still open.
    by_person: dict[int, list[Rupture]] = {p.id: [] for p in snapshot.young_people if p.active}
    for rupture in snapshot.open_ruptures:
        # A rupture of a young person who has since left stays open and visible under their name.
        by_person.setdefault(rupture.young_person_id, []).append(rupture)
    people = {p.id: p for p in snapshot.young_people}
    result = []
    for pid, ruptures in by_person.items():
        person = people.get(pid) or YoungPerson(id=pid, name=f"young person #{pid}", active=False)
        ordered = sorted(ruptures, key=lambda r: (r.occurred_at, r.id))
        lines = tuple(board_line(r, snapshot, person.name, now) for r in ordered)
        result.append(Section(person, lines))
    return sorted(result, key=lambda s: (s.young_person.name.casefold(), s.young_person.id))


def summary(snapshot: BoardSnapshot, now: datetime) -> Summary:
    ruptures = snapshot.open_ruptures
    overdue = sum(urgency(r.occurred_at, now, snapshot.settings) is Urgency.OVERDUE for r in ruptures)
    unowned = sum(r.owner_id is None for r in ruptures)
    return Summary(open=len(ruptures), overdue=overdue, unowned=unowned)
