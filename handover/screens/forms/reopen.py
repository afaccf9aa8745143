"""ReopenScreen (x): a repair did not hold, so the rupture goes back on the board, with the reason kept.

The board lists only open ruptures, so x first lists those repaired or ended lately (newest first); Enter
picks one and asks why it is reopened, in a small form of its own (ctrl+s saves, Escape goes back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea
from textual.widgets.option_list import Option

from handover.domain.enums import EventKind, Status
from handover.domain.errors import HandoverError
from handover.domain.models import Rupture, StaffMember, YoungPerson
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.plan import checked_text, permission_line
from handover.screens.privacy import PrivateText, mask_name, mask_text
from handover.service import Service
from handover.styles import SCREENS_CSS
from handover.typeahead import ready_for_keys
from widgets.modal import Modal
from widgets.option_list import OptionList

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: How far back x looks: a repair that did not hold shows within days, not months.
REOPEN_WINDOW = timedelta(days=14)

#: The longest first line of "what happened" shown in the list.
LINE_WIDTH = 80


def _when(rupture: Rupture, app: HandoverApp) -> str:
    word = "repaired" if rupture.status is Status.REPAIRED else "ended"
    return f"{word} {rupture.updated_at.astimezone(app.tz):%a %d %b %H:%M}"


class ReopenScreen(Modal["Rupture | None"]):
    """Pick a rupture repaired or ended in the last 14 days, to reopen it."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [Binding("escape", "close", "Close", id="reopen.close")]
    """Escape closes the list; nothing is typed here, so there is nothing to lose."""

    def __init__(self, young_people: Sequence[YoungPerson]) -> None:
        super().__init__()
        self.names = {p.id: p.name for p in young_people}
        self.closed: list[Rupture] = []
        self.keys_ready = False
        """False until the list is read: ↓ and enter typed straight after x wait for it (handover/typeahead.py)."""

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Reopen a rupture: the repair did not hold", classes="form-title")
            yield Static("Looking for ruptures repaired or ended in the last 14 days…", id="reopen-status")
            yield OptionList(id="closed", compact=True)
            yield Static("[b]↑/↓[/b] choose   [b]enter[/b] reopen it   [b]esc[/b] close", classes="form-keys")

    def on_mount(self) -> None:
        options = self.query_one("#closed", OptionList)
        # A percentage max-height inside an auto-height dialog comes out as nothing: give it rows.
        # (Belongs in handover.tcss, beside `.who OptionList`; set here while that file is someone else's.)
        options.styles.max_height = 16
        options.display = False
        self.run_worker(self._load(), group="reopen-load", exclusive=True, exit_on_error=False)

    def _young_person_of(self, rupture: Rupture) -> str:
        # A young person who has left is not on the board's list, but their ruptures can still be reopened.
        return self.names.get(rupture.young_person_id, f"young person #{rupture.young_person_id}")

    async def _load(self) -> None:
        try:
            await self._show_closed()
        finally:
            ready_for_keys(self)

    async def _show_closed(self) -> None:
        app = self.handover_app
        since = app.clock.now() - REOPEN_WINDOW
        status = self.query_one("#reopen-status", Static)
        try:
            self.closed = await app.perform(lambda sv: sv.closed_since(since))
        except HandoverError as exc:
            status.update(f"⚠ {exc}")
            return
        if not self.closed:
            status.update("Nothing was repaired or ended in the last 14 days, so there is nothing to reopen.")
            return
        status.update("Repaired or ended in the last 14 days, newest first:")
        options = self.query_one("#closed", OptionList)
        options.set_options(Option(self._label(r), id=str(r.id)) for r in self.closed)
        options.display = True
        options.highlighted = 0
        options.focus()

    def _label(self, rupture: Rupture) -> Text:
        """Two lines: who, what kind and when it closed; then the start of what happened, to recognise it."""
        what = rupture.what_happened.strip().splitlines()[0] if rupture.what_happened.strip() else ""
        what = what if len(what) <= LINE_WIDTH else what[: LINE_WIDTH - 1].rstrip() + "…"
        what = mask_text(self.app, what)  # initials only: no text, and the name as initials
        # Text, not markup: a record may hold square brackets.
        return Text.assemble(
            (mask_name(self.app, self._young_person_of(rupture)), "bold"),
            f" · {rupture.kind.label} · {_when(rupture, self.handover_app)} ",
            (f"#{rupture.id}", "dim"),
            "\n  ",
            (what, "italic"),
        )

    @on(OptionList.OptionSelected, "#closed")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        rupture = self.closed[event.option_index]

        def reopened(result: Rupture | None) -> None:
            if result is not None:
                self.dismiss(result)

        self.app.push_screen(ReopenForm(rupture, self._young_person_of(rupture)), reopened)

    def action_close(self) -> None:
        self.dismiss(None)


class ReopenForm(RuptureForm[Rupture]):
    """Why the rupture is reopened; saving puts it back on the board."""

    AUTO_FOCUS = "#reason"

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person

    def heading(self) -> str:
        return f"Reopen: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield permission_line(self, EventKind.REOPENED, self.rupture)
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        yield Static(f"It was {_when(self.rupture, self.handover_app)}.", classes="form-guidance")
        reason = TextArea(id="reason", soft_wrap=True, tab_behavior="focus", compact=True)
        reason.placeholder = (
            "The repair did not hold: what shows it, as facts (e.g. 'At tea they said they are still upset "
            "about Tuesday')."
        )
        yield self.row("Why reopen", reason)

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("reason", text_check("why it is reopened"))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        reason = checked_text(
            self, "reason", "why it is reopened", empty="Say in a line why the repair did not hold, then save."
        )
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.reopen(actor, rupture_id, reason, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        return f"Rupture #{result.id} reopened: it is back on the board."
