"""ChoiceField through Pilot: a letter picks an option, ←/→ move, and a blank field chooses nothing until a key
picks (a rupture's kind, an end's reason: no default goes into the record unpressed)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from widgets.choice_field import Choice, ChoiceField

CHOICES = [
    Choice("harsh_tone", "harsh tone", "h"),
    Choice("withdrawal", "withdrawal", "w"),
    Choice("other", "other", "o"),
]


class OneField(App[None]):
    def __init__(self, *, blank: bool, choices: list[Choice] = CHOICES) -> None:
        super().__init__()
        self.blank = blank
        self.choices = choices
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield ChoiceField(self.choices, blank=self.blank, id="kind")

    def on_choice_field_changed(self, message: ChoiceField.Changed) -> None:
        self.changes.append(message.value)


def highlighted(field: ChoiceField) -> list[str]:
    """The options drawn highlighted (reverse), by their text."""
    text = field.render()
    return [text.plain[span.start : span.end] for span in text.spans if "reverse" in str(span.style)]


async def test_a_field_with_a_default_shows_its_first_option_chosen() -> None:
    app = OneField(blank=False)
    async with app.run_test() as pilot:
        field = app.query_one(ChoiceField)
        assert field.value == "harsh_tone" and highlighted(field) == ["[h] harsh tone"]
        await pilot.press("o")
        assert field.value == "other" and highlighted(field) == ["[o] other"]
        await pilot.press("right")  # wraps round to the first
        assert field.value == "harsh_tone"


async def test_a_blank_field_chooses_nothing_until_a_key_picks() -> None:
    app = OneField(blank=True)
    async with app.run_test() as pilot:
        field = app.query_one(ChoiceField)
        assert field.value == "" and highlighted(field) == []
        await pilot.press("x")  # no option's letter: still nothing
        assert field.value == "" and app.changes == []
        await pilot.press("left")  # from nothing, ← picks the last and → the first
        assert field.value == "other" and highlighted(field) == ["[o] other"]
    app = OneField(blank=True)
    async with app.run_test() as pilot:
        field = app.query_one(ChoiceField)
        await pilot.press("right")
        assert field.value == "harsh_tone"
        await pilot.press("W")  # letters pick whatever their case
        assert field.value == "withdrawal" and app.changes == ["harsh_tone", "withdrawal"]


async def test_a_field_with_nothing_to_choose_chooses_nothing_and_keys_do_no_harm() -> None:
    app = OneField(blank=False, choices=[])
    async with app.run_test() as pilot:
        field = app.query_one(ChoiceField)
        await pilot.press("right", "left", "h")
        assert field.value == "" and app.changes == [] and highlighted(field) == []
