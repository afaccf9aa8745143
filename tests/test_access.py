"""People trust, on a real file with a frozen clock: PINs, sign-in and lock-out (with their audit rows), every
role refusal at the service layer (nothing written), the home being set up, and the command line acting as a
named person with their PIN."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import handover.cli_people as cli_people
import handover.cli_support as cli_support
from db import pins as pin_rows
from db.store import Store
from handover.cli import cli
from handover.cli_support import PIN_ENV
from handover.clock import FrozenClock
from handover.demo import build_demo
from handover.domain.enums import EndReason, EventKind, Role, RuptureKind
from handover.domain.errors import InvalidInput, InvalidTransition
from handover.domain.models import Rupture, StaffMember
from handover.domain.permissions import NotAllowed
from handover.domain.pins import NoPinSet, SignInLocked, SignInRefused, WrongPin, pin_matches
from handover.service import UNOWNED, Service
from tests.conftest import Home
from tests.test_cli import Handover

PINS = {"Sam Kell": "2580", "Priya Shah": "40917", "Dev Okafor": "7391", "Morgan Blake": "86420"}


def audit_rows(store: Store, action: str | None = None) -> list[dict[str, Any]]:
    rows = store.rows("SELECT * FROM audit ORDER BY id")
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return [r for r in rows if action is None or r["action"] == action]


def counts(store: Store) -> tuple[int, ...]:
    tables = ("ruptures", "events", "young_people", "staff", "rupture_adults")
    return tuple(store.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables)


def staff_row(store: Store, person: StaffMember) -> dict[str, Any]:
    return store.rows("SELECT * FROM staff WHERE id = ?", (person.id,))[0]


def log(service: Service, home: Home, **kw: Any) -> Rupture:
    args: dict[str, Any] = {
        "actor": home.sam,
        "young_person": home.jordan,
        "adults": [home.sam],
        "kind": RuptureKind.HARSH_TONE,
        "what_happened": "I raised my voice at tea time.",
        "occurred_at": service.clock.now() - timedelta(hours=2),
    }
    args.update(kw)
    return service.record_rupture(**args)


@pytest.fixture
def pins(service: Service, home: Home) -> dict[str, str]:
    """Everyone in the fixture home has a PIN, set by Morgan (the manager)."""
    for person in home.staff:
        service.set_pin(home.morgan, person, PINS[person.name])
    return PINS


# == PINs ====================================================================================================
class TestSetPin:
    def test_manager_sets_a_pin_kept_only_as_a_salted_hash(self, service: Service, home: Home) -> None:
        service.set_pin(home.morgan, home.sam, "2580")
        stored = staff_row(service.store, home.sam)["pin_hash"]
        assert stored.startswith("scrypt$16384$8$1$") and "2580" not in stored
        assert pin_matches("2580", stored)
        assert service.has_pin(home.sam) and not service.has_pin(home.dev)
        [row] = audit_rows(service.store, "pin-set")
        assert (row["actor_id"], row["detail"], row["at"]) == (
            home.morgan.id,
            {"staff_id": home.sam.id, "own": False},
            "2026-11-27T20:00:00.000000+00:00",
        )

    def test_same_pin_for_two_people_stores_two_different_hashes(self, service: Service, home: Home) -> None:
        service.set_pin(home.morgan, home.sam, "2580")
        service.set_pin(home.morgan, home.dev, "2580")
        assert staff_row(service.store, home.sam)["pin_hash"] != staff_row(service.store, home.dev)["pin_hash"]

    @pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "1234", "0000", ""])
    def test_not_a_pin_refused_nothing_stored(self, service: Service, home: Home, pin: str) -> None:
        with pytest.raises(InvalidInput):
            service.set_pin(home.morgan, home.sam, pin)
        assert staff_row(service.store, home.sam)["pin_hash"] is None
        assert audit_rows(service.store) == []

    def test_staff_and_shift_leads_cannot_set_someone_else_s(self, service: Service, home: Home) -> None:
        with pytest.raises(NotAllowed, match="^Sam Kell is staff: only a manager can set or reset someone's PIN.$"):
            service.set_pin(home.sam, home.dev, "7391")
        with pytest.raises(NotAllowed, match="^Priya Shah is a shift lead: only a manager can set or reset"):
            service.set_pin(home.priya, home.sam, "7391")
        assert not service.has_pin(home.dev) and not service.has_pin(home.sam)

    def test_the_first_pin_is_the_manager_s_to_set_then_you_may_change_your_own(
        self, service: Service, home: Home
    ) -> None:
        with pytest.raises(NotAllowed, match="^Sam Kell has no PIN yet: a manager sets the first one.$"):
            service.set_pin(home.sam, home.sam, "2580")
        service.set_pin(home.morgan, home.sam, "2580")
        service.set_pin(home.sam, home.sam, "9173")
        assert service.verify_pin(home.sam, "9173") == home.sam
        assert audit_rows(service.store, "pin-set")[-1]["detail"] == {"staff_id": home.sam.id, "own": True}

    def test_a_leaver_gets_no_pin(self, service: Service, home: Home) -> None:
        service.mark_left(home.dev, actor=home.morgan)
        with pytest.raises(InvalidInput, match="Dev Okafor has left the home"):
            service.set_pin(home.morgan, home.dev, "7391")

    def test_resetting_clears_a_lock(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        for _ in range(5):
            with pytest.raises(SignInRefused):
                service.verify_pin(home.sam, "1111")
        service.set_pin(home.morgan, home.sam, "9173")
        assert service.verify_pin(home.sam, "9173") == home.sam


class TestSignIn:
    def test_right_pin_signs_in_and_is_audited(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        assert service.verify_pin(home.priya, "40917", via="cli") == home.priya
        [row] = audit_rows(service.store, "sign-in")
        assert (row["actor_id"], row["detail"]) == (home.priya.id, {"via": "cli"})

    def test_returns_the_person_as_stored(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        stale = replace(home.sam, role=Role.MANAGER, name="Sam K")
        assert service.verify_pin(stale, "2580") == home.sam

    def test_wrong_pin_refused_and_audited(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        with pytest.raises(WrongPin) as err:
            service.verify_pin(home.sam, "2581")
        assert err.value.message == "That is not Sam Kell's PIN. 4 more tries before sign-in locks for 5 minutes."
        assert err.value.tries_left == 4
        [row] = audit_rows(service.store, "sign-in-failed")
        assert (row["actor_id"], row["detail"]) == (home.sam.id, {})
        assert staff_row(service.store, home.sam)["pin_failures"] == 1

    def test_five_wrong_lock_for_five_minutes_then_free(
        self, service: Service, home: Home, pins: dict[str, str], clock: FrozenClock
    ) -> None:
        for tries_left in (4, 3, 2, 1):
            with pytest.raises(WrongPin) as wrong:
                service.verify_pin(home.sam, "1357")
            assert wrong.value.tries_left == tries_left
        with pytest.raises(SignInLocked) as locked:
            service.verify_pin(home.sam, "1357")
        message = "Too many wrong PINs for Sam Kell: sign-in is locked until 20:05. Ask a shift lead or wait."
        assert locked.value.message == message
        assert locked.value.until == clock.now() + timedelta(minutes=5)
        assert [r["action"] for r in audit_rows(service.store)][-2:] == ["sign-in-failed", "sign-in-locked"]
        assert audit_rows(service.store, "sign-in-locked")[0]["detail"] == {"until": "2026-11-27T20:05:00.000000+00:00"}
        # Locked: even the right PIN is refused (unchecked), and the attempt is audited.
        clock.advance(timedelta(minutes=4, seconds=59))
        with pytest.raises(SignInLocked, match="locked until 20:05"):
            service.verify_pin(home.sam, "2580")
        assert audit_rows(service.store, "sign-in-failed")[-1]["detail"] == {
            "locked_until": "2026-11-27T20:05:00.000000+00:00"
        }
        assert service.pin_status(home.sam).locked_until == datetime(2026, 11, 27, 20, 5, tzinfo=UTC)
        # Other people are not locked out.
        assert service.verify_pin(home.dev, "7391") == home.dev
        # Five minutes on: free again.
        clock.advance(timedelta(seconds=1))
        assert service.pin_status(home.sam).locked_until is None
        assert service.verify_pin(home.sam, "2580") == home.sam
        row = staff_row(service.store, home.sam)
        assert (row["pin_failures"], row["pin_locked_until"]) == (0, None)

    def test_after_a_lock_five_more_wrong_are_needed(
        self, service: Service, home: Home, pins: dict[str, str], clock: FrozenClock
    ) -> None:
        for _ in range(5):
            with pytest.raises(SignInRefused):
                service.verify_pin(home.sam, "1357")
        clock.advance(timedelta(minutes=5))
        with pytest.raises(WrongPin) as err:
            service.verify_pin(home.sam, "1357")
        assert err.value.tries_left == 4

    def test_a_lock_made_meanwhile_at_another_terminal_stands(
        self, service: Service, home: Home, pins: dict[str, str], clock: FrozenClock
    ) -> None:
        for _ in range(5):
            with pytest.raises(SignInRefused):
                service.verify_pin(home.sam, "1357")
        locked = staff_row(service.store, home.sam)["pin_locked_until"]
        # A wrong PIN that began before the lock (read "not locked", then counted) must not lift it.
        clock.advance(timedelta(seconds=30))
        after = pin_rows.wrong_pin(service.store, home.sam.id, clock.now(), {})
        assert after.locked_until == datetime(2026, 11, 27, 20, 5, tzinfo=UTC)
        assert staff_row(service.store, home.sam)["pin_locked_until"] == locked
        assert audit_rows(service.store, "sign-in-failed")[-1]["detail"] == {
            "locked_until": "2026-11-27T20:05:00.000000+00:00"
        }

    def test_a_right_pin_resets_the_count(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        for _ in range(4):
            with pytest.raises(WrongPin):
                service.verify_pin(home.sam, "1357")
        service.verify_pin(home.sam, "2580")
        assert staff_row(service.store, home.sam)["pin_failures"] == 0
        for _ in range(4):
            with pytest.raises(WrongPin):
                service.verify_pin(home.sam, "1357")
        assert service.verify_pin(home.sam, "2580") == home.sam

    def test_a_shift_lead_can_lift_a_lock(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        for _ in range(5):
            with pytest.raises(SignInRefused):
                service.verify_pin(home.sam, "1357")
        with pytest.raises(NotAllowed, match="^Dev Okafor is staff: only a shift lead or manager can unlock"):
            service.unlock_sign_in(home.dev, home.sam)
        service.unlock_sign_in(home.priya, home.sam)
        assert service.verify_pin(home.sam, "2580") == home.sam
        row = audit_rows(service.store, "sign-in-unlocked")[0]
        assert (row["actor_id"], row["detail"]) == (home.priya.id, {"staff_id": home.sam.id})

    def test_no_pin_set(self, service: Service, home: Home) -> None:
        with pytest.raises(NoPinSet, match="^Sam Kell has no PIN yet: a manager can set one.$"):
            service.verify_pin(home.sam, "2580")
        # sign_in lets them in (the home has not set PINs up), and says so in the audit trail.
        assert service.sign_in(home.sam, None, via="cli") == home.sam
        assert audit_rows(service.store, "sign-in")[0]["detail"] == {"via": "cli", "pin": "not set"}
        assert not service.pins_in_use()

    def test_sign_in_with_a_pin_set_needs_it(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        with pytest.raises(WrongPin, match="^Type Sam Kell's PIN.$"):
            service.sign_in(home.sam, None)
        assert staff_row(service.store, home.sam)["pin_failures"] == 0  # not typing is not a wrong PIN
        with pytest.raises(WrongPin):
            service.sign_in(home.sam, "1357")
        assert service.sign_in(home.sam, "2580") == home.sam
        assert service.pins_in_use()

    def test_a_leaver_cannot_sign_in(self, service: Service, home: Home, pins: dict[str, str]) -> None:
        service.mark_left(home.dev, actor=home.morgan)
        with pytest.raises(SignInRefused, match="^Dev Okafor has left the home and cannot sign in.$"):
            service.verify_pin(home.dev, "7391")
        with pytest.raises(SignInRefused, match="has left the home"):
            service.sign_in(home.dev, "7391")


# == roles at the service layer ================================================================================
class TestRuptureRoles:
    """Each refusal names the rule and writes nothing."""

    def refused(self, service: Service, call: Any, says: str) -> None:
        before = counts(service.store)
        with pytest.raises(NotAllowed) as err:
            call()
        assert err.value.message == says
        assert counts(service.store) == before

    def test_end_without_repair_is_for_a_shift_lead_or_manager(self, service: Service, home: Home) -> None:
        r = log(service, home)
        self.refused(
            service,
            lambda: service.end_without_repair(home.sam, r.id, EndReason.MOVED_ON, ""),
            "Sam Kell is staff: only a shift lead or manager can end a rupture without repair.",
        )
        assert service.end_without_repair(home.priya, r.id, EndReason.MOVED_ON, "").status.value == "ended"

    def test_reopen_is_for_a_shift_lead_or_manager(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.mark_repaired(home.sam, r.id, "I said sorry for shouting.")
        self.refused(
            service,
            lambda: service.reopen(home.sam, r.id, "It did not hold."),
            "Sam Kell is staff: only a shift lead or manager can reopen a rupture.",
        )
        assert service.reopen(home.morgan, r.id, "It did not hold.").status.value == "open"

    @pytest.mark.parametrize(
        ("step", "words"),
        [("repair", "mark it repaired"), ("plan", "plan its repair"), ("attempt", "record an attempt")],
    )
    def test_only_the_owner_plans_attempts_and_repairs(
        self, service: Service, home: Home, step: str, words: str
    ) -> None:
        r = log(service, home)  # Sam owns it
        calls = {
            "repair": lambda who: service.mark_repaired(who, r.id, "We talked."),
            "plan": lambda who: service.plan(who, r.id, "Talk at tea."),
            "attempt": lambda who: service.attempt(who, r.id, "Not ready yet."),
        }
        self.refused(
            service,
            lambda: calls[step](home.dev),
            f"Dev Okafor does not own the repair of rupture #{r.id}: only its owner can {words} "
            "(a shift lead can reassign it).",
        )
        self.refused(
            service,
            lambda: calls[step](home.priya),
            f"Priya Shah does not own the repair of rupture #{r.id}: only its owner can {words} "
            "(reassign it to yourself first).",
        )
        calls[step](home.sam)

    def test_an_unowned_repair_is_taken_on_then_made(self, service: Service, home: Home) -> None:
        r = log(service, home, owner=UNOWNED)
        self.refused(
            service,
            lambda: service.mark_repaired(home.dev, r.id, "We talked."),
            f"Nobody owns the repair of rupture #{r.id} yet: take it on first (assign it to yourself), then mark "
            "it repaired.",
        )
        self.refused(
            service,
            lambda: service.assign_owner(home.dev, r.id, home.sam),
            "Dev Okafor is staff: you can take on an unowned repair yourself; only a shift lead or manager can give "
            "it to someone else.",
        )
        taken = service.assign_owner(home.dev, r.id, home.dev, "I was there")
        assert (taken.owner_id, taken.awaiting_acceptance) == (home.dev.id, False)
        service.mark_repaired(home.dev, r.id, "We talked.")

    def test_staff_hand_on_their_own_repair_but_not_someone_else_s(self, service: Service, home: Home) -> None:
        r = log(service, home)  # Sam owns it
        self.refused(
            service,
            lambda: service.assign_owner(home.dev, r.id, home.dev),
            "Dev Okafor is staff: only a shift lead or manager can reassign a repair someone else owns.",
        )
        self.refused(
            service,
            lambda: service.assign_owner(home.sam, r.id, None),
            "Sam Kell is staff: only a shift lead or manager can leave a repair with nobody. Give it to a named "
            "colleague instead.",
        )
        handed = service.assign_owner(home.sam, r.id, home.dev, "I am off for a week")
        assert (handed.owner_id, handed.awaiting_acceptance) == (home.dev.id, True)

    def test_shift_leads_reassign_anyone_s(self, service: Service, home: Home) -> None:
        r = log(service, home)
        assert service.assign_owner(home.priya, r.id, home.dev).owner_id == home.dev.id
        assert service.assign_owner(home.morgan, r.id, None).owner_id is None

    def test_staff_correct_only_their_own_entries(self, service: Service, home: Home) -> None:
        r = log(service, home)  # recorded by Sam
        self.refused(
            service,
            lambda: service.amend(home.dev, r.id, "I spoke sharply at tea time.", "more accurate"),
            "Dev Okafor is staff: only the person who wrote an entry, a shift lead or a manager can correct it.",
        )
        service.amend(home.sam, r.id, "I spoke sharply at tea time.", "more accurate")
        # An entry written by Dev (his plan, once he owns the repair) is Dev's to correct, not Sam's.
        service.assign_owner(home.priya, r.id, home.dev)
        service.plan(home.dev, r.id, "Talk at tea.")
        plan_id = service.timeline(r.id)[-1].id
        self.refused(
            service,
            lambda: service.amend(home.sam, r.id, "Talk after school.", "wrong time", event_id=plan_id),
            "Sam Kell is staff: only the person who wrote an entry, a shift lead or a manager can correct it.",
        )
        service.amend(home.dev, r.id, "Talk after school.", "wrong time", event_id=plan_id)
        service.amend(home.priya, r.id, "I spoke sharply at tea.", "shorter")

    def test_the_status_is_said_before_the_rule(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.mark_repaired(home.sam, r.id, "I said sorry.")
        with pytest.raises(InvalidTransition, match="it is already repaired"):
            service.mark_repaired(home.dev, r.id, "Again.")

    def test_a_leaver_cannot_act_even_with_an_old_copy_of_themselves(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.mark_left(home.sam, actor=home.morgan)
        before = counts(service.store)
        with pytest.raises(InvalidInput, match="^Sam Kell has left the home and cannot record changes.$"):
            service.mark_repaired(home.sam, r.id, "We talked.")  # home.sam still says active=True
        with pytest.raises(InvalidInput, match="Sam Kell has left the home"):
            log(service, home, adults=[home.dev])
        assert counts(service.store) == before

    def test_a_forged_role_is_not_believed(self, service: Service, home: Home) -> None:
        r = log(service, home)
        forged = replace(home.sam, role=Role.MANAGER)
        self.refused(
            service,
            lambda: service.end_without_repair(forged, r.id, EndReason.MOVED_ON, ""),
            "Sam Kell is staff: only a shift lead or manager can end a rupture without repair.",
        )
        with pytest.raises(NotAllowed, match="not on this home's staff"):
            service.end_without_repair(StaffMember(id=99, name="Nobody", role=Role.MANAGER), r.id, EndReason.OTHER, "x")

    def test_anyone_records_a_rupture_for_anyone(self, service: Service, home: Home) -> None:
        r = log(service, home, actor=home.dev, adults=[home.sam, home.priya], owner=home.priya)
        assert (r.recorded_by, r.owner_id) == (home.dev.id, home.priya.id)


class TestHandoverRoles:
    """The rules behind the shift and handover use cases (service/handover.py asks _authorise)."""

    def restraint(self, service: Service, home: Home) -> Rupture:
        return log(
            service,
            home,
            kind=RuptureKind.RESTRAINT,
            adults=[home.sam, home.priya],
            what_happened="I held Jordan's arm to stop him running into the road.",
            incident_ref="IR-2026-0412",
        )

    def test_the_manager_clock_only_by_a_manager(self, service: Service, home: Home) -> None:
        r = self.restraint(service, home)
        with pytest.raises(NotAllowed, match="^Sam Kell is staff: only a shift lead or manager can tick off a reg"):
            service.tick_reg35(home.sam, r.id, "record")
        with pytest.raises(NotAllowed, match="^Priya Shah is a shift lead: only a manager can sign the manager's"):
            service.tick_reg35(home.priya, r.id, "manager")
        service.tick_reg35(home.priya, r.id, "record")
        service.tick_reg35(home.morgan, r.id, "manager")
        assert service.store.rupture(r.id).reg35_done == ("record", "manager")

    def test_only_the_new_owner_accepts(self, service: Service, home: Home) -> None:
        r = log(service, home)
        service.assign_owner(home.priya, r.id, home.dev, "Sam is off")
        for other in (home.sam, home.priya, home.morgan):
            with pytest.raises(NotAllowed, match="only the person it was given to can accept it"):
                service.accept_assignment(other, r.id)
        assert service.accept_assignment(home.dev, r.id).awaiting_acceptance is False
        assert service.timeline(r.id)[-1].kind is EventKind.ACCEPTED

    def test_handover_and_giving_all_repairs_are_for_a_shift_lead(self, service: Service, home: Home) -> None:
        log(service, home)
        with pytest.raises(NotAllowed, match="^Sam Kell is staff: only a shift lead or manager can accept the hand"):
            service.accept_handover(home.sam)
        with pytest.raises(NotAllowed, match="^Dev Okafor is staff: only a shift lead or manager can give all"):
            service.bulk_reassign(home.dev, home.sam, home.dev)
        assert [r.owner_id for r in service.bulk_reassign(home.priya, home.sam, home.dev)] == [home.dev.id]

    def test_staff_cannot_mark_someone_else_on_shift(self, service: Service, home: Home) -> None:
        with pytest.raises(NotAllowed, match="only a shift lead or manager can mark someone else"):
            service.mark_on_shift(home.sam, home.dev, True)
        service.mark_on_shift(home.priya, home.dev, True)

    def test_export_and_audit_are_a_manager_s(self, service: Service, home: Home) -> None:
        for action in ("export", "audit", "restore", "settings"):
            assert service.check_allowed(home.morgan, action) == home.morgan
            with pytest.raises(NotAllowed, match="^Priya Shah is a shift lead: only a manager can "):
                service.check_allowed(home.priya, action)
        assert service.allowed(home.priya, "backup") and not service.allowed(home.sam, "backup")
        assert service.allowed(home.sam, "check")


# == people, and the home being set up ===========================================================================
class TestPeopleRoles:
    def test_while_no_manager_has_a_pin_the_home_is_being_set_up(self, service: Service, home: Home) -> None:
        assert service.in_setup()
        service.add_young_person("Avery Lund")  # nobody named: setting up
        service.set_pin(home.morgan, home.morgan, "86420")
        assert not service.in_setup()
        with pytest.raises(
            NotAllowed,
            match="^Only a manager can add people, and this home's manager has a PIN: say which manager is doing it.$",
        ):
            service.add_staff("Nia Grant")
        with pytest.raises(NotAllowed, match="^Only a manager can mark someone as having left"):
            service.mark_left(home.dev)
        assert service.add_staff("Nia Grant", Role.SHIFT_LEAD, actor=home.morgan).role is Role.SHIFT_LEAD

    def test_a_named_person_must_be_a_manager_even_while_setting_up(self, service: Service, home: Home) -> None:
        before = counts(service.store)
        with pytest.raises(NotAllowed, match="^Priya Shah is a shift lead: only a manager can add people.$"):
            service.add_young_person("Avery Lund", actor=home.priya)
        with pytest.raises(NotAllowed, match="^Sam Kell is staff: only a manager can add people.$"):
            service.add_staff("Nia Grant", actor=home.sam)
        with pytest.raises(NotAllowed, match="^Sam Kell is staff: only a manager can mark someone as having left.$"):
            service.mark_left(home.jordan, actor=home.sam)
        assert counts(service.store) == before

    def test_a_manager_marks_people_as_having_left(self, service: Service, home: Home) -> None:
        service.mark_left(home.jordan, actor=home.morgan)
        service.mark_left(home.dev, actor=home.morgan)
        assert [p.active for p in service.store.young_people()] == [False, True, True]
        assert not next(s for s in service.store.staff() if s.id == home.dev.id).active

    def test_the_only_manager_cannot_be_marked_as_left(self, service: Service, home: Home) -> None:
        with pytest.raises(InvalidInput, match="^Morgan Blake is the home's only manager: add the new manager first"):
            service.mark_left(home.morgan, actor=home.morgan)
        new = service.add_staff("Nia Grant", Role.MANAGER, actor=home.morgan)
        service.mark_left(home.morgan, actor=new)
        assert not next(s for s in service.store.staff() if s.id == home.morgan.id).active


# == the command line ===========================================================================================
@pytest.fixture
def cli_home(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Handover:
    """The fixture home set up through the CLI (people added while it is being set up), no PINs yet."""
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv(PIN_ENV, raising=False)
    home = Handover(db_path)
    home.ok("init", "--home", "Larch House")
    home.ok("people", "add", "--young-person", "Jordan Mills")
    for name, role in (("Sam Kell", "staff"), ("Priya Shah", "shift-lead"), ("Dev Okafor", "staff")):
        home.ok("people", "add", "--staff", name, "--role", role)
    home.ok("people", "add", "--staff", "Morgan Blake", "--role", "manager")
    return home


@pytest.fixture
def run(cli_home: Handover) -> Handover:
    """The CLI home with a PIN for everyone, set by Morgan through the CLI (his own first, from stdin)."""
    cli_home.ok("people", "set-pin", "Morgan", "--by", "Morgan", "--pin-stdin", stdin="86420\n")
    for name in ("Sam Kell", "Priya Shah", "Dev Okafor"):
        cli_home.ok("people", "set-pin", name, "--by", "Morgan", "--pin-stdin", pin="86420", stdin=PINS[name])
    return cli_home


@pytest.fixture
def saved(run: Handover) -> Iterator[Store]:
    opened = Store.open(run.db_path)
    yield opened
    opened.close()


def test_cli_right_pin_acts_without_a_warning(run: Handover, saved: Store) -> None:
    result = run(
        "log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "I went quiet.", pin="2580"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1\n", "")
    assert audit_rows(saved, "sign-in")[-1]["actor_id"] == saved.rupture(1).recorded_by


def test_cli_wrong_pin_refused_nothing_written(run: Handover, saved: Store) -> None:
    error = run.refused(
        "log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", pin="2581"
    )
    assert error == "Error: That is not Sam Kell's PIN. 4 more tries before sign-in locks for 5 minutes."
    assert audit_rows(saved, "sign-in-failed")[-1]["detail"] == {"via": "cli"}


def test_cli_missing_pin_refused_away_from_a_terminal(run: Handover) -> None:
    run.ok("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", pin="2580")
    error = run.refused("repair", "1", "--by", "Sam", "--note", "We talked.")
    assert error == (
        "Error: Sam Kell has a PIN: run this at a terminal to type it, or give it in HANDOVER_PIN (scripts)."
    )


def test_cli_asks_for_the_pin_at_a_terminal_without_echo(run: Handover, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (cli_support, cli_people):  # where signing in and set-pin ask whether this is a terminal
        monkeypatch.setattr(module, "_at_terminal", lambda: True)
    result = run("log", "--young-person", "Jordan", "--staff", "Dev", "--kind", "other", "--what", "x", stdin="7391\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1\n"
    assert "PIN for Dev Okafor: " in result.stderr and "7391" not in result.output


def test_cli_five_wrong_pins_lock_sign_in(run: Handover) -> None:
    # A rupture to act on: an unknown one is refused before any PIN is checked.
    run.ok("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", pin="2580")
    for _ in range(4):
        run.refused("assign", "1", "--owner", "Dev", "--by", "Priya", pin="11235")
    error = run.refused("assign", "1", "--owner", "Dev", "--by", "Priya", pin="11235")
    assert error.startswith("Error: Too many wrong PINs for Priya Shah: sign-in is locked until ")
    assert error.endswith(". Ask a shift lead or wait.")
    # Locked: the right PIN is refused too, until a shift lead (or time) lifts it.
    assert "locked" in run.refused("people", "unlock", "Sam", "--by", "Priya", pin="40917")
    run.ok("people", "unlock", "Priya", "--by", "Morgan", pin="86420")
    run.ok("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", pin="2580")
    run.ok("assign", "1", "--owner", "Dev", "--by", "Priya", pin="40917")


def test_cli_role_refusal_is_one_plain_line(run: Handover) -> None:
    run.ok("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", pin="2580")
    error = run.refused("assign", "1", "--unowned", "--by", "Sam", pin="2580")
    assert error == (
        "Error: Sam Kell is staff: only a shift lead or manager can leave a repair with nobody. Give it to a named "
        "colleague instead."
    )
    assert run.refused("repair", "1", "--by", "Dev", "--note", "x", pin="7391").startswith(
        "Error: Dev Okafor does not own the repair of rupture #1"
    )


def test_cli_no_pin_set_warns_on_stderr(cli_home: Handover) -> None:
    result = cli_home("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x")
    assert result.exit_code == 0 and result.stdout == "1\n"
    assert result.stderr == (
        "Warning: PINs are not set for Sam Kell, so nobody checked who is acting. A manager can set one: "
        "handover people set-pin 'Sam Kell' --by NAME\n"
    )


def test_cli_people_add_needs_a_manager_once_the_manager_has_a_pin(run: Handover) -> None:
    assert run.refused("people", "add", "--young-person", "Avery Lund") == (
        "Error: Adding people is for a manager: add --by NAME (they will be asked for their PIN)."
    )
    error = run.refused("people", "add", "--young-person", "Avery Lund", "--by", "Priya", pin="40917")
    assert error == "Error: Priya Shah is a shift lead: only a manager can add people."
    assert run.ok("people", "add", "--young-person", "Avery Lund", "--by", "Morgan", pin="86420") == (
        "Added young person Avery Lund\n"
    )
    assert run.ok("people", "mark-left", "--young-person", "Avery", "--by", "Morgan", pin="86420") == (
        "Avery Lund is marked as having left. Their records are kept.\n"
    )


def test_cli_set_pin_prompts_twice_without_echo(run: Handover, saved: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (cli_support, cli_people):  # where signing in and set-pin ask whether this is a terminal
        monkeypatch.setattr(module, "_at_terminal", lambda: True)
    # Morgan's own PIN from HANDOVER_PIN; the new one typed: too short (asked again), then twice, differing
    # (asked again), then twice the same.
    typed = "12\n9173\n9174\n9173\n9173\n"
    result = run("people", "set-pin", "Sam", "--by", "Morgan", pin="86420", stdin=typed)
    assert result.exit_code == 0, result.output
    assert result.stdout == "PIN set for Sam Kell.\n"
    assert "New PIN for Sam Kell: " in result.stderr and "Type it again: " in result.stderr
    assert "9173" not in result.output
    assert "4 to 8 digits" in result.stderr
    staff = {s.name: s for s in saved.staff()}
    assert pin_matches("9173", staff_row(saved, staff["Sam Kell"])["pin_hash"])


def test_cli_set_pin_refusals(run: Handover) -> None:
    assert run.refused("people", "set-pin", "Dev", "--by", "Sam", "--pin-stdin", pin="2580", stdin="1357\n") == (
        "Error: Sam Kell is staff: only a manager can set or reset someone's PIN."
    )
    assert "too easy to guess" in run.refused(
        "people", "set-pin", "Dev", "--by", "Morgan", "--pin-stdin", pin="86420", stdin="1234\n"
    )
    assert run.refused("people", "set-pin", "Dev", "--by", "Morgan", pin="86420") == (
        "Error: Type the new PIN at a terminal, or give it on standard input with --pin-stdin."
    )
    # Changing your own, having signed in with it.
    assert run.ok("people", "set-pin", "Sam", "--by", "Sam", "--pin-stdin", pin="2580", stdin="9173\n") == (
        "PIN set for Sam Kell.\n"
    )


def test_cli_demo_prints_a_pin_for_everyone(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(path), "--build-only"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "Sign in as anyone with their demo PIN (fictional, like the names):"
    table = [line.split() for line in lines[2:]]
    assert len(table) == 18
    assert [row[2] for row in table].count("manager") == 1 and [row[2] for row in table].count("shift-lead") == 4
    store = Store.open(path)
    try:
        service = Service(store, FrozenClock(datetime.now(UTC)), UTC)
        first, last, _, pin = table[1]
        person = service.find_staff(f"{first} {last}")
        assert service.verify_pin(person, pin) == person
    finally:
        store.close()


# == the demo home ==============================================================================================
def test_demo_pins_are_distinct_set_and_the_same_for_the_same_seed(tmp_path: Path) -> None:
    now = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)
    summary = build_demo(tmp_path / "a.db", now)
    assert len(summary.pins) == 18 and len({p.pin for p in summary.pins}) == 18
    assert summary.pins[0].role is Role.MANAGER
    store = Store.open(summary.path)
    try:
        assert len(audit_rows(store, "pin-set")) == 18
        service = Service(store, FrozenClock(now), UTC)
        assert not service.in_setup()
        for p in summary.pins[:3]:
            assert service.verify_pin(service.find_staff(p.name), p.pin).role is p.role
    finally:
        store.close()
    assert build_demo(tmp_path / "b.db", now).pins == summary.pins
