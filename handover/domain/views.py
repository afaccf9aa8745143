"""The board's views: which rows each one shows, in which order, under which headings. Pure.

Views (each a list in a defined order, see docs/HANDOVER.md):
  1 by young person  one section per young person, most pressing first (`young_person_key`: overdue first,
                     then the longest wait; nobody-open last), or alphabetical when the home's `board_order`
                     says so; each young person's ruptures longest waiting first
  2 triage           the triage rule (`triage_key`): urgency, then who needs to act (unowned, lapsed, no
                     step yet, a step in hand), then severity, then longest waited, then number
  3 mine             owned by the person looking, in triage order
  4 overdue          past the home's overdue threshold, in triage order
  5 leaving          owned by someone whose shift ends within the hour or who is off shift, by owner's name,
                     then triage order
  6 unowned          nobody owns the repair, in triage order
plus `awaiting_acceptance` (by owner's name, then triage order) and `filter_text` over any of them.

Every view picks from the rows `domain.board.board_rows` built once for the snapshot (`BoardRows`), and
`build_view` lays a view out as the board table shows it: headings (`Group`) with rows under them. The table
widget only turns that into cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from typing import TypeVar

from handover.domain.board import UNOWNED_LABEL, BoardRows, Section, ViewRow, lapsed, oldest, worst
from handover.domain.enums import BoardOrder, Severity, Urgency
from handover.domain.models import YoungPerson
from handover.domain.shifts import ShiftState

__all__ = [
    "Attention",
    "BoardView",
    "Group",
    "View",
    "ViewRow",
    "awaiting_acceptance",
    "build_view",
    "attention",
    "by_owner_key",
    "by_young_person",
    "filter_sections",
    "filter_text",
    "lapsed",
    "leaving",
    "matches_text",
    "mine",
    "ordered_sections",
    "overdue",
    "triage",
    "triage_key",
    "unowned",
    "view_rows",
    "young_person_key",
]

R = TypeVar("R", bound=ViewRow)

SEVERITY_RANK = {Severity.MINOR: 0, Severity.SIGNIFICANT: 1, Severity.SERIOUS: 2}
_URGENCY_RANK = {u: u.rank for u in Urgency}


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


class Attention(IntEnum):
    """Within one urgency, how much a repair needs someone to act on it now: lowest first in triage."""

    UNOWNED = 0
    """Nobody owns the repair: nobody will start it."""
    LAPSED = 1
    """The plan's or next try's "by when" has passed: what was promised has not happened."""
    NO_STEP = 2
    """Owned, with no next step: nothing planned yet, or handed on since (a new owner has no plan yet)."""
    STEP_IN_HAND = 3
    """Owned, with a plan, a next try or an accepting note whose "by when" (if any) has not passed."""


def attention(row: ViewRow) -> Attention:
    """Where `row` stands among `Attention`'s steps."""
    r = row.rupture
    if r.owner_id is None:
        return Attention.UNOWNED
    if row.lapsed:
        return Attention.LAPSED
    if r.next_step is None:  # never planned, or handed on (the old owner's plan is not the new owner's)
        return Attention.NO_STEP
    return Attention.STEP_IN_HAND


#: A triage sort key: see `triage_key`.
TriageKey = tuple[int, Attention, int, datetime, int]


def triage_key(row: ViewRow) -> TriageKey:
    """The triage rule (view 2, and the order inside views 3 to 6), each step breaking the ties of the one
    before:

    1. urgency: overdue, then due soon, then fresh;
    2. who needs to act (`Attention`): unowned, then a lapsed plan or next try, then owned with nothing planned
       yet, then a plan or next try still in hand;
    3. severity: serious, then significant, then minor;
    4. waited: the longest wait first;
    5. the rupture's number, so the order never depends on how the rows arrived.

    So a fresh rupture never ranks above one due soon, however serious or planned it is; among ruptures
    equally due, the one nobody owns comes first."""
    r = row.rupture
    return (-_URGENCY_RANK[row.urgency], attention(row), -SEVERITY_RANK[r.severity], r.occurred_at, r.id)


def by_owner_key(row: ViewRow) -> tuple[str, int, TriageKey]:
    """By owner's name (then id, for two people of one name), then triage order."""
    return ((row.owner or "").casefold(), row.rupture.owner_id or 0, triage_key(row))


def young_person_key(section: Section) -> tuple[int, int, timedelta, str, int]:
    """View 1's default order of young people: whoever has an open rupture before whoever has none; among
    them, by their most pressing open rupture (overdue first, then due soon), then by their longest wait;
    then by name (and id, for two people of one name). Nobody-open lines stay in alphabetical order, last."""
    person = section.young_person
    worst_now = section.worst
    if worst_now is None:
        return (1, 0, timedelta(0), person.name.casefold(), person.id)
    longest = section.oldest or timedelta(0)
    return (0, -_URGENCY_RANK[worst_now], -longest, person.name.casefold(), person.id)


def ordered_sections(board: BoardRows) -> list[Section]:
    """The board's sections in view 1's order, as the home's `board_order` setting says: most pressing first
    (`young_person_key`), or alphabetical (as `board_rows` keeps them)."""
    if board.snapshot.settings.board_order is BoardOrder.ALPHABETICAL:
        return list(board.sections)
    return sorted(board.sections, key=young_person_key)


# -- the views --------------------------------------------------------------------------------------------


def by_young_person(board: BoardRows) -> list[Section]:
    """View 1: the board's sections, in the home's chosen order (`ordered_sections`)."""
    return ordered_sections(board)


def triage(board: BoardRows) -> list[ViewRow]:
    """View 2: every open rupture, by the triage rule (`triage_key`)."""
    return sorted(board.rows, key=triage_key)


def mine(board: BoardRows, actor_id: int | None) -> list[ViewRow]:
    """View 3: the repairs the person looking owns, in triage order (none when nobody is signed in)."""
    if actor_id is None:
        return []
    return sorted((row for row in board.rows if row.rupture.owner_id == actor_id), key=triage_key)


def overdue(board: BoardRows) -> list[ViewRow]:
    """View 4: past the home's overdue threshold, in triage order."""
    return sorted((row for row in board.rows if row.urgency is Urgency.OVERDUE), key=triage_key)


def leaving(board: BoardRows) -> list[ViewRow]:
    """View 5: owned by someone leaving within the hour or off shift, grouped by owner (by name), triage order."""
    return sorted((row for row in board.rows if row.owner_leaving), key=by_owner_key)


def unowned(board: BoardRows) -> list[ViewRow]:
    """View 6: nobody owns the repair, in triage order."""
    return sorted((row for row in board.rows if row.rupture.owner_id is None), key=triage_key)


def awaiting_acceptance(board: BoardRows) -> list[ViewRow]:
    """Reassigned repairs the new owner has not yet accepted, by owner's name, then triage order."""
    return sorted((row for row in board.rows if row.awaiting_acceptance), key=by_owner_key)


def view_rows(view: View, board: BoardRows, actor_id: int | None = None, query: str = "") -> list[ViewRow]:
    """The rows of any view, filtered by `query` (see `filter_text`). View 1 comes flattened."""
    if view is View.BY_YOUNG_PERSON:
        rows = [row for section in ordered_sections(board) for row in section.lines]
    elif view is View.TRIAGE:
        rows = triage(board)
    elif view is View.MINE:
        rows = mine(board, actor_id)
    elif view is View.OVERDUE:
        rows = overdue(board)
    elif view is View.LEAVING:
        rows = leaving(board)
    else:
        rows = unowned(board)
    return filter_text(rows, query)


# -- the text filter ----------------------------------------------------------------------------------------


def _haystack(row: ViewRow) -> str:
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
    if row.lapsed:
        parts.append("lapsed")
    return "\n".join(parts).casefold()


def matches_text(row: ViewRow, query: str) -> bool:
    """True when every word of `query` appears (any case) in the row's names (young person, adults, owner),
    kind, severity, status or what happened; "unowned", "awaiting acceptance", "lapsed" and "#12" work too."""
    words = query.casefold().split()
    if not words:
        return True
    haystack = _haystack(row)
    return all(word in haystack for word in words)


def filter_text(rows: Iterable[R], query: str) -> list[R]:
    """The rows matching `query` (see `matches_text`), order kept. An empty query keeps every row."""
    if not query.split():
        return list(rows)
    return [row for row in rows if matches_text(row, query)]


def filter_sections(found: Sequence[Section], query: str) -> list[Section]:
    """View 1 filtered: each section keeps its matching lines; with a query, sections left empty go."""
    if not query.split():
        return list(found)
    kept = [Section(s.young_person, tuple(filter_text(s.lines, query)), s.pattern) for s in found]
    return [s for s in kept if s.lines]


# -- a view laid out as the board shows it ------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A heading row and the rupture rows under it."""

    key: str
    """The heading's row key: "yp-<id>" for a young person's section (view 1), "g-..." otherwise."""
    title: str
    """The young person's name, the owner's name, or what the list is ("Overdue")."""
    rows: tuple[ViewRow, ...]
    empty: str = ""
    """What an empty group means ("nothing is overdue"), shown in place of rows."""
    young_person: YoungPerson | None = None
    """View 1: whose section this is."""
    pattern: bool = False
    """View 1: a relationship of theirs is worth a conversation in supervision (`Section.pattern`)."""
    owner_shift: ShiftState | None = None
    """View 5: the owner's shift state (the heading says "leaving 22:00" or "off shift")."""
    owner_shift_ends: datetime | None = None

    @property
    def oldest(self) -> timedelta | None:
        return oldest(self.rows)

    @property
    def worst(self) -> Urgency | None:
        return worst(self.rows)


@dataclass(frozen=True)
class BoardView:
    """One view of the board at one moment: its groups in display order, and how many rows it shows."""

    view: View
    groups: tuple[Group, ...]
    shown: int
    """Ruptures shown (after the filter)."""
    total: int
    """Ruptures in the view before the filter."""
    query: str = ""

    @property
    def flat(self) -> bool:
        """Rows are not under their young person's heading, so each row names the young person."""
        return self.view is not View.BY_YOUNG_PERSON

    @property
    def rows(self) -> list[ViewRow]:
        """Every rupture row shown, in display order."""
        return [row for group in self.groups for row in group.rows]


#: Heading and what an empty list means, for the views with one heading.
_SINGLE: dict[View, tuple[str, str]] = {
    View.TRIAGE: ("Triage order", "nothing open"),
    View.OVERDUE: ("Overdue", "nothing is overdue"),
    View.UNOWNED: ("Unowned", "every repair has an owner"),
}


def build_view(view: View, board: BoardRows, actor_id: int | None = None, query: str = "") -> BoardView:
    """`view` of the board's rows, filtered by `query` (every word must appear: see `matches_text`), laid
    out in headings and rows."""
    if view is View.BY_YOUNG_PERSON:
        found = filter_sections(ordered_sections(board), query)
        groups = [
            Group(
                f"yp-{s.young_person.id}", s.young_person.name, s.lines, young_person=s.young_person, pattern=s.pattern
            )
            for s in found
        ]
        shown = sum(len(s.lines) for s in found)
        if query.strip() and not shown:
            groups = [Group("g-no-match", "No match", (), _empty("", query))]
        return BoardView(view, tuple(groups), shown, len(board.rows), query)

    everything = view_rows(view, board, actor_id)
    rows = filter_text(everything, query)
    return BoardView(view, tuple(_groups(view, rows, actor_id, query)), len(rows), len(everything), query)


def _groups(view: View, rows: list[ViewRow], actor_id: int | None, query: str) -> list[Group]:
    if view in _SINGLE:
        title, empty = _SINGLE[view]
        return [Group(f"g-{view.value}", title, tuple(rows), _empty(empty, query))]
    if view is View.MINE:
        if actor_id is None:
            return [Group("g-mine", "Yours", (), "nobody is signed in at this keyboard: press w")]
        given = tuple(r for r in rows if r.awaiting_acceptance)
        kept = tuple(r for r in rows if not r.awaiting_acceptance)
        yours = Group("g-mine", "Yours", kept, _empty("you own no open repair", query))
        return [Group("g-accept", "Yours to accept (c)", given), yours] if given else [yours]
    # View.LEAVING: one heading per owner, by name
    by_owner: dict[int, list[ViewRow]] = {}
    for row in rows:
        by_owner.setdefault(row.rupture.owner_id or 0, []).append(row)
    if not by_owner:
        empty = _empty("every owner is on shift for more than an hour", query)
        return [Group("g-leaving", "Owner leaving or off shift", (), empty)]
    return [
        Group(
            f"g-owner-{owner_id}",
            owned[0].owner or "",
            tuple(owned),
            owner_shift=owned[0].owner_shift,
            owner_shift_ends=owned[0].owner_shift_ends,
        )
        for owner_id, owned in by_owner.items()
    ]


def _empty(what: str, query: str) -> str:
    return f"nothing matches the filter '{query.strip()}'" if query.strip() else what
