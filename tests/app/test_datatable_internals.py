"""The Textual internals `widgets/datatable_internals.py` relies on, checked on a real DataTable, and the
behaviour built on them. When one of these fails after a Textual upgrade, the message says what changed and
where the code that depends on it lives: fix that module (and only that module) before anything else."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import textual
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from widgets.datatable_internals import PRIVATE_ATTRIBUTES, PRIVATE_METHODS, KeyedDataTable

WHERE = "widgets/datatable_internals.py relies on it; see that module's docstring"


def changed(what: str) -> str:
    return f"Textual {textual.__version__} changed {what}: {WHERE}."


class Tables(App[None]):
    """A plain DataTable and a KeyedDataTable, one above the other, each with two columns and rows a..f."""

    CSS = "DataTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield DataTable(id="plain", cursor_type="row")
        yield KeyedDataTable(id="keyed", cursor_type="row")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_column("Who", key="who")
            table.add_column("Kind", key="kind")
            for key in "abcdef":
                table.add_row(f"row {key}", "none", key=key)


def order(table: DataTable[object]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


def shown(table: DataTable[object]) -> list[str]:
    """The rows as drawn, header first."""
    return [strip.text.rstrip() for strip in table.render_lines(Region(0, 0, *table.size))[: table.row_count + 1]]


async def test_the_private_attributes_are_there_with_their_types() -> None:
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#plain", DataTable)
        for name, kind in PRIVATE_ATTRIBUTES.items():
            assert hasattr(table, name), changed(f"DataTable.{name} (it is gone)")
            value = getattr(table, name)
            assert isinstance(value, kind), changed(f"DataTable.{name} (now {type(value).__name__}, not {kind})")
        for name, parameters in PRIVATE_METHODS.items():
            method = getattr(DataTable, name, None)
            assert callable(method), changed(f"DataTable.{name} (it is gone)")
            assert tuple(inspect.signature(method).parameters) == parameters, changed(
                f"DataTable.{name}'s parameters (now {inspect.signature(method)})"
            )

        # What the module reads and writes: row key <-> index both ways, cells by row key, pending cells.
        locations = table._row_locations
        keys = [locations.get_key(index) for index in range(len(locations))]
        assert keys == [RowKey(k) for k in "abcdef"], changed("what DataTable._row_locations holds")
        assert locations.get(RowKey("c")) == 2 and RowKey("c") in locations, changed("TwoWayDict.get")
        assert set(table._data) == set(table.rows), changed("DataTable._data (no longer cells by row key)")
        assert set(table._data[RowKey("a")]) == set(table.columns), changed("DataTable._data's rows")


async def test_remove_rows_in_one_pass_keeps_order_lookups_and_the_cursor_on_its_key() -> None:
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#keyed", KeyedDataTable)
        table.move_cursor(row=3, animate=False)  # on d

        table.remove_rows(["a", "c", "f", "not-there"])  # the first, a middle and the last
        await pilot.pause()
        assert order(table) == ["b", "d", "e"] and table.row_count == 3
        assert [table.get_row_index(key) for key in "bde"] == [0, 1, 2]
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == RowKey("d")
        assert shown(table)[1:] == [" row b  none", " row d  none", " row e  none"]

        # The table still works through its public API afterwards.
        table.add_row("row g", "new", key="g")
        table.update_cell("b", "kind", "changed")
        await pilot.pause()
        assert order(table) == ["b", "d", "e", "g"]
        assert table.get_cell("b", "kind") == "changed" and table.get_row_index("g") == 3

        table.remove_rows(["d", "e", "g"])  # the cursor's row too: the cursor stays inside the table
        await pilot.pause()
        assert order(table) == ["b"] and table.cursor_row == 0


async def test_order_rows_by_key_keeps_the_cursor_on_its_key() -> None:
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#keyed", KeyedDataTable)
        table.move_cursor(row=1, animate=False)  # on b

        table.order_rows(["f", "e", "d", "c", "b", "a"])
        await pilot.pause()
        assert order(table) == list("fedcba")
        assert [table.get_row_index(key) for key in "fedcba"] == list(range(6))
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == RowKey("b")
        assert shown(table)[1] == " row f  none"
        with pytest.raises(ValueError, match="every row's key"):
            table.order_rows(["a", "b"])


async def test_a_cell_drawn_before_its_column_widens_is_drawn_again() -> None:
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        for table in app.query(DataTable):
            table.update_cell("a", "kind", "nothing open", update_width=True)
            table.render_lines(Region(0, 0, *table.size))  # the cursor row, drawn at once, before the widths settle
        await pilot.pause()
        assert shown(app.query_one("#keyed", KeyedDataTable))[1] == " row a  nothing open"
        # The Textual bug the `_update_dimensions` override works around. When this fails, Textual has fixed
        # it: the override in widgets/datatable_internals.py can go.
        assert shown(app.query_one("#plain", DataTable))[1] == " row a  noth", (
            f"Textual {textual.__version__} now redraws a cell whose column widened: the _update_dimensions "
            "override in widgets/datatable_internals.py is no longer needed."
        )


async def test_set_column_widths_fixes_widths_and_redraws_rows_drawn_before() -> None:
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#keyed", KeyedDataTable)
        table.update_cell("a", "kind", "nothing open", update_width=True)
        await pilot.pause()
        assert shown(table)[1] == " row a  nothing open"  # drawn, and so kept in DataTable's render caches

        # Narrower than its cells: the column is cut to the width given, at once, and no longer grows.
        assert table.set_column_widths({"who": 5, "kind": 4})
        assert shown(table)[:2] == [" Who    Kind", " row a  noth"], changed("DataTable's render caches' key")
        await pilot.pause()
        assert shown(table)[:2] == [" Who    Kind", " row a  noth"], changed("how a fixed column width is drawn")
        assert table.virtual_size.width == (5 + 2) + (4 + 2), changed("the virtual width of fixed columns")
        table.update_cell("b", "kind", "a very long cell indeed", update_width=True)
        await pilot.pause()
        assert table.columns[next(k for k in table.columns if k.value == "kind")].width == 4
        assert shown(table)[2] == " row b  a ve"

        # The same widths again change nothing; wider ones show the cells in full.
        assert not table.set_column_widths({"who": 5, "kind": 4})
        assert table.set_column_widths({"kind": 24})
        await pilot.pause()
        assert shown(table)[1:3] == [" row a  nothing open", " row b  a very long cell indeed"]


async def test_fixed_widths_measure_no_cell_and_give_the_size_datatable_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    import textual.widgets._data_table as data_table  # noqa: TID251 - the internals that module relies on, checked

    measured: list[object] = []
    real = data_table.measure

    def counted(*args: Any) -> int:
        measured.append(args)
        return real(*args)

    monkeypatch.setattr(data_table, "measure", counted)
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        plain, keyed = app.query_one("#plain", DataTable), app.query_one("#keyed", KeyedDataTable)
        assert measured, changed("how DataTable measures cells (`measure` in textual.widgets._data_table)")
        for table in (plain, keyed):  # the same fixed widths for both, DataTable's way and this module's
            for column in table.columns.values():
                column.auto_width, column.width = False, 9
        keyed.set_column_widths({"who": 9, "kind": 9})
        for table in (plain, keyed):
            for key in "ghij":
                table.add_row(f"row {key}", "a cell wider than its column", key=key)
        measured.clear()
        await pilot.pause()
        assert keyed.virtual_size == plain.virtual_size == (2 * (9 + 2), 1 + 10), changed("DataTable's virtual size")
        assert len(measured) == 4 * 2  # the plain table's four new rows, each cell; none of the keyed one's
        assert shown(keyed)[7:9] == [" row g      a cell wi", " row h      a cell wi"]

        # A column that grows with its cells is measured as DataTable measures it.
        keyed.add_column("Note", key="note")
        keyed.add_row("row k", "x", "a longer note", key="k")
        await pilot.pause()
        assert keyed.columns[next(k for k in keyed.columns if k.value == "note")].content_width == len("a longer note")


class Counted(App[None]):
    CSS = "DataTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield KeyedDataTable(id="keyed", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(KeyedDataTable)
        table.add_column("Who", key="who", width=12)
        table.add_column("Kind", key="kind", width=12)
        for key in "abcdef":
            table.add_row(f"row {key}", "none", key=key)


async def test_one_changed_cell_is_the_only_cell_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[int, int]] = []
    draw = KeyedDataTable._draw_cell  # every cell of a row that is drawn, not taken from the cache, comes here

    def counted(self: KeyedDataTable[object], row_index: int, column_index: int, *args: Any) -> object:
        drawn.append((row_index, column_index))
        return draw(self, row_index, column_index, *args)

    monkeypatch.setattr(KeyedDataTable, "_draw_cell", counted)
    app = Counted()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(KeyedDataTable)
        assert shown(table)[1:3] == [" row a         none", " row b         none"]
        drawn.clear()
        # A cell changes (DataTable's update count moves, which would redraw every cell): only it is drawn.
        table.update_cell("c", "kind", "harsh tone")
        await pilot.pause()
        assert shown(table)[3] == " row c         harsh tone"
        assert drawn == [(2, 1)], "only the changed cell is drawn again"
        # The cursor moves: its old row and its new one are drawn again (their style changed), no others.
        drawn.clear()
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1
        assert sorted(drawn) == [(0, 0), (0, 1), (1, 0), (1, 1)]
        # Rows reordered: a row at a new index is drawn again (its cells carry their row for the mouse), and
        # every row still shows its own cells.
        table.order_rows(["b", "a", "c", "d", "e", "f"])
        await pilot.pause()
        assert [line.split()[1] for line in shown(table)[1:4]] == ["b", "a", "c"]
        assert shown(table)[3] == " row c         harsh tone"


async def test_a_cell_is_drawn_again_in_the_new_theme() -> None:
    app = Counted()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(KeyedDataTable)
        row = Region(0, 2, table.size.width, 1)  # row b: not the cursor's
        before = table.render_lines(row)[0]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = table.render_lines(row)[0]
        assert after.text == before.text
        assert [s.style for s in after] != [s.style for s in before], "the cell kept its old theme's colours"


async def test_one_changed_cell_redraws_only_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lines: list[int] = []
    draw = DataTable._render_line

    def counted(self: DataTable[object], y: int, *args: object) -> object:
        if 0 < y <= self.row_count:  # the rows' lines (not the header's, nor the blank ones below the rows)
            lines.append(y)
        return draw(self, y, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DataTable, "_render_line", counted)
    app = Counted()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(KeyedDataTable)
        assert shown(table)[1:3] == [" row a         none", " row b         none"]
        lines.clear()
        table.update_cell("c", "kind", "harsh tone")  # DataTable's update count moves: every line, before
        await pilot.pause()
        assert shown(table)[3] == " row c         harsh tone"
        assert sorted(set(lines)) == [3], "only row c's line is drawn again"
        # The cursor moves from a to b: those two lines are drawn again, in their new styles.
        lines.clear()
        before = table.render_lines(Region(0, 1, table.size.width, 2))
        await pilot.press("down")
        await pilot.pause()
        after = table.render_lines(Region(0, 1, table.size.width, 2))
        assert sorted(set(lines)) == [1, 2]
        assert [s.text for s in after] == [s.text for s in before]
        assert [s.style for s in after[0]] != [s.style for s in before[0]], "row a kept the cursor's colours"
        # The table loses focus: the cursor's line is drawn in its unfocused style.
        cursor_line = Region(0, 2, table.size.width, 1)
        focused = table.render_lines(cursor_line)[0]
        table.blur()
        await pilot.pause()
        assert [s.style for s in table.render_lines(cursor_line)[0]] != [s.style for s in focused]


async def test_rows_in_order_follow_every_add_removal_and_reorder() -> None:
    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table = app.query_one("#keyed", KeyedDataTable)
        first = table.ordered_rows
        assert table.ordered_rows is first, "the same rows in the same order: the list is kept"
        table.update_cell("a", "kind", "changed")
        assert table.ordered_rows is first, "a changed cell does not rebuild the order"
        table.add_row("row g", "new", key="g")
        assert order(table) == list("abcdefg")
        table.remove_row("b")  # DataTable's own removal
        assert order(table) == list("acdefg")
        table.remove_rows(["c"])
        table.order_rows(["g", "f", "e", "d", "a"])
        assert order(table) == list("gfeda")
        table.sort("who")
        assert order(table) == list("adefg")
        table.clear()
        assert order(table) == []
        table.add_row("row z", "new", key="z")
        assert order(table) == ["z"]
        await pilot.pause()
        assert shown(table)[1] == " row z  new"
