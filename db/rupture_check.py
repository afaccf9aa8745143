"""Layers 2 and 3 of the check (db/integrity.py): the chain over rupture events, and each rupture's current row
against a replay of its events by the rule the board writes with (domain.lifecycle.apply), with its version and
its references. Differences are named in plain words, as a manager would say them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from itertools import groupby
from typing import TYPE_CHECKING, Any

from db import chain, record_check
from db import converters as conv
from handover.domain import lifecycle
from handover.domain.describe import passive
from handover.domain.enums import EventKind
from handover.domain.errors import HandoverError
from handover.domain.models import Event, NewRupture, Rupture

if TYPE_CHECKING:
    from db.integrity import CheckReport

_EVENT_COLS = "id, rupture_id, at, actor_id, kind, payload, prev_hash, hash"
OPEN_STATUSES = "('open', 'planned', 'attempted')"
_RUPTURE_SELECT = (
    "SELECT r.*, (SELECT group_concat(staff_id) FROM "
    "(SELECT staff_id FROM rupture_adults a WHERE a.rupture_id = r.id ORDER BY a.rowid)) AS adult_ids "
    "FROM ruptures r"
)

#: Column names as a manager would say them.
_FIELD_WORDS = {
    "what_happened": "account of what happened",
    "owner_id": "owner",
    "occurred_at": "time it happened",
    "recorded_at": "time it was recorded",
    "recorded_by": "who recorded it",
    "young_person_id": "young person",
    "updated_at": "time of the last change",
    "updated_by": "who changed it last",
    "incident_ref": "incident reference",
    "adult_ids": "adults involved",
    "reg35_done": "reg 35 clocks",
    "next_step_due": "next step's time",
    "awaiting_acceptance": "waiting for acceptance",
}


def describe_event(row: tuple[Any, ...], names: dict[int, str], tz: tzinfo) -> str:
    """'Entry #412 (rupture #87, repaired by Sam Kell on 3 Nov 2026 14:05)', from the row as it now reads."""
    event_id, rupture_id, at, actor_id, kind = row[:5]
    who = names.get(actor_id, f"staff member #{actor_id}")
    return f"Entry #{event_id} (rupture #{rupture_id}, {passive(kind)} by {who} on {record_check.when(at, tz)})"


def check_events(
    conn: sqlite3.Connection, report: CheckReport, names: dict[int, str], tz: tzinfo, tail: int | None
) -> set[int]:
    """The events chain, whole or its newest `tail` entries; returns the ruptures those newest entries belong to."""
    start = 0
    if tail is not None:
        # One entry before the window too, so the window's first link is checked as well.
        row = conn.execute("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?", (tail,)).fetchone()
        start = row[0] if row else 0
    touched: set[int] = set()

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in conn.execute(f"SELECT {_EVENT_COLS} FROM events WHERE id >= ? ORDER BY id", (start,)):
            report.events += 1
            if tail is not None:
                touched.add(row[1])
            yield row

    report.problems.extend(
        chain.verify(
            rows(), chain.event_seal, lambda r: describe_event(r, names, tz), "Entries", from_the_start=tail is None
        )
    )
    return touched


def check_versions(conn: sqlite3.Connection, report: CheckReport) -> None:
    # Every step adds exactly one entry and one version, so they must agree.
    rows = conn.execute(
        "SELECT r.id, r.version, (SELECT count(*) FROM events e WHERE e.rupture_id = r.id) AS n "
        "FROM ruptures r WHERE r.version != n ORDER BY r.id"
    ).fetchall()
    for rupture_id, version, count in rows:
        report.problems.append(
            f"Rupture #{rupture_id} should have {version} entries but has {count}: "
            + ("entries are missing." if count < version else "entries were added outside the board.")
        )


def check_current_rows(
    conn: sqlite3.Connection, report: CheckReport, names: dict[int, str], tz: tzinfo, ids: list[int] | None
) -> None:
    """Rebuild each rupture (or those in `ids`) from its entries and compare it with its row. For a chosen few
    (the start-up check), each entry's own seal is checked too, since its links may lie outside the window."""
    if ids is not None and not ids:
        return
    where = "" if ids is None else f" WHERE r.id IN ({','.join(map(str, ids))})"
    cursor = conn.execute(_RUPTURE_SELECT + where + " ORDER BY r.id")
    cols = [d[0] for d in cursor.description]
    stored = {row[0]: dict(zip(cols, row, strict=True)) for row in cursor.fetchall()}
    event_where = "" if ids is None else f" WHERE rupture_id IN ({','.join(map(str, ids))})"
    rows = conn.execute(f"SELECT {_EVENT_COLS} FROM events{event_where} ORDER BY rupture_id, id")
    seen: set[int] = set()
    for rupture_id, group in groupby(rows, key=lambda r: r[1]):
        seen.add(rupture_id)
        entries = list(group)
        row = stored.get(rupture_id)
        if row is None:
            if ids is not None:  # the full check's reference check says this for every rupture at once
                report.problems.append(
                    f"Rupture #{rupture_id} was removed outside the board: its {len(entries)} entries are still there."
                )
            continue
        report.ruptures += 1
        if ids is not None:
            for r in entries:
                if r[-1] and chain.event_seal(r) != r[-1]:
                    report.problems.append(
                        f"{describe_event(r, names, tz)} has been changed outside the board: "
                        "its content no longer matches its seal."
                    )
        if ids is not None and row["version"] != len(entries):
            report.problems.append(
                f"Rupture #{rupture_id} should have {row['version']} entries but has {len(entries)}: "
                + ("entries are missing." if len(entries) < row["version"] else "entries were added outside the board.")
            )
        try:
            rebuilt = replay(_event(r) for r in entries)
        except (HandoverError, ValueError, KeyError, TypeError) as exc:
            report.problems.append(f"Rupture #{rupture_id}'s entries cannot be followed in order ({exc}).")
            continue
        if diffs := _rupture_differences(rebuilt, row, names, tz):
            report.problems.append(record_check.changed_sentence(f"Rupture #{rupture_id}", diffs, "its entries"))
    if ids is not None:
        for rupture_id in sorted(set(ids) - seen):
            if rupture_id in stored:
                report.problems.append(f"Rupture #{rupture_id} has no entries: they were removed outside the board.")
            else:
                report.problems.append(
                    f"Rupture #{rupture_id} was removed outside the board, with all its entries: it was open when "
                    "this PC last checked the record."
                )


def _rupture_differences(
    rebuilt: Rupture, row: dict[str, Any], names: dict[int, str], tz: tzinfo
) -> list[tuple[str, str, str]]:
    # Compared as stored text: the converters write one fixed form, so equal state means equal text.
    expected = conv.rupture_row(rebuilt)
    differs = [k for k, v in expected.items() if row[k] != v and not _unset_since_m002(k, row)]
    found = [(k, expected[k], row[k]) for k in differs]
    adults = ",".join(map(str, rebuilt.adult_ids))
    if adults != (row["adult_ids"] or ""):
        found.append(("adult_ids", adults, row["adult_ids"] or ""))
    return [
        (_FIELD_WORDS.get(k, k.replace("_", " ")), _say(k, a, names, tz), _say(k, b, names, tz)) for k, a, b in found
    ]


def _say(column: str, value: Any, names: dict[int, str], tz: tzinfo) -> str:
    if value is None or value == "":
        return "nothing"
    if column in ("owner_id", "recorded_by", "updated_by"):
        return names.get(value, f"staff member #{value}")
    if column == "adult_ids":
        return ", ".join(names.get(int(i), f"staff member #{i}") for i in str(value).split(",") if i)
    if column == "young_person_id":
        return f"young person #{value}"
    if column.endswith("_at") or column == "next_step_due":
        return record_check.when(value, tz)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"


#: Columns m002 added with an empty default: a database made before it holds them empty for ruptures
#: whose steps came earlier, so an empty one is not a sign of tampering (a wrong non-empty one is).
_ADDED_EMPTY = {"next_step": None, "next_step_due": None, "awaiting_acceptance": 0}


def _unset_since_m002(column: str, row: dict[str, Any]) -> bool:
    return column in _ADDED_EMPTY and row[column] == _ADDED_EMPTY[column]


def _event(row: tuple[Any, ...]) -> Event:
    # Built straight from the columns: 100,000 entries in a five-year home make this the slow part, and the
    # fields are exactly what the converters wrote (a bad one fails in replay, and is reported).
    event_id, rupture_id, at, actor_id, kind, payload = row[:6]
    return Event(
        id=event_id,
        rupture_id=rupture_id,
        at=conv.from_text(at),
        actor_id=actor_id,
        kind=EventKind(kind),
        payload=json.loads(payload),
    )


def replay(events: Iterable[Event]) -> Rupture:
    """A rupture's state rebuilt from its entries, oldest first, by the same rule the board writes with."""
    it = iter(events)
    first = next(it)
    if first.kind is not EventKind.RECORDED:
        raise ValueError(f"its first entry #{first.id} is '{first.kind.value}', not its recording")
    rupture = Rupture(
        id=first.rupture_id,
        recorded_at=first.at,
        recorded_by=first.actor_id,
        updated_at=first.at,
        updated_by=first.actor_id,
        **NewRupture.from_recording(first.payload).fields(),
    )
    for event in it:
        rupture = lifecycle.apply(rupture, event.kind, event.at, event.actor_id, event.payload)
    return rupture


def check_references(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if rows:
        table, rowid, parent = rows[0][0], rows[0][1], rows[0][2]
        report.problems.append(
            f"{len(rows)} row(s) point to records that do not exist (first: {table} row {rowid} names a "
            f"missing {parent} row): something was removed outside the board."
        )
