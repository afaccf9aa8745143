"""The board table draws a one-line row's cells itself (`KeyedDataTable._draw_cell`, in
widgets/datatable_internals.py), without the layers DataTable draws them through: every cell must come out
exactly as DataTable's own `_render_cell` draws it, segment for segment and style for style (the mouse's row
and column included), whatever the cell holds, however wide, with any padding, under the cursor or the mouse.
Generated cells cover what the board's cells are made of (styled Text, spans, right-justified times, ellipsis
overflow, wide and zero-width characters) and more."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from widgets.datatable_internals import KeyedDataTable

CHARACTERS = list("ab cdXYZ-#.:") + ["⚠", "↻", "⇥", "◆", "…", "漢", "字", "😀", "é", "\u0301", "\u200b", "  "]
STYLES = ["", "bold", "dim", "bold yellow", "bold reverse magenta", "italic", "on red", "underline #ff8800"]
BASE_STYLES = [Style(), Style.parse("on #202020"), Style(bold=True, color="white", bgcolor="blue")]


@st.composite
def cells(draw: st.DrawFn) -> Text | str:
    plain = "".join(draw(st.lists(st.sampled_from(CHARACTERS), max_size=30)))
    if draw(st.booleans()) and "[" not in plain:
        return plain  # DataTable turns a string into Text itself
    text = Text(
        plain,
        style=draw(st.sampled_from(STYLES)),
        justify=draw(st.sampled_from([None, "default", "left", "right", "center", "full"])),
        overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis", "ignore"])),
        no_wrap=draw(st.sampled_from([None, True, False])),
        end=draw(st.sampled_from(["\n", ""])),
    )
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(plain)))
        text.stylize(draw(st.sampled_from(STYLES[1:])), start, draw(st.integers(start, len(plain) + 2)))
    return text


class OneCell(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedDataTable(cursor_type="cell")

    def on_mount(self) -> None:
        table = self.query_one(KeyedDataTable)
        table.add_column("What", key="what")
        table.add_column("Other", key="other")
        table.add_row("first", "x", key="first")
        table.add_row("second", "y", key="second")


async def test_a_cell_is_drawn_as_datatable_draws_it() -> None:
    app = OneCell()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        table: KeyedDataTable[Any] = app.query_one(KeyedDataTable)

        @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(
            cell=cells(),
            width=st.integers(1, 34),
            padding=st.integers(0, 2),
            row=st.integers(0, 1),
            column=st.integers(0, 1),
            base=st.sampled_from(BASE_STYLES),
            cursor=st.booleans(),
            hover=st.booleans(),
        )
        def same(
            cell: Text | str, width: int, padding: int, row: int, column: int, base: Style, cursor: bool, hover: bool
        ) -> None:
            table.cell_padding = padding
            table.update_cell_at(Coordinate(row, column), cell)
            table._drawn.clear()
            table._clear_caches()
            ours = table._render_cell(row, column, base, width, cursor, hover)
            table._clear_caches()
            theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
            assert ours == theirs

        same()
