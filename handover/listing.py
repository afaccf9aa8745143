"""`handover list`: the board as plain text lines or JSON records, from the same sections the board uses."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from handover.domain.board import UNOWNED_LABEL, sections, summary
from handover.domain.models import BoardSnapshot
from handover.domain.urgency import format_waited


def board_lines(snapshot: BoardSnapshot, now: datetime, tz: tzinfo) -> list[str]:
    total = summary(snapshot, now)
    lines = [
        f"{snapshot.settings.home_name}: {total.open} open, {total.overdue} overdue, {total.unowned} unowned"
        f" (at {now.astimezone(tz):%H:%M})"
    ]
    for section in sections(snapshot, now):
        if not section.lines:
            lines.append(f"{section.young_person.name}: nothing outstanding")
            continue
        lines.append(f"{section.young_person.name}: {len(section.lines)} open")
        for line in section.lines:
            r = line.rupture
            lines.append(
                f"  #{r.id:<5} {format_waited(line.waited):>8}  {line.urgency.label:<9} {r.kind.label:<14} "
                f"owner {line.owner or UNOWNED_LABEL.upper():<18} {r.status.label:<9} {line.first_line[:60]}"
            )
    return lines


def board_records(snapshot: BoardSnapshot, now: datetime, tz: tzinfo) -> list[dict[str, Any]]:
    records = []
    for section in sections(snapshot, now):
        for line in section.lines:
            r = line.rupture
            records.append(
                {
                    "id": r.id,
                    "young_person": line.young_person,
                    "occurred_at": r.occurred_at.astimezone(tz).isoformat(timespec="minutes"),
                    "waited": format_waited(line.waited),
                    "waited_minutes": int(line.waited.total_seconds() // 60),
                    "urgency": line.urgency.value,
                    "kind": r.kind.value,
                    "severity": r.severity.value,
                    "adults": line.adults.split(", ") if line.adults else [],
                    "owner": line.owner,
                    "status": r.status.value,
                    "what_happened": r.what_happened,
                    "incident_ref": r.incident_ref,
                    "version": r.version,
                }
            )
    return records
