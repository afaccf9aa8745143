"""The fixed vocabularies of the practice: kinds of rupture, severity, status, urgency, roles and events.

Values are the words used on the command line and stored in the database; `label` is what the board shows.
"""

from __future__ import annotations

from enum import StrEnum


class RuptureKind(StrEnum):
    """What sort of break in the relationship happened."""

    HARSH_TONE = "harsh-tone"
    WITHDRAWAL = "withdrawal"
    CUTTING_REMARK = "cutting-remark"
    LIMIT_TESTING = "limit-testing"
    BROKEN_PROMISE = "broken-promise"
    SANCTION = "sanction"
    RESTRAINT = "restraint"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def description(self) -> str:
        return _KIND_DESCRIPTIONS[self]


_KIND_LABELS = {
    RuptureKind.HARSH_TONE: "harsh tone",
    RuptureKind.WITHDRAWAL: "withdrawal",
    RuptureKind.CUTTING_REMARK: "cutting remark",
    RuptureKind.LIMIT_TESTING: "limit testing",
    RuptureKind.BROKEN_PROMISE: "broken promise",
    RuptureKind.SANCTION: "sanction",
    RuptureKind.RESTRAINT: "restraint",
    RuptureKind.OTHER: "other",
}

_KIND_DESCRIPTIONS = {
    RuptureKind.HARSH_TONE: "harsh tone or lost patience",
    RuptureKind.WITHDRAWAL: "withdrawal (the adult went cold or distant)",
    RuptureKind.CUTTING_REMARK: "cutting remark",
    RuptureKind.LIMIT_TESTING: "limit testing the adult did not hold steady through",
    RuptureKind.BROKEN_PROMISE: "broken promise or cancelled plan",
    RuptureKind.SANCTION: "sanction or consequence that landed badly",
    RuptureKind.RESTRAINT: "restraint or physical intervention",
    RuptureKind.OTHER: "other",
}


class Severity(StrEnum):
    """How serious the rupture was; small ruptures still need repair."""

    MINOR = "minor"
    SIGNIFICANT = "significant"
    SERIOUS = "serious"

    @property
    def label(self) -> str:
        return self.value


class Status(StrEnum):
    """Where the repair stands. A rupture is never closed silently: repaired, or ended with a reason."""

    OPEN = "open"
    PLANNED = "planned"
    ATTEMPTED = "attempted"
    REPAIRED = "repaired"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return "ended without repair" if self is Status.ENDED else self.value

    @property
    def is_open(self) -> bool:
        """Still waiting for a repair (shown on the board)."""
        return self in (Status.OPEN, Status.PLANNED, Status.ATTEMPTED)


class Ranked(StrEnum):
    """Words listed from least to most pressing: the order they are defined in is their rank."""

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")

    @property
    def rank(self) -> int:
        """Higher is more pressing, for ordering (worked out once a member: rows are ranked per refresh)."""
        key = (type(self), self.name)  # not the member alone: a StrEnum equals its value, shared across enums
        found = _RANKS.get(key)
        if found is None:
            found = _RANKS[key] = list(type(self)).index(self)
        return found


_RANKS: dict[tuple[type, str], int] = {}


class Urgency(Ranked):
    """How long a rupture has waited against the home's thresholds."""

    FRESH = "fresh"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"


class GlanceMode(StrEnum):
    """What the office screen shows while nobody is signed in (the home's `glance` setting)."""

    INITIALS = "initials"
    """Each young person by initials, with how many ruptures are open, the longest wait and the owners."""
    NAMES = "names"
    """The same, with first names and surnames."""
    OFF = "off"
    """A neutral screen that names nobody, as after `l`."""


class Role(StrEnum):
    """A staff member's role in the home."""

    STAFF = "staff"
    SHIFT_LEAD = "shift-lead"
    MANAGER = "manager"


class EventKind(StrEnum):
    """Entries in a rupture's append-only timeline."""

    RECORDED = "recorded"
    ASSIGNED = "assigned"
    PLANNED = "planned"
    ATTEMPTED = "attempted"
    REPAIRED = "repaired"
    REOPENED = "reopened"
    ENDED = "ended"
    AMENDED = "amended"
    ACCEPTED = "accepted"
    """The new owner accepts a reassigned repair, optionally saying what they will do."""
    CLOCK_TICKED = "clock-ticked"
    """One of the reg 35 clocks of a restraint was met (payload: clock)."""


class EndReason(StrEnum):
    """Why a rupture ended without a repair. Never a silent close: a reason and a note are always kept."""

    MOVED_ON = "moved-on"
    ADULT_LEFT = "adult-left"
    RECORDED_IN_ERROR = "recorded-in-error"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            EndReason.MOVED_ON: "the young person moved on",
            EndReason.ADULT_LEFT: "the adult involved has left the home",
            EndReason.RECORDED_IN_ERROR: "recorded in error (kept, not deleted)",
            EndReason.OTHER: "another reason (say it in the note)",
        }[self]


class BoardOrder(StrEnum):
    """How view 1 of the board orders the young people (the home's `board_order` setting)."""

    URGENCY = "urgency"
    """Whoever's open rupture is most pressing first: overdue first, then the longest wait; quiet ones last."""
    ALPHABETICAL = "alphabetical"
    """By name, quiet ones in their place."""
