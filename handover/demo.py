"""A realistic fictional home, for `handover demo` and for benchmarks.

`build_demo` makes Larch House: six young people, eighteen staff and eight weeks of ruptures and repairs,
with ten still open at every stage of waiting, so the board has something true to life to show.
`build_history` makes five years of a larger home for benchmarks (tens of thousands of ruptures).

Everything is fictional and deterministic: the same seed and the same `now` give the same database, so
snapshots and benchmark figures can be compared run to run. The texts are written the way the practice asks
records to be written: facts, from the adult's side, owning the adult's part, in words a young person could
later read about themselves.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db import pins as pin_rows
from db.store import Store
from handover.clock import FrozenClock
from handover.demo_texts import (
    ATTEMPTS,
    GENERAL_REPAIRS,
    HOUR_WEIGHTS,
    KIND_WEIGHTS,
    PLANS,
    PRONOUNS,
    REASSIGN_REASONS,
    RESPONSES,
    RESTRAINT_PLAN,
    STAFF_FIRST_NAMES,
    SURNAMES,
    UNOWNED_REASONS,
    WHAT_HAPPENED,
    YOUNG_FIRST_NAMES,
    Text,
)
from handover.domain import lifecycle
from handover.domain.enums import EventKind, Role, RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.domain.models import Event, NewRupture, Rupture
from handover.domain.pins import easy_to_guess, hash_pin
from handover.domain.validation import optional_time
from handover.service import UNOWNED, Service

DEMO_HOME = "Larch House"
HISTORY_HOME = "Rowan Lodge"
#: How far back the demo's history goes.
DEMO_WEEKS = 8
#: Ruptures in the demo that were repaired (the open ones come on top: see _OPEN_SHAPES).
DEMO_REPAIRED = 140


def _home_zone() -> tzinfo:
    # Times of day (tea, bedtime, the school run) are local; fall back to UTC where no tz database exists.
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        return UTC


TZ = _home_zone()


class DemoPin(NamedTuple):
    """One demo staff member's PIN, printed when `handover demo` starts (fictional, like the names)."""

    name: str
    role: Role
    pin: str


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` made, for the CLI to report."""

    path: Path
    young_people: int
    staff: int
    ruptures: int
    open: int
    pins: tuple[DemoPin, ...] = ()
    """Every staff member's PIN, manager first, then shift leads, then staff."""


# -- people (the names themselves are in handover.demo_texts) ----------------------------------------------
@dataclass(frozen=True)
class _Person:
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


def _pick_names(rng: random.Random, firsts: Sequence[Any], n: int, taken: set[str]) -> list[tuple[Any, str]]:
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


class _Writer:
    """Fills the templates for one build: words that fit the hour, and not the same words twice running
    for the same young person (a record that repeats itself reads as made up)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._recent: dict[tuple[int, int], list[Text]] = {}

    def choose(self, pool: Sequence[Text], at: datetime, young: _Person) -> Text:
        hour = at.astimezone(TZ).hour
        fits = [t for t in pool if t.hours is None or t.hours[0] <= hour < t.hours[1]]
        fits = fits or [t for t in pool if t.hours is None] or list(pool)
        recent = self._recent.setdefault((young.id, id(pool)), [])
        chosen = self.rng.choice([t for t in fits if t not in recent] or fits)
        recent.append(chosen)
        del recent[:-3]
        return chosen

    def pick(self, pool: Sequence[Text], at: datetime, young: _Person, **names: str) -> str:
        return _fill(self.choose(pool, at, young).text, young, **names)

    def repaired(self, plan: _Plan, at: datetime) -> dict[str, Any]:
        other = plan.adults[1].first if len(plan.adults) > 1 else ""
        # Mostly words answering this very rupture; sometimes the short, general kind (never for a hold).
        if plan.repairs and (plan.kind is RuptureKind.RESTRAINT or self.rng.random() < 0.8):
            note = _fill(self.rng.choice(plan.repairs), plan.young, other=other)
        else:
            note = self.pick(GENERAL_REPAIRS, at, plan.young)
        # The young person's response is often not written down, and that is fine.
        response = self.pick(RESPONSES, at, plan.young) if self.rng.random() < 0.7 else ""
        return {"note": note, "response": response}

    def assigned(self, young: _Person, previous: _Person | None, new: _Person, at: datetime) -> dict[str, Any]:
        if previous is None:
            reason = self.pick(UNOWNED_REASONS, at, young, new=new.first)
        else:
            reason = self.pick(REASSIGN_REASONS, at, young, prev=previous.first, new=new.first)
        return {"owner_id": new.id, "previous_owner_id": previous.id if previous else None, "reason": reason}

    def planned(self, young: _Person, at: datetime, by_when: datetime) -> dict[str, Any]:
        return {"plan": self.pick(PLANS, at, young), "by_when": optional_time(_quarter_after(by_when))}

    def attempted(self, young: _Person, at: datetime, next_try: datetime) -> dict[str, Any]:
        return {"note": self.pick(ATTEMPTS, at, young), "next_try": optional_time(_quarter_after(next_try))}


def _fill(template: str, young: _Person, **names: str) -> str:
    """A template with the young person's name and pronouns (and any adults' names) put in."""
    words = dict(PRONOUNS[young.pronoun])
    words |= {key.capitalize(): value.capitalize() for key, value in words.items()}
    words |= {"name": young.first, "other": "", "prev": "", "new": ""} | names
    return template.format(**words)


# -- times -------------------------------------------------------------------------------------------------
def _quarter_after(at: datetime) -> datetime:
    """The next quarter hour: people plan 'by 19:15', not 'by 19:07:41'."""
    base = at.replace(second=0, microsecond=0)
    return base + timedelta(minutes=15 - base.minute % 15)


def _between(rng: random.Random, start: datetime, end: datetime, low: float = 0.0, high: float = 1.0) -> datetime:
    return start + (end - start) * rng.uniform(low, high)


def _local_moment(rng: random.Random, around: datetime) -> datetime:
    """A plausible time of day, on the local day of `around`."""
    day = around.astimezone(TZ).date()
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=TZ).astimezone(UTC)


def _waking(rng: random.Random, at: datetime) -> datetime:
    """A repair step in the small hours moves to the next morning: it happens when the young person is up."""
    local = at.astimezone(TZ)
    if 7 <= local.hour < 22:
        return at
    day = local.date() + timedelta(days=1 if local.hour >= 22 else 0)
    return datetime.combine(day, time(7 + rng.randrange(3), rng.randrange(60)), tzinfo=TZ).astimezone(UTC)


def _repair_delay(rng: random.Random) -> timedelta:
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
class _Step:
    """One entry after the recording, as it will be written."""

    at: datetime
    kind: EventKind
    actor: _Person
    payload: dict[str, Any]
    owner: _Person | None = None  # the new owner, for ASSIGNED


@dataclass
class _Plan:
    """One rupture and everything that will happen to it, decided before anything is written."""

    young: _Person
    adults: tuple[_Person, ...]
    occurred_at: datetime
    recorded_at: datetime
    recorder: _Person
    kind: RuptureKind
    severity: Severity
    what_happened: str
    owner: _Person | None
    repairs: tuple[str, ...] = ()  # repair notes that answer this story
    incident_ref: str | None = None
    steps: list[_Step] = field(default_factory=list)


def _kind(rng: random.Random) -> RuptureKind:
    return rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]


def _severity(rng: random.Random, kind: RuptureKind) -> Severity:
    if kind is RuptureKind.RESTRAINT:
        return Severity.SERIOUS if rng.random() < 0.7 else Severity.SIGNIFICANT
    chance = 0.35 if kind is RuptureKind.SANCTION else 0.1
    return Severity.SIGNIFICANT if rng.random() < chance else Severity.MINOR


def _new_plan(
    w: _Writer,
    who: _Person,
    adult: _Person,
    occurred: datetime,
    kind: RuptureKind,
    staff: Sequence[_Person],
    *,
    unowned: bool = False,
) -> _Plan:
    """A rupture as it gets recorded: by the adult involved or a shift lead on shift, a little after it."""
    rng = w.rng
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD and s is not adult]
    adults: tuple[_Person, ...] = (adult,)
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
    return _Plan(
        young=who,
        adults=adults,
        occurred_at=occurred,
        recorded_at=occurred + timedelta(minutes=rng.randint(*late)),
        recorder=recorder,
        kind=kind,
        severity=_severity(rng, kind),
        what_happened=_fill(story.text, who, other=adults[1].first if len(adults) > 1 else ""),
        owner=None if unowned else adult,
        repairs=story.repairs,
    )


def _staff_at(staff: Sequence[_Person], at: datetime) -> list[_Person]:
    # A post can stand empty for a while; then whoever has joined by then covers.
    return [s for s in staff if s.here_at(at)] or [s for s in staff if s.start is None or s.start <= at] or [*staff]


def _add_steps(w: _Writer, plan: _Plan, kinds: Sequence[EventKind], end: datetime, staff: Sequence[_Person]) -> None:
    """Reassignments, plans and attempts between the recording and `end`, then the repair at `end` if
    REPAIRED is the last of `kinds`. An unowned rupture is picked up before anything else happens to it."""
    rng = w.rng
    repair = bool(kinds) and kinds[-1] is EventKind.REPAIRED
    middle = list(kinds[:-1] if repair else kinds)
    times = sorted(_between(rng, plan.recorded_at, end, 0.05, 0.95) for _ in middle)
    # Move night-time steps to the morning where that keeps them in order (waking night staff exist too).
    bound = end
    for i in reversed(range(len(times))):
        moved = _waking(rng, times[i])
        times[i] = moved if moved < bound else times[i]
        bound = times[i]
    owner = plan.owner
    for n, (at, kind) in enumerate(zip(times, middle, strict=True)):
        following = times[n + 1] if n + 1 < len(times) else end
        if owner is None or kind is EventKind.ASSIGNED:
            here = _staff_at(staff, at)
            new = rng.choice([s for s in here if s is not owner and s.role is not Role.MANAGER] or here)
            leads = [s for s in here if s.role is not Role.STAFF] or here
            actor = owner if owner is not None and rng.random() < 0.4 else rng.choice(leads)
            plan.steps.append(_Step(at, EventKind.ASSIGNED, actor, w.assigned(plan.young, owner, new, at), new))
            owner = new
        elif kind is EventKind.PLANNED:
            plan.steps.append(_Step(at, kind, owner, w.planned(plan.young, at, following)))
        else:
            plan.steps.append(_Step(at, kind, owner, w.attempted(plan.young, at, following)))
    if repair:
        actor = owner or plan.adults[0]
        plan.steps.append(_Step(end, EventKind.REPAIRED, actor, w.repaired(plan, end)))


def _number_restraints(rng: random.Random, plans: list[_Plan]) -> None:
    """Give each restraint an incident reference, numbered in time order as the incident system would."""
    number = rng.randint(300, 480)
    for plan in sorted(plans, key=lambda p: p.occurred_at):
        if plan.kind is RuptureKind.RESTRAINT:
            number += rng.randint(4, 30)
            plan.incident_ref = f"IR-{plan.occurred_at.astimezone(TZ).year}-{number:04d}"


def _timeline(plans: list[_Plan]) -> list[tuple[datetime, int, int, _Step | None]]:
    """Every entry of every plan as (time, plan index, step number, step or None for the recording), in
    time order, so ids follow time as they would in a real home."""
    entries: list[tuple[datetime, int, int, _Step | None]] = []
    for index, plan in enumerate(plans):
        entries.append((plan.recorded_at, index, 0, None))
        entries.extend((step.at, index, n + 1, step) for n, step in enumerate(plan.steps))
    entries.sort(key=lambda e: e[:3])
    return entries


def _append(store: Store, current: Rupture, step: _Step) -> Rupture:
    """The write Service._step makes, without reading the rupture back first (for the history's speed)."""
    updated = lifecycle.apply(current, step.kind, step.at, step.actor.id, step.payload)
    event = Event(rupture_id=current.id, at=step.at, actor_id=step.actor.id, kind=step.kind, payload=step.payload)
    return store.append(updated, event, current.version)


# -- the demo home -----------------------------------------------------------------------------------------
#: The open ruptures on the demo board: how many hours ago each happened, and where its repair stands.
#: Every state the board shows is there: fresh, due soon, overdue (three of them 3 to 5 days), unowned,
#: planned, attempted (once and twice) and reassigned.
_OPEN_SHAPES: tuple[tuple[float, str], ...] = (
    (1.5, "unowned"),
    (4.0, "owned"),
    (14.0, "planned"),
    (27.0, "owned"),
    (33.0, "attempted"),
    (45.0, "unowned"),
    (55.0, "reassigned"),
    (76.0, "attempted-twice"),
    (100.0, "restraint-planned"),
    (118.0, "owned"),
)


def build_demo(path: Path, now: datetime, seed: int = 7) -> DemoSummary:
    """Create a new database at `path` holding Larch House as it stands at `now`. Refuses an existing file."""
    now = _aware(now)
    rng = random.Random(seed)
    w = _Writer(rng)
    with _new_store(path) as store:
        # The people are on the board a day before the history starts; then time moves with each entry.
        clock = FrozenClock(now - timedelta(weeks=DEMO_WEEKS, days=1))
        service = Service(store, clock, TZ)
        with store.batch():
            service.init_home(DEMO_HOME)
            young, staff = _demo_people(rng, now, service)
            pins = _demo_pins(seed, staff, store, clock.now())
            plans = _demo_repaired(w, now, young, staff) + _demo_open(w, now, young, staff)
            _number_restraints(rng, plans)
            _write_through_service(plans, service, store, clock)
            _demo_on_shift(random.Random(seed + 1), service, clock, now)
        scalar = store.db.conn.execute
        return DemoSummary(
            path=Path(path),
            young_people=scalar("SELECT count(*) FROM young_people WHERE active").fetchone()[0],
            staff=scalar("SELECT count(*) FROM staff WHERE active").fetchone()[0],
            ruptures=scalar("SELECT count(*) FROM ruptures").fetchone()[0],
            open=len(store.open_ruptures()),
            pins=pins,
        )


def _demo_on_shift(rng: random.Random, service: Service, clock: FrozenClock, now: datetime) -> None:
    """Six people on shift as the board opens: a shift lead and staff, some of them owners of open repairs and
    some not, so the board shows who is here, who is off, and (near a shift's end) who is leaving."""
    clock.set(now - timedelta(minutes=20))
    staff = [s for s in service.store.staff() if s.active]
    manager = next(s for s in staff if s.role is Role.MANAGER)
    owners = {r.owner_id for r in service.store.open_ruptures() if r.owner_id is not None}
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD]
    owning = [s for s in staff if s.id in owners and s.role is Role.STAFF]
    others = [s for s in staff if s.id not in owners and s.role is Role.STAFF]
    chosen = rng.sample(leads, 1) + rng.sample(owning, min(3, len(owning))) + rng.sample(others, 2)
    for person in chosen:
        service.mark_on_shift(manager, person, True)
    clock.set(now)


def _demo_pins(seed: int, staff: list[_Person], store: Store, at: datetime) -> tuple[DemoPin, ...]:
    """A different 4-digit PIN for everyone, set by the manager. Drawn from a generator of their own (the rest
    of the demo is the same with or without them) and hashed with salts from it, so the same seed builds the
    same file; a real home's salts are random."""
    rng = random.Random(f"demo-pins-{seed}")
    manager = next(s for s in staff if s.role is Role.MANAGER)
    chosen: list[DemoPin] = []
    for person in staff:
        pin = ""
        while not pin or easy_to_guess(pin) or pin in {c.pin for c in chosen}:
            pin = f"{rng.randrange(10_000):04d}"
        pin_rows.set_pin_hash(store, person.id, hash_pin(pin, salt=rng.randbytes(16)), at, manager.id)
        chosen.append(DemoPin(person.name, person.role, pin))
    return tuple(chosen)


def _demo_people(rng: random.Random, now: datetime, service: Service) -> tuple[list[_Person], list[_Person]]:
    taken: set[str] = set()
    # A mixed group: three boys, two girls, and one more of anyone.
    boys = rng.sample([n for n in YOUNG_FIRST_NAMES if n[1] == "he"], 3)
    girls = rng.sample([n for n in YOUNG_FIRST_NAMES if n[1] == "she"], 2)
    firsts = boys + girls + [rng.choice([n for n in YOUNG_FIRST_NAMES if n not in boys + girls])]
    young: list[_Person] = []
    for (first, pronoun), last in _pick_names(rng, firsts, len(firsts), taken):
        # Arrived between three months and four years ago: long enough that relationships have history.
        arrived = _local_moment(rng, now - timedelta(days=rng.randint(90, 4 * 365)))
        person = service.add_young_person(f"{first} {last}", arrived)
        young.append(_Person(first, last, pronoun, start=arrived, id=person.id))
    roles = [Role.MANAGER] + [Role.SHIFT_LEAD] * 4 + [Role.STAFF] * 13
    staff: list[_Person] = []
    for role, (first, last) in zip(roles, _pick_names(rng, STAFF_FIRST_NAMES, len(roles), taken), strict=True):
        member = service.add_staff(f"{first} {last}", role)
        staff.append(_Person(first, last, role=role, id=member.id))
    return young, staff


def _demo_repaired(w: _Writer, now: datetime, young: list[_Person], staff: list[_Person]) -> list[_Plan]:
    """Eight weeks of ruptures that were repaired, most within the day or two; some after a plan, an
    attempt or two, or a change of owner."""
    rng = w.rng
    floor = [s for s in staff if s.role is not Role.MANAGER]
    # Ruptures recur between the same young person and adult: the pattern the insights are there to show.
    friction = {y.id: rng.choice(floor) for y in young}
    hours = DEMO_WEEKS * 7 * 24
    moments = sorted(_local_moment(rng, now - timedelta(hours=rng.uniform(10, hours))) for _ in range(DEMO_REPAIRED))
    moments = [m - timedelta(days=1) if m > now - timedelta(hours=8) else m for m in moments]
    restraints = set(rng.sample(range(DEMO_REPAIRED), rng.choice([1, 2])))
    shapes = {
        "direct": [],
        "attempt": [EventKind.ATTEMPTED],
        "attempts": [EventKind.ATTEMPTED, EventKind.ATTEMPTED],
        "plan": [EventKind.PLANNED],
        "reassign": [EventKind.ASSIGNED],
        "unowned": [EventKind.ASSIGNED],
    }
    weights = [76, 6, 2, 6, 7, 3]
    plans = []
    for n, occurred in enumerate(moments):
        shape = rng.choices(list(shapes), weights=weights)[0]
        kind = RuptureKind.RESTRAINT if n in restraints else _kind(rng)
        who = rng.choice(young)
        adult = friction[who.id] if rng.random() < 0.3 else rng.choice(floor)
        plan = _new_plan(w, who, adult, occurred, kind, staff, unowned=shape == "unowned")
        # The repair has happened by now, however late it came.
        repaired = min(_waking(rng, occurred + _repair_delay(rng)), now - timedelta(minutes=rng.randint(15, 120)))
        repaired = max(repaired, plan.recorded_at + timedelta(minutes=20))
        _add_steps(w, plan, [*shapes[shape], EventKind.REPAIRED], repaired, floor)
        plans.append(plan)
    return plans


def _demo_open(w: _Writer, now: datetime, young: list[_Person], staff: list[_Person]) -> list[_Plan]:
    """The ruptures still waiting for a repair at `now`, spread over five of the six young people."""
    rng = w.rng
    floor = [s for s in staff if s.role is not Role.MANAGER]
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD]
    settled = rng.choice(young)  # nothing outstanding: the board shows a young person with a clear row
    others = [y for y in young if y is not settled]
    targets = others + [rng.choice(others) for _ in range(len(_OPEN_SHAPES) - len(others))]
    rng.shuffle(targets)
    adults = rng.sample(floor, len(_OPEN_SHAPES))  # a different adult each, so the owners vary
    plans = []
    for (hours, shape), who, adult in zip(_OPEN_SHAPES, targets, adults, strict=True):
        occurred = now - timedelta(hours=hours + rng.uniform(-0.3, 0.3))
        kind = RuptureKind.RESTRAINT if shape == "restraint-planned" else _kind(rng)
        plan = _new_plan(w, who, adult, occurred, kind, staff, unowned=shape == "unowned")
        plan.recorded_at = min(plan.recorded_at, now - timedelta(minutes=5))
        if shape == "planned":
            at = occurred + timedelta(hours=hours * rng.uniform(0.4, 0.7))
            plan.steps.append(_Step(at, EventKind.PLANNED, adult, w.planned(who, at, now + timedelta(hours=6))))
        elif shape == "attempted":
            at = occurred + timedelta(hours=hours * rng.uniform(0.5, 0.8))
            plan.steps.append(_Step(at, EventKind.ATTEMPTED, adult, w.attempted(who, at, now + timedelta(hours=3))))
        elif shape == "attempted-twice":
            # Tried twice, and the next try it named has come and gone: the board should show it overdue.
            for after, retry in ((20, 44), (46, 70)):
                at = occurred + timedelta(hours=after + rng.uniform(0, 3))
                payload = w.attempted(who, at, occurred + timedelta(hours=retry))
                plan.steps.append(_Step(at, EventKind.ATTEMPTED, adult, payload))
        elif shape == "reassigned":
            new = rng.choice([s for s in floor if s not in adults])
            at = occurred + timedelta(hours=26 + rng.uniform(0, 2))
            plan.steps.append(_Step(at, EventKind.ASSIGNED, rng.choice(leads), w.assigned(who, adult, new, at), new))
        elif shape == "restraint-planned":
            plan.severity = Severity.SERIOUS
            at = occurred + timedelta(hours=22 + rng.uniform(0, 2))
            text = _fill(RESTRAINT_PLAN, who, other=plan.adults[-1].first)
            payload = {"plan": text, "by_when": optional_time(_quarter_after(occurred + timedelta(hours=46)))}
            plan.steps.append(_Step(at, EventKind.PLANNED, adult, payload))
        plans.append(plan)
    return plans


def _write_through_service(plans: list[_Plan], service: Service, store: Store, clock: FrozenClock) -> None:
    """Write every entry through the service, in time order, each at its own moment on the frozen clock,
    so the demo passes the same checks as anything typed at the keyboard."""
    staff = {s.id: s for s in store.staff()}
    young = {y.id: y for y in store.young_people()}
    ids: dict[int, int] = {}
    for at, index, _, step in _timeline(plans):
        plan = plans[index]
        clock.set(at)
        if step is None:
            recorded = service.record_rupture(
                staff[plan.recorder.id],
                young[plan.young.id],
                [staff[a.id] for a in plan.adults],
                plan.kind,
                plan.what_happened,
                occurred_at=plan.occurred_at,
                severity=plan.severity,
                owner=staff[plan.owner.id] if plan.owner else UNOWNED,
                incident_ref=plan.incident_ref,
            )
            ids[index] = recorded.id
        elif step.kind is EventKind.ASSIGNED:
            owner = staff[step.owner.id] if step.owner else None
            service.assign_owner(staff[step.actor.id], ids[index], owner, step.payload["reason"])
        elif step.kind is EventKind.PLANNED:
            by_when = datetime.fromisoformat(step.payload["by_when"])
            service.plan(staff[step.actor.id], ids[index], step.payload["plan"], by_when)
        elif step.kind is EventKind.ATTEMPTED:
            next_try = datetime.fromisoformat(step.payload["next_try"])
            service.attempt(staff[step.actor.id], ids[index], step.payload["note"], next_try)
        else:
            service.mark_repaired(staff[step.actor.id], ids[index], step.payload["note"], step.payload["response"])


# -- five years of history, for benchmarks ---------------------------------------------------------------
def build_history(
    path: Path,
    now: datetime,
    *,
    young_people: int = 30,
    staff: int = 40,
    ruptures: int = 20_000,
    events_target: int = 100_000,
    open_count: int = 40,
    seed: int = 1,
) -> None:
    """Create a new database at `path` with five years of a home's history, ending at `now`.

    Young people and staff come and go: about six young people live there at any time (the rest have left,
    marked inactive), and about 60% of the staff are still there. Ruptures happen only while the young person
    lives there, with staff who worked there then; exactly `open_count` are open at the end, all for current
    young people. Beyond each recording and repair, reassignments, plans and attempts are spread over the
    ruptures so the events come to `events_target` (when that is at least one per rupture plus one per repair).
    """
    now = _aware(now)
    if young_people < 1 or staff < 2:
        raise InvalidInput("A history needs at least one young person and two staff.")
    if not 0 <= open_count <= ruptures:
        raise InvalidInput(f"Cannot leave {open_count} of {ruptures} ruptures open.")
    rng = random.Random(seed)
    w = _Writer(rng)
    start = now - timedelta(days=5 * 365)
    taken: set[str] = set()
    with _new_store(path) as store:
        with store.batch():
            Service(store, FrozenClock(now), TZ).init_home(HISTORY_HOME)
            young = _insert(store, _history_young(rng, start, now, young_people, taken), now, young=True)
            members = _insert(store, _history_staff(rng, start, now, staff, taken), now, young=False)
            plans = _history_plans(w, start, now, young, members, ruptures, events_target, open_count)
            _number_restraints(rng, plans)
            _write_through_store(plans, store)
            # Leavers are marked at the end: while the history was written they were still here.
            left = {p.id for p in young if p.end}
            gone = {p.id for p in members if p.end}
            for person in [
                *(y for y in store.young_people() if y.id in left),
                *(s for s in store.staff() if s.id in gone),
            ]:
                store.set_active(person, False)


def _spans(
    rng: random.Random, first: datetime, now: datetime, n: int, gap_days: tuple[int, int]
) -> list[tuple[datetime, datetime | None]]:
    """n stays one after another from `first` to now (a bed or a post), each after a gap while it stood
    empty; the last is still going."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(n)]
    total = sum(weights)
    spans: list[tuple[datetime, datetime | None]] = []
    begin = first
    for i, weight in enumerate(weights):
        end = begin + (now - first) * (weight / total)
        gap = min(timedelta(days=rng.randint(*gap_days)), (end - begin) * 0.2)
        spans.append((_local_moment(rng, begin + gap), None if i == n - 1 else end))
        begin = end
    return spans


def _history_young(rng: random.Random, start: datetime, now: datetime, count: int, taken: set[str]) -> list[_Person]:
    beds = min(6, count)
    names = iter(_pick_names(rng, YOUNG_FIRST_NAMES, count, taken))
    people = []
    for bed in range(beds):
        stays = count // beds + (1 if bed < count % beds else 0)
        for arrived, left in _spans(rng, start - timedelta(days=rng.randint(0, 400)), now, stays, (7, 42)):
            (first, pronoun), last = next(names)
            people.append(_Person(first, last, pronoun, start=arrived, end=left))
    return sorted(people, key=lambda p: p.start or start)


def _history_staff(rng: random.Random, start: datetime, now: datetime, count: int, taken: set[str]) -> list[_Person]:
    posts = max(2, round(count * 0.6))
    roles = [Role.MANAGER] + [Role.SHIFT_LEAD] * min(4, posts - 1)
    roles += [Role.STAFF] * (posts - len(roles))
    holders = [1] * posts
    for _ in range(count - posts):
        holders[rng.randrange(posts)] += 1
    names = iter(_pick_names(rng, STAFF_FIRST_NAMES, count, taken))
    people = []
    for role, n in zip(roles, holders, strict=True):
        for joined, left in _spans(rng, start - timedelta(days=rng.randint(0, 3 * 365)), now, n, (0, 56)):
            first, last = next(names)
            people.append(_Person(first, last, role=role, start=joined, end=left))
    return sorted(people, key=lambda p: p.start or start)


def _insert(store: Store, people: list[_Person], now: datetime, *, young: bool) -> list[_Person]:
    """Add people in the order they came, each on the day they arrived or joined."""
    placed = []
    for person in people:
        added = min(person.start or now, now)
        if young:
            row_id = store.add_young_person(person.name, person.start, added).id
        else:
            row_id = store.add_staff(person.name, person.role, added).id
        placed.append(replace(person, id=row_id))
    return placed


def _spread(rng: random.Random, total: int, n: int) -> list[int]:
    """`total` extra steps over n ruptures: most have few, some many, and the sum is exact."""
    if n == 0 or total <= 0:
        return [0] * n
    mean = total / n
    cap = max(10, int(mean * 4) + 1)
    counts = [min(int(rng.expovariate(1 / mean) + 0.5), cap) for _ in range(n)]
    diff = total - sum(counts)
    while diff > 0:
        i = rng.randrange(n)
        if counts[i] < cap:
            counts[i] += 1
            diff -= 1
    while diff < 0:
        i = rng.randrange(n)
        if counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


_MIDDLE_KINDS = (EventKind.ASSIGNED, EventKind.PLANNED, EventKind.ATTEMPTED)


def _history_plans(
    w: _Writer,
    start: datetime,
    now: datetime,
    young: list[_Person],
    staff: list[_Person],
    count: int,
    events_target: int,
    open_count: int,
) -> list[_Plan]:
    rng = w.rng
    closed = count - open_count
    # Every rupture is recorded and every closed one repaired; the rest of the target is the steps between.
    extras = _spread(rng, events_target - count - closed, count)
    # Some young people have many more ruptures than others, as in any home.
    intensity = {y.id: rng.uniform(0.4, 1.8) for y in young}
    current_young = [y for y in young if y.end is None]
    current_staff = [s for s in staff if s.end is None]
    # Ruptures in time order, so the writer's memory of recent words runs forwards.
    moments = [_someone_there(rng, young, intensity, start, now - timedelta(hours=12)) for _ in range(closed)]
    moments.sort(key=lambda moment: moment[0])
    plans = []
    for n in range(count):
        middle = rng.choices(_MIDDLE_KINDS, weights=[30, 25, 45], k=extras[n])
        if n < closed:
            occurred, who = moments[n]
            here = _staff_at(staff, occurred)
            floor = [s for s in here if s.role is not Role.MANAGER] or here
            plan = _new_plan(
                w,
                who,
                rng.choice(floor),
                occurred,
                _history_kind(rng),
                here,
                unowned=bool(middle) and rng.random() < 0.05,
            )
            # Repaired by now, and before the young person moved on.
            limit = min(now - timedelta(minutes=10), who.end or now)
            repaired = _waking(rng, occurred + _repair_delay(rng) + len(middle) * timedelta(hours=rng.uniform(1, 6)))
            repaired = max(min(repaired, limit), plan.recorded_at + timedelta(minutes=len(middle) + 2))
            _add_steps(w, plan, [*middle, EventKind.REPAIRED], repaired, staff)
        else:
            who = rng.choice(current_young)
            occurred = _between(rng, max(who.start or start, now - timedelta(days=6)), now - timedelta(minutes=30))
            floor = [s for s in current_staff if s.role is not Role.MANAGER] or current_staff
            plan = _new_plan(
                w, who, rng.choice(floor), occurred, _history_kind(rng), current_staff, unowned=rng.random() < 0.2
            )
            plan.recorded_at = min(plan.recorded_at, now - timedelta(minutes=3))
            _add_steps(w, plan, middle, now - timedelta(minutes=2), current_staff)
        plans.append(plan)
    return plans


def _history_kind(rng: random.Random) -> RuptureKind:
    # About one hold a week over a busy home's five years.
    return RuptureKind.RESTRAINT if rng.random() < 0.01 else _kind(rng)


def _someone_there(
    rng: random.Random, young: list[_Person], intensity: dict[int, float], start: datetime, end: datetime
) -> tuple[datetime, _Person]:
    """A moment in [start, end) when someone lived here, and who: ruptures only happen while they do."""
    while True:
        at = _local_moment(rng, _between(rng, start, end))
        here = [y for y in young if y.here_at(at)]
        if start <= at < end and here:
            return at, rng.choices(here, weights=[intensity[y.id] for y in here])[0]


def _write_through_store(plans: list[_Plan], store: Store) -> None:
    """Write in time order straight to the Store, keeping each rupture's state in memory (no read-backs)."""
    current: dict[int, Rupture] = {}
    for _, index, _, step in _timeline(plans):
        plan = plans[index]
        if step is None:
            new = NewRupture(
                young_person_id=plan.young.id,
                adult_ids=tuple(dict.fromkeys(a.id for a in plan.adults)),
                occurred_at=plan.occurred_at,
                kind=plan.kind,
                severity=plan.severity,
                what_happened=plan.what_happened,
                incident_ref=plan.incident_ref,
                owner_id=plan.owner.id if plan.owner else None,
            )
            current[index] = store.record_rupture(new, plan.recorded_at, plan.recorder.id)
        else:
            current[index] = _append(store, current[index], step)


# -- shared ------------------------------------------------------------------------------------------------
def _aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise InvalidInput("The demo needs an aware time for 'now' (with a time zone).")
    return now.astimezone(UTC)


@contextmanager
def _new_store(path: Path) -> Iterator[Store]:
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
