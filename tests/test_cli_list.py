"""`handover list` (text and `--json`) through click's CliRunner on a real file, with the CLI's clock frozen
with the test's: the board's own rows, in the board's order, with the board's marks (the owner off shift or
leaving, a lapsed next step, a repair not yet accepted, reg 35 clocks) in words and as fields."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handover.cli import cli
from handover.cli_support import PIN_ENV
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind, Severity
from handover.service import UNOWNED, Service
from tests.conftest import Home


class Run:
    """Runs `handover list ...` against one database file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def text(self) -> list[str]:
        return self._ok("list").splitlines()

    def records(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(self._ok("list", "--json"))
        return found

    def _ok(self, *args: str) -> str:
        result = self.runner.invoke(cli, [*args, "--db", str(self.db_path)])
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        return result.stdout


@pytest.fixture
def run(service: Service, home: Home, clock: FrozenClock, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The fixture home (Larch House, Fri 27 Nov 20:00 GMT), the CLI's clock frozen with the test's."""
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv(PIN_ENV, raising=False)
    monkeypatch.setattr("handover.context.SystemClock", lambda: clock)
    return Run(db_path)


def test_text_sections_and_quiet_people(run: Run, service: Service, home: Home, clock: FrozenClock) -> None:
    now = clock.now()
    overdue = service.record_rupture(
        home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I shouted.", now - timedelta(days=3)
    ).id
    unowned = service.record_rupture(
        home.priya,
        home.riley,
        [home.priya],
        RuptureKind.BROKEN_PROMISE,
        "The trip was off.",
        now - timedelta(hours=2),
        owner=UNOWNED,
    ).id
    assert run.text() == [
        "Larch House: 2 open, 1 overdue, 1 unowned (at 20:00)",
        "Jordan Mills: 1 open",  # the most pressing first (the board's order); nobody-open last
        f"  #{overdue:<5}      3 d  overdue   harsh tone     owner Sam Kell           open      I shouted.",
        "          owner off shift",  # nobody is marked on shift in this home yet
        "Riley Tanaka: 1 open",
        f"  #{unowned:<5}      2 h  fresh     broken promise owner UNOWNED            open      The trip was off.",
        "Casey Doyle: nothing outstanding",
    ]


def test_json_records(run: Run, service: Service, home: Home, clock: FrozenClock) -> None:
    rid = service.record_rupture(
        home.priya,
        home.jordan,
        [home.priya],
        RuptureKind.HARSH_TONE,
        "I shouted.",
        clock.now() - timedelta(hours=26),
        severity=Severity.SIGNIFICANT,
    ).id
    records = run.records()
    assert len(records) == 1
    record = records[0]
    assert {k: record[k] for k in ("id", "young_person", "urgency", "kind", "severity", "owner", "status")} == {
        "id": rid,
        "young_person": "Jordan Mills",
        "urgency": "due-soon",
        "kind": "harsh-tone",
        "severity": "significant",
        "owner": "Priya Shah",
        "status": "open",
    }
    assert record["adults"] == ["Priya Shah"] and record["waited"] == "1 d 2 h"
    assert record["occurred_at"] == "2026-11-26T18:00+00:00" and record["waited_minutes"] == 26 * 60
    service.mark_repaired(home.priya, rid, "We talked.")
    assert run.records() == []
    assert "Jordan Mills: nothing outstanding" in run.text()


@pytest.fixture
def marked(service: Service, home: Home, clock: FrozenClock) -> dict[str, int]:
    """A rupture for each of the board's marks, seen at Fri 21:15 (GMT).

    Sam is on the late (until 22:00: leaving within the hour), Dev on the waking night; Priya is not marked on
    shift (off). Dev's plan was due at 20:30 (lapsed); a repair given to Dev waits for him to accept it; two
    restraints have reg 35 clocks not yet ticked, one of them past its 24 h record."""
    now = clock.now()
    service.mark_on_shift(home.priya, home.sam, True, "late")
    service.mark_on_shift(home.priya, home.dev, True, "waking night")

    def log(actor: Any, person: Any, kind: RuptureKind, what: str, hours: float, **extra: Any) -> int:
        return service.record_rupture(actor, person, [actor], kind, what, now - timedelta(hours=hours), **extra).id

    found = {
        "leaving": log(home.sam, home.jordan, RuptureKind.HARSH_TONE, "I raised my voice at tea.", 5),
        "off": log(home.priya, home.riley, RuptureKind.CUTTING_REMARK, "I snapped back at Riley.", 4),
        "lapsed": log(home.dev, home.jordan, RuptureKind.WITHDRAWAL, "I went quiet after the argument.", 2),
        "given": log(home.priya, home.riley, RuptureKind.BROKEN_PROMISE, "The swim was off.", 3, owner=UNOWNED),
        "restraint": log(home.dev, home.casey, RuptureKind.RESTRAINT, "Held Casey's arm on the stairs.", 20),
        "restraint_late": log(
            home.priya, home.jordan, RuptureKind.RESTRAINT, "Held Jordan in the hall.", 30, owner=home.dev
        ),
    }
    service.plan(home.dev, found["lapsed"], "Sit with Jordan at supper", now + timedelta(minutes=30))
    service.assign_owner(home.priya, found["given"], home.dev, "Dev knows about the swimming")
    clock.advance(timedelta(hours=1, minutes=15))
    return found


def test_json_carries_each_of_the_boards_marks(run: Run, marked: dict[str, int]) -> None:
    records = {record["id"]: record for record in run.records()}
    leaving, off = records[marked["leaving"]], records[marked["off"]]
    lapsed, given = records[marked["lapsed"]], records[marked["given"]]
    restraint, late = records[marked["restraint"]], records[marked["restraint_late"]]

    assert (leaving["owner"], leaving["owner_shift"], leaving["owner_shift_ends"]) == (
        "Sam Kell",
        "leaving",
        "2026-11-27T22:00+00:00",
    )
    assert leaving["marks"] == ["owner leaving at 22:00"]
    assert (off["owner"], off["owner_shift"], off["owner_shift_ends"]) == ("Priya Shah", "off", None)
    assert off["marks"] == ["owner off shift"]

    assert (lapsed["lapsed"], lapsed["next_step"], lapsed["next_step_due"]) == (
        True,
        "Sit with Jordan at supper",
        "2026-11-27T20:30+00:00",
    )
    assert lapsed["owner_shift"] == "on" and lapsed["marks"] == ["next step lapsed (was due 20:30)"]

    assert (given["owner"], given["awaiting_acceptance"]) == ("Dev Okafor", True)
    assert given["marks"] == ["not yet accepted by its new owner"]
    assert not any(records[i]["awaiting_acceptance"] for i in records if i != marked["given"])

    assert restraint["reg35"] == [
        {"clock": "record", "label": "record made", "deadline": "2026-11-28T00:00+00:00", "state": "due-soon"},
        {
            "clock": "manager",
            "label": "manager spoke to the adult and signed",
            "deadline": "2026-11-29T00:00+00:00",
            "state": "due",
        },
        {"clock": "child", "label": "child spoken to", "deadline": "2026-12-02T00:00+00:00", "state": "due"},
    ]
    assert [(c["clock"], c["state"]) for c in late["reg35"]] == [
        ("record", "overdue"),
        ("manager", "due"),
        ("child", "due"),
    ]
    assert late["marks"][0] == "reg 35 record made: overdue since 14:00"
    assert all(records[i]["reg35"] == [] for i in records if i not in (restraint["id"], late["id"]))
    assert all(not records[i]["lapsed"] for i in records if i != marked["lapsed"])


def test_text_says_the_same_marks_in_words(run: Run, marked: dict[str, int]) -> None:
    lines = run.text()

    def said(rid: int) -> str:
        """The marks line under rupture `rid` ('' when there is none)."""
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  #{rid} "))
        following = lines[at + 1] if at + 1 < len(lines) else ""
        return following.strip() if following.startswith(" " * 10) else ""

    assert lines[0] == "Larch House: 6 open, 0 overdue, 0 unowned (at 21:15)"
    assert said(marked["leaving"]) == "owner leaving at 22:00"
    assert said(marked["off"]) == "owner off shift"
    assert said(marked["lapsed"]) == "next step lapsed (was due 20:30)"
    assert said(marked["given"]) == "not yet accepted by its new owner"
    assert said(marked["restraint"]) == (
        "reg 35 record made: due soon by Sat 28 Nov 00:00; "
        "reg 35 manager spoke to the adult and signed: due by Sun 29 Nov 00:00; "
        "reg 35 child spoken to: due by Wed 2 Dec 00:00"
    )
    assert said(marked["restraint_late"]).startswith("reg 35 record made: overdue since 14:00; ")
    # The rows come in the board's order: the young person with the most pressing rupture first (Jordan's
    # 30 h restraint is due soon, Casey's waited 20 h, Riley's 4 h), each one's longest waiting first.
    order = [int(line.split()[0][1:]) for line in lines if line.startswith("  #")]
    assert order == [
        marked["restraint_late"],
        marked["leaving"],
        marked["lapsed"],
        marked["restraint"],
        marked["off"],
        marked["given"],
    ]
