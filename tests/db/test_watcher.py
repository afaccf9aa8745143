"""The change watcher notices commits made through other connections, and stays quiet for reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.store import Store
from db.watcher import ChangeWatcher
from handover.domain.errors import InvalidInput
from handover.service import Service


@pytest.fixture
def watching(service: Service, db_path: Path) -> Iterator[ChangeWatcher]:
    """A watcher on a connection of its own, as the board's poll thread has."""
    own = Store.open(db_path)
    try:
        watcher = ChangeWatcher(own.db.conn)
        assert watcher.changed() is True  # the first look always counts as a change
        yield watcher
    finally:
        own.close()


def test_quiet_when_nothing_happened(watching: ChangeWatcher) -> None:
    assert watching.changed() is False
    assert watching.changed() is False


def test_sees_a_commit_from_another_connection(watching: ChangeWatcher, service: Service) -> None:
    service.add_young_person("Jordan Mills")
    assert watching.changed() is True
    assert watching.changed() is False


def test_sees_a_commit_from_a_plain_sqlite_connection(watching: ChangeWatcher, db_path: Path) -> None:
    other = sqlite3.connect(db_path)
    try:
        other.execute("INSERT INTO settings(key, value) VALUES ('note', 'x')")
        other.commit()
    finally:
        other.close()
    assert watching.changed() is True


def test_a_read_elsewhere_is_not_a_change(watching: ChangeWatcher, service: Service) -> None:
    service.store.board()
    service.store.young_people()
    assert watching.changed() is False


def test_a_refused_write_is_not_a_change(watching: ChangeWatcher, service: Service) -> None:
    service.add_young_person("Jordan Mills")
    assert watching.changed() is True
    with pytest.raises(InvalidInput, match="already a young person called"):
        service.add_young_person("jordan mills")
    assert watching.changed() is False
