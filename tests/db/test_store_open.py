"""Opening a database that is up to date is one query, without sqlite-utils (the board's start path)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from db.schema import migrations
from db.store import SCHEMA_MIGRATIONS, Store

ROOT = Path(__file__).resolve().parents[2]


def test_the_fast_check_names_every_migration_of_the_schema() -> None:
    import sqlite_utils

    every = [m.name for m in migrations.pending(sqlite_utils.Database(sqlite3.connect(":memory:")))]
    assert list(SCHEMA_MIGRATIONS) == every, "db/schema.py has a migration db/store.py does not know about"


def test_opening_and_reading_an_up_to_date_database_does_not_import_sqlite_utils(store: Store, home: object) -> None:
    code = (
        "import sys; from db.store import Store;"
        f"s = Store.open({str(store.path)!r}); s.board(); s.close();"
        "print([m for m in sys.modules if m.startswith('sqlite_utils')])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_database_missing_a_migration_is_migrated_on_open(tmp_path: Path) -> None:
    from db.connection import connect

    path = tmp_path / "old.db"
    db = connect(path, create=True)
    migrations.apply(db, stop_before="m003_shift_of_a_mark")
    db.close()
    store = Store.open(path)
    try:
        applied = [row[0] for row in store.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert applied == list(SCHEMA_MIGRATIONS)
    finally:
        store.close()


def test_the_sqlite_utils_view_shares_the_connection(store: Store) -> None:
    assert store.db.conn is store.conn
