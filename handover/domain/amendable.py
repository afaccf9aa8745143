"""Which written texts can be corrected, what each is called, and where its words sit in an entry.

One table for the amend form (`a`), `handover amend --field` and `Service.amend`, so the board and a script
can always correct the same things and name them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from handover.domain.enums import EventKind
from handover.domain.models import Event


@dataclass(frozen=True)
class Correctable:
    """A kind of entry whose text can be corrected."""

    word: str
    """What `handover amend --field` calls it ("plan")."""
    title: str
    """What the form and the CLI's messages call it ("reason for reopening")."""


#: Every entry kind that carries a text someone typed, in the order the form lists them. "What happened"
#: (the RECORDED entry) is corrected as the rupture's own text, under the word "what".
CORRECTABLE: dict[EventKind, Correctable] = {
    EventKind.PLANNED: Correctable("plan", "plan"),
    EventKind.ATTEMPTED: Correctable("attempt", "attempt"),
    EventKind.REPAIRED: Correctable("repair", "repair note"),
    EventKind.ENDED: Correctable("end", "note on ending"),
    EventKind.REOPENED: Correctable("reopen", "reason for reopening"),
    EventKind.ASSIGNED: Correctable("assign", "reason for reassigning"),
    EventKind.ACCEPTED: Correctable("accept", "note on accepting"),
    EventKind.CLOCK_TICKED: Correctable("reg35", "note on a reg 35 clock"),
}

#: `--field` word for "what happened".
WHAT_HAPPENED = "what"

#: The payload keys an entry's text may be under, in the order they are looked for.
TEXT_KEYS: tuple[str, ...] = ("note", "plan", "reason")


def text_key(event: Event) -> str | None:
    """The payload key holding this entry's typed text, or None when it has none to correct. An ended
    rupture's "reason" is a choice from a list (moved on, ...), not typed text: its words are the note."""
    keys = ("note",) if event.kind is EventKind.ENDED else TEXT_KEYS
    for key in keys:
        value = event.payload.get(key)
        if isinstance(value, str) and value.strip():
            return key
    return None


def current_text(event: Event, events: list[Event]) -> str:
    """The entry's text as it reads now: its latest correction, if it has been corrected."""
    corrections = [e for e in events if e.kind is EventKind.AMENDED and e.payload.get("event_id") == event.id]
    if corrections:
        return str(corrections[-1].payload["new"])
    key = text_key(event)
    return str(event.payload.get(key, "")) if key else ""


def by_word(word: str) -> EventKind | None:
    """The entry kind a `--field` word names (None for "what"); KeyError for an unknown word."""
    if word == WHAT_HAPPENED:
        return None
    for kind, correctable in CORRECTABLE.items():
        if correctable.word == word:
            return kind
    raise KeyError(word)


def field_words() -> list[str]:
    """Every `--field` word, "what" first."""
    return [WHAT_HAPPENED, *(c.word for c in CORRECTABLE.values())]
