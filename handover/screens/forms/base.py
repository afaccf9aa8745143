"""FormScreen: what every form shares, so each is quick, forgiving and impossible to lose.

- ctrl+s saves from any field; an invalid form says what to fix, beside the field, and saves nothing;
- fields are checked as you type, in plain words;
- the write runs on a worker thread; a refusal (a stale edit from another terminal, a locked database)
  shows its message and keeps every word typed, so it can be re-applied;
- Escape with unsaved text asks before throwing it away;
- each form names the field it opens on in `AUTO_FOCUS`: Textual focuses it as the form mounts, so the keys
  typed while the form opens (held back by handover/typeahead.py until it has) land there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from handover.dialogs.confirm import ConfirmScreen
from handover.domain.errors import HandoverError, InvalidInput, StaleVersion
from handover.domain.models import Rupture, StaffMember
from handover.domain.when import EXAMPLES, parse_when
from handover.screens.privacy import NamedText, mask_names
from handover.service import Service
from handover.styles import SCREENS_CSS
from widgets.choice_field import ChoiceField
from widgets.modal import Modal
from widgets.person_field import PersonField

if TYPE_CHECKING:
    from handover.app import HandoverApp

R = TypeVar("R")

_FIELD_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

#: Checks one field's current text; returns a plain message, or None when it is fine.
FieldCheck = Callable[[str], "str | None"]


class FormScreen(Modal["R | None"], Generic[R]):
    """Base for every form. Subclasses give `compose_fields`, `build` and `saved_message`."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel", priority=True),
    ]
    """ctrl+s saves from any field; Escape cancels (asking first if anything was typed)."""

    HEADING: ClassVar[str] = "Form"

    def __init__(self) -> None:
        super().__init__()
        self._checks: dict[str, FieldCheck] = {}
        self._initial: dict[str, str] = {}
        self._saving = False
        self._restored: dict[str, str] = {}
        self._shown = False
        """Field id → the text the form put back in it (RuptureForm carrying on after a stale save)."""

    # -- for subclasses -----------------------------------------------------------------------------
    def compose_fields(self) -> ComposeResult:
        """Yield the form's fields, each wrapped by `row`."""
        yield from ()

    def build(self, actor: StaffMember) -> Callable[[Service], R]:
        """Read and check the fields; return the use case to run. Raise InvalidInput(field=id) to refuse."""
        raise NotImplementedError

    def saved_message(self, result: R) -> str:
        return "Saved."

    def heading(self) -> str:
        return self.HEADING

    # -- building blocks ----------------------------------------------------------------------------
    @staticmethod
    def row(label: str, field: Widget, hint: str = "") -> Horizontal:
        """One field: its label on the left; the field and a hint on the right, and under them its error
        message once there is one (`_show_field_error`)."""
        parts: list[Widget] = [field]
        if hint:
            parts.append(Static(hint, classes="field-hint"))
        return Horizontal(
            Static(label, classes="field-label"), Vertical(*parts, classes="field-body"), classes="field-row"
        )

    def check_as_you_type(self, field_id: str, check: FieldCheck) -> None:
        """Run `check` on the field's text whenever it changes, showing its message under the field."""
        self._checks[field_id] = check

    def person_in(self, field_id: str) -> Any:
        """The person a PersonField names (None if it may be empty), refusals pinned to that field."""
        field = self.query_one(f"#{field_id}", PersonField)
        try:
            return field.person()
        except HandoverError as exc:
            raise InvalidInput(str(exc), field=field_id) from None

    def time_in(self, field_id: str) -> datetime | None:
        """The time typed in an Input ("20:30", "yesterday 19:30", "2h ago"); None when left empty."""
        text = self.query_one(f"#{field_id}", Input).value.strip()
        if not text:
            return None
        app = self.handover_app
        try:
            at = parse_when(text, app.clock.now(), app.tz)
        except HandoverError as exc:
            raise InvalidInput(str(exc), field=field_id) from None
        return at

    def text_in(self, field_id: str) -> str:
        widget = self.query_one(f"#{field_id}")
        return widget.text if isinstance(widget, TextArea) else cast(Input, widget).value

    # -- the frame ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            # The heading names the young person: initials while initials only is on (screens/privacy.py).
            yield NamedText(self.heading(), classes="form-title")
            yield from self.compose_fields()
            # What went wrong, then the keys, docked together: two widgets docked to one edge lie on top of
            # each other, and the key line hid all but the first line of a longer refusal.
            with Vertical(classes="form-foot"):
                yield Static("", id="form-error", classes="form-error")
                yield Static("[b]ctrl+s[/b] save   [b]tab[/b] next field   [b]esc[/b] cancel", classes="form-keys")

    def on_mount(self) -> None:
        self._initial = self._values()
        self._mask_people()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The form's key line is docked at the foot of its scroll area, and Textual counts a field behind it as
        # in view: at 80x24 a Tab to "When" typed into a field hidden under "ctrl+s save". The field's whole
        # row (its hint and error too) is kept in the middle; where the form fits, nothing moves.
        row = next((node for node in event.widget.ancestors if node.has_class("field-row")), event.widget)
        if isinstance(row, Widget):
            for scroll in self.query(VerticalScroll):
                scroll.scroll_to_center(row, animate=False, immediate=True)  # now, not after a refresh

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. A form is pushed new each time, and Textual styled each of its
        # widgets as it mounted; restyling the whole form again as it first shows is a third of the time
        # from the key to the form on screen on a 50-widget form, and changes nothing. A form shown again
        # (a dialog over it closed) is restyled as Textual asks.
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def _mask_people(self) -> None:
        for field in self.query(PersonField):
            names = tuple(p.name for p in field.people)
            field.privacy = lambda text, names=names: mask_names(self.app, text, names)

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def _fields(self) -> list[Widget]:
        return [w for w in self.query("Input, TextArea, ChoiceField") if w.id]

    def _values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for widget in self._fields():
            if isinstance(widget, TextArea):
                values[str(widget.id)] = widget.text
            elif isinstance(widget, Input | ChoiceField):
                values[str(widget.id)] = widget.value
        return values

    def is_dirty(self) -> bool:
        return self._values() != self._initial

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed) -> None:
        widget = event.control
        field_id = str(widget.id)
        text = widget.text if isinstance(widget, TextArea) else widget.value
        # Whatever the foot of the form said was about the text as it was; it is being changed now. (Not when
        # the form put back what was typed, carrying on after a stale save: that is the text it speaks of.)
        if self._restored.pop(field_id, None) != text:
            self.query_one("#form-error", Static).update("")
        if isinstance(widget.parent, PersonField):
            return  # a PersonField shows its own hint as you type
        check = self._checks.get(field_id)
        if check is None:
            return
        self._show_field_error(field_id, check(text) or "")

    @on(ChoiceField.Changed)
    def _chosen(self, event: ChoiceField.Changed) -> None:
        # A choice refused as missing ("Choose the kind...") has just been made: neither message stands. (Not
        # when the form put back what was chosen, carrying on after a stale save, as for text in `_changed`.)
        field_id = str(event.control.id)
        if self._restored.pop(field_id, None) != event.value:
            self.query_one("#form-error", Static).update("")
            self._show_field_error(field_id, "")

    def _show_field_error(self, field_id: str, message: str) -> None:
        # Made the first time there is something to say, not with the form: most forms open and save without
        # one, and every widget composed is time between the key and the form on screen. Plain text: a
        # message may quote what was typed.
        for error in self.query(f"#{field_id}-error"):
            cast(Static, error).update(message)
            error.display = bool(message)
            return
        if not message:
            return
        field = self.query_one(f"#{field_id}")
        body = next((node for node in field.ancestors if node.has_class("field-body")), None)
        if isinstance(body, Widget):
            body.mount(Static(message, id=f"{field_id}-error", classes="field-error", markup=False))

    def show_error(self, exc: HandoverError) -> None:
        """Say what is wrong at the foot of the form and beside the field; focus the field."""
        # Plain text (it may quote what was typed), names as initials while initials only is on.
        self.query_one("#form-error", Static).update(Text(mask_names(self.app, f"⚠ {exc}")))
        field = getattr(exc, "field", None)
        # The service names fields in words ("the plan"); only a form's own field ids are looked up.
        if not (isinstance(exc, InvalidInput) and field and _FIELD_ID.match(field)):
            return
        for widget in self.query(f"#{field}"):
            if not isinstance(widget, PersonField):  # a PersonField already says it in its own hint
                self._show_field_error(field, str(exc))
            widget.focus()

    def refused(self, exc: HandoverError) -> None:
        """Say why nothing was saved. The form stays open with every word typed."""
        self.show_error(exc)

    async def action_save(self) -> None:
        if self._saving:
            return
        actor = self.handover_app.actor
        if actor is None:
            self.show_error(HandoverError("Nobody is signed in at this keyboard. Press w to say who you are."))
            return
        try:
            use_case = self.build(actor)
        except HandoverError as exc:
            self.show_error(exc)
            return
        self._saving = True
        self.query_one("#form-error", Static).update("Saving…")
        try:
            result = await self.handover_app.perform(use_case)
        except HandoverError as exc:
            # The form stays open with every word in it: nothing is lost, nothing half-written.
            self.refused(exc)
            return
        finally:
            self._saving = False
        if isinstance(result, Rupture) and not result.status.is_open:
            # This terminal closed it: the board need not announce it as a change from elsewhere.
            self.handover_app.closed_here.add(result.id)
        self.app.notify(self.saved_message(result), title="Saved")
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Throw away what you typed in this form?", "yes, throw it away"), answered)


class RuptureForm(FormScreen[R]):
    """A form about one rupture, saved against the version it showed (`rupture.version`).

    When someone else changed the rupture first, the save is refused and nothing is written. The form says
    what changed, in the describer's words ("Sunita Moran repaired the rupture at 00:18"), and offers to carry
    on from the rupture as it is now with every word typed still in place (ctrl+s then saves against the new
    version, or says plainly why the step no longer fits), or to discard the form."""

    rupture: Rupture

    def refused(self, exc: HandoverError) -> None:
        if not isinstance(exc, StaleVersion) or exc.current is None:
            super().refused(exc)
            return
        current = exc.current
        said = f"Rupture #{current.id} changed since you opened this form: {exc.changes}. Nothing was saved."
        self.show_error(HandoverError(said))
        question = (
            f"{said}\n\nCarry on with this form on the rupture as it is now? Every word you typed stays in it; "
            "look it over, then ctrl+s saves it. Or discard the form."
        )

        def answered(carry_on: bool | None) -> None:
            if carry_on:
                self.run_worker(self._carry_on(current), exclusive=True, group="form-carry-on")
            elif carry_on is False:
                self.dismiss(None)
            # Escape: back to the form as it was, nothing thrown away.

        dialog = ConfirmScreen(
            mask_names(self.app, question), "carry on, keeping what I typed", "discard this form", "back to the form"
        )
        self.app.push_screen(dialog, answered)

    async def _carry_on(self, current: Rupture) -> None:
        """Build the form again on `current` (its status, owner and plan as they are now), typed words kept."""
        typed, focused = self._values(), self.focused.id if self.focused else None
        self.rupture = current
        await self.recompose()
        self._mask_people()
        self._initial = self._values()
        for widget in self._fields():
            value = typed.get(str(widget.id))
            if value is None:
                continue
            if value == self._initial.get(str(widget.id)):
                continue
            self._restored[str(widget.id)] = value
            if isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input | ChoiceField):
                widget.value = value
        self.query_one("#form-error", Static).update(
            f"This form is now on rupture #{current.id} as it is now. Look it over, then ctrl+s to save."
        )
        for widget in self.query(f"#{focused}") if focused and _FIELD_ID.match(focused) else ():
            widget.focus()
            break


def text_check(what: str, required: bool = True) -> FieldCheck:
    """A check for free text: the same rule the service applies, said as you type."""
    from handover.domain.validation import clean_text

    def check(text: str) -> str | None:
        try:
            clean_text(text, what, required=required)
        except HandoverError as exc:
            return str(exc) if text else None  # an empty field is said at save, not while starting to type
        return None

    return check


def time_check(app: HandoverApp) -> FieldCheck:
    """A check for a typed time, showing when it will be read as (or why it cannot be read)."""

    def check(text: str) -> str | None:
        if not text.strip():
            return None
        try:
            at = parse_when(text, app.clock.now(), app.tz)
        except HandoverError:
            return f"Cannot read that time yet. Try {EXAMPLES}."
        return f"→ {at.astimezone(app.tz):%a %d %b %H:%M}"

    return check
