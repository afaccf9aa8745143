"""The one place that reaches into Textual's DataTable internals: a DataTable that removes many rows in one
pass, puts rows in an order given by key, sets its columns' widths, and redraws rows whose column widths
changed.

DataTable's public API can only append rows, remove them one at a time, or sort by cell values. The board
needs its rows in an order given by key (sections, then ruptures), and a refresh that removes several rows
at once; `DataTable.remove_row` renumbers every row and repaints the cursor's and the mouse's cells for each
row removed, O(rows) per row. So this module uses, as `DataTable.sort` and `DataTable.remove_row` themselves
do:

- `textual._two_way_dict.TwoWayDict`: the type of `_row_locations`, which must be replaced whole;
- `DataTable._row_locations`: row key <-> row index. Setting it is how `sort` reorders rows;
- `DataTable._data`: each row's cells by row key; a removed row's cells must go from it too;
- `DataTable._updated_cells`: cells waiting for their column widths to be re-measured; a removed row's
  cells are dropped from it, as `remove_row` does, so they cannot widen a column after they have gone;
- `DataTable._require_update_dimensions`: asks for the virtual size to be worked out again on idle;
- `DataTable._update_count`: the key of DataTable's render caches; bumping it redraws every cached row.
  `set_column_widths` needs it: a column's `width` and `auto_width` are public (`Column`, in the public
  `columns`), but DataTable keeps each cell and row drawn at the old width until the key moves, and
  DataTable's own column width changes (`add_column`, `remove_column`, a resize) all move it;
- `DataTable._update_dimensions`: overridden to bump `_update_count` after it has widened columns
  (Textual 8 widens them without invalidating its row render cache, so a row drawn before the widths
  settled, such as the cursor row drawn at once, kept stale, clipped cells: "nothing open" showed as "noth");
  and, when every column has a fixed width and no row has a label or an automatic height (the board's,
  once its columns are planned), to set only the virtual size, as DataTable's ends by doing
  (`_total_row_height`, the rows' heights summed), without measuring every new row's every cell for a
  content width no fixed column uses (2.7 ms of the board's start at 40 open, 6 cells a row);
- `DataTable._render_cell`: wrapped by a second cache of drawn cells (`_drawn`) that outlives
  `_update_count`. DataTable keys its own cell cache on that count, which every `add_row`, `update_cell`
  and reorder bumps, so one changed cell re-rendered every visible cell (on a board of 1,000 open, most of
  a refresh's repaint). The cache is keyed on what the drawing depends on: the cell's own renderable (by
  identity, held in the entry so the identity cannot be reused; the board never changes a cell it has
  handed over, it hands over a new one), the row and column, the row's index (the drawn segments carry it
  as mouse metadata), the width, the row's height, the padding, and the styles DataTable draws it with
  (`base_style`, and the cursor and hover styles from `_get_styles_to_render_cell`, which follow the
  theme, the focus and the cursor). A miss is drawn by `_draw_cell`: a cell of a one-line row the way
  DataTable draws it, without the layers it draws it through (`Styled(Padding(cell))`, their generators and
  a second crop: 45 µs a cell, not 62, on the board's first frame), from the cell's formatted renderable
  (`DataTable._get_row_renderables`); any other cell through DataTable's own `_render_cell`.
  `tests/app/test_datatable_cells.py` checks the two draw every kind of cell alike, segment for segment;
- `DataTable._column_locations`, `_show_hover_cursor` and `_get_styles_to_render_cell`: read by that key;
- `DataTable._render_line`: wrapped by a cache of drawn lines (`_lines`) that outlives `_update_count` in the
  same way. DataTable keys its line cache on that count too, so after any change every visible line was
  joined, cropped and simplified again from its cells. The key is what a line's drawing depends on: the
  row and its index, the line within the row, the crop and the width, every cell's renderable by identity
  (held in the entry), each column's width, the row's height, the padding, the base style, the widget's
  pseudo-classes (`_pseudo_class_state`, focus and hover), the cursor type and whether the cursor and the
  hover are on this row (for a row cursor; the whole coordinates for any other), and whether they show.
  A theme or style change (`notify_style_update`) and every one of DataTable's own cache clears
  (`_clear_caches`: the header, labels, fixed rows and columns, zebra stripes, padding) empty it. Rows with
  a label, fixed columns and the header keep DataTable's own path; `_get_offsets` (line -> row and line in
  the row), `_labelled_row_exists` and `_row_locations` are read for the key;
- `DataTable.ordered_rows`: overridden to keep the list of rows in order while `_row_locations` is the same
  object with the same number of rows (DataTable only ever adds to it in place; every reorder and removal
  replaces it), not only while `_update_count` stands, so a refresh that changes cells builds it once,
  not once per change.

Nothing else in the project may import `textual._*` or touch these attributes (ruff's banned-api rule allows
this module only). `tests/app/test_datatable_internals.py` checks each of them on a real DataTable, and the
behaviour built on them, so an upgrade of Textual that changes them fails there, loudly, first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

from rich.segment import Segment
from rich.style import Style
from textual._two_way_dict import TwoWayDict
from textual.cache import LRUCache
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, CellType, ColumnKey, Row, RowKey

#: The style Padding gives its padding, and the style DataTable's cells are drawn inside it with ("none").
_UNSTYLED = Style.null()


def _layer(pre_style: Style, style: Style | None, post_style: Style) -> Style:
    """Styled's sandwich (`Segment.apply_style(segments, style=pre, post_style=post)`) for one segment."""
    combined = pre_style + style
    return combined + post_style if combined else post_style


#: How many drawn cells to keep: a 1,000-row board's every cell in its eight columns, with room to spare.
DRAWN_CELLS = 10_000

#: The private attributes used here, and the type each must have; the test checks them all.
PRIVATE_ATTRIBUTES: dict[str, type] = {
    "_row_locations": TwoWayDict,
    "_data": dict,
    "_updated_cells": set,
    "_require_update_dimensions": bool,
    "_update_count": int,
    "_column_locations": TwoWayDict,
    "_show_hover_cursor": bool,
    "_labelled_row_exists": bool,
    "_pseudo_class_state": tuple,
    "_total_row_height": int,
}

#: The private methods overridden or called here, with the parameters each must take.
PRIVATE_METHODS: dict[str, tuple[str, ...]] = {
    "_update_dimensions": ("self", "new_rows"),
    "_render_cell": ("self", "row_index", "column_index", "base_style", "width", "cursor", "hover"),
    "_render_line": ("self", "y", "x1", "x2", "base_style"),
    "_get_offsets": ("self", "y"),
    "_clear_caches": ("self",),
    "_get_row_renderables": ("self", "row_index"),
    "_get_styles_to_render_cell": (
        "self",
        "is_header_cell",
        "is_row_label_cell",
        "is_fixed_style_cell",
        "hover",
        "cursor",
        "show_cursor",
        "show_hover_cursor",
        "has_css_foreground_priority",
        "has_css_background_priority",
    ),
}

#: A drawn cell: its renderable (kept so that its identity, in the key, stays its own) and its lines.
_Drawn: TypeAlias = tuple[object, list[list[Segment]]]
#: A drawn line: its row's cells (kept so that their identities, in the key, stay their own) and the line.
_Line: TypeAlias = tuple[tuple[object, ...], Strip]
#: How many drawn lines to keep: a 1,000-row board's every line, with room for the cursor's.
DRAWN_LINES = 2_000


class KeyedDataTable(DataTable[CellType]):
    """A DataTable whose rows can be removed in one pass and put in an order given by key. Both keep the
    cursor on the row it was on (by key), when that row is still there. A cell is drawn again only when
    what it shows or how it is styled has changed (see the module docstring: `_render_cell`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Before DataTable's own set-up, which already clears caches and reads the rows in order.
        self._drawn: LRUCache[tuple[object, ...], _Drawn] = LRUCache(DRAWN_CELLS)
        self._lines: LRUCache[tuple[object, ...], _Line] = LRUCache(DRAWN_LINES)
        self._in_order: tuple[object, int, int, list[Row]] | None = None
        super().__init__(*args, **kwargs)

    def remove_rows(self, keys: Iterable[RowKey | str]) -> None:
        """Remove these rows (keys not in the table are passed over), renumbering the rest once, in order."""
        before = self._cursor_key()
        gone = 0
        for key in keys:
            row_key = key if isinstance(key, RowKey) else RowKey(key)
            if row_key not in self.rows:
                continue
            for column_key in self._data[row_key]:
                self._updated_cells.discard(CellKey(row_key, column_key))
            del self.rows[row_key]
            del self._data[row_key]
            gone += 1
        if not gone:
            return
        locations = self._row_locations  # indices 0..n-1, as DataTable keeps them
        in_order = (locations.get_key(index) for index in range(len(locations)))
        remaining = [row_key for row_key in in_order if row_key is not None and row_key in self.rows]
        self._row_locations = TwoWayDict({row_key: index for index, row_key in enumerate(remaining)})
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate  # kept inside the table (validate clamps it)
        self._update_count += 1
        self.refresh(layout=True)
        self.check_idle()
        self._keep_cursor_on(before)

    def order_rows(self, keys: Sequence[RowKey | str]) -> None:
        """Put the rows in this order: `keys` must name every row of the table, each once."""
        wanted = [key if isinstance(key, RowKey) else RowKey(key) for key in keys]
        if len(wanted) != len(self.rows) or set(wanted) != set(self.rows):
            raise ValueError("order_rows needs every row's key, each once")
        if [row.key for row in self.ordered_rows] == wanted:
            return
        before = self._cursor_key()
        self._row_locations = TwoWayDict({row_key: index for index, row_key in enumerate(wanted)})
        self._update_count += 1
        self.refresh()
        self._keep_cursor_on(before)

    def set_column_widths(self, widths: Mapping[str, int]) -> bool:
        """Give these columns (by key) these content widths, fixed: they no longer grow with their cells.
        Columns not named keep theirs. Returns whether any width changed (and the table is drawn again)."""
        changed = False
        for key, width in widths.items():
            column = self.columns[ColumnKey(key)]
            if column.auto_width or column.width != width:
                column.auto_width, column.width = False, width
                changed = True
        if changed:
            self._require_update_dimensions = True  # the virtual width follows on idle
            self._update_count += 1
            self.refresh(layout=True)
            self.check_idle()
        return changed

    def _cursor_key(self) -> RowKey | None:
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key

    def _keep_cursor_on(self, key: RowKey | None) -> None:
        if key is None or key not in self.rows:
            return
        index = self.get_row_index(key)
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # See the module docstring: redraw every cached row once the widths have settled; and when every column
        # has a width of its own, measure nothing.
        new_rows = list(new_rows)
        if self._widths_are_fixed(new_rows):
            header_height = self.header_height if self.show_header else 0
            width = sum(column.get_render_width(self) for column in self.columns.values())
            self.virtual_size = Size(width, self._total_row_height + header_height)
        else:
            super()._update_dimensions(new_rows)
        self._update_count += 1

    def _widths_are_fixed(self, new_rows: list[RowKey]) -> bool:
        """Whether DataTable's `_update_dimensions` would only measure cells for nothing: every column has a
        fixed width (a measured content width is used only by a column that grows with its cells), and no
        row has a label (whose column does grow) or a height to work out."""
        if self._labelled_row_exists or any(column.auto_width for column in self.columns.values()):
            return False
        rows = self.rows
        return all((row := rows.get(key)) is None or (row.label is None and not row.auto_height) for key in new_rows)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        # See the module docstring. The header and row labels are few and keep DataTable's own cache.
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cell = self._data[row_key].get(column_key)
        row = self.rows[row_key]
        styles = self._get_styles_to_render_cell(
            False,
            False,
            row_index < self.fixed_rows or column_index < self.fixed_columns,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        key: tuple[object, ...] = (row_key, column_key, row_index, id(cell), base_style, styles, width)
        key += (row.height, row.auto_height, self.cell_padding)
        drawn = self._drawn.get(key)
        if drawn is not None and drawn[0] is cell:
            return drawn[1]
        lines = self._draw_cell(row_index, column_index, base_style, width, cursor, hover, styles)
        self._drawn[key] = (cell, lines)
        return lines

    def _draw_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
        styles: tuple[Style, Style],
    ) -> list[list[Segment]]:
        """Draw a cell of a row (not the header's, not a label): DataTable's drawing, one-line rows directly."""
        row_key = self._row_locations.get_key(row_index)
        padding = self.cell_padding
        inner = width - 2 * padding
        if row_key is None or self.rows[row_key].height != 1 or inner < 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # See the module docstring. DataTable draws `Styled(Padding(cell, (0, padding)), pre, post)` at the
        # cell's width, one line high; Padding draws the cell at the width inside the padding with
        # `console.render_lines` (the same call is made here) and puts unstyled padding either side of it, and
        # Styled adds the pre-style under and the post-style over every segment.
        component_style, post_style = styles
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        cell = self._get_row_renderables(row_index)[1][column_index]
        options = self.app.console_options.update_dimensions(inner, 1).update(no_wrap=True)
        drawn = self.app.console.render_lines(cell, options, style=_UNSTYLED, pad=True)
        if len(drawn) != 1:  # never, one line high; if it ever is, DataTable's own drawing is the truth
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        side = [Segment(" " * padding, _UNSTYLED)] if padding else []
        return [
            [
                Segment(text, None if control else _layer(pre_style, style, post_style), control)
                for text, style, control in (*side, *drawn[0], *side)
            ]
        ]

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        # See the module docstring: a line is drawn again only when something it shows has changed.
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        cells = self._data.get(row_key)
        if cells is None or self._labelled_row_exists or self.fixed_columns:
            return super()._render_line(y, x1, x2, base_style)  # the header, labels, fixed columns: few
        row_index = self._row_locations.get(row_key)
        cursor_type = self.cursor_type
        cursor: object
        hover: object
        if cursor_type == "row":
            cursor, hover = self.cursor_coordinate.row == row_index, self.hover_coordinate.row == row_index
        else:
            cursor, hover = self.cursor_coordinate, self.hover_coordinate
        shown = tuple(cells.values())
        widths = tuple(column.get_render_width(self) for column in self.ordered_columns)
        key: tuple[object, ...] = (row_key, row_index, line_no, x1, x2, self.size.width, base_style, widths)
        key += (cursor_type, cursor, hover, self.show_cursor, self._show_hover_cursor, self._pseudo_class_state)
        key += (self.rows[row_key].height, self.cell_padding, tuple(map(id, shown)))
        found = self._lines.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], shown, strict=True)):
            return found[1]
        strip = super()._render_line(y, x1, x2, base_style)
        self._lines[key] = (shown, strip)
        return strip

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._lines.clear()
        self._in_order = None

    def notify_style_update(self) -> None:
        self._lines.clear()
        super().notify_style_update()

    @property
    def ordered_rows(self) -> list[Row]:
        # See the module docstring: kept while the row locations are the same object with the same rows.
        locations = self._row_locations
        found = self._in_order
        if found is not None and found[0] is locations and found[1] == len(locations) and found[2] == len(self.rows):
            return found[3]
        in_order = (locations.get_key(index) for index in range(len(locations)))
        rows = [self.rows[key] for key in in_order if key is not None]
        self._in_order = (locations, len(locations), len(self.rows), rows)
        return rows
