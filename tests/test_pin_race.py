"""PIN guesses made in parallel cannot get round the lock-out: 30 `handover log` processes started at once, each
with a different wrong HANDOVER_PIN and the right one last, on one real database file.

Each attempt is read, compared and counted in one immediate write transaction (db.pins.attempt), so the
processes queue: at most five wrong PINs are ever compared before sign-in locks, none after, and the right PIN
is refused once the lock is on. Also here: a command refused before the PIN check (an unknown rupture, a time
that cannot be read) leaves no "sign-in" row in the audit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from db.store import Store
from handover.cli import cli
from handover.cli_support import PIN_ENV
from handover.domain.pins import MAX_FAILURES
from handover.service import Service
from tests.conftest import Home

SAM_PIN = "2580"
MORGAN_PIN = "86420"
#: Thirty different wrong PINs: six digits, none of them Sam's.
WRONG = [f"{470_000 + 7919 * n:06d}" for n in range(29)]


def _sam_rows(store: Store, staff_id: int) -> list[dict[str, Any]]:
    rows = store.rows("SELECT id, action, actor_id, detail FROM audit WHERE actor_id = ? ORDER BY id", (staff_id,))
    return [{**r, "detail": json.loads(r["detail"])} for r in rows]


@pytest.fixture
def pins_set(service: Service, home: Home) -> Service:
    service.set_pin(home.morgan, home.morgan, MORGAN_PIN)
    service.set_pin(home.morgan, home.sam, SAM_PIN)
    return service


def _log(db_path: Path, pin: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HANDOVER_DB": str(db_path), PIN_ENV: pin}
    command = [sys.executable, "-m", "handover", "log", "--young-person", "Jordan", "--staff", "Sam"]
    command += ["--kind", "other", "--what", "I went quiet after she swore at me."]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_thirty_parallel_guesses_check_at_most_five(pins_set: Service, home: Home, db_path: Path) -> None:
    started = [_log(db_path, pin) for pin in [*WRONG, SAM_PIN]]
    results = [(p.wait(timeout=120), *p.communicate()) for p in started]

    for code, _out, err in results:
        # Every process ended in one plain line: signed in and logged, or refused. Never "database is locked".
        assert code in (0, 1), err
        assert "Traceback" not in err and "locked for more than" not in err
    store = pins_set.store
    rows = _sam_rows(store, home.sam.id)
    compared_wrong = [r for r in rows if r["action"] == "sign-in-failed" and "locked_until" not in r["detail"]]
    signed_in = [r for r in rows if r["action"] == "sign-in"]
    locks = [r for r in rows if r["action"] == "sign-in-locked"]
    right_code = results[-1][0]

    # The lock-out holds: it was set, and nothing was compared after it.
    assert len(locks) == 1
    after_lock = [r for r in rows if r["id"] > locks[0]["id"]]
    assert all(r["action"] == "sign-in-failed" and "locked_until" in r["detail"] for r in after_lock)
    assert all(code == 1 for code, _, _ in results[:-1])  # no wrong PIN ever got in
    if right_code == 1:
        # The usual case: the right PIN came after the lock, and was refused unchecked like the rest.
        assert "Too many wrong PINs for Sam Kell" in results[-1][2]
        assert len(compared_wrong) == MAX_FAILURES
        assert signed_in == []
        assert store.rows("SELECT count(*) AS n FROM ruptures")[0]["n"] == 0
    else:
        # The right PIN won the race before the fifth wrong one: it cleared the count, as a right PIN does, and
        # still no more than five wrong ones in a row were compared, then none.
        assert len(signed_in) == 1
        before = [r for r in compared_wrong if r["id"] < signed_in[0]["id"]]
        assert len(before) < MAX_FAILURES
        assert len(compared_wrong) - len(before) == MAX_FAILURES
    # And the right PIN is refused now, until a shift lead or time lifts the lock.
    late = _log(db_path, SAM_PIN)
    code, _out, err = late.wait(timeout=60), *late.communicate()
    assert code == 1 and err.startswith("Error: Too many wrong PINs for Sam Kell: sign-in is locked until ")
    assert store.rows("SELECT pin_locked_until FROM staff WHERE id = ?", (home.sam.id,))[0]["pin_locked_until"]


def _cli(db_path: Path, *args: str, pin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args], env={PIN_ENV: pin} if pin else None)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("repair", "7", "--by", "Sam", "--note", "We talked."),
        ("assign", "99999", "--owner", "Dev", "--by", "Sam"),
        ("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "x", "--at", "whenever"),
        ("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "   "),
        ("repair", "1", "--by", "Sam", "--note", ""),
    ],
    ids=["unknown-rupture", "unknown-rupture-assign", "unreadable-time", "empty-text", "empty-note"],
)
def test_a_command_refused_before_the_pin_check_leaves_no_sign_in(
    pins_set: Service, home: Home, db_path: Path, args: tuple[str, ...]
) -> None:
    code, err = _cli(db_path, *args, pin=SAM_PIN)
    assert code == 1 and err.startswith("Error: ") and err.count("\n") == 1
    rows = _sam_rows(pins_set.store, home.sam.id)
    assert [r for r in rows if r["action"].startswith("sign-in")] == []
