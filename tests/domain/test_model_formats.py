"""What the models write and read back: the exact text kept in the record (a rupture's recording, the shift
pattern setting, the board's remembered view) and the plain refusals of text that cannot be read.

The expected strings are what the board has always written (they were produced by the pydantic models these
dataclasses replaced), so a record written by any version reads back, and a new one looks like the old ones.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handover.domain.enums import BoardOrder, GlanceMode, RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.domain.models import HomeSettings, NewRupture, json_time
from handover.domain.shifts import DEFAULT_PATTERN, Shift, ShiftPattern, custom_pattern
from handover.domain.views import View
from handover.ui_state import BoardState, load_state, save_state

AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
MINUS_0530 = timezone(-timedelta(hours=5, minutes=30))


def new(at: datetime = AT, **extra: object) -> NewRupture:
    fields: dict[str, object] = {
        "young_person_id": 1,
        "adult_ids": (2, 3),
        "occurred_at": at,
        "kind": RuptureKind.HARSH_TONE,
        "what_happened": "x",
        **extra,
    }
    return NewRupture(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("at", "text"),
    [
        (AT, "2026-11-27T20:00:00Z"),
        (AT.replace(second=5, microsecond=123456), "2026-11-27T20:00:05.123456Z"),
        (datetime(2026, 7, 27, 20, 0, tzinfo=ZoneInfo("Europe/London")), "2026-07-27T20:00:00+01:00"),
        (AT.replace(microsecond=1000, tzinfo=MINUS_0530), "2026-11-27T20:00:00.001000-05:30"),
    ],
)  # fmt: skip
def test_a_recording_keeps_every_field_as_it_always_has(at: datetime, text: str) -> None:
    assert json_time(at) == text
    assert new(at).recording() == {
        "young_person_id": 1,
        "adult_ids": [2, 3],
        "occurred_at": text,
        "kind": "harsh-tone",
        "severity": "minor",
        "what_happened": "x",
        "incident_ref": None,
        "owner_id": None,
    }
    # ...and reads back as what was typed, at the same moment.
    back = NewRupture.from_recording(json.loads(json.dumps(new(at).recording())))
    assert back == new(at.astimezone(back.occurred_at.tzinfo)) and back.occurred_at == at


def test_a_recording_that_is_not_one_is_refused() -> None:
    good = new(severity=Severity.SERIOUS, owner_id=2, incident_ref="IR-7").recording()
    assert NewRupture.from_recording(good).owner_id == 2
    for broken in (
        {**good, "adult_ids": "2,3"},
        {**good, "adult_ids": [2, "3"]},
        {**good, "owner_id": "2"},
        {**good, "what_happened": 5},
        {**good, "occurred_at": "2026-11-27T20:00:00"},  # no zone
        {**good, "occurred_at": "yesterday"},
        {**good, "kind": "shouting"},
    ):
        with pytest.raises(ValueError):
            NewRupture.from_recording(broken)
    with pytest.raises(KeyError):
        NewRupture.from_recording({k: v for k, v in good.items() if k != "severity"})


def test_the_shift_pattern_setting_keeps_its_text() -> None:
    text = (
        '{"name":"default","shifts":[{"name":"early","start":"07:00:00","end":"15:00:00"},'
        '{"name":"late","start":"14:00:00","end":"22:00:00"},'
        '{"name":"waking night","start":"22:00:00","end":"07:00:00"}]}'
    )
    assert DEFAULT_PATTERN.to_json() == text
    assert ShiftPattern.from_setting(text) == DEFAULT_PATTERN
    odd = ShiftPattern(shifts=(Shift(name="nuit réveillée", start=time(7, 30, 15), end=time(8)),))
    assert odd.to_json() == '{"name":"custom","shifts":[{"name":"nuit réveillée","start":"07:30:15","end":"08:00:00"}]}'
    assert ShiftPattern.from_setting(odd.to_json()) == odd
    assert ShiftPattern.from_setting("") is DEFAULT_PATTERN


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"shifts": "early"}',
        '{"shifts": []}',
        '{"shifts": [{"name": "early", "start": "seven", "end": "15:00"}]}',
        '{"shifts": [{"name": "early", "start": "07:00"}]}',
        '{"shifts": [{"name": "a", "start": "07:00", "end": "08:00"}, {"name": "A", "start": "09:00", "end": "10"}]}',
        '{"name": 5, "shifts": [{"name": "a", "start": "07:00", "end": "08:00"}]}',
    ],
)
def test_a_shift_pattern_setting_that_cannot_be_read_is_refused_in_plain_words(text: str) -> None:
    with pytest.raises(InvalidInput, match="^The shift pattern cannot be used: ") as refused:
        ShiftPattern.from_setting(text)
    assert "\n" not in str(refused.value)


def test_a_shifts_name_is_tidied_and_checked() -> None:
    assert Shift(name="  late\tshift ", start=time(14), end=time(22)).name == "late shift"
    for name in ("", "   ", "x" * 31):
        with pytest.raises(ValueError, match="1 to 30 characters"):
            Shift(name=name, start=time(7), end=time(8))
    with pytest.raises(InvalidInput, match="two shifts have the same name"):
        custom_pattern(["early=07:00-15:00", "Early=15:00-22:00"])


def test_settings_read_from_the_settings_tables_text() -> None:
    stored = {
        "home_name": "Larch House",
        "due_soon_hours": "12",
        "overdue_hours": "36.5",
        "pattern_repeats": "4",
        "glance": "off",
        "board_order": "alphabetical",
        "timezone": "Europe/London",
        "a_later_versions_setting": "kept, not read",
    }
    settings = HomeSettings.from_stored(stored)
    assert (settings.due_soon_hours, settings.overdue_hours, settings.pattern_repeats) == (12.0, 36.5, 4)
    assert settings.glance is GlanceMode.OFF and settings.board_order is BoardOrder.ALPHABETICAL
    assert settings.zone == ZoneInfo("Europe/London")
    for key, value, said in (
        ("overdue_hours", "soon", "overdue_hours: 'soon' is not a number"),
        ("pattern_days", "2.5", "pattern_days: '2.5' is not a whole number"),
        ("glance", "everything", "glance: 'everything' is not one of initials, names, off"),
        ("timezone", "Mars/Olympus_Mons", "timezone: the home's time zone 'Mars/Olympus_Mons' is not a time zone"),
    ):
        with pytest.raises(ValueError) as refused:
            HomeSettings.from_stored({**stored, key: value})
        assert str(refused.value).startswith(said)


def test_the_remembered_view_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    assert save_state(BoardState(view=View.TRIAGE), path)
    assert json.loads(path.read_text()) == {"view": View.TRIAGE.value}
    assert load_state(path) == BoardState(view=View.TRIAGE)
    for text in ('{"view": "sideways"}', "[1, 2]", "{", '{"view": 5}'):
        path.write_text(text)
        assert load_state(path) == BoardState(), text
