"""SheetForm (p on the handover screen): write the handover sheet to a file, as text, Markdown or HTML.

The file is readable by its owner only (handover/sheet.py writes it 0600 from the start). The path starts in
the user's documents folder with a dated name; it follows the format chosen until someone edits it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from handover.config import documents_dir
from handover.domain.errors import InvalidInput
from handover.domain.models import StaffMember
from handover.screens.forms.base import FormScreen
from widgets.choice_field import Choice, ChoiceField

if TYPE_CHECKING:
    from handover.service import Service

FORMAT_CHOICES = (
    Choice("html", "HTML (prints on A4)", "h"),
    Choice("txt", "plain text", "t"),
    Choice("md", "Markdown", "m"),
)


def default_sheet_path(now: datetime, tz: tzinfo, fmt: str, folder: Path | None = None) -> Path:
    """'~/Documents/handover-2026-11-27-2000.html': dated, so one sheet never silently replaces another."""
    local = now.astimezone(tz)
    return (folder or documents_dir()) / f"handover-{local:%Y-%m-%d-%H%M}.{fmt}"


def sheet_target(text: str) -> Path:
    """The file a typed name means: a name without a folder ("sheet.html") goes in the documents folder, where
    the suggested name does, not in whatever folder the board happened to be started from."""
    target = Path(text.strip()).expanduser()
    return target if target.is_absolute() else documents_dir() / target


def path_check(text: str) -> str | None:
    """Where the sheet would go, in words, before saving."""
    if not text.strip():
        return None
    target = sheet_target(text)
    if target.is_dir():
        return "That is a folder: add a file name."
    if not target.parent.is_dir():
        return f"The folder {target.parent} does not exist."
    if target.exists():
        return "A file with this name is there already: saving replaces it."
    return None


class SheetForm(FormScreen[Path]):
    """Choose a format and a file; ctrl+s writes the sheet as the handover stands at that moment."""

    AUTO_FOCUS = "#format"

    HEADING = "Write the handover sheet"

    def __init__(self) -> None:
        super().__init__()
        self._default = ""

    def compose_fields(self) -> ComposeResult:
        app = self.handover_app
        yield Static(
            "The sheet lists every open rupture by young person, with its owner, waited time, status and next "
            "step; what happened is left off on purpose. Only you can read the file: shred printed copies.",
            classes="form-context",
        )
        yield self.row("Format", ChoiceField(FORMAT_CHOICES, id="format"), "the letter in brackets picks one")
        self._default = str(default_sheet_path(app.clock.now(), app.tz, FORMAT_CHOICES[0].value))
        yield self.row("File", Input(self._default, id="path", compact=True), "any folder you can write to")

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("path", path_check)

    @on(ChoiceField.Changed, "#format")
    def _format_changed(self, event: ChoiceField.Changed) -> None:
        path = self.query_one("#path", Input)
        if path.value == self._default:  # not edited: follow the format
            app = self.handover_app
            self._default = str(default_sheet_path(app.clock.now(), app.tz, event.value))
            path.value = self._default

    def is_dirty(self) -> bool:
        """Only a typed file name is worth asking about before Escape throws it away."""
        return self.query_one("#path", Input).value != self._default

    def build(self, actor: StaffMember) -> Callable[[Service], Path]:
        from handover.sheet import render_sheet, write_sheet

        fmt = self.query_one("#format", ChoiceField).value
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise InvalidInput("Say which file to write the sheet to.", field="path")
        target = sheet_target(text)
        if target.is_dir():
            raise InvalidInput("That is a folder: add a file name, like handover.html.", field="path")

        def use_case(service: Service) -> Path:
            return write_sheet(target, render_sheet(service.handover_summary(), fmt, tz=service.tz))

        return use_case

    def saved_message(self, result: Path) -> str:
        return f"Handover sheet written to {result} (only you can read it)."
