"""The benchmarks' five years of history (benchmarks/history.py): the asked-for counts, people who come and go,
ruptures only while the young person lived there, timelines that rebuild to their rows, and refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.history import build_history
from db import integrity
from db.store import Store
from handover.domain.enums import Role
from handover.domain.errors import InvalidInput

NOW = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return store.db.conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("history") / "history.db"
    build_history(path, NOW, ruptures=500, events_target=2500, open_count=10)
    store = Store.open(path)
    yield store
    store.close()


def test_history_has_the_asked_for_counts(history: Store) -> None:
    assert _rows(history, "SELECT count(*) FROM ruptures")[0][0] == 500
    events = _rows(history, "SELECT count(*) FROM events")[0][0]
    assert abs(events - 2500) <= 250
    assert len(history.open_ruptures()) == 10


def test_history_people_come_and_go(history: Store) -> None:
    young = history.young_people()
    assert len(young) == 30
    assert 4 <= sum(p.active for p in young) <= 8
    staff = history.staff()
    assert len(staff) == 40
    assert any(s.active and s.role is Role.MANAGER for s in staff)
    assert sum(s.active and s.role is Role.SHIFT_LEAD for s in staff) >= 2


def test_history_spans_five_years(history: Store) -> None:
    first, last = _rows(history, "SELECT min(occurred_at), max(occurred_at) FROM ruptures")[0]
    assert datetime.fromisoformat(first) < NOW - timedelta(days=4 * 365)
    assert datetime.fromisoformat(last) < NOW


def test_history_ruptures_only_while_the_young_person_lived_there(history: Store) -> None:
    early = _rows(
        history,
        "SELECT count(*) FROM ruptures r JOIN young_people y ON y.id = r.young_person_id "
        "WHERE r.occurred_at < y.arrived_at",
    )
    assert early[0][0] == 0
    current = {p.id for p in history.young_people() if p.active}
    assert all(r.young_person_id in current for r in history.open_ruptures())


def test_history_timelines_are_consistent(history: Store) -> None:
    assert _rows(history, f"SELECT count(*) FROM events WHERE at > '{NOW.isoformat()}'")[0][0] == 0
    mismatched = _rows(
        history,
        "SELECT count(*) FROM ruptures r WHERE version != (SELECT count(*) FROM events e WHERE e.rupture_id = r.id)",
    )
    assert mismatched[0][0] == 0
    kinds = dict(_rows(history, "SELECT kind, count(*) FROM events GROUP BY kind"))
    assert kinds["recorded"] == 500 and kinds["repaired"] == 490
    assert kinds["assigned"] and kinds["planned"] and kinds["attempted"]


def test_history_passes_the_full_check(history: Store) -> None:
    """Written straight to the store, each rupture's row is still what its entries rebuild to."""
    report = integrity.check(history.path)
    assert report.ok, report.problems
    assert report.ruptures == 500


def test_history_refuses_impossible_numbers_and_existing_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        build_history(tmp_path / "a.db", NOW, ruptures=5, open_count=6)
    existing = tmp_path / "b.db"
    existing.touch()
    with pytest.raises(InvalidInput, match="already exists"):
        build_history(existing, NOW, ruptures=10, events_target=30, open_count=1)
