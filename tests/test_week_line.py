"""widgets/week_line.py: a week line is Textual's own Sparkline drawn into text, in the theme's colours."""

from __future__ import annotations

from rich.color import Color as RichColor

from widgets.week_line import BarColours, week_bars, week_line

THEME = {"primary": "#0178D4", "background": "#121212"}


def test_one_bar_a_week_from_the_smallest_count_to_the_largest() -> None:
    colours = BarColours.from_theme(THEME)
    bars = week_bars([0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1], colours)
    assert bars.plain == "▁▁▁▁▁▁▁▁██▄▄"
    colour_at = {x: span.style.color for span in bars.spans for x in range(span.start, span.end)}  # type: ignore[union-attr]
    assert colour_at[0] == colours.low and colour_at[8] == colours.high


def test_the_colours_are_the_sparkline_widgets_primary_and_primary_at_30_percent() -> None:
    colours = BarColours.from_theme(THEME)
    assert colours.high == RichColor.parse("#0178d4")
    # 30% of the way from the background to primary, channel by channel: 0x12 + 0.3 * (0x01 - 0x12) = 0x0c, ...
    assert colours.low.triplet is not None
    assert colours.low.triplet.hex == "#0c304c"


def test_no_weeks_and_one_week_still_draw_a_line() -> None:
    colours = BarColours.from_theme(THEME)
    assert week_bars([], colours).plain == "▁"
    assert week_bars([3], colours).plain == "█"
    assert week_bars([1, 1, 1], colours).plain == "▁▁▁"


def test_a_line_is_its_label_the_bars_and_its_words_as_text_never_markup() -> None:
    line = week_line([1, 2], "[b]3 ruptures[/b]", BarColours.from_theme(THEME), label="Ruptures per week ")
    assert line.plain == "Ruptures per week ▁█ [b]3 ruptures[/b]"
