"""The demo home as a test fixture: Larch House at ten at night on a Friday, built once per session and copied
for each test, for board tests and snapshots that should look like the real thing. Import the fixtures by
name into a test module (`from tests.app.demo_home import demo, demo_clock, demo_file`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handover.clock import FrozenClock
from handover.demo import build_demo

#: The demo as it stands at ten at night on a Friday (GMT, so UTC is local time).
DEMO_AT = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo home, built once for the session (the same seed and moment give the same database)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, DEMO_AT)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the demo home for this test alone."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    yield path


@pytest.fixture
def demo_clock() -> FrozenClock:
    """Time stands still at DEMO_AT."""
    return FrozenClock(DEMO_AT)
