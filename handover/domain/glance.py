"""The glance: what the office screen shows while nobody is signed in. Pure.

One line per young person: how many ruptures are open, the longest wait with its urgency, and who owns the
repairs, built from the board's rows (`domain.board.board_rows`) so it cannot disagree with the board. It is
made to be seen by anyone who walks past, a young person included, so it holds no free text at all (never
what happened, never a plan or a note) and, in the home's default `initials` mode, no name either: people
are written as their initials ("CQ", capitals, no dots). In `names` mode young people and owners are shown
by first name and surname. In `off` mode there is nothing to show (`glance_of` returns no lines).

Order: whoever's open rupture is most pressing first (overdue, then due soon, then fresh; the longer wait
first among equals), then the young people with nothing open, by name. A young person who has left is listed
only while a rupture of theirs is still open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from handover.domain.board import BoardRows, Section, Summary
from handover.domain.enums import GlanceMode, Urgency
from handover.domain.names import initials


@dataclass(frozen=True)
class GlanceLine:
    """One young person at a glance. Names here are already as they may be shown (initials or in full)."""

    young_person_id: int
    shown_name: str
    """Initials ("CQ") or first name and surname, by the mode."""
    open: int
    """How many of their ruptures are open."""
    longest: timedelta | None
    """How long the oldest of them has waited (None: nothing open)."""
    urgency: Urgency | None
    """The most pressing urgency among them (None: nothing open)."""
    owners: tuple[str, ...]
    """Who owns their repairs, each once, the owner of the most pressing first; as they may be shown."""
    unowned: int
    """How many of their open ruptures nobody owns."""
    pattern: bool = False
    """A relationship of theirs is worth talking about (patterns over weeks); shown by a symbol only."""

    @property
    def quiet(self) -> bool:
        return self.open == 0


@dataclass(frozen=True)
class Glance:
    """The whole glance at one moment."""

    mode: GlanceMode
    at: datetime
    lines: tuple[GlanceLine, ...]
    """One per young person, most pressing first (none in `off` mode)."""
    summary: Summary
    """How many ruptures are open, overdue and unowned, as the board's summary counts them."""


def shown(name: str, mode: GlanceMode) -> str:
    """A person's name as the glance may show it: initials ("Casey Quinn" -> "CQ") unless `names` mode."""
    return " ".join(name.split()) if mode is GlanceMode.NAMES else initials(name)


def _owners(section: Section, mode: GlanceMode) -> tuple[str, ...]:
    """Each owner once, the owner of the most pressing (then longest waiting) rupture first."""
    ranked = sorted(
        (row for row in section.lines if row.owner is not None),
        key=lambda row: (-row.urgency.rank, -row.waited.total_seconds()),
    )
    found: dict[str, None] = {}
    for row in ranked:
        assert row.owner is not None
        found.setdefault(shown(row.owner, mode), None)
    return tuple(found)


def _line(section: Section, mode: GlanceMode, patterns: frozenset[int]) -> GlanceLine:
    rows = section.lines
    person = section.young_person
    return GlanceLine(
        young_person_id=person.id,
        shown_name=shown(person.name, mode),
        open=len(rows),
        longest=section.oldest,
        urgency=section.worst,
        owners=_owners(section, mode),
        unowned=sum(row.rupture.owner_id is None for row in rows),
        pattern=person.id in patterns,
    )


def _order(section: Section) -> tuple[int, int, float, str, int]:
    """Most pressing first: something open before nothing, worse urgency first, then the longer wait."""
    worst = section.worst
    oldest = section.oldest
    return (
        0 if section.lines else 1,
        -(worst.rank if worst is not None else -1),
        -(oldest.total_seconds() if oldest is not None else 0.0),
        section.young_person.name.casefold(),
        section.young_person.id,
    )


def glance_of(rows: BoardRows, mode: GlanceMode, patterns: Iterable[int] = ()) -> Glance:
    """The glance at `rows.now`: every young person on the board, most pressing first. `patterns` are the
    young people (ids) with a relationship worth talking about; `off` gives no lines at all."""
    if mode is GlanceMode.OFF:
        return Glance(mode, rows.now, (), Summary(open=0, overdue=0, unowned=0))
    marked = frozenset(patterns)
    ordered = sorted(rows.sections, key=_order)
    return Glance(mode, rows.now, tuple(_line(section, mode, marked) for section in ordered), rows.summary())
