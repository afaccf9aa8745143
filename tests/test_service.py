"""Use cases on a real file with a frozen clock: recording, reassigning and repairing, and every refusal
leaving the database as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from db import integrity
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import EventKind, RuptureKind, Severity, Status
from handover.domain.errors import InvalidInput, InvalidTransition, NotFound, StaleVersion
from handover.domain.models import Rupture, StaffMember, YoungPerson
from handover.service import UNOWNED, Service
from handover.sheet import render_sheet
from tests.conftest import Home


def counts(store: Store) -> tuple[int, int]:
    conn = store.db.conn
    return (
        conn.execute("SELECT count(*) FROM ruptures").fetchone()[0],
        conn.execute("SELECT count(*) FROM events").fetchone()[0],
    )


def log(service: Service, home: Home, **kw: object) -> Rupture:
    args: dict[str, object] = {
        "actor": home.sam,
        "young_person": home.jordan,
        "adults": [home.sam],
        "kind": RuptureKind.HARSH_TONE,
        "what_happened": "I raised my voice at tea time.",
        "occurred_at": service.clock.now() - timedelta(hours=2),
    }
    args.update(kw)
    return service.record_rupture(**args)  # type: ignore[arg-type]


def leaver(service: Service, table: str, person: YoungPerson | StaffMember) -> None:
    """There is no 'leave' use case yet: mark the person as having left directly in the file."""
    service.store.db.conn.execute(f"UPDATE {table} SET active = 0 WHERE id = ?", (person.id,))


class TestRecord:
    def test_owner_defaults_to_the_first_adult(self, service: Service, home: Home) -> None:
        r = log(service, home, adults=[home.dev, home.sam], severity=Severity.SERIOUS, incident_ref=" IR-204 ")
        stored = service.store.rupture(r.id)
        assert stored.owner_id == home.dev.id
        assert set(stored.adult_ids) == {home.dev.id, home.sam.id}
        assert (stored.severity, stored.incident_ref, stored.status) == (Severity.SERIOUS, "IR-204", Status.OPEN)
        assert stored.recorded_at == service.clock.now()
        assert stored.recorded_by == home.sam.id

    def test_adults_keep_the_order_they_were_named(self, service: Service, home: Home) -> None:
        r = log(service, home, adults=[home.dev, home.sam])
        assert service.store.rupture(r.id).adult_ids == r.adult_ids == (home.dev.id, home.sam.id)

    def test_unowned(self, service: Service, home: Home) -> None:
        r = log(service, home, owner=UNOWNED)
        assert service.store.rupture(r.id).owner_id is None
        assert service.store.board().open_ruptures[0].owner_id is None

    def test_someone_else_owns_the_repair(self, service: Service, home: Home) -> None:
        assert log(service, home, owner=home.priya).owner_id == home.priya.id

    def test_time_defaults_to_now_and_adults_are_not_repeated(self, service: Service, home: Home) -> None:
        r = log(service, home, occurred_at=None, adults=[home.sam, home.sam])
        assert r.occurred_at == service.clock.now()
        assert service.store.rupture(r.id).adult_ids == (home.sam.id,)

    def test_a_few_minutes_ahead_is_a_clock_difference(self, service: Service, home: Home) -> None:
        log(service, home, occurred_at=service.clock.now() + timedelta(minutes=4))

    def test_future_refused(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="The time of the rupture is in the future"):
            log(service, home, occurred_at=service.clock.now() + timedelta(hours=1))
        assert counts(service.store) == (0, 0)

    def test_before_arrival_refused_with_the_date(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput) as err:
            log(service, home, young_person=home.casey, occurred_at=datetime(2026, 11, 19, 20, 0, tzinfo=UTC))
        assert err.value.message == "That is before Casey Doyle arrived (20 Nov 2026). Check the date."
        assert counts(service.store) == (0, 0)

    def test_young_person_who_has_left_refused(self, service: Service, home: Home) -> None:
        leaver(service, "young_people", home.riley)
        riley = service.store.young_people()[1]
        with pytest.raises(InvalidInput, match="Riley Tanaka has left the home"):
            log(service, home, young_person=riley)
        with pytest.raises(NotFound, match="Riley Tanaka has left the home"):
            service.find_young_person("Riley Tanaka")
        assert counts(service.store) == (0, 0)

    def test_adult_who_has_left_refused(self, service: Service, home: Home) -> None:
        leaver(service, "staff", home.dev)
        dev = next(s for s in service.store.staff() if s.id == home.dev.id)
        with pytest.raises(InvalidInput, match="Dev Okafor has left the home, so no longer was involved"):
            log(service, home, adults=[dev])
        with pytest.raises(InvalidInput, match="Dev Okafor has left the home, so no longer can own the repair"):
            log(service, home, owner=dev)
        assert counts(service.store) == (0, 0)

    @pytest.mark.parametrize("text", ["", "   \n  "])
    def test_empty_text_refused(self, service: Service, home: Home, text: str) -> None:
        with pytest.raises(InvalidInput, match="'what happened' is empty"):
            log(service, home, what_happened=text)
        assert counts(service.store) == (0, 0)

    def test_too_long_text_refused(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="4,001 characters long; the most is 4,000"):
            log(service, home, what_happened="a" * 4001)
        assert counts(service.store) == (0, 0)

    def test_no_adults_refused(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="Name the adult involved"):
            log(service, home, adults=[])
        assert counts(service.store) == (0, 0)

    def test_long_incident_reference_refused(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="incident reference is longer than 80"):
            log(service, home, incident_ref="IR-" + "9" * 80)
        assert counts(service.store) == (0, 0)


class TestAssign:
    def test_reassign_records_previous_owner_and_reason(self, service: Service, home: Home) -> None:
        r = log(service, home)
        updated = service.assign_owner(home.priya, r.id, home.dev, reason="Sam is off until Monday")
        assert (updated.owner_id, updated.version) == (home.dev.id, 2)
        event = service.store.events(r.id)[-1]
        assert event.kind is EventKind.ASSIGNED
        assert event.actor_id == home.priya.id
        assert event.payload == {
            "owner_id": home.dev.id,
            "previous_owner_id": home.sam.id,
            "reason": "Sam is off until Monday",
        }

    def test_leave_unowned(self, service: Service, home: Home) -> None:
        r = log(service, home)
        assert service.assign_owner(home.priya, r.id, None).owner_id is None
        assert service.store.board().open_ruptures[0].owner_id is None

    def test_already_owner_refused(self, service: Service, home: Home) -> None:
        r = log(service, home)
        with pytest.raises(InvalidInput, match="Sam Kell already owns the repair of rupture #"):
            service.assign_owner(home.priya, r.id, home.sam)
        assert counts(service.store) == (1, 1)

    def test_already_unowned_refused(self, service: Service, home: Home) -> None:
        r = log(service, home, owner=UNOWNED)
        with pytest.raises(InvalidInput):
            service.assign_owner(home.priya, r.id, None)
        assert counts(service.store) == (1, 1)

    def test_unknown_rupture(self, service: Service, home: Home) -> None:
        with pytest.raises(NotFound, match="There is no rupture #42"):
            service.assign_owner(home.priya, 42, home.dev)

    def test_reassignment_clears_the_previous_owners_plan_and_keeps_it_in_the_timeline(
        self, service: Service, home: Home, clock: FrozenClock, tz: ZoneInfo
    ) -> None:
        r = log(service, home)
        plan = "Sit with Jordan after school and say I should not have shouted."
        service.plan(home.sam, r.id, plan, by_when=clock.now() + timedelta(hours=18))
        clock.advance(timedelta(minutes=30))
        service.assign_owner(home.priya, r.id, home.dev, reason="Sam is off until Monday")

        # Read back from the file by a second connection, as another terminal (and the sheet) would.
        reopened = Store.open(service.store.path)
        try:
            stored = reopened.rupture(r.id)
            assert (stored.owner_id, stored.next_step, stored.next_step_due) == (home.dev.id, None, None)
            assert stored.status is Status.PLANNED
            kinds = [e.kind for e in Service(reopened, clock, tz).timeline(r.id)]
            assert kinds == [EventKind.RECORDED, EventKind.PLANNED, EventKind.ASSIGNED]
            assert Service(reopened, clock, tz).timeline(r.id)[1].payload["plan"] == plan
        finally:
            reopened.close()
        sheet = render_sheet(service.handover_summary(), "txt", tz=tz)
        assert plan not in sheet
        assert "next step: none yet" in sheet
        # The stored row is still what its entries rebuild to.
        assert integrity.check(service.store.path, tz).ok


class TestRepair:
    def test_repaired_leaves_the_board_with_note_and_response(
        self, service: Service, home: Home, clock: FrozenClock
    ) -> None:
        r = log(service, home)
        other = log(service, home, young_person=home.riley)
        clock.advance(timedelta(hours=1))
        done = service.mark_repaired(home.sam, r.id, "  I told Jordan I shouted and that I was sorry. ", "Shrugged")
        assert (done.status, done.version, done.updated_at) == (Status.REPAIRED, 2, service.clock.now())
        assert service.store.events(r.id)[-1].payload == {
            "note": "I told Jordan I shouted and that I was sorry.",
            "response": "Shrugged",
        }
        assert [x.id for x in service.store.board().open_ruptures] == [other.id]

    def test_response_is_optional(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.mark_repaired(home.sam, r.id, "We talked it through on the walk to school.")
        assert service.store.events(r.id)[-1].payload["response"] == ""

    def test_note_required(self, service: Service, home: Home) -> None:
        r = log(service, home)
        with pytest.raises(InvalidInput, match="'what was said' is empty"):
            service.mark_repaired(home.sam, r.id, "  ")
        assert service.store.rupture(r.id).status is Status.OPEN
        assert counts(service.store) == (1, 1)

    def test_repairing_twice_refused(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.mark_repaired(home.sam, r.id, "I said sorry for shouting.")
        with pytest.raises(InvalidTransition, match=f"Rupture #{r.id} cannot be marked repaired: it is already"):
            service.mark_repaired(home.dev, r.id, "Again.")
        assert counts(service.store) == (1, 2)

    def test_stale_version_names_who_and_local_time(self, service: Service, home: Home, clock: FrozenClock) -> None:
        clock.set(datetime(2026, 7, 1, 18, 0, tzinfo=UTC))  # summer: 19:00 in the home
        r = log(service, home)
        clock.advance(timedelta(minutes=5))
        service.assign_owner(home.priya, r.id, home.dev, "handover")  # now version 2, at 19:05 BST
        with pytest.raises(StaleVersion) as err:
            service.mark_repaired(home.sam, r.id, "I said sorry.", expected_version=1)
        # It says what changed, with the one describer, in the home's summer time.
        assert err.value.message.startswith(
            f"Rupture #{r.id} changed since you opened it: "
            "Priya Shah gave the repair to Dev Okafor (it was with Sam Kell) at 19:05."
        )
        assert "Nothing was saved" in err.value.message
        assert err.value.changed_by == "Priya Shah"
        assert err.value.current is not None and err.value.current.version == 2
        stored = service.store.rupture(r.id)
        assert (stored.status, stored.version) == (Status.OPEN, 2)
        assert counts(service.store) == (1, 2)

    def test_someone_else_writes_between_read_and_save(
        self, service: Service, home: Home, clock: FrozenClock, tz: ZoneInfo, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        r = log(service, home)
        other_store = Store.open(service.store.path)
        try:
            other = Service(other_store, clock, tz)
            real_read = service.store.rupture

            def read_then_another_terminal_saves(rupture_id: int) -> Rupture:
                seen = real_read(rupture_id)
                monkeypatch.undo()  # only the first read races; saying what changed reads it as it is now
                clock.advance(timedelta(minutes=1))
                other.assign_owner(home.priya, rupture_id, home.dev, "taking it on")
                return seen

            monkeypatch.setattr(service.store, "rupture", read_then_another_terminal_saves)
            with pytest.raises(
                StaleVersion, match=r"Priya Shah gave the repair to Dev Okafor \(it was with Sam Kell\) at 20:01"
            ):
                service.mark_repaired(home.sam, r.id, "I said sorry.")
        finally:
            other_store.close()
        stored = Store.rupture(service.store, r.id)
        assert (stored.status, stored.owner_id, stored.version) == (Status.OPEN, home.dev.id, 2)
        assert counts(service.store) == (1, 2)


class TestHomeAndPeople:
    def test_init_again_with_the_same_name_is_fine(self, service: Service) -> None:
        service.init_home("  Larch   House ")
        assert service.store.settings().home_name == "Larch House"

    def test_init_with_another_name_refused(self, service: Service) -> None:
        with pytest.raises(InvalidInput) as err:
            service.init_home("Rowan Lodge")
        assert (
            err.value.message == "This database already belongs to 'Larch House'. Use another --db for 'Rowan Lodge'."
        )
        assert service.store.settings().home_name == "Larch House"

    def test_default_thresholds(self, service: Service) -> None:
        settings = service.store.settings()
        assert (settings.due_soon_hours, settings.overdue_hours) == (24, 48)

    def test_duplicate_young_person_refused(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="already a young person called Jordan Mills"):
            service.add_young_person("jordan mills")
        assert len(service.store.young_people()) == 3

    def test_duplicate_staff_refused(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="already a staff member called Sam Kell"):
            service.add_staff(" Sam  Kell ")
        assert len(service.store.staff()) == 4

    def test_name_of_a_leaver_can_be_used_again(self, service: Service, home: Home) -> None:
        leaver(service, "staff", home.dev)
        again = service.add_staff("Dev Okafor")
        assert service.find_staff("Dev Okafor").id == again.id

    def test_arrival_in_the_future_refused(self, service: Service, clock: FrozenClock) -> None:
        with pytest.raises(InvalidInput, match="The arrival date is in the future"):
            service.add_young_person("Avery Lund", clock.now() + timedelta(days=2))
        assert service.store.young_people() == []

    def test_find_people_by_what_staff_type(self, service: Service, home: Home) -> None:
        assert service.find_young_person("JM") == home.jordan
        assert service.find_staff("priya") == home.priya
        with pytest.raises(NotFound, match="did you mean Jordan Mills"):
            service.find_young_person("Jordon")
