"""Shifts: the home's shift pattern, which shift is on at a moment, who is on shift, and the handover's shifts.

Pure: times of day are read in the home's local zone and every moment returned is an aware UTC datetime.

- A `ShiftPattern` is a set of named shifts, each from a local start time to a local end time. An end at or
  before the start runs past midnight (waking night 22:00-07:00); an end equal to the start is a 24-hour shift
  (sleep-in 10:00-10:00). Shifts may overlap (early 07:00-15:00 and late 14:00-22:00 share 14:00-15:00).
- A `ShiftOccurrence` is one dated run of a shift ("late, Fri 27 Nov 14:00-22:00").
- A `ShiftMark` is staff marked on or off shift by hand. A mark on records WHICH occurrence the person is on,
  so "leaving within the hour" and "their shift has ended" follow the clock with no new mark, and a later
  change to the pattern never rewrites the past.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from handover.domain.errors import InvalidInput
from handover.domain.validation import unsafe_character

LEAVING_WITHIN = timedelta(hours=1)
"""An owner whose shift ends within this long is "leaving"."""

HANDOVER_GRACE = timedelta(hours=1)
"""A shift that ended this recently is still the one "going off": handovers run over."""


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


@dataclass(frozen=True, kw_only=True, slots=True)
class Shift:
    """One named shift of the pattern, by local clock times."""

    name: str
    start: time
    end: time
    """At or before `start`: the shift runs past midnight; equal to `start`: a 24-hour shift."""

    def __post_init__(self) -> None:
        name = " ".join(self.name.split()) if isinstance(self.name, str) else ""
        if not name or len(name) > 30:
            raise ValueError("a shift needs a name of 1 to 30 characters")
        for end in (self.start, self.end):
            if not isinstance(end, time):
                raise ValueError(f"a shift starts and ends at a time of day, not {end!r}")
        object.__setattr__(self, "name", name)  # the name as cleaned, once, on a frozen shift

    @property
    def label(self) -> str:
        """'late 14:00-22:00'."""
        return f"{self.name} {_hhmm(self.start)}-{_hhmm(self.end)}"

    def starting_on(self, day: date, tz: tzinfo) -> ShiftOccurrence:
        """The run of this shift that starts on local `day`."""
        start = datetime.combine(day, self.start, tzinfo=tz)
        end_day = day + timedelta(days=1) if self.end <= self.start else day
        end = datetime.combine(end_day, self.end, tzinfo=tz)
        return ShiftOccurrence(shift=self.name, start=_utc(start), end=_utc(end))


@dataclass(frozen=True, kw_only=True, slots=True)
class ShiftOccurrence:
    """One dated run of a shift, as aware UTC datetimes (start inclusive, end exclusive)."""

    shift: str
    start: datetime
    end: datetime

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def ends_within(self, at: datetime, within: timedelta = LEAVING_WITHIN) -> bool:
        """Still running at `at` and over within `within` of it."""
        return at < self.end <= at + within

    def label(self, tz: tzinfo) -> str:
        """'late 14:00-22:00' in the home's zone."""
        return f"{self.shift} {self.start.astimezone(tz):%H:%M}-{self.end.astimezone(tz):%H:%M}"

    def describe(self, tz: tzinfo) -> str:
        """'late, Fri 27 Nov 14:00-22:00': the shift and its date, as stored with an accepted handover."""
        start = self.start.astimezone(tz)
        return f"{self.shift}, {start:%a} {start.day} {start:%b} {start:%H:%M}-{self.end.astimezone(tz):%H:%M}"


@dataclass(frozen=True, kw_only=True, slots=True)
class ShiftPattern:
    """The home's shifts. Kept as JSON in the `settings` table (key `shift_pattern`)."""

    name: str = "custom"
    shifts: tuple[Shift, ...]

    def __post_init__(self) -> None:
        if not self.shifts:
            raise ValueError("a shift pattern needs at least one shift")
        names = [s.name.casefold() for s in self.shifts]
        if len(set(names)) != len(names):
            raise ValueError("two shifts have the same name")

    def shift(self, name: str) -> Shift:
        """The shift called `name` (any case), or a plain-words refusal listing the pattern's shifts."""
        typed = " ".join((name or "").split()).casefold()
        for shift in self.shifts:
            if shift.name.casefold() == typed:
                return shift
        starts = [s for s in self.shifts if s.name.casefold().startswith(typed)] if typed else []
        if len(starts) == 1:
            return starts[0]
        known = ", ".join(s.name for s in self.shifts)
        raise InvalidInput(f"There is no shift called '{name}'. The home's shifts are: {known}.", field="shift")

    def to_json(self) -> str:
        """'{"name":"default","shifts":[{"name":"early","start":"07:00:00","end":"15:00:00"},...]}': the form
        the settings table has always kept (compact, times as HH:MM:SS, names as typed)."""
        shifts = [{"name": s.name, "start": s.start.isoformat(), "end": s.end.isoformat()} for s in self.shifts]
        return json.dumps({"name": self.name, "shifts": shifts}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_setting(cls, text: str | None) -> ShiftPattern:
        """The pattern stored in settings; empty means the default pattern. Refuses bad JSON in plain words."""
        if not text or not text.strip():
            return DEFAULT_PATTERN
        try:
            return cls._from_json(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InvalidInput(f"The shift pattern cannot be used: {first}", field="shift_pattern") from None

    @classmethod
    def _from_json(cls, found: Any) -> ShiftPattern:
        if not isinstance(found, dict) or not isinstance(found.get("shifts"), list):
            raise ValueError("it is not a list of shifts")
        name = found.get("name", "custom")
        if not isinstance(name, str):
            raise ValueError("its name is not text")
        shifts = tuple(
            Shift(name=s["name"], start=time.fromisoformat(s["start"]), end=time.fromisoformat(s["end"]))
            for s in found["shifts"]
        )
        return cls(name=name, shifts=shifts)

    def describe(self) -> str:
        """'default: early 07:00-15:00, late 14:00-22:00, waking night 22:00-07:00'."""
        return f"{self.name}: " + ", ".join(s.label for s in self.shifts)


DEFAULT_PATTERN = ShiftPattern(
    name="default",
    shifts=(
        Shift(name="early", start=time(7), end=time(15)),
        Shift(name="late", start=time(14), end=time(22)),
        Shift(name="waking night", start=time(22), end=time(7)),
    ),
)
"""Early 07:00-15:00, late 14:00-22:00 (overlapping 14:00-15:00 for the handover), waking night 22:00-07:00."""

SLEEP_IN_PATTERN = ShiftPattern(name="sleep-in", shifts=(Shift(name="sleep-in", start=time(10), end=time(10)),))
"""One 24-hour shift from 10:00 to 10:00 the next day."""

PRESETS: dict[str, ShiftPattern] = {"default": DEFAULT_PATTERN, "sleep-in": SLEEP_IN_PATTERN}


def preset(name: str) -> ShiftPattern:
    """A preset pattern by name, or a plain-words refusal naming the presets."""
    try:
        return PRESETS[name.strip().lower()]
    except KeyError:
        raise InvalidInput(f"There is no preset '{name}'. Choose one of: {', '.join(PRESETS)}.") from None


def parse_shift(text: str) -> Shift:
    """'early=07:00-15:00' (as typed on the command line) -> a Shift, or a plain-words refusal."""
    name, sep, times = (text or "").partition("=")
    # Refused as typed; a name stored before this rule still loads (and is neutralised wherever it is shown).
    if (found := unsafe_character(name)) is not None:
        raise InvalidInput(f"A shift's name may not hold {found}. Type it again.", field="shift")
    start, dash, end = times.partition("-")
    try:
        if not sep or not dash:
            raise ValueError
        return Shift(name=name, start=time.fromisoformat(start.strip()), end=time.fromisoformat(end.strip()))
    except ValueError:
        raise InvalidInput(
            f"Cannot read the shift '{text}'. Write it as NAME=HH:MM-HH:MM, like early=07:00-15:00.", field="shift"
        ) from None


def custom_pattern(shifts: list[str] | tuple[str, ...]) -> ShiftPattern:
    """A pattern from shifts typed as NAME=HH:MM-HH:MM, or a plain-words refusal."""
    parsed = tuple(parse_shift(text) for text in shifts)
    try:
        return ShiftPattern(name="custom", shifts=parsed)
    except ValueError as exc:
        reason = str(exc)
        raise InvalidInput(f"That shift pattern cannot be used: {reason}.", field="shift") from None


# -- which shift, when ------------------------------------------------------------------------------------


def occurrences(pattern: ShiftPattern, around: datetime, tz: tzinfo) -> list[ShiftOccurrence]:
    """Every run of every shift starting from two local days before `around` to two days after, by start."""
    day = around.astimezone(tz).date()
    runs = [s.starting_on(day + timedelta(days=d), tz) for d in range(-2, 3) for s in pattern.shifts]
    return sorted(runs, key=lambda o: (o.start, o.end))


def current_shifts(pattern: ShiftPattern, at: datetime, tz: tzinfo) -> list[ShiftOccurrence]:
    """The shifts running at `at`, earliest start first (two during an overlap, such as 14:00-15:00)."""
    return [o for o in occurrences(pattern, at, tz) if o.contains(at)]


def occurrence_of(shift: Shift, at: datetime, tz: tzinfo) -> ShiftOccurrence:
    """The run of `shift` going on at `at`, else the next one to start."""
    runs = [o for o in occurrences(ShiftPattern(shifts=(shift,)), at, tz) if at < o.end]
    running = [o for o in runs if o.contains(at)]
    return running[0] if running else runs[0]


def shift_ends(shift: Shift, at: datetime, tz: tzinfo) -> datetime:
    """When the run of `shift` going on at `at` (else the next one) ends."""
    return occurrence_of(shift, at, tz).end


def ends_within_hour(occurrence: ShiftOccurrence, at: datetime) -> bool:
    """True when the shift is still running at `at` and ends within the next hour."""
    return occurrence.ends_within(at, LEAVING_WITHIN)


def default_occurrence(pattern: ShiftPattern, at: datetime, tz: tzinfo) -> ShiftOccurrence:
    """The shift someone marked on at `at` is taken to be on, when nobody says which.

    The run that will be going on an hour from now, the later-starting one during an overlap: a person
    marked on at 13:45 or 14:30 is coming on for the late; at 21:50, for the waking night; at 06:45, the early.
    """
    runs = occurrences(pattern, at, tz)
    ahead = at + LEAVING_WITHIN
    # A pattern with gaps (no shift an hour from now): the one running now, else the next to start.
    return ([o for o in runs if o.contains(ahead)] or [o for o in runs if o.contains(at)] or _after(runs, at))[-1]


@dataclass(frozen=True, kw_only=True, slots=True)
class HandoverShifts:
    """The shift handing over and the one taking over, at some moment."""

    going_off: ShiftOccurrence
    coming_on: ShiftOccurrence


def handover_shifts(pattern: ShiftPattern, at: datetime, tz: tzinfo) -> HandoverShifts:
    """Which shift is going off and which is coming on at `at`.

    Going off: the shift that ends next, or one that ended within the last hour (a handover that runs over).
    Coming on: the latest-starting shift running at the moment the one going off ends (with a single
    24-hour sleep-in, that is the next day's sleep-in).
    """
    runs = occurrences(pattern, at, tz)
    going_off = min((o for o in runs if o.end > at - HANDOVER_GRACE), key=lambda o: (o.end, o.start))
    coming_on = ([o for o in runs if o.contains(going_off.end)] or _after(runs, going_off.end))[-1]
    return HandoverShifts(going_off=going_off, coming_on=coming_on)


def _after(runs: list[ShiftOccurrence], at: datetime) -> list[ShiftOccurrence]:
    """The first run to start at or after `at` (as a one-item list)."""
    return [min((o for o in runs if o.start >= at), key=lambda o: (o.start, o.end))]


# -- who is on shift --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ShiftMark:
    """A staff member marked on or off shift by hand. Append-only: the latest mark per person stands."""

    id: int | None = None
    staff_id: int
    at: datetime
    on_shift: bool
    by_id: int | None = None
    """Who made the mark (None: not recorded)."""
    shift: str | None = None
    """Marked on: the shift's name. None for a mark off (or a mark made before shifts were recorded)."""
    shift_start: datetime | None = None
    shift_end: datetime | None = None
    """Marked on: when that run of the shift ends. After it, the person counts as off shift."""

    @property
    def occurrence(self) -> ShiftOccurrence | None:
        if self.shift is None or self.shift_start is None or self.shift_end is None:
            return None
        return ShiftOccurrence(shift=self.shift, start=self.shift_start, end=self.shift_end)


class ShiftState(StrEnum):
    """Where a staff member stands against their shift, at a moment."""

    ON = "on"
    LEAVING = "leaving"
    """On shift, and their shift ends within the hour."""
    OFF = "off"
    """Not marked on, marked off, or their shift has ended."""

    @property
    def label(self) -> str:
        return {ShiftState.ON: "on shift", ShiftState.LEAVING: "leaving", ShiftState.OFF: "off shift"}[self]


def shift_state(mark: ShiftMark | None, now: datetime, within: timedelta = LEAVING_WITHIN) -> ShiftState:
    """On, leaving (their shift ends within `within`), or off (never marked on, marked off, or shift over)."""
    if mark is None or not mark.on_shift:
        return ShiftState.OFF
    if mark.shift_end is None:
        return ShiftState.ON  # marked on without a known shift: on until marked off
    if now >= mark.shift_end:
        return ShiftState.OFF
    return ShiftState.LEAVING if mark.shift_end - now <= within else ShiftState.ON


class HandoverSide(StrEnum):
    """Which side of a handover a staff member is on: the one who accepts it is coming on."""

    COMING_ON = "coming-on"
    """Marked on a shift that runs on after the shift going off ends (or on shift with no known end)."""
    GOING_OFF = "going-off"
    """Marked on a shift that ends by the time the shift going off does (or ended within HANDOVER_GRACE)."""
    NOT_ON_SHIFT = "not-on-shift"
    """Never marked on, marked off, or their shift ended longer ago than that."""


def handover_side(mark: ShiftMark | None, going_off: ShiftOccurrence, now: datetime) -> HandoverSide:
    """Where the person with this latest `mark` stands in the handover of `going_off`, at `now`.

    The one rule behind the handover's "going off" and "coming on" lists and behind who may accept it: a lead
    whose shift ends with the one handing over is going off, however late they stay at the keyboard."""
    if mark is None or not mark.on_shift:
        return HandoverSide.NOT_ON_SHIFT
    if mark.shift_end is None or mark.shift_end > going_off.end:
        return HandoverSide.COMING_ON
    if mark.shift_end > now - HANDOVER_GRACE:
        return HandoverSide.GOING_OFF
    return HandoverSide.NOT_ON_SHIFT


@dataclass(frozen=True, kw_only=True, slots=True)
class HandoverRecord:
    """An accepted handover: who accepted it, when, between which shifts, and what was outstanding."""

    id: int
    at: datetime
    accepted_by: int
    shift_going_off: str
    """As `ShiftOccurrence.describe`, e.g. 'late, Fri 27 Nov 14:00-22:00'."""
    shift_coming_on: str
    summary: dict[str, Any]
    """Ids and counts of what was outstanding (see docs/HANDOVER.md)."""


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC)
