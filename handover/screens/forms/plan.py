"""PlanForm (p): what the owner will do to start the repair, and by when.

It also holds what the step forms share and base.py does not have yet: reading a time AHEAD ("16:00" means
the next 16:00, today or tomorrow) where base.py reads times that have already happened, and reading free
text with its refusal pinned to the form's own field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from handover.domain import permissions
from handover.domain.enums import EventKind
from handover.domain.errors import HandoverError, InvalidInput
from handover.domain.models import Rupture, StaffMember
from handover.domain.validation import clean_text
from handover.domain.when import AHEAD_EXAMPLES, describe_ahead, read_ahead
from handover.screens.forms.base import FieldCheck, FormScreen, RuptureForm, text_check
from handover.screens.privacy import NamedText, PrivateText
from handover.service import Service


def ahead_check(form: FormScreen[Any]) -> FieldCheck:
    """As you type a time ahead: the moment it will be read as, or what it can read."""

    def check(text: str) -> str | None:
        if not text.strip():
            return None
        app = form.handover_app
        now = app.clock.now()
        try:
            at = read_ahead(text, now, app.tz)
        except HandoverError:
            return f"Cannot read that time yet. Try {AHEAD_EXAMPLES}."
        return f"→ {describe_ahead(at, now, app.tz)}" if at else None

    return check


def ahead_in(form: FormScreen[Any], field_id: str) -> datetime | None:
    """The time ahead typed in an Input, None when empty; a refusal is pinned to that field."""
    app = form.handover_app
    try:
        return read_ahead(form.text_in(field_id), app.clock.now(), app.tz)
    except HandoverError as exc:
        raise InvalidInput(str(exc), field=field_id) from None


def checked_text(form: FormScreen[Any], field_id: str, what: str, *, empty: str | None = None) -> str:
    """The field's text by the service's own rule (length, control characters), refusals pinned to the field.

    `empty` is the message for an empty field, and makes the field required; None lets it be empty."""
    text = form.text_in(field_id)
    if empty is not None and not text.strip():
        raise InvalidInput(empty, field=field_id)
    try:
        return clean_text(text, what, required=empty is not None)
    except HandoverError as exc:
        raise InvalidInput(str(exc), field=field_id) from None


def permission_line(form: FormScreen[Any], step: EventKind, rupture: Rupture) -> Static:
    """Says at the top of the form, before anything is typed, when the role rules will refuse this step to
    whoever is at the keyboard ("only its owner can plan its repair"). Hidden when they may. The service
    still decides on save, from the role in the database; this only spares typing a note that cannot land."""
    actor = form.handover_app.actor
    reason = permissions.refusal(actor, step.value, rupture) if actor is not None else None
    line = NamedText(f"⚠ {reason}" if reason else "", classes="form-error")  # names: initials while initials only
    line.display = reason is not None
    return line


class PlanForm(RuptureForm[Rupture]):
    """Note what the owner will do to start the repair of the selected rupture, and by when."""

    AUTO_FOCUS = "#plan"

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person

    def heading(self) -> str:
        return f"Plan the repair: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield permission_line(self, EventKind.PLANNED, self.rupture)
        yield PrivateText(self.rupture.what_happened, classes="form-context")
        plan = TextArea(id="plan", soft_wrap=True, tab_behavior="focus", compact=True)
        # The practice: the adult goes to the young person, soon, and names what happened.
        plan.placeholder = "What you will do: when you will go to them, and what you will name, your part included."
        yield self.row("Your plan", plan)
        by_when = Input(id="by_when", placeholder="16:00, tomorrow 9:30, in 2h   (empty = no deadline)", compact=True)
        # No hint line: as you type, the line under the field names the day it will be read as.
        yield self.row("By when", by_when)

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("plan", text_check("the plan"))
        self.check_as_you_type("by_when", ahead_check(self))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        plan = checked_text(self, "plan", "the plan", empty="Say in a line what you will do, then save.")
        by_when = ahead_in(self, "by_when")
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.plan(actor, rupture_id, plan, by_when, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        return f"Rupture #{result.id}: plan saved."
