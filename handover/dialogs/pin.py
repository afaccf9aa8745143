"""PinScreen (p on the people screen): set or reset a staff member's PIN, typed twice and never shown.

The PIN goes to `Service.set_pin` on a worker thread, which checks who may set it (a manager sets anyone's;
anyone changes their own once they have one), keeps only a salted hash, lifts any lock-out and records in the
audit trail who set it. The PIN itself is never displayed, kept on the screen after saving, or put in a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from handover.domain.errors import HandoverError
from handover.domain.models import StaffMember
from handover.domain.pins import MAX_DIGITS, MIN_DIGITS, check_pin
from handover.styles import SCREENS_CSS
from widgets.modal import Modal

if TYPE_CHECKING:
    from handover.app import HandoverApp


class PinScreen(Modal[bool]):
    """A new PIN for one staff member: type it, Enter, type it again, Enter."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pin.cancel"),
        Binding("ctrl+s", "save", "Save", id="pin.save", priority=True),
    ]
    """Enter moves on and then saves; ctrl+s saves from either field; Escape leaves the PIN as it was."""

    def __init__(self, person: StaffMember, *, has_pin: bool) -> None:
        super().__init__()
        self.person = person
        self.has_pin = has_pin
        self._saving = False

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        from handover.screens.privacy import mask_name

        name = mask_name(self.app, self.person.name)  # initials while initials only is on
        title = f"New PIN for {name}" if self.has_pin else f"Set a PIN for {name}"
        with Vertical(classes="dialog pin-dialog"):
            yield Static(Text(title, style="bold"), classes="dialog-question")
            yield Static(
                f"{MIN_DIGITS} to {MAX_DIGITS} digits; not one digit repeated (0000) or a run (1234). Only a scrambled "
                "form is kept: nobody can read it back. Tell them their PIN in person."
                + (" The old PIN stops working, and a lock-out is lifted." if self.has_pin else ""),
                classes="pin-hint",
            )
            yield self._pin_input("pin-new", "new PIN")
            yield self._pin_input("pin-again", "the same PIN again")
            yield Static("", id="pin-error", classes="form-error")
            yield Static("[b]enter[/b] next, then save   [b]esc[/b] cancel", classes="dialog-keys")

    @staticmethod
    def _pin_input(field_id: str, placeholder: str) -> Input:
        return Input(placeholder=placeholder, password=True, restrict=r"[0-9]*", max_length=MAX_DIGITS, id=field_id)

    def on_mount(self) -> None:
        self.query_one("#pin-new", Input).focus()

    def _say(self, text: str) -> None:
        self.query_one("#pin-error", Static).update(text)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.value:  # typing again clears the last complaint (emptying the fields does not)
            self._say("")

    @on(Input.Submitted, "#pin-new")
    def _first_typed(self) -> None:
        try:
            check_pin(self.query_one("#pin-new", Input).value)
        except HandoverError as exc:
            self._say(str(exc))
            return
        self.query_one("#pin-again", Input).focus()

    @on(Input.Submitted, "#pin-again")
    def _second_typed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        first = self.query_one("#pin-new", Input)
        again = self.query_one("#pin-again", Input)
        try:
            pin = check_pin(first.value)
        except HandoverError as exc:
            self._say(str(exc))
            first.focus()
            return
        if again.value != pin:
            first.value = again.value = ""
            first.focus()
            self._say("The two PINs are not the same. Type the new PIN again, twice.")
            return
        self.save(pin)

    @work(exclusive=True, group="pin-save", exit_on_error=False)
    async def save(self, pin: str) -> None:
        app, person = self.handover_app, self.person
        actor = app.actor
        if actor is None:
            self._say("Nobody is signed in at this keyboard. Press esc, then w on the board to sign in.")
            return
        self._saving = True
        self._say("Saving…")
        try:
            await app.perform(lambda service: service.set_pin(actor, person, pin))
        except HandoverError as exc:
            self._say(str(exc))
            return
        finally:
            self._saving = False
        for field in self.query(Input):
            field.value = ""
        app.notify(f"PIN {'changed' if self.has_pin else 'set'} for {person.name}.", title="PIN saved", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
