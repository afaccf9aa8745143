"""The things the board knows about, as frozen dataclasses: a change is a new event, never an edit.

Plain standard-library dataclasses, not pydantic: they are made on every path (each board refresh, each
command), and pydantic's import alone was a fifth of the board's start and half of a command's. Values
arrive typed: the converters (db/converters.py) make every field from its stored column, and what a person
types is read and refused in plain words before a model is made (domain/validation.py, the forms, the CLI).
Where a value can still be wrong on arrival (a settings row, a setting typed on the command line), the model
checks it in `__post_init__` and refuses in plain words. `dataclasses.replace` makes a changed copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handover.domain.enums import BoardOrder, EventKind, GlanceMode, Role, RuptureKind, Severity, Status
from handover.domain.shifts import DEFAULT_PATTERN, HandoverRecord, ShiftMark, ShiftPattern
from handover.domain.zones import FALLBACK, stored_zone


@dataclass(frozen=True, kw_only=True, slots=True)
class YoungPerson:
    """A young person living (or who lived) in the home."""

    id: int
    name: str
    arrived_at: datetime | None = None
    active: bool = True


@dataclass(frozen=True, kw_only=True, slots=True)
class StaffMember:
    """An adult on the home's staff."""

    id: int
    name: str
    role: Role = Role.STAFF
    active: bool = True


@dataclass(frozen=True, kw_only=True, slots=True)
class Rupture:
    """The current state of one rupture, derived from its events."""

    id: int
    young_person_id: int
    adult_ids: tuple[int, ...]
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: int
    kind: RuptureKind
    severity: Severity
    what_happened: str
    incident_ref: str | None = None
    owner_id: int | None = None
    status: Status = Status.OPEN
    version: int = 1
    updated_at: datetime
    updated_by: int
    next_step: str | None = None
    """What the owner said they will do next (a plan, or trying again)."""
    next_step_due: datetime | None = None
    """When the next step is due; once passed, the plan shows as lapsed."""
    awaiting_acceptance: bool = False
    """Reassigned to someone who has not yet accepted it."""
    reg35_done: tuple[str, ...] = ()
    """Which reg 35 clocks (for a restraint) have been ticked off."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """One entry in a rupture's append-only timeline: who did what, when."""

    id: int | None = None
    rupture_id: int
    at: datetime
    actor_id: int
    kind: EventKind
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class NewRupture:
    """What someone types to record a rupture, before it has an id."""

    young_person_id: int
    adult_ids: tuple[int, ...]
    occurred_at: datetime
    kind: RuptureKind
    severity: Severity = Severity.MINOR
    what_happened: str
    incident_ref: str | None = None
    owner_id: int | None = None

    def fields(self) -> dict[str, Any]:
        """Each field by name, the values as they are (a rupture is made from these and its recording)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def recording(self) -> dict[str, Any]:
        """What a rupture's `recorded` entry keeps (its payload, as JSON): every field, times as ISO-8601 text
        ending in Z for UTC, kinds as their stored values, the adults as a list. The format every recording
        has had, so a rupture can always be rebuilt from its first entry (`from_recording`)."""
        return {
            "young_person_id": self.young_person_id,
            "adult_ids": list(self.adult_ids),
            "occurred_at": json_time(self.occurred_at),
            "kind": self.kind.value,
            "severity": self.severity.value,
            "what_happened": self.what_happened,
            "incident_ref": self.incident_ref,
            "owner_id": self.owner_id,
        }

    @classmethod
    def from_recording(cls, payload: Mapping[str, Any]) -> NewRupture:
        """A recording's payload back as what was typed. Raises KeyError, TypeError or ValueError for one
        that is not a recording (the integrity check reports it)."""
        adults = payload["adult_ids"]
        if not isinstance(adults, list | tuple) or not all(type(a) is int for a in adults):
            raise ValueError(f"its adults are not a list of ids: {adults!r}")
        for key in ("young_person_id", "owner_id"):
            if payload.get(key) is not None and type(payload[key]) is not int:
                raise ValueError(f"its {key} is not an id: {payload[key]!r}")
        for key in ("what_happened", "incident_ref"):
            if payload.get(key) is not None and not isinstance(payload[key], str):
                raise ValueError(f"its {key} is not text: {payload[key]!r}")
        occurred = datetime.fromisoformat(payload["occurred_at"])
        if occurred.tzinfo is None:
            raise ValueError(f"its time {payload['occurred_at']!r} has no time zone")
        return cls(
            young_person_id=payload["young_person_id"],
            adult_ids=tuple(adults),
            occurred_at=occurred,
            kind=RuptureKind(payload["kind"]),
            severity=Severity(payload["severity"]),
            what_happened=payload["what_happened"],
            incident_ref=payload.get("incident_ref"),
            owner_id=payload.get("owner_id"),
        )


def json_time(at: datetime) -> str:
    """A time as JSON text: ISO 8601, 'Z' for UTC ('2026-11-27T20:00:05.123456Z'), as recordings keep it."""
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@dataclass(frozen=True, kw_only=True, slots=True)
class HomeSettings:
    """Per-home settings kept in the database, so every terminal shares them."""

    home_name: str
    due_soon_hours: float = 24.0
    overdue_hours: float = 48.0
    shift_pattern: str = ""
    """The shift pattern as JSON (`ShiftPattern.to_json`); empty means the default early/late/waking night."""
    timezone: str = FALLBACK
    """The home's IANA time zone (e.g. Europe/London), chosen at `handover init`, so every terminal shows the
    same times. The store always fills it in; the default serves settings built by hand (tests)."""
    pattern_repeats: int = 3
    """Ruptures between one young person and one adult within `pattern_days` that make a pattern worth talking
    through in supervision (domain/patterns.py). The repair window is `overdue_hours`: the practice's day or two."""
    pattern_days: int = 14
    """How close together `pattern_repeats` ruptures must be to count as recurring."""
    pattern_unrepaired: int = 2
    """Ruptures between one young person and one adult still unrepaired now that are worth talking through."""
    glance: GlanceMode = GlanceMode.INITIALS
    """What the office screen shows while nobody is signed in: young people by initials (the default), by name,
    or nothing (`off`). Never what happened (handover/screens/glance.py)."""
    board_order: BoardOrder = BoardOrder.URGENCY
    """How view 1 orders the young people: most pressing first (the default) or alphabetical."""

    def __post_init__(self) -> None:
        stored_zone(self.timezone)  # refuses, in plain words, a name this PC cannot load

    @classmethod
    def from_stored(cls, values: Mapping[str, object]) -> HomeSettings:
        """The settings as the settings table keeps them (every value as text; keys not known here are passed
        over). Raises ValueError naming the setting that cannot be read, e.g. "overdue_hours: 'soon' is not a
        number"."""
        read: dict[str, object] = {}
        for key, (kind, what) in _STORED.items():
            if key not in values:
                continue
            try:
                read[key] = kind(values[key])
            except (TypeError, ValueError):
                raise ValueError(f"{key}: '{values[key]}' is not {what}") from None
        try:
            return cls(**read)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"timezone: {exc}") from None  # the one field checked on its own

    @property
    def zone(self) -> ZoneInfo:
        """The home's time zone: every time is shown in it, with the offset it had on that day."""
        return stored_zone(self.timezone)


#: How each stored setting is read from its text, and what it must be (said when it is not).
_STORED: dict[str, tuple[type, str]] = {
    "home_name": (str, "a name"),
    "due_soon_hours": (float, "a number"),
    "overdue_hours": (float, "a number"),
    "shift_pattern": (str, "a shift pattern"),
    "timezone": (str, "a time zone"),
    "pattern_repeats": (int, "a whole number"),
    "pattern_days": (int, "a whole number"),
    "pattern_unrepaired": (int, "a whole number"),
    "glance": (GlanceMode, "one of " + ", ".join(m.value for m in GlanceMode)),
    "board_order": (BoardOrder, "one of " + ", ".join(m.value for m in BoardOrder)),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class BoardSnapshot:
    """Everything the board shows, read in one go: young people (leavers too, marked inactive, so a rupture
    still open for someone who has left shows under their name), staff, and open ruptures."""

    settings: HomeSettings
    young_people: tuple[YoungPerson, ...]
    staff: dict[int, StaffMember]
    open_ruptures: tuple[Rupture, ...]
    shift_pattern: ShiftPattern = DEFAULT_PATTERN
    """The home's shifts (parsed from settings)."""
    shift_marks: dict[int, ShiftMark] = field(default_factory=dict)
    """The latest on/off-shift mark of each staff member who has one, by staff id (see domain.shifts)."""
    last_handover: HandoverRecord | None = None
    """The most recently accepted handover, if any."""
    patterns: frozenset[int] = frozenset()
    """Young people (ids) with a relationship worth a conversation in supervision (patterns over weeks), marked
    on their section of the board; filled in by the service's board read, empty in a snapshot read elsewhere."""
