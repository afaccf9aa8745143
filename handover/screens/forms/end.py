"""EndForm (e): end a rupture without a repair, for a stated reason.

A rupture is never closed silently. Ending takes it off the board but keeps it, and the reason, in the
record: a young person reading their file later sees that it happened and why it was not repaired.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from handover.domain.enums import EndReason, EventKind
from handover.domain.errors import InvalidInput
from handover.domain.models import Rupture, StaffMember
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.plan import checked_text, permission_line
from handover.screens.privacy import PrivateText
from handover.service import Service
from widgets.choice_field import Choice, ChoiceField

REASON_KEYS = {
    EndReason.MOVED_ON: "m",
    EndReason.ADULT_LEFT: "a",
    EndReason.RECORDED_IN_ERROR: "e",
    EndReason.OTHER: "o",
}

NOTE_HINTS = {
    True: "required for another reason: say why it will not be repaired",
    False: "optional: anything the record should say",
}
"""The note's hint, by whether the chosen reason needs a note (only 'another reason' does)."""


class EndForm(RuptureForm[Rupture]):
    """End the selected rupture without repair, with a reason and a note."""

    AUTO_FOCUS = "#reason"
    """The reason first: it is the decision; the note explains it."""

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person
        self._reason = EndReason.MOVED_ON

    def heading(self) -> str:
        return f"End without repair: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield permission_line(self, EventKind.ENDED, self.rupture)
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        yield Static(
            "Ending takes it off the board. It stays in the record with your reason; x can reopen it.",
            classes="form-guidance",
        )
        reasons = [Choice(r.value, r.label, REASON_KEYS[r]) for r in EndReason]
        # No reason until one is pressed: the reason is the record of why it was never repaired, and
        # `handover end` requires --reason too.
        yield self.row("Reason", ChoiceField(reasons, blank=True, id="reason"), "press m, a, e or o")
        note = TextArea(id="note", soft_wrap=True, tab_behavior="focus", compact=True)
        note.placeholder = "Why it will not be repaired, as facts (e.g. 'moved to another home on 26 Nov')."
        yield self.row("Note", note, NOTE_HINTS[False])

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("note", text_check("a note on why", required=False))

    @on(ChoiceField.Changed, "#reason")
    def _reason_changed(self, event: ChoiceField.Changed) -> None:
        self._reason = EndReason(event.value)
        # The hint under the note says whether this reason needs one, before a save is refused for it.
        body = self.query_one("#note", TextArea).parent
        if body is not None:
            body.query_one(".field-hint", Static).update(NOTE_HINTS[self._reason is EndReason.OTHER])

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        chosen = self.query_one("#reason", ChoiceField).value
        if not chosen:
            why = "Choose why it will not be repaired: press the letter in brackets before the reason."
            raise InvalidInput(why, field="reason")
        reason = EndReason(chosen)
        needs_note = reason is EndReason.OTHER
        empty = "For 'another reason', say in the note why it will not be repaired." if needs_note else None
        note = checked_text(self, "note", "a note on why", empty=empty)
        self._reason = reason
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.end_without_repair(actor, rupture_id, reason, note, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        return f"Rupture #{result.id} ended without repair ({self._reason.label}). It stays in the record."
