"""The demo home: the right people, every state of waiting on the board, the same database from the same
seed, and a record that passes the full check. (The benchmarks' five-year history: tests/benchmarks/.)"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from db import integrity
from db.store import Store
from handover.cli import cli
from handover.demo import DemoSummary, build_demo
from handover.domain.enums import EventKind, Role, RuptureKind, Severity, Status, Urgency
from handover.domain.errors import InvalidInput
from handover.domain.urgency import urgency

NOW = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "demo.db"


@pytest.fixture(scope="module")
def summary(demo_path: Path) -> DemoSummary:
    return build_demo(demo_path, NOW)


@pytest.fixture(scope="module")
def demo(summary: DemoSummary) -> Iterator[Store]:
    store = Store.open(summary.path)
    yield store
    store.close()


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return store.db.conn.execute(sql).fetchall()


def _all_ruptures(store: Store) -> list[Any]:
    return [store.rupture(row[0]) for row in _rows(store, "SELECT id FROM ruptures ORDER BY id")]


# -- the demo home -----------------------------------------------------------------------------------------
def test_summary_counts_what_was_built(summary: DemoSummary, demo: Store) -> None:
    board = demo.board()
    assert summary.young_people == len(board.young_people) == 6
    assert summary.staff == len(board.staff) == 18
    assert summary.ruptures == len(_rows(demo, "SELECT id FROM ruptures"))
    assert summary.open == len(board.open_ruptures)
    assert board.settings.home_name == "Larch House"


def test_staff_have_one_manager_and_four_shift_leads(demo: Store) -> None:
    roles = Counter(s.role for s in demo.staff())
    assert roles == {Role.MANAGER: 1, Role.SHIFT_LEAD: 4, Role.STAFF: 13}


def test_people_have_distinct_first_and_last_names(demo: Store) -> None:
    names = [p.name for p in demo.young_people()] + [s.name for s in demo.staff()]
    assert all(len(name.split()) == 2 for name in names)
    assert len({n.split()[0] for n in names}) == len(names)
    assert len({n.split()[1] for n in names}) == len(names)


def test_young_people_arrived_months_or_years_before(demo: Store) -> None:
    for person in demo.young_people():
        assert person.arrived_at is not None
        assert person.arrived_at < NOW - timedelta(days=85)


def test_about_150_ruptures_over_eight_weeks(demo: Store) -> None:
    ruptures = _all_ruptures(demo)
    assert 140 <= len(ruptures) <= 160
    assert min(r.occurred_at for r in ruptures) >= NOW - timedelta(weeks=8, days=1)
    assert max(r.occurred_at for r in ruptures) < NOW


def test_mix_of_kinds_and_severities_is_realistic(demo: Store) -> None:
    ruptures = _all_ruptures(demo)
    kinds = Counter(r.kind for r in ruptures)
    everyday = (
        RuptureKind.HARSH_TONE,
        RuptureKind.WITHDRAWAL,
        RuptureKind.CUTTING_REMARK,
        RuptureKind.LIMIT_TESTING,
        RuptureKind.BROKEN_PROMISE,
    )
    assert sum(kinds[k] for k in everyday) >= 0.85 * len(ruptures)
    assert all(kinds[k] > 0 for k in everyday)
    assert 2 <= kinds[RuptureKind.RESTRAINT] <= 3
    assert kinds[RuptureKind.SANCTION] >= 1
    assert Counter(r.severity for r in ruptures)[Severity.MINOR] >= 0.75 * len(ruptures)


def test_restraints_link_to_incident_records(demo: Store) -> None:
    for rupture in _all_ruptures(demo):
        if rupture.kind is RuptureKind.RESTRAINT:
            assert rupture.incident_ref and re.fullmatch(r"IR-\d{4}-\d{4}", rupture.incident_ref)
            assert len(rupture.adult_ids) == 2
        else:
            assert rupture.incident_ref is None


def test_texts_are_filled_in_and_first_person(demo: Store) -> None:
    young = {p.id: p.name.split()[0] for p in demo.young_people()}
    for rupture in _all_ruptures(demo):
        assert "{" not in rupture.what_happened and "  " not in rupture.what_happened
        assert young[rupture.young_person_id] in rupture.what_happened
        assert re.search(r"\b(I|me|my)\b", rupture.what_happened)
    distinct = {r.what_happened for r in _all_ruptures(demo)}
    assert len(distinct) >= 60  # drawn from a pool of templates, filled with names


def test_recorded_by_the_adult_involved_or_a_shift_lead_a_little_after(demo: Store) -> None:
    staff = {s.id: s for s in demo.staff()}
    for rupture in _all_ruptures(demo):
        assert rupture.recorded_by in rupture.adult_ids or staff[rupture.recorded_by].role is Role.SHIFT_LEAD
        assert timedelta(0) < rupture.recorded_at - rupture.occurred_at <= timedelta(hours=2)


def test_most_repairs_happen_within_two_days_with_words(demo: Store) -> None:
    repaired = [r for r in _all_ruptures(demo) if r.status is Status.REPAIRED]
    assert len(repaired) >= 130
    waits = []
    for rupture in repaired:
        # The repair is the last step of a rupture's life; a restraint's reg 35 clocks may be ticked after it.
        repair = [e for e in demo.events(rupture.id) if e.kind is not EventKind.CLOCK_TICKED][-1]
        assert repair.kind is EventKind.REPAIRED
        assert repair.payload["note"] and "{" not in repair.payload["note"]
        waits.append(repair.at - rupture.occurred_at)
    assert sum(wait <= timedelta(hours=48) for wait in waits) >= 0.85 * len(waits)
    responses = [
        [e for e in demo.events(r.id) if e.kind is EventKind.REPAIRED][-1].payload["response"] for r in repaired
    ]
    assert 0.4 * len(responses) <= sum(bool(x) for x in responses) < len(responses)


def test_some_repairs_followed_an_attempt_a_plan_or_a_new_owner(demo: Store) -> None:
    repaired = [r for r in _all_ruptures(demo) if r.status is Status.REPAIRED]
    kinds = Counter(e.kind for r in repaired for e in demo.events(r.id))
    assert kinds[EventKind.ATTEMPTED] >= 3
    assert kinds[EventKind.PLANNED] >= 3
    assert kinds[EventKind.ASSIGNED] >= 3


def test_every_timeline_is_in_order_in_the_past_and_matches_its_version(demo: Store) -> None:
    for rupture in _all_ruptures(demo):
        events = demo.events(rupture.id)
        assert events[0].kind is EventKind.RECORDED
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert events[-1].at <= NOW
        assert rupture.version == len(events)


def test_open_ruptures_cover_every_state_the_board_shows(demo: Store) -> None:
    board = demo.board()
    open_ = board.open_ruptures
    assert 8 <= len(open_) <= 12
    waits = Counter(urgency(r.occurred_at, NOW, board.settings) for r in open_)
    assert waits[Urgency.FRESH] >= 1
    assert waits[Urgency.DUE_SOON] >= 1
    assert waits[Urgency.OVERDUE] >= 1
    long_overdue = [r for r in open_ if timedelta(days=3) <= NOW - r.occurred_at <= timedelta(days=5)]
    assert len(long_overdue) >= 2
    assert sum(r.owner_id is None for r in open_) >= 2
    assert any(r.status is Status.PLANNED for r in open_)
    assert any(r.status is Status.ATTEMPTED for r in open_)
    owners = {r.owner_id for r in open_ if r.owner_id is not None}
    assert len(owners) >= 5


def test_one_young_person_has_nothing_outstanding(demo: Store) -> None:
    board = demo.board()
    waiting = {r.young_person_id for r in board.open_ruptures}
    settled = [p for p in board.young_people if p.id not in waiting]
    assert settled
    # ...and it is not because nothing ever happened: their ruptures were repaired.
    assert _rows(demo, f"SELECT count(*) FROM ruptures WHERE young_person_id = {settled[0].id}")[0][0] > 0


def _content(path: Path) -> tuple[Any, ...]:
    store = Store.open(path)
    try:
        return (
            store.board(),
            _rows(store, "SELECT * FROM events ORDER BY id"),
            _rows(store, "SELECT * FROM ruptures ORDER BY id"),
            _rows(store, "SELECT * FROM young_people ORDER BY id"),
            _rows(store, "SELECT * FROM staff ORDER BY id"),
        )
    finally:
        store.close()


def test_same_seed_and_now_give_the_same_database(tmp_path: Path, summary: DemoSummary) -> None:
    again = tmp_path / "again.db"
    build_demo(again, NOW)
    assert _content(again) == _content(summary.path)


def test_another_seed_gives_another_home(tmp_path: Path, summary: DemoSummary) -> None:
    other = tmp_path / "other.db"
    build_demo(other, NOW, seed=8)
    assert _content(other)[1] != _content(summary.path)[1]


def test_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    path.write_bytes(b"the home's real records")
    with pytest.raises(InvalidInput, match="already exists"):
        build_demo(path, NOW)
    assert path.read_bytes() == b"the home's real records"


def test_refuses_a_time_without_a_zone(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        build_demo(tmp_path / "demo.db", datetime(2026, 11, 27, 21, 30))
    assert not (tmp_path / "demo.db").exists()


def test_the_demo_passes_the_full_check(summary: DemoSummary) -> None:
    report = integrity.check(summary.path)
    assert report.ok, report.problems
    assert report.ruptures == summary.ruptures


def test_restraint_clocks_are_kept_up_with_but_two_are_left_to_show(demo: Store) -> None:
    """The record and the manager's clock of a repaired restraint are ticked in time; the open restraint's
    manager clock runs late, and the latest repaired restraint's "child spoken to" is still outstanding."""
    restraints = sorted(
        (r for r in _all_ruptures(demo) if r.kind is RuptureKind.RESTRAINT), key=lambda r: r.occurred_at
    )
    repaired = [r for r in restraints if r.status is Status.REPAIRED]
    (still_open,) = [r for r in restraints if r.status is not Status.REPAIRED]
    assert repaired and repaired[-1].reg35_done == ("record", "manager")
    assert all(set(r.reg35_done) == {"record", "manager", "child"} for r in repaired[:-1])
    assert still_open.reg35_done == ("record",)
    for rupture in restraints:
        for tick in (e for e in demo.events(rupture.id) if e.kind is EventKind.CLOCK_TICKED):
            limit = {"record": 24, "manager": 48, "child": 120}[tick.payload["clock"]]
            assert tick.at - rupture.occurred_at <= timedelta(hours=limit)


# -- `handover demo` -------------------------------------------------------------------------------------
@pytest.fixture
def demo_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """`handover demo` with its temporary folders under tmp_path and the board built but not run (each app
    built is recorded, with the folders there are as it "runs")."""
    from handover.app import HandoverApp

    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.setenv("HANDOVER_SETTINGS", str(tmp_path / "settings.toml"))
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    ran: list[Any] = []
    monkeypatch.setattr(HandoverApp, "run", lambda self, *a, **k: ran.append(sorted((tmp_path / "tmp").iterdir())))
    return ran


def _built_at(stdout: str) -> Path:
    found = re.search(r"Demo home built at (.+demo\.db):", stdout)
    assert found, stdout
    return Path(found.group(1))


def test_demo_says_what_it_builds_and_removes_its_folder_when_the_board_closes(
    demo_cli: list[Any], tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    path = _built_at(result.stdout)
    assert path.parent.parent == tmp_path / "tmp" and path.parent.name.startswith("handover-demo-")
    assert demo_cli == [[path.parent]]  # the board ran on the database in its temporary folder
    assert not path.parent.exists()  # and it went when the board closed
    progress = result.stderr.splitlines()
    assert progress[0] == f"Building Larch House, a fictional home, in {path}:"
    assert "  6 young people and 18 staff, each with a demo PIN" in progress
    assert any(
        re.fullmatch(r"  8 weeks of records: 1[45]\d ruptures, \d+ entries, each through the service…", line)
        for line in progress
    ), progress
    assert re.fullmatch(r"Built in \d+\.\d s\.", progress[4])
    assert progress[-2:] == [
        "Opening the board…",
        f"Removed the demo's temporary folder {path.parent}.",
    ]
    assert "Building" not in result.stdout  # stdout keeps only the summary and the PINs


def test_demo_removes_its_folder_when_the_board_fails(
    demo_cli: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handover.app import HandoverApp

    def crash(self: HandoverApp, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(HandoverApp, "run", crash)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert list((tmp_path / "tmp").iterdir()) == []


def test_demo_build_only_keeps_the_database_and_says_where(demo_cli: list[Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--build-only"])
    assert result.exit_code == 0, result.output
    path = _built_at(result.stdout)
    assert path.is_file() and demo_cli == []  # built, kept, and no board
    assert result.stderr.splitlines()[-1] == (
        f"The demo database is kept: delete the folder {path.parent} when you are done with it."
    )


def test_demo_with_a_named_file_keeps_it(demo_cli: list[Any], tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert path.is_file() and len(demo_cli) == 1 and "Removed" not in result.stderr
