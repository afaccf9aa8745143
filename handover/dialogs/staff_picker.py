"""StaffPicker: choose who takes a repair (or all of someone's repairs), the staff coming on listed first.

Type a few letters or initials to narrow the list, ↑/↓, Enter. Escape chooses nobody and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from handover.domain.models import StaffMember
from handover.domain.names import matches
from handover.screens.privacy import mask_name, mask_names
from handover.styles import SCREENS_CSS
from widgets.modal import Modal
from widgets.option_list import OptionList

#: A group of the list: its heading and its people, each with a note ("waking night from 22:00").
Group = tuple[str, Sequence[tuple[StaffMember, str]]]


class StaffPicker(Modal[StaffMember | None]):
    """Pick a staff member from groups (coming on, on shift, everyone else)."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="picker.cancel"),
        Binding("down", "cursor(1)", "Next", show=False, priority=True),
        Binding("up", "cursor(-1)", "Previous", show=False, priority=True),
    ]
    """Escape changes nothing; ↑/↓ move through the list while typing."""

    def __init__(self, question: str, groups: Sequence[Group]) -> None:
        super().__init__()
        self.question = question
        self.groups = [(title, [(s, note) for s, note in people if s.active]) for title, people in groups]
        self._people = {s.id: s for _title, people in self.groups for s, _note in people}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog who"):
            yield Static(mask_names(self.app, self.question), classes="dialog-question", markup=False)
            yield Input(placeholder="type a few letters of a name", id="picker-filter")
            yield OptionList(*self._options(""), id="picker-list")
            yield Static("[b]enter[/b] give it to them   [b]esc[/b] cancel", classes="dialog-keys")

    def _options(self, typed: str) -> list[Option]:
        options: list[Option] = []
        for title, people in self.groups:
            shown = [(s, note) for s, note in people if matches(typed, s.name)]
            if not shown:
                continue
            # Names and notes are text, never markup.
            options.append(Option(Text(title, style="bold"), disabled=True))
            options += [
                Option(Text.assemble(f"  {mask_name(self.app, s.name)}  ", (note, "dim")), id=str(s.id))
                for s, note in shown
            ]
        return options

    def _first(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.highlighted = next((i for i, o in enumerate(options.options) if not o.disabled), None)

    def on_mount(self) -> None:
        self._first()

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        self._first()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted, "#picker-filter")
    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        highlighted = options.highlighted
        chosen = options.get_option_at_index(highlighted).id if highlighted is not None else None
        if chosen is None:
            self.notify("Nobody matches that name.", severity="warning")
            return
        self.dismiss(self._people[int(chosen)])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
