"""RuptureBoard: the board's table, showing one view of the board (`domain.views.BoardView`) by a keyed diff.

The table is never cleared and refilled: rows keep stable keys ("yp-3", "g-triage", "r-41"), changed cells
are updated in place, and the cursor is put back on the same row by key, so a refresh that lands just before
a key press can never make an action hit a different rupture. Cells come from the one cell builder,
`widgets/view_cells.py`, which keeps an unchanged rupture's cells between refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from textual.message import Message
from textual.widgets.data_table import ColumnKey

from handover.domain.names import NameMask
from handover.domain.views import BoardView
from widgets.cells import Cells
from widgets.datatable_internals import KeyedDataTable
from widgets.view_cells import COLUMNS, RowCells, view_table


class RuptureBoard(KeyedDataTable[object]):
    """The board's table. Feed it with `show_view(view, tz)`; it works out the smallest change."""

    DEFAULT_CSS = """
    RuptureBoard {
        height: 1fr;
    }
    """

    @dataclass
    class RuptureLeft(Message):
        """The rupture under the cursor left the board (repaired or ended elsewhere); the cursor moved to its
        heading instead of silently landing on another rupture."""

        rupture_id: int
        young_person: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._cells: dict[str, Cells] = {}
        """Row key -> the cells shown, in display order, from the last show."""
        self._owner_of: dict[str, str] = {}
        """A rupture row's key -> its heading row's key, from the last show."""
        self._row_cells = RowCells()
        """Rupture rows' cells kept between shows, so an unchanged row is neither rebuilt nor compared."""
        self.name_mask: NameMask | None = None
        """Initials only: when set, every cell shown goes through it ("Jordan Mills" -> "JM"); the board screen
        sets it (None shows names in full). Takes effect at the next show."""

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(label, key=key)

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

    def show_view(self, view: BoardView, tz: tzinfo) -> None:
        """Make the table show `view` (times in `tz`), touching only what changed."""
        table = view_table(view, tz, self._row_cells, self.name_mask)
        self._apply(table.rows, table.heads)

    def _apply(self, wanted: dict[str, Cells], owner_of: dict[str, str]) -> None:
        """Make the table show exactly these rows, in this order. `wanted` maps each row key to its cells;
        `owner_of` maps a rupture row's key to its heading row's key (where the cursor goes if it leaves)."""
        before = self.selected_key
        with self.app.batch_update():
            gone = [key for key in self._cells if key not in wanted]
            if gone:
                self.remove_rows(gone)
            for key, cells in wanted.items():
                old = self._cells.get(key)
                if old is None:
                    self.add_row(*cells, key=key)
                elif old is not cells:
                    self._update_row(key, cells, old)
            self.order_rows(list(wanted))
            self._cells = wanted
            previous_owner = self._owner_of.get(before) if before else None
            self._owner_of = owner_of
            self._restore_cursor(before, previous_owner)

    def _update_row(self, key: str, cells: Cells, old: Cells) -> None:
        """Update the cells that changed. A column is widened when a new cell is wider than it, and otherwise
        left as it is: asking DataTable to fit the width (`update_width=True`) re-measures every cell of the
        column whenever the new cell is narrower, a whole column per changed cell in the next repaint. A
        column that could now be narrower stays wide until its widest cell changes again."""
        for (column, _), new_cell, old_cell in zip(COLUMNS, cells, old, strict=True):
            if new_cell is not old_cell and new_cell != old_cell:
                wider = new_cell.cell_len > self.columns[ColumnKey(column)].content_width
                self.update_cell(key, column, new_cell, update_width=wider)

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
