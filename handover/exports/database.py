"""The whole database, for moving to another system: every table's rows from one consistent snapshot, as
one JSON document or a folder with one CSV file per table and a manifest with the row counts.

What is never exported: PIN hashes and everything else about PINs (every column named pin* or salt*: the
hash, its salt, the wrong-PIN count, the lock). A 4-digit PIN's hash falls to an offline search in minutes,
and the new system sets its own PINs. The manifest says so.

Files go through the one writer of documents (db.files): created 0600 (folders 0700) from the first byte,
whole or not at all (a full disk leaves nothing behind), never over an existing file or the database.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from db import converters as conv
from db.files import WRITTEN_MARK, open_private, private_folder_atomic, write_private_atomic
from db.store import Store
from handover.domain.errors import InvalidInput

AllFormat = Literal["json", "csv"]
Progress = Callable[[int, int], None]
"""Told (rows done, rows in all) as the export goes."""
Tick = Callable[[int], None]
"""Told how many more rows were written."""

_CHUNK = 1000
#: Columns never exported, in any table: PIN hashes, salts and the wrong-PIN count and lock.
SECRET_COLUMN = re.compile(r"^(pin|salt)", re.IGNORECASE)
LEFT_OUT = (
    "PIN hashes and every other column about PINs (named pin* or salt*) are never exported: "
    "set each person's PIN again in the new system."
)


def export_all(
    store: Store,
    fmt: AllFormat,
    out: Path,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    refuse: Iterable[Path] = (),
) -> Path:
    """Every table's rows but the secret columns (SECRET_COLUMN), read in ONE snapshot (boards may go on
    writing meanwhile), into `out`: a new JSON file, or a new folder of CSV files (one per table, plus
    manifest.json with the row counts to check the import against). `progress(done, total)` is called as
    rows are written. Refuses an existing `out`, the store's own database and any in `refuse`."""
    out = Path(out)
    if fmt not in ("json", "csv"):
        raise InvalidInput(f"Cannot export everything as '{fmt}': choose json or csv.")
    # Never overwrite: a new file, or (for CSV) a new or empty folder.
    if out.exists() and not (fmt == "csv" and out.is_dir() and not any(out.iterdir())):
        raise InvalidInput(f"{out} already exists. Nothing was written: choose a new name, so nothing is overwritten.")
    databases = [store.path, *refuse]
    conn = store.db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one read snapshot for every table
    try:
        tables = [
            r["name"]
            for r in store.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {t: store.rows(f'SELECT count(*) AS n FROM "{t}"')[0]["n"] for t in tables}
        total, done = sum(counts.values()), 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        manifest = {
            "kind": "handover: the whole database",
            "format_version": 1,
            "home": store.settings().home_name if "settings" in tables else None,
            "made_at": conv.to_text(now) if now else None,
            "rows": counts,
            "left_out": LEFT_OUT,
        }
        if fmt == "json":
            write_private_atomic(
                out, _all_json(conn, tables, manifest, tick), refuse=databases, replace=False, what="the export"
            )
        else:
            with private_folder_atomic(out, refuse=databases) as folder:
                _all_csv(conn, tables, folder, manifest, tick)
    finally:
        if own:
            conn.execute("COMMIT")
    return out.absolute()


def _chunks(conn: Any, table: str) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    kept = [c for c in columns if not SECRET_COLUMN.match(c)]
    listed = ", ".join(f'"{c}"' for c in kept) or "NULL"
    cursor = conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid')

    def rows() -> Iterator[list[tuple[Any, ...]]]:
        while batch := cursor.fetchmany(_CHUNK):
            yield batch

    return kept, rows()


def _all_json(conn: Any, tables: list[str], manifest: dict[str, Any], tick: Tick) -> Iterator[str]:
    # Streamed table by table (into the writer's temporary file), so five years of a large home never has to
    # sit in memory at once.
    yield "{\n" + f'"generator": {json.dumps(WRITTEN_MARK)},\n"export": ' + json.dumps(manifest, ensure_ascii=False)
    yield ',\n"tables": {'
    for t_index, table in enumerate(tables):
        columns, batches = _chunks(conn, table)
        yield ("," if t_index else "") + f'\n{json.dumps(table)}: {{"columns": {json.dumps(columns)}, "rows": ['
        first = True
        for batch in batches:
            lines = []
            for row in batch:
                record = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
                lines.append(("" if first else ",") + "\n  " + record)
                first = False
            yield "".join(lines)
            tick(len(batch))
        yield "\n]}"
    yield "\n}\n}\n"


def _all_csv(conn: Any, tables: list[str], folder: Path, manifest: dict[str, Any], tick: Tick) -> None:
    # `folder` is the writer's new private folder, renamed into place only once every file in it is whole (and
    # removed with them if anything fails), so each file is simply created in it 0600.
    for table in tables:
        columns, batches = _chunks(conn, table)
        with open_private(folder / f"{table}.csv") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for batch in batches:
                writer.writerows(batch)
                tick(len(batch))
    with open_private(folder / "manifest.json") as f:
        f.write(json.dumps({"generator": WRITTEN_MARK, **manifest}, indent=2, ensure_ascii=False) + "\n")
