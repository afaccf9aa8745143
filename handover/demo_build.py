"""The building blocks of a fictional home's records, shared by the demo home (`handover.demo`) and the
five-year history the benchmarks use (`benchmarks.history`).

People with the dates they were here, texts filled from `handover.demo_texts` (words that fit the hour and
do not repeat), plausible times, and `Plan`: one rupture and everything that will happen to it, decided
before anything is written. Everything is drawn from a seeded `random.Random`, so the same seed and the
same `now` give the same records.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.store import Store
from handover.demo_texts import (
    ATTEMPTS,
    GENERAL_REPAIRS,
    HOUR_WEIGHTS,
    KIND_WEIGHTS,
    PLANS,
    PRONOUNS,
    REASSIGN_REASONS,
    RESPONSES,
    SURNAMES,
    UNOWNED_REASONS,
    WHAT_HAPPENED,
    Text,
)
from handover.domain.enums import EventKind, Role, RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.domain.validation import optional_time


def _home_zone() -> tzinfo:
    # Times of day (tea, bedtime, the school run) are local; fall back to UTC where no tz database exists.
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        return UTC


TZ = _home_zone()


# -- people (the names themselves are in handover.demo_texts) ----------------------------------------------
@dataclass(frozen=True)
class Person:
    """A young person or staff member while the home is being built: who, and when they were here."""

    first: str
    last: str
    pronoun: str = "they"
    role: Role = Role.STAFF
    start: datetime | None = None  # arrived or joined; None: before anything in the build
    end: datetime | None = None  # left; None: still here
    id: int = 0

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def here_at(self, at: datetime) -> bool:
        return (self.start is None or self.start <= at) and (self.end is None or at < self.end)


def pick_names(rng: random.Random, firsts: Sequence[Any], n: int, taken: set[str]) -> list[tuple[Any, str]]:
    """n (first, surname) pairs: distinct first names, and surnames not yet `taken`, while the pools last."""
    free = [s for s in SURNAMES if s not in taken]
    if n <= min(len(firsts), len(free)):
        surnames = rng.sample(free, n)
        taken.update(surnames)
        return list(zip(rng.sample(list(firsts), n), surnames, strict=True))
    # More people than names (a very large benchmark): fall back to distinct pairs.
    if n > len(firsts) * len(SURNAMES):
        raise InvalidInput(f"Cannot make {n} different fictional names; the most is {len(firsts) * len(SURNAMES)}.")
    picks = rng.sample(range(len(firsts) * len(SURNAMES)), n)
    return [(firsts[i // len(SURNAMES)], SURNAMES[i % len(SURNAMES)]) for i in picks]


# -- texts -------------------------------------------------------------------------------------------------
# The templates, and what their placeholders mean, are in handover.demo_texts.


class Writer:
    """Fills the templates for one build: words that fit the hour, and not the same words twice running
    for the same young person (a record that repeats itself reads as made up)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._recent: dict[tuple[int, int], list[Text]] = {}

    def choose(self, pool: Sequence[Text], at: datetime, young: Person) -> Text:
        hour = at.astimezone(TZ).hour
        fits = [t for t in pool if t.hours is None or t.hours[0] <= hour < t.hours[1]]
        fits = fits or [t for t in pool if t.hours is None] or list(pool)
        recent = self._recent.setdefault((young.id, id(pool)), [])
        chosen = self.rng.choice([t for t in fits if t not in recent] or fits)
        recent.append(chosen)
        del recent[:-3]
        return chosen

    def pick(self, pool: Sequence[Text], at: datetime, young: Person, **names: str) -> str:
        return fill(self.choose(pool, at, young).text, young, **names)

    def repaired(self, plan: Plan, at: datetime) -> dict[str, Any]:
        other = plan.adults[1].first if len(plan.adults) > 1 else ""
        # Mostly words answering this very rupture; sometimes the short, general kind (never for a hold).
        if plan.repairs and (plan.kind is RuptureKind.RESTRAINT or self.rng.random() < 0.8):
            note = fill(self.rng.choice(plan.repairs), plan.young, other=other)
        else:
            note = self.pick(GENERAL_REPAIRS, at, plan.young)
        # The young person's response is often not written down, and that is fine.
        response = self.pick(RESPONSES, at, plan.young) if self.rng.random() < 0.7 else ""
        return {"note": note, "response": response}

    def assigned(self, young: Person, previous: Person | None, new: Person, at: datetime) -> dict[str, Any]:
        if previous is None:
            reason = self.pick(UNOWNED_REASONS, at, young, new=new.first)
        else:
            reason = self.pick(REASSIGN_REASONS, at, young, prev=previous.first, new=new.first)
        return {"owner_id": new.id, "previous_owner_id": previous.id if previous else None, "reason": reason}

    def planned(self, young: Person, at: datetime, by_when: datetime) -> dict[str, Any]:
        return {"plan": self.pick(PLANS, at, young), "by_when": optional_time(quarter_after(by_when))}

    def attempted(self, young: Person, at: datetime, next_try: datetime) -> dict[str, Any]:
        return {"note": self.pick(ATTEMPTS, at, young), "next_try": optional_time(quarter_after(next_try))}


def fill(template: str, young: Person, **names: str) -> str:
    """A template with the young person's name and pronouns (and any adults' names) put in."""
    words = dict(PRONOUNS[young.pronoun])
    words |= {key.capitalize(): value.capitalize() for key, value in words.items()}
    words |= {"name": young.first, "other": "", "prev": "", "new": ""} | names
    return template.format(**words)


# -- times -------------------------------------------------------------------------------------------------
def quarter_after(at: datetime) -> datetime:
    """The next quarter hour: people plan 'by 19:15', not 'by 19:07:41'."""
    base = at.replace(second=0, microsecond=0)
    return base + timedelta(minutes=15 - base.minute % 15)


def between(rng: random.Random, start: datetime, end: datetime, low: float = 0.0, high: float = 1.0) -> datetime:
    return start + (end - start) * rng.uniform(low, high)


def local_moment(rng: random.Random, around: datetime) -> datetime:
    """A plausible time of day, on the local day of `around`."""
    day = around.astimezone(TZ).date()
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=TZ).astimezone(UTC)


def waking(rng: random.Random, at: datetime) -> datetime:
    """A repair step in the small hours moves to the next morning: it happens when the young person is up."""
    local = at.astimezone(TZ)
    if 7 <= local.hour < 22:
        return at
    day = local.date() + timedelta(days=1 if local.hour >= 22 else 0)
    return datetime.combine(day, time(7 + rng.randrange(3), rng.randrange(60)), tzinfo=TZ).astimezone(UTC)


def repair_delay(rng: random.Random) -> timedelta:
    """How long after the rupture the repair happened: mostly within the day or two the practice asks for."""
    roll = rng.random()
    if roll < 0.35:
        hours = rng.uniform(0.5, 6)
    elif roll < 0.72:
        hours = rng.uniform(6, 24)
    elif roll < 0.93:
        hours = rng.uniform(24, 48)
    else:
        hours = rng.uniform(48, 80)
    return timedelta(hours=hours)


# -- plans: everything to be written, decided before anything is --------------------------------------------
@dataclass(frozen=True)
class Step:
    """One entry after the recording, as it will be written."""

    at: datetime
    kind: EventKind
    actor: Person
    payload: dict[str, Any]
    owner: Person | None = None  # the new owner, for ASSIGNED


@dataclass
class Plan:
    """One rupture and everything that will happen to it, decided before anything is written."""

    young: Person
    adults: tuple[Person, ...]
    occurred_at: datetime
    recorded_at: datetime
    recorder: Person
    kind: RuptureKind
    severity: Severity
    what_happened: str
    owner: Person | None
    repairs: tuple[str, ...] = ()  # repair notes that answer this story
    incident_ref: str | None = None
    steps: list[Step] = field(default_factory=list)


def random_kind(rng: random.Random) -> RuptureKind:
    return rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]


def _severity(rng: random.Random, kind: RuptureKind) -> Severity:
    if kind is RuptureKind.RESTRAINT:
        return Severity.SERIOUS if rng.random() < 0.7 else Severity.SIGNIFICANT
    chance = 0.35 if kind is RuptureKind.SANCTION else 0.1
    return Severity.SIGNIFICANT if rng.random() < chance else Severity.MINOR


def new_plan(
    w: Writer,
    who: Person,
    adult: Person,
    occurred: datetime,
    kind: RuptureKind,
    staff: Sequence[Person],
    *,
    unowned: bool = False,
) -> Plan:
    """A rupture as it gets recorded: by the adult involved or a shift lead on shift, a little after it."""
    rng = w.rng
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD and s is not adult]
    adults: tuple[Person, ...] = (adult,)
    if kind is RuptureKind.RESTRAINT:
        # A hold takes two adults, and a shift lead is usually one of them (leads are counted twice).
        seconds = [s for s in (*leads, *staff) if s is not adult and s.role is not Role.MANAGER]
        if seconds:
            adults = (adult, rng.choice(seconds))
        else:
            kind = RuptureKind.HARSH_TONE  # nobody else on shift: not a hold, whatever else it was
    others = [s for s in leads if s not in adults]
    # An unowned rupture is usually one a shift lead wrote up for someone else.
    by_adult = rng.random() < 0.65 and not unowned
    recorder = adult if by_adult or not others else rng.choice(others)
    late = (20, 120) if kind is RuptureKind.RESTRAINT else (5, 75)
    story = w.choose(WHAT_HAPPENED[kind], occurred, who)
    return Plan(
        young=who,
        adults=adults,
        occurred_at=occurred,
        recorded_at=occurred + timedelta(minutes=rng.randint(*late)),
        recorder=recorder,
        kind=kind,
        severity=_severity(rng, kind),
        what_happened=fill(story.text, who, other=adults[1].first if len(adults) > 1 else ""),
        owner=None if unowned else adult,
        repairs=story.repairs,
    )


def staff_at(staff: Sequence[Person], at: datetime) -> list[Person]:
    # A post can stand empty for a while; then whoever has joined by then covers.
    return [s for s in staff if s.here_at(at)] or [s for s in staff if s.start is None or s.start <= at] or [*staff]


def add_steps(w: Writer, plan: Plan, kinds: Sequence[EventKind], end: datetime, staff: Sequence[Person]) -> None:
    """Reassignments, plans and attempts between the recording and `end`, then the repair at `end` if
    REPAIRED is the last of `kinds`. An unowned rupture is picked up before anything else happens to it."""
    rng = w.rng
    repair = bool(kinds) and kinds[-1] is EventKind.REPAIRED
    middle = list(kinds[:-1] if repair else kinds)
    times = sorted(between(rng, plan.recorded_at, end, 0.05, 0.95) for _ in middle)
    # Move night-time steps to the morning where that keeps them in order (waking night staff exist too).
    bound = end
    for i in reversed(range(len(times))):
        moved = waking(rng, times[i])
        times[i] = moved if moved < bound else times[i]
        bound = times[i]
    owner = plan.owner
    for n, (at, kind) in enumerate(zip(times, middle, strict=True)):
        following = times[n + 1] if n + 1 < len(times) else end
        if owner is None or kind is EventKind.ASSIGNED:
            here = staff_at(staff, at)
            new = rng.choice([s for s in here if s is not owner and s.role is not Role.MANAGER] or here)
            leads = [s for s in here if s.role is not Role.STAFF] or here
            actor = owner if owner is not None and rng.random() < 0.4 else rng.choice(leads)
            plan.steps.append(Step(at, EventKind.ASSIGNED, actor, w.assigned(plan.young, owner, new, at), new))
            owner = new
        elif kind is EventKind.PLANNED:
            plan.steps.append(Step(at, kind, owner, w.planned(plan.young, at, following)))
        else:
            plan.steps.append(Step(at, kind, owner, w.attempted(plan.young, at, following)))
    if repair:
        actor = owner or plan.adults[0]
        plan.steps.append(Step(end, EventKind.REPAIRED, actor, w.repaired(plan, end)))


def number_restraints(rng: random.Random, plans: list[Plan]) -> None:
    """Give each restraint an incident reference, numbered in time order as the incident system would."""
    number = rng.randint(300, 480)
    for plan in sorted(plans, key=lambda p: p.occurred_at):
        if plan.kind is RuptureKind.RESTRAINT:
            number += rng.randint(4, 30)
            plan.incident_ref = f"IR-{plan.occurred_at.astimezone(TZ).year}-{number:04d}"


def timeline(plans: list[Plan]) -> list[tuple[datetime, int, int, Step | None]]:
    """Every entry of every plan as (time, plan index, step number, step or None for the recording), in
    time order, so ids follow time as they would in a real home."""
    entries: list[tuple[datetime, int, int, Step | None]] = []
    for index, plan in enumerate(plans):
        entries.append((plan.recorded_at, index, 0, None))
        entries.extend((step.at, index, n + 1, step) for n, step in enumerate(plan.steps))
    entries.sort(key=lambda e: e[:3])
    return entries


# -- the file ------------------------------------------------------------------------------------------------
def aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise InvalidInput("The demo needs an aware time for 'now' (with a time zone).")
    return now.astimezone(UTC)


@contextmanager
def new_store(path: Path) -> Iterator[Store]:
    """A new database file at `path`; on failure nothing half-built is left behind to be mistaken for real."""
    path = Path(path)
    if path.exists():
        raise InvalidInput(f"{path} already exists. The demo only makes a new database; choose another file.")
    store = Store.open(path, create=True)
    try:
        yield store
    except BaseException:
        store.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
