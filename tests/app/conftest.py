"""Fixtures for driving the real app through Pilot on a real database file with a frozen clock.

The board's remembered view goes to tmp_path/state and saved sheets to tmp_path/documents, like every
test's folders (tests/conftest.py keeps this PC's own out)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.service import UNOWNED, Service
from tests.app.demo_home import demo, demo_clock, demo_file  # noqa: F401 (fixtures: the demo home)
from tests.conftest import Home


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
