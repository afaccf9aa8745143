"""Timeline: a rupture's entries, oldest first, each said in plain words with who and when.

It takes plain domain models (events and a staff id -> name lookup), so the detail screen, a printed sheet
or a test can all use it; it never reads the database. A correction (an `amended` event) is shown directly
under the entry it corrects, indented and marked ✎, with its author, time and reason; the entry above it
keeps the words first written, so nothing ever disappears from the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from handover.domain.enums import EndReason, EventKind, RuptureKind, Severity
from handover.domain.models import Event

#: The mark beside every correction, on screen and in print.
AMEND_MARK = "✎"


# -- words -----------------------------------------------------------------------------------------
def when_text(at: datetime, tz: tzinfo, *, year: bool = False) -> str:
    """ "Fri 27 Nov 16:00" in the home's time zone (with the year when asked)."""
    local = at.astimezone(tz)
    return local.strftime("%a %d %b %Y %H:%M" if year else "%a %d %b %H:%M")


def _payload_time(value: object, tz: tzinfo) -> str | None:
    """An ISO time kept in a payload ("by_when", "next_try"), as when_text; None when absent or unreadable."""
    if not value:
        return None
    try:
        return when_text(datetime.fromisoformat(str(value)), tz)
    except ValueError:
        return str(value)


def name_of(names: Mapping[int, str], staff_id: object) -> str:
    """A staff member's name, or a plain stand-in when the id is unknown (never an error in a record)."""
    if staff_id is None:
        return "nobody"
    try:
        return names.get(int(str(staff_id)), f"staff member #{staff_id}")
    except ValueError:
        return f"staff member #{staff_id}"


def _label(enum: type[RuptureKind] | type[Severity] | type[EndReason], value: object) -> str:
    try:
        return enum(str(value)).label
    except ValueError:
        return str(value)


def _then(written: str, clause: str) -> str:
    """What to append after someone's words: ", by Sat 16:00", or " By Sat 16:00." after a full stop."""
    if written.rstrip()[-1:] in (".", "!", "?"):
        return f" {clause[0].upper()}{clause[1:]}."
    return f", {clause}"


def describe(event: Event, names: Mapping[int, str], tz: tzinfo, young_person: str = "the young person") -> Text:
    """One entry as a sentence: "Sam Kell planned: talk after school, by Fri 27 Nov 16:00"."""
    p = event.payload
    text = Text()
    text.append(name_of(names, event.actor_id), style="bold")
    match event.kind:
        case EventKind.RECORDED:
            text.append(" recorded the rupture")
            details = [_label(RuptureKind, p["kind"]) if p.get("kind") else ""]
            details.append(_label(Severity, p["severity"]) if p.get("severity") else "")
            if any(details):
                text.append(f" ({', '.join(d for d in details if d)})")
        case EventKind.ASSIGNED:
            owner, previous = p.get("owner_id"), p.get("previous_owner_id")
            before = "the unowned repair" if previous is None else f"the repair from {name_of(names, previous)}"
            if owner is None:
                text.append(f" took {before}, leaving it unowned")
            elif owner == event.actor_id:
                text.append(f" took on {before}")
            else:
                text.append(f" gave {before} to ")
                text.append(name_of(names, owner), style="bold")
            if p.get("reason"):
                text.append(f": {p['reason']}")
        case EventKind.PLANNED:
            text.append(f" planned: {p.get('plan', '')}")
            if by_when := _payload_time(p.get("by_when"), tz):
                text.append(_then(str(p.get("plan", "")), f"by {by_when}"))
        case EventKind.ATTEMPTED:
            text.append(f" attempted a repair: {p.get('note', '')}")
            if next_try := _payload_time(p.get("next_try"), tz):
                text.append(_then(str(p.get("note", "")), f"will try again {next_try}"))
        case EventKind.REPAIRED:
            text.append(f" repaired it: {p.get('note', '')}")
            if p.get("response"):
                text.append(f"\n{young_person} responded: {p['response']}")
        case EventKind.REOPENED:
            text.append(f" reopened it: {p.get('reason', '')}")
        case EventKind.ENDED:
            text.append(f" ended it without repair: {_label(EndReason, p.get('reason', ''))}")
            if p.get("note"):
                text.append(f". {p['note']}")
        case EventKind.AMENDED:
            # Only reached for a correction whose entry cannot be found: say it whole, on its own line.
            text.append(f" corrected an entry: now reads: {p.get('new', '')}")
            if p.get("reason"):
                text.append(f" (why: {p['reason']})")
    return text


def amendment(event: Event, names: Mapping[int, str], tz: tzinfo, *, with_text: bool = True) -> Text:
    """A correction as shown under what it corrects: who, when, the new words and why."""
    p = event.payload
    text = Text()
    text.append(f"{AMEND_MARK} Amended by ", style="bold")
    text.append(name_of(names, event.actor_id), style="bold")
    text.append(f", {when_text(event.at, tz)}")
    if with_text:
        text.append("\nNow reads: ", style="bold")
        text.append(str(p.get("new", "")))
    text.append("\nWhy: ", style="bold")
    text.append(str(p.get("reason", "")))
    return text


# -- grouping --------------------------------------------------------------------------------------
def amends_what_happened(event: Event) -> bool:
    """True for a correction of "what happened" (with or without the recorded entry's id)."""
    return event.kind is EventKind.AMENDED and event.payload.get("field") == "what_happened"


@dataclass(frozen=True)
class Entry:
    """One timeline entry and the corrections made to it, oldest first."""

    event: Event
    amendments: tuple[Event, ...] = field(default_factory=tuple)


def entries(events: Iterable[Event]) -> list[Entry]:
    """Entries oldest first, each with its corrections; corrections of "what happened" go under `recorded`.

    A correction whose entry is missing stays in the list as an entry of its own: never dropped."""
    ordered = sorted(events, key=lambda e: (e.at, e.id or 0))
    by_id = {e.id: e for e in ordered if e.kind is not EventKind.AMENDED and e.id is not None}
    recorded = next((e for e in ordered if e.kind is EventKind.RECORDED), None)
    under: dict[int | None, list[Event]] = {}
    lone: list[Event] = []
    for event in ordered:
        if event.kind is not EventKind.AMENDED:
            continue
        target = event.payload.get("event_id")
        if amends_what_happened(event) and recorded is not None:
            under.setdefault(recorded.id, []).append(event)
        elif target in by_id:
            under.setdefault(target, []).append(event)
        else:
            lone.append(event)
    result = [
        Entry(e, tuple(under.get(e.id, ())))
        for e in ordered
        if e.kind is not EventKind.AMENDED or e in lone  # a lone correction keeps its place in time
    ]
    return result


def first_written(what_happened: str, events: Sequence[Event]) -> tuple[str, list[Event]]:
    """ "What happened" as first written, and its corrections oldest first (the last one is what it says now)."""
    fixes = sorted((e for e in events if amends_what_happened(e)), key=lambda e: (e.at, e.id or 0))
    recorded = next((e for e in events if e.kind is EventKind.RECORDED), None)
    if recorded is not None and recorded.payload.get("what_happened"):
        return str(recorded.payload["what_happened"]), fixes
    if fixes:
        return str(fixes[0].payload.get("old", "")), fixes
    return what_happened, fixes


# -- the widget ------------------------------------------------------------------------------------
class Timeline(Vertical):
    """Every entry of one rupture, oldest first and newest last; corrections under what they correct."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
    }
    Timeline .timeline-entry {
        height: auto;
        margin-bottom: 1;
    }
    Timeline .timeline-when {
        width: 18;
        color: $text-muted;
    }
    Timeline .timeline-body {
        width: 1fr;
        height: auto;
    }
    Timeline .timeline-amendment {
        margin: 0 0 0 2;
        padding: 0 1;
        border-left: wide $warning;
        color: $text;
    }
    Timeline .timeline-empty {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        events: Sequence[Event],
        names: Mapping[int, str],
        tz: tzinfo,
        *,
        young_person: str = "the young person",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.events = tuple(events)
        """The rupture's events, in any order."""
        self.names = names
        """Staff id -> name, leavers included: the record says who did what even after they left."""
        self.tz = tz
        self.young_person = young_person

    def compose(self) -> ComposeResult:
        grouped = entries(self.events)
        if not grouped:
            yield Static("No entries yet.", classes="timeline-empty")
        for entry in grouped:
            event = entry.event
            with Horizontal(classes=f"timeline-entry timeline-{event.kind.value}"):
                yield Static(when_text(event.at, self.tz), classes="timeline-when")
                with Vertical(classes="timeline-body"):
                    yield Static(describe(event, self.names, self.tz, self.young_person), classes="timeline-what")
                    for fix in entry.amendments:
                        # "What happened" corrections carry their words in the rupture's own section;
                        # here they say who, when and why, so the timeline still holds every entry.
                        text = amendment(fix, self.names, self.tz, with_text=not amends_what_happened(fix))
                        if amends_what_happened(fix):
                            text.append(
                                "\n(a correction of what happened: see What happened for both versions)", style="dim"
                            )
                        yield Static(text, classes="timeline-amendment")
