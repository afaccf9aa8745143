"""Shifts: which shift is on at a moment, when a shift ends, the handover's shifts, and who counts as leaving."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from handover.clock import FrozenClock
from handover.domain.errors import InvalidInput
from handover.domain.shifts import (
    DEFAULT_PATTERN,
    SLEEP_IN_PATTERN,
    Shift,
    ShiftMark,
    ShiftPattern,
    ShiftState,
    current_shifts,
    custom_pattern,
    default_occurrence,
    ends_within_hour,
    handover_shifts,
    occurrence_of,
    parse_shift,
    preset,
    shift_ends,
    shift_state,
)

TZ = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A local moment in the home (November is GMT, so this is also UTC)."""
    return datetime(2026, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def names(runs: list) -> list[str]:
    return [r.shift for r in runs]


class TestWhichShift:
    @pytest.mark.parametrize(
        ("hour", "minute", "expected"),
        [
            (6, 59, ["waking night"]),
            (7, 0, ["early"]),
            (13, 59, ["early"]),
            (14, 0, ["early", "late"]),
            (14, 59, ["early", "late"]),
            (15, 0, ["late"]),
            (21, 59, ["late"]),
            (22, 0, ["waking night"]),
            (3, 0, ["waking night"]),
        ],
    )
    def test_current_shifts_overlap_at_the_afternoon_handover(self, hour: int, minute: int, expected: list) -> None:
        assert names(current_shifts(DEFAULT_PATTERN, at(27, hour, minute), TZ)) == expected

    def test_a_sleep_in_is_always_on(self) -> None:
        for hour in (0, 9, 10, 23):
            [run] = current_shifts(SLEEP_IN_PATTERN, at(27, hour), TZ)
            assert run.end - run.start == timedelta(hours=24)

    def test_when_a_shift_ends(self) -> None:
        late, early, night = (DEFAULT_PATTERN.shift(n) for n in ("late", "early", "waking night"))
        assert shift_ends(late, at(27, 20), TZ) == at(27, 22)
        assert shift_ends(night, at(27, 23), TZ) == at(28, 7)
        assert shift_ends(night, at(28, 3), TZ) == at(28, 7)
        # Not running now: the next run of it.
        run = occurrence_of(early, at(27, 20), TZ)
        assert (run.start, run.end) == (at(28, 7), at(28, 15))

    def test_ends_within_the_hour(self) -> None:
        run = occurrence_of(DEFAULT_PATTERN.shift("late"), at(27, 20), TZ)
        assert not ends_within_hour(run, at(27, 20, 59))
        assert ends_within_hour(run, at(27, 21))
        assert ends_within_hour(run, at(27, 21, 59))
        assert not ends_within_hour(run, at(27, 22))

    def test_a_night_across_the_clocks_going_back_is_ten_hours(self) -> None:
        # 25 October 2026: 02:00 BST becomes 01:00 GMT.
        run = occurrence_of(DEFAULT_PATTERN.shift("waking night"), at(24, 23, month=10), TZ)
        assert run.start == datetime(2026, 10, 24, 21, 0, tzinfo=UTC)  # 22:00 BST
        assert run.end == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)  # 07:00 GMT
        assert run.end - run.start == timedelta(hours=10)

    def test_labels(self) -> None:
        run = occurrence_of(DEFAULT_PATTERN.shift("late"), at(27, 20), TZ)
        assert run.label(TZ) == "late 14:00-22:00"
        assert run.describe(TZ) == "late, Fri 27 Nov 14:00-22:00"
        assert DEFAULT_PATTERN.describe() == "default: early 07:00-15:00, late 14:00-22:00, waking night 22:00-07:00"
        assert SLEEP_IN_PATTERN.describe() == "sleep-in: sleep-in 10:00-10:00"


class TestHandoverShifts:
    @pytest.mark.parametrize(
        ("moment", "going_off", "coming_on"),
        [
            (at(27, 12), ("early", at(27, 7)), ("late", at(27, 14))),
            (at(27, 14, 30), ("early", at(27, 7)), ("late", at(27, 14))),
            (at(27, 15, 30), ("early", at(27, 7)), ("late", at(27, 14))),  # a handover running over
            (at(27, 16, 1), ("late", at(27, 14)), ("waking night", at(27, 22))),
            (at(27, 20), ("late", at(27, 14)), ("waking night", at(27, 22))),
            (at(27, 22, 30), ("late", at(27, 14)), ("waking night", at(27, 22))),
            (at(27, 23, 30), ("waking night", at(27, 22)), ("early", at(28, 7))),
            (at(28, 6, 45), ("waking night", at(27, 22)), ("early", at(28, 7))),
        ],
    )
    def test_default_pattern(self, moment: datetime, going_off: tuple, coming_on: tuple) -> None:
        turn = handover_shifts(DEFAULT_PATTERN, moment, TZ)
        assert (turn.going_off.shift, turn.going_off.start) == going_off
        assert (turn.coming_on.shift, turn.coming_on.start) == coming_on

    def test_sleep_in_hands_over_to_the_next_days_sleep_in(self) -> None:
        turn = handover_shifts(SLEEP_IN_PATTERN, at(27, 20), TZ)
        assert (turn.going_off.start, turn.going_off.end) == (at(27, 10), at(28, 10))
        assert (turn.coming_on.start, turn.coming_on.end) == (at(28, 10), at(29, 10))
        late = handover_shifts(SLEEP_IN_PATTERN, at(28, 10, 30), TZ)
        assert (late.going_off.start, late.coming_on.start) == (at(27, 10), at(28, 10))

    def test_a_pattern_with_a_gap_hands_over_to_the_next_shift(self) -> None:
        days_only = custom_pattern(["day=08:00-18:00"])
        turn = handover_shifts(days_only, at(27, 17), TZ)
        assert (turn.going_off.start, turn.coming_on.start) == (at(27, 8), at(28, 8))
        assert default_occurrence(days_only, at(27, 20), TZ).start == at(28, 8)


class TestDefaultShiftOfAMark:
    @pytest.mark.parametrize(
        ("hour", "minute", "shift"),
        [
            (6, 45, "early"),
            (12, 0, "early"),
            (13, 45, "late"),
            (14, 30, "late"),
            (20, 0, "late"),
            (21, 50, "waking night"),
            (23, 0, "waking night"),
        ],
    )
    def test_the_shift_about_to_run(self, hour: int, minute: int, shift: str) -> None:
        assert default_occurrence(DEFAULT_PATTERN, at(27, hour, minute), TZ).shift == shift


class TestShiftState:
    def mark(self, on: bool = True, end: datetime | None = None) -> ShiftMark:
        start = at(27, 14)
        return ShiftMark(staff_id=1, at=at(27, 13, 50), on_shift=on, shift="late", shift_start=start, shift_end=end)

    def test_leaving_then_off_as_the_clock_runs(self) -> None:
        clock = FrozenClock(at(27, 20))
        mark = self.mark(end=at(27, 22))
        seen = []
        for _ in range(5):
            seen.append(shift_state(mark, clock.now()))
            clock.advance(timedelta(minutes=30))
        assert seen == [ShiftState.ON, ShiftState.ON, ShiftState.LEAVING, ShiftState.LEAVING, ShiftState.OFF]

    def test_not_marked_marked_off_and_unknown_end(self) -> None:
        assert shift_state(None, at(27, 20)) is ShiftState.OFF
        assert shift_state(self.mark(on=False), at(27, 20)) is ShiftState.OFF
        assert shift_state(self.mark(end=None), at(30, 20)) is ShiftState.ON
        assert ShiftState.LEAVING.label == "leaving" and ShiftState.OFF.label == "off shift"


class TestPatterns:
    def test_json_round_trip_and_default(self) -> None:
        assert ShiftPattern.from_setting(SLEEP_IN_PATTERN.to_json()) == SLEEP_IN_PATTERN
        assert ShiftPattern.from_setting("") == DEFAULT_PATTERN
        assert ShiftPattern.from_setting(None) == DEFAULT_PATTERN

    def test_bad_json_is_refused_in_plain_words(self) -> None:
        with pytest.raises(InvalidInput, match="The shift pattern cannot be used"):
            ShiftPattern.from_setting("{not json")
        with pytest.raises(InvalidInput, match="The shift pattern cannot be used"):
            ShiftPattern.from_setting('{"shifts": []}')

    def test_finding_a_shift_by_name(self) -> None:
        assert DEFAULT_PATTERN.shift("LATE").name == "late"
        assert DEFAULT_PATTERN.shift("waking").name == "waking night"
        with pytest.raises(InvalidInput, match="no shift called 'twilight'. The home's shifts are: early, late"):
            DEFAULT_PATTERN.shift("twilight")

    def test_presets(self) -> None:
        assert preset("Sleep-In") is SLEEP_IN_PATTERN
        assert preset("default") is DEFAULT_PATTERN
        with pytest.raises(InvalidInput, match="no preset 'rota'. Choose one of: default, sleep-in"):
            preset("rota")

    def test_typed_shifts(self) -> None:
        assert parse_shift(" twilight = 18:00-23:00".replace(" = ", "=")) == Shift(
            name="twilight", start=time(18), end=time(23)
        )
        pattern = custom_pattern(["day=08:00-20:00", "night=20:00-08:00"])
        assert [s.label for s in pattern.shifts] == ["day 08:00-20:00", "night 20:00-08:00"]
        for bad in ("day", "day=8-20", "=08:00-20:00", "day=25:00-08:00"):
            with pytest.raises(InvalidInput, match="Write it as NAME=HH:MM-HH:MM"):
                parse_shift(bad)
        with pytest.raises(InvalidInput, match="two shifts have the same name"):
            custom_pattern(["day=08:00-20:00", "Day=09:00-10:00"])
        with pytest.raises(InvalidInput, match="needs at least one shift"):
            custom_pattern([])
