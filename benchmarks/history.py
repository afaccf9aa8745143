"""Five years of a larger home, for the benchmarks: `build_history` (tens of thousands of ruptures).

Young people and staff come and go over the years, ruptures happen only while both are there, and the
entries are written straight to the Store in time order (no read-backs, for speed) by the same lifecycle
rule the service uses, so `handover check` passes on the result. Fictional and deterministic, like the
demo (`handover.demo`), from the same building blocks (`handover.demo_build`).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from db.store import Store
from handover.clock import FrozenClock
from handover.demo_build import (
    TZ,
    Person,
    Plan,
    Step,
    Writer,
    add_steps,
    aware,
    between,
    local_moment,
    new_plan,
    new_store,
    number_restraints,
    pick_names,
    random_kind,
    repair_delay,
    staff_at,
    timeline,
    waking,
)
from handover.demo_texts import STAFF_FIRST_NAMES, YOUNG_FIRST_NAMES
from handover.domain import lifecycle
from handover.domain.enums import EventKind, Role, RuptureKind
from handover.domain.errors import InvalidInput
from handover.domain.models import Event, NewRupture, Rupture, StaffMember, YoungPerson
from handover.service import Service

HISTORY_HOME = "Rowan Lodge"


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
    now = aware(now)
    if young_people < 1 or staff < 2:
        raise InvalidInput("A history needs at least one young person and two staff.")
    if not 0 <= open_count <= ruptures:
        raise InvalidInput(f"Cannot leave {open_count} of {ruptures} ruptures open.")
    rng = random.Random(seed)
    w = Writer(rng)
    start = now - timedelta(days=5 * 365)
    taken: set[str] = set()
    with new_store(path) as store:
        with store.batch():
            Service(store, FrozenClock(now), TZ).init_home(HISTORY_HOME)
            young = _insert(store, _history_young(rng, start, now, young_people, taken), now, young=True)
            members = _insert(store, _history_staff(rng, start, now, staff, taken), now, young=False)
            plans = _history_plans(w, start, now, young, members, ruptures, events_target, open_count)
            number_restraints(rng, plans)
            _write_through_store(plans, store)
            # Leavers are marked at the end: while the history was written they were still here.
            left = {p.id for p in young if p.end}
            gone = {p.id for p in members if p.end}
            leavers: list[YoungPerson | StaffMember] = [y for y in store.young_people() if y.id in left]
            leavers += [s for s in store.staff() if s.id in gone]
            for person in leavers:
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
        spans.append((local_moment(rng, begin + gap), None if i == n - 1 else end))
        begin = end
    return spans


def _history_young(rng: random.Random, start: datetime, now: datetime, count: int, taken: set[str]) -> list[Person]:
    beds = min(6, count)
    names = iter(pick_names(rng, YOUNG_FIRST_NAMES, count, taken))
    people = []
    for bed in range(beds):
        stays = count // beds + (1 if bed < count % beds else 0)
        for arrived, left in _spans(rng, start - timedelta(days=rng.randint(0, 400)), now, stays, (7, 42)):
            (first, pronoun), last = next(names)
            people.append(Person(first, last, pronoun, start=arrived, end=left))
    return sorted(people, key=lambda p: p.start or start)


def _history_staff(rng: random.Random, start: datetime, now: datetime, count: int, taken: set[str]) -> list[Person]:
    posts = max(2, round(count * 0.6))
    roles = [Role.MANAGER] + [Role.SHIFT_LEAD] * min(4, posts - 1)
    roles += [Role.STAFF] * (posts - len(roles))
    holders = [1] * posts
    for _ in range(count - posts):
        holders[rng.randrange(posts)] += 1
    names = iter(pick_names(rng, STAFF_FIRST_NAMES, count, taken))
    people = []
    for role, n in zip(roles, holders, strict=True):
        for joined, left in _spans(rng, start - timedelta(days=rng.randint(0, 3 * 365)), now, n, (0, 56)):
            first, last = next(names)
            people.append(Person(first, last, role=role, start=joined, end=left))
    return sorted(people, key=lambda p: p.start or start)


def _insert(store: Store, people: list[Person], now: datetime, *, young: bool) -> list[Person]:
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
    w: Writer,
    start: datetime,
    now: datetime,
    young: list[Person],
    staff: list[Person],
    count: int,
    events_target: int,
    open_count: int,
) -> list[Plan]:
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
            here = staff_at(staff, occurred)
            floor = [s for s in here if s.role is not Role.MANAGER] or here
            plan = new_plan(
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
            repaired = waking(rng, occurred + repair_delay(rng) + len(middle) * timedelta(hours=rng.uniform(1, 6)))
            repaired = max(min(repaired, limit), plan.recorded_at + timedelta(minutes=len(middle) + 2))
            add_steps(w, plan, [*middle, EventKind.REPAIRED], repaired, staff)
        else:
            who = rng.choice(current_young)
            occurred = between(rng, max(who.start or start, now - timedelta(days=6)), now - timedelta(minutes=30))
            floor = [s for s in current_staff if s.role is not Role.MANAGER] or current_staff
            plan = new_plan(
                w, who, rng.choice(floor), occurred, _history_kind(rng), current_staff, unowned=rng.random() < 0.2
            )
            plan.recorded_at = min(plan.recorded_at, now - timedelta(minutes=3))
            add_steps(w, plan, middle, now - timedelta(minutes=2), current_staff)
        plans.append(plan)
    return plans


def _history_kind(rng: random.Random) -> RuptureKind:
    # About one hold a week over a busy home's five years.
    return RuptureKind.RESTRAINT if rng.random() < 0.01 else random_kind(rng)


def _someone_there(
    rng: random.Random, young: list[Person], intensity: dict[int, float], start: datetime, end: datetime
) -> tuple[datetime, Person]:
    """A moment in [start, end) when someone lived here, and who: ruptures only happen while they do."""
    while True:
        at = local_moment(rng, between(rng, start, end))
        here = [y for y in young if y.here_at(at)]
        if start <= at < end and here:
            return at, rng.choices(here, weights=[intensity[y.id] for y in here])[0]


def _write_through_store(plans: list[Plan], store: Store) -> None:
    """Write in time order straight to the Store, keeping each rupture's state in memory (no read-backs)."""
    current: dict[int, Rupture] = {}
    for _, index, _, step in timeline(plans):
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


def _append(store: Store, current: Rupture, step: Step) -> Rupture:
    """The write Service._step makes, without reading the rupture back first (for the history's speed)."""
    updated = lifecycle.apply(current, step.kind, step.at, step.actor.id, step.payload)
    event = Event(rupture_id=current.id, at=step.at, actor_id=step.actor.id, kind=step.kind, payload=step.payload)
    return store.append(updated, event, current.version)
