"""The board's six views as table rows: each rupture with the marks the views add, under heading rows.

Marks, each a word as well as a colour (so they read in monochrome too):
- the owner's shift: "⇥ leaving 21:00" when their shift ends within the hour, "(off)" when it has ended or
  they are not marked on (short: the owner column is narrow; headings and the handover screen say "off shift");
- "⧗ not accepted" on a repair given to someone who has not accepted it yet;
- "lapsed" after the status when the plan's or next try's "by when" has passed;
- "reg 35 ▲ overdue" (or "◆ due soon", "due") after the status of a restraint with a clock not yet ticked.

View 1 keeps the board's sections (one heading row per young person, `yp-<id>`); the other views list
ruptures under one or more heading rows (`g-...`), with the young person's name on every row. Rupture rows
are keyed `r-<id>` in every view, so the cursor stays on its rupture when the view changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from rich.text import Text

from handover.domain import reg35, views
from handover.domain.enums import Status
from handover.domain.models import BoardSnapshot
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.views import View, ViewRow
from widgets.cells import Cells, owner_cell, section_cells, shorten, urgency_cell, waited_cell

#: How a reg 35 clock not yet ticked looks, by its state.
CLOCK_LOOK: dict[ClockState, tuple[str, str]] = {
    ClockState.OVERDUE: ("▲ overdue", "bold red"),
    ClockState.DUE_SOON: ("◆ due soon", "bold yellow"),
    ClockState.DUE: ("due", ""),
}

#: Marks' styles: leaving and lapsed warn; "not yet accepted" stands apart from urgency's colours.
LEAVING_STYLE = "bold yellow"
LAPSED_STYLE = "bold yellow"
AWAITING_STYLE = "bold cyan"
AWAITING_MARK = "⧗ not accepted"


def owner_view_cell(row: ViewRow, tz: tzinfo) -> Text:
    """The owner, with where they stand against their shift and whether they have accepted the repair."""
    if row.owner is None:
        return owner_cell(None)
    text = Text(row.owner)
    if row.owner_shift is ShiftState.LEAVING:
        ends = f" {row.owner_shift_ends.astimezone(tz):%H:%M}" if row.owner_shift_ends else ""
        text.append(f" ⇥ leaving{ends}", style=LEAVING_STYLE)
    elif row.owner_shift is ShiftState.OFF:
        text.append(" (off)", style="dim")
    if row.awaiting_acceptance:
        text.append(f" {AWAITING_MARK}", style=AWAITING_STYLE)
    return text


def clock_mark(row: ViewRow, now: datetime) -> tuple[str, str] | None:
    """'reg 35 ▲ overdue' (the most pressing clock not yet ticked) and its style; None when none is due."""
    due = reg35.outstanding(row.rupture, now)
    if not due:
        return None
    worst = max(due, key=lambda c: c.state.rank)
    words, style = CLOCK_LOOK[worst.state]
    return f"reg 35 {words}", style


def status_view_cell(row: ViewRow, now: datetime) -> Text:
    """The status, then "lapsed" and the reg 35 clocks when they apply: "planned · lapsed · reg 35 due"."""
    status = row.rupture.status
    text = Text()
    text.append(status.label, style="italic" if status is Status.OPEN else "")
    if row.lapsed:
        text.append(" · ")
        text.append("lapsed", style=LAPSED_STYLE)
    mark = clock_mark(row, now)
    if mark is not None:
        text.append(" · ")
        text.append(mark[0], style=mark[1])
    return text


def view_row_cells(row: ViewRow, now: datetime, tz: tzinfo, flat: bool, name_width: int = 0) -> Cells:
    """A rupture's row. Under a young person's heading (view 1) it starts with its number; in the other views
    with the young person's name (padded to `name_width`, so the numbers line up), so each row says who it is
    about."""
    r = row.rupture
    if flat:
        first = Text.assemble((row.young_person.ljust(name_width), "bold"), (f"  #{r.id}", "dim"))
    else:
        first = Text(f"  #{r.id}", "dim")
    return (
        first,
        waited_cell(row.waited, row.urgency),
        urgency_cell(row.urgency),
        Text(r.kind.label),
        Text(row.adults),
        owner_view_cell(row, tz),
        status_view_cell(row, now),
        Text(shorten(row.first_line)),
    )


class CellCache:
    """Rupture rows' cells from the last render. A row whose inputs are unchanged (everything its cells are
    built from, the waited time as it shows) keeps the very same cells: nothing is rebuilt, and the table's
    diff passes it over at once. Call `done()` after each render to drop ruptures no longer shown."""

    def __init__(self) -> None:
        self._rows: dict[tuple[int, bool], tuple[tuple[object, ...], Cells]] = {}
        self._used: dict[tuple[int, bool], tuple[tuple[object, ...], Cells]] = {}

    def cells(self, row: ViewRow, now: datetime, tz: tzinfo, flat: bool, name_width: int = 0) -> Cells:
        r = row.rupture
        inputs = (
            r,
            row.young_person,
            row.adults,
            row.owner,
            format_waited(row.waited),
            row.urgency,
            row.owner_shift,
            row.owner_shift_ends,
            row.lapsed,
            clock_mark(row, now),
            name_width,
        )
        key = (r.id, flat)
        found = self._rows.get(key)
        if found is None or found[0] != inputs:
            found = (inputs, view_row_cells(row, now, tz, flat, name_width))
        self._used[key] = found
        return found[1]

    def done(self) -> None:
        self._rows, self._used = self._used, {}


def heading_cells(label: str | Text, count: int, empty: str = "") -> Cells:
    """A heading row: its label, how many ruptures are under it, or (with none) what that means."""
    title = label if isinstance(label, Text) else Text(label)
    if not count:
        title.stylize("dim")
        return (title, Text(""), Text(""), Text("none", "dim"), Text(""), Text(""), Text(""), Text(empty, "dim"))
    title.stylize("bold")
    blank = [Text("")] * 4
    return (title, Text(""), Text(""), Text(f"{count} open", "bold"), *blank)


@dataclass
class ViewTable:
    """A view as the table shows it."""

    rows: dict[str, Cells] = field(default_factory=dict)
    """Row key -> cells, in display order (headings and ruptures)."""
    heads: dict[str, str] = field(default_factory=dict)
    """A rupture row's key -> its heading row's key."""
    shown: int = 0
    """Ruptures shown (after the filter)."""
    total: int = 0
    """Ruptures in the view before the filter."""
    name_width: int = 0
    """The longest young person's name in the view, so the numbers after the names line up."""
    cache: CellCache = field(default_factory=CellCache)
    """Where rupture rows' cells are kept between renders."""

    def group(
        self, key: str, label: str | Text, rows: Sequence[ViewRow], now: datetime, tz: tzinfo, empty: str
    ) -> None:
        """A heading row, then `rows` under it (each with the young person's name)."""
        self.rows[key] = heading_cells(label, len(rows), empty)
        for row in rows:
            row_key = f"r-{row.rupture.id}"
            self.rows[row_key] = self.cache.cells(row, now, tz, flat=True, name_width=self.name_width)
            self.heads[row_key] = key
        self.shown += len(rows)


#: Heading and what an empty list means, for the views with one heading.
_SINGLE: dict[View, tuple[str, str]] = {
    View.TRIAGE: ("Triage order", "nothing open"),
    View.OVERDUE: ("Overdue", "nothing is overdue"),
    View.UNOWNED: ("Unowned", "every repair has an owner"),
}


def build_view(
    view: View,
    snapshot: BoardSnapshot,
    now: datetime,
    tz: tzinfo,
    actor_id: int | None = None,
    query: str = "",
    cache: CellCache | None = None,
) -> ViewTable:
    """The rows of `view`, filtered by `query` (every word must appear: see `views.matches_text`). Pass the
    same `cache` every time to keep unchanged rows' cells (it is told `done()` at the end)."""
    table = ViewTable(cache=cache or CellCache())
    _fill(table, view, snapshot, now, tz, actor_id, query)
    table.cache.done()
    return table


def _fill(
    table: ViewTable,
    view: View,
    snapshot: BoardSnapshot,
    now: datetime,
    tz: tzinfo,
    actor_id: int | None,
    query: str,
) -> None:
    if view is View.BY_YOUNG_PERSON:
        found = views.by_young_person(snapshot, now)
        table.total = sum(len(s.lines) for s in found)
        for section in views.filter_sections(found, query):
            head = f"yp-{section.young_person.id}"
            table.rows[head] = section_cells(section)
            for line in section.lines:
                key = f"r-{line.rupture.id}"
                table.rows[key] = table.cache.cells(line, now, tz, flat=False)  # type: ignore[arg-type]
                table.heads[key] = head
            table.shown += len(section.lines)
        if query.strip() and not table.shown:
            table.group("g-no-match", "No match", [], now, tz, _empty("", query))
        return

    everything = views.view_rows(view, snapshot, now, actor_id)
    table.total = len(everything)
    rows = views.filter_text(everything, query)
    table.name_width = max((len(row.young_person) for row in rows), default=0)
    if view in _SINGLE:
        label, empty = _SINGLE[view]
        table.group(f"g-{view.value}", label, rows, now, tz, _empty(empty, query))
    elif view is View.MINE:
        if actor_id is None:
            table.group("g-mine", "Yours", [], now, tz, "nobody is signed in at this keyboard: press w")
            return
        given = [r for r in rows if r.awaiting_acceptance]
        if given:
            table.group("g-accept", Text("Given to you: c accepts"), given, now, tz, "")
        table.group(
            "g-mine",
            "Yours",
            [r for r in rows if not r.awaiting_acceptance],
            now,
            tz,
            _empty("you own no open repair", query),
        )
    else:  # View.LEAVING: one heading per owner, by name
        by_owner: dict[int, list[ViewRow]] = {}
        for row in rows:
            by_owner.setdefault(row.rupture.owner_id or 0, []).append(row)
        if not by_owner:
            table.group(
                "g-leaving",
                "Owner leaving or off shift",
                [],
                now,
                tz,
                _empty("every owner is on shift for more than an hour", query),
            )
        for owner_id, owned in by_owner.items():
            table.group(f"g-owner-{owner_id}", _owner_heading(owned[0], tz), owned, now, tz, "")


def _owner_heading(row: ViewRow, tz: tzinfo) -> Text:
    text = Text(row.owner or "")
    if row.owner_shift is ShiftState.LEAVING and row.owner_shift_ends is not None:
        text.append(f" ⇥ leaving {row.owner_shift_ends.astimezone(tz):%H:%M}")
    else:
        text.append(" · off shift")
    return text


def _empty(what: str, query: str) -> str:
    return f"nothing matches the filter '{query.strip()}'" if query.strip() else what


def awaiting(snapshot: BoardSnapshot, now: datetime) -> list[tuple[int, str]]:
    """Repairs given to someone who has not accepted them yet: (rupture number, owner), by owner's name."""
    return [(row.rupture.id, row.owner or "") for row in views.awaiting_acceptance(snapshot, now)]
