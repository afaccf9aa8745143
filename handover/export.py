"""Exports: everything recorded about one young person (a subject access request), or the whole database.

`export_young_person` writes a document a care-experienced adult could be given years later: a plain
introduction (what this is, that entries are the adults' accounts, how to ask for a correction), then every
rupture with all its details and every entry with its author and time. A correction is shown under what it
corrects, and the words first written stay visible above it. JSON holds the same, complete and exact
(stored values and seals), for another system or a solicitor's tools.

`export_all` writes every table's rows from one consistent snapshot, for moving to another system: one JSON
document, or a folder with one CSV per table and a manifest with the row counts.

Files are created 0600 and never overwrite anything (db.files.open_private).
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Literal

from db import converters as conv
from db.audit import AuditEntry, entries
from db.files import open_private, secure_dir
from db.store import Store
from handover.domain.enums import EndReason, EventKind, RuptureKind, Status
from handover.domain.errors import InvalidInput, NotFound
from handover.domain.models import Event, Rupture
from handover.domain.reg35 import Reg35Clock

PersonFormat = Literal["html", "md", "json"]
AllFormat = Literal["json", "csv"]
Progress = Callable[[int, int], None]

AMEND_MARK = "✎"
ACCESS_HEADING = "Exports and other actions on this record (from the audit trail)"


def when_text(at: datetime, tz: tzinfo) -> str:
    """'Fri 27 Nov 2026 20:00' in the home's zone: always with the year, as records are read years later."""
    return at.astimezone(tz).strftime("%a %d %b %Y %H:%M")


# -- gathering: one plain structure, rendered three ways ------------------------------------------------
@dataclass
class Correction:
    event: Event
    who: str
    when: str


@dataclass
class Item:
    """One entry of a rupture's timeline as it reads: who, when, what, its details and its corrections."""

    event: Event
    who: str
    when: str
    action: str
    details: list[tuple[str, str]] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


@dataclass
class RuptureRecord:
    rupture: Rupture
    facts: list[tuple[str, str]]
    first_written: str
    corrections: list[Correction]
    items: list[Item]
    seals: dict[int, str]


@dataclass
class PersonRecord:
    home: str
    person: dict[str, Any]
    generated: datetime | None
    tz: tzinfo
    ruptures: list[RuptureRecord]
    access: list[AuditEntry]
    names: dict[int, str]


def _payload_time(value: object, tz: tzinfo) -> str:
    try:
        return when_text(datetime.fromisoformat(str(value)), tz)
    except ValueError:
        return str(value)


def _item(event: Event, names: dict[int, str], tz: tzinfo, young: str) -> Item:
    p = dict(event.payload)
    who = names.get(event.actor_id, f"staff member #{event.actor_id}")
    item = Item(event, who, when_text(event.at, tz), event.kind.value.replace("-", " "))

    def take(key: str, label: str, as_time: bool = False, as_name: bool = False) -> None:
        value = p.pop(key, None)
        if value in (None, "") and not as_name:
            return
        if as_name:
            text = "nobody" if value is None else names.get(int(value), f"staff member #{value}")
        else:
            text = _payload_time(value, tz) if as_time else str(value)
        item.details.append((label, text))

    match event.kind:
        case EventKind.RECORDED:
            item.action = "recorded the rupture"
            p.clear()  # its fields are the rupture's details, shown above the timeline
        case EventKind.ASSIGNED:
            owner = p.pop("owner_id", None)
            if owner is None:
                item.action = "left the repair with nobody (unowned)"
            elif owner == event.actor_id:
                item.action = "took on the repair"
            else:
                item.action = f"gave the repair to {names.get(owner, f'staff member #{owner}')}"
            take("previous_owner_id", "Before, it was with", as_name=True)
            take("reason", "Why")
        case EventKind.PLANNED:
            item.action = "planned the repair"
            take("plan", "Plan")
            take("by_when", "By", as_time=True)
        case EventKind.ATTEMPTED:
            item.action = "tried to repair it; it did not happen yet"
            take("note", "What happened")
            take("next_try", "Will try again", as_time=True)
        case EventKind.REPAIRED:
            item.action = "repaired it"
            take("note", "What was said")
            take("response", f"How {_first(young)} responded")
        case EventKind.REOPENED:
            item.action = "reopened it: the repair had not held"
            take("reason", "Why")
        case EventKind.ENDED:
            item.action = "ended it without a repair"
            reason = p.pop("reason", "")
            try:
                item.details.append(("Reason", EndReason(reason).label))
            except ValueError:
                item.details.append(("Reason", str(reason)))
            take("note", "Note")
        case EventKind.ACCEPTED:
            item.action = "accepted the repair"
            take("note", "Note")
        case EventKind.CLOCK_TICKED:
            item.action = "ticked off a reg 35 clock"
            item.details.append(("Clock", _clock_label(str(p.pop("clock", "")))))
            take("note", "Note")
        case EventKind.AMENDED:
            item.action = "corrected an entry"
            for key in ("field", "event_id"):
                p.pop(key, None)
            take("old", "Was")
            take("new", "Now reads")
            take("reason", "Why")
    # Anything else in the entry is shown as it is: an export never leaves out part of the record.
    item.details += [(k.replace("_", " ").capitalize(), json.dumps(v, ensure_ascii=False)) for k, v in p.items()]
    return item


def _owner(r: Rupture, names: dict[int, str]) -> str:
    if r.owner_id is None:
        return "nobody yet"
    name = names.get(r.owner_id, f"staff member #{r.owner_id}")
    return f"{name} (handed on, not yet accepted)" if r.awaiting_acceptance else name


def _clock_label(value: str) -> str:
    try:
        return Reg35Clock(value).label
    except ValueError:
        return value


def _rupture_record(store: Store, r: Rupture, names: dict[int, str], tz: tzinfo, young: str) -> RuptureRecord:
    rows = store.rows("SELECT id, hash FROM events WHERE rupture_id = ? ORDER BY id", (r.id,))
    events = sorted(store.events(r.id), key=lambda e: (e.at, e.id or 0))
    by_id = {e.id: e for e in events if e.kind is not EventKind.AMENDED}
    recorded = next((e for e in events if e.kind is EventKind.RECORDED), None)

    def correction(e: Event) -> Correction:
        return Correction(e, names.get(e.actor_id, f"staff member #{e.actor_id}"), when_text(e.at, tz))

    what_fixes = [e for e in events if e.kind is EventKind.AMENDED and e.payload.get("field") == "what_happened"]
    first = str(recorded.payload.get("what_happened", "")) if recorded else ""
    if not first:
        first = str(what_fixes[0].payload.get("old", "")) if what_fixes else r.what_happened
    items: dict[int | None, Item] = {}
    ordered: list[Item] = []
    for e in events:
        if e.kind is EventKind.AMENDED:
            if e in what_fixes:
                continue  # shown with "what happened" itself
            target = e.payload.get("event_id")
            if target in by_id and target in items:
                items[target].corrections.append(correction(e))
                continue
        item = _item(e, names, tz, young)
        items[e.id] = item
        ordered.append(item)
    facts = [
        ("When it happened", when_text(r.occurred_at, tz)),
        ("Recorded", f"{when_text(r.recorded_at, tz)} by {names.get(r.recorded_by, '?')}"),
        ("Kind", RuptureKind(r.kind).description),
        ("Severity", r.severity.value),
        ("Adults involved", ", ".join(names.get(a, f"staff member #{a}") for a in r.adult_ids)),
        ("Owner of the repair (the adult who starts it)", _owner(r, names)),
        ("Where it stands", Status(r.status).label + (" (not repaired yet)" if r.status.is_open else "")),
    ]
    if r.incident_ref:
        facts.append(("Incident record", r.incident_ref))
    if r.next_step and r.status.is_open:
        due = f" (by {when_text(r.next_step_due, tz)})" if r.next_step_due else ""
        facts.append(("Next step", r.next_step + due))
    if r.reg35_done:
        facts.append(("Reg 35 clocks met", ", ".join(_clock_label(c) for c in r.reg35_done)))
    seals = {row["id"]: row["hash"] for row in rows}
    return RuptureRecord(r, facts, first, [correction(e) for e in what_fixes], ordered, seals)


def gather(store: Store, young_person_id: int, tz: tzinfo, now: datetime | None = None) -> PersonRecord:
    """Everything held about one young person (leavers included), in the order it happened."""
    found = store.rows("SELECT * FROM young_people WHERE id = ?", (young_person_id,))
    if not found:
        raise NotFound(f"There is no young person #{young_person_id}.")
    person = found[0]
    names = {s.id: s.name for s in store.staff()}
    rows = store.rows(
        "SELECT r.*, (SELECT group_concat(staff_id) FROM (SELECT staff_id FROM rupture_adults a "
        "WHERE a.rupture_id = r.id ORDER BY a.rowid)) AS adult_ids FROM ruptures r "
        "WHERE r.young_person_id = ? ORDER BY r.occurred_at, r.id",
        (young_person_id,),
    )
    ruptures = [_rupture_record(store, conv.rupture(row), names, tz, person["name"]) for row in rows]
    access = [e for e in entries(store, young_person_id=young_person_id) if e.source == "audit"]
    return PersonRecord(store.settings().home_name, person, now, tz, ruptures, access, names)


def export_young_person(
    store: Store, young_person_id: int, fmt: PersonFormat, tz: tzinfo, *, now: datetime | None = None
) -> str:
    """Everything recorded about one young person as an HTML page, Markdown or JSON text.
    `now` (when given) is printed as the time the document was made."""
    conn = store.db.conn
    own = not conn.in_transaction
    if own:  # one snapshot, so a board writing meanwhile cannot leave the document half old, half new
        conn.execute("BEGIN")
    try:
        record = gather(store, young_person_id, tz, now)
    finally:
        if own:
            conn.execute("COMMIT")
    renderers = {"html": _html, "md": _markdown, "json": _json}
    if fmt not in renderers:
        raise InvalidInput(f"Cannot export as '{fmt}': choose html, md or json.")
    return renderers[fmt](record)


# -- words shared by the readable formats ----------------------------------------------------------------
def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def _intro(rec: PersonRecord) -> list[str]:
    name, home = rec.person["name"], rec.home
    first = _first(name)
    return [
        f"This is everything the repair board at {home} recorded about {name}. The board is where the adults "
        f"caring for {first} wrote down each time a relationship between {first} and one of them was strained "
        'or broken (a "rupture": a harsh word, a broken promise, a sanction that landed badly, a restraint) '
        'and what the adult did to put it right (the "repair"). Starting a repair is the adult\'s job, never '
        "the young person's.",
        "The entries are the adults' own accounts, written at the time. They say what those adults saw, did "
        f"and said. They are not the whole story, and they may not be how {first} remembers it.",
        "Nothing on the board is ever deleted. When an adult corrected something they had written, the "
        "correction is shown under what they first wrote, with who corrected it, when and why; the first "
        "words are kept too.",
        "Serious incidents (such as a restraint) also have a record in the home's own incident system; the "
        "reference is given here where one was written down.",
        f"If something here is wrong or missing, you can ask {home} to correct it or to add your own account: "
        "write to the registered manager, and quote the entry numbers (#). A correction is added to the record "
        "beside what it corrects; nothing is taken away.",
    ]


def _heading(rec: PersonRecord, r: RuptureRecord, n: int) -> str:
    return f"Rupture {n} of {len(rec.ruptures)} (#{r.rupture.id}): {when_text(r.rupture.occurred_at, rec.tz)}"


def _made(rec: PersonRecord) -> str:
    made = f"Made on {when_text(rec.generated, rec.tz)}. " if rec.generated else ""
    return f"{made}Times are in the home's time zone ({rec.tz})."


def _span(rec: PersonRecord) -> str:
    if not rec.ruptures:
        return "No ruptures were recorded."
    first, last = rec.ruptures[0].rupture.occurred_at, rec.ruptures[-1].rupture.occurred_at
    return f"Ruptures recorded: {len(rec.ruptures)}, from {when_text(first, rec.tz)} to {when_text(last, rec.tz)}."


def _access_line(e: AuditEntry, tz: tzinfo) -> str:
    return f"{when_text(e.at, tz)}: {e.actor or 'the board itself'} {e.what}"


# -- Markdown ------------------------------------------------------------------------------------------
def _md(text: object) -> str:
    # A typed "<" would start an HTML tag when the Markdown is rendered, and the words after it would vanish.
    return str(text).replace("<", "\\<")


def _quote(text: str) -> list[str]:
    return [f"> {_md(line)}" if line else ">" for line in text.splitlines() or [""]]


def _markdown(rec: PersonRecord) -> str:
    name = rec.person["name"]
    out = [f"# The record of {name} at {rec.home}", "", _made(rec), "", "## About this record", ""]
    for para in _intro(rec):
        out += [para, ""]
    out += [_span(rec), ""]
    for n, r in enumerate(rec.ruptures, 1):
        out += [f"## {_heading(rec, r, n)}", ""]
        out += [f"- {label}: {_md(value)}" for label, value in r.facts] + [""]
        out += ["What happened, as first written:", ""] + _quote(r.first_written) + [""]
        for c in r.corrections:
            out += [f"{AMEND_MARK} Corrected on {c.when} by {c.who} (entry #{c.event.id}). Now reads:", ""]
            out += _quote(str(c.event.payload.get("new", ""))) + [""]
            out += [f"Why: {_md(c.event.payload.get('reason', ''))}", ""]
        out += ["### Entries", ""]
        for n_item, item in enumerate(r.items, 1):
            out.append(f"{n_item}. **{item.when}, {item.who}** {item.action} (entry #{item.event.id})")
            out += [f"    - {label}: {_md(value)}" for label, value in item.details]
            for c in item.corrections:
                out.append(f"    - {AMEND_MARK} Corrected on {c.when} by {c.who} (entry #{c.event.id})")
                out.append(f"      - Now reads: {_md(c.event.payload.get('new', ''))}")
                out.append(f"      - Why: {_md(c.event.payload.get('reason', ''))}")
        out.append("")
    if rec.access:
        out += [f"## {ACCESS_HEADING}", ""]
        out += [f"- {_md(_access_line(e, rec.tz))}" for e in rec.access] + [""]
    return "\n".join(out)


# -- HTML ----------------------------------------------------------------------------------------------
_CSS = """
body { font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
.intro { background: #f4f4f0; padding: 0.5em 1em; border-radius: 4px; }
blockquote { margin: 0.5em 0; padding: 0.25em 1em; border-left: 4px solid #999; white-space: pre-wrap; }
.correction { margin: 0.5em 0 0.5em 1.5em; padding-left: 0.75em; border-left: 4px solid #c90; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; }
ol.entries > li { margin-bottom: 0.75em; }
@media print { article { break-inside: avoid-page; } }
""".strip()


def _dl(pairs: list[tuple[str, str]], cls: str = "facts") -> str:
    inner = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs)
    return f'<dl class="{cls}">{inner}</dl>' if pairs else ""


def _html_correction(c: Correction, *, with_text: bool = True) -> str:
    head = f"{AMEND_MARK} Corrected on {c.when} by {c.who} (entry #{c.event.id})"
    new = c.event.payload.get("new", "")
    body = f"<p>Now reads:</p><blockquote>{html.escape(str(new))}</blockquote>" if with_text else ""
    why = f"<p>Why: {html.escape(str(c.event.payload.get('reason', '')))}</p>"
    return f'<div class="correction"><p><strong>{html.escape(head)}</strong></p>{body}{why}</div>'


def _html(rec: PersonRecord) -> str:
    e = html.escape
    name = rec.person["name"]
    title = f"The record of {name} at {rec.home}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{e(title)}</title><style>\n{_CSS}\n</style></head>',
        "<body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(_made(rec))}</p>",
        '<section class="intro"><h2>About this record</h2>',
        *(f"<p>{e(p)}</p>" for p in _intro(rec)),
        "</section>",
        f"<p>{e(_span(rec))}</p>",
    ]
    for n, r in enumerate(rec.ruptures, 1):
        parts.append(f'<article id="rupture-{r.rupture.id}"><h2>{e(_heading(rec, r, n))}</h2>')
        parts.append(_dl(r.facts))
        parts.append(f"<h3>What happened, as first written</h3><blockquote>{e(r.first_written)}</blockquote>")
        parts += [_html_correction(c) for c in r.corrections]
        parts.append('<h3>Entries</h3><ol class="entries">')
        for item in r.items:
            head = f"<strong>{e(item.when)}, {e(item.who)}</strong> {e(item.action)} (entry #{item.event.id})"
            corrections = "".join(_html_correction(c) for c in item.corrections)
            parts.append(f'<li id="entry-{item.event.id}"><p>{head}</p>{_dl(item.details, "facts")}{corrections}</li>')
        parts.append("</ol></article>")
    if rec.access:
        parts.append(f"<section><h2>{e(ACCESS_HEADING)}</h2><ul>")
        parts += [f"<li>{e(_access_line(a, rec.tz))}</li>" for a in rec.access]
        parts.append("</ul></section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# -- JSON ----------------------------------------------------------------------------------------------
def _json(rec: PersonRecord) -> str:
    ruptures, referenced = [], {a.actor_id for a in rec.access if a.actor_id is not None}
    for r in rec.ruptures:
        ru = r.rupture
        # Every entry once, in the order written, corrections included (the readable formats group them).
        every = [i.event for i in r.items] + [c.event for c in r.corrections]
        every += [c.event for i in r.items for c in i.corrections]
        every.sort(key=lambda ev: ev.id or 0)
        referenced |= {ru.recorded_by, ru.updated_by, *ru.adult_ids, *(ev.actor_id for ev in every)}
        referenced |= {ru.owner_id} if ru.owner_id is not None else set()
        for ev in every:
            referenced |= {v for k, v in ev.payload.items() if k.endswith("owner_id") and isinstance(v, int)}
        ruptures.append(
            {
                "id": ru.id,
                **conv.rupture_row(ru),
                "adult_ids": list(ru.adult_ids),
                "awaiting_acceptance": ru.awaiting_acceptance,
                "reg35_done": list(ru.reg35_done),
                "what_happened_first_written": r.first_written,
                "events": [
                    {
                        "id": ev.id,
                        "at": conv.to_text(ev.at),
                        "actor_id": ev.actor_id,
                        "kind": ev.kind.value,
                        "payload": ev.payload,
                        "seal": r.seals.get(ev.id or 0),
                    }
                    for ev in every
                ],
            }
        )
    document = {
        "export": {
            "kind": "subject access: everything recorded about one young person",
            "format_version": 1,
            "home": rec.home,
            "made_at": conv.to_text(rec.generated) if rec.generated else None,
            "times": "ISO-8601 in UTC; the readable exports show them in the home's time zone",
        },
        "about_this_record": _intro(rec),
        "young_person": rec.person,
        "staff": [{"id": i, "name": rec.names.get(i)} for i in sorted(referenced)],
        "ruptures": ruptures,
        "audit": [
            {"at": conv.to_text(a.at), "actor_id": a.actor_id, "action": a.action, "detail": a.detail}
            for a in rec.access
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- the whole database ----------------------------------------------------------------------------------
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


def _all_json(conn: Any, tables: list[str], out: Path, manifest: dict[str, Any], tick: Progress) -> None:
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


def _all_csv(conn: Any, tables: list[str], out: Path, manifest: dict[str, Any], tick: Progress) -> None:
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
