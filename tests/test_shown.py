"""render/shown.py: what a screen is given has every control character neutralised, and a clean value comes
back as the very same object (no copies on the usual path)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from handover.domain.enums import Role
from handover.domain.models import StaffMember
from handover.render.shown import shown


@dataclass(frozen=True)
class Row:
    staff: StaffMember
    notes: tuple[str, ...]
    at: datetime


def test_a_clean_value_is_the_same_object() -> None:
    row = Row(StaffMember(id=1, name="Sam Kell", role=Role.STAFF, active=True), ("fine",), datetime.now(UTC))
    value: dict[str, object] = {"rows": [row], "count": 1}
    assert shown(value) is value


def test_control_characters_are_neutralised_everywhere_inside() -> None:
    sam = StaffMember(id=1, name="Sam\x1b[2J Kell", role=Role.STAFF, active=True)
    row = Row(sam, ("ok", "bell\x07"), datetime(2026, 12, 3, tzinfo=UTC))
    out = shown({"rows": [row], "title\x1b": "x"})
    got = out["rows"][0]
    assert isinstance(got, Row)
    assert got.staff.name == "Sam␛[2J Kell" and got.notes == ("ok", "bell␇")
    assert got.staff.role is Role.STAFF and got.at == row.at  # the rest as it was
    assert "title␛" in out
    assert sam.name == "Sam\x1b[2J Kell"  # the record read is never changed: a copy is made for the screen


def test_a_frozen_model_found_clean_is_not_walked_again_and_a_dirty_one_always_is() -> None:
    from handover.render import shown as module

    clean = StaffMember(id=7, name="Ade Clarke", role=Role.STAFF, active=True)
    assert shown(clean) is clean
    assert module._CLEAN.get(id(clean)) is clean  # remembered: the next snapshot holding it skips its fields
    dirty = StaffMember(id=8, name="Bo\x1b]0;x\x07 Reyes", role=Role.STAFF, active=True)
    for _ in range(2):  # never remembered as clean: neutralised every time it is shown
        out = shown(dirty)
        assert out is not dirty and "\x1b" not in out.name and "\x07" not in out.name
    assert module._CLEAN.get(id(dirty)) is not dirty
