"""Reading times as staff type them, in the home's zone (Europe/London), returned as aware UTC: each date with
the offset it had, and a wall time the clocks skipped or showed twice refused in plain words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from handover.domain.errors import InvalidInput
from handover.domain.when import NoSuchLocalTime, parse_when, wall_time

LONDON = ZoneInfo("Europe/London")
#: A November evening: GMT, so London time equals UTC.
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def when(text: str, now: datetime = NOW) -> datetime:
    return parse_when(text, now, LONDON)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("now", utc(2026, 11, 27, 20, 0)),
        ("", utc(2026, 11, 27, 20, 0)),
        ("  NOW ", utc(2026, 11, 27, 20, 0)),
        ("19:30", utc(2026, 11, 27, 19, 30)),
        ("7.45", utc(2026, 11, 27, 7, 45)),
        ("today 08:15", utc(2026, 11, 27, 8, 15)),
        ("20:30", utc(2026, 11, 27, 20, 30)),
        ("yesterday 19:30", utc(2026, 11, 26, 19, 30)),
        ("Yesterday  23:59", utc(2026, 11, 26, 23, 59)),
        ("2h ago", utc(2026, 11, 27, 18, 0)),
        ("2 hours ago", utc(2026, 11, 27, 18, 0)),
        ("1.5 hrs ago", utc(2026, 11, 27, 18, 30)),
        ("45 min ago", utc(2026, 11, 27, 19, 15)),
        ("45m ago", utc(2026, 11, 27, 19, 15)),
        ("3 days ago", utc(2026, 11, 24, 20, 0)),
        ("1 day ago", utc(2026, 11, 26, 20, 0)),
    ],
)
def test_typed_times(typed: str, expected: datetime) -> None:
    got = when(typed)
    assert got == expected
    assert got.utcoffset() == timedelta(0)


def test_iso_without_offset_is_home_local_time_in_summer() -> None:
    # 1 July is British Summer Time: 20:30 in the home is 19:30 UTC.
    assert when("2026-07-01 20:30") == utc(2026, 7, 1, 19, 30)
    assert when("2026-11-27T20:30") == utc(2026, 11, 27, 20, 30)


def test_iso_with_offset_is_taken_as_given() -> None:
    assert when("2026-11-27T20:30+02:00") == utc(2026, 11, 27, 18, 30)
    assert when("2026-11-27T18:30Z") == utc(2026, 11, 27, 18, 30)


@pytest.mark.parametrize("typed", ["teatime", "yesterday", "2 fortnights ago", "19:3", "ago"])
def test_unreadable_text_refused_with_examples(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        when(typed)
    assert err.value.message.startswith(f"Cannot read the time '{typed}'. Try 'now', '20:30'")
    assert err.value.field == "when"


@pytest.mark.parametrize("typed", ["25:00", "12:60", "yesterday 24:00"])
def test_impossible_clock_time_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        when(typed)
    assert err.value.message == f"'{typed}' is not a time of day. Use 24-hour time, like 19:30."


class TestDaylightSaving:
    """Clocks go forward on 29 March 2026 and back on 25 October 2026 (both at 01:00 UTC)."""

    SPRING = utc(2026, 3, 29, 12, 0)  # 13:00 BST
    AUTUMN = utc(2026, 10, 25, 12, 0)  # 12:00 GMT

    def test_yesterday_evening_before_clocks_went_forward_was_gmt(self) -> None:
        assert when("yesterday 19:30", self.SPRING) == utc(2026, 3, 28, 19, 30)

    def test_this_morning_after_clocks_went_forward_is_bst(self) -> None:
        assert when("09:00", self.SPRING) == utc(2026, 3, 29, 8, 0)

    def test_yesterday_evening_before_clocks_went_back_was_bst(self) -> None:
        assert when("yesterday 19:30", self.AUTUMN) == utc(2026, 10, 24, 18, 30)

    def test_this_morning_after_clocks_went_back_is_gmt(self) -> None:
        assert when("08:00", self.AUTUMN) == utc(2026, 10, 25, 8, 0)

    def test_hours_ago_is_elapsed_time_across_the_change(self) -> None:
        # "ago" counts real elapsed hours, whatever the wall clocks did overnight.
        assert when("2h ago", self.SPRING) == utc(2026, 3, 29, 10, 0)
        assert when("14 hours ago", self.SPRING) == utc(2026, 3, 28, 22, 0)

    def test_day_is_the_home_local_day_not_the_utc_day(self) -> None:
        # 23:30 UTC on 1 July is already 00:30 on 2 July in the home.
        late = utc(2026, 7, 1, 23, 30)
        assert when("00:10", late) == utc(2026, 7, 1, 23, 10)
        assert when("yesterday 22:00", late) == utc(2026, 7, 1, 21, 0)


class TestSeasonsApart:
    """A time typed for another season gets that season's offset, not today's (the issue-8 bug: on a December
    day, "12:00" typed for 1 July in London was stored as 12:00 UTC instead of 11:00)."""

    DECEMBER = utc(2026, 12, 3, 10, 0)  # GMT
    JULY = utc(2027, 7, 14, 10, 0)  # BST

    @pytest.mark.parametrize("typed", ["2026-07-01 12:00", "2026-07-01T12:00", "2026-07-01T12:00:00"])
    def test_a_summer_time_typed_in_winter_is_summer_time(self, typed: str) -> None:
        got = when(typed, self.DECEMBER)
        assert got == utc(2026, 7, 1, 11, 0)
        assert got.astimezone(LONDON).isoformat(timespec="minutes") == "2026-07-01T12:00+01:00"

    @pytest.mark.parametrize("typed", ["2026-12-01 12:00", "2026-12-01T12:00"])
    def test_a_winter_time_typed_in_summer_is_winter_time(self, typed: str) -> None:
        got = when(typed, self.JULY)
        assert got == utc(2026, 12, 1, 12, 0)
        assert got.astimezone(LONDON).isoformat(timespec="minutes") == "2026-12-01T12:00+00:00"


class TestGapAndFold:
    """Clocks go forward on 28 March 2027 (01:00 -> 02:00) and back on 25 October 2026 (02:00 -> 01:00)."""

    GAP = "01:30 on 28 Mar 2027 does not exist in Europe/London: the clocks went forward an hour (from 01:00 to 02:00)."
    AFTER_SPRING = utc(2027, 3, 28, 12, 0)
    AFTER_AUTUMN = utc(2026, 10, 25, 12, 0)

    @pytest.mark.parametrize("typed", ["2027-03-28 01:30", "2027-03-28T01:30", "01:30", "today 1:30"])
    def test_a_time_in_the_spring_gap_is_refused(self, typed: str) -> None:
        with pytest.raises(NoSuchLocalTime) as err:
            when(typed, self.AFTER_SPRING)
        assert err.value.message == self.GAP
        assert err.value.field == "when"

    def test_yesterday_in_the_gap_is_refused(self) -> None:
        with pytest.raises(NoSuchLocalTime, match="does not exist in Europe/London"):
            when("yesterday 01:59", utc(2027, 3, 29, 12, 0))

    @pytest.mark.parametrize("typed", ["00:59", "02:00", "2027-03-28 02:30"])
    def test_times_either_side_of_the_gap_are_read(self, typed: str) -> None:
        expected = {"00:59": utc(2027, 3, 28, 0, 59), "02:00": utc(2027, 3, 28, 1, 0)}
        assert when(typed, self.AFTER_SPRING) == expected.get(typed, utc(2027, 3, 28, 1, 30))

    @pytest.mark.parametrize("typed", ["2026-10-25 01:30", "01:30", "today 01:30"])
    def test_a_time_in_the_autumn_fold_is_refused_asking_which(self, typed: str) -> None:
        with pytest.raises(NoSuchLocalTime) as err:
            when(typed, self.AFTER_AUTUMN)
        assert err.value.message == (
            "01:30 on 25 Oct 2026 happened twice in Europe/London: the clocks went back an hour. Which one? "
            "Type 2026-10-25T01:30+01:00 for the first (BST) or 2026-10-25T01:30+00:00 for the second (GMT)."
        )

    def test_the_fold_is_answered_by_typing_the_offset(self) -> None:
        assert when("2026-10-25T01:30+01:00", self.AFTER_AUTUMN) == utc(2026, 10, 25, 0, 30)
        assert when("2026-10-25 01:30+00:00", self.AFTER_AUTUMN) == utc(2026, 10, 25, 1, 30)

    @pytest.mark.parametrize(
        ("typed", "expected"), [("00:59", utc(2026, 10, 24, 23, 59)), ("02:00", utc(2026, 10, 25, 2, 0))]
    )
    def test_times_either_side_of_the_fold_are_read(self, typed: str, expected: datetime) -> None:
        assert when(typed, self.AFTER_AUTUMN) == expected

    def test_a_half_hour_change_is_said_as_such(self) -> None:
        # Lord Howe Island moves its clocks by half an hour.
        with pytest.raises(NoSuchLocalTime, match=r"went forward half an hour \(from 02:00 to 02:30\)"):
            parse_when("2026-10-04 02:15", utc(2026, 11, 1, 0, 0), ZoneInfo("Australia/Lord_Howe"))

    def test_a_zone_without_changes_never_refuses(self) -> None:
        assert wall_time(date(2027, 3, 28), time(1, 30), UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
