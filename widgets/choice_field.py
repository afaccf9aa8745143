"""ChoiceField: pick one of a short list with a single letter key (or ←/→), all options in view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class Choice:
    """One option: the value kept, the label shown, and the letter that picks it."""

    value: str
    label: str
    key: str


class ChoiceField(Widget, can_focus=True):
    """A one-line row of options; the chosen one is highlighted and named by its letter in brackets. With
    `blank=True` none is chosen until a key picks one (`value` is ""): for a choice that is part of the record
    and has no safe default, such as a rupture's kind, which the command line also requires."""

    DEFAULT_CSS = """
    ChoiceField {
        height: auto;
        min-height: 1;
        background: $surface-lighten-1;
    }
    ChoiceField:focus {
        background: $surface-lighten-2;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
    ]
    """←/→ move between options; the letter shown in brackets picks an option at once."""

    value: reactive[str] = reactive("", init=False)
    """The value of the chosen option ("" while a blank field has none)."""

    @dataclass
    class Changed(Message):
        choice_field: ChoiceField
        value: str

        @property
        def control(self) -> ChoiceField:
            return self.choice_field

    def __init__(
        self, choices: Sequence[Choice], value: str | None = None, *, blank: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        first = "" if blank or not self.choices else self.choices[0].value
        self.set_reactive(ChoiceField.value, value if value is not None else first)

    def render(self) -> Text:
        text = Text()
        for i, choice in enumerate(self.choices):
            if i:
                text.append("  ")
            style = "bold reverse" if choice.value == self.value else ""
            text.append(f"[{choice.key}] {choice.label}", style=style)
        return text

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, step: int) -> None:
        if not self.choices:
            return
        index = next((i for i, c in enumerate(self.choices) if c.value == self.value), None)
        if index is None:  # nothing chosen yet: → picks the first, ← the last
            self.value = self.choices[0 if step > 0 else -1].value
            return
        self.value = self.choices[(index + step) % len(self.choices)].value

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.character and event.character.lower() == choice.key:
                self.value = choice.value
                event.stop()
                event.prevent_default()
                return
