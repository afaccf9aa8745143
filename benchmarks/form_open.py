"""Forms: how long from pressing `n` on the board to the new-rupture form drawn, and the same for `r`.

The real app, headless (`App.run_test()`, 120x40), someone signed in, on a home with 40 open ruptures among 8
young people and 30 staff. Each key is pressed 20 times: the time runs from the key (posted as a terminal's
would be) until the form is the screen on top, mounted, and its first frame has been drawn
(`Screen.wait_for_refresh`), that is, until a person sees it. Escape closes it between presses.

Baseline, in the same run and app: a ModalScreen with one label and one Input, pushed over the same board
the same way (its ratio says how much of the time is the form's own, not the board beneath it).

The garbage collector is set as the `handover` command sets it (`handover.cli.tune_gc`): the default
thresholds collect several times while a form of 50 widgets is built, which the board never does.
Target (the speed issue): `n` → form drawn, p95 at most 100 ms.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import median, ms, percentile, record, verdict
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from db.store import Store
from handover.app import HandoverApp, make_app
from handover.cli import tune_gc
from handover.clock import FrozenClock
from handover.config import Config
from handover.domain.enums import Role, RuptureKind
from handover.domain.models import StaffMember
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.screens.forms.repair import RepairForm
from handover.service import Service
from widgets.rupture_board import RuptureBoard

PRESSES = 20
TARGET = 0.100
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/London")


class Minimal(ModalScreen[None]):
    """The baseline: the smallest form-like modal (Escape closes it, as a form's does)."""

    BINDINGS = [("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        yield Static("A label")
        yield Input(placeholder="type here")


def build(path: Path) -> StaffMember:
    store = Store.open(path, create=True)
    try:
        service = Service(store, FrozenClock(NOW), TZ)
        service.init_home("Bench House")
        young = [service.add_young_person(f"Young{i} Person") for i in range(8)]
        staff = [service.add_staff(f"Staff{i} Member", Role.STAFF) for i in range(30)]
        for i in range(40):
            adult = staff[i % 30]
            service.record_rupture(adult, young[i % 8], [adult], RuptureKind.HARSH_TONE, f"What happened, {i}")
        return staff[0]
    finally:
        store.close()


async def timed(pilot: Pilot[None], press: str | None, push: Screen[None] | None, kind: type) -> float:
    """From the key (posted as a terminal's would be, `App.simulate_key`: `pilot.press` would also wait for the
    whole app to go idle) or the push, until the form is on top, mounted, and its first frame drawn."""
    app = pilot.app
    started = time.perf_counter()
    if press is not None:
        app.simulate_key(press)
    elif push is not None:
        app.push_screen(push)
    while not (isinstance(app.screen, kind) and app.screen.is_mounted):  # noqa: ASYNC110 (polled: nothing to wait on)
        await asyncio.sleep(0.001)
    await app.screen.wait_for_refresh()
    took = time.perf_counter() - started
    await pilot.press("escape")
    await pilot.pause()
    return took


async def measure(path: Path, actor: StaffMember) -> dict[str, list[float]]:
    app: HandoverApp = make_app(path, clock=FrozenClock(NOW), tz=TZ, config=Config(db=path), actor=actor)
    results: dict[str, list[float]] = {"baseline": [], "n": [], "r": []}
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen.query_one(RuptureBoard)
        while board.row_count < 40:
            await pilot.pause(0.05)
        board.move_cursor(row=1)  # the first rupture, under its young person's line
        for _ in range(PRESSES):
            results["baseline"].append(await timed(pilot, None, Minimal(), Minimal))
            results["n"].append(await timed(pilot, "n", None, NewRuptureForm))
            results["r"].append(await timed(pilot, "r", None, RepairForm))
    return results


def main() -> None:
    tune_gc()  # the garbage collector as the `handover` command sets it, first thing (as refresh.py does)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "home.db"
        actor = build(path)
        results = asyncio.run(measure(path, actor))
    base = median(results["baseline"])
    print(f"form_open: from the key to the form drawn, {PRESSES} presses each, 120x40, 40 open ({os.cpu_count()} CPUs)")
    print(f"  baseline (a one-Input ModalScreen): median {ms(base)}, p95 {ms(percentile(results['baseline'], 0.95))}")
    for key, what in (("n", "new rupture"), ("r", "repaired")):
        values = results[key]
        p95 = percentile(values, 0.95)
        print(
            f"  {key} → {what} form: median {ms(median(values))}, p95 {ms(p95)} "
            f"({median(values) / base:.1f}x the baseline)  target p95 ≤ {ms(TARGET)}: {verdict(p95, TARGET)}"
        )
        baseline_p95 = percentile(results["baseline"], 0.95)
        record(f"`{key}` → {what} form drawn, p95", p95, TARGET, "ms", baseline=baseline_p95, note="one-Input modal")


if __name__ == "__main__":
    main()
