"""PeopleScreen (m on the board): the home's young people and staff; add someone, mark someone as having left,
set or reset a staff member's PIN (p), and lift a sign-in lock-out (u).

Nobody is ever deleted. Someone who leaves is marked as having left: they drop off the pickers and the board,
and every record about them is kept. The two entry rows that add a person live here as well, because the first
run (handover/screens/first_run.py) uses the same ones.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from db import pins as pin_rows
from handover.domain import permissions
from handover.domain.enums import Role
from handover.domain.errors import HandoverError, InvalidInput
from handover.domain.models import Rupture, StaffMember, YoungPerson
from handover.domain.validation import clean_name
from handover.domain.when import parse_when
from handover.dialogs.confirm import ConfirmScreen
from handover.screens.watching import watch_database
from handover.service import Service
from widgets.choice_field import Choice, ChoiceField

if TYPE_CHECKING:
    from handover.app import HandoverApp

Person = YoungPerson | StaffMember

#: Says why nobody can be added just now (nobody signed in, the home not named yet), or None to go ahead.
BeforeAdding = Callable[[], Awaitable["str | None"]]

ROLE_CHOICES = [
    Choice(Role.STAFF.value, "staff", "s"),
    Choice(Role.SHIFT_LEAD.value, "shift lead", "l"),
    Choice(Role.MANAGER.value, "manager", "m"),
]
ROLE_LABELS = {Role(c.value): c.label for c in ROLE_CHOICES}

LEFT_QUESTION = "Mark {name} as having left? Their records are kept; they drop off the pickers and the board."


def arrival_text(at: datetime | None, app: HandoverApp) -> str:
    return f"arrived {at.astimezone(app.tz):%d %b %Y}" if at else ""


# -- adding a person ----------------------------------------------------------------------------------
class PersonEntry(Vertical):
    """One row that adds a person: type the name, Enter, and the row is empty again for the next one.

    The write goes through the service on a worker thread, so its rules (duplicates, length, control
    characters) apply; a refusal is said under the field it is about and nothing is written."""

    BINDINGS = [Binding("enter", "add", "Add", show=False)]
    """Enter adds from any field of the row (an Input submits; the role field has no Enter of its own)."""

    WHAT: ClassVar[str] = "person"

    @dataclass
    class Added(Message):
        """Someone was added (already committed)."""

        entry: PersonEntry
        person: Person

    def __init__(self, *, before: BeforeAdding | None = None, id: str | None = None) -> None:
        super().__init__(id=id, classes="person-entry")
        self.before = before
        self.current_names: dict[str, str] = {}
        """Current people's names by their casefolded form, to warn about a duplicate as it is typed."""
        self._busy = False
        self._last_added: str | None = None

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    @property
    def name_input(self) -> Input:
        return self.query_one(".entry-name", Input)

    # -- for subclasses -----------------------------------------------------------------------------
    def build(self) -> Callable[[Service], Person]:
        raise NotImplementedError

    def has_text(self) -> bool:
        return bool(self.name_input.value.strip())

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
        note.update(text)
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
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.add()

    async def action_add(self) -> None:
        await self.add()

    async def add(self) -> Person | None:
        """Add the person typed; returns them, or None when refused (the reason is shown by the field)."""
        if self._busy:
            return None
        try:
            use_case = self.build()
        except HandoverError as exc:
            self.show_error(exc, self.field_of(exc))
            return None
        sent = [(widget, widget.value) for widget in self.query("Input, ChoiceField").results()]
        if self.before is not None and (problem := await self.before()):
            self.say(self.name_input, problem, "-problem")
            return None
        self._busy = True
        try:
            person = await self.handover_app.perform(use_case)
        except HandoverError as exc:
            self.show_error(exc, self.field_of(exc))
            return None
        finally:
            self._busy = False
        self._last_added = person.name
        for widget, value in sent:
            # Empty the row for the next person, but keep anything typed while the write was on its way.
            if widget.value == value:
                widget.value = "" if isinstance(widget, Input) else cast(ChoiceField, widget).choices[0].value
        self.check_name()
        self.name_input.focus()
        self.post_message(self.Added(self, person))
        return person

    def field_of(self, exc: HandoverError) -> Widget | None:
        """The field a refusal is about (None: the name)."""
        return None


class YoungPersonEntry(PersonEntry):
    """Add a young person: name, and the date they arrived if known."""

    WHAT = "young person"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="entry-row"):
            yield self.field(Input(placeholder="young person's name", id="yp-name", classes="entry-name", compact=True))
            arrived = Input(placeholder="arrived (optional)", id="yp-arrived", classes="entry-arrived", compact=True)
            yield self.field(arrived, "optional · a date like 2026-03-01")

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
        app = self.handover_app
        try:
            at = parse_when(text, app.clock.now(), app.tz)
        except HandoverError:
            raise InvalidInput(
                f"Cannot read '{text}' as a date. Type year-month-day, like 2026-03-01, or leave it empty.",
                field="arrived",
            ) from None
        if at > app.clock.now():
            raise InvalidInput(
                "That date is still to come. Give the day they arrived, or leave it empty.", field="arrived"
            )
        return at

    @on(Input.Changed, ".entry-arrived")
    def _check_arrival(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self.say(self.arrived_input, "optional · a date like 2026-03-01")
            return
        try:
            at = self.arrival()
        except HandoverError as exc:
            self.say(self.arrived_input, str(exc), "-problem")
            return
        assert at is not None
        self.say(self.arrived_input, f"→ {at.astimezone(self.handover_app.tz):%a %d %b %Y}", "-ok")

    def build(self) -> Callable[[Service], Person]:
        name = self.name_input.value
        at = self.arrival()
        actor = self.handover_app.actor  # nobody during the first run: the home is being set up

        def use_case(service: Service) -> Person:
            return service.add_young_person(name, at, actor=actor)

        return use_case

    def field_of(self, exc: HandoverError) -> Widget | None:
        return self.arrived_input if getattr(exc, "field", None) in ("arrived", "when") else None

    def on_mount(self) -> None:
        super().on_mount()
        self.say(self.arrived_input, "optional · a date like 2026-03-01")


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

    def build(self) -> Callable[[Service], Person]:
        name = self.name_input.value
        role = Role(self.role_field.value)
        actor = self.handover_app.actor

        def use_case(service: Service) -> Person:
            return service.add_staff(name, role, actor=actor)

        return use_case


def person_line(person: Person, width: int, detail: str, app: HandoverApp) -> Text:
    """One person in a list: the name, then what matters about them; leavers dimmed and marked "left"."""
    text = Text(person.name + " " * (width - cell_len(person.name) + 2))
    if person.active:
        text.append(detail, style="dim")
    else:
        text.stylize("dim")
        text.append("left" + (f" · {detail}" if detail else ""), style="dim italic")
    return text


# -- the screen -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeopleSnapshot:
    """Everyone who has lived or worked here, and the open ruptures (to say what a leaver leaves open)."""

    young_people: tuple[YoungPerson, ...]
    staff: tuple[StaffMember, ...]
    open_ruptures: tuple[Rupture, ...]
    pins: frozenset[int] = frozenset()
    """Staff who have a PIN."""
    locked_until: dict[int, datetime] | None = None
    """Staff whose sign-in is (or was last) locked after too many wrong PINs, and until when."""


class PeopleScreen(Screen[None]):
    """Young people and staff, current first; add someone; mark someone as having left."""

    BINDINGS = [
        Binding("a", "add_young_person", "Add young person", id="people.add_young_person"),
        Binding("s", "add_staff", "Add staff", id="people.add_staff"),
        Binding("p", "set_pin", "Set PIN", id="people.set_pin"),
        Binding("u", "unlock", "Unlock sign-in", id="people.unlock"),
        Binding("x", "mark_left", "Mark as left", id="people.left"),
        Binding("escape", "back", "Back", id="people.back"),
    ]
    """Keys on the people screen (letters work while a list has the focus); Escape leaves an entry row,
    then goes back to the board. l locks the board here as everywhere, so marking as left is x."""

    @dataclass
    class Loaded(Message):
        """A fresh read of the people, after a commit anywhere."""

        snapshot: PeopleSnapshot

    @dataclass
    class LoadFailed(Message):
        message: str

    def __init__(self) -> None:
        super().__init__()
        self._snapshot: PeopleSnapshot | None = None
        self._stop = threading.Event()
        self._last_list = "young-people-list"
        self._manager_text = ""
        """The status line as a manager sees it (the keys); others are told what they may do instead."""

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="people-columns"):
            with Vertical(classes="people-column"):
                yield Static("Young people", classes="people-heading")
                yield OptionList(id="young-people-list", classes="people-list")
                yield Static("[b]a[/b]  add a young person", classes="entry-heading")
                yield YoungPersonEntry(before=self._need_someone_signed_in, id="yp-entry")
            with Vertical(classes="people-column"):
                yield Static("Staff", classes="people-heading")
                yield OptionList(id="staff-list", classes="people-list")
                yield Static("[b]s[/b]  add a staff member", classes="entry-heading")
                yield StaffEntry(before=self._need_someone_signed_in, id="staff-entry")
        yield Static(
            "Nobody is ever deleted. [b]x[/b] marks the highlighted person as having left: their records stay, "
            "and they drop off the pickers and the board. On a staff member, [b]p[/b] sets or resets their PIN "
            "and [b]u[/b] lifts a sign-in lock-out.",
            id="people-status",
            classes="people-note",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#young-people-list", OptionList).focus()
        self._manager_text = str(self.query_one("#people-status", Static).content)
        # Whoever signs in (after the lock, say) is told at once what they may do here.
        self.watch(self.app, "actor", self._show_what_you_may_do, init=True)
        self.watch_people()

    def _show_what_you_may_do(self, actor: StaffMember | None) -> None:
        status = self.query_one("#people-status", Static)
        if actor is not None and not permissions.allowed(actor, permissions.Action.ADD_PERSON):
            # Said before anyone types a name, not after.
            status.update(
                f"You can look. Only a manager can add people, mark them as having left or set PINs; "
                f"{actor.name} is {permissions.role_phrase(actor.role)}. Nobody is ever deleted. "
                "p changes your own PIN, once you have one."
            )
        else:
            status.update(self._manager_text)

    def on_unmount(self) -> None:
        self._stop.set()

    # -- keeping the lists current --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="people-watch", exit_on_error=False)
    def watch_people(self) -> None:
        """Like the board: re-read the people after every commit anywhere."""
        app = self.handover_app

        def read(service: Service) -> PeopleSnapshot:
            store = service.store  # until the people reads move to service/people.py
            staff = tuple(store.staff())
            records = [pin_rows.pin_record(store, s.id) for s in staff]
            snapshot = PeopleSnapshot(
                tuple(store.young_people()),
                staff,
                tuple(store.open_ruptures()),
                pins=frozenset(r.staff_id for r in records if r.has_pin),
                locked_until={r.staff_id: r.locked_until for r in records if r.locked_until is not None},
            )
            return snapshot

        watch_database(
            app.open_service,
            app.poll_seconds,
            self._stop,
            read=read,
            loaded=lambda snapshot: self.post_message(self.Loaded(snapshot)),
            failed=lambda message: self.post_message(self.LoadFailed(message)),
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._snapshot = snapshot = message.snapshot
        open_by_young_person: dict[int, int] = {}
        owned: dict[int, int] = {}
        for rupture in snapshot.open_ruptures:
            open_by_young_person[rupture.young_person_id] = open_by_young_person.get(rupture.young_person_id, 0) + 1
            if rupture.owner_id is not None:
                owned[rupture.owner_id] = owned.get(rupture.owner_id, 0) + 1
        app = self.handover_app

        def yp_detail(p: YoungPerson) -> str:
            count = open_by_young_person.get(p.id, 0)
            parts = [arrival_text(p.arrived_at, app) if p.active else "", f"{count} open" if count else ""]
            return " · ".join(x for x in parts if x)

        now = app.clock.now()
        locks = snapshot.locked_until or {}

        def staff_detail(s: StaffMember) -> str:
            count = owned.get(s.id, 0)
            parts = [ROLE_LABELS[s.role], f"owns {count} open repair{'s' * (count != 1)}" if count else ""]
            if s.active and s.id not in snapshot.pins:
                parts.append("no PIN")
            elif s.active and s.id in locks and locks[s.id] > now:
                parts.append(f"sign-in locked until {locks[s.id].astimezone(app.tz):%H:%M}")
            return " · ".join(x for x in parts if x)

        self._fill("young-people-list", "yp", snapshot.young_people, yp_detail)
        self._fill("staff-list", "staff", snapshot.staff, staff_detail)
        for entry, people in ((YoungPersonEntry, snapshot.young_people), (StaffEntry, snapshot.staff)):
            self.query_one(entry).current_names = {p.name.casefold(): p.name for p in people if p.active}

    def _fill(self, list_id: str, prefix: str, people: Sequence[Person], detail: Callable[[Any], str]) -> None:
        """Refill a list (a handful of names) and put the highlight back on the same person, by id."""
        options = self.query_one(f"#{list_id}", OptionList)
        highlighted = options.highlighted
        keep = options.get_option_at_index(highlighted).id if highlighted is not None and options.option_count else None
        current = sorted((p for p in people if p.active), key=lambda p: p.name.casefold())
        left = sorted((p for p in people if not p.active), key=lambda p: p.name.casefold())
        width = max((cell_len(p.name) for p in people), default=0)
        app = self.handover_app
        new: list[Option] = [Option(person_line(p, width, detail(p), app), id=f"{prefix}-{p.id}") for p in current]
        if not current:
            new.append(Option(Text("nobody yet", style="dim italic"), disabled=True))
        if left:
            new.append(Option(Text("── left the home ──", style="dim"), disabled=True))
            new += [Option(person_line(p, width, detail(p), app), id=f"{prefix}-{p.id}") for p in left]
        options.clear_options()
        options.add_options(new)
        ids = [o.id for o in new]
        if keep is not None and keep in ids:
            options.highlighted = ids.index(keep)
        elif current:
            options.highlighted = min(highlighted or 0, len(current) - 1)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.query_one("#people-status", Static).update(Text(f"⚠ Not up to date: {message.message}", style="bold red"))

    @on(PersonEntry.Added)
    def _added(self, message: PersonEntry.Added) -> None:
        what = "young person" if isinstance(message.person, YoungPerson) else "staff member"
        self.notify(f"Added {what} {message.person.name}.", title="Added")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, OptionList) and event.widget.id:
            self._last_list = event.widget.id

    # -- actions --------------------------------------------------------------------------------------
    async def _need_someone_signed_in(self) -> str | None:
        if self.handover_app.actor is None:
            return "Nobody is signed in at this keyboard. Press Escape twice, then w to say who you are."
        return None

    def action_add_young_person(self) -> None:
        self.query_one("#yp-name", Input).focus()

    def action_add_staff(self) -> None:
        self.query_one("#staff-name", Input).focus()

    def action_back(self) -> None:
        focused = self.focused
        # Escape in an entry row steps back to its list first; Escape on a list goes back to the board.
        for entry, list_id in ((YoungPersonEntry, "young-people-list"), (StaffEntry, "staff-list")):
            if focused is not None and any(isinstance(a, entry) for a in focused.ancestors):
                self.query_one(f"#{list_id}", OptionList).focus()
                return
        self.dismiss()

    def highlighted_person(self) -> Person | None:
        """The person highlighted in the list that last had the focus."""
        options = self.query_one(f"#{self._last_list}", OptionList)
        if self._snapshot is None or options.highlighted is None or not options.option_count:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        prefix, _, number = option_id.partition("-")
        people: tuple[Person, ...] = self._snapshot.young_people if prefix == "yp" else self._snapshot.staff
        return next((p for p in people if str(p.id) == number), None)

    def action_mark_left(self) -> None:
        person = self.highlighted_person()
        if person is None:
            self.notify("Move onto a person in one of the lists first (↑/↓, Tab between lists).", severity="warning")
            return
        if not person.active:
            self.notify(f"{person.name} is already marked as having left.", severity="information")
            return
        if self.handover_app.actor is None:
            self.notify(
                "Nobody is signed in at this keyboard. Press Escape, then w to say who you are.", severity="warning"
            )
            return
        assert self._snapshot is not None
        if isinstance(person, StaffMember) and not any(s.active and s.id != person.id for s in self._snapshot.staff):
            self.notify(
                f"{person.name} is the only current staff member. Add another first: someone must be able to "
                "sign in to the board.",
                severity="warning",
            )
            return
        self._confirm_and_mark(person, self._left_question(person))

    # -- PINs -----------------------------------------------------------------------------------------------
    def _staff_for_pin(self, doing: str) -> StaffMember | None:
        """The highlighted staff member, current, with someone signed in; otherwise a plain word and None."""
        person = self.highlighted_person()
        if not isinstance(person, StaffMember):
            self.notify(f"Move onto a staff member first (Tab to the staff list, then ↑/↓) to {doing}.")
            return None
        if not person.active:
            self.notify(f"{person.name} has left the home and no longer signs in.", severity="warning")
            return None
        if self.handover_app.actor is None:
            self.notify("Nobody is signed in at this keyboard. Press Escape, then w to sign in.", severity="warning")
            return None
        return person

    @work(exclusive=True, group="people-pin", exit_on_error=False)
    async def action_set_pin(self) -> None:
        """Set or reset the highlighted staff member's PIN: refused plainly before anything is typed if the
        signed-in person may not (the service checks again when it saves)."""
        from handover.dialogs.pin import PinScreen

        person = self._staff_for_pin("set a PIN")
        app = self.handover_app
        actor = app.actor
        if person is None or actor is None:
            return

        def may_set(service: Service) -> bool:
            has_pin = service.has_pin(person)
            service.check_allowed(actor, "set-pin", detail={"staff_id": person.id, "has_pin": has_pin})
            return has_pin

        try:
            has_pin = await app.perform(may_set)
        except HandoverError as exc:
            self.notify(str(exc), title="Not allowed", severity="warning")
            return
        await app.push_screen_wait(PinScreen(person, has_pin=has_pin))

    @work(exclusive=True, group="people-pin", exit_on_error=False)
    async def action_unlock(self) -> None:
        """Lift the highlighted staff member's sign-in lock-out (a shift lead or manager), before the five
        minutes are up."""
        person = self._staff_for_pin("unlock their sign-in")
        app = self.handover_app
        actor = app.actor
        if person is None or actor is None:
            return

        def unlock(service: Service) -> bool:
            service.check_allowed(actor, "unlock-sign-in")
            if service.pin_status(person).locked_until is None:
                return False
            service.unlock_sign_in(actor, person)
            return True

        try:
            unlocked = await app.perform(unlock)
        except HandoverError as exc:
            self.notify(str(exc), title="Not allowed", severity="warning")
            return
        if unlocked:
            self.notify(f"{person.name} can sign in again.", title="Sign-in unlocked")
        else:
            self.notify(f"{person.name}'s sign-in is not locked.")

    def _left_question(self, person: Person) -> str:
        assert self._snapshot is not None
        question = LEFT_QUESTION.format(name=person.name)
        if isinstance(person, YoungPerson):
            still_open = sum(r.young_person_id == person.id for r in self._snapshot.open_ruptures)
            if still_open:
                ruptures = "1 rupture" if still_open == 1 else f"{still_open} ruptures"
                question += (
                    f"\n\n{ruptures} with {person.name} {'is' if still_open == 1 else 'are'} still open and "
                    f"{'stays' if still_open == 1 else 'stay'} on the board until repaired, or ended (e) because "
                    "the young person moved on."
                )
        else:
            owned = sum(r.owner_id == person.id for r in self._snapshot.open_ruptures)
            if owned:
                question += (
                    f"\n\n{person.name} owns the repair of {owned} open rupture{'s' * (owned != 1)}: "
                    "give them to someone else on the board (o)."
                )
        return question

    @work(exclusive=True, group="mark-left", exit_on_error=False)
    async def _confirm_and_mark(self, person: Person, question: str) -> None:
        if not await self.app.push_screen_wait(ConfirmScreen(question, "yes, mark as having left", "no, go back")):
            return
        app = self.handover_app
        try:
            await app.perform(lambda service: service.mark_left(person, actor=app.actor))
        except HandoverError as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return
        self.notify(f"{person.name} is marked as having left. Their records are kept.", title="Saved")
        if isinstance(person, StaffMember) and app.actor is not None and app.actor.id == person.id:
            app.actor = None
