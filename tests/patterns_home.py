"""A fixed history for the patterns tests: seventeen weeks of Larch House (tests/conftest.py's home), written
through the service at each entry's own moment on the frozen clock, so every figure can be checked exactly.

Times are UTC; the home is in Europe/London (BST until 25 Oct 2026). The clock stands at Fri 27 Nov 2026
20:00, so the twelve weeks run from Mon 7 Sep (w0) to the week so far from Mon 23 Nov (w11), and the twelve
before them from Mon 15 Jun. Pairs, and what the rules make of them at the home's defaults (3 in 14 days,
2 unrepaired, a 48 h window):

- Jordan and Sam: a, b, c within 11 days (flagged, recurring), and e, recorded in error (in no figure);
  p1 and p2 in August (the previous twelve weeks).
- Jordan and Dev: f and g, only two in 14 days (not flagged at 3; flagged at 2).
- Jordan and Priya: h, two hours ago (open; its window has not run out).
- Riley and Priya: i, j, k with the first and third exactly 13 days apart (flagged).
- Riley and Dev: l, m, n with the first and third 15 days apart (not flagged at 14 days; flagged at 15).
  l was repaired, reopened and repaired again: the repair that stands counts. m's repair was recorded at
  00:30 on a Monday in BST, 23:30 on the Sunday in UTC: it belongs to the Monday's week.
- Riley and Morgan: o, a restraint: its record ticked on time, the manager's clock late, the child's never.
- Casey and Sam: q and r, both unrepaired (flagged).
- Casey and Priya: s repaired, t not: one repaired of two (not flagged).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handover.clock import FrozenClock
from handover.domain.enums import EndReason, RuptureKind, Severity
from handover.domain.models import StaffMember, YoungPerson
from handover.domain.reg35 import Reg35Clock
from handover.service import Service
from tests.conftest import FROZEN_AT, Home


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _h(hours: float) -> timedelta:
    return timedelta(hours=hours)


def build_patterns_home(sv: Service, h: Home, clock: FrozenClock) -> dict[str, int]:
    """Write the history above; returns each rupture's id by its letter. The clock ends back at FROZEN_AT."""
    ids: dict[str, int] = {}

    def rupture(
        name: str,
        young: YoungPerson,
        adult: StaffMember,
        kind: RuptureKind,
        at: datetime,
        repaired_after: float | None = None,
        attempts: tuple[float, ...] = (),
        severity: Severity = Severity.MINOR,
    ) -> int:
        clock.set(at + timedelta(minutes=5))
        made = sv.record_rupture(adult, young, [adult], kind, f"What happened ({name})", at, severity)
        for after in attempts:
            clock.set(at + _h(after))
            sv.attempt(adult, made.id, "They were not ready to talk yet")
        if repaired_after is not None:
            clock.set(at + _h(repaired_after))
            sv.mark_repaired(adult, made.id, "I named what I did and said sorry", "They listened")
        ids[name] = made.id
        return made.id

    harsh, withdrawal, sanction = RuptureKind.HARSH_TONE, RuptureKind.WITHDRAWAL, RuptureKind.SANCTION
    # The previous twelve weeks.
    rupture("p1", h.jordan, h.sam, harsh, _at(8, 3, 19), repaired_after=72)
    rupture("p2", h.jordan, h.sam, sanction, _at(8, 20, 19), repaired_after=10)
    # Riley and Dev: l, m, n, the first and third 15 days apart.
    l_id = rupture("l", h.riley, h.dev, withdrawal, _at(9, 14, 12), repaired_after=3)
    clock.set(_at(9, 15, 8))
    sv.reopen(h.priya, l_id, "The repair did not hold: they were still hurt")
    clock.set(_at(9, 16, 4))
    sv.mark_repaired(h.dev, l_id, "I came back to it and named my part", "They said it was better now")
    rupture("m", h.riley, h.dev, withdrawal, _at(9, 20, 12), repaired_after=11.5)
    rupture("n", h.riley, h.dev, harsh, _at(9, 29, 12), repaired_after=12)
    # Riley and Morgan: a restraint, and its reg 35 clocks.
    o_id = rupture("o", h.riley, h.morgan, RuptureKind.RESTRAINT, _at(10, 5, 15), 24, severity=Severity.SERIOUS)
    clock.set(_at(10, 5, 15) + _h(20))
    sv.tick_reg35(h.morgan, o_id, Reg35Clock.RECORD, "Incident record IR-12")
    clock.set(_at(10, 5, 15) + _h(50))
    sv.tick_reg35(h.morgan, o_id, Reg35Clock.MANAGER)
    # Jordan and Sam: three within 11 days.
    rupture("a", h.jordan, h.sam, harsh, _at(11, 2, 19), repaired_after=20)
    rupture("b", h.jordan, h.sam, withdrawal, _at(11, 5, 20), repaired_after=60, attempts=(24,))
    rupture("c", h.jordan, h.sam, harsh, _at(11, 13, 18), repaired_after=30, attempts=(6, 20))
    # Riley and Priya: the first and third exactly 13 days apart; k is still open.
    rupture("i", h.riley, h.priya, harsh, _at(11, 2, 10), repaired_after=5)
    rupture("j", h.riley, h.priya, sanction, _at(11, 8, 10), repaired_after=50)
    rupture("k", h.riley, h.priya, harsh, _at(11, 15, 10))
    # Jordan and Dev: only two.
    rupture("f", h.jordan, h.dev, RuptureKind.BROKEN_PROMISE, _at(11, 10, 19), repaired_after=8)
    rupture("g", h.jordan, h.dev, RuptureKind.BROKEN_PROMISE, _at(11, 18, 19), repaired_after=6)
    # Recorded in error: in no figure (it would make Jordan and Sam's run four).
    e_id = rupture("e", h.jordan, h.sam, RuptureKind.CUTTING_REMARK, _at(11, 20, 9))
    clock.set(_at(11, 20, 10))
    sv.end_without_repair(h.priya, e_id, EndReason.RECORDED_IN_ERROR, "Written on the wrong young person")
    # Casey arrived on 20 Nov.
    rupture("q", h.casey, h.sam, harsh, _at(11, 21, 12))
    rupture("s", h.casey, h.priya, sanction, _at(11, 22, 12), repaired_after=10)
    rupture("t", h.casey, h.priya, sanction, _at(11, 25, 12))
    rupture("r", h.casey, h.sam, withdrawal, _at(11, 26, 12))
    rupture("h", h.jordan, h.priya, RuptureKind.LIMIT_TESTING, _at(11, 27, 18))
    clock.set(FROZEN_AT)
    return ids
