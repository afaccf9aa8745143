"""PeopleScreen (m on the board): the home's young people and staff; add someone, mark someone as having left,
set or reset a staff member's PIN (p), and lift a sign-in lock-out (u).

Nobody is ever deleted. Someone who leaves is marked as having left: they drop off the pickers and the board,
and every record about them is kept. The rows that add a person are widgets (widgets/person_entry.py), shared
with the first run; the lists are widgets/people_list.py. Everything shown is read through the service
(`Service.people_snapshot`) after every commit anywhere.

p, u and x act on the person the cursor is on in the list that last had the focus. After adding someone the
cursor is on them, so Escape then p sets the PIN of the person just added.

With initials only on (i), both lists show people by initials, as every screen does (screens/privacy.py),
and follow the switch as it is pressed; the lists stay in the order of the names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from handover.dialogs.confirm import ConfirmScreen
from handover.domain import permissions
from handover.domain.errors import HandoverError
from handover.domain.models import StaffMember, YoungPerson
from handover.following import follow
from handover.screens.adding import ServiceAdder
from handover.screens.privacy import mask_name
from handover.screens.watching import LoopStop, watch_database
from handover.service.people import PeopleSnapshot
from handover.styles import SCREENS_CSS
from widgets.people_list import PeopleList
from widgets.person_entry import ROLE_LABELS, Person, PersonEntry, StaffEntry, YoungPersonEntry, arrival_text

if TYPE_CHECKING:
    from handover.app import HandoverApp
    from handover.service import Service

LEFT_QUESTION = "Mark {name} as having left? Their records are kept; they drop off the pickers and the board."

YOUNG_PEOPLE = "young-people-list"
STAFF = "staff-list"


class PeopleScreen(Screen[None]):
    """Young people and staff, current first; add someone; mark someone as having left; PINs."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

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
        """What the lists show: the last read, with anyone added here since that the read had not caught."""
        self._added_here: list[Person] = []
        """People added from this screen whose commit no read has shown yet (a read that began before it)."""
        self._move_to: dict[str, int] = {}
        """List id -> the id of the person the cursor goes to at the next refill (the person just added)."""
        self._stop = LoopStop()
        self._last_list = YOUNG_PEOPLE
        self._manager_text = ""
        """The status line as a manager sees it (the keys); others are told what they may do instead."""
        self._adder: ServiceAdder | None = None

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    @property
    def adder(self) -> ServiceAdder:
        assert self._adder is not None, "set in compose"
        return self._adder

    def compose(self) -> ComposeResult:
        self._adder = ServiceAdder(self.handover_app, added=self._show_added)
        yield Header(show_clock=False)
        with Horizontal(id="people-columns"):
            with Vertical(classes="people-column"):
                yield Static("Young people", classes="people-heading")
                yield PeopleList("yp", id=YOUNG_PEOPLE, classes="people-list")
                yield Static("[b]a[/b]  add a young person", classes="entry-heading")
                yield YoungPersonEntry(self.adder, before=self._need_someone_signed_in, id="yp-entry")
            with Vertical(classes="people-column"):
                yield Static("Staff", classes="people-heading")
                yield PeopleList("staff", id=STAFF, classes="people-list")
                yield Static("[b]s[/b]  add a staff member", classes="entry-heading")
                yield StaffEntry(self.adder, before=self._need_someone_signed_in, id="staff-entry")
        yield Static(
            "Nobody is ever deleted. [b]x[/b] marks the highlighted person as having left: their records stay, "
            "and they drop off the pickers and the board. On a staff member, [b]p[/b] sets or resets their PIN "
            "and [b]u[/b] lifts a sign-in lock-out.",
            id="people-status",
            classes="people-note",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{YOUNG_PEOPLE}", PeopleList).focus()
        self._manager_text = str(self.query_one("#people-status", Static).content)
        # Whoever signs in (after the lock, say) is told at once what they may do here.
        follow(self, "actor", self._show_what_you_may_do, init=True)
        follow(self, "initials_only", self._privacy_switched)
        self.watch_people()

    def _privacy_switched(self, on: bool) -> None:
        """Initials only switched (i): the lists and the status line again, as the rule now says."""
        self._show_what_you_may_do(self.handover_app.actor)
        if self._snapshot is not None:
            self._show(self._snapshot)

    def _shown_name(self, name: str) -> str:
        """A person's name as this screen may show it now (initials while initials only is on)."""
        return mask_name(self.app, name)

    def _show_what_you_may_do(self, actor: StaffMember | None) -> None:
        status = self.query_one("#people-status", Static)
        if actor is not None and not permissions.allowed(actor, permissions.Action.ADD_PERSON):
            # Said before anyone types a name, not after.
            status.update(
                Text(
                    f"You can look. Only a manager can add people, mark them as having left or set PINs; "
                    f"{self._shown_name(actor.name)} is {permissions.role_phrase(actor.role)}. Nobody is ever deleted. "
                    "p changes your own PIN, once you have one."
                )
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
        watch_database(
            app.open_service,
            app.poll_seconds,
            self._stop,
            read=lambda service: service.people_snapshot(),
            loaded=lambda snapshot: self.post_message(self.Loaded(snapshot)),
            failed=lambda message: self.post_message(self.LoadFailed(message)),
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._show(message.snapshot)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.query_one("#people-status", Static).update(Text(f"⚠ Not up to date: {message.message}", style="bold red"))

    def _show_added(self, person: Person) -> None:
        """Someone was just added from this screen (committed): list them at once, with the cursor on them,
        without waiting for the watcher's next read."""
        self._added_here.append(person)
        self._move_to[YOUNG_PEOPLE if isinstance(person, YoungPerson) else STAFF] = person.id
        if self._snapshot is not None:
            self._show(self._snapshot)

    def _show(self, read: PeopleSnapshot) -> None:
        # A read that began before one of this screen's adds committed does not have them yet: keep them
        # listed (and the cursor on them) until a read does.
        young = {p.id for p in read.young_people}
        staff = {s.id for s in read.staff}
        self._added_here = [p for p in self._added_here if p.id not in (young if isinstance(p, YoungPerson) else staff)]
        self._snapshot = snapshot = replace(
            read,
            young_people=read.young_people + tuple(p for p in self._added_here if isinstance(p, YoungPerson)),
            staff=read.staff + tuple(p for p in self._added_here if isinstance(p, StaffMember)),
        )
        open_by_young_person: dict[int, int] = {}
        owned: dict[int, int] = {}
        for rupture in snapshot.open_ruptures:
            open_by_young_person[rupture.young_person_id] = open_by_young_person.get(rupture.young_person_id, 0) + 1
            if rupture.owner_id is not None:
                owned[rupture.owner_id] = owned.get(rupture.owner_id, 0) + 1
        tz = self.handover_app.tz

        def yp_detail(p: YoungPerson) -> str:
            count = open_by_young_person.get(p.id, 0)
            parts = [arrival_text(p.arrived_at, tz) if p.active else "", f"{count} open" if count else ""]
            return " · ".join(x for x in parts if x)

        def staff_detail(s: StaffMember) -> str:
            count = owned.get(s.id, 0)
            parts = [ROLE_LABELS[s.role], f"owns {count} open repair{'s' * (count != 1)}" if count else ""]
            pin = snapshot.pins.get(s.id)
            if s.active and (pin is None or not pin.has_pin):
                parts.append("no PIN")
            elif s.active and pin is not None and pin.locked_until is not None:
                parts.append(f"sign-in locked until {pin.locked_until.astimezone(tz):%H:%M}")
            return " · ".join(x for x in parts if x)

        name = self._shown_name
        young_list, staff_list = self._young_people_list, self._staff_list
        young_list.show(snapshot.young_people, yp_detail, move_to=self._move_to.pop(YOUNG_PEOPLE, None), name=name)
        staff_list.show(snapshot.staff, staff_detail, move_to=self._move_to.pop(STAFF, None), name=name)
        for entry, people in ((YoungPersonEntry, snapshot.young_people), (StaffEntry, snapshot.staff)):
            self.query_one(entry).current_names = {p.name.casefold(): p.name for p in people if p.active}

    @property
    def _young_people_list(self) -> PeopleList[YoungPerson]:
        return cast("PeopleList[YoungPerson]", self.query_one(f"#{YOUNG_PEOPLE}", PeopleList))

    @property
    def _staff_list(self) -> PeopleList[StaffMember]:
        return cast("PeopleList[StaffMember]", self.query_one(f"#{STAFF}", PeopleList))

    @on(PersonEntry.Added)
    def _added(self, message: PersonEntry.Added) -> None:
        what = "young person" if isinstance(message.person, YoungPerson) else "staff member"
        self.notify(f"Added {what} {self._shown_name(message.person.name)}.", title="Added", markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, PeopleList) and event.widget.id:
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
        for entry, list_id in ((YoungPersonEntry, YOUNG_PEOPLE), (StaffEntry, STAFF)):
            if focused is not None and any(isinstance(a, entry) for a in focused.ancestors):
                self.query_one(f"#{list_id}", PeopleList).focus()
                return
        self.dismiss()

    async def highlighted_person(self) -> Person | None:
        """The person the cursor is on in the list that last had the focus. An add still on its way (another
        terminal holding the database) is waited for first: once it lands the cursor is on that person, the
        one a key pressed straight after adding means."""
        await self.adder.settled()
        return self.query_one(f"#{self._last_list}", PeopleList).highlighted_person()

    @work(exclusive=True, group="mark-left", exit_on_error=False)
    async def action_mark_left(self) -> None:
        person = await self.highlighted_person()
        if person is None:
            self.notify("Move onto a person in one of the lists first (↑/↓, Tab between lists).", severity="warning")
            return
        if not person.active:
            self.notify(f"{person.name} is already marked as having left.", severity="information", markup=False)
            return
        app = self.handover_app
        if app.actor is None:
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
                markup=False,
            )
            return
        question = ConfirmScreen(self._left_question(person), "yes, mark as having left", "no, go back")
        if not await app.push_screen_wait(question):
            return
        try:
            await app.perform(lambda service: service.mark_left(person, actor=app.actor))
        except HandoverError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.notify(f"{person.name} is marked as having left. Their records are kept.", title="Saved", markup=False)
        if isinstance(person, StaffMember) and app.actor is not None and app.actor.id == person.id:
            app.actor = None

    def _left_question(self, person: Person) -> str:
        assert self._snapshot is not None
        # A dialog, not a notification: names in it are written as the rule says here.
        name = self._shown_name(person.name)
        question = LEFT_QUESTION.format(name=name)
        if isinstance(person, YoungPerson):
            still_open = sum(r.young_person_id == person.id for r in self._snapshot.open_ruptures)
            if still_open:
                ruptures = "1 rupture" if still_open == 1 else f"{still_open} ruptures"
                question += (
                    f"\n\n{ruptures} with {name} {'is' if still_open == 1 else 'are'} still open and "
                    f"{'stays' if still_open == 1 else 'stay'} on the board until repaired, or ended (e) because "
                    "the young person moved on."
                )
        else:
            owned = sum(r.owner_id == person.id for r in self._snapshot.open_ruptures)
            if owned:
                question += (
                    f"\n\n{name} owns the repair of {owned} open rupture{'s' * (owned != 1)}: "
                    "give them to someone else on the board (o)."
                )
        return question

    # -- PINs -----------------------------------------------------------------------------------------------
    async def _staff_for_pin(self, doing: str) -> StaffMember | None:
        """The highlighted staff member, current, with someone signed in; otherwise a plain word and None."""
        person = await self.highlighted_person()
        if not isinstance(person, StaffMember):
            self.notify(f"Move onto a staff member first (Tab to the staff list, then ↑/↓) to {doing}.")
            return None
        if not person.active:
            self.notify(f"{person.name} has left the home and no longer signs in.", severity="warning", markup=False)
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

        person = await self._staff_for_pin("set a PIN")
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
            self.notify(str(exc), title="Not allowed", severity="warning", markup=False)
            return
        await app.push_screen_wait(PinScreen(person, has_pin=has_pin))

    @work(exclusive=True, group="people-pin", exit_on_error=False)
    async def action_unlock(self) -> None:
        """Lift the highlighted staff member's sign-in lock-out (a shift lead or manager), before the five
        minutes are up."""
        person = await self._staff_for_pin("unlock their sign-in")
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
            self.notify(str(exc), title="Not allowed", severity="warning", markup=False)
            return
        if unlocked:
            self.notify(f"{person.name} can sign in again.", title="Sign-in unlocked", markup=False)
        else:
            self.notify(f"{person.name}'s sign-in is not locked.", markup=False)
