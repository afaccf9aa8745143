"""GlanceScreen: the office screen while nobody is signed in (at the start in a home that uses PINs, and after
the idle lock). Readable by anyone walking past, so it shows only what is safe for a young person to see.

Each young person by initials ("CQ"; by name if the home's manager chose `glance = "names"`), how many
ruptures are open, the longest wait with its urgency word and symbol, whose repairs they are (initials), and
a symbol for a relationship worth talking about (patterns over weeks). Never what happened, a plan or a note.
The home's `glance = "off"` keeps the neutral lock screen instead, as does `l`, which blanks the glance at
once (a young person or a visitor has come into the office); it stays blank until someone signs in.

It is a lock screen (`LockScreen`): Enter opens the sign-in, nothing shows over it by accident, and the board
underneath keeps every half-written form. It reads nothing itself: the board's watch loop, running underneath,
reads a snapshot (with the pattern marks) through the service after every commit anywhere, and the app hands
each one on (`show_snapshot`). Ages re-render once a minute from the last snapshot, without a query: no other
timer, no other poll, so an idle glance costs what an idle board does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from handover.domain.board import board_rows
from handover.domain.enums import GlanceMode, Urgency
from handover.domain.glance import Glance, GlanceLine, glance_of
from handover.domain.models import BoardSnapshot
from handover.domain.urgency import format_waited
from handover.screens.lock import LockScreen
from widgets.cells import URGENCY_LOOK, owner_cell, urgency_cell

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: Ages on the glance re-render this often, from the last snapshot.
TICK_SECONDS = 60.0

PATTERN_MARK = "↻"
"""Beside a young person with a relationship worth talking about: a symbol only, never words or names."""

KEYS = "enter sign in   ·   l blank the screen"


def glance_table(glance: Glance) -> Table:
    """One row per young person: who (initials or names), open, longest wait, urgency, owners, pattern mark."""
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
    table.add_column("Young person", no_wrap=True)
    table.add_column("Open", justify="right", no_wrap=True)
    table.add_column("Longest wait", justify="right", no_wrap=True)
    table.add_column("Urgency", no_wrap=True)
    table.add_column("Repairs owned by", overflow="fold")
    table.add_column("", no_wrap=True, width=1)
    for line in glance.lines:
        table.add_row(*_cells(line))
    return table


def _cells(line: GlanceLine) -> tuple[Text, ...]:
    mark = Text(PATTERN_MARK, style="bold") if line.pattern else Text("")
    if line.quiet:
        quiet = "dim"
        return (Text(line.shown_name, quiet), Text("–", quiet), Text(""), Text("nothing open", quiet), Text(""), mark)
    assert line.longest is not None and line.urgency is not None
    wait_style = URGENCY_LOOK[line.urgency][1] if line.urgency is Urgency.OVERDUE else ""
    owners = Text(", ".join(line.owners))
    if line.unowned:
        if line.owners:
            owners.append(", ")
        unowned = owner_cell(None)
        if line.unowned > 1:
            unowned.append(f" ×{line.unowned}")
        owners.append_text(unowned)
    return (
        Text(line.shown_name, "bold"),
        Text(str(line.open)),
        Text(format_waited(line.longest), style=wait_style),
        urgency_cell(line.urgency),
        owners,
        mark,
    )


def glance_head(glance: Glance, clock_text: str) -> Text:
    """ "At a glance · 22:00      10 open · ▲ 3 overdue · ⚠ 1 unowned"."""
    summary = glance.summary
    text = Text.assemble(("At a glance", "bold"), f" · {clock_text}    ")
    text.append(f"{summary.open} open")
    text.append(" · ")
    text.append(f"▲ {summary.overdue} overdue", style="bold red" if summary.overdue else "")
    text.append(" · ")
    text.append(f"⚠ {summary.unowned} unowned", style="bold magenta" if summary.unowned else "")
    return text


def glance_legend(glance: Glance) -> Text:
    """What the symbols mean (the pattern mark only when one is shown)."""
    text = Text(style="dim")
    for urgency in (Urgency.OVERDUE, Urgency.DUE_SOON, Urgency.FRESH):
        symbol, _ = URGENCY_LOOK[urgency]
        text.append(f"{symbol} {urgency.label}   ")
    if any(line.pattern for line in glance.lines):
        text.append(f"{PATTERN_MARK} a pattern worth talking about")
    return text


class GlanceScreen(LockScreen):
    """The lock screen that shows the glance (or, in `off` mode and once blanked, the neutral lock)."""

    def __init__(self, *, ask_if_off: bool = False) -> None:
        super().__init__()
        self.ask_if_off = ask_if_off
        """Open the sign-in at once if the home turned the glance off (the board's start, as before)."""
        self.blanked = False
        """`l` was pressed: nothing shows until someone signs in."""
        self.glance: Glance | None = None
        """What is shown now (None: the neutral lock)."""
        self._snapshot: BoardSnapshot | None = None

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        # One Static, sized to what it shows (an auto-width container does not follow a child's new width).
        yield Static("", id="glance")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(TICK_SECONDS, self.render_glance)
        snapshot = self.handover_app.board_snapshot
        if snapshot is not None:
            self.show_snapshot(snapshot)
        else:
            self.render_glance()

    # -- what it shows -------------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: BoardSnapshot) -> None:
        """A fresh snapshot from the board's watch loop (after a commit anywhere): show it."""
        if self.blanked:
            return
        first = self._snapshot is None
        self._snapshot = snapshot
        self.render_glance()
        if first and self.ask_if_off and self._mode() is GlanceMode.OFF:
            self.call_after_refresh(self.action_sign_in)

    def _mode(self) -> GlanceMode:
        """The home's choice; names are shown as initials all the same while this PC has initials only on."""
        if self.blanked or self._snapshot is None:
            return GlanceMode.OFF
        mode = self._snapshot.settings.glance
        if mode is GlanceMode.NAMES and self.handover_app.initials_only:
            return GlanceMode.INITIALS
        return mode

    def render_glance(self) -> None:
        """Show the glance as of now from the last snapshot (the neutral lock when there is none to show)."""
        mode = self._mode()
        if mode is GlanceMode.OFF or self._snapshot is None:
            self.glance = None
        else:
            app = self.handover_app
            now = app.clock.now()
            # The pattern marks name no adult: the same for whoever looks, nobody signed in too.
            self.glance = glance_of(board_rows(self._snapshot, now), mode, self._snapshot.patterns)
            body: list[RenderableType] = [
                glance_head(self.glance, f"{now.astimezone(app.tz):%H:%M}"),
                Text(""),
                glance_table(self.glance),
                Text(""),
                glance_legend(self.glance),
                Text(""),
                Text(KEYS, style="dim"),
            ]
            self.query_one("#glance", Static).update(Group(*body))
        shown = self.glance is not None
        self.query_one("#glance").display = shown
        self.query_one("#lock-message").display = not shown

    def blank(self) -> None:
        """Show nothing (l): the glance goes at once, and does not come back until someone signs in."""
        self.blanked = True
        self._snapshot = None
        self.query_one("#glance", Static).update("")
        self.render_glance()
