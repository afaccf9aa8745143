"""RuptureBoard: every open rupture grouped by young person, refreshed by a keyed diff.

The table is never cleared and refilled: rows keep stable keys ("yp-3", "r-41"), changed cells are updated in
place, and the cursor is put back on the same row by key, so a refresh that lands just before a key press can
never make an action hit a different rupture.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual._two_way_dict import TwoWayDict
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, ColumnKey, RowDoesNotExist, RowKey

from handover.domain.board import Section
from handover.domain.names import NameMask
from widgets.cells import Cells, rupture_cells, rupture_inputs, section_cells
from widgets.initials import masked_cells

#: The order cell builders produce a row's cells in (widgets/cells.py, widgets/view_cells.py).
BUILT_ORDER: tuple[str, ...] = ("who", "waited", "urgency", "kind", "adults", "owner", "status", "what")

#: The order columns are shown in. The adults involved come last: on an office screen of ~150 columns the
#: first line of what happened matters more at a glance, and the owner (who acts next) is shown already.
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

_SHOWN_FROM_BUILT = tuple(BUILT_ORDER.index(key) for key, _ in COLUMNS)


def arrange(cells: Cells) -> Cells:
    """Put cells built in BUILT_ORDER into the order the columns are shown in."""
    return tuple(cells[i] for i in _SHOWN_FROM_BUILT)


def section_key(young_person_id: int) -> str:
    return f"yp-{young_person_id}"


def rupture_key(rupture_id: int) -> str:
    return f"r-{rupture_id}"


class RuptureBoard(DataTable[object]):
    """The board's table. Feed it with `show(sections)`; it works out the smallest change."""

    DEFAULT_CSS = """
    RuptureBoard {
        height: 1fr;
    }
    """

    @dataclass
    class RuptureLeft(Message):
        """The rupture under the cursor left the board (repaired or ended elsewhere); the cursor moved to its
        young person's header instead of silently landing on another rupture."""

        rupture_id: int
        young_person: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._cells: dict[str, Cells] = {}
        self._owner_of: dict[str, str] = {}
        self._line_cells: dict[int, tuple[tuple[object, ...], Cells]] = {}
        """Rupture id -> what its cells were built from (`rupture_inputs`) and the cells, from the last show():
        a rupture whose inputs are unchanged keeps the very same cells, so nothing is rebuilt or compared."""
        self.name_mask: NameMask | None = None
        """Initials only: when set, every cell shown goes through it first ("Jordan Mills" -> "JM"); the
        board screen sets it (None shows names in full). Takes effect at the next show."""

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

    def show(self, sections: list[Section]) -> None:
        """Make the table show `sections`, touching only what changed."""
        wanted: dict[str, Cells] = {}
        owner_of: dict[str, str] = {}
        built, kept = self._line_cells, {}
        for section in sections:
            head = section_key(section.young_person.id)
            wanted[head] = section_cells(section)
            for line in section.lines:
                rupture_id = line.rupture.id
                inputs = rupture_inputs(line)
                previous = built.get(rupture_id)
                cells = previous[1] if previous is not None and previous[0] == inputs else rupture_cells(line)
                kept[rupture_id] = (inputs, cells)
                key = rupture_key(rupture_id)
                wanted[key] = cells
                owner_of[key] = head
        self._line_cells = kept
        self.show_cells(wanted, owner_of)

    def show_cells(self, wanted: dict[str, Cells], owner_of: dict[str, str]) -> None:
        """Make the table show exactly these rows, in this order, touching only what changed. `wanted` maps
        each row key to its cells; `owner_of` maps a rupture row's key to its heading row's key (where the
        cursor goes if that rupture leaves). For views whose rows and cells are built elsewhere."""
        if self.name_mask is not None:
            wanted = {key: masked_cells(cells, self.name_mask) for key, cells in wanted.items()}
        wanted = {key: arrange(cells) for key, cells in wanted.items()}
        before = self.selected_key
        with self.app.batch_update():
            gone = [key for key in self._cells if key not in wanted]
            if gone:
                self._remove_rows(gone)
            for key, cells in wanted.items():
                old = self._cells.get(key)
                if old is None:
                    self.add_row(*cells, key=key)
                elif old is not cells and old != cells:
                    self._update_row(key, cells, old)
            self._reorder(list(wanted))
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

    def _remove_rows(self, keys: list[str]) -> None:
        """Remove rows in one pass. DataTable.remove_row renumbers every row and repaints the cursor's and the
        mouse's cells for each row removed, O(rows) each; here the row locations are rebuilt once, the way
        `_reorder` (and DataTable.sort) sets them, keeping the remaining rows in their order."""
        for key in keys:
            row_key = RowKey(key)
            for column_key in self._data[row_key]:
                self._updated_cells.discard(CellKey(row_key, column_key))
            del self.rows[row_key]
            del self._data[row_key]
        locations = self._row_locations  # indices 0..n-1, as DataTable keeps them
        in_order = (locations.get_key(index) for index in range(len(locations)))
        remaining = [row_key for row_key in in_order if row_key is not None and row_key in self.rows]
        self._row_locations = TwoWayDict({row_key: index for index, row_key in enumerate(remaining)})
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate  # kept inside the table (validate clamps it)
        self._update_count += 1
        self.refresh(layout=True)
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # Textual 8 widens columns here without invalidating its row render cache, so a row drawn before the
        # widths settled (the cursor row, drawn at once) could keep stale, clipped cells: "nothing open"
        # showed as "noth". Bumping the update count makes every cached row render again, once per resize.
        super()._update_dimensions(new_rows)
        self._update_count += 1

    def _reorder(self, keys: list[str]) -> None:
        """Put rows in the given order. DataTable can only append or sort by cell values, and the order here
        is by key (sections then ruptures), so set the row locations directly, as DataTable.sort does."""
        current = [row.key.value for row in self.ordered_rows]
        if current == keys:
            return
        self._row_locations = TwoWayDict({RowKey(key): index for index, key in enumerate(keys)})
        self._update_count += 1
        self.refresh()

    def _restore_cursor(self, before: str | None, section_of_before: str | None) -> None:
        if before is None:
            return
        target = before if before in self._cells else section_of_before
        if before not in self._cells and before.startswith("r-") and section_of_before:
            head = self._cells.get(section_of_before)
            name = head[0].plain if head else ""
            self.post_message(self.RuptureLeft(int(before[2:]), name))
        if target is None or target not in self._cells:
            return
        try:
            index = self.get_row_index(target)
        except RowDoesNotExist:
            return
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)
