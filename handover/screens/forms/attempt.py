"""AttemptForm (t): the adult tried to repair; the young person was not ready. That is worth recording.

An attempt is not a failure: it shows the adult went first. The form asks what happened, as facts, and
when to try again, so the next shift knows the repair is still the adult's to start.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from handover.domain.enums import EventKind
from handover.domain.models import Rupture, StaffMember
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.plan import ahead_check, ahead_in, checked_text, describe_ahead, permission_line
from handover.screens.privacy import PrivateText
from handover.service import Service

NOTE_PROMPT = (
    "What you did and what they said or did, as facts: 'I went to her room at 16:00 and said I wanted to talk "
    "about earlier; she said she was not ready.' Not opinion ('she was being difficult')."
)


class AttemptForm(RuptureForm[Rupture]):
    """Record a repair attempt on the selected rupture, and when to try again."""

    AUTO_FOCUS = "#note"

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person
        self._next_try: str = ""

    def heading(self) -> str:
        return f"Tried to repair: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield permission_line(self, EventKind.ATTEMPTED, self.rupture)
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        yield Static(
            "A young person may not be ready yet. Going to them still counts: try again at a better time.",
            classes="form-guidance",
        )
        note = TextArea(id="note", soft_wrap=True, tab_behavior="focus", compact=True)
        note.placeholder = NOTE_PROMPT
        yield self.row("When you tried", note)
        next_try = Input(id="next_try", placeholder="16:00, tomorrow 9:30, in 2h   (optional)", compact=True)
        yield self.row("Try again", next_try)

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("note", text_check("what happened when you tried"))
        self.check_as_you_type("next_try", ahead_check(self))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        note = checked_text(
            self, "note", "what happened when you tried", empty="Say in a line what happened when you tried."
        )
        next_try = ahead_in(self, "next_try")
        app = self.handover_app
        self._next_try = describe_ahead(next_try, app.clock.now(), app.tz) if next_try else ""
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.attempt(actor, rupture_id, note, next_try, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        again = f" Try again: {self._next_try}." if self._next_try else ""
        return f"Rupture #{result.id}: attempt recorded.{again}"
