"""`handover list`: the board as plain text lines or JSON records, from the board's own rows.

The rows are `domain.board.board_rows` laid out by `domain.views.build_view` (view 1, by young person), the
very rows the board screen shows, so the marks are the board's: the owner off shift or leaving (with the
time), a lapsed next step, a repair not yet accepted, and the reg 35 clocks not yet ticked. The text form
says each mark in words on a line under its rupture; the JSON form carries each as a field, and the same
words in `marks`.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from handover.domain.board import UNOWNED_LABEL, ViewRow, board_rows
from handover.domain.models import BoardSnapshot
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.views import View, build_view
from handover.domain.when import local_time


def _at(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """A time in the home's zone: "21:00" today, "Sat 28 Nov 09:00" on another day."""
    local = local_time(moment, tz)
    if local.date() == now.astimezone(tz).date():
        return f"{local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return local_time(moment, tz).isoformat(timespec="minutes") if moment is not None else None


def marks(row: ViewRow, now: datetime, tz: tzinfo) -> list[str]:
    """The board's marks on `row`, in words, in the order the board shows them (owner, then status)."""
    found = []
    if row.owner is not None and row.owner_shift is ShiftState.OFF:
        found.append("owner off shift")
    elif row.owner is not None and row.owner_shift is ShiftState.LEAVING:
        ends = row.owner_shift_ends
        found.append(f"owner leaving at {_at(ends, now, tz)}" if ends is not None else "owner leaving")
    if row.awaiting_acceptance:
        found.append("not yet accepted by its new owner")
    due = row.rupture.next_step_due
    if row.lapsed and due is not None:
        found.append(f"next step lapsed (was due {_at(due, now, tz)})")
    for clock in row.reg35:
        since = "since" if clock.state is ClockState.OVERDUE else "by"
        found.append(f"reg 35 {clock.clock.label}: {clock.state.label} {since} {_at(clock.deadline, now, tz)}")
    return found


def board_lines(snapshot: BoardSnapshot, now: datetime, tz: tzinfo) -> list[str]:
    """The board as text: a summary line, then each young person with their open ruptures and any marks."""
    board = board_rows(snapshot, now)
    total = board.summary()
    lines = [
        f"{snapshot.settings.home_name}: {total.open} open, {total.overdue} overdue, {total.unowned} unowned"
        f" (at {now.astimezone(tz):%H:%M})"
    ]
    for group in build_view(View.BY_YOUNG_PERSON, board).groups:
        if not group.rows:
            lines.append(f"{group.title}: nothing outstanding")
            continue
        lines.append(f"{group.title}: {len(group.rows)} open")
        for row in group.rows:
            r = row.rupture
            lines.append(
                f"  #{r.id:<5} {format_waited(row.waited):>8}  {row.urgency.label:<9} {r.kind.label:<14} "
                f"owner {row.owner or UNOWNED_LABEL.upper():<18} {r.status.label:<9} {row.first_line[:60]}"
            )
            said = marks(row, now, tz)
            if said:
                lines.append(f"{'':10}{'; '.join(said)}")
    return lines


def board_records(snapshot: BoardSnapshot, now: datetime, tz: tzinfo) -> list[dict[str, Any]]:
    """Every open rupture as a JSON-ready record, in board order, with the board's marks."""
    board = board_rows(snapshot, now)
    return [_record(row, now, tz) for group in build_view(View.BY_YOUNG_PERSON, board).groups for row in group.rows]


def _record(row: ViewRow, now: datetime, tz: tzinfo) -> dict[str, Any]:
    r = row.rupture
    return {
        "id": r.id,
        "young_person": row.young_person,
        "occurred_at": _iso(r.occurred_at, tz),
        "waited": format_waited(row.waited),
        "waited_minutes": int(row.waited.total_seconds() // 60),
        "urgency": row.urgency.value,
        "kind": r.kind.value,
        "severity": r.severity.value,
        "adults": row.adults.split(", ") if row.adults else [],
        "owner": row.owner,
        "owner_shift": row.owner_shift.value if row.owner is not None and row.owner_shift else None,
        "owner_shift_ends": _iso(row.owner_shift_ends, tz) if row.owner is not None else None,
        "awaiting_acceptance": row.awaiting_acceptance,
        "status": r.status.value,
        "next_step": r.next_step,
        "next_step_due": _iso(r.next_step_due, tz),
        "lapsed": row.lapsed,
        "reg35": [
            {"clock": c.clock.value, "label": c.clock.label, "deadline": _iso(c.deadline, tz), "state": c.state.value}
            for c in row.reg35
        ],
        "marks": marks(row, now, tz),
        "what_happened": r.what_happened,
        "incident_ref": r.incident_ref,
        "version": r.version,
    }
