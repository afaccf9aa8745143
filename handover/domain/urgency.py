"""How long a rupture has waited, in words and against the home's thresholds."""

from __future__ import annotations

from datetime import datetime, timedelta

from handover.domain.enums import Urgency
from handover.domain.models import HomeSettings


def urgency(occurred_at: datetime, now: datetime, settings: HomeSettings) -> Urgency:
    """Fresh, due soon (default from 24 h) or overdue (default from 48 h) since the rupture happened."""
    waited = now - occurred_at
    if waited >= timedelta(hours=settings.overdue_hours):
        return Urgency.OVERDUE
    if waited >= timedelta(hours=settings.due_soon_hours):
        return Urgency.DUE_SOON
    return Urgency.FRESH


def format_waited(delta: timedelta) -> str:
    """A short, human wait: "just now", "35 min", "5 h", "1 d 4 h", "3 d"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h"
    days, hours = divmod(hours, 24)
    # Past three days the hours stop mattering at a glance.
    if days >= 3 or hours == 0:
        return f"{days} d"
    return f"{days} d {hours} h"
