"""FirstRunScreen: a new home, from nothing to a working board, all from the keyboard.

Shown instead of the board while the database is missing, has no home named, or has nobody on the staff:
name the home, add the young people and the staff one after another (Enter adds each), then ctrl+s opens
the board, which asks who is at the keyboard. Every name is written through the service as it is added, so
quitting half-way loses nothing: the next start comes back here with what was already added.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from handover.config import Config
from handover.domain.enums import Role
from handover.domain.errors import HandoverError
from handover.domain.models import StaffMember, YoungPerson
from handover.screens.adding import ServiceAdder
from handover.service.database import setup_so_far
from handover.styles import SCREENS_CSS
from widgets.person_entry import ROLE_LABELS, PersonEntry, StaffEntry, YoungPersonEntry, arrival_text

if TYPE_CHECKING:
    from handover.app import HandoverApp


class FirstRunScreen(Screen[None]):
    """Set up a new home: its name, its young people, its staff."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    SUB_TITLE = "first run: set up your home"

    BINDINGS = [
        Binding("ctrl+s", "finish", "Finish and open the board", id="first_run.finish", priority=True),
    ]
    """ctrl+s finishes from any field (whatever is typed but not yet added is added first)."""

    def __init__(self) -> None:
        super().__init__()
        self._home: str | None = None
        self._young_people: list[YoungPerson] = []
        self._staff: list[StaffMember] = []
        self._finishing = False

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(classes="first-run"):
            yield Static(
                "[b]Welcome.[/b] Before the board can be used, tell it the home's name and who lives and works "
                "here. Names are kept for good: someone who leaves is later marked as having left, never deleted.",
                classes="first-run-intro",
            )
            yield Static("1  The home", classes="first-run-step")
            home = Input(placeholder="the home's name, e.g. Larch House", id="home-name", compact=True)
            yield Horizontal(
                Vertical(home, Static("enter saves it", id="home-note", classes="entry-note"), classes="entry-field"),
                classes="entry-row",
            )
            yield Static("2  Young people living here", classes="first-run-step")
            yield YoungPersonEntry(ServiceAdder(self.handover_app), before=self._home_first, id="yp-entry")
            yield Static(id="yp-list", classes="first-run-list")
            yield Static("3  Staff", classes="first-run-step")
            yield StaffEntry(ServiceAdder(self.handover_app), before=self._home_first, id="staff-entry")
            yield Static(id="staff-list", classes="first-run-list")
            yield Static("", id="finish-error", classes="form-error")
        yield Static(
            "[b]enter[/b] add   [b]tab[/b] next field   [b]ctrl+s[/b] finish and open the board   "
            "[b]ctrl+q[/b] quit (what you added is kept)",
            classes="first-run-keys",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.show_lists()
        self.query_one("#home-name", Input).focus()
        self.load_existing()

    @work(exclusive=True, group="first-run-load", exit_on_error=False)
    async def load_existing(self) -> None:
        """Pick up where an unfinished first run stopped."""
        try:
            existing = await asyncio.to_thread(setup_so_far, self.handover_app.db_path)
        except HandoverError as exc:
            self.query_one("#finish-error", Static).update(f"⚠ {exc}")
            return
        self._young_people = list(existing.young_people)
        self._staff = list(existing.staff)
        if existing.home is not None:
            self._home_saved(existing.home)
            self.query_one("#staff-name" if self._young_people else "#yp-name", Input).focus()
        self.show_lists()

    # -- the home -------------------------------------------------------------------------------------
    @on(Input.Submitted, "#home-name")
    async def _home_entered(self, event: Input.Submitted) -> None:
        event.stop()
        if await self.save_home():
            self.query_one("#yp-name", Input).focus()

    @on(Input.Changed, "#home-name")
    def _home_changed(self, event: Input.Changed) -> None:
        self._say_home("enter saves it" if self._home is None else "")

    def _say_home(self, text: str, problem: bool = False) -> None:
        note = self.query_one("#home-note", Static)
        note.update(text)
        note.set_class(problem, "-problem")
        note.set_class(not problem and text.startswith("✓"), "-ok")

    async def save_home(self) -> bool:
        """Write the home's name (creating the database file if need be); False, said by the field, if refused."""
        if self._home is not None:
            return True
        field = self.query_one("#home-name", Input)
        app = self.handover_app

        def set_up() -> str:
            from handover.context import open_context

            with open_context(app.db_path, create=True, clock=app.clock, config=Config(db=app.db_path)) as ctx:
                ctx.service.init_home(field.value)
                return ctx.service.home_settings().home_name

        try:
            # Not app.perform: that opens an already set-up database, and this is the step that sets it up.
            home = await asyncio.to_thread(set_up)
        except HandoverError as exc:
            self._say_home(str(exc), problem=True)
            field.focus()
            return False
        self._home_saved(home)
        return True

    def _home_saved(self, home: str) -> None:
        self._home = home
        field = self.query_one("#home-name", Input)
        field.value = home
        field.disabled = True
        self._say_home(f"✓ saved: {home}")
        for entry in self.query(PersonEntry):
            entry.check_name()  # a "name the home first" under an entry is now answered
        self.app.title = f"handover · {home}"

    async def _home_first(self) -> str | None:
        """Adding someone needs the home named first; if its name is typed, save it now."""
        if self._home is not None:
            return None
        if not self.query_one("#home-name", Input).value.strip():
            self._say_home("Type the home's name here first.", problem=True)
            return "Name the home first (step 1, above)."
        if await self.save_home():
            return None
        return "The home's name was not saved: see the message under it (step 1)."

    # -- the people -----------------------------------------------------------------------------------
    @on(PersonEntry.Added)
    def _added(self, message: PersonEntry.Added) -> None:
        if isinstance(message.person, YoungPerson):
            self._young_people.append(message.person)
        else:
            self._staff.append(message.person)
        self._say_finish("")
        self.show_lists()

    def show_lists(self) -> None:
        app = self.handover_app
        young = Text()
        for p in self._young_people:
            young.append(f"• {p.name}", style="" if p.active else "dim")
            details = arrival_text(p.arrived_at, app.tz) if p.active else "left"
            young.append(f"   {details}\n" if details else "\n", style="dim")
        staff = Text()
        for s in self._staff:
            staff.append(f"• {s.name}", style="" if s.active else "dim")
            staff.append(f"   {ROLE_LABELS[s.role] if s.active else 'left'}\n", style="dim")
        young.rstrip()
        staff.rstrip()
        self.query_one("#yp-list", Static).update(
            young if young.plain else Text("nobody added yet (you can also add them later, with m on the board)", "dim")
        )
        self.query_one("#staff-list", Static).update(
            staff if staff.plain else Text("nobody added yet: add at least the home's manager to finish", "dim")
        )
        for entry, people in ((YoungPersonEntry, self._young_people), (StaffEntry, self._staff)):
            self.query_one(entry).current_names = {p.name.casefold(): p.name for p in people if p.active}

    # -- finishing ------------------------------------------------------------------------------------
    async def action_finish(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        try:
            await self._finish()
        finally:
            self._finishing = False

    def _say_finish(self, text: str) -> None:
        problem = self.query_one("#finish-error", Static)
        problem.update(text)
        if text:
            self.call_after_refresh(problem.scroll_visible)  # on a small terminal it is below the fold

    async def _finish(self) -> None:
        self._say_finish("")
        if not await self.save_home():
            self._say_finish("⚠ The home needs a name before the board can open (step 1).")
            return
        # Something typed but not added is neither dropped nor added behind the user's back: a name in the
        # wrong list could only be marked as having left, never taken back.
        for entry in (self.query_one(YoungPersonEntry), self.query_one(StaffEntry)):
            if entry.has_text():
                entry.say(
                    entry.name_input, f"Not added yet: press Enter to add this {entry.WHAT}, or clear it.", "-problem"
                )
                entry.name_input.focus()
                self._say_finish("⚠ Something is typed above but not added yet: Enter adds it; ctrl+u clears it.")
                return
        if not any(s.active for s in self._staff):
            self._say_finish(
                "⚠ Add at least one staff member before the board opens: every change on the board is recorded "
                "under the name of the staff member at the keyboard."
            )
            self.query_one("#staff-name", Input).focus()
            return
        if not any(s.active and s.role is Role.MANAGER for s in self._staff):
            self._say_finish(
                "⚠ Add the home's manager too (their name, tab, then m for manager): once the board is "
                "running, only a manager can add people or mark them as having left."
            )
            self.query_one("#staff-name", Input).focus()
            return
        from handover.screens.board import BoardScreen

        # The board asks who is at the keyboard as soon as it has loaded.
        self.app.switch_screen(BoardScreen())  # not awaited: this screen is the one being replaced
