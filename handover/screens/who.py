"""WhoScreen (w, the board's start, and unlocking): who is at the keyboard, checked by their PIN.

Pick yourself (people on shift first; type a few letters or initials to narrow the list), then type your PIN.
Every sign-in goes through `Service.sign_in(..., via="board")`, which checks the PIN, counts wrong ones (five
in a row lock that person's sign-in for five minutes) and keeps it all in the audit trail. Every change made
from this board is then recorded as the person signed in.

Someone with no PIN yet (the home has not finished setting PINs up) is let in with a warning, except to lift
the privacy lock of a home that uses PINs: anyone could pick a name without one, so the lock would hide
nothing. The PIN is never shown, kept or put in a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from handover.domain.enums import Role
from handover.domain.errors import HandoverError
from handover.domain.models import StaffMember
from handover.domain.names import matches
from handover.domain.pins import MAX_DIGITS
from handover.domain.shifts import ShiftState
from handover.screens.privacy import mask_name, mask_names
from handover.typeahead import ready_for_keys
from widgets.modal import Modal
from widgets.option_list import OptionList

if TYPE_CHECKING:
    from handover.app import HandoverApp
    from handover.service import Service
    from handover.service.access import PinStatus

ROLE_WORDS = {Role.STAFF: "staff", Role.SHIFT_LEAD: "shift lead", Role.MANAGER: "manager"}


@dataclass(frozen=True)
class SignedIn:
    """Who signed in, and whether a PIN was checked (False: they have none yet)."""

    person: StaffMember
    pin_checked: bool


@dataclass(frozen=True)
class Roster:
    """Everyone who can sign in, on shift first, with what the list says beside each name."""

    staff: tuple[StaffMember, ...]
    pins: dict[int, PinStatus]
    shifts: dict[int, ShiftState]
    pins_in_use: bool


def read_roster(service: Service) -> Roster:
    """Current staff, those on shift (or leaving within the hour) first, each group by name."""
    shifts = {entry.staff.id: entry.state for entry in service.on_shift()}
    current = service.current_staff()
    ordered = sorted(current, key=lambda s: (shifts.get(s.id, ShiftState.OFF) is ShiftState.OFF, s.name.casefold()))
    return Roster(
        staff=tuple(ordered),
        pins={s.id: service.pin_status(s) for s in ordered},
        shifts=shifts,
        pins_in_use=service.pins_in_use(),
    )


def roster_line(person: StaffMember, roster: Roster, width: int, tz: tzinfo, name: str | None = None) -> Text:
    """ "Sam Kell     staff · on shift", then "· no PIN" or "· locked until 20:05" when that applies. `name` is
    the name as it may be shown (initials while initials only is on)."""
    shown = person.name if name is None else name
    text = Text(shown + " " * (width - cell_len(shown) + 2))
    shift = roster.shifts.get(person.id, ShiftState.OFF)
    text.append(ROLE_WORDS[person.role], style="dim")
    text.append(" · ")
    text.append(shift.label, style="bold" if shift is not ShiftState.OFF else "dim")
    status = roster.pins.get(person.id)
    if status is not None and status.locked_until is not None:
        text.append(f" · sign-in locked until {status.locked_until.astimezone(tz):%H:%M}", style="bold red")
    elif status is not None and not status.has_pin:
        text.append(" · no PIN", style="yellow")
    return text


class WhoScreen(Modal[SignedIn | None]):
    """Pick yourself (↑/↓ or a few letters, Enter), then type your PIN (Enter)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="who.cancel"),
        Binding("down", "cursor(1)", "Next", show=False, priority=True),
        Binding("up", "cursor(-1)", "Previous", show=False, priority=True),
        # Enter as a binding, not the field's Submitted message: a binding has run by the time the next key
        # typed is given out (handover/typeahead.py), so the PIN typed straight after the name goes into the
        # PIN field, and the keys after the PIN wait for the board.
        Binding("enter", "enter", "That's me", show=False, priority=True),
    ]
    """Escape goes from the PIN back to the names, and from the names back to where you were (to the lock
    screen, when unlocking). ↑/↓ move through the names while typing a few letters."""

    def __init__(
        self, staff: Sequence[StaffMember] | None = None, current: StaffMember | None = None, *, unlocking: bool = False
    ) -> None:
        super().__init__()
        self.current = current
        self.unlocking = unlocking
        self.roster: Roster | None = None
        """Read on mount; until then the names passed in (if any) are listed by name."""
        self._early = sorted((s for s in staff or () if s.active), key=lambda s: s.name.casefold())
        self.person: StaffMember | None = None
        """Whose PIN is being typed (the second step), or None while picking."""
        self._checking = False

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        question = "Sign in to see the board. Who are you?" if self.unlocking else "Who is at the keyboard?"
        back = "back" if self.unlocking else "just look"
        with Vertical(classes="dialog who"):
            yield Static(f"[b]{question}[/b]", classes="dialog-question")
            with Vertical(id="who-pick"):
                yield _steady(Input(placeholder="type a few letters of your name", id="who-filter"))
                yield OptionList(*self._options(""), id="who-list")
                yield Static("", id="who-pick-message", classes="field-error")
                yield Static(f"[b]enter[/b] that's me   [b]esc[/b] {back}", classes="dialog-keys")
            with Vertical(id="who-pin-step"):
                yield Static("", id="who-pin-name")
                yield _steady(
                    Input(
                        placeholder=f"your PIN (4 to {MAX_DIGITS} digits)",
                        password=True,
                        restrict=r"[0-9]*",
                        max_length=MAX_DIGITS,
                        id="who-pin",
                    )
                )
                yield Static("", id="who-pin-message", classes="field-error")
                yield Static("[b]enter[/b] sign in   [b]esc[/b] back to the names", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#who-pin-step").display = False
        self._say_pick("")
        self._say_pin("")
        self._highlight_first()
        self.load_roster()

    @work(exclusive=True, group="who-roster", exit_on_error=False)
    async def load_roster(self) -> None:
        try:
            self.roster = await self.handover_app.perform(read_roster)
        except HandoverError as exc:
            self._say_pick(f"Cannot read the staff list: {exc}")
            return
        self._refill()

    # -- picking ------------------------------------------------------------------------------------------
    def _people(self) -> Sequence[StaffMember]:
        return self.roster.staff if self.roster is not None else self._early

    def _options(self, typed: str) -> list[Option]:
        people = [s for s in self._people() if matches(typed, s.name)]
        names = {s.id: mask_name(self.app, s.name) for s in people}  # initials while initials only is on
        width = max((cell_len(n) for n in names.values()), default=0)
        if self.roster is None:
            return [Option(Text.assemble(names[s.id], "  ", (ROLE_WORDS[s.role], "dim")), id=str(s.id)) for s in people]
        roster, tz = self.roster, self.handover_app.tz
        return [Option(roster_line(s, roster, width, tz, names[s.id]), id=str(s.id)) for s in people]

    def _refill(self) -> None:
        options = self.query_one("#who-list", OptionList)
        keep = self._highlighted_id()
        options.clear_options()
        options.add_options(self._options(self.query_one("#who-filter", Input).value))
        ids = [o.id for o in options.options]
        if keep in ids:
            options.highlighted = ids.index(keep)
        else:
            self._highlight_first()

    def _highlight_first(self) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.option_count:
            options.highlighted = 0

    def _highlighted_id(self) -> str | None:
        options = self.query_one("#who-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(Input.Changed, "#who-filter")
    def _filter(self) -> None:
        self._say_pick("")
        self._refill()
        self._highlight_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ↑/↓ move through the names only while picking; on the PIN step they do nothing.
        return action != "cursor" or self.person is None

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def action_enter(self) -> None:
        if self.person is None:
            self._chosen()
        else:
            self._pin_typed()

    @on(OptionList.OptionSelected, "#who-list")
    def _chosen(self) -> None:
        if self.roster is not None:
            person = self._picked()
            status = self.roster.pins.get(person.id) if person is not None else None
            if person is None or (status is not None and status.has_pin):
                # At once, while the Enter is still being handled: the PIN typed straight after it (at full
                # speed, before anything is drawn) goes into the PIN field, never onto the end of the name.
                if person is not None and status is not None:
                    self._ask_pin(person, status)
                return
        # Otherwise (the staff list not read yet, or no PIN to ask) the keys typed next wait
        # (handover/typeahead.py) until it is known what comes next.
        self.keys_ready = False
        self.choose()

    def _picked(self) -> StaffMember | None:
        """The person highlighted (saying so when the name typed matches nobody)."""
        chosen = self._highlighted_id()
        person = next((s for s in self._people() if str(s.id) == chosen), None)
        if person is None:
            self._say_pick("Nobody matches that name. Type fewer letters, or press esc.")
        return person

    @work(exclusive=True, group="who-sign-in", exit_on_error=False)
    async def choose(self) -> None:
        """With a PIN: ask for it. Without one: let them in with a warning, unless this lifts the lock of a
        home that uses PINs. The keys typed meanwhile are held until then."""
        try:
            await self._choose()
        finally:
            ready_for_keys(self)

    async def _choose(self) -> None:
        app = self.handover_app
        if self.roster is None:  # picked before the list was read: read it now, then pick from it
            try:
                self.roster = await app.perform(read_roster)
            except HandoverError as exc:
                self._say_pick(str(exc))
                return
            self._refill()
        if (person := self._picked()) is None:
            return
        status = self.roster.pins.get(person.id)
        if status is not None and status.has_pin:
            self._ask_pin(person, status)
            return
        if self.unlocking and self.roster.pins_in_use:
            self._say_pick(
                f"No PIN set for {person.name}: ask a manager to set one. Someone with a PIN can unlock the board."
            )
            return
        try:
            signed = await app.perform(lambda service: service.sign_in(person, None, via="board"))
        except HandoverError as exc:
            self._say_pick(str(exc))
            return
        app.notify(f"No PIN set for {signed.name}: ask a manager to set one.", title="No PIN", severity="warning")
        self.dismiss(SignedIn(signed, pin_checked=False))

    def _say_pick(self, text: str) -> None:
        message = self.query_one("#who-pick-message", Static)
        message.update(Text(mask_names(self.app, text)))  # plain text; names as initials while initials only is on
        message.display = bool(text)

    # -- the PIN ------------------------------------------------------------------------------------------
    def _ask_pin(self, person: StaffMember, status: PinStatus) -> None:
        self.person = person
        self.query_one("#who-pick").display = False
        self.query_one("#who-pin-step").display = True
        self.query_one("#who-pin-name", Static).update(
            Text.assemble("PIN for ", (mask_name(self.app, person.name), "bold"))
        )
        locked = ""
        if status.locked_until is not None:
            until = status.locked_until.astimezone(self.handover_app.tz)
            locked = (
                f"Too many wrong PINs for {person.name}: sign-in is locked until {until:%H:%M}. "
                "Ask a shift lead or wait."
            )
        self._say_pin(locked)
        pin = self.query_one("#who-pin", Input)
        pin.value = ""
        # Focused now, not after a refresh (Widget.focus waits for one): a digit typed ahead goes in here.
        self.set_focus(pin)

    def _pin_typed(self) -> None:
        pin = self.query_one("#who-pin", Input).value
        if self.person is None or self._checking:
            return
        if not pin:
            self._say_pin(f"Type your PIN: 4 to {MAX_DIGITS} digits.")
            return
        self.keys_ready = False  # the keys typed next wait for the answer: the board, or the PIN again
        self.check_pin(self.person, pin)

    @work(exclusive=True, group="who-sign-in", exit_on_error=False)
    async def check_pin(self, person: StaffMember, pin: str) -> None:
        field = self.query_one("#who-pin", Input)
        self._checking = True
        self._say_pin("Checking…")
        try:
            signed = await self.handover_app.perform(lambda service: service.sign_in(person, pin, via="board"))
        except HandoverError as exc:
            # WrongPin says how many tries are left; SignInLocked until when (the service's words).
            self._say_pin(str(exc))
            field.value = ""
            field.focus()
            return
        finally:
            self._checking = False
            ready_for_keys(self)
        self.dismiss(SignedIn(signed, pin_checked=True))

    def _say_pin(self, text: str) -> None:
        message = self.query_one("#who-pin-message", Static)
        message.update(Text(mask_names(self.app, text)))  # plain text; names as initials while initials only is on
        message.display = bool(text)

    # -- going back ---------------------------------------------------------------------------------------
    def action_back(self) -> None:
        if self.person is not None:
            self.person = None
            self.query_one("#who-pin", Input).value = ""
            self.query_one("#who-pin-step").display = False
            self.query_one("#who-pick").display = True
            self.query_one("#who-filter", Input).focus()
            self._refill()  # a wrong PIN may have locked someone: say so beside their name
            self.load_roster()
            return
        self.dismiss(None)


def _steady(field: Input) -> Input:
    """A field whose cursor does not blink. The sign-in can wait on the office screen for hours with nobody at
    the keyboard; a blinking cursor redraws twice a second all that time (0.7% of a core, three times the
    board's own idle cost: the speed issue's idle target is 0.5%). A steady cursor shows where to type as well."""
    field.cursor_blink = False
    return field
