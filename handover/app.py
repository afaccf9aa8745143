"""The Textual app: holds the database path, clock, time zone and who is at the keyboard, and runs every
write on a worker thread through the service (one transaction each).

Who is at the keyboard is checked by PIN (handover/screens/who.py); the privacy lock (handover/lock.py) covers
every screen at once, and lifting it needs a sign-in. A board started with nobody signed in starts locked. The
real board (`handover`, not the demo) checks the database before it opens (handover/cli.py) and makes the
day's backup on a worker thread once it is up, and again every hour if the day changed.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from handover import collector, preload
from handover.clock import Clock, SystemClock
from handover.config import Config, load_config
from handover.domain.errors import HandoverError
from handover.domain.models import BoardSnapshot, StaffMember
from handover.following import FollowingApp
from handover.hangup import end_on_hangup
from handover.lock import LockingApp, LockScreenBase
from handover.styles import START_CSS, read_screens_css
from handover.typeahead import TypeAheadApp

if TYPE_CHECKING:  # the service is imported by the first write (open_context), not at start
    from textual.command import Provider
    from textual.driver import Driver

    from handover.screens.who import SignedIn
    from handover.service import Service

T = TypeVar("T")

#: Textual's own palette commands kept (by title): they change nothing but the look of this screen.
HARMLESS_COMMANDS = frozenset({"Theme", "Keys", "Maximize", "Minimize"})

#: How often the board looks whether the day's backup is due (it is made once a day).
BACKUP_START_DELAY_SECONDS = 5.0
"""How long after start the day's backup is made."""
BACKUP_CHECK_SECONDS = 3600.0
#: How long after the first frame the garbage collector runs again (handover/collector.py).
COLLECT_AFTER_FIRST_FRAME_SECONDS = 0.25
#: How long after the first frame the screens the keys open are imported (handover/preload.py): after the
#: collector's run, before a care worker has reached for a key.
PRELOAD_AFTER_FIRST_FRAME_SECONDS = 0.5
#: How long the banner saying the record was altered stays (until dismissed, in practice: a day).
INTEGRITY_BANNER_SECONDS = 24 * 3600.0


def _board_commands() -> type[Provider]:
    """The board's command palette provider, imported when the palette first opens (Textual accepts a callable
    in COMMANDS for this), not before the board's first frame."""
    from handover.commands import BoardCommands

    return BoardCommands


class HandoverApp(LockingApp, TypeAheadApp, FollowingApp):
    """The repair board."""

    CSS_PATH = START_CSS  # the first frame's styles; the other screens' are read after it (handover/styles.py)
    TITLE = "handover"
    COMMANDS = App.COMMANDS | {_board_commands}
    """The palette (ctrl+p): every board action by name, and the harmless of Textual's own commands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit now",
            show=False,
            priority=True,
            tooltip="Quit at once: close the board without asking; everything is saved as you go",
            id="app.quit",
        ),
    ]
    """ctrl+q quits from anywhere, at once; q on the board asks first (`action_ask_quit`)."""

    actor: reactive[StaffMember | None] = reactive(None, init=False)
    """The staff member at the keyboard: every change made from this board is recorded as theirs."""

    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        tz: tzinfo,
        poll_seconds: float = 0.1,
        keymap: dict[str, str] | None = None,
        actor: StaffMember | None = None,
        *,
        lock_after: timedelta | None = None,
        initials_only: bool = False,
        backups: bool = False,
        backup_dir: Path | None = None,
    ) -> None:
        super().__init__(clock, lock_after, initials_only)
        self.set_reactive(HandoverApp.actor, actor)
        self.db_path = db_path
        self.tz = tz
        self.backups = backups
        """Make the day's automatic backup (the real board; not the demo, not tests unless they ask)."""
        self.backup_dir = backup_dir
        """The configured backup folder (HANDOVER_BACKUP_DIR); None: `backups` beside the database."""
        self.pin_checked = True
        """False while the person at the keyboard signed in without a PIN (they have none yet)."""
        self._backing_up = False
        self.poll_seconds = poll_seconds
        self.keymap: dict[str, str] = keymap or {}
        """Keys remapped in the settings file (binding id -> keys), given to Textual at mount; the help shows them."""
        self.closed_here: set[int] = set()
        """Ruptures repaired or ended from this terminal, so the board does not report them as news."""
        self.board_snapshot: BoardSnapshot | None = None
        """The board's latest snapshot, from its watch loop: the glance shows it (handover/screens/glance.py)."""

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if not self.is_headless and sys.__stdin__ is not None:
            # A terminal that goes away without a hangup signal must still end the board (handover/hangup.py).
            end_on_hangup(sys.__stdin__.fileno())
        # The first screen opens once Textual's start-up is over, not during it: Textual holds back every frame
        # drawn while it starts (a batch), so a board composed and drawn then was drawn twice and shown only
        # with the second drawing (about 90 ms later on five years of history; docs/PERFORMANCE.md). Keys typed
        # before it opens are on the queue ahead of it: the type-ahead holds them for it (handover/typeahead.py).
        self.call_later(self._open_first_screen)
        if self.backups:
            self.set_interval(BACKUP_CHECK_SECONDS, self.daily_backup)

    def _open_first_screen(self) -> None:
        from handover.service.database import start_up

        # A new home (no file, no home named, nobody on the staff) is set up first; the board follows.
        # Each screen is imported only when shown: the first-run one brings the people screen.
        start = start_up(self.db_path, self.clock, self.tz)
        if start.first_run:
            from handover.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        else:
            from handover.render.shown import shown
            from handover.screens.board import BoardScreen

            # Given the snapshot start_up read, so the board's first frame has its rows (through shown(), as
            # every read for a screen is: handover/render/shown.py).
            self.push_screen(BoardScreen(first=shown(start.board) if start.board is not None else None))
            if self.actor is None and start.pins_in_use:
                # Nobody signed in yet in a home that uses PINs: the board stays covered by the glance until
                # someone signs in (a young person may be the one who started it); in a home that turned the
                # glance off, by the neutral lock with the sign-in open. Without PINs the board shows and asks who.
                self.lock_board(glance=True, ask_now=True)
            # The screens and forms its keys open, imported a moment after its first frame, so that no first
            # press of a key waits for its screen's import.
            self.call_after_refresh(self.set_timer, PRELOAD_AFTER_FIRST_FRAME_SECONDS, preload.start)
            # Their styles too, so that no first press waits for Textual to read them (handover/styles.py).
            self.call_after_refresh(self.set_timer, PRELOAD_AFTER_FIRST_FRAME_SECONDS, self.read_screens_css)
            if self.backups:
                # After the first frames: the copy and its check compete with the board's first paint.
                self.set_timer(BACKUP_START_DELAY_SECONDS, self.daily_backup)
                # Is the record whole? Checked after the first frame, never before it.
                self.call_after_refresh(self.check_record)
        self.show_who()
        # The garbage collector, held for the first frame by the console script (handover/collector.py), runs
        # again a moment after that frame: its first collection then walks everything start-up made, and a
        # frame waiting to be written would wait for it.
        self.call_after_refresh(self.set_timer, COLLECT_AFTER_FIRST_FRAME_SECONDS, collector.settle)

    # -- who is at the keyboard -------------------------------------------------------------------------
    def watch_actor(self, old: StaffMember | None, actor: StaffMember | None) -> None:
        self.show_who()
        self.tell_followers("actor", old, actor)

    def watch_theme(self, old: str, theme: str) -> None:
        self.tell_followers("theme", old, theme)

    def show_who(self) -> None:
        """The header's second line: who is signed in (initials in initials-only mode), and the mode."""
        actor = self.actor
        if actor is None:
            who = "nobody signed in"
        else:
            name = self.name_mask(actor.name) if self.initials_only and self.name_mask else actor.name
            who = f"at the keyboard: {name}" + ("" if self.pin_checked else " (no PIN set)")
        self.sub_title = who + (" · initials only" if self.initials_only else "")

    def ask_who(self, staff: list[StaffMember] | None = None) -> None:
        """Ask who is at the keyboard (w on the board; the board's first load when nobody is signed in)."""
        from handover.screens.who import WhoScreen

        if not self.locked:
            self.push_screen(WhoScreen(staff, self.actor), self._signed_in)

    def _signed_in(self, result: SignedIn | None) -> None:
        if result is None:  # "just look": nothing changes
            return
        self.pin_checked = result.pin_checked
        self.actor = result.person
        self.show_who()

    def sign_in_to_unlock(self) -> None:
        """The lock screen's Enter: the same sign-in, PIN required; anyone may lift the lock as themselves."""
        from handover.screens.who import WhoScreen

        self.push_screen(WhoScreen(None, None, unlocking=True), self._unlock_as)

    def _unlock_as(self, result: SignedIn | None) -> None:
        if result is None:  # back to the lock screen
            return
        before = self.actor
        self.unlock_board()
        self._signed_in(result)
        if before is not None and before.id != result.person.id and self._open_form() is not None:
            self.notify(
                f"A form {before.name} was filling in is still open. Anything saved from it now is recorded as "
                f"yours ({result.person.name}): check it, or close it with esc.",
                title="Still open",
                severity="warning",
                timeout=15,
            )

    def _open_form(self) -> Screen[Any] | None:
        forms = sys.modules.get("handover.screens.forms.base")
        if forms is None:
            return None
        return next((s for s in self.screen_stack if isinstance(s, forms.FormScreen)), None)

    def may_show_over_lock(self, screen: Screen[Any] | str) -> bool:
        who = sys.modules.get("handover.screens.who")
        return who is not None and isinstance(screen, who.WhoScreen)

    def may_lock_now(self) -> bool:
        # Not while a new home is being set up: nobody could sign in to lift the lock yet.
        first_run = sys.modules.get("handover.screens.first_run")
        return first_run is None or not any(isinstance(s, first_run.FirstRunScreen) for s in self.screen_stack)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Only those of Textual's own commands that are harmless on a shared office screen (HARMLESS_COMMANDS).
        Left out: Screenshot, which would write an SVG full of children's names to disk, and Quit, which would
        close the board without asking. The board's actions, the lock, initials only and quit (asking) come
        from the board's bindings (handover/commands.py)."""
        for command in super().get_system_commands(screen):
            if command.title in HARMLESS_COMMANDS:
                yield command

    def action_ask_quit(self) -> None:
        """q on the board: the office board is meant to stay open, so ask first (ctrl+q closes it at once)."""
        from handover.dialogs.confirm import ConfirmScreen

        def answered(close: bool | None) -> None:
            if close:
                self.exit()

        question = "Close the board? It is meant to stay open on the office screen. Everything is saved as you go."
        self.push_screen(ConfirmScreen(question, "yes, close it", "no, keep it open"), answered)

    # -- the glance and initials only -------------------------------------------------------------------
    def new_lock_screen(self, *, glance: bool, ask_now: bool) -> LockScreenBase:
        """The glance while nobody is signed in (the start, the idle lock); the neutral lock for `l`."""
        if not glance:
            return super().new_lock_screen(glance=glance, ask_now=ask_now)
        from handover.screens.glance import GlanceScreen

        return GlanceScreen(ask_if_off=ask_now)

    def on_board_screen_loaded(self, message: Any) -> None:
        """Each snapshot the board's watch loop reads (bubbled up from the board) goes on to the glance, so the
        glance reads nothing on a loop of its own."""
        self.board_snapshot = message.snapshot
        glance = sys.modules.get("handover.screens.glance")
        if glance is not None and isinstance(self.lock_screen, glance.GlanceScreen):
            self.lock_screen.show_snapshot(message.snapshot)

    def set_initials_only(self, on: bool) -> None:
        """Show people by initials and hide free text, on every screen (each follows `initials_only`)."""
        self.initials_only = on

    def watch_initials_only(self, old: bool, on: bool) -> None:
        self.show_who()
        self.tell_followers("initials_only", old, on)
        # The board is under whatever screen switched it: it shows the switch at once, not at its next refresh.
        board_module = sys.modules.get("handover.screens.board")
        for screen in self.screen_stack:
            if board_module is not None and isinstance(screen, board_module.BoardScreen):
                screen.render_board()

    # -- after the first frame ---------------------------------------------------------------------------
    def read_screens_css(self) -> None:
        """The other screens' styles, a moment after the board's first frame (handover/styles.py)."""
        read_screens_css(self)

    # -- the day's backup -------------------------------------------------------------------------------
    @work(thread=True, group="backup", exit_on_error=False)
    def daily_backup(self) -> None:
        """Make today's backup unless it exists (a quick look when it does); a failure is said, never fatal."""
        from handover.service.database import daily_backup

        if not self.backups or self._backing_up:
            return
        self._backing_up = True
        try:
            daily_backup(self.db_path, self.backup_dir, self.clock.now().astimezone(self.tz))
        except (HandoverError, OSError) as exc:
            self.notify(
                f"Today's automatic backup was not made: {exc} Run `handover check` to see whether the database "
                "is sound, or make one by hand with `handover backup`.",
                title="Backup not made",
                severity="error",
                timeout=60,
                markup=False,  # the reason may quote names and words people typed
            )
        finally:
            self._backing_up = False

    # -- is the record whole? ---------------------------------------------------------------------------
    @work(thread=True, group="integrity", exit_on_error=False)
    def check_record(self) -> None:
        """The start-up check, then the full check in the background; anything off is said in a banner that
        stays until dismissed (plain text: it quotes names and words people typed)."""
        from handover.service import integrity

        for run in (integrity.startup_check, integrity.full_check):
            try:
                report = run(self.db_path, self.tz, self.backup_dir)
            except HandoverError:
                return  # a file that cannot be read at all: the board says so itself
            if not report.ok:
                self.call_from_thread(
                    self.notify,
                    integrity.banner(report),
                    title="The record has been altered",
                    severity="error",
                    timeout=INTEGRITY_BANNER_SECONDS,
                    markup=False,
                )
                return

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on Linux, that driver with an input thread that sleeps while
        nothing is typed (handover/quiet_input.py: Textual's woke ten times a second, the most of an idle
        board's CPU). A driver named in TEXTUAL_DRIVER is used as it is."""
        from textual import constants
        from textual.drivers.linux_driver import LinuxDriver

        from handover.quiet_input import QuietLinuxDriver

        found = super().get_driver_class()
        return QuietLinuxDriver if found is LinuxDriver and constants.DRIVER is None else found

    def open_service(self) -> Service:
        """The service over a connection of its own, for the thread that calls this (the watch loops' reads).
        Close it when done."""
        from handover.service import Service

        return Service.open(self.db_path, self.clock, self.tz)

    async def perform(self, use_case: Callable[[Service], T]) -> T:
        """Run a use case on a worker thread with a connection of its own, so a busy database never freezes
        the screen. Refusals come back as HandoverError with a plain message; nothing is half-written."""
        return await asyncio.to_thread(self._perform_now, use_case)

    def _perform_now(self, use_case: Callable[[Service], T]) -> T:
        from handover.context import open_context
        from handover.render.shown import shown

        # A connection per write: sqlite3 connections belong to the thread that opened them.
        with open_context(self.db_path, clock=self.clock, config=Config(db=self.db_path)) as ctx:
            ctx.tz = self.tz
            ctx.service.tz = self.tz
            # What comes back is for a screen: a stored escape sequence is neutralised here, never drawn.
            return shown(use_case(ctx.service))


def make_app(
    db_path: Path | str,
    *,
    clock: Clock | None = None,
    tz: tzinfo | None = None,
    config: Config | None = None,
    actor: StaffMember | None = None,
    backups: bool = False,
) -> HandoverApp:
    """Build the app for a database; tests pass a frozen clock, a time zone and who is acting. Without `tz`,
    times are shown in the home's zone, as its database stores it (`context.home_zone`).

    Without an actor, the board asks who is at the keyboard (their PIN checked), and in a home that uses PINs
    it starts locked until someone signs in; with one (tests), that person is signed in already. `backups`
    makes the day's automatic backup (the real board; not the demo's temporary database)."""
    from handover.context import home_zone

    config = config or load_config()
    return HandoverApp(
        Path(db_path),
        clock or SystemClock(),
        tz or home_zone(Path(db_path), config),
        poll_seconds=config.poll_seconds,
        keymap=config.keymap,
        actor=actor,
        lock_after=timedelta(minutes=config.lock_after_minutes) if config.lock_after_minutes else None,
        initials_only=config.initials_only,
        backups=backups,
        backup_dir=config.backup_dir,
    )
