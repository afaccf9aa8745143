"""Field rules: names 1-80 characters, free text up to 4,000, no control characters, no future times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handover.domain.errors import InvalidInput
from handover.domain.validation import CLOCK_SKEW, NAME_MAX, TEXT_MAX, check_not_future, clean_name, clean_text

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


class TestCleanName:
    def test_trims_and_collapses_inner_spaces(self) -> None:
        assert clean_name("  Jordan   Mills ") == "Jordan Mills"

    def test_one_character_is_enough(self) -> None:
        assert clean_name("J") == "J"

    def test_eighty_characters_accepted(self) -> None:
        name = "A" * NAME_MAX
        assert clean_name(name) == name

    def test_eighty_one_characters_refused_with_the_length(self) -> None:
        with pytest.raises(InvalidInput) as err:
            clean_name("A" * (NAME_MAX + 1), "young person's name")
        assert "81 characters" in err.value.message
        assert "80" in err.value.message
        assert err.value.field == "young person's name"

    @pytest.mark.parametrize("blank", ["", "   ", "\n"])
    def test_empty_refused(self, blank: str) -> None:
        with pytest.raises(InvalidInput, match="is empty"):
            clean_name(blank, "staff member's name")

    @pytest.mark.parametrize("bad", ["Jordan\x1bMills", "Jordan\x00", "Riley\tTanaka", "Casey\x07"])
    def test_control_characters_refused(self, bad: str) -> None:
        with pytest.raises(InvalidInput, match="control character"):
            clean_name(bad)

    def test_accents_and_apostrophes_kept(self) -> None:
        assert clean_name("Siobhán O'Neill-Ruiz") == "Siobhán O'Neill-Ruiz"


class TestCleanText:
    def test_keeps_line_breaks_and_tabs_inside(self) -> None:
        text = "I raised my voice.\n\tThen I left the room."
        assert clean_text(f"  {text}  ", "what happened") == text

    def test_four_thousand_characters_accepted(self) -> None:
        assert len(clean_text("x" * TEXT_MAX, "what happened")) == TEXT_MAX

    def test_longer_refused_with_the_length(self) -> None:
        with pytest.raises(InvalidInput) as err:
            clean_text("x" * (TEXT_MAX + 1), "what happened")
        assert "4,001 characters" in err.value.message
        assert "4,000" in err.value.message

    def test_empty_required_refused_naming_the_field(self) -> None:
        with pytest.raises(InvalidInput) as err:
            clean_text("   \n ", "what happened")
        assert err.value.message == "'what happened' is empty. Write a few words."
        assert err.value.field == "what happened"

    @pytest.mark.parametrize("blank", [None, "", "  "])
    def test_empty_optional_is_empty_string(self, blank: str | None) -> None:
        assert clean_text(blank, "how they responded", required=False) == ""

    def test_escape_character_refused(self) -> None:
        with pytest.raises(InvalidInput, match="control character"):
            clean_text("said sorry\x1b[2J", "what was said")


class TestNotFuture:
    def test_past_and_now_accepted(self) -> None:
        check_not_future(NOW - timedelta(hours=3), NOW)
        check_not_future(NOW, NOW)

    def test_five_minutes_ahead_is_clock_difference(self) -> None:
        assert CLOCK_SKEW == timedelta(minutes=5)
        check_not_future(NOW + CLOCK_SKEW, NOW)

    def test_just_past_the_skew_refused_with_a_hint(self) -> None:
        with pytest.raises(InvalidInput) as err:
            check_not_future(NOW + CLOCK_SKEW + timedelta(seconds=1), NOW, "The time of the rupture")
        assert err.value.message.startswith("The time of the rupture is in the future.")
        assert "yesterday 19:30" in err.value.message
        assert err.value.field == "when"
