"""The board's one cell builder: a view of the board (`domain.views.BoardView`) as table rows, each rupture
with the marks the views add, under heading rows.

Marks, each a word as well as a colour (so they read in monochrome too):
- the owner's shift: "⇥ leaving 21:00" when their shift ends within the hour, "(off)" when it has ended or
  they are not marked on (short: the owner column is narrow; headings and the handover screen say "off shift");
- "⧗ not accepted" on a repair given to someone who has not accepted it yet;
- "lapsed" after the status when the plan's or next try's "by when" has passed;
- "reg 35 ▲ overdue" (or "◆ due soon", "due") after the status of a restraint with a clock not yet ticked.

View 1 keeps the board's sections (one heading row per young person, `yp-<id>`); the other views list
ruptures under one or more heading rows (`g-...`), with the rupture's number then the young person's name on
every row (the number first, so a narrow column still shows it). Rupture rows are keyed `r-<id>` in every
view, so the cursor stays on its rupture when the view changes. A heading says how many are open under it in
the owner column, beside its wait and urgency, whichever columns the width leaves out.

The table shows as many of the columns as fit (`COLUMN_RULES`, planned by `widgets.column_plan`): every cell
ends in "…" where its column is too narrow for it (`FIT`), and `needs` says what the cells need of each.

A rupture row's cells are kept between renders (`RowCells`), keyed by the rupture's id and version and by
everything else its cells show that can change without a new version: the names, the waited time as it
reads, the urgency, the owner's shift, a lapsed next step, the worst reg 35 clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo

from rich.console import OverflowMethod
from rich.text import Text

from handover.domain.board import PATTERN_MARK, ViewRow
from handover.domain.enums import Status
from handover.domain.names import HIDDEN_CELL, NameMask
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.views import BoardView, Group
from widgets.cells import Cells, owner_cell, urgency_cell, waited_cell
from widgets.column_plan import ColumnRule, Need
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

#: How each column may be sized (see `widgets.column_plan`). Number, waited and urgency always show in full,
#: and so does a young person's name (up to 22 characters); the owner keeps at least every first name; what
#: happened takes the width left. The adults involved, then
#: the kind, drop out as soon as the rest cannot be comfortable; the status only when even the floors do not
#: fit (below about 84 columns).
COLUMN_RULES: tuple[ColumnRule, ...] = (
    ColumnRule("who", floor=22),
    ColumnRule("waited"),
    ColumnRule("urgency"),
    ColumnRule("kind", drop=2, optional=True),
    ColumnRule("owner", floor=6, comfortable=24),
    ColumnRule("status", floor=9, comfortable=18, drop=3),
    ColumnRule("what", floor=20, comfortable=40, flex=True),
    ColumnRule("adults", floor=16, comfortable=24, drop=1, optional=True),
)

#: Where a cell is cut short by its column, it ends in an ellipsis, so the cut shows.
FIT: OverflowMethod = "ellipsis"

#: The owner column's place in a row's cells (its cells keep at least the owner's first name).
_OWNER = [key for key, _ in COLUMNS].index("owner")

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
#: How a young person's heading shows a relationship of theirs worth a conversation (`PATTERN_MARK`).
PATTERN_STYLE = "bold cyan"


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


def row_cells(
    row: ViewRow, tz: tzinfo, flat: bool, number_width: int = 0, waited: str | None = None, *, hide_text: bool = False
) -> Cells:
    """A rupture's row. Under a young person's heading (view 1) it starts with its number; in the other views
    with its number (padded to `number_width`, so the names line up) and the young person's name, so each row
    says who it is about. `waited` is the waited time in words, when the caller has it already. `hide_text`
    (initials only) shows "(hidden)" for what happened: a first line can say enough about a young person."""
    r = row.rupture
    if flat:
        first = Text.assemble((f"#{r.id}".ljust(number_width), "dim"), (row.young_person, "bold"))
    else:
        first = Text(f"  #{r.id}", "dim")
    return fitting(
        (
            first,
            waited_cell(row.waited, row.urgency, waited),
            urgency_cell(row.urgency),
            Text(r.kind.label),
            owner_view_cell(row, tz),
            status_view_cell(row),
            Text(HIDDEN_CELL if hide_text and row.first_line else row.first_line),
            Text(row.adults),
        )
    )


def fitting(cells: Cells) -> Cells:
    """`cells`, each set to end in "…" when its column is too narrow for it (they are new Texts, not shared)."""
    for cell in cells:
        cell.overflow = FIT
        cell.no_wrap = True
    return cells


def pattern_mark(group: Group) -> Text | None:
    """ "↻ pattern" on a young person's heading when a relationship of theirs is worth a conversation in
    supervision (patterns over weeks, s); None otherwise. It names no adult: the patterns screen shows who."""
    return Text(PATTERN_MARK, PATTERN_STYLE) if group.pattern else None


def heading_cells(group: Group, tz: tzinfo) -> Cells:
    """A heading row: a young person's section (with their longest wait and worst urgency), an owner leaving
    or off shift, or a list's name; how many ruptures are under it, or (with none) what that means."""
    if group.young_person is not None:  # view 1: a young person's section
        mark = pattern_mark(group)
        if not group.rows:
            quiet = "dim"
            return _heading(Text(group.title, quiet), owner=Text("nothing open", quiet), what=mark)
        return _heading(
            Text(group.title, "bold"),
            waited_cell(group.oldest, group.worst),
            urgency_cell(group.worst),
            owner=Text(f"{len(group.rows)} open", "bold"),
            what=mark,
        )
    title = Text(group.title)
    if not group.rows:
        title.stylize("dim")
        return _heading(title, owner=Text("none", "dim"), what=Text(group.empty, "dim"))
    title.stylize("bold")
    shift = None
    if group.key.startswith("g-owner-"):  # view 5: the owner's name, and where their shift stands
        if group.owner_shift is ShiftState.LEAVING and group.owner_shift_ends is not None:
            shift = Text(f"⇥ leaving {group.owner_shift_ends.astimezone(tz):%H:%M}", LEAVING_STYLE)
        else:
            shift = Text("off shift", "dim")
    return _heading(title, owner=Text(f"{len(group.rows)} open", "bold"), what=shift)


def _heading(
    title: Text, waited: Text | None = None, urgency: Text | None = None, *, owner: Text, what: Text | None = None
) -> Cells:
    """A heading row's cells: the count goes in the owner column, which every width shows, and anything more
    (what an empty heading means, an owner's shift) in the what-happened column."""
    return fitting(
        (title, waited or Text(""), urgency or Text(""), Text(""), owner, Text(""), what or Text(""), Text(""))
    )


#: A row's cells measured (`measure`): each cell's width in `COLUMNS` order, then how much of its owner cell
#: must show.
Measured = tuple[int, ...]


def measure(cells: Cells) -> Measured:
    """How wide each of a row's cells is, and how much of its owner cell must show (`first_name_width`)."""
    return (*(cell.cell_len for cell in cells), first_name_width(cells[_OWNER].plain))


def needs(measured: Iterable[Measured]) -> dict[str, Need]:
    """What the columns need to show rows measured by `measure`, and their headings: each column's widest
    cell, and for the owner column the widest first name, below which it may not be squeezed."""
    widest = [len(heading) for _, heading in COLUMNS]
    owner_floor = 0
    last = len(widest)
    for sizes in measured:
        for index in range(last):
            if sizes[index] > widest[index]:
                widest[index] = sizes[index]
        if sizes[last] > owner_floor:
            owner_floor = sizes[last]
    found = {key: Need(widest[index]) for index, (key, _) in enumerate(COLUMNS)}
    found["owner"] = Need(widest[_OWNER], owner_floor)
    return found


def first_name_width(owner: str) -> int:
    """How much of an owner cell must show: the first name ("Gareth" of "Gareth Fairclough (off)"), the
    whole of "⚠ unowned" (its symbol is not a name), or a heading's count ("2 open", "nothing open")."""
    if owner.endswith(" open") or owner in ("none", "nothing open"):
        return len(owner)
    words = owner.split(" ")
    if words[0] == "⚠":
        return len(" ".join(words[:2]))
    return len(words[0])


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

    def cells(self, row: ViewRow, flat: bool, number_width: int = 0) -> Cells:
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
            number_width,
        )
        key = (r.id, flat)
        found = self._rows.get(key)
        if found is None or found[0] != inputs:
            assert self._tz is not None, "call begin() first"
            built = row_cells(row, self._tz, flat, number_width, waited, hide_text=self._mask is not None)
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
    # In the flat views the number is padded to the widest one and two spaces, so the names line up.
    number_width = max((len(f"#{row.rupture.id}") for row in view.rows), default=0) + 2 if flat else 0
    cache.begin(tz, mask)
    for group in view.groups:
        head = heading_cells(group, tz)
        table.rows[group.key] = masked_cells(head, mask) if mask is not None else head
        for row in group.rows:
            key = f"r-{row.rupture.id}"
            table.rows[key] = cache.cells(row, flat, number_width)
            table.heads[key] = group.key
    cache.done()
    return table
