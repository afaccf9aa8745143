"""PatternsScreen (s on the board): where ruptures recur and where repair is not happening, over the last 12
weeks, for reflection and supervision, never a league table.

Three parts, in one scrolling column:
- each young person: open now; ruptures per week as a sparkline (Textual's own `Sparkline`); the share repaired
  within the home's window; the median time to repair; the kinds seen most; attempts per repair;
- relationships worth a conversation in supervision, each a prompt rather than a finding, with its dates and
  kinds: a staff member sees the pairs they are part of, shift leads and managers all of them. Listed by young
  person, or (o) most recent first: never by a count, and no adult is counted across the home;
- the whole home: ruptures and repairs per week, the share repaired within the window and the median time to
  repair against the 12 weeks before, restraints and their reg 35 clocks.

Reads go through the service on a thread worker (the one watch loop, screens/watching.py), again after every
commit anywhere and whenever the person at the keyboard changes (what they may see changes with them). Every
name and text is shown as `rich.text.Text`, never markup; initials-only applies here too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from handover.domain import pattern_words as words
from handover.domain.models import StaffMember
from handover.domain.patterns import PATTERN_MARK, PairOrder, Patterns, YoungPersonFigures, sort_pairs
from handover.screens.watching import watch_database
from widgets.week_line import WeekLine

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: The whole home's labels and figures are padded to these, so its figures line up.
LABEL_WIDTH = 24
VALUE_WIDTH = 26


class PatternsScreen(Screen[None]):
    """Patterns over weeks."""

    BINDINGS = [
        Binding("escape", "back", "Board", id="patterns.back"),
        Binding("s", "back", "Board", show=False, id="patterns.back_s"),
        Binding("o", "order", "Order", id="patterns.order"),
    ]
    """Esc (or s again) goes back to the board; o lists the relationships by young person or most recent first."""

    @dataclass
    class Loaded(Message):
        """Fresh patterns read by the watch loop."""

        patterns: Patterns

    @dataclass
    class LoadFailed(Message):
        message: str

    def __init__(self) -> None:
        super().__init__()
        self._patterns: Patterns | None = None
        self._order = PairOrder.YOUNG_PERSON
        self._stop = threading.Event()
        self._due = threading.Event()

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="patterns"):
            yield Static("Reading the weeks…", id="patterns-intro")
            yield Static("Each young person", classes="patterns-section")
            yield Vertical(id="patterns-young-people")
            yield Static("Relationships worth a conversation in supervision", classes="patterns-section")
            yield Static(Text(words.FRAMING), classes="patterns-framing")
            yield Static("", id="patterns-pairs")
            yield Static("The whole home", classes="patterns-section")
            with Vertical(id="patterns-home"):
                yield WeekLine("Ruptures per week".ljust(LABEL_WIDTH), id="home-ruptures")
                yield WeekLine("Repairs per week".ljust(LABEL_WIDTH), id="home-repairs")
                for row in ("home-share", "home-median", "home-attempts", "home-restraints"):
                    yield Static("", id=row, classes="patterns-home-row")
        yield Footer()

    def on_mount(self) -> None:
        self.watch_patterns()
        self.watch(self.app, "actor", self._actor_changed, init=False)

    def on_unmount(self) -> None:
        self._stop.set()

    # -- reading -------------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="patterns-watch", exit_on_error=False)
    def watch_patterns(self) -> None:
        """Read the patterns as the person at the keyboard may see them, again after every commit anywhere."""
        app = self.handover_app
        watch_database(
            app.open_service,
            app.poll_seconds,
            self._stop,
            read=lambda service: service.patterns(app.actor),
            loaded=lambda patterns: self.post_message(self.Loaded(patterns)),
            failed=lambda message: self.post_message(self.LoadFailed(message)),
            due=self._due,
        )

    def _actor_changed(self, actor: StaffMember | None) -> None:
        # Someone else at the keyboard may see other relationships: hide these at once, then read theirs.
        self.query_one("#patterns-pairs", Static).update(Text("Reading what you may see…", style="dim"))
        self._due.set()

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        self._patterns = message.patterns
        await self._show()

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#patterns-intro", Static).update(Text(message.message, style="bold red"))

    # -- showing -------------------------------------------------------------------------------------------
    def _namer(self) -> Callable[[str], str]:
        """Names in full, or as initials while the board shows initials only."""
        app = self.handover_app
        mask = app.name_mask if app.initials_only else None
        return mask if mask is not None else str

    async def _show(self) -> None:
        found = self._patterns
        if found is None:
            return
        period = found.period
        first = period.weeks[0].first_day
        intro = Text()
        intro.append(f"The last {len(period.weeks)} weeks", style="bold")
        intro.append(f", from Monday {first.day} {first:%b} to now. For reflection and supervision, never a league ")
        intro.append("table: no adult is ranked, scored or counted across the home.")
        await self._place_young_people(found)
        with self.app.batch_update():
            self.query_one("#patterns-intro", Static).update(intro)
            for y in found.young_people:
                self._show_young_person(self.query_one(f"#yp-{y.young_person.id}", Vertical), found, y)
            self._show_pairs(found)
            self._show_home(found)

    async def _place_young_people(self, found: Patterns) -> None:
        """One block per young person, kept by id between reads (so a read after a commit updates them in place);
        placed again only when who is listed changes."""
        box = self.query_one("#patterns-young-people", Vertical)
        wanted = [f"yp-{y.young_person.id}" for y in found.young_people] or ["yp-none"]
        if [child.id for child in box.children] == wanted:
            return
        await box.remove_children()
        if not found.young_people:
            await box.mount(Static(Text("No young people yet.", style="dim"), id="yp-none"))
            return
        await box.mount_all(
            Vertical(
                Static("", classes="patterns-title"),
                WeekLine(),
                Static("", classes="patterns-figures"),
                id=key,
                classes="patterns-young-person",
            )
            for key in wanted
        )

    def _show_young_person(self, block: Vertical, found: Patterns, y: YoungPersonFigures) -> None:
        name = self._namer()
        title = Text()
        title.append(name(y.young_person.name), style="bold")
        if not y.young_person.active:
            title.append(" (left)", style="dim")
        if y.pattern:
            title.append(f"  {PATTERN_MARK}", style="bold cyan")
        title.append(f"  {y.open_now} open now", style="bold" if y.open_now else "dim")
        weeks = Text(f"{words.ruptures_words(y.figures.ruptures)} in {len(y.per_week)} weeks")
        if y.figures.ruptures:
            weeks.append(f", most in one week {max(y.per_week)}", style="dim")
        figures = Text()
        for n, (label, value) in enumerate(
            [
                (f"repaired within {words.window_words(found.rules)}", words.share_words(y.figures)),
                ("median time to repair", words.median_words(y.figures)),
                ("attempts per repair", words.attempts_words(y.figures)),
            ]
        ):
            figures.append(" · " if n else "", style="dim")
            figures.append(f"{label} ", style="dim")
            figures.append(value)
        figures.append("\nseen most ", style="dim")
        figures.append(words.kinds_words(y.kinds))
        block.query_one(".patterns-title", Static).update(title)
        block.query_one(WeekLine).show(y.per_week, weeks)
        block.query_one(".patterns-figures", Static).update(figures)

    def _show_pairs(self, found: Patterns) -> None:
        name = self._namer()
        text = Text()
        if found.viewer is None:
            text.append(words.NOBODY_SIGNED_IN, style="dim")
        else:
            if not found.sees_all:
                text.append(words.OWN_PAIRS_ONLY + "\n", style="dim")
            if not found.pairs:
                text.append("None to show: no relationship is worth a conversation just now.", style="dim")
            else:
                text.append(f"Listed {self._order.label} (o changes it).\n", style="dim")
            for pair in sort_pairs(found.pairs, self._order):
                said = words.pair_words(pair, name(pair.young_person.name), name(pair.adult.name), self.handover_app.tz)
                text.append("\n• ")
                text.append(said.prompt)
                text.append("\n  When: ", style="dim")
                text.append(said.dates, style="dim")
        self.query_one("#patterns-pairs", Static).update(text)

    def _show_home(self, found: Patterns) -> None:
        home = found.home
        count = len(found.period.weeks)
        window = words.window_words(found.rules)

        def against(label: str, this: str, before: str) -> Text:
            line = Text()
            line.append(label.ljust(LABEL_WIDTH), style="dim")
            line.append(this.ljust(VALUE_WIDTH))
            line.append(f" the {count} weeks before ", style="dim")
            line.append(before)
            return line

        self.query_one("#home-ruptures", WeekLine).show(
            home.ruptures_per_week, f"{words.ruptures_words(home.this.ruptures)} in {count} weeks"
        )
        self.query_one("#home-repairs", WeekLine).show(home.repairs_per_week, f"{sum(home.repairs_per_week)} recorded")
        rows = {
            "#home-share": against(
                f"Repaired within {window}", words.share_words(home.this), words.share_words(home.before)
            ),
            "#home-median": against(
                "Median time to repair", words.median_words(home.this), words.median_words(home.before)
            ),
            "#home-attempts": against(
                "Attempts per repair", words.attempts_words(home.this), words.attempts_words(home.before)
            ),
        }
        clocks = Text()
        clocks.append("Restraints".ljust(LABEL_WIDTH), style="dim")
        clocks.append(f"{home.restraints} in {count} weeks")
        for clock in home.clocks:
            clocks.append(f"\n  reg 35: {clock.clock.label} ({clock.clock.limit_label}) ", style="dim")
            clocks.append(words.clock_words(clock))
        rows["#home-restraints"] = clocks
        for selector, line in rows.items():
            self.query_one(selector, Static).update(line)

    # -- keys ------------------------------------------------------------------------------------------------
    def action_order(self) -> None:
        """The relationships by young person, or most recent first."""
        self._order = PairOrder.RECENT if self._order is PairOrder.YOUNG_PERSON else PairOrder.YOUNG_PERSON
        if self._patterns is not None:
            self._show_pairs(self._patterns)
        self.notify(f"Relationships listed {self._order.label}.")

    def action_back(self) -> None:
        self.app.pop_screen()
