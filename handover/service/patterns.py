"""Patterns over weeks, read through the service: the patterns screen, `handover report`, the board's mark.

One query reads one row per rupture the patterns need (`RuptureFact`): those that happened in the period and
the period before it (`ruptures_by_time`), those open now (the partial index `ruptures_open`) and those
repaired in the period (`events_by_kind`); each row's repair, attempts, ending and reg 35 ticks come from that
rupture's own entries (`events_by_rupture`). Never every event: five years of history cost what twenty-four
weeks do. The rules themselves are pure, in `handover.domain.patterns` (the figures) and
`handover.domain.pattern_facts` (the rows, the thresholds and the board's mark).

Who sees what: every figure about young people and the home is for everyone signed in; a pair of one young
person and one adult is for that adult, and for shift leads and managers (`domain.patterns.visible_to`). The
viewer's role is read from the database, never trusted from the object passed in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.converters import from_text, to_text
from handover.domain.enums import EndReason, RuptureKind, Status
from handover.domain.models import StaffMember
from handover.domain.pattern_facts import PatternRules, RuptureFact, young_people_marked
from handover.domain.reg35 import Reg35Clock
from handover.domain.weeks import WEEKS, Period, weeks_to
from handover.service.base import ServiceBase

if TYPE_CHECKING:
    from handover.domain.patterns import Patterns

#: The ruptures the patterns need, chosen by three indexed look-ups (see the module docstring).
_CHOSEN = """
WITH chosen(id) AS (
    SELECT id FROM ruptures WHERE occurred_at >= :since
    UNION
    SELECT id FROM ruptures WHERE status IN ('open', 'planned', 'attempted')
    UNION
    SELECT rupture_id FROM events WHERE kind = 'repaired' AND at >= :repaired_since
)
"""
#: The ruptures a pair worth a conversation can be made of: those of the period, and those open now.
_CHOSEN_FOR_PAIRS = """
WITH chosen(id) AS (
    SELECT id FROM ruptures WHERE occurred_at >= :since
    UNION
    SELECT id FROM ruptures WHERE status IN ('open', 'planned', 'attempted')
)
"""
#: Who, with whom, when, whether still open, and why it ended (an ending recorded in error is in no figure).
_COLUMNS = """
SELECT r.id, r.young_person_id, r.occurred_at, r.kind, r.status,
    (SELECT group_concat(a.staff_id) FROM rupture_adults a WHERE a.rupture_id = r.id) AS adult_ids,
    CASE WHEN r.status = 'ended' THEN
        (SELECT json_extract(e.payload, '$.reason') FROM events e
         WHERE e.rupture_id = r.id AND e.kind = 'ended' ORDER BY e.id DESC LIMIT 1)
    END AS end_reason
"""
#: The repair that stands, the attempts before it, and a restraint's reg 35 ticks, from the rupture's entries.
_ENTRIES = """,
    CASE WHEN r.status = 'repaired' THEN
        (SELECT e.at FROM events e WHERE e.rupture_id = r.id AND e.kind = 'repaired' ORDER BY e.id DESC LIMIT 1)
    END AS repaired_at,
    (SELECT count(*) FROM events e WHERE e.rupture_id = r.id AND e.kind = 'attempted') AS attempts,
    CASE WHEN r.kind = 'restraint' THEN
        (SELECT group_concat(json_extract(e.payload, '$.clock') || ' ' || e.at, ',') FROM events e
         WHERE e.rupture_id = r.id AND e.kind = 'clock-ticked')
    END AS ticks
"""
_FROM = "FROM ruptures r JOIN chosen ON chosen.id = r.id"

#: Everything the patterns screen and the report show.
_FACTS = f"{_CHOSEN}{_COLUMNS.rstrip()}{_ENTRIES}{_FROM}"
#: Only what the board's mark needs (no entries beyond an ending): cheap enough for every refresh of the board.
_PAIRS = f"{_CHOSEN_FOR_PAIRS}{_COLUMNS}{_FROM}"


#: Stored values to enum members, looked up rather than constructed: this runs for every rupture of 24 weeks.
_END_REASONS = {r.value: r for r in EndReason}
_KINDS = {k.value: k for k in RuptureKind}
_STATUSES = {s.value: s for s in Status}


def _fact(row: dict[str, Any]) -> RuptureFact:
    """One row of _FACTS or _PAIRS as a RuptureFact (ids and counts come from SQLite as ints)."""
    ticks = []
    for tick in (row.get("ticks") or "").split(","):
        if " " in tick:
            clock, at = tick.split(" ", 1)
            ticks.append((Reg35Clock(clock), from_text(at)))
    repaired = row.get("repaired_at")
    adults = row["adult_ids"]
    return RuptureFact(
        id=row["id"],
        young_person_id=row["young_person_id"],
        adult_ids=tuple(int(x) for x in adults.split(",")) if adults else (),
        occurred_at=from_text(row["occurred_at"]),
        kind=_KINDS[row["kind"]],
        status=_STATUSES[row["status"]],
        repaired_at=from_text(repaired) if repaired else None,
        attempts=row.get("attempts") or 0,
        end_reason=_END_REASONS.get(row.get("end_reason") or ""),
        ticked=tuple(ticks),
    )


class PatternCases(ServiceBase):
    """Patterns over weeks. Combined with the use cases in `handover.service.Service`."""

    @contextmanager
    def _one_snapshot(self) -> Iterator[None]:
        """Every read inside sees the same database (one read transaction), unless one is open already."""
        conn = self.store.conn
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")
        try:
            yield
        finally:
            if own:
                conn.execute("COMMIT")

    def _period(self, now: datetime | None, weeks: int) -> Period:
        return weeks_to(now or self.clock.now(), self.tz, weeks)

    def _facts(self, period: Period) -> list[RuptureFact]:
        """Every rupture of `period` and the period before it, every one open now, every one repaired in it."""
        params = {"since": to_text(period.previous().start), "repaired_since": to_text(period.start)}
        return [_fact(row) for row in self.store.rows(_FACTS, params)]

    def _pair_facts(self, period: Period) -> list[RuptureFact]:
        """Every rupture of `period` and every one open now, without their entries (the board's mark)."""
        # Read with every board refresh: each row is made a fact once (db/row_memo.py).
        return self.store.models(_PAIRS, {"since": to_text(period.start)}, self.store.memo("pair_facts", _fact))

    def _viewer(self, viewer: StaffMember | None) -> StaffMember | None:
        """The viewer as stored (their current role); nobody for a leaver, who sees no pair."""
        if viewer is None:
            return None
        current = self._current(viewer)
        return current if current.active else None

    def patterns(self, viewer: StaffMember | None, *, weeks: int = WEEKS, now: datetime | None = None) -> Patterns:
        """Patterns over the last `weeks` weeks (the week so far and the whole weeks before it), as `viewer` may
        see them: the pairs they are part of, or every pair for a shift lead or manager; none for nobody."""
        # The figures: imported when first asked for (the board's first frame needs only the mark, below).
        from handover.domain.patterns import build_patterns

        period = self._period(now, weeks)
        with self._one_snapshot():
            settings = self.store.settings()
            facts = self._facts(period)
            young_people = self.store.young_people()
            staff = self.store.staff()
            seen_by = self._viewer(viewer)
        return build_patterns(
            facts, period, PatternRules.of(settings), young_people, staff, seen_by, home_name=settings.home_name
        )

    def young_people_with_patterns(self, now: datetime | None = None) -> frozenset[int]:
        """The young people (ids) with a relationship worth a conversation over the patterns screen's weeks,
        whichever adult it is with: the board marks their section header ("↻ pattern"), and the glance can show
        a symbol. It names no adult, so it is the same for whoever looks (nobody signed in too)."""
        period = self._period(now, WEEKS)
        with self._one_snapshot():
            rules = PatternRules.of(self.store.settings())
            facts = self._pair_facts(period)
            return young_people_marked(facts, period, rules, self.store.young_people(), self.store.staff())
