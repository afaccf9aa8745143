"""db/row_memo.py on a real file: the board's read of the open ruptures gives back the very same model for a
row that has not changed since the last read (so the cells and the safety walk keep their work), and a new
model, with what is stored now, for any row that changed in any column, including those no version covers
(a row edited behind the board's back, an adult's column from another table)."""

from __future__ import annotations

from datetime import timedelta

from db.row_memo import RowMemo
from db.store import OPEN_RUPTURES_SQL, Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.domain.models import Rupture
from handover.service import Service
from tests.conftest import Home


def log(service: Service, home: Home, clock: FrozenClock, what: str) -> Rupture:
    return service.record_rupture(
        home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, what, occurred_at=clock.now() - timedelta(hours=1)
    )


def by_id(ruptures: list[Rupture]) -> dict[int, Rupture]:
    return {r.id: r for r in ruptures}


def test_an_unchanged_row_comes_back_as_the_same_model_and_a_changed_one_afresh(
    service: Service, store: Store, home: Home, clock: FrozenClock
) -> None:
    first, second = log(service, home, clock, "Raised voice at tea"), log(service, home, clock, "Walked off")
    before = by_id(store.open_ruptures())
    again = by_id(store.open_ruptures())
    assert again[first.id] is before[first.id] and again[second.id] is before[second.id]

    service.assign_owner(home.priya, second.id, home.dev)
    after = by_id(store.open_ruptures())
    assert after[first.id] is before[first.id]
    assert after[second.id] is not before[second.id]
    assert (after[second.id].owner_id, after[second.id].version) == (home.dev.id, 2)
    assert after == by_id([store.rupture(first.id), store.rupture(second.id)])  # what is stored, exactly


def test_a_change_no_version_records_still_gives_a_new_model(
    service: Service, store: Store, home: Home, clock: FrozenClock
) -> None:
    rupture = log(service, home, clock, "Raised voice at tea")
    before = store.open_ruptures()[0]
    # Another table's column (the adults, from rupture_adults) changes without the rupture's version moving:
    # the memo keys on every column of the row as read, so it is seen.
    store.conn.execute("INSERT INTO rupture_adults (rupture_id, staff_id) VALUES (?, ?)", (rupture.id, home.dev.id))
    after = store.open_ruptures()[0]
    assert after is not before
    assert after.version == before.version and after.adult_ids == (home.sam.id, home.dev.id)


def test_a_row_that_left_is_not_kept_and_one_that_comes_back_is_made_afresh(
    service: Service, store: Store, home: Home, clock: FrozenClock
) -> None:
    rupture = log(service, home, clock, "Raised voice at tea")
    seen = store.open_ruptures()[0]
    service.mark_repaired(home.sam, rupture.id, "I said sorry for shouting; we played cards after.")
    assert store.open_ruptures() == []
    service.reopen(home.priya, rupture.id, "She said it still felt raw.")
    back = store.open_ruptures()[0]
    assert back is not seen and back.status.is_open and back.version > seen.version


def test_the_memo_holds_only_the_last_read_and_makes_each_new_row_once() -> None:
    made: list[int] = []

    def convert(row: dict[str, object]) -> tuple[object, ...]:
        made.append(int(row["id"]))  # type: ignore[call-overload]
        return tuple(row.values())

    memo: RowMemo[tuple[object, ...]] = RowMemo(convert)
    rows = [(1, "a"), (2, "b"), (1, "a")]
    first = memo(("id", "what"), rows)
    assert first[0] is first[2] and made == [1, 2]  # a row met twice in one read is made once
    assert memo(("id", "what"), [(2, "b")])[0] is first[1] and made == [1, 2]
    assert memo(("id", "what"), [(1, "a")])[0] is not first[0] and made == [1, 2, 1]  # (1, "a") had gone
    assert memo(("id", "text"), [(1, "a")]) == [(1, "a")] and made == [1, 2, 1, 1]  # other columns: afresh


def test_the_open_ruptures_are_found_through_the_open_index_not_the_whole_history(store: Store) -> None:
    # Walking every rupture ever recorded by time (to save a sort) cost 9 ms a read on five years.
    plan = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + OPEN_RUPTURES_SQL)]
    assert any("USING INDEX ruptures_open" in step for step in plan), plan
    assert not any("ruptures_by_time" in step for step in plan), plan
