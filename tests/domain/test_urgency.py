"""How long a rupture has waited: fresh, due soon, overdue at the home's thresholds, and the wait in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handover.domain.enums import Urgency
from handover.domain.models import HomeSettings
from handover.domain.urgency import format_waited, urgency

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
DEFAULT = HomeSettings(home_name="Larch House")


def after(hours: float, minutes: float = 0, seconds: float = 0) -> Urgency:
    return urgency(NOW - timedelta(hours=hours, minutes=minutes, seconds=seconds), NOW, DEFAULT)


@pytest.mark.parametrize(
    ("waited", "expected"),
    [
        (timedelta(0), Urgency.FRESH),
        (timedelta(hours=23, minutes=59, seconds=59), Urgency.FRESH),
        (timedelta(hours=24), Urgency.DUE_SOON),
        (timedelta(hours=47, minutes=59, seconds=59), Urgency.DUE_SOON),
        (timedelta(hours=48), Urgency.OVERDUE),
        (timedelta(days=30), Urgency.OVERDUE),
    ],
)
def test_default_thresholds_at_their_exact_boundaries(waited: timedelta, expected: Urgency) -> None:
    assert urgency(NOW - waited, NOW, DEFAULT) is expected


def test_a_home_can_set_its_own_thresholds() -> None:
    strict = HomeSettings(home_name="Larch House", due_soon_hours=12, overdue_hours=36)
    assert urgency(NOW - timedelta(hours=11, minutes=59), NOW, strict) is Urgency.FRESH
    assert urgency(NOW - timedelta(hours=12), NOW, strict) is Urgency.DUE_SOON
    assert urgency(NOW - timedelta(hours=35, minutes=59), NOW, strict) is Urgency.DUE_SOON
    assert urgency(NOW - timedelta(hours=36), NOW, strict) is Urgency.OVERDUE


def test_fractional_thresholds() -> None:
    quick = HomeSettings(home_name="Larch House", due_soon_hours=0.5, overdue_hours=1.5)
    assert urgency(NOW - timedelta(minutes=29), NOW, quick) is Urgency.FRESH
    assert urgency(NOW - timedelta(minutes=30), NOW, quick) is Urgency.DUE_SOON
    assert urgency(NOW - timedelta(minutes=90), NOW, quick) is Urgency.OVERDUE


def test_urgency_labels_and_order() -> None:
    assert [u.label for u in Urgency] == ["fresh", "due soon", "overdue"]
    assert Urgency.FRESH.rank < Urgency.DUE_SOON.rank < Urgency.OVERDUE.rank


@pytest.mark.parametrize(
    ("waited", "words"),
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-90), "just now"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(minutes=35), "35 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=5, minutes=59), "5 h"),
        (timedelta(hours=23, minutes=59), "23 h"),
        (timedelta(hours=24), "1 d"),
        (timedelta(hours=24, minutes=59), "1 d"),
        (timedelta(days=1, hours=4), "1 d 4 h"),
        (timedelta(days=2, hours=23), "2 d 23 h"),
        (timedelta(days=3), "3 d"),
        (timedelta(days=3, hours=11), "3 d"),
        (timedelta(days=12, hours=5), "12 d"),
    ],
)
def test_format_waited(waited: timedelta, words: str) -> None:
    assert format_waited(waited) == words
