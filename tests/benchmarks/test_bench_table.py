"""`make bench`'s closing table: each benchmark's headline figures recorded, then judged against their targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.run_all import table


def rows_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import sys

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    sys.modules.pop("harness", None)
    import harness

    results = tmp_path / "results.jsonl"
    monkeypatch.setenv(harness.RESULTS_ENV, str(results))
    harness.record("start to data on screen", 0.60, 1.5, "s", baseline=0.30, ratio_target=True, note="5 years")
    harness.record("n → form drawn, p95", 0.140, 0.100, "ms", baseline=0.070)
    harness.record("idle CPU: board signed in", 0.37, 0.5, "%", baseline=0.17)
    return [json.loads(line) for line in results.read_text().splitlines()]


def test_each_figure_is_judged_by_its_own_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = table(rows_recorded(tmp_path, monkeypatch)).splitlines()
    assert lines[0].startswith("| figure | measured | baseline, same run | ratio | target | verdict |")
    # A ratio target: 0.60 s against 0.30 s is 2.00, over 1.5.
    assert lines[2] == "| start to data on screen (5 years) | 0.600 s | 0.300 s | 2.00 | ratio ≤ 1.5 | MISS |"
    # An absolute target, with its baseline's ratio shown for reading.
    assert lines[3] == "| n → form drawn, p95 | 140 ms | 70 ms | 2.00 | ≤ 100 ms | MISS |"
    assert lines[4] == "| idle CPU: board signed in | 0.37 % | 0.17 % | 2.18 | ≤ 0.50 % | PASS |"


def test_nothing_is_recorded_outside_make_bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import harness

    monkeypatch.delenv(harness.RESULTS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    harness.record("a figure", 1.0, 2.0, "s")
    assert list(tmp_path.iterdir()) == []
