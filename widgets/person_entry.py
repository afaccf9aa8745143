"""The rows that add a person, used by the people screen (m) and the first run: YoungPersonEntry (name, and the
date they arrived if known) and StaffEntry (name and role), both PersonEntry.

Type the name, Enter, and the row is empty again for the next one. The row knows nothing of storage: it hands
what was typed (a NewYoungPerson or a NewStaff) to the `Adder` it was given, which writes it through the
service. A refusal (a duplicate, a name too long, control characters, nobody signed in) comes back as a plain
HandoverError and is said under the field it is about; nothing is written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from handover.domain.enums import Role
from handover.domain.errors import HandoverError, InvalidInput
from handover.domain.models import StaffMember, YoungPerson
from handover.domain.validation import clean_name
from handover.domain.when import parse_when
from widgets.choice_field import Choice, ChoiceField

Person = YoungPerson | StaffMember


@dataclass(frozen=True)
class NewYoungPerson:
    """A young person as typed into the row, not yet written."""

    name: str
    arrived_at: datetime | None


@dataclass(frozen=True)
class NewStaff:
    """A staff member as typed into the row, not yet written."""

    name: str
    role: Role


NewPerson = NewYoungPerson | NewStaff


class Adder(Protocol):
    """What a row needs from the screen it is on: the home's time (to read an arrival date) and the write."""

    @property
    def tz(self) -> tzinfo: ...

    def now(self) -> datetime: ...

    async def add(self, new: NewPerson) -> Person:
        """Write `new` and return them as stored; raise a plain HandoverError when refused."""
        ...


#: Says why nobody can be added just now (nobody signed in, the home not named yet), or None to go ahead.
BeforeAdding = Callable[[], Awaitable["str | None"]]

ROLE_CHOICES = [
    Choice(Role.STAFF.value, "staff", "s"),
    Choice(Role.SHIFT_LEAD.value, "shift lead", "l"),
    Choice(Role.MANAGER.value, "manager", "m"),
]
ROLE_LABELS = {Role(c.value): c.label for c in ROLE_CHOICES}

ARRIVED_HINT = "optional · a date like 2026-03-01"


def arrival_text(at: datetime | None, tz: tzinfo) -> str:
    """The arrival date in the home's time zone ("arrived 02 Mar 2026"), or "" when it is not known."""
    return f"arrived {at.astimezone(tz):%d %b %Y}" if at else ""


class PersonEntry(Vertical):
    """One row that adds a person. Subclasses say which fields it has and what they make (`new_person`)."""

    BINDINGS = [Binding("enter", "add", "Add", show=False)]
    """Enter adds from any field of the row (an Input submits; the role field has no Enter of its own)."""

    WHAT: ClassVar[str] = "person"
    """What the row adds, in the words of its messages ("young person", "staff member")."""

    @dataclass
    class Added(Message):
        """Someone was added (already committed)."""

        entry: PersonEntry
        person: Person

    def __init__(self, adder: Adder, *, before: BeforeAdding | None = None, id: str | None = None) -> None:
        super().__init__(id=id, classes="person-entry")
        self.adder = adder
        self.before = before
        self.current_names: dict[str, str] = {}
        """Current people's names by their casefolded form, to warn about a duplicate as it is typed."""
        self._busy = False
        self._last_added: str | None = None

    @property
    def name_input(self) -> Input:
        return self.query_one(".entry-name", Input)

    # -- for subclasses -----------------------------------------------------------------------------
    def new_person(self) -> NewPerson:
        """The person typed, checked as far as the row can; raises a plain HandoverError otherwise."""
        raise NotImplementedError

    def has_text(self) -> bool:
        return bool(self.name_input.value.strip())

    def field_of(self, exc: HandoverError) -> Widget | None:
        """The field a refusal is about (None: the name)."""
        return None

    # -- building blocks ----------------------------------------------------------------------------
    @staticmethod
    def field(widget: Widget, note: str = "") -> Vertical:
        """A field with a one-line note under it: a hint, or what is wrong with what was typed."""
        return Vertical(widget, Static(note, classes="entry-note"), classes="entry-field")

    def note_for(self, widget: Widget) -> Static:
        assert widget.parent is not None
        return widget.parent.query_one(".entry-note", Static)

    def say(self, widget: Widget, text: str, kind: str = "") -> None:
        """Put `text` under `widget`: kind "" is a plain hint, "-ok" good news, "-problem" a refusal."""
        note = self.note_for(widget)
        note.update(Text(text))  # names as typed are text, never markup
        note.set_class(kind == "-ok", "-ok")
        note.set_class(kind == "-problem", "-problem")

    def name_hint(self) -> str:
        if self._last_added:
            return f"✓ added {self._last_added} · type the next, or tab on"
        return "enter adds"

    def on_mount(self) -> None:
        self.check_name()

    @on(Input.Changed, ".entry-name")
    def _name_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip():
            self._last_added = None
        self.check_name()

    def check_name(self) -> None:
        """Say under the name what is wrong with it as typed (the service's own rule), or the plain hint."""
        text = self.name_input.value
        if not text.strip():
            self.say(self.name_input, self.name_hint(), "-ok" if self._last_added else "")
            return
        try:
            name = clean_name(text, f"{self.WHAT}'s name")
        except HandoverError as exc:
            self.say(self.name_input, str(exc), "-problem")
            return
        if existing := self.current_names.get(name.casefold()):
            self.say(
                self.name_input,
                f"There is already a {self.WHAT} called {existing}. Add a surname or initial.",
                "-problem",
            )
            return
        self.say(self.name_input, self.name_hint())

    def show_error(self, exc: HandoverError, widget: Widget | None = None) -> None:
        target = widget or self.name_input
        self.say(target, str(exc), "-problem")
        target.focus()

    # -- adding -------------------------------------------------------------------------------------
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.add()

    def action_add(self) -> None:
        self.add()

    # A worker, so the row's messages keep flowing while another terminal holds the database for a moment.
    @work(group="person-entry-add", exit_on_error=False)
    async def add(self) -> Person | None:
        """Add the person typed; returns them, or None when refused (the reason is shown by the field)."""
        if self._busy:
            return None
        try:
            new = self.new_person()
        except HandoverError as exc:
            self.show_error(exc, self.field_of(exc))
            return None
        fields: list[Input | ChoiceField] = [*self.query(Input).results(), *self.query(ChoiceField).results()]
        sent = [(field, field.value) for field in fields]
        if self.before is not None and (problem := await self.before()):
            self.say(self.name_input, problem, "-problem")
            return None
        self._busy = True
        # Said while another terminal holds the database: the row is not stuck, the write is waiting its turn.
        self.say(self.name_input, f"adding {new.name.strip()}…")
        try:
            person = await self.adder.add(new)
        except HandoverError as exc:
            self.show_error(exc, self.field_of(exc))
            return None
        finally:
            self._busy = False
        self._last_added = person.name
        for field, value in sent:
            # Empty the row for the next person, but keep anything typed while the write was on its way.
            if field.value == value:
                if isinstance(field, ChoiceField):
                    field.value = field.choices[0].value
                else:
                    field.value = ""
        self.check_name()
        self.name_input.focus()
        self.post_message(self.Added(self, person))
        return person


class YoungPersonEntry(PersonEntry):
    """Add a young person: name, and the date they arrived if known."""

    WHAT = "young person"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="entry-row"):
            yield self.field(Input(placeholder="young person's name", id="yp-name", classes="entry-name", compact=True))
            arrived = Input(placeholder="arrived (optional)", id="yp-arrived", classes="entry-arrived", compact=True)
            yield self.field(arrived, ARRIVED_HINT)

    @property
    def arrived_input(self) -> Input:
        return self.query_one(".entry-arrived", Input)

    def has_text(self) -> bool:
        return super().has_text() or bool(self.arrived_input.value.strip())

    def arrival(self) -> datetime | None:
        """The arrival date typed, or None; a plain refusal when it cannot be read or is still to come."""
        text = self.arrived_input.value.strip()
        if not text:
            return None
        now = self.adder.now()
        try:
            at = parse_when(text, now, self.adder.tz)
        except HandoverError:
            raise InvalidInput(
                f"Cannot read '{text}' as a date. Type year-month-day, like 2026-03-01, or leave it empty.",
                field="arrived",
            ) from None
        if at > now:
            raise InvalidInput(
                "That date is still to come. Give the day they arrived, or leave it empty.", field="arrived"
            )
        return at

    @on(Input.Changed, ".entry-arrived")
    def _check_arrival(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self.say(self.arrived_input, ARRIVED_HINT)
            return
        try:
            at = self.arrival()
        except HandoverError as exc:
            self.say(self.arrived_input, str(exc), "-problem")
            return
        assert at is not None
        self.say(self.arrived_input, f"→ {at.astimezone(self.adder.tz):%a %d %b %Y}", "-ok")

    def new_person(self) -> NewPerson:
        return NewYoungPerson(self.name_input.value, self.arrival())

    def field_of(self, exc: HandoverError) -> Widget | None:
        return self.arrived_input if getattr(exc, "field", None) in ("arrived", "when") else None

    def on_mount(self) -> None:
        super().on_mount()
        self.say(self.arrived_input, ARRIVED_HINT)


class StaffEntry(PersonEntry):
    """Add a staff member: name and role."""

    WHAT = "staff member"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="entry-row"):
            yield self.field(
                Input(placeholder="staff member's name", id="staff-name", classes="entry-name", compact=True)
            )
            yield self.field(ChoiceField(ROLE_CHOICES, id="staff-role"), "role · press s, l or m")

    @property
    def role_field(self) -> ChoiceField:
        return self.query_one(ChoiceField)

    def new_person(self) -> NewPerson:
        return NewStaff(self.name_input.value, Role(self.role_field.value))
