"""Gathering a subject-access export: everything recorded about one young person, read from ONE snapshot and
put into plain data, for `render` to lay out as HTML, Markdown or JSON.

The words are chosen here, once for every format: the rupture's facts, and each entry in the describer's
words (`handover.domain.describe`) with every note given with it, grouped as the detail timeline groups them
(`handover.domain.timeline`): a correction under what it corrects, the words first written kept above it.
Nothing here is escaped; that is the templates' job. The stored values (rows, payloads, seals) come along
too, for the JSON form, which is complete and exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from db import converters as conv
from db.audit import AuditEntry, entries
from db.store import Store
from handover.domain.describe import Description, Note, describe, first_name, name_of, when_text
from handover.domain.errors import NotFound
from handover.domain.models import Event, Rupture
from handover.domain.reg35 import Reg35Clock
from handover.domain.timeline import Entry, first_written
from handover.domain.timeline import entries as grouped


@dataclass(frozen=True)
class Item:
    """One entry as it reads: when, the describer's words, and the corrections made to it (items too)."""

    event: Event
    when: str
    description: Description
    corrections: tuple[Item, ...] = ()


@dataclass(frozen=True)
class RuptureRecord:
    """One rupture: its heading and facts as they stand, and every entry in order."""

    rupture: Rupture
    heading: str
    """ "Rupture 1 of 3 (#1): Wed 25 Nov 2026 18:30"."""
    facts: tuple[Note, ...]
    items: tuple[Item, ...]
    events: tuple[Event, ...]
    """Every entry once, corrections included, in the order written (for the JSON form)."""
    first_written: str
    seals: dict[int, str]
    """Each entry's seal (its hash in the chain), by entry id."""


@dataclass(frozen=True)
class PersonRecord:
    """Everything held about one young person, with the words every readable form shares."""

    home: str
    person: dict[str, Any]
    """The young person's row as stored."""
    made_at: datetime | None
    title: str
    made: str
    """When the document was made, and which time zone its times are in."""
    about: tuple[str, ...]
    """The plain introduction, written for the young person."""
    span: str
    ruptures: tuple[RuptureRecord, ...]
    access: tuple[AuditEntry, ...]
    """Exports and other actions on this record, from the audit table."""
    access_lines: tuple[str, ...]
    names: dict[int, str]


def _clock_label(value: str) -> str:
    try:
        return Reg35Clock(value).label
    except ValueError:
        return value


def _owner(r: Rupture, names: dict[int, str]) -> str:
    if r.owner_id is None:
        return "nobody yet"
    name = name_of(names, r.owner_id)
    return f"{name} (handed on, not yet accepted)" if r.awaiting_acceptance else name


def _facts(r: Rupture, names: dict[int, str], tz: tzinfo) -> tuple[Note, ...]:
    """Where the rupture stands now; what was written when it was recorded is its first entry."""
    facts = [
        Note("Kind", r.kind.description),
        Note("Severity", r.severity.label),
        Note("Adults involved", ", ".join(name_of(names, a) for a in r.adult_ids)),
        Note("Owner of the repair (the adult who starts it)", _owner(r, names)),
        Note("Where it stands", r.status.label + (" (not repaired yet)" if r.status.is_open else "")),
    ]
    if r.incident_ref:
        facts.append(Note("Incident record", r.incident_ref))
    if r.next_step and r.status.is_open:
        due = f" (by {when_text(r.next_step_due, tz, year=True)})" if r.next_step_due else ""
        facts.append(Note("Next step", r.next_step + due))
    if r.reg35_done:
        facts.append(Note("Reg 35 clocks met", ", ".join(_clock_label(c) for c in r.reg35_done)))
    return tuple(facts)


def _item(entry: Entry, names: dict[int, str], tz: tzinfo, young_person: str) -> Item:
    def item(event: Event, corrections: tuple[Item, ...] = ()) -> Item:
        words = describe(event, names, tz, young_person=young_person, year=True)
        return Item(event, when_text(event.at, tz, year=True), words, corrections)

    return item(entry.event, tuple(item(fix) for fix in entry.amendments))


def _rupture(
    store: Store, r: Rupture, n: int, of: int, names: dict[int, str], tz: tzinfo, young_person: str
) -> RuptureRecord:
    events = store.events(r.id)
    seals = {row["id"]: row["hash"] for row in store.rows("SELECT id, hash FROM events WHERE rupture_id = ?", (r.id,))}
    return RuptureRecord(
        rupture=r,
        heading=f"Rupture {n} of {of} (#{r.id}): {when_text(r.occurred_at, tz, year=True)}",
        facts=_facts(r, names, tz),
        items=tuple(_item(entry, names, tz, young_person) for entry in grouped(events)),
        events=tuple(sorted(events, key=lambda e: e.id or 0)),
        first_written=first_written(r.what_happened, events)[0],
        seals=seals,
    )


def about(home: str, name: str) -> tuple[str, ...]:
    """The introduction: what this record is, whose words it holds, and how to ask for a correction."""
    first = first_name(name)
    return (
        f"This is everything the repair board at {home} recorded about {name}. The board is where the adults "
        f"caring for {first} wrote down each time a relationship between {first} and one of them was strained "
        'or broken (a "rupture": a harsh word, a broken promise, a sanction that landed badly, a restraint) '
        'and what the adult did to put it right (the "repair"). Starting a repair is the adult\'s job, never '
        "the young person's.",
        "The entries are the adults' own accounts, written at the time. They say what those adults saw, did "
        f"and said. They are not the whole story, and they may not be how {first} remembers it.",
        "Nothing on the board is ever deleted. When an adult corrected something they had written, the "
        "correction is shown under what they first wrote, with who corrected it, when and why; the first "
        "words are kept too.",
        "Serious incidents (such as a restraint) also have a record in the home's own incident system; the "
        "reference is given here where one was written down.",
        f"If something here is wrong or missing, you can ask {home} to correct it or to add your own account: "
        "write to the registered manager, and quote the entry numbers (#). A correction is added to the record "
        "beside what it corrects; nothing is taken away.",
    )


def _span(ruptures: list[Rupture], tz: tzinfo) -> str:
    if not ruptures:
        return "No ruptures were recorded."
    first, last = ruptures[0].occurred_at, ruptures[-1].occurred_at
    return (
        f"Ruptures recorded: {len(ruptures)}, from {when_text(first, tz, year=True)} "
        f"to {when_text(last, tz, year=True)}."
    )


def _read(store: Store, young_person_id: int, tz: tzinfo, now: datetime | None) -> PersonRecord:
    found = store.rows("SELECT * FROM young_people WHERE id = ?", (young_person_id,))
    if not found:
        raise NotFound(f"There is no young person #{young_person_id}.")
    person = found[0]
    home = store.settings().home_name
    names = {s.id: s.name for s in store.staff()}
    rows = store.rows(
        "SELECT r.*, (SELECT group_concat(staff_id) FROM (SELECT staff_id FROM rupture_adults a "
        "WHERE a.rupture_id = r.id ORDER BY a.rowid)) AS adult_ids FROM ruptures r "
        "WHERE r.young_person_id = ? ORDER BY r.occurred_at, r.id",
        (young_person_id,),
    )
    ruptures = [conv.rupture(row) for row in rows]
    records = [_rupture(store, r, n, len(ruptures), names, tz, person["name"]) for n, r in enumerate(ruptures, 1)]
    access = [e for e in entries(store, young_person_id=young_person_id, tz=tz) if e.source == "audit"]
    made = f"Made on {when_text(now, tz, year=True)}. " if now else ""
    return PersonRecord(
        home=home,
        person=person,
        made_at=now,
        title=f"The record of {person['name']} at {home}",
        made=f"{made}Times are in the home's time zone ({tz}).",
        about=about(home, person["name"]),
        span=_span(ruptures, tz),
        ruptures=tuple(records),
        access=tuple(access),
        access_lines=tuple(
            f"{when_text(e.at, tz, year=True)}: {e.actor or 'the board itself'} {e.what}" for e in access
        ),
        names=names,
    )


def gather(store: Store, young_person_id: int, tz: tzinfo, now: datetime | None = None) -> PersonRecord:
    """Everything held about one young person (leavers included), in the order it happened, read in one
    snapshot so a board writing meanwhile cannot leave the document half old, half new. `now` (when given)
    is printed as the time the document was made."""
    conn = store.db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        return _read(store, young_person_id, tz, now)
    finally:
        if own:
            conn.execute("COMMIT")
