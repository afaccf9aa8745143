"""Fixtures for driving the real app through Pilot on a real database file with a frozen clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.service import UNOWNED, Service
from tests.conftest import Home


@pytest.fixture(autouse=True)
def _pc_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the app remembers (the board's view) and where it saves sheets stay inside the test's tmp_path."""
    monkeypatch.setenv("HANDOVER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("HANDOVER_SHEET_DIR", str(tmp_path / "documents"))


@pytest.fixture
def seeded(service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    """Three open ruptures over two young people; Casey has nothing open. Returns the ruptures' ids."""
    sv, h = service, home
    now = clock.now()
    ids = {
        "jordan_overdue": sv.record_rupture(
            h.sam, h.jordan, [h.sam], RuptureKind.HARSH_TONE, "I raised my voice at tea", now - timedelta(hours=50)
        ).id,
        "jordan_fresh": sv.record_rupture(
            h.dev,
            h.jordan,
            [h.dev],
            RuptureKind.WITHDRAWAL,
            "I went quiet after the argument",
            now - timedelta(hours=2),
        ).id,
        "riley_unowned": sv.record_rupture(
            h.priya,
            h.riley,
            [h.priya],
            RuptureKind.BROKEN_PROMISE,
            "The swimming trip was cancelled at short notice",
            now - timedelta(hours=30),
            owner=UNOWNED,
        ).id,
    }
    return ids
