"""Shift and handover use cases on a real file with a frozen clock: marks on and off shift, the shift pattern,
reassigning one or all of a person's repairs, accepting a reassigned repair, reg 35 ticks, and accepting the
handover. Each is an event or record with the right actor, one transaction, refused in plain words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from db import shifts as shift_rows
from db.audit import AuditEntry, entries
from db.store import Store
from handover.clock import FrozenClock
from handover.domain import views
from handover.domain.board import board_rows
from handover.domain.enums import EndReason, EventKind, Role, RuptureKind, Severity, Status
from handover.domain.errors import InvalidInput, InvalidTransition, NotFound
from handover.domain.models import Rupture, StaffMember
from handover.domain.permissions import NotAllowed
from handover.domain.reg35 import ClockState, Reg35Clock
from handover.domain.shifts import SLEEP_IN_PATTERN, ShiftState
from handover.service import UNOWNED, Service
from tests.conftest import FROZEN_AT, Home


def counts(store: Store) -> tuple[int, ...]:
    tables = ("ruptures", "events", "shift_marks", "handovers", "audit", "settings")
    return tuple(store.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def log(service: Service, home: Home, hours_ago: float = 2, **kw: object) -> Rupture:
    args: dict[str, object] = {
        "actor": home.sam,
        "young_person": home.jordan,
        "adults": [home.sam],
        "kind": RuptureKind.HARSH_TONE,
        "what_happened": "I raised my voice at tea time.",
        "occurred_at": service.clock.now() - timedelta(hours=hours_ago),
    }
    args.update(kw)
    return service.record_rupture(**args)  # type: ignore[arg-type]


def audit_rows(store: Store, action: str) -> list[AuditEntry]:
    return [e for e in entries(store) if e.source == "audit" and e.action == action]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)  # November in London is GMT


class TestShiftMarks:
    def test_marked_on_the_shift_about_to_run_by_whoever_marked_it(self, service: Service, home: Home) -> None:
        mark = service.mark_on_shift(home.priya, home.sam, True)
        assert (mark.staff_id, mark.by_id, mark.on_shift, mark.at) == (home.sam.id, home.priya.id, True, FROZEN_AT)
        assert (mark.shift, mark.shift_start, mark.shift_end) == ("late", local(27, 14), local(27, 22))
        assert shift_rows.latest_marks(service.store)[home.sam.id] == mark

    def test_a_named_shift(self, service: Service, home: Home) -> None:
        mark = service.mark_on_shift(home.dev, home.dev, True, shift="waking")
        assert (mark.shift, mark.shift_start, mark.shift_end) == ("waking night", local(27, 22), local(28, 7))

    def test_marks_are_appended_and_the_latest_stands(self, service: Service, home: Home, clock: FrozenClock) -> None:
        service.mark_on_shift(home.sam, home.sam, True)
        clock.advance(timedelta(minutes=30))
        service.mark_on_shift(home.sam, home.sam, False)
        history = service.shift_marks(home.sam)
        assert [(m.on_shift, m.shift) for m in history] == [(True, "late"), (False, None)]
        assert service.on_shift() == []
        with pytest.raises(Exception, match="append-only"):
            service.store.db.conn.execute("DELETE FROM shift_marks")

    def test_on_shift_lists_who_is_on_and_when_they_go(self, service: Service, home: Home, clock: FrozenClock) -> None:
        service.mark_on_shift(home.sam, home.sam, True)
        service.mark_on_shift(home.priya, home.dev, True, shift="waking night")
        clock.set(local(27, 21, 30))
        assert [(s.staff.name, s.shift, s.ends, s.state) for s in service.on_shift()] == [
            ("Dev Okafor", "waking night", local(28, 7), ShiftState.ON),
            ("Sam Kell", "late", local(27, 22), ShiftState.LEAVING),
        ]

    def test_refusals(self, service: Service, home: Home) -> None:
        before = counts(service.store)
        with pytest.raises(InvalidInput, match="Sam Kell is not marked on shift, so cannot be marked off"):
            service.mark_on_shift(home.sam, home.sam, False)
        with pytest.raises(InvalidInput, match="no shift called 'twilight'"):
            service.mark_on_shift(home.sam, home.sam, True, shift="twilight")
        with pytest.raises(InvalidInput, match="only named when marking someone on"):
            service.mark_on_shift(home.sam, home.sam, False, shift="late")
        service.store.set_active(home.dev, False)
        with pytest.raises(InvalidInput, match="Dev Okafor has left the home, so no longer works shifts here"):
            service.mark_on_shift(home.priya, replace(home.dev, active=False), True)
        with pytest.raises(NotAllowed, match="you can mark yourself on or off shift; only a shift lead or manager"):
            service.mark_on_shift(home.sam, home.priya, True)
        assert counts(service.store) == before
        service.mark_on_shift(home.sam, home.sam, True)
        with pytest.raises(InvalidInput, match=r"Sam Kell is already on shift \(late 14:00-22:00\)"):
            service.mark_on_shift(home.sam, home.sam, True)

    def test_switching_to_another_shift_is_a_new_mark(self, service: Service, home: Home) -> None:
        service.mark_on_shift(home.sam, home.sam, True)
        again = service.mark_on_shift(home.sam, home.sam, True, shift="waking night")
        assert again.shift == "waking night"


class TestShiftPattern:
    def test_default_then_sleep_in(self, service: Service, home: Home) -> None:
        assert service.shift_pattern().name == "default"
        service.mark_on_shift(home.sam, home.sam, True)
        chosen = service.set_shift_pattern(home.morgan, "sleep-in")
        assert chosen == SLEEP_IN_PATTERN == service.shift_pattern() == service.store.board().shift_pattern
        # The mark made under the old pattern keeps its shift.
        assert service.on_shift()[0].shift == "late"
        assert service.mark_on_shift(home.priya, home.priya, True).shift == "sleep-in"
        summary = service.handover_summary()
        assert (summary.going_off.start, summary.coming_on.start) == (local(27, 10), local(28, 10))
        [row] = audit_rows(service.store, "shift-pattern")
        assert (row.actor_id, row.detail["old"], row.detail["new"]) == (
            home.morgan.id,
            "default: early 07:00-15:00, late 14:00-22:00, waking night 22:00-07:00",
            "sleep-in: sleep-in 10:00-10:00",
        )

    def test_refusals(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="no preset 'rota'"):
            service.set_shift_pattern(home.morgan, "rota")
        with pytest.raises(NotAllowed, match="only a manager can change the home's shift pattern"):
            service.set_shift_pattern(home.priya, "sleep-in")
        assert service.shift_pattern().name == "default"


class TestLeavingFollowsTheClock:
    def test_across_the_late_to_night_boundary(self, service: Service, home: Home, clock: FrozenClock) -> None:
        sams = log(service, home)
        devs = log(service, home, adults=[home.dev], young_person=home.riley)
        log(service, home, owner=UNOWNED, young_person=home.casey)
        service.mark_on_shift(home.sam, home.sam, True)  # late, until 22:00
        service.mark_on_shift(home.dev, home.dev, True, shift="waking night")  # 22:00 to 07:00

        def leaving() -> list[int]:
            return [row.rupture.id for row in views.leaving(board_rows(service.store.board(), clock.now()))]

        assert leaving() == []
        clock.set(local(27, 21))
        assert leaving() == [sams.id]
        clock.set(local(27, 22, 5))
        assert leaving() == [sams.id]  # off shift now
        clock.set(local(28, 6, 30))
        assert leaving() == [devs.id, sams.id]
        service.assign_owner(home.priya, sams.id, home.priya)  # Priya has no mark: off shift too
        assert leaving() == [devs.id, sams.id]
        service.mark_on_shift(home.priya, home.priya, True)  # the early, 07:00 to 15:00
        assert leaving() == [devs.id]


class TestReassignAndAccept:
    def test_reassign_awaits_acceptance_until_the_new_owner_accepts(
        self, service: Service, home: Home, clock: FrozenClock
    ) -> None:
        r = log(service, home)
        given = service.assign_owner(home.priya, r.id, home.dev, "Sam is on leave")
        assert (given.owner_id, given.awaiting_acceptance) == (home.dev.id, True)
        clock.advance(timedelta(minutes=10))
        accepted = service.accept_assignment(home.dev, r.id, "I'll talk to Jordan after school tomorrow.")
        assert accepted.awaiting_acceptance is False
        assert accepted.next_step == "I'll talk to Jordan after school tomorrow."
        last = service.timeline(r.id)[-1]
        assert (last.kind, last.actor_id, last.at) == (
            EventKind.ACCEPTED,
            home.dev.id,
            FROZEN_AT + timedelta(minutes=10),
        )
        assert last.payload == {"note": "I'll talk to Jordan after school tomorrow."}

    def test_accept_without_a_note_leaves_no_next_step(self, service: Service, home: Home) -> None:
        # Sam's plan was Sam's: Dev accepting the repair does not make it Dev's promise.
        r = log(service, home)
        service.plan(home.sam, r.id, "Say sorry at breakfast")
        service.assign_owner(home.priya, r.id, home.dev)
        assert service.accept_assignment(home.dev, r.id).next_step is None
        assert [e.payload.get("plan") for e in service.timeline(r.id)][1] == "Say sorry at breakfast"

    def test_only_the_owner_accepts_and_only_once(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.assign_owner(home.priya, r.id, home.dev)
        before = counts(service.store)
        with pytest.raises(NotAllowed, match=r"Sam Kell does not own the repair of rupture #1: only the person it"):
            service.accept_assignment(home.sam, r.id)
        with pytest.raises(NotAllowed, match=r"Priya Shah does not own the repair of rupture #1"):
            service.accept_assignment(home.priya, r.id)
        assert counts(service.store) == before
        service.accept_assignment(home.dev, r.id)
        with pytest.raises(InvalidTransition, match="not waiting to be accepted: Dev Okafor already has it"):
            service.accept_assignment(home.dev, r.id)
        with pytest.raises(NotFound, match="no rupture #99"):
            service.accept_assignment(home.dev, 99)

    def test_unowned_cannot_be_accepted(self, service: Service, home: Home) -> None:
        r = log(service, home, owner=UNOWNED)
        with pytest.raises(NotAllowed, match=r"Sam Kell does not own the repair of rupture #1"):
            service.accept_assignment(home.sam, r.id)

    def test_taking_it_yourself_needs_no_acceptance(self, service: Service, home: Home) -> None:
        r = log(service, home, owner=UNOWNED)
        assert service.assign_owner(home.dev, r.id, home.dev).awaiting_acceptance is False
        mine = log(service, home)
        assert service.assign_owner(home.priya, mine.id, home.priya).awaiting_acceptance is False


class TestBulkReassign:
    def test_every_open_repair_given_each_its_own_event(self, service: Service, home: Home) -> None:
        first = log(service, home, hours_ago=5)
        second = log(service, home, hours_ago=3, young_person=home.riley)
        repaired = log(service, home, hours_ago=1)
        service.mark_repaired(home.sam, repaired.id, "I said sorry for shouting.")
        others = log(service, home, adults=[home.dev])
        moved = service.bulk_reassign(home.priya, home.sam, home.dev, "Sam is on leave")
        assert [r.id for r in moved] == [first.id, second.id]
        for r in moved:
            stored = service.store.rupture(r.id)
            assert (stored.owner_id, stored.awaiting_acceptance) == (home.dev.id, True)
            event = service.timeline(r.id)[-1]
            assert (event.kind, event.actor_id) == (EventKind.ASSIGNED, home.priya.id)
            assert event.payload == {
                "owner_id": home.dev.id,
                "previous_owner_id": home.sam.id,
                "reason": "Sam is on leave",
            }
        assert service.store.rupture(repaired.id).owner_id == home.sam.id
        assert service.store.rupture(others.id).version == 1

    def test_all_or_nothing(self, service: Service, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
        log(service, home, hours_ago=5)
        log(service, home, hours_ago=3)
        real = service.assign_owner
        calls = []

        def fail_on_second(*args: object, **kwargs: object) -> Rupture:
            calls.append(args)
            if len(calls) == 2:
                raise InvalidInput("The second one failed.")
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(service, "assign_owner", fail_on_second)
        before = counts(service.store)
        with pytest.raises(InvalidInput, match="second one failed"):
            service.bulk_reassign(home.priya, home.sam, home.dev, "")
        assert counts(service.store) == before
        assert {r.owner_id for r in service.store.open_ruptures()} == {home.sam.id}

    def test_refusals(self, service: Service, home: Home) -> None:
        log(service, home)
        before = counts(service.store)
        with pytest.raises(InvalidInput, match="Dev Okafor owns no open repairs, so there is nothing to give"):
            service.bulk_reassign(home.priya, home.dev, home.sam, "")
        with pytest.raises(InvalidInput, match="that is the same person"):
            service.bulk_reassign(home.priya, home.sam, home.sam, "")
        gone = replace(home.dev, active=False)
        with pytest.raises(InvalidInput, match="Dev Okafor has left the home"):
            service.bulk_reassign(home.priya, home.sam, gone, "")
        assert counts(service.store) == before


class TestReg35:
    def test_tick_is_an_event_with_the_actor(self, service: Service, home: Home, clock: FrozenClock) -> None:
        r = log(service, home, kind=RuptureKind.RESTRAINT, severity=Severity.SERIOUS)
        clock.advance(timedelta(hours=1))
        ticked = service.tick_reg35(home.morgan, r.id, "manager", "Spoke with Sam; record signed.")
        assert ticked.reg35_done == ("manager",)
        event = service.timeline(r.id)[-1]
        assert (event.kind, event.actor_id, event.at) == (EventKind.CLOCK_TICKED, home.morgan.id, clock.now())
        assert event.payload == {"clock": "manager", "note": "Spoke with Sam; record signed."}
        assert service.tick_reg35(home.priya, r.id, Reg35Clock.RECORD).reg35_done == ("manager", "record")

    def test_clocks_run_on_after_a_repair(self, service: Service, home: Home) -> None:
        r = log(service, home, kind=RuptureKind.RESTRAINT)
        service.mark_repaired(home.sam, r.id, "I told Jordan why I held him, and that I am sorry it happened.")
        assert service.tick_reg35(home.priya, r.id, "child").status is Status.REPAIRED

    def test_refusals_in_plain_words(self, service: Service, home: Home, clock: FrozenClock) -> None:
        restraint = log(service, home, kind=RuptureKind.RESTRAINT)
        other = log(service, home)
        service.tick_reg35(home.priya, restraint.id, "record")
        clock.advance(timedelta(hours=3))
        before = counts(service.store)
        with pytest.raises(InvalidInput, match=r"Rupture #2 is a harsh tone, not a restraint"):
            service.tick_reg35(home.priya, other.id, "record")
        with pytest.raises(
            InvalidTransition,
            match=r"'record made' clock of rupture #1 was already ticked by Priya Shah on Fri 27 Nov at 20:00",
        ):
            service.tick_reg35(home.morgan, restraint.id, "record")
        with pytest.raises(InvalidInput, match="no reg 35 clock 'doctor'"):
            service.tick_reg35(home.priya, restraint.id, "doctor")
        with pytest.raises(NotFound):
            service.tick_reg35(home.priya, 42, "record")
        with pytest.raises(NotAllowed, match="Sam Kell is staff: only a shift lead or manager can tick off a reg 35"):
            service.tick_reg35(home.sam, restraint.id, "child")
        with pytest.raises(NotAllowed, match="only a manager can sign the manager's reg 35 clock"):
            service.tick_reg35(home.priya, restraint.id, "manager")
        assert counts(service.store) == before

    def test_clocks_turn_due_soon_and_overdue_in_the_summary(
        self, service: Service, home: Home, clock: FrozenClock
    ) -> None:
        r = log(service, home, hours_ago=0, kind=RuptureKind.RESTRAINT)

        def states() -> dict[str, ClockState]:
            return {
                i.clock.clock.value: i.clock.state for i in service.handover_summary().reg35 if i.rupture_id == r.id
            }

        assert states() == {"record": ClockState.DUE, "manager": ClockState.DUE, "child": ClockState.DUE}
        clock.advance(timedelta(hours=18))
        assert states()["record"] is ClockState.DUE_SOON
        clock.advance(timedelta(hours=6, minutes=1))
        assert states()["record"] is ClockState.OVERDUE
        service.tick_reg35(home.priya, r.id, "record")
        clock.advance(timedelta(hours=24))
        assert states() == {"manager": ClockState.OVERDUE, "child": ClockState.DUE}


class TestHandover:
    def test_summary(self, service: Service, home: Home, clock: FrozenClock) -> None:
        clock.set(local(27, 13))
        early_repair = log(service, home, hours_ago=1, adults=[home.priya])
        service.mark_repaired(home.priya, early_repair.id, "Sorry I snapped.")  # 13:00: the early shift
        clock.set(local(27, 16))
        late_repair = log(service, home, hours_ago=1, young_person=home.casey, adults=[home.dev])
        service.mark_repaired(home.dev, late_repair.id, "I named that I walked off.")  # 16:00: the late shift
        reopened = log(service, home, hours_ago=1, young_person=home.riley)
        clock.set(local(27, 17))
        service.mark_repaired(home.sam, reopened.id, "Talked it through.")
        clock.set(local(27, 18))
        service.reopen(home.priya, reopened.id, "Riley said it still hurts.")
        held = log(service, home, hours_ago=30, kind=RuptureKind.RESTRAINT)
        service.mark_repaired(home.sam, held.id, "Named why I held him.")
        wrong = log(service, home, hours_ago=2, kind=RuptureKind.RESTRAINT, young_person=home.casey)
        service.end_without_repair(
            home.priya, wrong.id, EndReason.RECORDED_IN_ERROR, "Not a restraint: a hand on a shoulder."
        )
        unowned = log(service, home, hours_ago=50, owner=UNOWNED)
        service.mark_on_shift(home.sam, home.sam, True, shift="late")
        service.mark_on_shift(home.priya, home.dev, True, shift="waking night")
        clock.set(local(27, 20))
        summary = service.handover_summary()
        assert summary.home_name == "Larch House"
        assert (summary.going_off.shift, summary.coming_on.shift) == ("late", "waking night")
        assert [s.staff.name for s in summary.staff_going_off] == ["Sam Kell"]
        assert [s.staff.name for s in summary.staff_coming_on] == ["Dev Okafor"]
        assert [(i.rupture_id, i.by, i.at, i.still_repaired) for i in summary.repaired] == [
            (late_repair.id, "Dev Okafor", local(27, 16), True),
            (reopened.id, "Sam Kell", local(27, 17), False),
            (held.id, "Sam Kell", local(27, 18), True),
        ]
        assert [(i.rupture_id, i.clock.clock.value, i.clock.state) for i in summary.reg35] == [
            (held.id, "record", ClockState.OVERDUE),
            (held.id, "manager", ClockState.DUE),
            (held.id, "child", ClockState.DUE),
        ]
        assert [r.rupture.id for r in summary.unowned] == [unowned.id]
        assert [r.rupture.id for r in summary.overdue] == [unowned.id]
        assert [r.rupture.id for r in summary.open_rows] == [unowned.id, reopened.id]
        assert [(g.owner.name, [r.rupture.id for r in g.rows]) for g in summary.leaving] == []

    def test_closed_restraints_are_read_through_each_ones_own_entries(self, service: Service, home: Home) -> None:
        """The handover's read of restraints still carrying reg 35 clocks looks at each restraint's own entries,
        not at every repair and ending in the home's history for each one (1.35 s on five years, on every read
        of the handover screen). SQLite's own plan for the query, on a real file, says which index it takes."""
        held = log(service, home, hours_ago=30, kind=RuptureKind.RESTRAINT)
        service.mark_repaired(home.sam, held.id, "Named why I held him.")
        plan = " / ".join(
            str(row[3])
            for row in service.store.conn.execute(
                f"EXPLAIN QUERY PLAN {shift_rows.CLOSED_RESTRAINTS}", shift_rows.CLOSED_RESTRAINTS_PARAMS
            )
        )
        assert "USING INDEX events_by_rupture" in plan, plan
        assert "events_by_kind" not in plan, plan
        assert [i.rupture_id for i in service.handover_summary().reg35] == [held.id] * 3

    def test_accepting_records_who_when_and_what_was_outstanding(
        self, service: Service, home: Home, clock: FrozenClock
    ) -> None:
        old = log(service, home, hours_ago=50)
        unowned = log(service, home, hours_ago=3, owner=UNOWNED, young_person=home.riley)
        given = log(service, home, hours_ago=1, young_person=home.casey)
        service.assign_owner(home.priya, given.id, home.dev)
        service.mark_on_shift(home.priya, home.priya, True, "waking night")  # Priya is coming on
        record = service.accept_handover(home.priya)
        assert (record.at, record.accepted_by) == (FROZEN_AT, home.priya.id)
        assert (record.shift_going_off, record.shift_coming_on) == (
            "late, Fri 27 Nov 14:00-22:00",
            "waking night, Fri 27 Nov 22:00-07:00",
        )
        assert record.summary["open"] == [old.id, unowned.id, given.id]
        assert record.summary["overdue"] == [old.id]
        assert record.summary["unowned"] == [unowned.id]
        assert record.summary["awaiting_acceptance"] == [given.id]
        assert record.summary["leaving"] == {str(home.sam.id): [old.id], str(home.dev.id): [given.id]}
        assert (record.summary["staff_going_off"], record.summary["staff_coming_on"]) == ([], [home.priya.id])
        assert record.summary["counts"] == {
            "open": 3,
            "overdue": 1,
            "unowned": 1,
            "awaiting_acceptance": 1,
            "leaving": 2,
            "reg35_outstanding": 0,
            "repaired": 0,
        }
        assert service.last_handover() == record == service.store.board().last_handover
        [row] = audit_rows(service.store, "accept-handover")
        assert (row.actor_id, row.at, row.detail) == (
            home.priya.id,
            FROZEN_AT,
            {"handover_id": record.id, "going_off": record.shift_going_off, "coming_on": record.shift_coming_on},
        )
        summary = service.handover_summary()
        assert (summary.last_handover, summary.last_handover_by) == (record, "Priya Shah")

    def test_the_same_handover_is_accepted_once(self, service: Service, home: Home, clock: FrozenClock) -> None:
        service.mark_on_shift(home.priya, home.priya, True, "waking night")
        service.accept_handover(home.priya)
        clock.advance(timedelta(minutes=5))
        before = counts(service.store)
        with pytest.raises(InvalidInput, match="from late to waking night was already accepted by Priya Shah at 20:00"):
            service.accept_handover(home.morgan)
        assert counts(service.store) == before
        clock.set(local(28, 6, 50))
        record = service.accept_handover(home.morgan)
        assert (record.shift_going_off, record.shift_coming_on) == (
            "waking night, Fri 27 Nov 22:00-07:00",
            "early, Sat 28 Nov 07:00-15:00",
        )
        assert [h.id for h in shift_rows.handovers(service.store)] == [record.id, record.id - 1]

    def test_handovers_are_never_changed(self, service: Service, home: Home) -> None:
        service.accept_handover(home.morgan)
        for sql in ("UPDATE handovers SET accepted_by = 1", "DELETE FROM handovers", "DELETE FROM audit"):
            with pytest.raises(Exception, match="never|append-only"):
                service.store.db.conn.execute(sql)


class TestWhoAcceptsTheHandover:
    """Fri 27 Nov: Priya leads the late (14:00-22:00), Tariq leads the waking night coming on at 22:00, Dev works
    the waking night, Morgan (the manager) is not on shift. The handover from the late runs from about 21:00."""

    @pytest.fixture
    def tariq(self, service: Service, home: Home, clock: FrozenClock) -> StaffMember:
        tariq = service.add_staff("Tariq Bell", Role.SHIFT_LEAD)
        clock.set(local(27, 14))
        service.mark_on_shift(home.priya, home.priya, True)  # the late
        clock.set(local(27, 21, 40))
        service.mark_on_shift(tariq, tariq, True)  # coming on: the waking night
        service.mark_on_shift(tariq, home.dev, True)
        clock.set(local(27, 21, 50))
        return tariq

    def test_the_lead_going_off_is_refused_and_told_who_accepts_it(
        self, service: Service, home: Home, tariq: StaffMember
    ) -> None:
        before = counts(service.store)
        with pytest.raises(NotAllowed) as err:
            service.accept_handover(home.priya)
        assert err.value.message == (
            "You are going off shift (late 14:00-22:00); the handover is accepted by someone coming on (Tariq Bell)."
        )
        assert counts(service.store) == before
        assert service.last_handover() is None

    def test_still_going_off_when_the_handover_runs_past_the_end_of_the_shift(
        self, service: Service, home: Home, tariq: StaffMember, clock: FrozenClock
    ) -> None:
        clock.set(local(27, 22, 20))
        with pytest.raises(NotAllowed, match=r"^You are going off shift \(late 14:00-22:00\)"):
            service.accept_handover(home.priya)

    def test_the_incoming_lead_accepts(self, service: Service, home: Home, tariq: StaffMember) -> None:
        record = service.accept_handover(tariq)
        assert (record.accepted_by, record.at) == (tariq.id, local(27, 21, 50))
        assert (record.shift_going_off, record.shift_coming_on) == (
            "late, Fri 27 Nov 14:00-22:00",
            "waking night, Fri 27 Nov 22:00-07:00",
        )
        assert service.handover_summary().last_handover_by == "Tariq Bell"

    def test_a_manager_accepts_whichever_shift_they_are_on(
        self, service: Service, home: Home, tariq: StaffMember
    ) -> None:
        assert service.accept_handover(home.morgan).accepted_by == home.morgan.id

    def test_a_lead_not_on_shift_is_told_to_mark_themselves_on(
        self, service: Service, home: Home, tariq: StaffMember, clock: FrozenClock
    ) -> None:
        service.mark_on_shift(home.priya, home.priya, False)
        with pytest.raises(NotAllowed) as err:
            service.accept_handover(home.priya)
        assert err.value.message == (
            "You are not marked on the coming shift (waking night 22:00-07:00); the handover is accepted by "
            "someone coming on. Mark yourself on shift first if you are."
        )
        service.mark_on_shift(home.priya, home.priya, True, "waking night")  # staying on for the night
        assert service.accept_handover(home.priya).accepted_by == home.priya.id

    def test_staff_coming_on_are_refused_by_role(self, service: Service, home: Home, tariq: StaffMember) -> None:
        with pytest.raises(NotAllowed) as err:
            service.accept_handover(home.dev)
        assert err.value.message == "Dev Okafor is staff: only a shift lead or manager can accept the handover."

    def test_the_check_before_asking_gives_the_same_answers_and_writes_nothing(
        self, service: Service, home: Home, tariq: StaffMember
    ) -> None:
        before = counts(service.store)
        with pytest.raises(NotAllowed, match=r"^You are going off shift \(late 14:00-22:00\); .* \(Tariq Bell\)\.$"):
            service.check_handover_acceptance(home.priya)
        summary = service.check_handover_acceptance(tariq)
        assert (summary.going_off.shift, summary.coming_on.shift) == ("late", "waking night")
        assert counts(service.store) == before
        service.accept_handover(tariq)
        with pytest.raises(InvalidInput, match="from late to waking night was already accepted by Tariq Bell at 21:50"):
            service.check_handover_acceptance(home.morgan)

    def test_going_off_with_no_lead_coming_on_yet(self, service: Service, home: Home, clock: FrozenClock) -> None:
        clock.set(local(27, 14))
        service.mark_on_shift(home.priya, home.priya, True)
        clock.set(local(27, 21, 50))
        with pytest.raises(NotAllowed) as err:
            service.accept_handover(home.priya)
        assert err.value.message == (
            "You are going off shift (late 14:00-22:00); the handover is accepted by someone coming on, "
            "once they are marked on shift."
        )


class TestAuthorise:
    """Every use case asks `_authorise` with its action name (the role rules are filled in elsewhere)."""

    def test_action_names(self, service: Service, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
        r = log(service, home, kind=RuptureKind.RESTRAINT)
        asked: list[tuple[str, str, int | None, object]] = []
        real = service._authorise

        def spy(actor: StaffMember, action: str, rupture: Rupture | None = None, detail: object = None) -> StaffMember:
            asked.append((actor.name, action, rupture.id if rupture else None, detail))
            return real(actor, action, rupture, detail)  # type: ignore[arg-type]

        monkeypatch.setattr(service, "_authorise", spy)
        service.mark_on_shift(home.priya, home.sam, True)
        service.bulk_reassign(home.priya, home.sam, home.dev, "")
        service.accept_assignment(home.dev, r.id)
        service.tick_reg35(home.morgan, r.id, "manager")
        service.accept_handover(home.morgan)
        service.set_shift_pattern(home.morgan, "sleep-in")
        assert [a[:3] for a in asked] == [
            ("Priya Shah", "shift-mark", None),
            ("Priya Shah", "bulk-reassign", None),
            ("Priya Shah", "assigned", r.id),
            ("Dev Okafor", "accept-assignment", r.id),
            ("Dev Okafor", "accepted", r.id),
            ("Morgan Blake", "reg35", r.id),
            ("Morgan Blake", "clock-ticked", r.id),
            ("Morgan Blake", "accept-handover", None),
            ("Morgan Blake", "shift-pattern", None),
        ]
        assert asked[0][3] == {"staff_id": home.sam.id}
        assert asked[5][3] == {"clock": "manager"}

    def test_a_leaver_cannot_act(self, service: Service, home: Home) -> None:
        service.store.set_active(home.priya, False)
        with pytest.raises(InvalidInput, match="Priya Shah has left the home and cannot record changes"):
            service.accept_handover(home.priya)
