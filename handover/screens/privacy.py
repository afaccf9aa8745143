"""Privacy-safe rendering (initials only, `i`): the one rule every screen follows while it is on.

- Young people and staff are shown by their initials: "Casey Quinn" -> "CQ" (capitals, no dots), the same as
  the glance shows them (`handover.domain.names.initials`).
- No free text about a young person shows at all: what happened, plans, notes, responses, reasons. Each is
  replaced by `HIDDEN` (or `HIDDEN_CELL` in a table cell), never shortened: a first line can say enough.
- Sentences the board itself writes that name people (notifications, headings, "Last handover accepted by
  ...") keep their words with every name the home knows written as initials (`mask_names`).

Screens call these with the app, so one switch covers every screen: `app.initials_only` (a reactive, so a
screen can follow `i` as it is pressed) and `app.name_mask` (the home's names, kept current by the board).
`PrivateText` and `NamedText` are Statics that follow the switch by themselves; `keep_private` hides a widget
(a field holding text already written) while it is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from handover.domain.names import HIDDEN_CELL, HIDDEN_TEXT, NameMask, initials, initials_mask
from handover.following import follow
from widgets.initials import masked_text

HIDDEN = HIDDEN_TEXT
"""What free text shows as while initials only is on."""

__all__ = [
    "HIDDEN",
    "HIDDEN_CELL",
    "NamedText",
    "PrivateText",
    "hiding",
    "keep_private",
    "mask_name",
    "mask_names",
    "mask_rich",
    "mask_text",
    "names_shown",
]


def hiding(app: Any) -> bool:
    """Whether initials only is on for this app (any app: False for one without the switch)."""
    return bool(getattr(app, "initials_only", False))


def mask_name(app: Any, name: str) -> str:
    """A person's name as it may be shown: their initials while initials only is on."""
    return initials(name) if hiding(app) else name


def mask_text(app: Any, text: str, hidden: str = HIDDEN) -> str:
    """Free text about a young person (what happened, a plan, a note): `hidden` while initials only is on.
    An empty text stays empty, so "none noted" and the like still read as they should."""
    return hidden if hiding(app) and text.strip() else text


def _mask(app: Any, names: tuple[str, ...] | None) -> NameMask | None:
    if names is not None:
        return initials_mask(names)
    mask = getattr(app, "name_mask", None)
    return mask if callable(mask) else None


def mask_names(app: Any, text: str, names: tuple[str, ...] | None = None) -> str:
    """A sentence the board wrote, with every person's name in it as initials while initials only is on.
    `names` are the names to look for; by default every name of the home the board has read."""
    if not hiding(app):
        return text
    mask = _mask(app, names)
    return mask(text) if mask is not None else text


def mask_rich(app: Any, text: Text, names: tuple[str, ...] | None = None) -> Text:
    """`mask_names` for rich Text, each styled part keeping its style."""
    if not hiding(app):
        return text
    mask = _mask(app, names)
    return masked_text(text, mask) if mask is not None else text


def names_shown(app: Any, names: Mapping[int, str]) -> dict[int, str]:
    """An id -> name lookup as it may be shown (initials while initials only is on)."""
    return {key: mask_name(app, name) for key, name in names.items()}


class _Following(Static):
    """A Static that shows its text again, as the rule says, whenever initials only is switched."""

    def __init__(self, text: str | Text, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.text = text
        """What it shows when initials only is off (user text, never markup)."""

    def on_mount(self) -> None:
        follow(self, "initials_only", lambda _: self._show())
        self._show()

    def set_text(self, text: str | Text) -> None:
        self.text = text
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        self.update(self.shown())

    def shown(self) -> str | Text:
        raise NotImplementedError


class PrivateText(_Following):
    """Free text about a young person (what happened, a note): shown, or `HIDDEN` while initials only is on."""

    def shown(self) -> str | Text:
        plain = self.text.plain if isinstance(self.text, Text) else self.text
        if hiding(self.app) and plain.strip():
            return Text(HIDDEN, style="dim italic")
        return self.text


class NamedText(_Following):
    """A text the board wrote that names people (a heading): every name in it as initials while initials only
    is on. `names` are the names to look for; by default every name of the home the board has read."""

    def __init__(
        self,
        text: str | Text,
        names: tuple[str, ...] | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(text, id=id, classes=classes)
        self.names = names

    def shown(self) -> str | Text:
        if isinstance(self.text, Text):
            return mask_rich(self.app, self.text, self.names)
        return mask_names(self.app, self.text, self.names)


def keep_private(widget: Widget) -> None:
    """Hide `widget` (a field holding free text already written, say) while initials only is on, and show it
    again when it is switched off. Call it once the widget is mounted."""

    def shown_as(on: bool) -> None:
        widget.display = not on

    follow(widget, "initials_only", shown_as)
    shown_as(hiding(widget.app))
