"""The board screen: every open rupture by young person, kept live by a watcher thread.

A thread worker owns a read connection of its own and checks PRAGMA data_version every poll interval; when
anyone commits (this app or another terminal), it reads the board snapshot and posts it back. Ages tick
once a minute from the last snapshot, without a query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from db.store import Store
from db.watcher import ChangeWatcher
from handover.domain.board import sections, summary
from handover.domain.errors import HandoverError
from handover.domain.models import BoardSnapshot, Rupture, StaffMember
from widgets.rupture_board import RuptureBoard
from widgets.summary_bar import SummaryBar

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: Waited times and urgency re-render this often, from the last snapshot.
TICK_SECONDS = 60.0


class BoardScreen(Screen[None]):
    """The main screen."""

    BINDINGS = [
        Binding("n", "new_rupture", "New", id="board.new"),
        Binding("enter", "detail", "Detail", id="board.detail", priority=True),
        Binding("p", "plan", "Plan", id="board.plan"),
        Binding("t", "attempt", "Tried", id="board.attempt"),
        Binding("r", "repaired", "Repaired", id="board.repaired"),
        Binding("o", "reassign", "Owner", id="board.reassign"),
        Binding("x", "reopen", "Reopen", id="board.reopen", show=False),
        Binding("e", "end", "End", id="board.end", show=False),
        Binding("a", "amend", "Amend", id="board.amend", show=False),
        Binding("m", "people", "People", id="board.people", show=False),
        Binding("w", "who", "Who", id="board.who"),
        Binding("question_mark", "help", "Help", id="board.help"),
        Binding("q", "app.quit", "Quit", id="board.quit"),
    ]
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

    def __init__(self) -> None:
        super().__init__()
        self._snapshot: BoardSnapshot | None = None
        self._stop = threading.Event()

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield SummaryBar("Loading the board…", id="summary")
        yield RuptureBoard(id="board")
        yield Footer()

    def on_mount(self) -> None:
        self.watch_database()
        self.set_interval(TICK_SECONDS, self.render_board)

    def on_unmount(self) -> None:
        self._stop.set()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_database(self) -> None:
        """Poll data_version on this thread's own connection; post a snapshot after every commit anywhere."""
        worker = get_current_worker()
        app = self.handover_app
        store: Store | None = None
        while not worker.is_cancelled and not self._stop.is_set():
            try:
                if store is None:
                    # Opened here: an sqlite3 connection belongs to the thread that made it.
                    store = Store.open(app.db_path)
                    watcher = ChangeWatcher(store.db.conn)
                if watcher.changed():
                    self.post_message(self.Loaded(store.board()))
            except HandoverError as exc:
                self.post_message(self.LoadFailed(str(exc)))
                if store is not None:
                    store.close()
                    store = None
            # Wait after each finished check, so polls never overlap however slow one is.
            self._stop.wait(app.poll_seconds)
        if store is not None:
            store.close()

    @on(Loaded)
    def on_loaded(self, message: Loaded) -> None:
        first = self._snapshot is None
        self._snapshot = message.snapshot
        self.app.title = f"handover · {message.snapshot.settings.home_name}"
        self.render_board()
        if first and self.handover_app.actor is None:
            self.action_who()

    @on(LoadFailed)
    def on_load_failed(self, message: LoadFailed) -> None:
        self.query_one(SummaryBar).show_problem(message.message)

    def render_board(self) -> None:
        """Show the last snapshot as of now: the keyed diff only touches what changed."""
        if self._snapshot is None:
            return
        app = self.handover_app
        now = app.clock.now()
        self.query_one(RuptureBoard).show(sections(self._snapshot, now))
        self.query_one(SummaryBar).show_summary(summary(self._snapshot, now), now.astimezone(app.tz))

    @on(RuptureBoard.RuptureLeft)
    def on_rupture_left(self, message: RuptureBoard.RuptureLeft) -> None:
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

    def _young_person_name(self, rupture: Rupture) -> str:
        assert self._snapshot is not None
        return next((p.name for p in self._snapshot.young_people if p.id == rupture.young_person_id), "")

    def action_who(self) -> None:
        from handover.screens.who import WhoScreen

        if self._snapshot is None:
            return
        app = self.handover_app

        def chosen(person: StaffMember | None) -> None:
            app.actor = person

        app.push_screen(WhoScreen(list(self._snapshot.staff.values()), app.actor), chosen)

    def action_new_rupture(self) -> None:
        from handover.screens.forms.new_rupture import NewRuptureForm

        if self._snapshot is None:
            return
        self.app.push_screen(NewRuptureForm(self._snapshot.young_people, list(self._snapshot.staff.values())))

    def action_repaired(self) -> None:
        from handover.screens.forms.repair import RepairForm

        rupture = self._selected()
        if rupture is not None:
            self.app.push_screen(RepairForm(rupture, self._young_person_name(rupture)))

    def action_plan(self) -> None:
        from handover.screens.forms.plan import PlanForm

        if rupture := self._selected():
            self.app.push_screen(PlanForm(rupture, self._young_person_name(rupture)))

    def action_attempt(self) -> None:
        from handover.screens.forms.attempt import AttemptForm

        if rupture := self._selected():
            self.app.push_screen(AttemptForm(rupture, self._young_person_name(rupture)))

    def action_reassign(self) -> None:
        from handover.screens.forms.reassign import ReassignForm

        if (rupture := self._selected()) and self._snapshot:
            staff = list(self._snapshot.staff.values())
            self.app.push_screen(ReassignForm(rupture, self._young_person_name(rupture), staff))

    def action_end(self) -> None:
        from handover.screens.forms.end import EndForm

        if rupture := self._selected():
            self.app.push_screen(EndForm(rupture, self._young_person_name(rupture)))

    def action_amend(self) -> None:
        from handover.screens.forms.amend import AmendForm

        if rupture := self._selected():
            self.app.push_screen(AmendForm(rupture, self._young_person_name(rupture)))

    def action_reopen(self) -> None:
        from handover.screens.forms.reopen import ReopenScreen

        if self._snapshot is not None:
            self.app.push_screen(ReopenScreen(self._snapshot.young_people))

    def action_detail(self) -> None:
        from handover.screens.detail import DetailScreen

        if (rupture := self._selected()) and self._snapshot:
            self.app.push_screen(DetailScreen(rupture.id))

    def action_people(self) -> None:
        from handover.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    def action_help(self) -> None:
        from handover.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
