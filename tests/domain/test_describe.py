"""The one describer of events: every kind of entry, written through the real service on a real database, is
said in plain words with who did it, and with every note given with it (the note given when accepting a
reassigned repair, a ticked reg 35 clock and its note, reasons, responses, corrections)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handover.clock import FrozenClock
from handover.domain.describe import Description, describe, passive
from handover.domain.enums import EndReason, EventKind, RuptureKind, Severity
from handover.domain.models import Event
from handover.service import Service
from tests.conftest import Home

LONDON = ZoneInfo("Europe/London")

#: Payload keys that hold the words someone typed: each must appear, exactly, in a note.
TYPED = ("what_happened", "incident_ref", "note", "plan", "response", "old", "new")


@pytest.fixture
def steps(service: Service, home: Home, clock: FrozenClock) -> list[Event]:
    """Every kind of step, each with every note it can carry, on two ruptures (one a restraint)."""
    sv = service

    def later() -> None:
        clock.advance(timedelta(minutes=10))

    harsh = sv.record_rupture(
        home.sam,
        home.jordan,
        [home.sam, home.dev],
        RuptureKind.HARSH_TONE,
        "I shouted at Jordan at tea.",
        clock.now() - timedelta(hours=1),
    )
    later()
    sv.assign_owner(home.priya, harsh.id, home.dev, "Sam is on leave until Monday.")
    later()
    sv.accept_assignment(home.dev, harsh.id, "I will ask Jordan to help me cook on Saturday.")
    later()
    plan = sv.plan(home.dev, harsh.id, "Talk on the walk to school.", clock.now() + timedelta(hours=12))
    plan_entry = sv.timeline(plan.id)[-1].id
    later()
    sv.attempt(home.dev, harsh.id, "Jordan put his headphones on.", clock.now() + timedelta(days=1))
    later()
    sv.amend(home.dev, harsh.id, "Talk on the walk back from school.", "He has a club before school.", plan_entry)
    later()
    sv.amend(home.sam, harsh.id, "I shouted at Jordan at tea and sent him out.", "I left out that I sent him out.")
    later()
    sv.mark_repaired(home.dev, harsh.id, "I said Sam was wrong to shout, and so was I.", "Jordan nodded.")
    later()
    sv.reopen(home.priya, harsh.id, "Jordan says it still feels unfinished.")
    held = sv.record_rupture(
        home.priya,
        home.riley,
        [home.priya],
        RuptureKind.RESTRAINT,
        "Held Riley's wrist at the door.",
        clock.now() - timedelta(minutes=30),
        Severity.SERIOUS,
        incident_ref="IR-77",
    )
    later()
    sv.tick_reg35(home.morgan, held.id, "manager", "Spoke with Priya; record signed.")
    later()
    sv.end_without_repair(home.priya, held.id, EndReason.MOVED_ON, "Riley moved to her aunt's today.")
    return sv.timeline(harsh.id) + sv.timeline(held.id)


def words_of(d: Description) -> str:
    return "\n".join([d.headline, *(f"{n.label}: {n.text}" for n in d.notes)])


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_kind_is_described_with_every_note(kind: EventKind, steps: list[Event], home: Home) -> None:
    names = {s.id: s.name for s in home.staff}
    found = [e for e in steps if e.kind is kind]
    assert found, f"the fixture takes no {kind.value} step: add one"
    for event in found:
        d = describe(event, names, LONDON, young_person="Jordan Mills")
        assert d.action and d.who == names[event.actor_id]
        assert d.headline == f"{d.who} {d.action}"
        words = words_of(d)
        for key in TYPED:
            if event.payload.get(key):
                assert str(event.payload[key]) in [n.text for n in d.notes], (key, words)
        if event.payload.get("reason"):  # typed, or for an ending chosen from the list and said in words
            reason = str(event.payload["reason"])
            said = EndReason(reason).label if kind is EventKind.ENDED else reason
            assert said in [n.text for n in d.notes], words
        for key in ("by_when", "next_try", "occurred_at"):
            if event.payload.get(key):
                local = datetime.fromisoformat(event.payload[key]).astimezone(LONDON)
                assert f"{local:%a %d %b %H:%M}" in words, (key, words)
        for key in ("owner_id", "previous_owner_id"):
            if event.payload.get(key):
                assert names[event.payload[key]] in words, (key, words)
        # No stored key or code is shown raw in place of words.
        assert "_id" not in words and "None" not in words


def test_the_words_of_each_kind(steps: list[Event], home: Home) -> None:
    names = {s.id: s.name for s in home.staff}
    said = [describe(e, names, LONDON, young_person="Jordan Mills") for e in steps]
    assert [d.headline for d in said] == [
        "Sam Kell recorded the rupture (harsh tone, minor)",
        "Priya Shah gave the repair to Dev Okafor (it was with Sam Kell)",
        "Dev Okafor accepted the repair given to them",
        "Dev Okafor planned the repair",
        "Dev Okafor tried to make the repair; it did not happen yet",
        "Dev Okafor corrected the plan of entry #4",
        "Sam Kell corrected what happened",
        "Dev Okafor repaired the rupture",
        "Priya Shah reopened the rupture: the repair had not held",
        "Priya Shah recorded the rupture (restraint, serious)",
        "Morgan Blake ticked off a reg 35 clock: manager spoke to the adult and signed",
        "Priya Shah ended the rupture without a repair",
    ]
    accepted = said[2]
    assert [(n.label, n.text) for n in accepted.notes] == [
        ("What they will do", "I will ask Jordan to help me cook on Saturday.")
    ]
    repaired = said[7]
    assert [(n.label, n.text) for n in repaired.notes] == [
        ("What was said", "I said Sam was wrong to shout, and so was I."),
        ("How Jordan responded", "Jordan nodded."),
    ]
    recorded = said[0]
    assert [n.label for n in recorded.notes] == ["What happened", "When it happened", "Adults involved", "Owner"]
    assert ("Adults involved", "Sam Kell, Dev Okafor") in [(n.label, n.text) for n in recorded.notes]
    assert ("Incident record", "IR-77") in [(n.label, n.text) for n in said[9].notes]


def test_a_listing_names_the_rupture_and_gives_the_year(steps: list[Event], home: Home) -> None:
    names = {s.id: s.name for s in home.staff}
    plan = next(e for e in steps if e.kind is EventKind.PLANNED)
    d = describe(plan, names, LONDON, rupture="rupture #1", year=True)
    assert d.in_one_line() == (
        "planned the repair of rupture #1 — Plan: Talk on the walk to school. · By: Sat 28 Nov 2026 08:30"
    )


def test_times_are_in_the_home_zone_in_summer_too() -> None:
    """A plan's "by when" stored in UTC in July reads in British Summer Time, an hour ahead."""
    at = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    plan = Event(
        id=2,
        rupture_id=1,
        at=at,
        actor_id=1,
        kind=EventKind.PLANNED,
        payload={"plan": "Bake together", "by_when": "2026-07-01T15:30:00Z"},
    )
    assert describe(plan, {1: "Sam Kell"}, LONDON).notes[-1].text == "Wed 01 Jul 16:30"


def test_nothing_in_an_entry_is_left_out_and_unknown_people_are_named_plainly() -> None:
    """A key the describer has no words for (written by a later version, or another tool) is still shown,
    and a staff id nobody knows is a plain stand-in, never an error."""
    event = Event(
        id=9,
        rupture_id=1,
        at=datetime(2026, 11, 27, 20, 0, tzinfo=UTC),
        actor_id=99,
        kind=EventKind.REOPENED,
        payload={"reason": "It did not hold.", "seen_by_manager": True, "follow_up": "Supervision on Monday"},
    )
    d = describe(event, {}, LONDON)
    assert d.headline == "staff member #99 reopened the rupture: the repair had not held"
    assert [(n.label, n.text) for n in d.notes] == [
        ("Why", "It did not hold."),
        ("Seen by manager", "true"),
        ("Follow up", "Supervision on Monday"),
    ]


def test_unowned_and_taken_on() -> None:
    at = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    names = {1: "Sam Kell", 2: "Priya Shah"}

    def assigned(actor: int, owner: int | None, previous: int | None) -> str:
        payload = {"owner_id": owner, "previous_owner_id": previous, "reason": ""}
        return describe(
            Event(rupture_id=1, at=at, actor_id=actor, kind=EventKind.ASSIGNED, payload=payload), names, LONDON
        ).headline

    assert assigned(1, 1, None) == "Sam Kell took on the repair (it was unowned)"
    assert assigned(2, None, 1) == "Priya Shah left the repair unowned (it was with Sam Kell)"


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_kind_has_words_to_go_before_by_name(kind: EventKind) -> None:
    """As the integrity report names an entry: "repair planned by Sam Kell". Words, never the stored code."""
    words = passive(kind)
    assert words and "-" not in words and words == passive(kind.value)


def test_a_kind_written_outside_the_board_is_named_as_it_is() -> None:
    assert passive("written-by-hand") == "written-by-hand"
    assert passive(EventKind.CLOCK_TICKED) == "reg 35 clock ticked"
