"""`handover plan`, `attempt`, `end`, `reopen` and `amend` through the real CLI on a real file, time frozen.

Everyone in this home has a PIN, given in HANDOVER_PIN as a script would. A step that lands changes the record
(read back through `handover list --json` and the file); a refusal (the wrong role, not the owner, an empty
text, the wrong state, a stale version) is one "Error:" line and writes nothing, as for `repair`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from db.store import Store
from handover.cli_support import PIN_ENV
from handover.clock import FrozenClock
from handover.domain.enums import EndReason, EventKind, Status
from tests.conftest import FROZEN_AT
from tests.test_cli import Handover, set_up_home

#: Everyone's PIN (fictional, like the names).
PINS = {"Sam Kell": "2580", "Priya Shah": "40917", "Dev Okafor": "7391", "Morgan Blake": "86420"}

#: What happened, as Sam recorded it at 18:00 (FROZEN_AT is 20:00 on Friday 27 November, GMT).
WHAT = "I shouted at Jordan at tea in front of the others."


def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv(PIN_ENV, raising=False)


@pytest.fixture(scope="module")
def larch_house(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Larch House set up through the CLI once for this module, a PIN for everyone (set by Morgan). Each test
    gets its own copy: setting PINs (scrypt, on purpose slow) for every test would take a second each."""
    path = tmp_path_factory.mktemp("larch-house") / "home.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _env(monkeypatch)
        home = set_up_home(Handover(path, clock=FrozenClock(FROZEN_AT)))
        home.ok("people", "set-pin", "Morgan Blake", "--by", "Morgan Blake", "--pin-stdin", stdin="86420\n")
        for name, pin in PINS.items():
            if name != "Morgan Blake":
                home.ok("people", "set-pin", name, "--by", "Morgan Blake", "--pin-stdin", pin="86420", stdin=f"{pin}\n")
    return path


@pytest.fixture
def run(larch_house: Path, db_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Handover:
    """This test's own copy of Larch House, on the frozen clock."""
    _env(monkeypatch)
    for suffix in ("", "-wal", "-shm"):
        if (source := larch_house.with_name(larch_house.name + suffix)).exists():
            shutil.copy2(source, db_path.with_name(db_path.name + suffix))
    return Handover(db_path, clock=clock)


@pytest.fixture
def rid(run: Handover) -> int:
    """A harsh-tone rupture between Sam and Jordan at 18:00, owned by Sam."""
    out = step(run, "log", "--young-person", "Jordan", "--staff", "Sam Kell", "--kind", "harsh-tone")
    return int(out)


@pytest.fixture
def saved(run: Handover) -> Iterator[Store]:
    """What the CLI wrote, read back from its file."""
    opened = Store.open(run.db_path)
    yield opened
    opened.close()


def step(run: Handover, *args: str, by: str = "Sam Kell") -> str:
    """`handover ARGS --by NAME`, signed in with NAME's PIN; must succeed quietly (no warning). Returns stdout.
    `log` gets what happened and the time too."""
    extra = ("--what", WHAT, "--at", "18:00") if args[0] == "log" else ()
    result = run(*args, *extra, "--by", by, pin=PINS[by])
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr
    return result.stdout


def refused(run: Handover, *args: str, by: str = "Sam Kell", code: int = 1) -> str:
    """`handover ARGS --by NAME` with NAME's PIN, which must be refused: its one "Error:" line, nothing written."""
    return run.refused(*args, "--by", by, pin=PINS[by], code=code)


def on_board(run: Handover) -> dict[int, dict[str, Any]]:
    """What `handover list --json` shows, by rupture number."""
    return {r["id"]: r for r in json.loads(run.ok("list", "--json"))}


def staff_id(saved: Store, name: str) -> int:
    return next(s.id for s in saved.staff() if s.name == name)


# -- each step lands, and changes the record ---------------------------------------------------------------


def test_plan_saves_the_plan_and_its_deadline(run: Handover, rid: int, saved: Store) -> None:
    plan = "Go to Jordan after school tomorrow and say that I shouted, and that it was not fair."
    out = step(run, "plan", str(rid), "--what", plan, "--when", "2026-11-28 16:00")
    assert out == f"Rupture #{rid}: plan saved, by Sat 28 Nov 16:00.\n"
    assert on_board(run)[rid]["status"] == "planned"
    rupture = saved.rupture(rid)
    assert (rupture.status, rupture.next_step, rupture.next_step_due) == (
        Status.PLANNED,
        plan,
        datetime(2026, 11, 28, 16, 0, tzinfo=UTC),
    )
    last = saved.events(rid)[-1]
    assert (last.kind, last.actor_id, last.payload) == (
        EventKind.PLANNED,
        staff_id(saved, "Sam Kell"),
        {"plan": plan, "by_when": "2026-11-28T16:00:00+00:00"},
    )


def test_plan_with_no_deadline_and_with_a_deadline_already_passed(run: Handover, rid: int, saved: Store) -> None:
    assert step(run, "plan", str(rid), "--what", "Talk to Jordan.") == f"Rupture #{rid}: plan saved.\n"
    assert saved.rupture(rid).next_step_due is None
    # At 20:00 a bare 19:00 is the next 19:00 (tomorrow), as the board's plan form reads it.
    out = step(run, "plan", str(rid), "--what", "Talk to Jordan.", "--when", "19:00")
    assert out == f"Rupture #{rid}: plan saved, by Sat 28 Nov 19:00.\n"
    assert saved.rupture(rid).next_step_due == datetime(2026, 11, 28, 19, 0, tzinfo=UTC)
    # A time given with its date that has passed is kept, as the board keeps it, with a word on how to say tomorrow.
    result = run(
        "plan", str(rid), "--what", "Talk to Jordan.", "--when", "2026-11-27 19:00", "--by", "Sam Kell", pin="2580"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Rupture #{rid}: plan saved, by Fri 27 Nov 19:00.\n"
    assert result.stderr == (
        "Warning: Fri 27 Nov 19:00 has already passed. For another day give the date too, "
        "like '2026-11-28 09:30' for tomorrow.\n"
    )
    assert saved.rupture(rid).next_step_due == datetime(2026, 11, 27, 19, 0, tzinfo=UTC)


def test_attempt_records_it_and_when_to_try_again(run: Handover, rid: int, saved: Store) -> None:
    note = "I went to Jordan's room at 19:45 and said I wanted to talk about tea; Jordan said not now."
    out = step(run, "attempt", str(rid), "--what", note, "--again", "2026-11-28 09:30")
    assert out == f"Rupture #{rid}: attempt recorded. Try again: Sat 28 Nov 09:30.\n"
    assert on_board(run)[rid]["status"] == "attempted"
    rupture = saved.rupture(rid)
    assert (rupture.next_step, rupture.next_step_due) == ("try again", datetime(2026, 11, 28, 9, 30, tzinfo=UTC))
    assert saved.events(rid)[-1].payload == {"note": note, "next_try": "2026-11-28T09:30:00+00:00"}
    assert step(run, "attempt", str(rid), "--what", "Tried again at 19:55.") == f"Rupture #{rid}: attempt recorded.\n"
    assert saved.rupture(rid).next_step_due is None


def test_end_takes_it_off_the_board_and_keeps_the_reason(run: Handover, rid: int, saved: Store) -> None:
    out = step(run, "end", str(rid), "--reason", "moved-on", by="Priya Shah")
    assert out == f"Rupture #{rid} ended without repair (the young person moved on). It stays in the record.\n"
    assert rid not in on_board(run)
    assert saved.rupture(rid).status is Status.ENDED
    last = saved.events(rid)[-1]
    assert (last.kind, last.actor_id, last.payload) == (
        EventKind.ENDED,
        staff_id(saved, "Priya Shah"),
        {"reason": "moved-on", "note": ""},
    )


def test_end_for_another_reason_keeps_the_note(run: Handover, rid: int, saved: Store) -> None:
    note = "Sam has moved to nights for good and Jordan asked not to go over it again."
    step(run, "end", str(rid), "--reason", "other", "--note", note, by="Morgan Blake")
    assert saved.events(rid)[-1].payload == {"reason": EndReason.OTHER.value, "note": note}


def test_reopen_puts_it_back_on_the_board(run: Handover, rid: int, saved: Store) -> None:
    step(run, "repair", str(rid), "--note", "I told Jordan I had shouted and that it was not fair.")
    assert rid not in on_board(run)
    reason = "At breakfast Jordan said they are still upset about Friday."
    out = step(run, "reopen", str(rid), "--reason", reason, by="Priya Shah")
    assert out == f"Rupture #{rid} reopened: it is back on the board.\n"
    assert on_board(run)[rid]["status"] == "open"
    assert saved.events(rid)[-1].payload == {"reason": reason}


def test_amend_what_happened_keeps_the_original(run: Handover, rid: int, saved: Store) -> None:
    corrected = "I shouted at Jordan at tea in front of Riley and Casey."
    out = step(run, "amend", str(rid), "--text", corrected, "--why", "said who was there")
    assert out == f"Rupture #{rid}: what happened amended. What was written stays in the record.\n"
    assert on_board(run)[rid]["what_happened"] == corrected
    last = saved.events(rid)[-1]
    assert (last.kind, last.payload) == (
        EventKind.AMENDED,
        {"field": "what_happened", "event_id": None, "old": WHAT, "new": corrected, "reason": "said who was there"},
    )


def test_amend_an_entry_corrects_the_latest_of_its_kind(run: Handover, rid: int, saved: Store) -> None:
    step(run, "plan", str(rid), "--what", "Talk to Jordan at 21:00.")
    step(run, "plan", str(rid), "--what", "Talk to Jordan tomorow after school.")
    latest = saved.events(rid)[-1]
    out = step(
        run, "amend", str(rid), "--field", "plan", "--text", "Talk to Jordan tomorrow after school.", "--why", "typo"
    )
    assert out == f"Rupture #{rid}: plan amended. What was written stays in the record.\n"
    payload = saved.events(rid)[-1].payload
    assert (payload["field"], payload["event_id"], payload["old"]) == (
        "plan",
        latest.id,
        "Talk to Jordan tomorow after school.",
    )
    # The corrected text is what the next correction starts from, as on the board.
    step(run, "amend", str(rid), "--field", "plan", "--text", "Talk to Jordan after school.", "--why", "not tomorrow")
    assert saved.events(rid)[-1].payload["old"] == "Talk to Jordan tomorrow after school."


def test_steps_take_db_before_the_command(run: Handover, rid: int, saved: Store) -> None:
    result = run.raw("--db", str(run.db_path), "plan", str(rid), "--what", "Talk to Jordan.", "--by", "Sam", pin="2580")
    assert result.exit_code == 0, result.output
    assert saved.rupture(rid).status is Status.PLANNED


# -- refusals: one line, nothing written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "by", "words"),
    [
        # not the owner
        (("plan", "--what", "Talk."), "Dev Okafor", "Dev Okafor does not own the repair of rupture #1: only its owner"),
        (("attempt", "--what", "Tried."), "Dev Okafor", "Dev Okafor does not own the repair of rupture #1"),
        # the wrong role
        (("end", "--reason", "moved-on"), "Sam Kell", "Sam Kell is staff: only a shift lead or manager can end a"),
        (
            ("amend", "--text", "Jordan shouted.", "--why", "x"),
            "Dev Okafor",
            "Dev Okafor is staff: only the person who wrote an entry, a shift lead or a manager can correct it.",
        ),
        # an empty text
        (("plan", "--what", "  "), "Sam Kell", "'the plan' is empty"),
        (("attempt", "--what", " "), "Sam Kell", "'what happened when you tried' is empty"),
        (("amend", "--text", " ", "--why", "x"), "Sam Kell", "'the corrected text' is empty"),
        (("amend", "--text", "I raised my voice.", "--why", " "), "Sam Kell", "'why it is corrected' is empty"),
        (("amend", "--text", WHAT, "--why", "x"), "Sam Kell", "The corrected text is the same as what was written"),
        # the wrong state, or nothing there
        (("reopen", "--reason", "It did not hold."), "Priya Shah", "Rupture #1 cannot be reopened: it is still open."),
        (("amend", "--field", "plan", "--text", "x", "--why", "y"), "Sam Kell", "Rupture #1 has no plan to amend."),
        (
            ("plan", "--what", "x", "--when", "2026-11-27 17:00"),
            "Sam Kell",
            "'By when' is before the rupture happened.",
        ),
        (("plan", "--what", "x", "--when", "teatime"), "Sam Kell", "Cannot read the time 'teatime'."),
    ],
)
def test_step_refusals(run: Handover, rid: int, args: tuple[str, ...], by: str, words: str) -> None:
    command, *rest = args
    assert refused(run, command, str(rid), *rest, by=by).startswith(f"Error: {words}")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("plan", "--what", "x"), "Rupture #1 cannot have a repair planned: it is already repaired (reopen it first"),
        (("attempt", "--what", "x"), "Rupture #1 cannot have a repair attempt recorded: it is already repaired"),
        (("end", "--reason", "moved-on"), "Rupture #1 cannot be ended without repair: it is already repaired"),
    ],
)
def test_steps_on_a_repaired_rupture_are_refused(run: Handover, rid: int, args: tuple[str, ...], words: str) -> None:
    step(run, "repair", str(rid), "--note", "I told Jordan I had shouted and that it was not fair.")
    command, *rest = args
    assert refused(run, command, str(rid), *rest, by="Priya Shah").startswith(f"Error: {words}")


def test_reopen_is_for_a_shift_lead(run: Handover, rid: int) -> None:
    step(run, "end", str(rid), "--reason", "recorded-in-error", by="Priya Shah")
    error = refused(run, "reopen", str(rid), "--reason", "It was not an error.", by="Sam Kell")
    assert error == "Error: Sam Kell is staff: only a shift lead or manager can reopen a rupture."
    assert refused(run, "reopen", str(rid), "--reason", "  ", by="Priya Shah").startswith(
        "Error: 'why it is reopened' is empty"
    )


def test_end_for_another_reason_needs_a_note(run: Handover, rid: int) -> None:
    error = refused(run, "end", str(rid), "--reason", "other", by="Priya Shah", code=2)
    assert error == "Error: --reason other needs --note TEXT: say why it will not be repaired."


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "99", "--what", "x"),
        ("attempt", "99", "--what", "x"),
        ("end", "99", "--reason", "moved-on"),
        ("reopen", "99", "--reason", "x"),
        ("amend", "99", "--text", "x", "--why", "y"),
        ("amend", "99", "--field", "plan", "--text", "x", "--why", "y"),
    ],
)
def test_no_such_rupture(run: Handover, rid: int, args: tuple[str, ...]) -> None:
    assert refused(run, *args, by="Priya Shah").startswith("Error: There is no rupture #99.")


def test_a_wrong_pin_writes_nothing(run: Handover, rid: int) -> None:
    error = run.refused("plan", str(rid), "--what", "Talk to Jordan.", "--by", "Sam Kell", pin="1111")
    assert error.startswith("Error: That is not Sam Kell's PIN.")


# -- the stale-version guard -------------------------------------------------------------------------------

#: Each step that takes --expect-version: who may take it, whether the rupture must be ended first (to reopen
#: it), and its options.
GUARDED: list[tuple[str, str, bool, tuple[str, ...]]] = [
    ("plan", "Sam Kell", False, ("--what", "Talk to Jordan.")),
    ("attempt", "Sam Kell", False, ("--what", "Tried at 20:10.")),
    ("repair", "Sam Kell", False, ("--note", "I told Jordan I had shouted.")),
    ("end", "Priya Shah", False, ("--reason", "moved-on")),
    ("reopen", "Priya Shah", True, ("--reason", "It did not hold.")),
    ("amend", "Sam Kell", False, ("--text", "I shouted at Jordan at tea.", "--why", "shorter")),
    ("assign", "Priya Shah", False, ("--owner", "Dev Okafor")),
]


@pytest.mark.parametrize(("command", "by", "closed", "options"), GUARDED, ids=[g[0] for g in GUARDED])
def test_a_stale_version_is_refused_and_the_current_one_lands(
    run: Handover,
    rid: int,
    saved: Store,
    clock: FrozenClock,
    command: str,
    by: str,
    closed: bool,
    options: tuple[str, ...],
) -> None:
    if closed:
        step(run, "end", str(rid), "--reason", "moved-on", by="Priya Shah")
    # What a script saw: the board's version (a closed rupture is not on the board: read from the file).
    seen = saved.rupture(rid).version if closed else on_board(run)[rid]["version"]
    # Then someone else changed it, at 20:05.
    clock.advance(timedelta(minutes=5))
    step(run, "amend", str(rid), "--text", "I shouted at Jordan at tea, at 18:00.", "--why", "time", by="Priya Shah")
    error = refused(run, command, str(rid), *options, "--expect-version", str(seen), by=by)
    assert error == (
        f"Error: Rupture #{rid} changed since you opened it: Priya Shah corrected what happened at 20:05. "
        "Nothing was saved: look at it again, then re-apply your change."
    )
    step(run, command, str(rid), *options, "--expect-version", str(seen + 1), by=by)
    assert saved.rupture(rid).version == seen + 2
