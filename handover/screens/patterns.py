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

The board reads the patterns first (on a worker, `BoardScreen.action_patterns`) and pushes the screen with
them, so it is composed and laid out once, figures in place: no empty screen drawn and then filled (issue 11/12:
that was half its opening time). Then, after its first frame, the screen's own watch loop (screens/watching.py)
reads again through the service after every commit anywhere and whenever the person at the keyboard changes
(what they may see changes with them); a read equal to what is shown changes nothing. The same functions make
each part's text for compose and for every update. Every name and text is shown as `rich.text.Text`, never
markup; initials-only applies here too.
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
from handover.domain.board import PATTERN_MARK
from handover.domain.patterns import PairOrder, Patterns, YoungPersonFigures, sort_pairs
from handover.following import follow
from handover.screens.watching import LoopStop, watch_database
from handover.styles import SCREENS_CSS
from widgets.week_line import BarColours, week_line

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: The whole home's labels and figures are padded to these, so its figures line up.
LABEL_WIDTH = 24
VALUE_WIDTH = 26


class PatternsScreen(Screen[None]):
    """Patterns over weeks."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

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

    def __init__(self, first: Patterns | None = None) -> None:
        """`first`: the patterns already read for the person at the keyboard (the board reads them before it
        opens this screen), composed in place; without them the screen says it is reading until its loop has."""
        super().__init__()
        self._patterns: Patterns | None = first
        self.shown: Patterns | None = None
        """The patterns the screen's widgets hold now (None until the first read is in place)."""
        self._order = PairOrder.YOUNG_PERSON
        self._stop = LoopStop()
        self._due = threading.Event()

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        found = self._patterns
        yield Header(show_clock=False)
        with VerticalScroll(id="patterns"):
            yield Static(self._intro(found) if found else "Reading the weeks…", id="patterns-intro")
            yield Static("Each young person", classes="patterns-section")
            with Vertical(id="patterns-young-people"):
                if found is not None:
                    yield from self._young_person_blocks(found)
            yield Static("Relationships worth a conversation in supervision", classes="patterns-section")
            yield Static(Text(words.FRAMING), classes="patterns-framing")
            yield Static(self._pairs(found) if found else "", id="patterns-pairs")
            yield Static("The whole home", classes="patterns-section")
            yield Static(self._home(found) if found else "", id="patterns-home")
        yield Footer()

    def on_mount(self) -> None:
        if self._patterns is not None:
            self.shown = self._patterns
            # Its first frame is drawn before the loop reads again, so that read never competes with it.
            self.call_after_refresh(self.watch_patterns)
        else:
            self.watch_patterns()
        follow(self, "actor", self._actor_changed)
        follow(self, "theme", self._theme_changed)

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

    def _actor_changed(self) -> None:
        # Someone else at the keyboard may see other relationships: hide these at once, then read theirs.
        self.query_one("#patterns-pairs", Static).update(Text("Reading what you may see…", style="dim"))
        self.shown = None
        self._due.set()

    def _theme_changed(self) -> None:
        # The sparklines' colours come from the theme: draw them again in the new one's.
        if self._patterns is not None:
            self.shown = None
            self.post_message(self.Loaded(self._patterns))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        self._patterns = message.patterns
        if message.patterns != self.shown:
            await self._show(message.patterns)

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#patterns-intro", Static).update(Text(message.message, style="bold red"))

    # -- showing: each part's text, made by the same functions for compose and for updates ----------------
    def _namer(self) -> Callable[[str], str]:
        """Names in full, or as initials while the board shows initials only."""
        app = self.handover_app
        mask = app.name_mask if app.initials_only else None
        return mask if mask is not None else str

    async def _show(self, found: Patterns) -> None:
        """Put `found` in the widgets: the young people's blocks placed again only when who is listed changes,
        everything else updated in place."""
        box = self.query_one("#patterns-young-people", Vertical)
        if [child.id for child in box.children] != _block_ids(found):
            await box.remove_children()
            await box.mount_all(self._young_person_blocks(found))
        else:
            for y in found.young_people:
                title, figures = self._young_person(found, y)
                box.query_one(f"#yp-{y.young_person.id}", Static).update(title)
                box.query_one(f"#yp-{y.young_person.id}-figures", Static).update(figures)
        with self.app.batch_update():
            self.query_one("#patterns-intro", Static).update(self._intro(found))
            self.query_one("#patterns-pairs", Static).update(self._pairs(found))
            self.query_one("#patterns-home", Static).update(self._home(found))
        self.shown = found

    def _colours(self) -> BarColours:
        return BarColours.from_theme(self.app.get_css_variables())

    def _intro(self, found: Patterns) -> Text:
        first = found.period.weeks[0].first_day
        intro = Text()
        intro.append(f"The last {len(found.period.weeks)} weeks", style="bold")
        intro.append(f", from Monday {first.day} {first:%b} to now. For reflection and supervision, never a league ")
        intro.append("table: no adult is ranked, scored or counted across the home.")
        return intro

    def _young_person_blocks(self, found: Patterns) -> list[Static]:
        """Two lines of text per young person, a title and its figures (kept by id between reads, so a read
        after a commit updates them in place). Two widgets, not a row of them: see widgets/week_line.py."""
        if not found.young_people:
            return [Static(Text("No young people yet.", style="dim"), id="yp-none")]
        blocks: list[Static] = []
        for y in found.young_people:
            title, figures = self._young_person(found, y)
            key = f"yp-{y.young_person.id}"
            blocks.append(Static(title, id=key, classes="patterns-title"))
            blocks.append(Static(figures, id=f"{key}-figures", classes="patterns-figures"))
        return blocks

    def _young_person(self, found: Patterns, y: YoungPersonFigures) -> tuple[Text, Text]:
        """A young person's title; and their figures: ruptures per week, with words, then the rest."""
        name = self._namer()
        title = Text()
        title.append(name(y.young_person.name), style="bold")
        if not y.young_person.active:
            title.append(" (left)", style="dim")
        if y.pattern:
            title.append(f"  {PATTERN_MARK}", style="bold cyan")
        title.append(f"  {y.open_now} open now", style="bold" if y.open_now else "dim")
        said = Text(f"{words.ruptures_words(y.figures.ruptures)} in {len(y.per_week)} weeks")
        if y.figures.ruptures:
            said.append(f", most in one week {max(y.per_week)}", style="dim")
        figures = week_line(y.per_week, said, self._colours())
        figures.append("\n")
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
        return title, figures

    def _pairs(self, found: Patterns) -> Text:
        name = self._namer()
        text = Text()
        if found.viewer is None:
            text.append(words.NOBODY_SIGNED_IN, style="dim")
            return text
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
        return text

    def _home(self, found: Patterns) -> Text:
        """The whole home: ruptures and repairs per week, then each figure against the 12 weeks before."""
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

        clocks = Text()
        clocks.append("Restraints".ljust(LABEL_WIDTH), style="dim")
        clocks.append(f"{home.restraints} in {count} weeks")
        for clock in home.clocks:
            clocks.append(f"\n  reg 35: {clock.clock.label} ({clock.clock.limit_label}) ", style="dim")
            clocks.append(words.clock_words(clock))
        colours = self._colours()
        lines = [
            week_line(
                home.ruptures_per_week,
                f"{words.ruptures_words(home.this.ruptures)} in {count} weeks",
                colours,
                "Ruptures per week".ljust(LABEL_WIDTH),
            ),
            week_line(
                home.repairs_per_week,
                f"{sum(home.repairs_per_week)} recorded",
                colours,
                "Repairs per week".ljust(LABEL_WIDTH),
            ),
            against(f"Repaired within {window}", words.share_words(home.this), words.share_words(home.before)),
            against("Median time to repair", words.median_words(home.this), words.median_words(home.before)),
            against("Attempts per repair", words.attempts_words(home.this), words.attempts_words(home.before)),
            clocks,
        ]
        return Text("\n").join(lines)

    # -- keys ------------------------------------------------------------------------------------------------
    def action_order(self) -> None:
        """The relationships by young person, or most recent first."""
        self._order = PairOrder.RECENT if self._order is PairOrder.YOUNG_PERSON else PairOrder.YOUNG_PERSON
        if self._patterns is not None:
            self.query_one("#patterns-pairs", Static).update(self._pairs(self._patterns))
        self.notify(f"Relationships listed {self._order.label}.")

    def action_back(self) -> None:
        self.app.pop_screen()


def _block_ids(found: Patterns) -> list[str]:
    """The young people's widgets' ids, in order."""
    ids = [f"yp-{y.young_person.id}{part}" for y in found.young_people for part in ("", "-figures")]
    return ids or ["yp-none"]
