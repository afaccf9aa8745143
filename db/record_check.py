"""Checking the record chain (db/record.py): its seals, and the people, settings, audit, shift marks and
accepted handovers the tables hold against what the chain's entries rebuild, each difference in plain words:

    Young person #3's name was changed outside the board: the record says 'Jordan Mills', the table says
    'Casey Rowe'.

`check_record` is called by db/integrity.py inside its read snapshot, for the full check (every entry) or the
start-up check (the newest entries' seals and links, every entry about people and settings, and the newest
audit rows, shift marks and handovers), which costs the same however long the home has kept records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from db import chain, record
from db import converters as conv
from db.record import APPENDED, KEPT, Entry, Replayed, Row

Names = dict[int, str]

_KEPT_NOUN = {"young_people": "Young person", "staff": "Staff member"}
_APPENDED_NOUN = {"audit": "Audit entry", "shift_marks": "Shift mark", "handovers": "Accepted handover"}
_APPENDED_NOUNS = {"audit": "Audit entries", "shift_marks": "Shift marks", "handovers": "Accepted handovers"}
_FIELD_WORDS = {
    "arrived_at": "arrival date",
    "created_at": "date added",
    "pin": "PIN",
    "actor_id": "author",
    "young_person_id": "young person",
    "staff_id": "staff member",
    "by_id": "who marked it",
    "on_shift": "on or off shift",
    "accepted_by": "who accepted it",
    "shift_going_off": "shift going off",
    "shift_coming_on": "shift coming on",
}
_PEOPLE_FIELDS = {"actor_id", "staff_id", "by_id", "accepted_by"}


def when(text: Any, tz: tzinfo) -> str:
    """'27 Nov 2026 20:00' in the home's zone, or the text as it is when it is not a time."""
    try:
        local = conv.from_text(text).astimezone(tz)
    except (TypeError, ValueError):
        return str(text)
    return f"{local.day} {local:%b %Y %H:%M}"


def say(table: str, name: str, value: Any, names: Names, tz: tzinfo) -> str:
    """A stored value as a manager would read it in a report."""
    if value is None:
        return "nothing"
    if name == "active":
        return "current" if value else "left"
    if name == "pin":
        return "a PIN" if value else "no PIN"
    if name == "on_shift":
        return "on shift" if value else "off shift"
    if name == "role":
        return f"'{str(value).replace('-', ' ')}'"
    if name in _PEOPLE_FIELDS and isinstance(value, int):
        return names.get(value, f"staff member #{value}")
    if name in ("at", "arrived_at", "created_at", "shift_start", "shift_end"):
        return when(value, tz)
    text = str(value)
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"


def differences(table: str, expected: Row, found: Row, names: Names, tz: tzinfo) -> list[tuple[str, str, str]]:
    """(field in words, what the record says, what the table says) for each field that differs."""
    return [
        (_FIELD_WORDS.get(k, k.replace("_", " ")), say(table, k, v, names, tz), say(table, k, found.get(k), names, tz))
        for k, v in expected.items()
        if found.get(k) != v
    ]


def changed_sentence(who: str, diffs: list[tuple[str, str, str]], source: str = "the record") -> str:
    """ "X's name was changed outside the board: the record says 'A', the table says 'B'." (several fields: each
    named, separated by semicolons)."""
    fields = [d[0] for d in diffs]
    listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
    verb = "was" if len(fields) == 1 else "were"
    says = f"{source} {'say' if source.endswith('s') else 'says'}"
    if len(diffs) == 1:
        detail = f"{says} {diffs[0][1]}, the table says {diffs[0][2]}"
    else:
        detail = "; ".join(f"{f}: {says} {r}, the table says {t}" for f, r, t in diffs)
    return f"{who}'s {listed} {verb} changed outside the board: {detail}."


def _kept_who(table: str, key: str, row: Row | None, diffs: list[tuple[str, str, str]] | None = None) -> str:
    if table == "settings":
        return f"The setting '{key}'"
    who = f"{_KEPT_NOUN[table]} #{key}"
    if row is not None and not any(d[0] == "name" for d in diffs or ()):
        who += f" ({row.get('name')})"
    return who


def compare_kept(replayed: Replayed, conn: sqlite3.Connection, names: Names, tz: tzinfo) -> list[str]:
    """People and settings as the table holds them against the record's replay."""
    problems = []
    for table in KEPT:
        expected, found = replayed.rows[table], record.current_rows(conn, table)
        for key in sorted(expected.keys() | found.keys(), key=_order):
            want, have = expected.get(key), found.get(key)
            if want is not None and have is not None:
                if diffs := differences(table, want, have, names, tz):
                    if table == "settings":
                        problems.append(
                            f"The setting '{key}' was changed outside the board: the record says "
                            f"{diffs[0][1]}, the table says {diffs[0][2]}."
                        )
                    else:
                        problems.append(changed_sentence(_kept_who(table, key, want, diffs), diffs))
            elif want is None and have is not None:
                what = "setting" if table == "settings" else "such person"
                shown = f" ({say(table, 'value', have['value'], names, tz)})" if table == "settings" else ""
                problems.append(
                    f"{_kept_who(table, key, have)}{shown} was added outside the board: the record has no {what}."
                )
            elif want is not None:
                shown = f" ({say(table, 'value', want['value'], names, tz)})" if table == "settings" else ""
                problems.append(f"{_kept_who(table, key, want)}{shown} was removed outside the board.")
    return problems


def _order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)


def describe_row(table: str, key: str, row: Row, names: Names, tz: tzinfo) -> str:
    """'Audit entry #5 ('sign-in' by Sam Kell on 27 Nov 2026 20:00)'."""
    noun = f"{_APPENDED_NOUN[table]} #{key}"
    if table == "audit":
        actor = row.get("actor_id")
        who = names.get(actor, f"staff member #{actor}") if isinstance(actor, int) else "the board"
        return f"{noun} ('{row.get('action')}' by {who} on {when(row.get('at'), tz)})"
    if table == "shift_marks":
        person = _person(row.get("staff_id"), names)
        return f"{noun} ({person} {say(table, 'on_shift', row.get('on_shift'), names, tz)}, {when(row.get('at'), tz)})"
    person = _person(row.get("accepted_by"), names)
    return f"{noun} (accepted by {person} on {when(row.get('at'), tz)})"


def _person(value: Any, names: Names) -> str:
    return names.get(value, f"staff member #{value}") if isinstance(value, int) else "nobody named"


def compare_appended(
    table: str, expected: dict[str, Row], found: dict[str, Row], names: Names, tz: tzinfo
) -> list[str]:
    """Append-only rows the record copied (`expected`) against the table's rows with those ids (`found`);
    rows the table has beyond them are for the caller. Removed rows in a run are said once."""
    problems, removed = [], []
    for key in sorted(expected, key=_order):
        want, have = expected[key], found.get(key)
        if have is None:
            removed.append(key)
        elif diffs := differences(table, want, have, names, tz):
            problems.append(changed_sentence(describe_row(table, key, want, names, tz), diffs))
    if removed:
        first = describe_row(table, removed[0], expected[removed[0]], names, tz)
        if len(removed) == 1:
            problems.insert(0, f"{first} was removed outside the board.")
        else:
            ids = ", ".join(f"#{k}" for k in removed[:-1]) + f" and #{removed[-1]}"
            problems.insert(
                0,
                f"{_APPENDED_NOUNS[table]} {ids} were removed outside the board "
                f"(the first: {first.split(' (', 1)[1][:-1]}).",
            )
    return problems


def added_outside(table: str, rows: dict[str, Row], names: Names, tz: tzinfo) -> list[str]:
    return [
        f"{describe_row(table, key, row, names, tz)} was added outside the board: the record has no such entry."
        for key, row in sorted(rows.items(), key=lambda kv: _order(kv[0]))
    ]


def describe_entry(row: tuple[Any, ...], names: Names, tz: tzinfo) -> str:
    """'Record entry #12 (staff member #2 changed by Morgan Blake on 27 Nov 2026 20:00)'."""
    entry_id, at, actor_id, kind, subject_text = row[:5]
    table, key = record.split_subject(str(subject_text))
    about = {
        "young_people": f"young person #{key}",
        "staff": f"staff member #{key}",
        "settings": f"the setting '{key}'",
        **{t: f"{_APPENDED_NOUN[t].lower()} #{key}" for t in APPENDED},
    }.get(table, str(subject_text))
    what = {
        chain.BASELINE: "the starting point",
        chain.ADDED: f"{about} added",
        chain.CHANGED: f"{about} changed",
        chain.PIN_SET: f"a PIN set for {about}",
    }.get(str(kind), f"'{kind}' about {about}")
    by = f" by {names.get(actor_id, f'staff member #{actor_id}')}" if actor_id else ""
    return f"Record entry #{entry_id} ({what}{by} on {when(at, tz)})"


def check_record(
    conn: sqlite3.Connection, names: Names, tz: tzinfo, *, tail: int | None, problems: list[str]
) -> tuple[int, Replayed]:
    """The record chain's seals and links (all, or the newest `tail`), then the tables against its replay.
    Appends findings to `problems`; returns how many entries were re-sealed and the replay."""
    describe: Callable[[tuple[Any, ...]], str] = lambda row: describe_entry(row, names, tz)  # noqa: E731
    start = 0
    if tail is not None:
        # One entry before the window too, so the window's first link is checked as well.
        row = conn.execute("SELECT id FROM record_events ORDER BY id DESC LIMIT 1 OFFSET ?", (tail,)).fetchone()
        start = row[0] if row else 0
    window = conn.execute(f"SELECT {chain.RECORD_COLS} FROM record_events WHERE id >= ? ORDER BY id", (start,))
    rows = window.fetchall() if tail is not None else window
    sealed = 0

    def counted(it: Any) -> Any:
        nonlocal sealed
        for r in it:
            sealed += 1
            yield r

    problems.extend(
        chain.verify(counted(rows), chain.record_seal, describe, "Record entries", from_the_start=tail is None)
    )
    if tail is None:
        everything = conn.execute(f"SELECT {chain.RECORD_COLS} FROM record_events ORDER BY id")
        replayed = record.replay(record.entry(r) for r in everything)
    else:
        sql, params = record.kept_entries_sql()
        kept_rows = conn.execute(sql, params).fetchall()
        # Outside the window, each entry's own seal is still checked (its links are the full check's).
        for r in kept_rows:
            if r[0] < start and r[-1] and chain.record_seal(r) != r[-1]:
                problems.append(
                    f"{describe(r)} has been changed outside the board: its content no longer matches its seal."
                )
        replayed = record.replay(record.entry(r) for r in kept_rows)
    problems.extend(replayed.problems)
    if replayed.database is None:
        problems.append("The record's starting point (record entry #1) is missing: it was removed outside the board.")
    problems.extend(compare_kept(replayed, conn, names, tz))
    if tail is None:
        _compare_all_appended(conn, replayed, names, tz, problems)
    else:
        _compare_newest_appended(conn, [record.entry(r) for r in rows], replayed, names, tz, problems)
    return sealed, replayed


def _compare_all_appended(
    conn: sqlite3.Connection, replayed: Replayed, names: Names, tz: tzinfo, problems: list[str]
) -> None:
    for table in APPENDED:
        seal = replayed.sealed.get(table)
        through = seal.through if seal else 0
        found = {k: v for k, v in record.current_rows(conn, table).items() if _after(k, through)}
        expected = {k: v for k, v in replayed.rows[table].items() if _after(k, through)}
        problems.extend(compare_appended(table, expected, found, names, tz))
        problems.extend(added_outside(table, {k: v for k, v in found.items() if k not in expected}, names, tz))
        if seal is not None:
            count = conn.execute(f"SELECT count(*) FROM {table} WHERE id <= ?", (through,)).fetchone()[0]
            if count != seal.rows or record.rows_digest(conn, table, through) != seal.digest:
                problems.append(
                    f"{_APPENDED_NOUNS[table]} made before the record chain began (#1 to #{through}) were changed "
                    f"or removed outside the board: they no longer match the fingerprint taken then ({count} of "
                    f"{seal.rows} are there)."
                )


def _after(key: str, through: int) -> bool:
    # A key that is not a number was never written by the board: compared (and reported) like a new row.
    return not key.isdigit() or int(key) > through


def _compare_newest_appended(
    conn: sqlite3.Connection,
    window: list[Entry],
    replayed: Replayed,
    names: Names,
    tz: tzinfo,
    problems: list[str],
) -> None:
    """The rows the newest entries copied, against the table; and each table's newest row must be in the
    record (one look-up each through the subject index)."""
    for table in APPENDED:
        expected = {
            key: {c: e.payload.get(c) for c in APPENDED[table]}
            for e in window
            if e.kind == chain.ADDED
            and (key := record.split_subject(e.subject)[1])
            and e.subject.startswith(table + ":")
        }
        found = record.current_rows(conn, table, [int(k) for k in expected if k.isdigit()])
        problems.extend(compare_appended(table, expected, found, names, tz))
        newest = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        seal = replayed.sealed.get(table)
        if newest is None or (seal is not None and newest <= seal.through) or str(newest) in expected:
            continue
        known = conn.execute(
            "SELECT 1 FROM record_events WHERE subject = ? LIMIT 1", (record.subject(table, newest),)
        ).fetchone()
        if known is None:
            problems.extend(added_outside(table, record.current_rows(conn, table, [newest]), names, tz))
