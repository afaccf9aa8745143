"""The board's one cell builder: a view of the board (`domain.views.BoardView`) as table rows, each rupture
with the marks the views add, under heading rows.

Marks, each a word as well as a colour (so they read in monochrome too):
- the owner's shift: "⇥ leaving 21:00" when their shift ends within the hour, "(off)" when it has ended or
  they are not marked on (short: the owner column is narrow; headings and the handover screen say "off shift");
- "⧗ not accepted" on a repair given to someone who has not accepted it yet;
- "lapsed" after the status when the plan's or next try's "by when" has passed;
- "reg 35 ▲ overdue" (or "◆ due soon", "due") after the status of a restraint with a clock not yet ticked.

View 1 keeps the board's sections (one heading row per young person, `yp-<id>`); the other views list
ruptures under one or more heading rows (`g-...`), with the young person's name on every row. Rupture rows
are keyed `r-<id>` in every view, so the cursor stays on its rupture when the view changes.

A rupture row's cells are kept between renders (`RowCells`), keyed by the rupture's id and version and by
everything else its cells show that can change without a new version: the names, the waited time as it
reads, the urgency, the owner's shift, a lapsed next step, the worst reg 35 clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from rich.text import Text

from handover.domain.board import ViewRow
from handover.domain.enums import Status
from handover.domain.names import NameMask
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.views import BoardView, Group
from widgets.cells import Cells, owner_cell, shorten, urgency_cell, waited_cell
from widgets.initials import masked_cells

#: The board's columns in the order they are shown: (key, heading). The adults involved come last: on an
#: office screen of ~150 columns the first line of what happened matters more at a glance, and the owner
#: (who acts next) is shown already. Every builder here makes its cells in this order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("who", "Young person"),
    ("waited", "Waited"),
    ("urgency", "Urgency"),
    ("kind", "Kind"),
    ("owner", "Owner"),
    ("status", "Status"),
    ("what", "What happened"),
    ("adults", "Adults involved"),
)

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


def clock_mark(row: ViewRow) -> tuple[str, str] | None:
    """'reg 35 ▲ overdue' (the most pressing clock not yet ticked) and its style; None when none is due."""
    worst = row.worst_clock
    if worst is None:
        return None
    words, style = CLOCK_LOOK[worst.state]
    return f"reg 35 {words}", style


def status_view_cell(row: ViewRow) -> Text:
    """The status, then "lapsed" and the reg 35 clocks when they apply: "planned · lapsed · reg 35 due"."""
    status = row.rupture.status
    text = Text()
    text.append(status.label, style="italic" if status is Status.OPEN else "")
    if row.lapsed:
        text.append(" · ")
        text.append("lapsed", style=LAPSED_STYLE)
    mark = clock_mark(row)
    if mark is not None:
        text.append(" · ")
        text.append(mark[0], style=mark[1])
    return text


def row_cells(row: ViewRow, tz: tzinfo, flat: bool, name_width: int = 0, waited: str | None = None) -> Cells:
    """A rupture's row. Under a young person's heading (view 1) it starts with its number; in the other views
    with the young person's name (padded to `name_width`, so the numbers line up), so each row says who it is
    about. `waited` is the waited time in words, when the caller has it already."""
    r = row.rupture
    if flat:
        first = Text.assemble((row.young_person.ljust(name_width), "bold"), (f"  #{r.id}", "dim"))
    else:
        first = Text(f"  #{r.id}", "dim")
    return (
        first,
        waited_cell(row.waited, row.urgency, waited),
        urgency_cell(row.urgency),
        Text(r.kind.label),
        owner_view_cell(row, tz),
        status_view_cell(row),
        Text(shorten(row.first_line)),
        Text(row.adults),
    )


def heading_cells(group: Group, tz: tzinfo) -> Cells:
    """A heading row: a young person's section (with their longest wait and worst urgency), an owner leaving
    or off shift, or a list's name; how many ruptures are under it, or (with none) what that means."""
    blank = Text("")
    if group.young_person is not None:  # view 1: a young person's section
        if not group.rows:
            quiet = "dim"
            return (Text(group.title, quiet), blank, blank, Text("nothing open", quiet), blank, blank, blank, blank)
        return (
            Text(group.title, "bold"),
            waited_cell(group.oldest, group.worst),
            urgency_cell(group.worst),
            Text(f"{len(group.rows)} open", "bold"),
            blank,
            blank,
            blank,
            blank,
        )
    title = Text(group.title)
    if group.key.startswith("g-owner-"):
        if group.owner_shift is ShiftState.LEAVING and group.owner_shift_ends is not None:
            title.append(f" ⇥ leaving {group.owner_shift_ends.astimezone(tz):%H:%M}")
        else:
            title.append(" · off shift")
    if not group.rows:
        title.stylize("dim")
        return (title, blank, blank, Text("none", "dim"), blank, blank, Text(group.empty, "dim"), blank)
    title.stylize("bold")
    return (title, blank, blank, Text(f"{len(group.rows)} open", "bold"), blank, blank, blank, blank)


#: What a cached row's cells were built from, beyond its id (see `RowCells.cells`).
_Inputs = tuple[object, ...]


class RowCells:
    """Rupture rows' cells from the last render. A row whose inputs are unchanged keeps the very same cells:
    nothing is rebuilt, and the table's diff passes it over at once (`old is new`). Call `begin()` before each
    render and `done()` after it, to drop ruptures no longer shown."""

    def __init__(self) -> None:
        self._rows: dict[tuple[int, bool], tuple[_Inputs, Cells]] = {}
        self._used: dict[tuple[int, bool], tuple[_Inputs, Cells]] = {}
        self._tz: tzinfo | None = None
        self._mask: NameMask | None = None

    def begin(self, tz: tzinfo, mask: NameMask | None) -> None:
        """Start a render in `tz`, names masked by `mask` (None: in full). Either changing rebuilds every row."""
        if tz is not self._tz or mask is not self._mask:
            self._rows, self._tz, self._mask = {}, tz, mask
        self._used = {}

    def cells(self, row: ViewRow, flat: bool, name_width: int = 0) -> Cells:
        r = row.rupture
        waited = format_waited(row.waited)
        worst = row.worst_clock
        # The rupture's own fields all move its version; names, time and shifts do not, so they are here too.
        inputs: _Inputs = (
            r.version,
            row.young_person,
            row.adults,
            row.owner,
            waited,
            row.urgency,
            row.owner_shift,
            row.owner_shift_ends,
            row.lapsed,
            worst.state if worst is not None else None,
            name_width,
        )
        key = (r.id, flat)
        found = self._rows.get(key)
        if found is None or found[0] != inputs:
            assert self._tz is not None, "call begin() first"
            built = row_cells(row, self._tz, flat, name_width, waited)
            found = (inputs, masked_cells(built, self._mask) if self._mask is not None else built)
        self._used[key] = found
        return found[1]

    def done(self) -> None:
        self._rows, self._used = self._used, {}


@dataclass
class ViewTable:
    """A view as the table shows it."""

    rows: dict[str, Cells] = field(default_factory=dict)
    """Row key -> cells, in display order (headings and ruptures)."""
    heads: dict[str, str] = field(default_factory=dict)
    """A rupture row's key -> its heading row's key."""


def view_table(view: BoardView, tz: tzinfo, cache: RowCells, mask: NameMask | None = None) -> ViewTable:
    """Every heading and rupture row of `view`, as cells, names masked by `mask` (None: in full). Pass the same
    `cache` every time to keep unchanged rows' cells."""
    table = ViewTable()
    flat = view.flat
    name_width = max((len(row.young_person) for row in view.rows), default=0) if flat else 0
    cache.begin(tz, mask)
    for group in view.groups:
        head = heading_cells(group, tz)
        table.rows[group.key] = masked_cells(head, mask) if mask is not None else head
        for row in group.rows:
            key = f"r-{row.rupture.id}"
            table.rows[key] = cache.cells(row, flat, name_width)
            table.heads[key] = group.key
    cache.done()
    return table
