"""RepairForm (r): the repair happened. Two key presses beyond the note: r, then ctrl+s."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from handover.domain.errors import InvalidInput
from handover.domain.models import Rupture, StaffMember
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.privacy import PrivateText
from handover.service import Service

#: The practice, as guidance beside the note: never a checklist to pass.
PROMPTS = (
    "I started it: I went to them, I did not wait for them to come to me.",
    "I named what happened, and my own part in it.",
    "I showed the relationship is still there.",
)


class RepairForm(RuptureForm[Rupture]):
    """Mark the selected rupture repaired, with what the adult named and how the young person responded."""

    AUTO_FOCUS = "#note"

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person

    def heading(self) -> str:
        return f"Repaired: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        yield Static("\n".join(f"· {p}" for p in PROMPTS), classes="form-guidance")
        note = TextArea(id="note", soft_wrap=True, tab_behavior="focus", compact=True)
        note.placeholder = "What you said: what happened, and your own part in it, in your words."
        yield self.row("What you named", note)
        response = Input(id="response", placeholder="optional, in their words", compact=True)
        yield self.row("Their response", response)

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("note", text_check("what you named"))
        self.check_as_you_type("response", text_check("how they responded", required=False))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        note = self.text_in("note")
        if not note.strip():
            raise InvalidInput("Say in a line what you named with them, then save.", field="note")
        response = self.text_in("response")
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.mark_repaired(actor, rupture_id, note, response, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        return f"Rupture #{result.id} marked repaired. Thank you for going back to them."
