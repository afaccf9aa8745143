"""Refresh: how long the board's keyed diff takes on a big board, against a full clear-and-refill.

A database with 1,000 open ruptures among 30 young people is opened in the real app, headless
(`App.run_test()`). The board's snapshot is then changed to give 20 updated rows (a new owner), 5 added and
5 removed, and `RuptureBoard.show(sections(snapshot, now))` is timed, alternating between the changed and
the original snapshot so every call is a diff of that size. `await pilot.pause()` after each call (the
repaint, plus waiting for the app to go idle) is timed separately. The baseline clears and refills a plain
DataTable with the same cells, from the same sections, in the same run.

Target: the diff (the show() call) at most 50 ms; the verdict is printed for the median and for the max.
"""

from __future__ import annotations

import asyncio
import gc
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import median, ms, verdict
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from db.store import Store
from handover.app import make_app
from handover.cli import tune_gc
from handover.clock import FrozenClock
from handover.config import Config
from handover.domain.board import Section, sections
from handover.domain.enums import RuptureKind, Severity
from handover.domain.models import BoardSnapshot, Rupture
from handover.service import Service
from widgets.cells import rupture_cells, section_cells
from widgets.rupture_board import COLUMNS, RuptureBoard, rupture_key, section_key

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OPEN_RUPTURES, YOUNG_PEOPLE, STAFF = 1_000, 30, 40
UPDATED, ADDED, REMOVED = 20, 5, 5
REPETITIONS = 20
TARGET_SECONDS = 0.050
SIZE = (120, 40)


def build(path: Path) -> None:
    """A home with OPEN_RUPTURES open ruptures, written through the service in one transaction."""
    rng = random.Random(3)
    store = Store.open(path, create=True)
    service = Service(store, FrozenClock(NOW), UTC)
    service.init_home("Benchmark House")
    people = [service.add_young_person(f"Young Person {i:02d}") for i in range(YOUNG_PEOPLE)]
    staff = [service.add_staff(f"Staff Member {i:02d}") for i in range(STAFF)]
    with store.batch():
        for i in range(OPEN_RUPTURES):
            adults = rng.sample(staff, rng.choice((1, 1, 2)))
            service.record_rupture(
                adults[0],
                rng.choice(people),
                adults,
                rng.choice(list(RuptureKind)),
                f"rupture {i}: the adult raised their voice when the evening plan changed",
                occurred_at=NOW - timedelta(minutes=rng.randrange(1, 60 * 24 * 30)),
                severity=rng.choice(list(Severity)),
            )
    store.close()


def changed(snapshot: BoardSnapshot) -> BoardSnapshot:
    """The snapshot with UPDATED ruptures given another owner, ADDED new ones and REMOVED gone."""
    rng = random.Random(5)
    ruptures = list(snapshot.open_ruptures)
    removed = set(rng.sample(range(len(ruptures)), REMOVED))
    kept = [r for i, r in enumerate(ruptures) if i not in removed]
    staff_ids = sorted(snapshot.staff)
    for i in rng.sample(range(len(kept)), UPDATED):
        other = next(s for s in staff_ids if s != kept[i].owner_id)
        kept[i] = kept[i].model_copy(update={"owner_id": other, "version": kept[i].version + 1})
    next_id = max(r.id for r in ruptures) + 1
    template = ruptures[0]
    added: list[Rupture] = [
        template.model_copy(
            update={
                "id": next_id + n,
                "young_person_id": rng.choice(snapshot.young_people).id,
                "occurred_at": NOW - timedelta(minutes=n + 1),
                "what_happened": f"bench added {n}",
            }
        )
        for n in range(ADDED)
    ]
    return snapshot.model_copy(update={"open_ruptures": tuple(kept + added)})


def refill(table: DataTable[object], board_sections: list[Section]) -> None:
    """The naive refresh: the same cells as RuptureBoard.show(), written into an emptied table."""
    with table.app.batch_update():
        table.clear()
        for section in board_sections:
            table.add_row(*section_cells(section), key=section_key(section.young_person.id))
            for line in section.lines:
                table.add_row(*rupture_cells(line), key=rupture_key(line.rupture.id))


class PlainTable(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)


Timings = tuple[list[float], list[float]]


async def timed(
    apply: Callable[[BoardSnapshot], object], snapshots: list[BoardSnapshot], pause: Callable[[], Awaitable[None]]
) -> Timings:
    """Apply the snapshots alternately; time each call, and the pause after it, separately."""
    calls: list[float] = []
    settles: list[float] = []
    for i in range(REPETITIONS + 2):
        snapshot = snapshots[i % 2]
        started = time.perf_counter()
        apply(snapshot)
        done = time.perf_counter()
        await pause()
        if i >= 2:  # the first pair warms caches
            calls.append(done - started)
            settles.append(time.perf_counter() - done)
    return calls, settles


async def measure(path: Path) -> dict[str, Timings]:
    store = Store.open(path)
    base = store.board()
    store.close()
    other = changed(base)
    results: dict[str, Timings] = {}

    # Someone signed in already (as in the app tests), so the board is neither locked nor asking who it is.
    actor = next(member for member in base.staff.values() if member.active)
    app = make_app(path, clock=FrozenClock(NOW), tz=UTC, config=Config(db=path), actor=actor)
    async with app.run_test(size=SIZE) as pilot:
        board = next(screen for screen in app.screen_stack if screen.query(RuptureBoard)).query_one(RuptureBoard)
        deadline = time.perf_counter() + 60
        while board.row_count != OPEN_RUPTURES + YOUNG_PEOPLE:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the board showed {board.row_count} rows")
            await pilot.pause(0.05)
        while app.screen is not board.screen:  # "who is at the keyboard?": Escape, just look
            await pilot.press("escape")
            await pilot.pause(0.1)
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{app.screen} would not close")
        results["keyed diff: RuptureBoard.show()"] = await timed(
            lambda s: board.show(sections(s, NOW)), [other, base], pilot.pause
        )
        results["  of which sections()"] = await timed(lambda s: sections(s, NOW), [other, base], pilot.pause)
        # What the board screen does with each new snapshot from the watcher (its view 1: the cells are built
        # by widgets/view_cells.py, then the same keyed diff, RuptureBoard.show_cells, plus the view line and
        # the summary bar). Private to the screen, so skipped, with a note, when its shape changes.
        screen = board.screen
        loaded = getattr(type(screen), "Loaded", None)
        if loaded is not None and hasattr(screen, "on_loaded"):
            results["board screen: on_loaded(snapshot)"] = await timed(
                lambda s: screen.on_loaded(loaded(s)), [other, base], pilot.pause
            )
        else:
            print("  (the board screen has no on_loaded(Loaded(snapshot)) any more: its refresh is not timed)")

    plain = PlainTable()
    async with plain.run_test(size=SIZE) as pilot:
        table = plain.query_one(DataTable)
        results["baseline: clear + refill DataTable"] = await timed(
            lambda s: refill(table, sections(s, NOW)), [other, base], pilot.pause
        )
    return results


def main() -> None:
    tune_gc()  # the garbage collector as the `handover` command sets it, first thing
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        path = Path(tmp) / "refresh.db"
        started = time.perf_counter()
        build(path)
        print(f"refresh: {OPEN_RUPTURES} open ruptures, {YOUNG_PEOPLE} young people (built in "
              f"{time.perf_counter() - started:.1f} s); diff of {UPDATED} updated, {ADDED} added, {REMOVED} removed; "
              f"{REPETITIONS} repetitions; gc thresholds {gc.get_threshold()}")  # fmt: skip
        results = asyncio.run(measure(path))
    print(f"  {'':38} {'call median':>12} {'call max':>10} {'pause median':>13} {'pause max':>10}")
    for name, (calls, settles) in results.items():
        print(f"  {name:38} {ms(median(calls)):>12} {ms(max(calls)):>10} {ms(median(settles)):>13} "
              f"{ms(max(settles)):>10}")  # fmt: skip
    diff = results["keyed diff: RuptureBoard.show()"][0]
    refill_calls = results["baseline: clear + refill DataTable"][0]
    print(f"  diff / refill (medians): {median(diff) / median(refill_calls):.2f}")
    print(f"  target: show() at most {ms(TARGET_SECONDS)}: median {verdict(median(diff), TARGET_SECONDS)}, "
          f"max {verdict(max(diff), TARGET_SECONDS)}")  # fmt: skip


if __name__ == "__main__":
    main()
