"""HandoverScreen (h on the board): what a shift lead goes through at every handover, kept live.

Left, who is going off and coming on (space marks the highlighted person on or off shift); right, every
open repair whose owner is leaving or off shift (o gives one to someone, g gives all of that person's), every
unowned and overdue rupture, repairs not yet accepted, reg 35 clocks not yet met, and what was repaired this
shift. `a` records that the incoming shift lead accepts the handover; `p` writes the handover sheet.

Like the board, a thread worker watches PRAGMA data_version on a read connection of its own and reads the
summary again after every commit anywhere (and once a minute, as shifts and clocks move with time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from handover.domain.errors import HandoverError
from handover.domain.handover import HandoverSummary
from handover.domain.models import Rupture, StaffMember
from handover.domain.views import ViewRow
from handover.following import follow
from handover.screens.handover_lines import Line, head_line, item_lines, owner_id, rupture_id, staff_lines
from handover.screens.privacy import mask_rich
from handover.styles import SCREENS_CSS
from widgets.fitting_footer import FittingFooter
from widgets.hanging import hanging, line_room
from widgets.option_list import OptionList

if TYPE_CHECKING:
    from handover.app import HandoverApp
    from handover.service import Service
    from handover.service.reads import HandoverView

T = TypeVar("T")

#: The summary is read again this often even when nothing was written: shifts end and clocks run.
TICK_SECONDS = 60.0


class HandoverScreen(Screen[None]):
    """The handover, for the shift lead."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("escape", "back", "Board", id="handover.back"),
        Binding("h", "back", "Board", show=False, id="handover.back_h"),
        Binding("space", "toggle_shift", "On/off shift", id="handover.shift"),
        Binding(
            "n",
            "mark_coming",
            "On next shift",
            tooltip="On the coming shift: mark the highlighted person on the shift taking over, not the one now",
            id="handover.coming",
        ),
        Binding("o", "reassign", "Give to…", id="handover.reassign"),
        Binding("g", "give_all", "Give all…", id="handover.give_all"),
        Binding("c", "accept_repair", "Accept repair", show=False, id="handover.accept_repair"),
        Binding("k", "reg35", "Reg 35", show=False, id="handover.reg35"),
        Binding("a", "accept_handover", "Accept handover", id="handover.accept"),
        Binding("p", "sheet", "Sheet", id="handover.sheet"),
        Binding("question_mark", "help", "Help", tooltip="Help: every key, and how to change them", id="handover.help"),
    ]
    """Keys on the handover screen (tab moves between the two lists; enter opens a rupture's detail)."""

    @dataclass
    class Loaded(Message):
        """A fresh summary read by the watcher thread."""

        view: HandoverView

    @dataclass
    class LoadFailed(Message):
        message: str

    def __init__(self) -> None:
        super().__init__()
        self._view: HandoverView | None = None
        """What the screen shows now (None until the first read)."""
        from handover.screens.watching import LoopStop

        self._stop = LoopStop()
        self._due = threading.Event()
        self._heads: dict[str, dict[str, str | None]] = {"staff": {}, "items": {}}

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Reading the handover…", id="handover-head")
        with Horizontal(id="handover-panes"):
            with Vertical(id="handover-staff-pane", classes="handover-pane"):
                yield Static("Who is on shift", classes="handover-pane-title")
                yield OptionList(id="handover-staff")
                yield Static("space: on or off shift · n: on the coming shift", classes="handover-hint")
            with Vertical(id="handover-items-pane", classes="handover-pane"):
                yield Static("Outstanding", classes="handover-pane-title")
                yield OptionList(id="handover-items")
                yield Static("enter: the rupture in full · tab: the other list", classes="handover-hint")
        # Compact and fitted to the width, keeping the way back and ? Help whole (widgets/fitting_footer.py).
        yield FittingFooter(first=("back", "help", "toggle_shift", "mark_coming", "accept_handover"))

    def on_mount(self) -> None:
        self.watch_summary()
        self.set_interval(TICK_SECONDS, self._due.set)
        # Initials only (i) switched: shown again at once, as the rule now says (screens/privacy.py).
        follow(self, "initials_only", lambda _: self._show())
        self.query_one("#handover-items", OptionList).focus()

    def on_unmount(self) -> None:
        self._stop.set()

    def on_resize(self) -> None:
        # The lines are wrapped to the lists' widths (with their hanging indent): wrapped again at the new one.
        self.call_after_refresh(self._show)

    # -- keeping it live --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="handover-watch", exit_on_error=False)
    def watch_summary(self) -> None:
        """Read the summary after every commit anywhere, and when a minute has passed."""
        from handover.screens.watching import watch_database

        app = self.handover_app
        watch_database(
            app.open_service,
            app.poll_seconds,
            self._stop,
            read=lambda service: service.handover_view(),
            loaded=lambda view: self.post_message(self.Loaded(view)),
            failed=lambda message: self.post_message(self.LoadFailed(message)),
            due=self._due,
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._view = message.view
        self._show()

    def _show(self) -> None:
        """The last read, with people by initials while initials only is on (the lines hold no free text)."""
        if self._view is None:
            return
        summary, tz = self._view.summary, self.handover_app.tz
        head = head_line(summary, summary.last_handover_by, tz)
        self.query_one("#handover-head", Static).update(mask_rich(self.app, head))
        self._fill("staff", staff_lines(summary, self._view.staff, tz))
        self._fill("items", item_lines(summary, tz))

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.query_one("#handover-head", Static).update(f"⚠ Not up to date: {message.message}")

    def _fill(self, pane: str, lines: list[Line]) -> None:
        """Show `lines`, the highlight kept on its line (or, if that line went, on its heading)."""
        options = self.query_one(f"#handover-{pane}", OptionList)
        before = self._highlighted_id(options)
        old_ids = [str(o.id) for o in options.options]
        old_heads = self._heads[pane]
        self._heads[pane] = {line.id: line.heading for line in lines}
        # Wrapped here to the list's width, with a hanging indent, so a long line never runs back to the edge.
        width = line_room(options)
        options.clear_options()
        options.add_options(
            [Option(hanging(mask_rich(self.app, line.text), width), id=line.id) for line in lines],
        )
        ids = [line.id for line in lines]
        target = before
        while target is not None and target not in ids:
            # The line went: the highlight goes up to its heading (a repair given away: to its owner's line).
            # A line straight under a section's heading goes to the one that took its place in that section,
            # so after giving all of one leaving owner's repairs away it is on the next leaving owner.
            parent = old_heads.get(target)
            took_its_place = None
            if parent is not None and old_heads.get(parent) is None and target in old_ids:
                later = old_ids[old_ids.index(target) + 1 :]
                took_its_place = next((i for i in later if old_heads.get(i) == parent and i in ids), None)
            target = took_its_place or parent
        if target is not None:
            options.highlighted = ids.index(target)
        elif lines:
            options.highlighted = 0

    @staticmethod
    def _highlighted_id(options: OptionList) -> str | None:
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    # -- what the keys act on ---------------------------------------------------------------------------
    def _focused_line(self) -> tuple[str, str] | None:
        """(pane, line id) of the highlighted line of the focused list."""
        for pane in ("staff", "items"):
            options = self.query_one(f"#handover-{pane}", OptionList)
            if options.has_focus:
                line = self._highlighted_id(options)
                return (pane, line) if line else None
        return None

    def _row(self, rupture: int) -> ViewRow | None:
        """The rupture's row in the summary (open ruptures only)."""
        if self._view is None:
            return None
        return next((r for r in self._view.summary.open_rows if r.rupture.id == rupture), None)

    def _staff(self, staff_id: int) -> StaffMember | None:
        return next((s for s in self._view.staff if s.id == staff_id), None) if self._view else None

    def _signed_in(self) -> StaffMember | None:
        actor = self.handover_app.actor
        if actor is None:
            self.notify("Nobody is signed in at this keyboard: go back to the board and press w.", severity="warning")
        return actor

    async def _run(self, use_case: Callable[[Service], T]) -> T | None:
        """Run a use case; a refusal is said in its own plain words and changes nothing."""
        try:
            return await self.handover_app.perform(use_case)
        except HandoverError as exc:
            self.notify(str(exc), severity="error", title="Not done")
            return None

    def _incoming_groups(self, leave_out: int | None) -> list[tuple[str, list[tuple[StaffMember, str]]]]:
        """The staff to give a repair to: coming on first, then others on shift, then everyone else."""
        assert self._view is not None
        summary, tz = self._view.summary, self.handover_app.tz
        seen: set[int] = set() if leave_out is None else {leave_out}
        groups: list[tuple[str, list[tuple[StaffMember, str]]]] = []
        on = [
            (p.staff, f"{p.shift or ''} until {p.ends.astimezone(tz):%H:%M}" if p.ends else "")
            for p in summary.staff_coming_on
        ]
        going = [(p.staff, f"leaving {p.ends.astimezone(tz):%H:%M}" if p.ends else "") for p in summary.staff_going_off]
        for title, people in ((f"Coming on · {summary.coming_on.label(tz)}", on), ("Going off", going)):
            kept = [(s, note) for s, note in people if s.id not in seen]
            seen |= {s.id for s, _ in kept}
            if kept:
                groups.append((title, kept))
        rest = sorted((s for s in self._view.staff if s.id not in seen), key=lambda s: s.name.casefold())
        if rest:
            groups.append(("Not on shift", [(s, s.role.value) for s in rest]))
        return groups

    # -- actions ----------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def _person(self) -> StaffMember | None:
        """The person highlighted in the list of who is on shift (saying what to do when there is none)."""
        line = self._focused_line()
        staff_id = int(line[1][2:]) if line and line[0] == "staff" and line[1].startswith("s-") else None
        member = self._staff(staff_id) if staff_id is not None else None
        if member is None or self._view is None:
            self.notify("Move onto a person in the list of who is on shift first (tab, then ↑/↓).", severity="warning")
            return None
        return member

    async def action_toggle_shift(self) -> None:
        if (member := self._person()) is None or self._view is None or (actor := self._signed_in()) is None:
            return
        summary = self._view.summary
        marked = {p.staff.id for p in (*summary.staff_going_off, *summary.staff_coming_on)}
        going_on = member.id not in marked
        mark = await self._run(lambda sv: sv.mark_on_shift(actor, member, going_on))
        if mark is None:
            return
        if going_on:
            self._say_on_shift(member, mark.shift, mark.shift_end)
        else:
            self.notify(f"{member.name} is off shift.")

    async def action_mark_coming(self) -> None:
        """Mark the highlighted person on the shift taking over (at midnight: the early, not the night)."""
        if (member := self._person()) is None or self._view is None or (actor := self._signed_in()) is None:
            return
        coming = self._view.summary.coming_on
        mark = await self._run(lambda sv: sv.mark_on_shift(actor, member, True, coming.shift))
        if mark is not None:
            self._say_on_shift(member, mark.shift, mark.shift_end, coming.label(self.handover_app.tz))

    def _say_on_shift(self, member: StaffMember, shift: str | None, ends: datetime | None, label: str = "") -> None:
        if label:
            self.notify(f"{member.name} is on the coming shift: {label}.")
            return
        until = f", until {ends.astimezone(self.handover_app.tz):%H:%M}" if ends else ""
        self.notify(f"{member.name} is on shift: {shift or 'shift not known'}{until}.")

    def action_help(self) -> None:
        from handover.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_reassign(self) -> None:
        from handover.dialogs.staff_picker import StaffPicker

        line = self._focused_line()
        number = rupture_id(line[1]) if line else None
        row = self._row(number) if number is not None else None
        if row is None or line is None or line[1].startswith(("repaired-", "reg35-")):
            self.notify("Move onto an open repair first (↑/↓), then press o.", severity="warning")
            return
        if self._signed_in() is None:
            return
        summary = self._view.summary if self._view else None
        assert summary is not None
        r = row.rupture

        def chosen(person: StaffMember | None) -> None:
            if person is not None:
                self._give(r, person, f"at the handover, {summary.going_off.shift} to {summary.coming_on.shift}")

        question = f"Give the repair of #{r.id} with {row.young_person} ({r.kind.label}) to…"
        self.app.push_screen(StaffPicker(question, self._incoming_groups(r.owner_id)), chosen)

    @work(group="handover-write", exit_on_error=False)
    async def _give(self, rupture: Rupture, person: StaffMember, reason: str) -> None:
        actor = self.handover_app.actor
        if actor is None:
            return
        if rupture.owner_id == person.id:
            self.notify(f"{person.name} already owns the repair of #{rupture.id}.", severity="warning")
            return
        done = await self._run(
            lambda sv: sv.assign_owner(actor, rupture.id, person, reason, expected_version=rupture.version)
        )
        if done is not None:
            waits = "" if person.id == actor.id else f"; it waits for {person.name} to accept it (c on the board)"
            self.notify(f"Rupture #{rupture.id} given to {person.name}{waits}.")

    def action_give_all(self) -> None:
        from handover.dialogs.staff_picker import StaffPicker

        line = self._focused_line()
        giver_id = owner_id(line[1]) if line else None
        if giver_id is None and line is not None and line[1].startswith("leaving-"):
            row = self._row(rupture_id(line[1]) or 0)
            giver_id = row.rupture.owner_id if row else None
        giver = self._staff(giver_id) if giver_id is not None else None
        if giver is None or self._view is None:
            self.notify(
                "Move onto a leaving owner's line (or one of their repairs) first, then press g.", severity="warning"
            )
            return
        if self._signed_in() is None:
            return
        count = sum(1 for r in self._view.summary.open_rows if r.rupture.owner_id == giver.id)
        summary = self._view.summary
        reason = f"at the handover, {summary.going_off.shift} to {summary.coming_on.shift}"

        def chosen(person: StaffMember | None) -> None:
            if person is not None:
                self._give_all(giver, person, reason)

        what = f"{giver.name}'s open repair" if count == 1 else f"all {count} of {giver.name}'s open repairs"
        question = f"Give {what} to…"
        self.app.push_screen(StaffPicker(question, self._incoming_groups(giver.id)), chosen)

    @work(group="handover-write", exit_on_error=False)
    async def _give_all(self, giver: StaffMember, person: StaffMember, reason: str) -> None:
        actor = self.handover_app.actor
        if actor is None:
            return
        moved = await self._run(lambda sv: sv.bulk_reassign(actor, giver, person, reason))
        if moved:
            numbers = ", ".join(f"#{r.id}" for r in moved)
            what = "repair" if len(moved) == 1 else f"{len(moved)} repairs"
            self.notify(f"Gave {giver.name}'s {what} to {person.name}: {numbers}.")

    def action_accept_repair(self) -> None:
        from handover.screens.forms.accept import AcceptForm

        line = self._focused_line()
        row = self._row(rupture_id(line[1]) or 0) if line else None
        if row is None:
            self.notify("Move onto a repair that was given to you first.", severity="warning")
            return
        actor = self.handover_app.actor
        if not row.awaiting_acceptance or actor is None or row.rupture.owner_id != actor.id:
            self.notify(
                f"Only {row.owner or 'its new owner'} can accept #{row.rupture.id}, and only while it waits for them.",
                severity="warning",
            )
            return
        self.app.push_screen(AcceptForm(row.rupture, row.young_person))

    async def action_reg35(self) -> None:
        from handover.domain import reg35
        from handover.screens.forms.reg35 import Reg35Form

        line = self._focused_line()
        number = rupture_id(line[1]) if line else None
        if number is None:
            self.notify("Move onto a reg 35 clock (or a restraint) first, then press k.", severity="warning")
            return
        found = await self._run(lambda sv: sv.rupture(number))
        if found is None:
            return
        if not reg35.applies(found) or reg35.all_done(found):
            self.notify(f"Rupture #{number} has no reg 35 clock left to tick.", severity="warning")
            return
        row = self._row(number)
        clocks = self._view.summary.reg35 if self._view else ()
        young_person = row.young_person if row else next((i.young_person for i in clocks if i.rupture_id == number), "")
        self.app.push_screen(Reg35Form(found, young_person))

    def action_accept_handover(self) -> None:
        if self._view is None or (actor := self._signed_in()) is None:
            return
        self._ask_to_accept(actor)

    @work(group="handover-write", exit_on_error=False)
    async def _ask_to_accept(self, actor: StaffMember) -> None:
        """Ask "accept?" only of someone who may: a lead going off shift (or not on shift), or a handover
        already accepted, is told so first in the service's own words, and nothing is asked."""
        from handover.dialogs.confirm import ConfirmScreen

        summary = await self._run(lambda sv: sv.check_handover_acceptance(actor))
        if summary is None:
            return
        tz = self.handover_app.tz
        c = summary.counts()
        question = (
            f"{actor.name}, accept the handover from {summary.going_off.label(tz)} to "
            f"{summary.coming_on.label(tz)}?\n\nThis records who accepted it, when, and what was outstanding: "
            f"{c['open']} open, {c['overdue']} overdue, {c['unowned']} unowned, "
            f"{c['awaiting_acceptance']} not yet accepted, {c['reg35_outstanding']} with reg 35 clocks running."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._accept_handover(actor, summary)

        self.app.push_screen(ConfirmScreen(question, "yes, I accept the handover"), answered)

    @work(group="handover-write", exit_on_error=False)
    async def _accept_handover(self, actor: StaffMember, summary: HandoverSummary) -> None:
        going_off, coming_on = summary.going_off, summary.coming_on
        record = await self._run(lambda sv: sv.accept_handover(actor, going_off, coming_on))
        if record is not None:
            at = record.at.astimezone(self.handover_app.tz)
            self.notify(f"Handover accepted by {actor.name} at {at:%H:%M}.", title="Handover")

    def action_sheet(self) -> None:
        from handover.screens.forms.sheet import SheetForm

        self.app.push_screen(SheetForm())

    @on(OptionList.OptionSelected, "#handover-items")
    def _open_detail(self, event: OptionList.OptionSelected) -> None:
        from handover.screens.detail import DetailScreen

        number = rupture_id(event.option.id or "")
        if number is not None:
            self.app.push_screen(DetailScreen(number))
