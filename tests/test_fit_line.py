"""`fit_parts`, the summary and view lines' layout, as a table of cases: whole parts in their fullest wording
that fits, a part no wording of which fits left out, and the right-hand part always there."""

from __future__ import annotations

import pytest
from rich.text import Text

from widgets.fit_line import Part, fit_parts

PARTS: list[Part] = [
    (Text("10 open"),),
    (Text("▲ 4 overdue"),),
    (Text("⧗ 1 not yet accepted"), Text("⧗ 1 to accept")),
    (Text("handover accepted 21:50 (Priya Shah)"), Text("handover 21:50")),
]
RIGHT = Text("updated 22:04")


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (120, "10 open · ▲ 4 overdue · ⧗ 1 not yet accepted · handover accepted 21:50 (Priya Shah)"),
        (80, "10 open · ▲ 4 overdue · ⧗ 1 not yet accepted · handover 21:50"),
        (60, "10 open · ▲ 4 overdue · ⧗ 1 not yet accepted"),  # the handover goes first
        (40, "10 open · ▲ 4 overdue · ⧗ 1 to accept"),  # then the shorter wording
        (30, "10 open · ▲ 4 overdue"),
        (8, "10 open"),
    ],
)
def test_whole_parts_in_the_fullest_wording_that_fits(width: int, expected: str) -> None:
    line = fit_parts(PARTS, width, " · ")
    assert line.plain == expected
    assert line.cell_len <= width


@pytest.mark.parametrize("width", [120, 80, 60, 40, 30, 16, 13])
def test_the_right_hand_part_always_shows_at_the_end(width: int) -> None:
    line = fit_parts(PARTS, width, " · ", right=RIGHT)
    assert line.plain.endswith("updated 22:04") and line.cell_len == width
    left = line.plain[: -len("updated 22:04")].rstrip()
    assert not left or left.startswith("10 open")
    assert all(
        part
        in (
            "10 open",
            "▲ 4 overdue",
            "⧗ 1 to accept",
            "⧗ 1 not yet accepted",
            "handover 21:50",
            "handover accepted 21:50 (Priya Shah)",
        )
        for part in left.split(" · ")
        if part
    )


def test_a_right_hand_part_wider_than_the_line_is_cut_with_an_ellipsis() -> None:
    assert fit_parts(PARTS, 8, right=RIGHT).plain == "updated…"


def test_styles_are_kept() -> None:
    line = fit_parts([(Text("▲ 4 overdue", style="bold red"),)], 40)
    assert [(span.start, span.end, str(span.style)) for span in line.spans] == [(0, 11, "bold red")]
