"""Use cases for shifts and the handover: who is on shift, the shift pattern, giving repairs to someone else
(one or all of a person's), accepting a reassigned repair, ticking reg 35 clocks, and accepting the handover.

Each use case is ONE transaction and asks `_authorise(actor, action, rupture)` first. Actions named here:
"shift-mark", "shift-pattern", "bulk-reassign", "accept-assignment", "reg35", "accept-handover" (single
steps also pass through `_step`, which authorises the event kind: "assigned", "accepted", "clock-ticked").
Reassigning one repair is `assign_owner` (service/ruptures.py): the lifecycle marks it awaiting acceptance
when the new owner is not the person reassigning it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db import audit
from db import shifts as shift_rows
from handover.domain import permissions, reg35
from handover.domain.enums import EventKind, Role
from handover.domain.errors import InvalidInput, InvalidTransition
from handover.domain.models import Rupture, StaffMember
from handover.domain.reg35 import Reg35Clock
from handover.domain.shifts import (
    HandoverRecord,
    ShiftMark,
    ShiftOccurrence,
    ShiftPattern,
    ShiftState,
    default_occurrence,
    handover_shifts,
    handover_side,
    occurrence_of,
    preset,
    shift_state,
)
from handover.domain.validation import clean_text
from handover.service.base import ServiceBase

if TYPE_CHECKING:
    from handover.domain.handover import HandoverSummary, StaffOnShift


class HandoverCases(ServiceBase):
    """Shifts and the handover. Combined with the other use cases in `handover.service.Service`."""

    if TYPE_CHECKING:  # provided by RuptureCases in the combined Service

        def assign_owner(
            self,
            actor: StaffMember,
            rupture_id: int,
            owner: StaffMember | None,
            reason: str = "",
            expected_version: int | None = None,
        ) -> Rupture: ...

    # -- the shift pattern ------------------------------------------------------------------------------

    def shift_pattern(self) -> ShiftPattern:
        """The home's shift pattern (the default early/late/waking night until one is set)."""
        return ShiftPattern.from_setting(self.store.settings().shift_pattern)

    def set_shift_pattern(self, actor: StaffMember, pattern: ShiftPattern | str) -> ShiftPattern:
        """Switch the home's shift pattern: a ShiftPattern, or a preset's name ("default", "sleep-in").

        Marks already made keep the shift they recorded; new marks use the new pattern."""
        self._authorise(actor, "shift-pattern")
        chosen = preset(pattern) if isinstance(pattern, str) else pattern
        with self.store.batch():
            before = self.shift_pattern()
            self.store.put_settings(at=self.clock.now(), actor_id=actor.id, shift_pattern=chosen.to_json())
            detail = {"old": before.describe(), "new": chosen.describe()}
            audit.record(self.store, self.clock.now(), actor.id, "shift-pattern", detail=detail)
        return chosen

    # -- who is on shift --------------------------------------------------------------------------------

    def mark_on_shift(self, actor: StaffMember, staff: StaffMember, on: bool, shift: str | None = None) -> ShiftMark:
        """Mark `staff` on shift (on the named shift, else the one about to run: see
        `domain.shifts.default_occurrence`) or off shift. Refuses a mark that changes nothing."""
        self._authorise(actor, "shift-mark", detail={"staff_id": staff.id})
        self._check_current(staff, "works shifts here")
        if not on and shift is not None:
            raise InvalidInput("A shift is only named when marking someone on shift.", field="shift")
        now = self.clock.now()
        with self.store.batch():
            pattern = self.shift_pattern()
            current = shift_rows.latest_marks(self.store).get(staff.id)
            state = shift_state(current, now)
            if not on:
                # A mark whose shift has ended can still be closed by hand (someone who stayed on late).
                if current is None or not current.on_shift:
                    raise InvalidInput(f"{staff.name} is not marked on shift, so cannot be marked off.")
                return shift_rows.add_mark(self.store, staff.id, now, False, actor.id)
            if shift is not None:
                occurrence = occurrence_of(pattern.shift(shift), now, self.tz)
            else:
                occurrence = default_occurrence(pattern, now, self.tz)
            if state is not ShiftState.OFF and current is not None and current.occurrence == occurrence:
                raise InvalidInput(f"{staff.name} is already on shift ({occurrence.label(self.tz)}).")
            return shift_rows.add_mark(self.store, staff.id, now, True, actor.id, occurrence)

    def on_shift(self, now: datetime | None = None) -> list[StaffOnShift]:
        """Everyone on shift now (marked on, shift not ended), by name, with when their shift ends."""
        from handover.domain import handover  # the handover's domain: not needed for the board's first frame

        return handover.staff_on_shift(self.store.board(), now or self.clock.now())

    def shift_marks(self, staff: StaffMember | None = None) -> list[ShiftMark]:
        """Every on/off mark, oldest first (one person's, with `staff`)."""
        return shift_rows.marks(self.store, staff.id if staff else None)

    # -- reassigning and accepting ----------------------------------------------------------------------

    def bulk_reassign(
        self, actor: StaffMember, from_owner: StaffMember, to_owner: StaffMember, reason: str = ""
    ) -> list[Rupture]:
        """Give every open repair owned by `from_owner` to `to_owner`: one ASSIGNED event each, all in ONE
        transaction (all of them, or none). Returns the ruptures as they now stand, oldest first."""
        self._authorise(actor, "bulk-reassign")
        if from_owner.id == to_owner.id:
            raise InvalidInput(
                f"{from_owner.name}'s repairs cannot be given to {to_owner.name}: that is the same person."
            )
        self._check_current(to_owner, "can own a repair")
        done = []
        with self.store.batch():
            owned = [r for r in self.store.open_ruptures() if r.owner_id == from_owner.id]
            if not owned:
                raise InvalidInput(f"{from_owner.name} owns no open repairs, so there is nothing to give.")
            for rupture in owned:
                done.append(self.assign_owner(actor, rupture.id, to_owner, reason, rupture.version))
        return done

    def accept_assignment(
        self, actor: StaffMember, rupture_id: int, note: str = "", expected_version: int | None = None
    ) -> Rupture:
        """The new owner takes on a reassigned repair, optionally saying in their own words what they will do
        (that becomes the next step). Only the owner can accept it."""
        current = self.store.rupture(rupture_id)
        self._authorise(actor, "accept-assignment", current)
        if current.owner_id != actor.id:  # the role rules say so too; this use case never allows otherwise
            owner = self._staff_name(current.owner_id)
            who = f"{owner}, who owns it," if owner else "its owner (it is unowned)"
            raise InvalidInput(f"Only {who} can accept the repair of rupture #{rupture_id}.")
        if not current.awaiting_acceptance:
            raise InvalidTransition(
                f"Rupture #{rupture_id} is not waiting to be accepted: {actor.name} already has it."
            )
        payload = {"note": clean_text(note, "what you will do", required=False)}
        return self._step(actor, current, EventKind.ACCEPTED, payload, expected_version)

    # -- reg 35 -----------------------------------------------------------------------------------------

    def tick_reg35(
        self,
        actor: StaffMember,
        rupture_id: int,
        clock: Reg35Clock | str,
        note: str = "",
        expected_version: int | None = None,
    ) -> Rupture:
        """Tick off one reg 35 clock of a restraint (a CLOCK_TICKED event), e.g. 'the record is made'."""
        chosen = clock if isinstance(clock, Reg35Clock) else reg35.parse_clock(clock)
        current = self.store.rupture(rupture_id)
        # What is wrong with the tick itself (not a restraint, already ticked) comes before who may tick it.
        try:
            reg35.check_tick(current, chosen)
        except InvalidTransition:
            raise self._already_ticked(current, chosen) from None
        self._authorise(actor, "reg35", current, {"clock": chosen.value})
        payload = {"clock": chosen.value, "note": clean_text(note, "a note", required=False)}
        return self._step(actor, current, EventKind.CLOCK_TICKED, payload, expected_version)

    def _already_ticked(self, rupture: Rupture, clock: Reg35Clock) -> InvalidTransition:
        ticked = next(
            (
                e
                for e in self.store.events(rupture.id)
                if e.kind is EventKind.CLOCK_TICKED and e.payload.get("clock") == clock.value
            ),
            None,
        )
        by = ""
        if ticked is not None:
            local = ticked.at.astimezone(self.tz)
            who = self._staff_name(ticked.actor_id) or "someone"
            by = f" by {who} on {local:%a} {local.day} {local:%b} at {local:%H:%M}"
        return InvalidTransition(f"The '{clock.label}' clock of rupture #{rupture.id} was already ticked{by}.")

    # -- the handover -----------------------------------------------------------------------------------

    def handover_summary(self, now: datetime | None = None) -> HandoverSummary:
        """Everything the handover screen and the sheet show, at `now` (default: the clock's now)."""
        from handover.domain import handover  # the handover's domain: not needed for the board's first frame

        at = now or self.clock.now()
        snapshot = self.store.board()
        shifts = handover_shifts(snapshot.shift_pattern, at, self.tz)
        repairs = shift_rows.repairs_between(self.store, shifts.going_off.start, at)
        restraints = shift_rows.closed_restraints_with_clocks(self.store)
        return handover.handover_summary(snapshot, at, self.tz, repairs, restraints)

    def accept_handover(
        self,
        actor: StaffMember,
        going_off: ShiftOccurrence | None = None,
        coming_on: ShiftOccurrence | None = None,
    ) -> HandoverRecord:
        """The incoming shift lead accepts the handover: recorded (who, when, which shifts, and the ids and
        counts of what was outstanding) in `handovers`, with an audit row, in ONE transaction. The shifts
        default to the ones handing over now. Refused as `check_handover_acceptance` says."""
        now = self.clock.now()
        with self.store.batch():
            summary = self.handover_summary(now)
            off = going_off or summary.going_off
            on = coming_on or summary.coming_on
            self._check_acceptance(actor, summary, off, on, now)
            off_text, on_text = off.describe(self.tz), on.describe(self.tz)
            record = summary.record()
            record["going_off"] = {"shift": off.shift, "start": off.start.isoformat(), "end": off.end.isoformat()}
            record["coming_on"] = {"shift": on.shift, "start": on.start.isoformat(), "end": on.end.isoformat()}
            accepted = shift_rows.add_handover(self.store, now, actor.id, off_text, on_text, record)
            detail = {"handover_id": accepted.id, "going_off": off_text, "coming_on": on_text}
            audit.record(self.store, now, actor.id, "accept-handover", detail=detail)
        return accepted

    def check_handover_acceptance(self, actor: StaffMember) -> HandoverSummary:
        """The handover `actor` would accept now, or the refusal `accept_handover` would give, in the same
        words (for a screen to say before asking "accept?", not after the yes). Writes nothing.

        Only a shift lead on the coming shift (`domain.shifts.handover_side`: the people the handover lists
        as coming on) or a manager may accept it; the lead going off is told who can. The same handover
        cannot be accepted twice."""
        now = self.clock.now()
        summary = self.handover_summary(now)
        self._check_acceptance(actor, summary, summary.going_off, summary.coming_on, now)
        return summary

    def _check_acceptance(
        self,
        actor: StaffMember,
        summary: HandoverSummary,
        going_off: ShiftOccurrence,
        coming_on: ShiftOccurrence,
        now: datetime,
    ) -> None:
        self._authorise(actor, "accept-handover", detail=self._handover_side(actor, summary, going_off, coming_on, now))
        last = shift_rows.last_handover(self.store)
        if last is not None and (last.shift_going_off, last.shift_coming_on) == (
            going_off.describe(self.tz),
            coming_on.describe(self.tz),
        ):
            at = last.at.astimezone(self.tz)
            raise InvalidInput(
                f"The handover from {going_off.shift} to {coming_on.shift} was already accepted by "
                f"{self._staff_name(last.accepted_by) or 'someone'} at {at:%H:%M}."
            )

    def _handover_side(
        self,
        actor: StaffMember,
        summary: HandoverSummary,
        going_off: ShiftOccurrence,
        coming_on: ShiftOccurrence,
        now: datetime,
    ) -> dict[str, object]:
        """What the acceptance rule needs (domain.permissions): which side of the handover the actor is on, by
        the same rule as the screen's going-off and coming-on lists, and the words for a refusal."""
        mark = shift_rows.latest_marks(self.store).get(actor.id)
        accepters = [
            s.staff.name
            for s in summary.staff_coming_on
            if s.staff.id != actor.id and permissions.at_least(s.staff, Role.SHIFT_LEAD)
        ]
        return {
            "side": handover_side(mark, going_off, now).value,
            "shift": mark.occurrence.label(self.tz) if mark is not None and mark.occurrence else None,
            "coming_on": coming_on.label(self.tz),
            "accepters": accepters,
        }

    def last_handover(self) -> HandoverRecord | None:
        """The most recently accepted handover, if any."""
        return shift_rows.last_handover(self.store)

    def _staff_name(self, staff_id: int | None) -> str | None:
        if staff_id is None:
            return None
        return next((s.name for s in self.store.staff() if s.id == staff_id), f"staff #{staff_id}")
