"""NewRuptureForm (n): record a rupture in seconds.

Field order puts what must be typed first and what has a good default last, so a practised user types
the young person, the adult, a kind letter and one line, then ctrl+s: 7 key presses beyond the text. The kind
has no default (the letter is the choice); severity defaults to minor, as on the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from handover.domain.enums import RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.domain.models import Rupture, StaffMember, YoungPerson
from handover.screens.forms.base import FormScreen, text_check, time_check
from handover.service import UNOWNED, Service
from widgets.choice_field import Choice, ChoiceField
from widgets.person_field import PersonField

KIND_KEYS = {
    RuptureKind.HARSH_TONE: "h",
    RuptureKind.WITHDRAWAL: "w",
    RuptureKind.CUTTING_REMARK: "c",
    RuptureKind.LIMIT_TESTING: "l",
    RuptureKind.BROKEN_PROMISE: "b",
    RuptureKind.SANCTION: "s",
    RuptureKind.RESTRAINT: "r",
    RuptureKind.OTHER: "o",
}
SEVERITY_KEYS = {Severity.MINOR: "1", Severity.SIGNIFICANT: "2", Severity.SERIOUS: "3"}

WHAT_PROMPT = (
    "What happened, as facts: what was said and done, by whom, including your own part. "
    "Keep opinion apart, in words the young person could read later."
)
#: Typed in the owner field to record a rupture nobody owns yet.
UNOWNED_WORDS = {"unowned", "nobody", "none", "-"}


class NewRuptureForm(FormScreen[Rupture]):
    """Record a new rupture."""

    AUTO_FOCUS = "#young_person-input"

    HEADING = "Record a rupture"

    def __init__(self, young_people: Sequence[YoungPerson], staff: Sequence[StaffMember]) -> None:
        super().__init__()
        self.young_people = young_people
        self.staff = staff

    def compose_fields(self) -> ComposeResult:
        kinds = [Choice(k.value, k.label, KIND_KEYS[k]) for k in RuptureKind]
        severities = [Choice(s.value, s.label, SEVERITY_KEYS[s]) for s in Severity]
        yield self.row("Young person", PersonField(self.young_people, "young person", id="young_person"))
        yield self.row("Adult involved", PersonField(self.staff, "staff member", id="adult"))
        # No kind until one is pressed: a kind nobody chose must not go into the record (`handover log` also
        # requires --kind). Severity has a safe default, minor, as on the command line.
        yield self.row("Kind", ChoiceField(kinds, blank=True, id="kind"), "press a letter")
        yield self.row("Severity", ChoiceField(severities, id="severity"), "press 1, 2 or 3")
        what = TextArea(id="what", placeholder=WHAT_PROMPT, soft_wrap=True, tab_behavior="focus", compact=True)
        yield self.row("What happened", what)
        yield self.row("When", Input(id="when", placeholder="now  (or 20:30, yesterday 19:30, 2h ago)", compact=True))
        owner = PersonField(self.staff, "staff member", id="owner", empty_means="the adult involved")
        yield self.row("Repair owner", owner, "type 'unowned' if nobody can own it yet")
        yield self.row("Incident ref", Input(id="incident_ref", max_length=80, placeholder="optional", compact=True))

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("what", text_check("what happened"))
        self.check_as_you_type("when", time_check(self.handover_app))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        young_person = self.person_in("young_person")
        adult = self.person_in("adult")
        kind = self.kind_in()
        severity = Severity(self.query_one("#severity", ChoiceField).value)
        what = self.text_in("what")
        if not what.strip():
            raise InvalidInput("'What happened' is empty. Write a line of fact.", field="what")
        at = self.time_in("when")
        owner_text = self.text_in("owner-input").strip()
        owner: StaffMember | str | None = UNOWNED if owner_text.casefold() in UNOWNED_WORDS else self.person_in("owner")
        ref = self.text_in("incident_ref").strip() or None

        def use_case(service: Service) -> Rupture:
            return service.record_rupture(actor, young_person, [adult], kind, what, at, severity, owner, ref)

        return use_case

    def kind_in(self) -> RuptureKind:
        """The kind pressed; refused, on the field, while none has been."""
        chosen = self.query_one("#kind", ChoiceField).value
        if not chosen:
            # The options and their letters are on screen just above: the message need not list them.
            raise InvalidInput("Choose the kind of rupture: press the letter in brackets before it.", field="kind")
        return RuptureKind(chosen)

    def saved_message(self, result: Rupture) -> str:
        return f"Rupture #{result.id} recorded."
