"""The one describer of a rupture's entries: what each event says in plain words, with every note given with it.

The detail timeline, the audit listing, the exports and the handover sheet all word events here, so an
entry reads the same wherever it is shown. `describe` returns data (who, what they did, when, and the notes
as label and text), never markup: each reader renders it in its own form (rich Text, HTML, Markdown, plain
text) and escapes it there.

`describe` is exhaustive over `EventKind` (a `match` ending in `assert_never`), so the type checker reports
a new kind of event that nobody has put into words. Whatever an entry holds that the words below do not
name is still shown, as it is: no part of the record is ever left out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, assert_never

from handover.domain.enums import EndReason, EventKind, RuptureKind, Severity
from handover.domain.models import Event
from handover.domain.reg35 import Reg35Clock
from handover.domain.when import local_time

AMEND_MARK = "✎"
"""The mark beside every correction, on screen and in print."""

_UNOWNED = "nobody (unowned)"


# -- small words ----------------------------------------------------------------------------------------
def when_text(at: datetime, tz: tzinfo, *, year: bool = False) -> str:
    """ "Fri 27 Nov 16:00" in the home's time zone; with the year ("Fri 27 Nov 2026 16:00") when asked, as
    records read years later need it."""
    return local_time(at, tz).strftime("%a %d %b %Y %H:%M" if year else "%a %d %b %H:%M")


def name_of(names: Mapping[int, str], staff_id: object) -> str:
    """A staff member's name, or a plain stand-in when the id is unknown (never an error in a record)."""
    if staff_id is None:
        return "nobody"
    try:
        return names.get(int(str(staff_id)), f"staff member #{staff_id}")
    except ValueError:
        return f"staff member #{staff_id}"


def first_name(name: str) -> str:
    """ "Jordan" of "Jordan Mills": how the adults' notes speak of a young person."""
    return name.split()[0] if name.split() else name


def _time(value: object, tz: tzinfo, year: bool) -> str:
    """An ISO time kept in a payload ("by_when", "next_try"), as when_text; as it is when unreadable."""
    try:
        return when_text(datetime.fromisoformat(str(value)), tz, year=year)
    except ValueError:
        return str(value)


def _label(enum: type[RuptureKind] | type[Severity] | type[EndReason] | type[Reg35Clock], value: object) -> str:
    try:
        return enum(str(value)).label
    except ValueError:
        return str(value)


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# -- what a description is ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Note:
    """One thing given with a step, in the words typed or chosen: "Why" / "Dev is on leave until Monday"."""

    label: str
    text: str
    words: bool = False
    """Words someone typed about the young person (what happened, a plan, a note, a reason): initials only
    hides them. Times, names, choices and the incident record's reference are not."""


@dataclass(frozen=True)
class Description:
    """One entry in plain words: `who` `action` (at `at`), and every note given with it, in order."""

    who: str
    action: str
    """What they did, without their name: "gave the repair to Sam Kell (it was with Dev Okafor)"."""
    at: datetime
    notes: tuple[Note, ...] = ()

    @property
    def headline(self) -> str:
        """ "Priya Shah gave the repair to Sam Kell (it was with Dev Okafor)"."""
        return f"{self.who} {self.action}"

    def in_one_line(self) -> str:
        """The action and its notes on one line, for a listing: "accepted the repair — What they will do: ..."."""
        notes = " · ".join(f"{n.label}: {' '.join(n.text.split())}" for n in self.notes)
        return f"{self.action} — {notes}" if notes else self.action


# -- the describer --------------------------------------------------------------------------------------
def describe(
    event: Event,
    names: Mapping[int, str],
    tz: tzinfo,
    *,
    young_person: str | None = None,
    rupture: str | None = None,
    year: bool = False,
) -> Description:
    """`event` in plain words, with every note given with it.

    `names` maps staff ids to names (leavers included); times are in `tz`, with the year when `year`.
    `young_person` is whom the rupture is with ("How Jordan responded"); `rupture` names the rupture where a
    listing mixes many ("rupture #3"); without it the words say "the rupture" and "the repair"."""
    payload: dict[str, Any] = dict(event.payload)
    notes: list[Note] = []

    def take(key: str, label: str, *, as_time: bool = False, words: bool = True) -> None:
        value = payload.pop(key, None)
        if value not in (None, ""):
            text = _time(value, tz, year) if as_time else _as_text(value)
            notes.append(Note(label, text, words=words and not as_time))

    the_rupture = rupture or "the rupture"
    the_repair = f"the repair of {rupture}" if rupture else "the repair"
    of_it = f" of {rupture}" if rupture else ""
    kind = event.kind
    match kind:
        case EventKind.RECORDED:
            rupture_kind, severity = payload.pop("kind", None), payload.pop("severity", None)
            details = [_label(RuptureKind, rupture_kind)] if rupture_kind else []
            details += [_label(Severity, severity)] if severity else []
            action = f"recorded {the_rupture}" + (f" ({', '.join(details)})" if details else "")
            take("what_happened", "What happened")
            take("occurred_at", "When it happened", as_time=True)
            adults = payload.pop("adult_ids", None)
            if adults:
                notes.append(Note("Adults involved", ", ".join(name_of(names, a) for a in adults)))
            if "owner_id" in payload:
                owner = payload.pop("owner_id")
                notes.append(Note("Owner", _UNOWNED if owner is None else name_of(names, owner)))
            take("incident_ref", "Incident record", words=False)
            payload.pop("young_person_id", None)  # whom it is with: the record this entry belongs to
        case EventKind.ASSIGNED:
            owner = payload.pop("owner_id", None)
            was = ""
            if "previous_owner_id" in payload:
                previous = payload.pop("previous_owner_id")
                was = " (it was unowned)" if previous is None else f" (it was with {name_of(names, previous)})"
            if owner is None:
                action = f"left {the_repair} unowned{was}"
            elif owner == event.actor_id:
                action = f"took on {the_repair}{was}"
            else:
                action = f"gave {the_repair} to {name_of(names, owner)}{was}"
            take("reason", "Why")
        case EventKind.PLANNED:
            action = f"planned {the_repair}"
            take("plan", "Plan")
            take("by_when", "By", as_time=True)
        case EventKind.ATTEMPTED:
            action = f"tried to make {the_repair}; it did not happen yet"
            take("note", "How it went")
            take("next_try", "Will try again", as_time=True)
        case EventKind.REPAIRED:
            action = f"repaired {the_rupture}"
            take("note", "What was said")
            take("response", f"How {first_name(young_person) if young_person else 'the young person'} responded")
        case EventKind.REOPENED:
            action = f"reopened {the_rupture}: the repair had not held"
            take("reason", "Why")
        case EventKind.ENDED:
            action = f"ended {the_rupture} without a repair"
            if "reason" in payload:
                notes.append(Note("Reason", _label(EndReason, payload.pop("reason"))))
            take("note", "Note")
        case EventKind.AMENDED:
            field, target = payload.pop("field", None), payload.pop("event_id", None)
            if field == "what_happened":
                action = f"corrected what happened{of_it}"
            elif target is not None:
                words = {"note": "the note", "plan": "the plan", "reason": "the reason"}.get(str(field), "the words")
                action = f"corrected {words} of entry #{target}{of_it}"
            else:
                action = f"corrected an entry{of_it}"
            take("old", "Was")
            take("new", "Now reads")
            take("reason", "Why")
        case EventKind.ACCEPTED:
            action = f"accepted {the_repair} given to them"
            take("note", "What they will do")
        case EventKind.CLOCK_TICKED:
            clock = payload.pop("clock", None)
            action = f"ticked off a reg 35 clock{of_it}" + (f": {_label(Reg35Clock, clock)}" if clock else "")
            take("note", "Note")
        case _:
            assert_never(kind)
    # Anything else the entry holds is shown as it is: a record never leaves out part of what was written.
    notes += [
        Note(key.replace("_", " ").capitalize(), _as_text(value), words=True)  # not known: hidden to be safe
        for key, value in payload.items()
        if value not in (None, "", [], {})
    ]
    return Description(name_of(names, event.actor_id), action, event.at, tuple(notes))


def passive(kind: EventKind | str) -> str:
    """What was done, to go before "by NAME": "repair planned" (by Sam Kell). A kind the board does not know
    (a row written outside it) is named as it is."""
    try:
        known = EventKind(kind)
    except ValueError:
        return str(kind)
    match known:
        case EventKind.RECORDED:
            return "recorded"
        case EventKind.ASSIGNED:
            return "reassigned"
        case EventKind.PLANNED:
            return "repair planned"
        case EventKind.ATTEMPTED:
            return "repair attempted"
        case EventKind.REPAIRED:
            return "repaired"
        case EventKind.REOPENED:
            return "reopened"
        case EventKind.ENDED:
            return "ended without repair"
        case EventKind.AMENDED:
            return "corrected"
        case EventKind.ACCEPTED:
            return "accepted"
        case EventKind.CLOCK_TICKED:
            return "reg 35 clock ticked"
        case _:
            assert_never(known)
