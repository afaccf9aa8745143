"""DetailScreen (enter on the board): everything about one rupture, and its timeline, newest entry last.

Read once when it opens, on a worker thread with its own connection; the board keeps updating underneath,
and Escape goes back to it with the cursor where it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from handover.domain.enums import Status
from handover.domain.errors import HandoverError
from handover.domain.models import Event, Rupture, StaffMember, YoungPerson
from handover.domain.urgency import format_waited
from widgets.timeline import Timeline, amendment, first_written, name_of, when_text

if TYPE_CHECKING:
    from handover.app import HandoverApp


@dataclass(frozen=True)
class DetailData:
    """What the screen shows, read in one go."""

    rupture: Rupture
    events: list[Event]
    staff: list[StaffMember]
    young_people: list[YoungPerson]


class DetailScreen(Screen[None]):
    """One rupture in full: who, when, what happened (with any corrections), and every entry since."""

    BINDINGS = [
        Binding("escape", "back", "Back to the board", id="detail.back"),
        Binding("q", "back", "Back", id="detail.back_q", show=False),
    ]
    """Escape (or q) goes back to the board; the arrows and page keys scroll."""

    def __init__(self, rupture_id: int) -> None:
        super().__init__()
        self.rupture_id = rupture_id
        """The rupture shown."""

    @property
    def handover_app(self) -> HandoverApp:
        return cast("HandoverApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="detail"):
            yield Static(f"Loading rupture #{self.rupture_id}…", id="detail-loading")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def load(self) -> None:
        rupture_id = self.rupture_id
        try:
            rupture, events, staff, young_people = await self.handover_app.perform(
                lambda sv: (
                    sv.store.rupture(rupture_id),
                    sv.timeline(rupture_id),
                    sv.store.staff(),
                    sv.store.young_people(),
                )
            )
        except HandoverError as exc:
            self.query_one("#detail-loading", Static).update(Text(f"⚠ {exc}\n\nPress Escape to go back.", style="bold"))
            return
        await self.show(DetailData(rupture, events, staff, young_people))

    async def show(self, data: DetailData) -> None:
        """Replace "Loading…" with the rupture and its timeline."""
        body = self.query_one("#detail", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self._parts(data))
        body.focus()  # so the arrows and page keys scroll straight away

    # -- parts --------------------------------------------------------------------------------------
    def _parts(self, data: DetailData) -> list[Static | Horizontal | Vertical | Timeline]:
        app = self.handover_app
        tz = app.tz
        r = data.rupture
        names = {s.id: s.name for s in data.staff}
        young_person = next((p.name for p in data.young_people if p.id == r.young_person_id), "the young person")
        now = app.clock.now()

        heading = Text()
        heading.append(f"Rupture #{r.id} with {young_person}", style="bold")
        heading.append(f"  ·  {r.kind.label}  ·  {r.severity.label}  ·  ")
        heading.append(r.status.label, style="bold" if r.status.is_open else "")
        parts: list[Static | Horizontal | Vertical | Timeline] = [Static(heading, classes="detail-title")]

        happened = when_text(r.occurred_at, tz, year=True)
        if r.status.is_open:
            happened += f"  ({format_waited(now - r.occurred_at)} ago)"
        owner = Text(name_of(names, r.owner_id)) if r.owner_id is not None else Text("⚠ unowned", style="bold")
        fields: list[tuple[str, str | Text]] = [
            ("Young person", young_person),
            ("Happened", happened),
            ("Recorded", f"{when_text(r.recorded_at, tz, year=True)} by {name_of(names, r.recorded_by)}"),
            ("Kind", r.kind.description),
            ("Severity", r.severity.label),
            ("Adults involved", ", ".join(name_of(names, a) for a in r.adult_ids)),
            ("Owner", owner),
            ("Status", r.status.label),
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

        parts.append(Static("What happened", classes="detail-section"))
        parts.append(self._what_happened(r, data.events, names))

        entries = len(data.events)
        parts.append(
            Static(
                f"Timeline  ({entries} {'entry' if entries == 1 else 'entries'}, newest last)", classes="detail-section"
            )
        )
        parts.append(Timeline(data.events, names, tz, young_person=young_person, id="timeline"))
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

    # -- actions ------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)
