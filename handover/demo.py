"""Larch House, the realistic fictional home of `handover demo`.

`build_demo` makes six young people, eighteen staff and eight weeks of ruptures and repairs, with ten still
open at every stage of waiting, so the board has something true to life to show. Every entry is written
through the service at its own moment on a frozen clock, so the demo passes the same checks as anything
typed at the keyboard. (The five years of a larger home that the benchmarks use are `benchmarks.history`.)

Everything is fictional and deterministic: the same seed and the same `now` give the same database, so
snapshots can be compared run to run. The texts are written the way the practice asks records to be
written: facts, from the adult's side, owning the adult's part, in words a young person could later read
about themselves.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from db import pins as pin_rows
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
    fill,
    local_moment,
    new_plan,
    new_store,
    number_restraints,
    pick_names,
    quarter_after,
    random_kind,
    repair_delay,
    timeline,
    waking,
)
from handover.demo_texts import RESTRAINT_PLAN, STAFF_FIRST_NAMES, YOUNG_FIRST_NAMES
from handover.domain.enums import EventKind, Role, RuptureKind, Severity
from handover.domain.pins import easy_to_guess, hash_pin
from handover.domain.reg35 import Reg35Clock
from handover.domain.validation import optional_time
from handover.service import UNOWNED, Service

DEMO_HOME = "Larch House"
#: How far back the demo's history goes.
DEMO_WEEKS = 8
#: Ruptures in the demo that were repaired (the open ones come on top: see _OPEN_SHAPES).
DEMO_REPAIRED = 140


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


def build_demo(path: Path, now: datetime, seed: int = 7, progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Create a new database at `path` holding Larch House as it stands at `now`. Refuses an existing file.

    `progress` is told, in a line each, what is being built as it starts (for `handover demo` to print)."""
    say = progress or (lambda line: None)
    now = aware(now)
    rng = random.Random(seed)
    w = Writer(rng)
    with new_store(path) as store:
        # The people are on the board a day before the history starts; then time moves with each entry.
        clock = FrozenClock(now - timedelta(weeks=DEMO_WEEKS, days=1))
        service = Service(store, clock, TZ)
        with store.batch():
            service.init_home(DEMO_HOME)
            young, staff = _demo_people(rng, now, service)
            say(f"{len(young)} young people and {len(staff)} staff, each with a demo PIN")
            pins = _demo_pins(seed, staff, store, clock.now())
            plans = _demo_repaired(w, now, young, staff) + _demo_open(w, now, young, staff)
            number_restraints(rng, plans)
            _demo_reg35(random.Random(f"demo-reg35-{seed}"), plans, staff, now)
            entries = sum(1 + len(plan.steps) for plan in plans)
            say(f"{DEMO_WEEKS} weeks of records: {len(plans)} ruptures, {entries} entries, each through the service…")
            _write_through_service(plans, service, store, clock)
            say("who is on shift now")
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


def _demo_pins(seed: int, staff: list[Person], store: Store, at: datetime) -> tuple[DemoPin, ...]:
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


def _demo_people(rng: random.Random, now: datetime, service: Service) -> tuple[list[Person], list[Person]]:
    taken: set[str] = set()
    # A mixed group: three boys, two girls, and one more of anyone.
    boys = rng.sample([n for n in YOUNG_FIRST_NAMES if n[1] == "he"], 3)
    girls = rng.sample([n for n in YOUNG_FIRST_NAMES if n[1] == "she"], 2)
    firsts = boys + girls + [rng.choice([n for n in YOUNG_FIRST_NAMES if n not in boys + girls])]
    young: list[Person] = []
    for (first, pronoun), last in pick_names(rng, firsts, len(firsts), taken):
        # Arrived between three months and four years ago: long enough that relationships have history.
        arrived = local_moment(rng, now - timedelta(days=rng.randint(90, 4 * 365)))
        person = service.add_young_person(f"{first} {last}", arrived)
        young.append(Person(first, last, pronoun, start=arrived, id=person.id))
    roles = [Role.MANAGER] + [Role.SHIFT_LEAD] * 4 + [Role.STAFF] * 13
    staff: list[Person] = []
    for role, (first, last) in zip(roles, pick_names(rng, STAFF_FIRST_NAMES, len(roles), taken), strict=True):
        member = service.add_staff(f"{first} {last}", role)
        staff.append(Person(first, last, role=role, id=member.id))
    return young, staff


def _demo_repaired(w: Writer, now: datetime, young: list[Person], staff: list[Person]) -> list[Plan]:
    """Eight weeks of ruptures that were repaired, most within the day or two; some after a plan, an
    attempt or two, or a change of owner."""
    rng = w.rng
    floor = [s for s in staff if s.role is not Role.MANAGER]
    # Ruptures recur between the same young person and adult: the pattern the insights are there to show.
    friction = {y.id: rng.choice(floor) for y in young}
    hours = DEMO_WEEKS * 7 * 24
    moments = sorted(local_moment(rng, now - timedelta(hours=rng.uniform(10, hours))) for _ in range(DEMO_REPAIRED))
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
        kind = RuptureKind.RESTRAINT if n in restraints else random_kind(rng)
        who = rng.choice(young)
        adult = friction[who.id] if rng.random() < 0.3 else rng.choice(floor)
        plan = new_plan(w, who, adult, occurred, kind, staff, unowned=shape == "unowned")
        # The repair has happened by now, however late it came.
        repaired = min(waking(rng, occurred + repair_delay(rng)), now - timedelta(minutes=rng.randint(15, 120)))
        repaired = max(repaired, plan.recorded_at + timedelta(minutes=20))
        add_steps(w, plan, [*shapes[shape], EventKind.REPAIRED], repaired, floor)
        plans.append(plan)
    return plans


def _demo_open(w: Writer, now: datetime, young: list[Person], staff: list[Person]) -> list[Plan]:
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
        kind = RuptureKind.RESTRAINT if shape == "restraint-planned" else random_kind(rng)
        plan = new_plan(w, who, adult, occurred, kind, staff, unowned=shape == "unowned")
        plan.recorded_at = min(plan.recorded_at, now - timedelta(minutes=5))
        if shape == "planned":
            at = occurred + timedelta(hours=hours * rng.uniform(0.4, 0.7))
            plan.steps.append(Step(at, EventKind.PLANNED, adult, w.planned(who, at, now + timedelta(hours=6))))
        elif shape == "attempted":
            at = occurred + timedelta(hours=hours * rng.uniform(0.5, 0.8))
            plan.steps.append(Step(at, EventKind.ATTEMPTED, adult, w.attempted(who, at, now + timedelta(hours=3))))
        elif shape == "attempted-twice":
            # Tried twice, and the next try it named has come and gone: the board should show it overdue.
            for after, retry in ((20, 44), (46, 70)):
                at = occurred + timedelta(hours=after + rng.uniform(0, 3))
                payload = w.attempted(who, at, occurred + timedelta(hours=retry))
                plan.steps.append(Step(at, EventKind.ATTEMPTED, adult, payload))
        elif shape == "reassigned":
            new = rng.choice([s for s in floor if s not in adults])
            at = occurred + timedelta(hours=26 + rng.uniform(0, 2))
            plan.steps.append(Step(at, EventKind.ASSIGNED, rng.choice(leads), w.assigned(who, adult, new, at), new))
        elif shape == "restraint-planned":
            plan.severity = Severity.SERIOUS
            at = occurred + timedelta(hours=22 + rng.uniform(0, 2))
            text = fill(RESTRAINT_PLAN, who, other=plan.adults[-1].first)
            payload = {"plan": text, "by_when": optional_time(quarter_after(occurred + timedelta(hours=46)))}
            plan.steps.append(Step(at, EventKind.PLANNED, adult, payload))
        plans.append(plan)
    return plans


def _demo_reg35(rng: random.Random, plans: list[Plan], staff: list[Person], now: datetime) -> None:
    """The reg 35 clocks of the demo's restraints, ticked as a home keeps up with them: the record within the
    day and the child spoken to within five (each by a shift lead), the manager's within two days.

    Two are left as they often are in life, for the board and the sheet to show: the open restraint's manager
    clock runs late, and the most recently repaired restraint's "child spoken to" was never ticked, so it is
    listed as a clock of a closed rupture. Drawn from a generator of their own, so the rest of the demo is the
    same with or without them."""
    manager = next(s for s in staff if s.role is Role.MANAGER)
    leads = [s for s in staff if s.role is Role.SHIFT_LEAD]
    restraints = sorted((p for p in plans if p.kind is RuptureKind.RESTRAINT), key=lambda p: p.occurred_at)
    repaired = [p for p in restraints if any(s.kind is EventKind.REPAIRED for s in p.steps)]
    last_repaired = repaired[-1] if repaired else None
    for plan in restraints:
        is_open = plan not in repaired
        ticks = [
            (Reg35Clock.RECORD, rng.uniform(2, 20), rng.choice(leads), "Incident record written up."),
            (Reg35Clock.MANAGER, rng.uniform(20, 44), manager, "Spoke with the adult; record signed."),
            (Reg35Clock.CHILD, rng.uniform(30, 110), rng.choice(leads), "Talked it through with them."),
        ]
        for clock, hours, who, note in ticks:
            at = max(plan.occurred_at + timedelta(hours=hours), plan.recorded_at + timedelta(minutes=10))
            late = (is_open and clock is not Reg35Clock.RECORD) or (plan is last_repaired and clock is Reg35Clock.CHILD)
            if not late and at < now - timedelta(minutes=10):
                plan.steps.append(Step(at, EventKind.CLOCK_TICKED, who, {"clock": clock.value, "note": note}))


def _write_through_service(plans: list[Plan], service: Service, store: Store, clock: FrozenClock) -> None:
    """Write every entry through the service, in time order, each at its own moment on the frozen clock,
    so the demo passes the same checks as anything typed at the keyboard."""
    staff = {s.id: s for s in store.staff()}
    young = {y.id: y for y in store.young_people()}
    ids: dict[int, int] = {}
    for at, index, _, step in timeline(plans):
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
        elif step.kind is EventKind.CLOCK_TICKED:
            service.tick_reg35(staff[step.actor.id], ids[index], step.payload["clock"], step.payload["note"])
        elif step.kind is EventKind.ATTEMPTED:
            next_try = datetime.fromisoformat(step.payload["next_try"])
            service.attempt(staff[step.actor.id], ids[index], step.payload["note"], next_try)
        else:
            service.mark_repaired(staff[step.actor.id], ids[index], step.payload["note"], step.payload["response"])
