"""Writer processes for the concurrency tests: `python -m tests.writers MODE ...`, each a separate process
with a Service of its own on the same database file, as another terminal would be.

- `storm DB SECONDS SPARED`: record a rupture and mark it repaired, again and again, as fast as it can, for
  anyone but young person SPARED, at the tests' frozen moment (tests/app/test_write_storm.py). Prints
  "started" once it is writing, and how many commits it made at the end.
- `soak DB SECONDS INDEX`: act as shift lead INDEX on the home's shared ruptures for SECONDS (take the repair
  on, give it to someone else, plan, try, repair, reopen, end; now and then record a new one), each step
  guarded by the version it read (tests/test_soak.py).
- `crash DB INDEX`: record, plan, repair and reopen its own ruptures until it is killed (tests/test_crash_loop.py).

`soak` and `crash` print one JSON line per outcome, the moment it is known: `{"saved": ...}` only after the
commit has returned, so every such line is a promise the database must keep; a refusal is
`{"refused": "stale" | "rule", "message": ...}`. Anything unexpected ends the process with a traceback (the
tests fail on a non-zero exit).
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.store import Store
from handover.clock import Clock, FrozenClock, SystemClock
from handover.domain.enums import EndReason, EventKind, Role, RuptureKind, Status
from handover.domain.errors import HandoverError, StaleVersion, StorageError
from handover.domain.models import Rupture, StaffMember
from handover.service import Service

#: Storm and soak writers run on the tests' frozen moment (tests/conftest.py FROZEN_AT), so the board under
#: test, whose clock is frozen there too, never sees an entry from its future.
FROZEN_AT = datetime.fromisoformat("2026-11-27T20:00:00+00:00")


@dataclass(frozen=True)
class Saved:
    """One committed step, as its writer reports it: the rupture is at `version` after it, and its
    `version`-th entry is `kind` by `actor`."""

    rupture: int
    version: int
    kind: str
    actor: int
    writer: str


def say(**line: object) -> None:
    """One outcome, on a line of its own, written at once (a killed writer has said everything it saw)."""
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def report(rupture: Rupture, kind: EventKind, actor: StaffMember, writer: str) -> None:
    say(saved=asdict(Saved(rupture.id, rupture.version, kind.value, actor.id, writer)))


def refusal(exc: HandoverError) -> None:
    """A plain refusal: a stale version (expected, many writers on the same ruptures) or a rule. A busy or
    locked database must never get here: the service waits within busy_timeout."""
    if isinstance(exc, StorageError):
        say(storage=str(exc))
    else:
        say(refused="stale" if isinstance(exc, StaleVersion) else "rule", message=str(exc))


def open_service(db: Path, clock: Clock) -> Service:
    return Service(Store.open(db), clock, UTC)


# -- storm --------------------------------------------------------------------------------------------------
def storm(db: Path, seconds: float, spared: int) -> None:
    service = open_service(db, FrozenClock(FROZEN_AT))
    snapshot = service.board()
    adults = [s for s in snapshot.staff.values() if s.active]
    young = [p for p in snapshot.young_people if p.active and p.id != spared]
    rng = random.Random(spared)
    commits = 0
    print("started", flush=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        adult, person = rng.choice(adults), rng.choice(young)
        rupture = service.record_rupture(adult, person, [adult], RuptureKind.HARSH_TONE, f"storm {commits}")
        service.mark_repaired(adult, rupture.id, "I said sorry for my tone")
        commits += 2
    service.close()
    print(commits, flush=True)


# -- soak ---------------------------------------------------------------------------------------------------
def soak_step(service: Service, me: StaffMember, staff: list[StaffMember], rupture_id: int, rng: random.Random) -> None:
    """One step on a shared rupture, guarded by the version just read; its outcome reported."""
    current = service.rupture(rupture_id)
    seen = current.version
    writer = f"lead {me.id}"
    try:
        if current.status in (Status.REPAIRED, Status.ENDED):
            done = service.reopen(me, rupture_id, "The repair did not hold", expected_version=seen)
            report(done, EventKind.REOPENED, me, writer)
            return
        roll = rng.random()
        if current.owner_id != me.id or roll < 0.2:
            # Take the repair on (it is someone else's), or now and then give it to another adult.
            others = [s for s in staff if s.id not in (current.owner_id, me.id)]
            owner = rng.choice(others) if roll < 0.2 else me
            done = service.assign_owner(me, rupture_id, owner, "soak: handing on", expected_version=seen)
            report(done, EventKind.ASSIGNED, me, writer)
        elif roll < 0.4:
            done = service.plan(me, rupture_id, "Talk it over at tea", expected_version=seen)
            report(done, EventKind.PLANNED, me, writer)
        elif roll < 0.6:
            done = service.attempt(me, rupture_id, "Not ready to talk yet", expected_version=seen)
            report(done, EventKind.ATTEMPTED, me, writer)
        elif roll < 0.93:
            done = service.mark_repaired(me, rupture_id, "I named my part and said sorry", expected_version=seen)
            report(done, EventKind.REPAIRED, me, writer)
        else:
            done = service.end_without_repair(
                me, rupture_id, EndReason.OTHER, "Soak: ended to be reopened", expected_version=seen
            )
            report(done, EventKind.ENDED, me, writer)
    except HandoverError as exc:
        refusal(exc)


def soak(db: Path, seconds: float, index: int) -> None:
    service = open_service(db, SystemClock())
    snapshot = service.board()
    leads = sorted((s for s in snapshot.staff.values() if s.role is Role.SHIFT_LEAD), key=lambda s: s.id)
    me = leads[index % len(leads)]
    staff = [s for s in snapshot.staff.values() if s.active]
    shared = sorted(r.id for r in snapshot.open_ruptures)
    young = [p for p in snapshot.young_people if p.active]
    rng = random.Random(index)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if rng.random() < 0.05:
            try:
                new = service.record_rupture(me, rng.choice(young), [me], RuptureKind.WITHDRAWAL, "I went quiet")
                report(new, EventKind.RECORDED, me, f"lead {me.id}")
                shared.append(new.id)
            except HandoverError as exc:
                refusal(exc)
            continue
        # Mostly the first few ruptures, so writers meet on the same ones.
        pick = shared[min(int(rng.expovariate(0.5)), len(shared) - 1)]
        soak_step(service, me, staff, pick, rng)
    service.close()


# -- crash --------------------------------------------------------------------------------------------------
def crash(db: Path, index: int) -> None:
    """Steps on this writer's own ruptures until killed; every commit reported the moment it returns."""
    service = open_service(db, SystemClock())
    snapshot = service.board()
    leads = sorted((s for s in snapshot.staff.values() if s.role is Role.SHIFT_LEAD), key=lambda s: s.id)
    me = leads[index % len(leads)]
    young = [p for p in snapshot.young_people if p.active]
    rng = random.Random(f"crash-{index}-{time.time_ns()}")
    writer = f"crash {index}"
    while True:
        rupture = service.record_rupture(me, rng.choice(young), [me], RuptureKind.BROKEN_PROMISE, "I forgot the trip")
        report(rupture, EventKind.RECORDED, me, writer)
        rupture = service.plan(me, rupture.id, "Say sorry and fix a new date", expected_version=rupture.version)
        report(rupture, EventKind.PLANNED, me, writer)
        rupture = service.mark_repaired(me, rupture.id, "I said I let them down", expected_version=rupture.version)
        report(rupture, EventKind.REPAIRED, me, writer)
        if rng.random() < 0.5:
            rupture = service.reopen(me, rupture.id, "It still hurt", expected_version=rupture.version)
            report(rupture, EventKind.REOPENED, me, writer)


# -- reading the outcomes back ------------------------------------------------------------------------------
def outcomes(output: str) -> list[dict[str, object]]:
    """The JSON lines a writer printed; a last line cut short by a kill is not an outcome (nor a promise)."""
    lines = output.split("\n")
    return [json.loads(line) for line in lines[:-1] if line]


def saved(lines: list[dict[str, object]]) -> list[Saved]:
    return [Saved(**line["saved"]) for line in lines if "saved" in line]  # type: ignore[arg-type]


def missing_from(db: Path, promises: list[Saved]) -> list[str]:
    """Each promise the database does not keep, in words: its entry absent, of another kind or by another
    adult, or the rupture's version behind it. Read through the store, as `handover check` does."""
    store = Store.open(db)
    try:
        by_rupture: dict[int, list[tuple[str, int]]] = {}
        for rupture_id in {p.rupture for p in promises}:
            by_rupture[rupture_id] = [(e.kind.value, e.actor_id) for e in store.events(rupture_id)]
        versions = {r: store.rupture(r).version for r in by_rupture}
    finally:
        store.close()
    problems = []
    for p in promises:
        entries = by_rupture[p.rupture]
        if len(entries) < p.version:
            problems.append(f"{p}: rupture #{p.rupture} has only {len(entries)} entries")
        elif entries[p.version - 1] != (p.kind, p.actor):
            problems.append(f"{p}: its entry #{p.version} is {entries[p.version - 1]}")
        elif versions[p.rupture] < p.version:
            problems.append(f"{p}: the rupture is at version {versions[p.rupture]}")
    return problems


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "storm":
        storm(Path(args[0]), float(args[1]), int(args[2]))
    elif mode == "soak":
        soak(Path(args[0]), float(args[1]), int(args[2]))
    elif mode == "crash":
        crash(Path(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
