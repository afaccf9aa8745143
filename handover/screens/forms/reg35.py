"""Reg35Form (k): tick off one reg 35 clock of a restraint (Children's Homes (England) Regulations 2015):
the record made (24 h), the manager spoke to the adult and signed (48 h), the child spoken to (5 days).

The statutory record itself lives in the home's incident system; this keeps who ticked what, and when.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from handover.domain import reg35
from handover.domain.errors import InvalidInput
from handover.domain.models import Rupture, StaffMember
from handover.domain.reg35 import ClockState, Reg35Clock
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.plan import checked_text
from widgets.choice_field import Choice, ChoiceField
from widgets.view_cells import CLOCK_LOOK

if TYPE_CHECKING:
    from handover.service import Service

#: The letter that picks each clock in the form, and its short name there (the full one is above it).
CLOCK_KEYS = {Reg35Clock.RECORD: "r", Reg35Clock.MANAGER: "m", Reg35Clock.CHILD: "c"}
CLOCK_SHORT = {
    Reg35Clock.RECORD: "record made",
    Reg35Clock.MANAGER: "manager signed",
    Reg35Clock.CHILD: "child spoken to",
}


class Reg35Form(RuptureForm[Rupture]):
    """Tick off a clock of the selected restraint."""

    AUTO_FOCUS = "#clock"

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person
        self._ticked: Reg35Clock | None = None

    def heading(self) -> str:
        return f"Reg 35: tick off a clock of #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        app = self.handover_app
        now = app.clock.now()
        lines = Text()
        for status in reg35.clocks(self.rupture, now):
            if lines:
                lines.append("\n")
            lines.append(f"{status.clock.label} ({status.clock.limit_label}): ")
            if status.state is ClockState.DONE:
                lines.append("✓ done", style="green")
            else:
                words, style = CLOCK_LOOK[status.state]
                local = status.deadline.astimezone(app.tz)
                lines.append(f"{words}, by {local:%a} {local.day} {local:%b %H:%M}", style=style)
        yield Static(lines, classes="form-context")
        due = [s.clock for s in reg35.outstanding(self.rupture, now)]
        choices = [Choice(c.value, CLOCK_SHORT[c], CLOCK_KEYS[c]) for c in due]
        # With more than one clock left, none is chosen until a letter is pressed: a tick says a statutory step
        # was done, and `handover reg35` requires --clock. With one left, the form is about that one.
        clocks = ChoiceField(choices, blank=len(choices) > 1, id="clock")
        yield self.row("Clock", clocks, "the letter in brackets picks one (or ←/→)")
        note = Input(id="note", placeholder="optional, e.g. the incident record's reference: IR-311", compact=True)
        yield self.row("Note", note)
        yield Static(
            "The record itself lives in the home's incident system: this keeps who ticked what, and when.",
            classes="form-guidance",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("note", text_check("a note", required=False))

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        chosen = self.query_one("#clock", ChoiceField).value
        if not chosen:
            raise InvalidInput("Choose which clock: press the letter in brackets before it.", field="clock")
        clock = Reg35Clock(chosen)
        note = checked_text(self, "note", "a note")
        self._ticked = clock
        rupture_id, version = self.rupture.id, self.rupture.version

        def use_case(service: Service) -> Rupture:
            return service.tick_reg35(actor, rupture_id, clock, note, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        what = self._ticked.label if self._ticked else "the clock"
        return f"Rupture #{result.id}: '{what}' ticked off."
