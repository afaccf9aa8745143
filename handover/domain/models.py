"""Pydantic models of the things the board knows about. Frozen: a change is a new event, never an edit."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from handover.domain.enums import BoardOrder, EventKind, GlanceMode, Role, RuptureKind, Severity, Status
from handover.domain.shifts import DEFAULT_PATTERN, HandoverRecord, ShiftMark, ShiftPattern
from handover.domain.zones import FALLBACK, stored_zone


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class YoungPerson(_Frozen):
    """A young person living (or who lived) in the home."""

    id: int
    name: str
    arrived_at: datetime | None = None
    active: bool = True


class StaffMember(_Frozen):
    """An adult on the home's staff."""

    id: int
    name: str
    role: Role = Role.STAFF
    active: bool = True


class Rupture(_Frozen):
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


class Event(_Frozen):
    """One entry in a rupture's append-only timeline: who did what, when."""

    id: int | None = None
    rupture_id: int
    at: datetime
    actor_id: int
    kind: EventKind
    payload: dict[str, Any] = Field(default_factory=dict)


class NewRupture(_Frozen):
    """What someone types to record a rupture, before it has an id."""

    young_person_id: int
    adult_ids: tuple[int, ...]
    occurred_at: datetime
    kind: RuptureKind
    severity: Severity = Severity.MINOR
    what_happened: str
    incident_ref: str | None = None
    owner_id: int | None = None


class HomeSettings(_Frozen):
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

    @field_validator("timezone")
    @classmethod
    def _loadable(cls, name: str) -> str:
        stored_zone(name)  # refuses, in plain words, a name this PC cannot load
        return name

    @property
    def zone(self) -> ZoneInfo:
        """The home's time zone: every time is shown in it, with the offset it had on that day."""
        return stored_zone(self.timezone)


class BoardSnapshot(_Frozen):
    """Everything the board shows, read in one go: young people (leavers too, marked inactive, so a rupture
    still open for someone who has left shows under their name), staff, and open ruptures."""

    settings: HomeSettings
    young_people: tuple[YoungPerson, ...]
    staff: dict[int, StaffMember]
    open_ruptures: tuple[Rupture, ...]
    shift_pattern: ShiftPattern = DEFAULT_PATTERN
    """The home's shifts (parsed from settings)."""
    shift_marks: dict[int, ShiftMark] = Field(default_factory=dict)
    """The latest on/off-shift mark of each staff member who has one, by staff id (see domain.shifts)."""
    last_handover: HandoverRecord | None = None
    """The most recently accepted handover, if any."""
    patterns: frozenset[int] = frozenset()
    """Young people (ids) with a relationship worth a conversation in supervision (patterns over weeks), marked
    on their section of the board; filled in by the service's board read, empty in a snapshot read elsewhere."""
