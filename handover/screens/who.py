"""WhoScreen (w): who is at the keyboard. Every change made from this board is recorded as theirs."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from handover.domain.models import StaffMember
from handover.domain.names import matches


class WhoScreen(ModalScreen[StaffMember | None]):
    """Pick yourself: type a few letters or initials, ↑/↓, Enter."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Just look", id="who.cancel"),
        Binding("down", "cursor(1)", "Next", show=False, priority=True),
        Binding("up", "cursor(-1)", "Previous", show=False, priority=True),
    ]
    """Escape leaves nobody signed in: the board can be read, but nothing saved until someone is."""

    def __init__(self, staff: Sequence[StaffMember], current: StaffMember | None = None) -> None:
        super().__init__()
        self.staff = sorted((s for s in staff if s.active), key=lambda s: s.name.casefold())
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog who"):
            yield Static("[b]Who is at the keyboard?[/b]", classes="dialog-question")
            yield Input(placeholder="type a few letters of your name", id="who-filter")
            yield OptionList(*self._options(""), id="who-list")
            yield Static("[b]enter[/b] that's me   [b]esc[/b] just look", classes="dialog-keys")

    def _options(self, typed: str) -> list[Option]:
        return [
            Option(f"{s.name}  [dim]{s.role.value}[/dim]", id=str(s.id)) for s in self.staff if matches(typed, s.name)
        ]

    @on(Input.Changed, "#who-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one("#who-list", OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def on_mount(self) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.option_count:
            options.highlighted = 0

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    @on(Input.Submitted, "#who-filter")
    @on(OptionList.OptionSelected, "#who-list")
    def _chosen(self) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.highlighted is None or not options.option_count:
            self.notify("Nobody matches that name.", severity="warning")
            return
        chosen = options.get_option_at_index(options.highlighted).id
        self.dismiss(next(s for s in self.staff if str(s.id) == chosen))

    def action_dismiss_none(self) -> None:
        self.dismiss(self.current)
