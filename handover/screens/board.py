"""The board screen: every open rupture by young person, kept live by a watcher thread.

A thread worker owns a read connection of its own and checks PRAGMA data_version every poll interval; when
anyone commits (this app or another terminal), it reads the board snapshot and posts it back. Ages tick
once a minute from the last snapshot, without a query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input

from handover.domain import reg35
from handover.domain.board import board_rows
from handover.domain.models import BoardSnapshot, Rupture, StaffMember
from handover.domain.names import NameMask, initials_mask_when_used
from handover.domain.views import View, awaiting_acceptance, build_view
from handover.following import follow
from handover.screens.rupture_keys import BOARD_KEYS
from handover.screens.watching import LoopStop, watch_database
from handover.typeahead import ready_for_keys
from handover.ui_state import BoardState, load_state, save_state
from widgets.filter_input import FilterInput
from widgets.fitting_footer import FittingFooter
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar
from widgets.view_line import ViewLine

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: Waited times and urgency re-render this often, from the last snapshot.
TICK_SECONDS = 60.0

#: The footer's keys kept first when the screen is narrow (then the others in binding order, while they fit):
#: help, which lists every key, then recording a rupture and locking the screen.
FOOTER_FIRST = ("help", "new_rupture", "app.lock")


class BoardScreen(Screen[None]):
    """The main screen."""

    BINDINGS: ClassVar[list[BindingType]] = [*BOARD_KEYS]
    """Keys on the board: the footer shows the everyday ones, the help screen (?) all of them; the settings
    file can remap any of them by id."""

    @dataclass
    class Loaded(Message):
        """A fresh snapshot read by the watcher thread."""

        snapshot: BoardSnapshot

    @dataclass
    class LoadFailed(Message):
        """The watcher could not read the database; the board keeps showing the last good snapshot."""

        message: str

    def __init__(self, first: BoardSnapshot | None = None) -> None:
        super().__init__()
        self._first = first
        """A snapshot read before the screen was made (`start_up`): shown before the first frame."""
        self._snapshot: BoardSnapshot | None = None
        self._stop = LoopStop()
        self._view: View = load_state().view
        """The view on the number keys, remembered on this PC across restarts."""
        self._query = ""
        """The `/` filter (not remembered: see handover/ui_state.py)."""
        self._left_view: set[int] = set()
        """Ruptures that left the table because the view or filter was changed here: not news."""
        self._recorded_id: int | None = None
        """A rupture recorded at this keyboard that the cursor goes to as soon as the board shows it."""

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield SummaryBar("Loading the board…", id="summary")
        yield ViewLine(id="view-line")
        yield RuptureBoard(id="board")
        yield FilterInput(id="filter")
        yield FittingFooter(first=FOOTER_FIRST)

    def on_mount(self) -> None:
        if self._first is not None:
            # Laid into the table now, before the first frame is drawn: the board opens with its rows, not an
            # empty table that fills a read later. The watch loop's first read then changes nothing that is
            # the same (the diff is keyed) and brings whatever was committed in between.
            first, self._first = self._first, None
            self.on_loaded(self.Loaded(first))
            # Started once that frame is drawn: the loop's thread opens a connection, reads the board again
            # and sets up the file watch (ctypes), and before the first frame it took the main thread's turns
            # at the interpreter lock for all of it.
            self.call_after_refresh(self.watch_database)
        else:
            self.watch_database()
        self.set_interval(TICK_SECONDS, self.render_board)
        follow(self, "actor", self._actor_changed)

    def on_unmount(self) -> None:
        self._stop.set()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_database(self) -> None:
        """Post a snapshot after every commit anywhere (this terminal's own writes included)."""
        app = self.handover_app
        watch_database(
            app.open_service,
            app.poll_seconds,
            self._stop,
            read=lambda service: service.board(),
            loaded=lambda snapshot: self.post_message(self.Loaded(snapshot)),
            failed=lambda message: self.post_message(self.LoadFailed(message)),
        )

    @on(Loaded)
    def on_loaded(self, message: Loaded) -> None:
        first = self._snapshot is None
        self._snapshot = message.snapshot
        self.app.title = f"handover · {message.snapshot.settings.home_name}"
        self.render_board()
        if first and self.handover_app.actor is None and not self.handover_app.locked:
            # Ask once the board with its data has been drawn, not before: the first paint comes first. The keys
            # typed meanwhile are someone's name for the question, not the board's keys: they wait for it. (A
            # board that starts locked asks nothing: the sign-in over the lock is the question.)
            self.keys_ready = False
            self.call_after_refresh(self._ask_who_first)

    @on(LoadFailed)
    def on_load_failed(self, message: LoadFailed) -> None:
        self.query_one(SummaryBar).show_problem(message.message)

    def render_board(self) -> None:
        """Show the last snapshot as of now: the keyed diff only touches what changed."""
        if self._snapshot is None:
            return
        app = self.handover_app
        mask = self._initials_mask()
        # The summary and the view line name people too.
        for masked in (self.query_one(RuptureBoard), self.query_one(SummaryBar), self.query_one(ViewLine)):
            masked.name_mask = mask
        self._show_view(app.clock.now())
        self._select_recorded()

    # -- initials only (i) ---------------------------------------------------------------------------------
    def _initials_mask(self) -> NameMask | None:
        """The home's names as initials while initials-only is on (None: names in full). Kept on the app too,
        for the header and notifications."""
        app = self.handover_app
        if self._snapshot is not None:
            people = [p.name for p in self._snapshot.young_people] + [s.name for s in self._snapshot.staff.values()]
            app.name_mask = initials_mask_when_used(tuple(people))
        return app.name_mask if app.initials_only else None

    @on(RuptureBoard.RuptureLeft)
    def on_rupture_left(self, message: RuptureBoard.RuptureLeft) -> None:
        if self._left_view_only(message):
            return
        if message.rupture_id in self.handover_app.closed_here:
            self.handover_app.closed_here.discard(message.rupture_id)
            return
        self.notify(
            f"Rupture #{message.rupture_id} is no longer open (repaired or ended on another terminal). "
            f"The cursor is on {message.young_person}.",
            title="Board changed",
        )

    # -- actions ------------------------------------------------------------------------------------
    def _selected(self) -> Rupture | None:
        """The rupture under the cursor, or None (with a hint) when the cursor is on a name line."""
        rupture_id = self.query_one(RuptureBoard).selected_rupture_id
        found = next((r for r in self._snapshot.open_ruptures if r.id == rupture_id), None) if self._snapshot else None
        if found is None:
            self.notify("Move the cursor onto a rupture first (↑/↓).", severity="warning")
        return found

    def _open_on_selected(self, form: Callable[[Rupture, str], Screen[Any]]) -> None:
        """Open a form on the rupture under the cursor (or say to move onto one)."""
        if rupture := self._selected():
            self.app.push_screen(form(rupture, self._young_person_name(rupture)))

    def select_rupture(self, rupture_id: int) -> bool:
        """Put the cursor on this rupture (the detail screen's steps act on it here); False when the view or
        the filter does not show it."""
        return self.query_one(RuptureBoard).select_row(f"r-{rupture_id}")

    def _young_person_name(self, rupture: Rupture) -> str:
        assert self._snapshot is not None
        return next((p.name for p in self._snapshot.young_people if p.id == rupture.young_person_id), "")

    def _ask_who_first(self) -> None:
        if self.handover_app.actor is None:
            self.action_who()
        ready_for_keys(self)  # the keys held go to the question now open (or to the board, if it did not open)

    def action_who(self) -> None:
        # Pick yourself, then your PIN (handover/screens/who.py); the app keeps who signed in.
        if self._snapshot is not None:
            self.handover_app.ask_who(list(self._snapshot.staff.values()))

    def action_new_rupture(self) -> None:
        from handover.screens.forms.new_rupture import NewRuptureForm

        if self._snapshot is None:
            return
        form = NewRuptureForm(self._snapshot.young_people, list(self._snapshot.staff.values()))
        self.app.push_screen(form, self._recorded)

    def _recorded(self, result: object) -> None:
        """A rupture was recorded here: the cursor goes to it once it is on the board (the watcher brings it,
        like anyone else's)."""
        if isinstance(result, Rupture):
            self._recorded_id = result.id
            self._select_recorded()

    def _select_recorded(self) -> None:
        """Put the cursor on the rupture just recorded here, once the snapshot has it. If the view or the
        filter leaves it out, say where it is instead of moving the cursor elsewhere."""
        rupture_id = self._recorded_id
        if rupture_id is None or self._snapshot is None:
            return
        if all(r.id != rupture_id for r in self._snapshot.open_ruptures):
            return  # not read back yet (or already closed): the next snapshot decides
        self._recorded_id = None
        board = self.query_one(RuptureBoard)
        if board.select_row(f"r-{rupture_id}"):
            board.focus()
            return
        where = f"filter '{self._query.strip()}'" if self._query.strip() else f"view {self._view.key}"
        self.notify(f"Rupture #{rupture_id} is recorded; the {where} does not show it (press 1 to see every one).")

    def action_repaired(self) -> None:
        from handover.screens.forms.repair import RepairForm

        self._open_on_selected(RepairForm)

    def action_plan(self) -> None:
        from handover.screens.forms.plan import PlanForm

        self._open_on_selected(PlanForm)

    def action_attempt(self) -> None:
        from handover.screens.forms.attempt import AttemptForm

        self._open_on_selected(AttemptForm)

    def action_reassign(self) -> None:
        from handover.screens.forms.reassign import ReassignForm

        if (rupture := self._selected()) and self._snapshot:
            staff = list(self._snapshot.staff.values())
            self.app.push_screen(ReassignForm(rupture, self._young_person_name(rupture), staff))

    def action_end(self) -> None:
        from handover.screens.forms.end import EndForm

        self._open_on_selected(EndForm)

    def action_amend(self) -> None:
        from handover.screens.forms.amend import AmendForm

        self._open_on_selected(AmendForm)

    def action_reopen(self) -> None:
        from handover.screens.forms.reopen import ReopenScreen

        if self._snapshot is not None:
            self.app.push_screen(ReopenScreen(self._snapshot.young_people))

    def action_detail(self) -> None:
        from handover.screens.detail import DetailScreen

        if self.query_one(FilterInput).has_focus:  # enter in the filter line keeps the filter
            self._keep_filter()
            return
        if (rupture := self._selected()) and self._snapshot:
            self.app.push_screen(DetailScreen(rupture.id))

    def action_people(self) -> None:
        from handover.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    def action_help(self) -> None:
        from handover.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    # -- views, the filter, accepting, reg 35 and the handover -------------------------------------------
    def _show_view(self, now: datetime) -> None:
        """The chosen view, filtered, with the view line and the summary bar: the board's rows are built once
        from the snapshot (`board_rows`), and the view, the awaiting list and the summary all pick from them."""
        assert self._snapshot is not None
        app = self.handover_app
        actor_id = app.actor.id if app.actor else None
        rows = board_rows(self._snapshot, now)
        view = build_view(self._view, rows, actor_id, self._query)
        self.query_one(RuptureBoard).show_view(view, app.tz)
        waiting = [(row.rupture.id, row.owner or "") for row in awaiting_acceptance(rows)]
        self.query_one(ViewLine).show(self._view, self._query, view.shown, view.total, waiting)
        self.query_one(SummaryBar).show_summary(
            rows.summary(),
            now.astimezone(app.tz),
            awaiting=len(waiting),
            last_handover=self._last_handover(now),
        )

    def _last_handover(self, now: datetime) -> tuple[str, str] | None:
        """When the last handover was accepted ("21:50", or "26 Nov 21:50" when not today) and by whom, or None
        before the first handover."""
        last = self._snapshot.last_handover if self._snapshot else None
        if last is None or self._snapshot is None:
            return None
        member = self._snapshot.staff.get(last.accepted_by)
        who = member.name if member else f"staff #{last.accepted_by}"
        tz = self.handover_app.tz
        at = last.at.astimezone(tz)
        when = f"{at:%H:%M}" if at.date() == now.astimezone(tz).date() else f"{at.day} {at:%b} {at:%H:%M}"
        return when, who

    def _rerender(self) -> None:
        """Show the board again after the view or filter changed here. The cursor stays on its row when the
        new view has it (every view keys a rupture's row the same); otherwise it goes to the top, never onto
        whichever rupture happens to be where its row was. A rupture that is not in the new view is not news."""
        if self._snapshot is None:
            return
        board = self.query_one(RuptureBoard)
        before_key, before = board.selected_key, board.selected_rupture_id
        self.render_board()
        if board.selected_key != before_key:
            if before is not None:
                self._left_view.add(before)
            if board.row_count:
                board.move_cursor(row=0, animate=False)

    def _left_view_only(self, message: RuptureBoard.RuptureLeft) -> bool:
        """True (and a quieter word, if any) when the rupture left this view but is still open."""
        if message.rupture_id in self._left_view:
            self._left_view.discard(message.rupture_id)
            return True
        if self._snapshot is None or all(r.id != message.rupture_id for r in self._snapshot.open_ruptures):
            return False
        self.notify(
            f"Rupture #{message.rupture_id} no longer fits view {self._view.key} ({self._view.label}); "
            "it is still open (press 1 to see every rupture).",
            title="Board changed",
        )
        return True

    def _actor_changed(self, actor: StaffMember | None) -> None:
        self.render_board()
        if actor is None or self._snapshot is None:
            return
        given = [r.id for r in self._snapshot.open_ruptures if r.owner_id == actor.id and r.awaiting_acceptance]
        if given:
            numbers = ", ".join(f"#{n}" for n in sorted(given))
            self.notify(
                f"{len(given)} {'repair was' if len(given) == 1 else 'repairs were'} given to you and "
                f"{'waits' if len(given) == 1 else 'wait'} for you to accept: {numbers}. "
                "Press 3 to see yours, then c on each.",
                title=f"For {actor.name}",
            )

    def action_view(self, name: str) -> None:
        """Show view `name` (View value) and remember it on this PC."""
        view = View(name)
        if view is not self._view:
            self._view = view
            save_state(BoardState(view=view))
        self._rerender()

    def action_filter(self) -> None:
        field = self.query_one(FilterInput)
        field.add_class("-shown")
        field.focus()
        field.cursor_position = len(field.value)

    def action_clear_filter(self) -> None:
        field = self.query_one(FilterInput)
        if field.value:
            field.value = ""  # the Changed message shows the whole view again
        self._close_filter()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        if event.value != self._query:
            self._query = event.value
            self._rerender()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self._keep_filter()

    @on(FilterInput.Cleared)
    def _filter_cleared(self) -> None:
        self._close_filter()

    def _keep_filter(self) -> None:
        """Back to the table with the filter applied (an empty filter line closes)."""
        if not self._query.strip():
            self.query_one(FilterInput).remove_class("-shown")
        self.query_one(RuptureBoard).focus()

    def _close_filter(self) -> None:
        self.query_one(FilterInput).remove_class("-shown")
        self.query_one(RuptureBoard).focus()

    def action_accept(self) -> None:
        from handover.screens.forms.accept import AcceptForm

        rupture = self._selected()
        if rupture is None or self._snapshot is None:
            return
        owner = self._snapshot.staff.get(rupture.owner_id) if rupture.owner_id is not None else None
        if not rupture.awaiting_acceptance:
            who = f"{owner.name} already has it" if owner else "nobody owns it"
            self.notify(f"Rupture #{rupture.id} is not waiting to be accepted: {who}.", severity="warning")
            return
        actor = self.handover_app.actor
        if actor is None or owner is None or actor.id != owner.id:
            name = owner.name if owner else "its new owner"
            self.notify(
                f"Only {name}, who it was given to, can accept the repair of #{rupture.id}. "
                "If that is you, press w first.",
                severity="warning",
            )
            return
        self.app.push_screen(AcceptForm(rupture, self._young_person_name(rupture)))

    def action_reg35(self) -> None:
        from handover.screens.forms.reg35 import Reg35Form

        rupture = self._selected()
        if rupture is None:
            return
        if not reg35.applies(rupture):
            self.notify(
                f"Rupture #{rupture.id} is a {rupture.kind.label}: reg 35 clocks apply only to restraint.",
                severity="warning",
            )
            return
        if reg35.all_done(rupture):
            self.notify(f"Every reg 35 clock of rupture #{rupture.id} is ticked off already.")
            return
        self.app.push_screen(Reg35Form(rupture, self._young_person_name(rupture)))

    def action_handover(self) -> None:
        from handover.screens.handover import HandoverScreen

        self.app.push_screen(HandoverScreen())

    def action_sheet(self) -> None:
        from handover.screens.forms.sheet import SheetForm

        self.app.push_screen(SheetForm())

    def action_patterns(self) -> None:
        self._open_patterns()

    @work(exclusive=True, group="open-patterns", exit_on_error=False)
    async def _open_patterns(self) -> None:
        """The patterns screen, opened with its figures already read: the read (tens of milliseconds on years
        of history) runs on a thread while the board stays live, and the screen is composed once, filled in.
        If the read fails, the screen opens anyway and says so through its own loop."""
        from handover.domain.errors import HandoverError
        from handover.screens.patterns import PatternsScreen

        app = self.handover_app
        actor = app.actor
        try:
            first = await app.perform(lambda service: service.patterns(actor))
        except HandoverError:
            first = None
        # Pressed s, then something else before the read came back (a form, the sign-in): that wins.
        if self.app.screen is self and app.actor == actor:
            self.app.push_screen(PatternsScreen(first))
