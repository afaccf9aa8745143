"""The whole database, for moving to another system: every table's rows from one consistent snapshot, as
one JSON document or a folder with one CSV file per table and a manifest with the row counts.

Files are created 0600 (folders 0700) and never overwrite anything (db.files.open_private).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from db import converters as conv
from db.files import open_private, secure_dir
from db.store import Store
from handover.domain.errors import InvalidInput

AllFormat = Literal["json", "csv"]
Progress = Callable[[int, int], None]
"""Told (rows done, rows in all) as the export goes."""
Tick = Callable[[int], None]
"""Told how many more rows were written."""

_CHUNK = 1000


def export_all(
    store: Store,
    fmt: AllFormat,
    out: Path,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> Path:
    """Every table's rows, read in ONE snapshot (boards may go on writing meanwhile), into `out`: a new JSON
    file, or a new folder of CSV files (one per table, plus manifest.json with the row counts to check the
    import against). `progress(done, total)` is called as rows are written. Refuses an existing `out`."""
    out = Path(out)
    if fmt not in ("json", "csv"):
        raise InvalidInput(f"Cannot export everything as '{fmt}': choose json or csv.")
    # Never overwrite: a new file, or (for CSV) a new or empty folder.
    if out.exists() and not (fmt == "csv" and out.is_dir() and not any(out.iterdir())):
        raise InvalidInput(f"{out} already exists. Nothing was written: choose a new name, so nothing is overwritten.")
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
        }
        if fmt == "json":
            _all_json(conn, tables, out, manifest, tick)
        else:
            _all_csv(conn, tables, out, manifest, tick)
    finally:
        if own:
            conn.execute("COMMIT")
    return out


def _chunks(conn: Any, table: str) -> tuple[list[str], Any]:
    cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    columns = [d[0] for d in cursor.description]

    def rows() -> Any:
        while batch := cursor.fetchmany(_CHUNK):
            yield batch

    return columns, rows()


def _all_json(conn: Any, tables: list[str], out: Path, manifest: dict[str, Any], tick: Tick) -> None:
    # Streamed table by table, so five years of a large home never has to sit in memory at once.
    with open_private(out) as f:
        f.write('{\n"export": ' + json.dumps(manifest, ensure_ascii=False) + ',\n"tables": {')
        for t_index, table in enumerate(tables):
            columns, batches = _chunks(conn, table)
            f.write(("," if t_index else "") + f'\n{json.dumps(table)}: {{"columns": {json.dumps(columns)}, "rows": [')
            first = True
            for batch in batches:
                for row in batch:
                    f.write(
                        ("" if first else ",")
                        + "\n  "
                        + json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
                    )
                    first = False
                tick(len(batch))
            f.write("\n]}")
        f.write("\n}\n}\n")


def _all_csv(conn: Any, tables: list[str], out: Path, manifest: dict[str, Any], tick: Tick) -> None:
    secure_dir(out)
    for table in tables:
        columns, batches = _chunks(conn, table)
        with open_private(out / f"{table}.csv") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for batch in batches:
                writer.writerows(batch)
                tick(len(batch))
    with open_private(out / "manifest.json") as f:
        f.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
