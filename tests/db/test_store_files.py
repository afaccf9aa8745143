"""Opening database files: a fresh one gets the schema and safe settings; missing, damaged or foreign files are
refused in plain words and left as they were."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from db.store import Store
from handover.domain.errors import StorageError
from handover.service import Service

TABLES = {"settings", "young_people", "staff", "ruptures", "rupture_adults", "events"}


def tables_of(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_fresh_file_has_the_schema_with_readable_names(store: Store, db_path: Path) -> None:
    assert db_path.exists()
    assert TABLES <= tables_of(db_path)
    triggers = {row[0] for row in store.db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"events_no_update", "events_no_delete", "ruptures_no_delete", "staff_no_delete"} <= triggers


def test_fresh_file_is_private_to_its_owner(store: Store, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_wal_mode_and_foreign_keys_on(store: Store) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_reopening_keeps_everything(service: Service, db_path: Path) -> None:
    service.add_young_person("Jordan Mills")
    service.store.close()
    again = Store.open(db_path)
    try:
        assert again.settings().home_name == "Larch House"
        assert [p.name for p in again.young_people()] == ["Jordan Mills"]
        assert again.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        again.close()


def test_a_file_nobody_has_set_up_says_to_run_init(store: Store) -> None:
    with pytest.raises(StorageError) as err:
        store.settings()
    assert "has not been set up yet" in err.value.message
    assert "handover init" in err.value.message


def test_missing_file_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "home.db"
    with pytest.raises(StorageError) as err:
        Store.open(path)
    assert f"There is no database at {path}" in err.value.message
    assert "handover init" in err.value.message
    assert not path.exists() and not path.parent.exists()


def test_damaged_file_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "home.db"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with pytest.raises(StorageError) as err:
        Store.open(path)
    assert "damaged or is not a handover database" in err.value.message
    assert "Nothing was changed" in err.value.message
    assert path.read_bytes() == garbage


def test_damaged_file_refused_even_when_asked_to_create(tmp_path: Path) -> None:
    path = tmp_path / "home.db"
    path.write_bytes(b"this is a shopping list, not a database\n" * 50)
    with pytest.raises(StorageError, match="damaged or is not a handover database"):
        Store.open(path, create=True)


def test_someone_elses_sqlite_file_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "rota.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE shifts (id INTEGER PRIMARY KEY, who TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError) as err:
        Store.open(path)
    assert "not a handover database" in err.value.message
    assert tables_of(path) == {"shifts"}
