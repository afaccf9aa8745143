"""PersonField: type a few letters of a name (a start of any word, or initials) and see who it finds.

"ja" or "JM" finds Jordan Mills; the hint under the field says who it will be, or why nobody matches;
leaving the field with Tab fills in the full name when exactly one person matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from handover.domain.errors import HandoverError
from handover.domain.names import Named, matches, resolve

P = TypeVar("P", bound=Named)


class PersonField(Vertical, Generic[P]):
    """A name input with live matching against a list of people (current ones only)."""

    DEFAULT_CSS = """
    PersonField {
        height: auto;
    }
    /* Wrapped, never cut: "No young person called 'Zed'. Check the spelling, or add them first (m on the
       board ...)" lost its end at one line in an 80-column form. */
    PersonField > .person-hint {
        height: auto;
        color: $text-muted;
    }
    PersonField > .person-hint.-ok {
        color: $success;
    }
    PersonField > .person-hint.-problem {
        color: $error;
    }
    """

    def __init__(
        self,
        people: Sequence[P],
        what: str,
        *,
        value: str = "",
        placeholder: str = "",
        empty_means: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.people = [p for p in people if p.active]
        self.what = what
        self.empty_means = empty_means
        """What an empty field means ("unowned"), or None when a name is required."""
        self.privacy: Callable[[str], str] | None = None
        """Initials only: writes a text naming people as it may be shown (the form sets it). While it changes a
        name, the hint shows initials and leaving the field keeps what was typed instead of the full name."""
        self._input = Input(value=value, placeholder=placeholder, id=f"{id}-input" if id else None, compact=True)

    def compose(self) -> ComposeResult:
        yield self._input
        yield Static("", classes="person-hint")

    def on_mount(self) -> None:
        self._show_hint()

    @property
    def value(self) -> str:
        return self._input.value

    @value.setter
    def value(self, text: str) -> None:
        self._input.value = text

    def focus(self, scroll_visible: bool = True) -> PersonField[P]:
        self._input.focus(scroll_visible)
        return self

    def candidates(self) -> list[P]:
        typed = self.value.strip()
        return [p for p in self.people if matches(typed, p.name)] if typed else []

    def person(self) -> P | None:
        """The person meant, None for an allowed empty field; raises a plain HandoverError otherwise."""
        if not self.value.strip() and self.empty_means is not None:
            return None
        return resolve(self.value, self.people, self.what)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_hint()

    @on(Input.Blurred)
    def _complete(self) -> None:
        # Tab away from "ja" and the field says "Jordan Mills": what you see is who it will be.
        try:
            person = self.person()
        except HandoverError:
            return
        if person is not None and self.value != person.name and self._shown(person.name) == person.name:
            self.value = person.name

    def _shown(self, text: str) -> str:
        return text if self.privacy is None else self.privacy(text)

    def _show_hint(self) -> None:
        hint = self.query_one(".person-hint", Static)
        hint.remove_class("-ok", "-problem")
        if not self.value.strip():
            hint.update(f"empty = {self.empty_means}" if self.empty_means else f"type a few letters of the {self.what}")
            return
        try:
            person = self.person()
        except HandoverError as exc:
            found = self.candidates()
            text = f"{len(found)} match: " + ", ".join(p.name for p in found[:5]) if len(found) > 1 else str(exc)
            hint.update(Text(self._shown(text)))
            hint.add_class("-problem")
            return
        hint.update(Text(f"→ {self._shown(person.name)}") if person else "")
        hint.add_class("-ok")
