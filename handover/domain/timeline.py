"""How a rupture's entries are ordered and grouped to be read: oldest first, each with its corrections.

One grouping for every reader (the detail timeline and the exports), so a correction sits under the same
entry on screen and on paper. A correction (an `amended` event) goes directly under the entry it corrects;
a correction of "what happened" goes under the `recorded` entry, whose words are what happened as first
written. The entry above a correction keeps the words first written, so nothing disappears from the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from handover.domain.enums import EventKind
from handover.domain.models import Event


def amends_what_happened(event: Event) -> bool:
    """True for a correction of "what happened" (with or without the recorded entry's id)."""
    return event.kind is EventKind.AMENDED and event.payload.get("field") == "what_happened"


@dataclass(frozen=True)
class Entry:
    """One timeline entry and the corrections made to it, oldest first."""

    event: Event
    amendments: tuple[Event, ...] = field(default_factory=tuple)


def in_order(events: Iterable[Event]) -> list[Event]:
    """Events oldest first (by time, then by id for entries written in the same second)."""
    return sorted(events, key=lambda e: (e.at, e.id or 0))


def entries(events: Iterable[Event]) -> list[Entry]:
    """Entries oldest first, each with its corrections; corrections of "what happened" go under `recorded`.

    A correction whose entry is missing stays in the list as an entry of its own: never dropped."""
    ordered = in_order(events)
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
    return [
        Entry(e, tuple(under.get(e.id, ())))
        for e in ordered
        if e.kind is not EventKind.AMENDED or e in lone  # a lone correction keeps its place in time
    ]


def first_written(what_happened: str, events: Sequence[Event]) -> tuple[str, list[Event]]:
    """ "What happened" as first written, and its corrections oldest first (the last one is what it says now)."""
    fixes = [e for e in in_order(events) if amends_what_happened(e)]
    recorded = next((e for e in events if e.kind is EventKind.RECORDED), None)
    if recorded is not None and recorded.payload.get("what_happened"):
        return str(recorded.payload["what_happened"]), fixes
    if fixes:
        return str(fixes[0].payload.get("old", "")), fixes
    return what_happened, fixes
