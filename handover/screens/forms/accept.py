"""AcceptForm (c): the new owner takes on a repair that was given to them, with an optional line in their
own words about what they will do (it becomes the next step). Two key presses when there is nothing to add:
c, then ctrl+s."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input, Static

from handover.domain.models import Rupture, StaffMember
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.plan import checked_text
from handover.screens.privacy import PrivateText

if TYPE_CHECKING:
    from handover.service import Service


class AcceptForm(RuptureForm[Rupture]):
    """Accept the repair of the selected rupture."""

    AUTO_FOCUS = "#note"
    """What you will do, straight away."""

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person

    def heading(self) -> str:
        return f"Accept the repair: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        if self.rupture.next_step:
            yield self.row("Next step now", Static(self.rupture.next_step, id="next_step_now", markup=False))
        note = Input(id="note", placeholder="e.g. I'll ask for a walk after tea and say I was wrong", compact=True)
        yield self.row("Your next step", note, "optional, in your own words; it becomes the next step")

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("note", text_check("what you will do", required=False))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        note = checked_text(self, "note", "what you will do")
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.accept_assignment(actor, rupture_id, note, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        return f"Rupture #{result.id}: you have accepted the repair. It is yours now."
