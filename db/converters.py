"""The one place database rows become domain models and back (times as ISO-8601 UTC text)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from handover.domain.enums import EventKind, Role, RuptureKind, Severity, Status
from handover.domain.models import Event, Rupture, StaffMember, YoungPerson


def to_text(at: datetime) -> str:
    """Aware datetime -> '2026-11-27T22:54:49.123456+00:00' (fixed width, so text order is time order)."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def young_person(row: dict[str, Any]) -> YoungPerson:
    return YoungPerson(
        id=row["id"],
        name=row["name"],
        arrived_at=from_text(row["arrived_at"]) if row["arrived_at"] else None,
        active=bool(row["active"]),
    )


def staff_member(row: dict[str, Any]) -> StaffMember:
    return StaffMember(id=row["id"], name=row["name"], role=Role(row["role"]), active=bool(row["active"]))


def rupture(row: dict[str, Any]) -> Rupture:
    """Expects the ruptures columns plus `adult_ids`, a comma-separated list (from group_concat)."""
    adults = tuple(int(x) for x in (row.get("adult_ids") or "").split(",") if x)
    return Rupture(
        id=row["id"],
        young_person_id=row["young_person_id"],
        adult_ids=adults,
        occurred_at=from_text(row["occurred_at"]),
        recorded_at=from_text(row["recorded_at"]),
        recorded_by=row["recorded_by"],
        kind=RuptureKind(row["kind"]),
        severity=Severity(row["severity"]),
        what_happened=row["what_happened"],
        incident_ref=row["incident_ref"],
        owner_id=row["owner_id"],
        status=Status(row["status"]),
        version=row["version"],
        updated_at=from_text(row["updated_at"]),
        updated_by=row["updated_by"],
        next_step=row.get("next_step"),
        next_step_due=from_text(row["next_step_due"]) if row.get("next_step_due") else None,
        awaiting_acceptance=bool(row.get("awaiting_acceptance")),
        reg35_done=tuple(x for x in (row.get("reg35_done") or "").split(",") if x),
    )


def rupture_row(r: Rupture) -> dict[str, Any]:
    """The columns of the ruptures table for a rupture (adults live in rupture_adults)."""
    return {
        "young_person_id": r.young_person_id,
        "occurred_at": to_text(r.occurred_at),
        "recorded_at": to_text(r.recorded_at),
        "recorded_by": r.recorded_by,
        "kind": r.kind.value,
        "severity": r.severity.value,
        "what_happened": r.what_happened,
        "incident_ref": r.incident_ref,
        "owner_id": r.owner_id,
        "status": r.status.value,
        "version": r.version,
        "updated_at": to_text(r.updated_at),
        "updated_by": r.updated_by,
        "next_step": r.next_step,
        "next_step_due": to_text(r.next_step_due) if r.next_step_due else None,
        "awaiting_acceptance": int(r.awaiting_acceptance),
        "reg35_done": ",".join(r.reg35_done),
    }


def event(row: dict[str, Any]) -> Event:
    return Event(
        id=row["id"],
        rupture_id=row["rupture_id"],
        at=from_text(row["at"]),
        actor_id=row["actor_id"],
        kind=EventKind(row["kind"]),
        payload=json.loads(row["payload"]),
    )


def event_row(e: Event) -> dict[str, Any]:
    return {
        "rupture_id": e.rupture_id,
        "at": to_text(e.at),
        "actor_id": e.actor_id,
        "kind": e.kind.value,
        "payload": json.dumps(e.payload, sort_keys=True, ensure_ascii=False),
    }
