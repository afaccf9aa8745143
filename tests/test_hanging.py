"""widgets/hanging.py: a long list line wrapped to its width, continuation lines two cells past its own start."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from widgets.hanging import hanging


def test_a_line_that_fits_is_left_as_it_is() -> None:
    line = Text("  Sam Kell ⇥ leaving 22:00")
    assert hanging(line, 40) is line


def test_a_long_line_wraps_under_its_words_and_keeps_its_styles() -> None:
    line = Text.assemble("    ", ("#1 ", "dim"), ("Jordan Mills", "bold"), " · harsh tone · 2 d 3 h ▲ overdue · open")
    out = hanging(line, 30)
    lines = out.plain.split("\n")
    assert len(lines) > 1 and all(cell_len(one) <= 30 for one in lines)
    assert lines[0].startswith("    #1 Jordan Mills")
    assert all(one.startswith(" " * 6) and one[6] != " " for one in lines[1:])
    assert " ".join(one.strip() for one in lines) == line.plain.strip()  # every word, in order
    assert out.spans[:2] == line.spans[:2]  # the number dim, the name bold, where they were


def test_too_narrow_to_indent_is_left_to_the_list() -> None:
    line = Text("          a line indented a long way that cannot also hang")
    assert hanging(line, 20) is line
    assert hanging(line, 0) is line
