"""Rendering a gathered record (`gather.PersonRecord`) as a document: HTML or Markdown from the templates
`handover/templates/record.html` and `record.md`, which escape every value, or JSON with every stored value
and seal exactly as kept, for another system or a solicitor's tools.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from db import converters as conv
from handover.domain.describe import AMEND_MARK
from handover.domain.errors import InvalidInput
from handover.exports.gather import PersonRecord

PersonFormat = Literal["html", "md", "json"]
PERSON_FORMATS: tuple[PersonFormat, ...] = ("html", "md", "json")

ACCESS_HEADING = "Exports and other actions on this record (from the audit trail)"


def check_format(fmt: str) -> None:
    """Refuse a format a young person's record cannot be written in, before anything is read."""
    if fmt not in PERSON_FORMATS:
        raise InvalidInput(f"Cannot export as '{fmt}': choose html, md or json.")


def render_person(record: PersonRecord, fmt: PersonFormat) -> str:
    """The record as an HTML page, Markdown or JSON text."""
    check_format(fmt)
    if fmt == "json":
        return _json(record)
    from handover.render.templates import render

    return render(f"record.{fmt}", record=record, mark=AMEND_MARK, access_heading=ACCESS_HEADING)


def _json(rec: PersonRecord) -> str:
    ruptures, referenced = [], {a.actor_id for a in rec.access if a.actor_id is not None}
    for r in rec.ruptures:
        ru = r.rupture
        referenced |= {ru.recorded_by, ru.updated_by, *ru.adult_ids, *(ev.actor_id for ev in r.events)}
        referenced |= {ru.owner_id} if ru.owner_id is not None else set()
        for ev in r.events:
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
                    for ev in r.events
                ],
            }
        )
    document: dict[str, Any] = {
        "export": {
            "kind": "subject access: everything recorded about one young person",
            "format_version": 1,
            "home": rec.home,
            "made_at": conv.to_text(rec.made_at) if rec.made_at else None,
            "times": "ISO-8601 in UTC; the readable exports show them in the home's time zone",
        },
        "about_this_record": list(rec.about),
        "young_person": rec.person,
        "staff": [{"id": i, "name": rec.names.get(i)} for i in sorted(referenced)],
        "ruptures": ruptures,
        "audit": [
            {"at": conv.to_text(a.at), "actor_id": a.actor_id, "action": a.action, "detail": a.detail}
            for a in rec.access
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
