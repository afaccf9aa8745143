"""DetailScreen (enter on the board): everything about one rupture, and its timeline, newest entry last.

Read once when it opens, on a worker thread with its own connection; the board keeps updating underneath,
and Escape goes back to it with the cursor where it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from handover.domain import reg35
from handover.domain.describe import name_of, when_text
from handover.domain.enums import EventKind, Status
from handover.domain.errors import HandoverError
from handover.domain.models import Event, Rupture
from handover.domain.reg35 import ClockState
from handover.domain.timeline import first_written
from handover.domain.urgency import format_waited
from handover.domain.views import lapsed
from handover.following import follow
from handover.screens.privacy import HIDDEN, hiding, mask_name, mask_text, names_shown
from handover.screens.rupture_keys import RUPTURE_ACTIONS, RUPTURE_KEYS
from handover.styles import SCREENS_CSS
from widgets.fitting_footer import FittingFooter
from widgets.timeline import Timeline, amendment
from widgets.view_cells import CLOCK_LOOK

if TYPE_CHECKING:
    from handover.app import HandoverApp
    from handover.service.reads import RuptureDetail


class DetailScreen(Screen[None]):
    """One rupture in full: who, when, what happened (with any corrections), and every entry since."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("escape", "back", "Back to the board", id="detail.back"),
        Binding("q", "back", "Back", id="detail.back_q", show=False),
        *RUPTURE_KEYS,
        Binding("question_mark", "help", "Help", tooltip="Help: every key, and how to change them", id="detail.help"),
    ]
    """Escape (or q) goes back to the board; the arrows and page keys scroll; p t r o x e a k c take every step
    the board takes on this rupture, under the same keys and ids (screens/rupture_keys.py)."""

    def __init__(self, rupture_id: int) -> None:
        super().__init__()
        self.rupture_id = rupture_id
        """The rupture shown."""
        self._detail: RuptureDetail | None = None
        """What the screen shows (None until it is read)."""

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="detail"):
            yield Static(f"Loading rupture #{self.rupture_id}…", id="detail-loading")
        # Compact and fitted to the width, keeping ? Help and the way back whole (widgets/fitting_footer.py).
        yield FittingFooter(first=("help", "back"))

    def on_mount(self) -> None:
        self.load()
        # Initials only (i) switched while open: shown again, as the rule now says (screens/privacy.py).
        follow(self, "initials_only", self._privacy_switched)

    async def _privacy_switched(self, on: bool) -> None:
        if self._detail is not None:
            await self.show(self._detail)

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def load(self) -> None:
        rupture_id = self.rupture_id
        try:
            detail = await self.handover_app.perform(lambda sv: sv.rupture_detail(rupture_id))
        except HandoverError as exc:
            self.query_one("#detail-loading", Static).update(Text(f"⚠ {exc}\n\nPress Escape to go back.", style="bold"))
            return
        await self.show(detail)

    async def show(self, data: RuptureDetail) -> None:
        """Replace "Loading…" with the rupture and its timeline."""
        self._detail = data
        body = self.query_one("#detail", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self._parts(data))
        body.focus()  # so the arrows and page keys scroll straight away
        self.refresh_bindings()  # k shows only for a restraint with a clock still running

    # -- parts --------------------------------------------------------------------------------------
    def _parts(self, data: RuptureDetail) -> list[Static | Horizontal | Vertical | Timeline]:
        app = self.handover_app
        tz = app.tz
        r = data.rupture
        # Initials only: every name as initials, and no free text (what happened, the plan, notes).
        names = names_shown(app, {s.id: s.name for s in data.staff})
        found = next((p.name for p in data.young_people if p.id == r.young_person_id), None)
        young_person = mask_name(app, found) if found else "the young person"
        now = app.clock.now()

        heading = Text()
        heading.append(f"Rupture #{r.id} with {young_person}", style="bold")
        heading.append(f"  ·  {r.kind.label}  ·  {r.severity.label}  ·  ")
        heading.append(r.status.label, style="bold" if r.status.is_open else "")
        parts: list[Static | Horizontal | Vertical | Timeline] = [Static(heading, classes="detail-title")]

        happened = when_text(r.occurred_at, tz, year=True)
        if r.status.is_open:
            waited = format_waited(now - r.occurred_at)
            happened += f"  ({waited})" if waited == "just now" else f"  ({waited} ago)"
        owner = Text(name_of(names, r.owner_id)) if r.owner_id is not None else Text("⚠ unowned", style="bold")
        if r.awaiting_acceptance:
            owner.append("  ⧗ not yet accepted (they press c on the board)", style="bold")
        fields: list[tuple[str, str | Text]] = [
            ("Young person", young_person),
            ("Happened", happened),
            ("Recorded", f"{when_text(r.recorded_at, tz, year=True)} by {name_of(names, r.recorded_by)}"),
            ("Kind", r.kind.description),
            ("Severity", r.severity.label),
            ("Adults involved", ", ".join(name_of(names, a) for a in r.adult_ids)),
            ("Owner", owner),
            ("Status", r.status.label),
            ("Next step", self._next_step(r, data.events, now)),
            ("Incident ref.", r.incident_ref or "none"),
        ]
        if r.version > 1:
            fields.append(
                ("Last change", f"{when_text(r.updated_at, tz, year=True)} by {name_of(names, r.updated_by)}")
            )
        for label, value in fields:
            parts.append(
                Horizontal(
                    Static(label, classes="detail-label"),
                    Static(value if isinstance(value, Text) else Text(value), classes="detail-value"),
                    classes="detail-field",
                )
            )

        if reg35.applies(r):
            parts.append(Static("Reg 35 clocks (restraint)", classes="detail-section"))
            parts.append(self._reg35(r, data.events, names, now))

        parts.append(Static("What happened", classes="detail-section"))
        parts.append(self._what_happened(r, data.events, names))

        entries = len(data.events)
        parts.append(
            Static(
                f"Timeline  ({entries} {'entry' if entries == 1 else 'entries'}, newest last)", classes="detail-section"
            )
        )
        parts.append(Timeline(data.events, names, tz, young_person=young_person, hide_notes=hiding(app), id="timeline"))
        if r.status is Status.REPAIRED or r.status is Status.ENDED:
            parts.append(
                Static(
                    "No longer on the board: 'Reopen a rupture' (ctrl+p) brings it back if the repair did not hold.",
                    classes="detail-note",
                )
            )
        return parts

    def _what_happened(self, rupture: Rupture, events: list[Event], names: dict[int, str]) -> Vertical:
        """The words first written, and under them each correction: the original always stays visible."""
        tz = self.handover_app.tz
        if hiding(self.app):
            hidden = Static(Text(HIDDEN, style="dim italic"), classes="detail-what")
            return Vertical(hidden, classes="detail-what-block")
        original, fixes = first_written(rupture.what_happened, events)
        if not fixes:
            return Vertical(Static(Text(original), classes="detail-what"), classes="detail-what-block")
        first = Text(original)
        first.append(
            f"\n(as first written by {name_of(names, rupture.recorded_by)}, {when_text(rupture.recorded_at, tz)};"
            " corrected below)",
            style="dim italic",
        )
        shown: list[Static] = [Static(first, classes="detail-what detail-superseded")]
        shown += [Static(amendment(fix, names, tz), classes="detail-amendment") for fix in fixes]
        return Vertical(*shown, classes="detail-what-block")

    def _next_step(self, rupture: Rupture, events: list[Event], now: datetime) -> Text:
        """The next step as it now reads (a correction of the plan replaces its words), and whether it lapsed."""
        tz = self.handover_app.tz
        if not rupture.next_step:
            return Text("none noted", style="dim")
        if hiding(self.app):
            return Text(HIDDEN, style="dim italic")
        words = rupture.next_step
        source = next(
            (
                e
                for e in reversed(events)
                if (e.kind is EventKind.PLANNED and e.payload.get("plan") == words)
                or (e.kind is EventKind.ACCEPTED and e.payload.get("note") == words)
            ),
            None,
        )
        fixes = [e for e in events if e.kind is EventKind.AMENDED and source and e.payload.get("event_id") == source.id]
        text = Text(str(fixes[-1].payload.get("new", words)) if fixes else words)
        if fixes:
            text.append(" (corrected)", style="dim")
        if rupture.next_step_due is not None:
            text.append(f"  (by {when_text(rupture.next_step_due, tz)})")
            if lapsed(rupture, now):
                text.append("  · lapsed: the time has passed, the plan needs another look", style="bold")
        return text

    def _reg35(self, rupture: Rupture, events: list[Event], names: dict[int, str], now: datetime) -> Vertical:
        """Each clock on a line: where it stands and by when, or who ticked it off and when, with their note."""
        tz = self.handover_app.tz
        ticks = {e.payload.get("clock"): e for e in events if e.kind is EventKind.CLOCK_TICKED}
        lines: list[Static] = []
        for status in reg35.clocks(rupture, now):
            text = Text(f"{status.clock.label} ({status.clock.limit_label}): ", style="bold")
            tick = ticks.get(status.clock.value)
            if status.state is ClockState.DONE:
                text.append("✓ done")
                if tick is not None:
                    text.append(f", ticked by {name_of(names, tick.actor_id)}, {when_text(tick.at, tz)}")
                    if tick.payload.get("note"):
                        text.append(f" ({mask_text(self.app, str(tick.payload['note']), 'note hidden')})")
            else:
                words, style = CLOCK_LOOK[status.state]
                text.append(words, style=style)
                text.append(f", by {when_text(status.deadline, tz, year=True)}")
            lines.append(Static(text, classes="detail-what"))
        if not reg35.all_done(rupture):
            lines.append(Static(Text("k ticks one off when it is done", style="dim italic")))
        return Vertical(*lines, classes="detail-what-block")

    # -- actions ------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reg35":
            r = self._detail.rupture if self._detail else None
            return r is not None and reg35.applies(r) and not reg35.all_done(r)
        return True

    # -- every step on this rupture: the board's own action, back on the board on this rupture ----------
    def _on_board(self, action: str) -> None:
        """Go back to the board with its cursor on this rupture, and take the step there as its key would:
        the same form, the same refusals, and after it the board on the same rupture."""
        from handover.screens.board import BoardScreen

        assert action in RUPTURE_ACTIONS
        board = next((s for s in self.app.screen_stack if isinstance(s, BoardScreen)), None)
        self.dismiss(None)
        if board is not None:
            board.select_rupture(self.rupture_id)
            self.app.call_later(board.run_action, action)

    def action_plan(self) -> None:
        self._on_board("plan")

    def action_attempt(self) -> None:
        self._on_board("attempt")

    def action_repaired(self) -> None:
        self._on_board("repaired")

    def action_reassign(self) -> None:
        self._on_board("reassign")

    def action_reopen(self) -> None:
        self._on_board("reopen")

    def action_end(self) -> None:
        self._on_board("end")

    def action_amend(self) -> None:
        self._on_board("amend")

    def action_reg35(self) -> None:
        self._on_board("reg35")

    def action_accept(self) -> None:
        self._on_board("accept")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from handover.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
