"""The Timeline widget on its own, rendered in a small app through Pilot from a real database's entries: every
entry in the one describer's words, with every note, and each correction under what it corrects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.widgets import Static

from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind, Severity
from handover.domain.models import Event
from handover.service import Service
from tests.conftest import Home
from widgets.timeline import Timeline

LONDON = ZoneInfo("Europe/London")


class TimelineApp(App[None]):
    def __init__(self, events: Sequence[Event], names: dict[int, str]) -> None:
        super().__init__()
        self.events, self.names = events, names

    def compose(self) -> ComposeResult:
        yield Timeline(self.events, self.names, LONDON, young_person="Jordan Mills")


async def shown(events: Sequence[Event], home: Home) -> list[str]:
    """The text of each entry and correction, as the widget shows it."""
    app = TimelineApp(events, {s.id: s.name for s in home.staff})
    async with app.run_test(size=(100, 80)):
        return [str(s.render()) for s in app.query(".timeline-what, .timeline-amendment").results(Static)]


async def test_the_note_given_when_accepting_is_shown(service: Service, home: Home, clock: FrozenClock) -> None:
    r = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I snapped at Jordan.")
    clock.advance(timedelta(minutes=5))
    service.assign_owner(home.priya, r.id, home.dev, "Sam is on leave.")
    clock.advance(timedelta(minutes=5))
    service.accept_assignment(home.dev, r.id, "I will take Jordan to football on Saturday and talk then.")
    entries = await shown(service.timeline(r.id), home)
    assert entries[1] == "Priya Shah gave the repair to Dev Okafor (it was with Sam Kell)\n  Why: Sam is on leave."
    assert entries[2] == (
        "Dev Okafor accepted the repair given to them\n"
        "  What they will do: I will take Jordan to football on Saturday and talk then."
    )


async def test_a_ticked_clock_and_a_correction_read_in_words(service: Service, home: Home, clock: FrozenClock) -> None:
    held = service.record_rupture(
        home.priya,
        home.jordan,
        [home.priya],
        RuptureKind.RESTRAINT,
        "Held Jordan's arm at the door.",
        severity=Severity.SERIOUS,
        incident_ref="IR-5",
    )
    clock.advance(timedelta(minutes=20))
    service.tick_reg35(home.priya, held.id, "record", "IR-5 written up.")
    clock.advance(timedelta(minutes=5))
    service.amend(home.priya, held.id, "Held Jordan's arm at the front door.", "Said which door.")
    entries = await shown(service.timeline(held.id), home)
    assert entries == [
        "Priya Shah recorded the rupture (restraint, serious)\n"
        "  What happened: Held Jordan's arm at the door.\n"
        "  When it happened: Fri 27 Nov 20:00\n"
        "  Adults involved: Priya Shah\n"
        "  Owner: Priya Shah\n"
        "  Incident record: IR-5",
        # The correction of what happened sits under the entry that first said it, with the words before too.
        "✎ Priya Shah corrected what happened, Fri 27 Nov 20:25\n"
        "  Was: Held Jordan's arm at the door.\n"
        "  Now reads: Held Jordan's arm at the front door.\n"
        "  Why: Said which door.",
        "Priya Shah ticked off a reg 35 clock: record made\n  Note: IR-5 written up.",
    ]


async def test_typed_text_is_never_markup(service: Service, home: Home) -> None:
    r = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.OTHER, "[bold]x[/bold] [link=y]z[/]")
    entries = await shown(service.timeline(r.id), home)
    assert "What happened: [bold]x[/bold] [link=y]z[/]" in entries[0]
