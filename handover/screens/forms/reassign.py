"""ReassignForm (o): give the repair to another adult, in seconds, at handover.

The owner is the adult who will start the repair. When they leave the shift for days, someone on shift
takes it; when nobody can yet, typing 'unowned' leaves it with nobody, and the board makes that stand out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.widgets import Input, Static

from handover.domain.errors import InvalidInput
from handover.domain.models import Rupture, StaffMember
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.new_rupture import UNOWNED_WORDS
from handover.screens.forms.plan import checked_text
from handover.screens.privacy import PrivateText
from handover.service import Service
from widgets.person_field import PersonField


class OwnerField(PersonField[StaffMember]):
    """A staff PersonField that also takes 'unowned' (or 'nobody'), meaning: leave it with nobody."""

    def is_unowned(self) -> bool:
        return self.value.strip().casefold() in UNOWNED_WORDS

    def person(self) -> StaffMember | None:
        return None if self.is_unowned() else super().person()

    def _show_hint(self) -> None:
        # Without this, 'unowned' would read as a name nobody has, and show as a mistake.
        if not self.is_unowned():
            super()._show_hint()
            return
        hint = self.query_one(".person-hint", Static)
        hint.remove_class("-problem")
        hint.add_class("-ok")
        hint.update("→ nobody: it will show as unowned until someone takes it")


class ReassignForm(RuptureForm[Rupture]):
    """Change who owns the repair of the selected rupture."""

    AUTO_FOCUS = "#owner-input"

    def __init__(self, rupture: Rupture, young_person: str, staff: Sequence[StaffMember]) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person
        self.staff = staff
        self._new_owner: StaffMember | None = None

    def heading(self) -> str:
        return f"Who owns the repair: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def _current_owner(self) -> str:
        owner = next((s for s in self.staff if s.id == self.rupture.owner_id), None)
        if owner is not None:
            return owner.name
        return "nobody (unowned)" if self.rupture.owner_id is None else f"staff member #{self.rupture.owner_id}"

    def compose_fields(self) -> ComposeResult:
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        yield self.row("Owner now", Static(self._current_owner(), id="current_owner", markup=False))
        owner = OwnerField(self.staff, "staff member", id="owner", placeholder="a few letters of a name, or initials")
        yield self.row("New owner", owner, "type 'unowned' if nobody can take it yet")
        reason = Input(id="reason", placeholder="e.g. Sam is off until Monday; Dev is on all weekend", compact=True)
        yield self.row("Why", reason, "optional, but it helps the next shift")

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("reason", text_check("reason", required=False))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        field = self.query_one("#owner", OwnerField)
        if not field.value.strip():
            raise InvalidInput("Type who takes the repair (or 'unowned').", field="owner-input")
        owner: StaffMember | None = self.person_in("owner")
        # Refused here rather than by the service, so the message sits beside the field.
        if owner is None and self.rupture.owner_id is None:
            raise InvalidInput("Nobody owns it already. Type who takes it.", field="owner-input")
        if owner is not None and owner.id == self.rupture.owner_id:
            raise InvalidInput(f"{owner.name} already owns this repair. Type someone else.", field="owner-input")
        reason = checked_text(self, "reason", "reason")
        self._new_owner = owner
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.assign_owner(actor, rupture_id, owner, reason, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        if self._new_owner is None:
            return f"Rupture #{result.id}: now unowned. It stands out on the board until someone takes it."
        if result.awaiting_acceptance:
            return (
                f"Rupture #{result.id}: {self._new_owner.name} now owns the repair; it waits for them to accept it "
                "(c on the board)."
            )
        return f"Rupture #{result.id}: {self._new_owner.name} now owns the repair."
