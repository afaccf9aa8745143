"""RuptureBoard: the board's table, showing one view of the board (`domain.views.BoardView`) by a keyed diff,
in columns sized to the width it has and to what it shows now.

The table is never cleared and refilled by a refresh: rows keep stable keys ("yp-3", "g-triage", "r-41"),
changed cells are updated in place, and the cursor is put back on the same row by key, so a refresh that
lands just before a key press can never make an action hit a different rupture. Cells come from the one cell
builder, `widgets/view_cells.py`, which keeps an unchanged rupture's cells between refreshes.

Columns: at every show and every resize, `widgets.column_plan.plan_columns` works out which columns fit and
how wide each is, from the table's width and the widest cells shown now, so the table never scrolls sideways
(from 80 columns) and a column narrows again once its wide cells have gone (DataTable's own widths only
grow). When the width changes which columns show (the kind and the adults involved drop out on narrow
screens), the columns and rows are laid out again, the cursor kept on its row by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message

from handover.domain.names import NameMask
from handover.domain.views import BoardView
from widgets.cells import Cells
from widgets.column_plan import Planned, plan_columns
from widgets.datatable_internals import KeyedDataTable
from widgets.view_cells import COLUMN_RULES, COLUMNS, Measured, RowCells, measure, needs, view_table

#: Each column's heading, by key. Handed to DataTable as Text (`_heading`), never as a string.
_HEADINGS = dict(COLUMNS)


def _heading(key: str) -> Text:
    """A column's heading, as Text: DataTable reads a heading given as a string as Rich markup, and loads
    Rich's emoji table to do so (2 ms of the board's start). A new Text each time: DataTable keeps it."""
    return Text(_HEADINGS[key])


#: Each column's place in a row's cells, by key.
_INDEX = {key: index for index, (key, _) in enumerate(COLUMNS)}


class RuptureBoard(KeyedDataTable[object]):
    """The board's table. Feed it with `show_view(view, tz)`; it works out the smallest change."""

    DEFAULT_CSS = """
    RuptureBoard {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("home", "scroll_top", "First line", show=False),
        Binding("end", "scroll_bottom", "Last line", show=False),
    ]
    """Home and End go to the first and last line, as the help says. DataTable's own Home and End scroll
    sideways in a table with a row cursor, which the board never needs (it fits its columns to the width)."""

    @dataclass
    class RuptureLeft(Message):
        """The rupture under the cursor left the board (repaired or ended elsewhere); the cursor moved to its
        heading instead of silently landing on another rupture."""

        rupture_id: int
        young_person: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._cells: dict[str, Cells] = {}
        """Row key -> every cell of the row (in `COLUMNS` order), in display order, from the last show."""
        self._measured: dict[str, tuple[Cells, Measured]] = {}
        """Row key -> the cells last measured for it and their widths (measured again only when they change)."""
        self._owner_of: dict[str, str] = {}
        """A rupture row's key -> its heading row's key, from the last show."""
        self._row_cells = RowCells()
        """Rupture rows' cells kept between shows, so an unchanged row is neither rebuilt nor compared."""
        self._plan: tuple[Planned, ...] = ()
        """The columns shown and their widths."""
        self.name_mask: NameMask | None = None
        """Initials only: when set, every cell shown goes through it ("Jordan Mills" -> "JM"); the board screen
        sets it (None shows names in full). Takes effect at the next show."""

    def on_mount(self) -> None:
        # Every column to begin with (the headings show while the first snapshot loads); the first show plans.
        for key, _ in COLUMNS:
            self.add_column(_heading(key), key=key)
        self._plan = tuple(Planned(key, len(label)) for key, label in COLUMNS)

    def on_resize(self, event: events.Resize) -> None:
        """Lay the columns out again for the new width, at once."""
        if self._cells:
            self._apply(self._cells, self._owner_of)

    @property
    def selected_key(self) -> str | None:
        """The row key under the cursor ("r-12", "yp-3"), or None on an empty board."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    @property
    def selected_rupture_id(self) -> int | None:
        key = self.selected_key
        return int(key[2:]) if key and key.startswith("r-") else None

    @property
    def shown_columns(self) -> dict[str, int]:
        """The columns shown now, by key, with their widths (padding not included)."""
        return {p.key: p.width for p in self._plan}

    def row_texts(self, key: str) -> dict[str, str]:
        """Every cell of row `key` as plain text, by column key, the columns the width leaves out included."""
        return {column: cell.plain for (column, _), cell in zip(COLUMNS, self._cells[key], strict=True)}

    def show_view(self, view: BoardView, tz: tzinfo) -> None:
        """Make the table show `view` (times in `tz`), touching only what changed."""
        table = view_table(view, tz, self._row_cells, self.name_mask)
        self._apply(table.rows, table.heads)

    def select_row(self, key: str) -> bool:
        """Put the cursor on row `key` (scrolled into sight); False when no such row is shown."""
        if key not in self._cells:
            return False
        self.move_cursor(row=self.get_row_index(key), animate=False, scroll=True)
        return True

    # -- the columns --------------------------------------------------------------------------------------
    def _available_width(self, rows: int) -> int:
        """The width the columns may use: the table's, less its vertical scrollbar when the rows (and the
        heading row) are more than its height."""
        width = self.size.width or self.app.size.width
        height = self.size.height or self.app.size.height
        if rows + (self.header_height if self.show_header else 0) > height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _planned(self, wanted: dict[str, Cells]) -> tuple[Planned, ...]:
        measured: dict[str, tuple[Cells, Measured]] = {}
        for key, cells in wanted.items():
            found = self._measured.get(key)
            if found is None or found[0] is not cells:
                found = (cells, measure(cells))
            measured[key] = found
        self._measured = measured
        return plan_columns(
            self._available_width(len(wanted)),
            COLUMN_RULES,
            needs(sizes for _, sizes in measured.values()),
            padding=self.cell_padding,
        )

    def _relay(self, plan: tuple[Planned, ...], wanted: dict[str, Cells]) -> None:
        """Lay the table out again with `plan`'s columns and every row of `wanted` (used when the width changes
        which columns show: DataTable can only add a column at the end)."""
        self.clear(columns=True)
        for column in plan:
            self.add_column(_heading(column.key), width=column.width, key=column.key)
        for key, cells in wanted.items():
            self.add_row(*_project(cells, plan), key=key)

    # -- the rows ---------------------------------------------------------------------------------------
    def _apply(self, wanted: dict[str, Cells], owner_of: dict[str, str]) -> None:
        """Make the table show exactly these rows, in this order, in columns that fit. `wanted` maps each row
        key to its cells; `owner_of` maps a rupture row's key to its heading row's key (where the cursor goes
        if it leaves)."""
        before = self.selected_key
        plan = self._planned(wanted)
        with self.app.batch_update():
            if [p.key for p in plan] != [p.key for p in self._plan]:
                top = self.scroll_y
                self._relay(plan, wanted)
                self.scroll_to(y=top, animate=False, immediate=True)
                if before is not None and before in wanted:
                    self.move_cursor(row=self.get_row_index(before), animate=False, scroll=False)
            else:
                self._diff(plan, wanted)
                self.set_column_widths({p.key: p.width for p in plan})
            self._plan = plan
            self._cells = wanted
            previous_owner = self._owner_of.get(before) if before else None
            self._owner_of = owner_of
            self._restore_cursor(before, previous_owner)

    def _diff(self, plan: tuple[Planned, ...], wanted: dict[str, Cells]) -> None:
        gone = [key for key in self._cells if key not in wanted]
        if gone:
            self.remove_rows(gone)
        added = False
        for key, cells in wanted.items():
            old = self._cells.get(key)
            if old is None:
                self.add_row(*_project(cells, plan), key=key)
                added = True
            elif old is not cells:
                self._update_row(plan, key, cells, old)
        # The table's rows are in `self._cells`' order (each diff or relay leaves them so): with none added or
        # gone and the same order of keys (a plain list compare), there is nothing to reorder, and the reorder's
        # checks over every row key (Python-level hashes and compares, on 1,000 rows) are passed over.
        keys = list(wanted)
        if gone or added or keys != list(self._cells):
            self.order_rows(keys)

    def _update_row(self, plan: tuple[Planned, ...], key: str, cells: Cells, old: Cells) -> None:
        """Update the shown cells that changed. Widths are the plan's, so no column is measured again."""
        for column in plan:
            index = _INDEX[column.key]
            new_cell, old_cell = cells[index], old[index]
            if new_cell is not old_cell and new_cell != old_cell:
                self.update_cell(key, column.key, new_cell)

    def _restore_cursor(self, before: str | None, heading_of_before: str | None) -> None:
        """Keep the cursor on its row; if its rupture left, put it on that rupture's heading and say so."""
        if before is None or before in self._cells:
            return  # still there: the removal and the reorder kept the cursor on it
        if before.startswith("r-") and heading_of_before:
            head = self._cells.get(heading_of_before)
            name = head[0].plain if head else ""
            self.post_message(self.RuptureLeft(int(before[2:]), name))
        if heading_of_before is not None and heading_of_before in self._cells:
            self.move_cursor(row=self.get_row_index(heading_of_before), animate=False)


def _project(cells: Cells, plan: tuple[Planned, ...]) -> Cells:
    """The cells of `plan`'s columns, in its order."""
    return tuple(cells[_INDEX[column.key]] for column in plan)
