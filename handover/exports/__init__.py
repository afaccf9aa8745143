"""Exports: everything recorded about one young person (a subject access request), or the whole database.

`export_young_person` writes a document a care-experienced adult could be given years later: a plain
introduction (what this is, that entries are the adults' accounts, how to ask for a correction), then every
rupture with its facts and every entry with its author, time and every note given with it. A correction is
shown under what it corrects, and the words first written stay visible above it. JSON holds the same,
complete and exact (stored values and seals), for another system or a solicitor's tools.

It is done in two steps: `gather` reads what is needed in one snapshot and builds plain data (the words
chosen once, by the one describer of events); `render` lays that out through the templates, or as JSON.

`export_all` (in `database`) writes every table's rows from one consistent snapshot, for moving to another
system: one JSON document, or a folder with one CSV per table and a manifest with the row counts.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from db.store import Store
from handover.exports.database import AllFormat, export_all
from handover.exports.gather import gather
from handover.exports.render import PersonFormat, check_format, render_person

__all__ = ["AllFormat", "PersonFormat", "export_all", "export_young_person"]


def export_young_person(
    store: Store, young_person_id: int, fmt: PersonFormat, tz: tzinfo, *, now: datetime | None = None
) -> str:
    """Everything recorded about one young person as an HTML page, Markdown or JSON text, times in `tz`.
    `now` (when given) is printed as the time the document was made."""
    check_format(fmt)
    return render_person(gather(store, young_person_id, tz, now), fmt)
