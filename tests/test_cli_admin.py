"""`handover check`, `backup`, `restore`, `audit` and `export` on real files: what they print, their exit
codes, the audit rows they leave, and every refusal as one plain "Error:" line with nothing changed."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from db import integrity
from db.backup import backup as make_backup
from db.chain import event_hash
from db.store import Store
from handover.cli import cli
from handover.cli_support import PIN_ENV
from handover.clock import FrozenClock
from handover.domain.enums import Role, RuptureKind
from handover.service import Service
from tests.conftest import FROZEN_AT, Home


class Handover:
    """Runs `handover ...` against one database file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(cli, [args[0], "--db", str(self.db_path), *args[1:]], env=env)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    def refused(self, *args: str, code: int = 1) -> str:
        """A command that must fail, changing nothing (but the sign-in's audit row); returns its 'Error:' line."""
        before = self.counts()
        result = self(*args)
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.output
        assert self.counts() == before
        return errors[0]

    def counts(self) -> tuple[int, ...]:
        conn = sqlite3.connect(self.db_path)
        try:
            # Sign-ins are audited whatever follows (a refusal included), so they are left out here.
            events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            audit = conn.execute("SELECT count(*) FROM audit WHERE action NOT LIKE 'sign-in%'").fetchone()[0]
            return events, audit
        finally:
            conn.close()

    def audit_rows(self, path: Path | None = None) -> list[tuple[str, str | None, str]]:
        conn = sqlite3.connect(path or self.db_path)
        try:
            return conn.execute(
                "SELECT a.action, s.name, a.detail FROM audit a LEFT JOIN staff s ON s.id = a.actor_id "
                "WHERE a.action NOT LIKE 'sign-in%' ORDER BY a.id"
            ).fetchall()
        finally:
            conn.close()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.setenv("HANDOVER_SETTINGS", str(tmp_path / "no-settings.toml"))
    for name in ("HANDOVER_DB", "HANDOVER_BACKUP_DIR", PIN_ENV):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run(env: None, service: Service, home: Home, clock: FrozenClock) -> Handover:
    """Larch House with two ruptures (entries #1-#3), its store closed so the CLI is the only user."""
    clock.set(FROZEN_AT - timedelta(hours=2))
    first = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    clock.advance(timedelta(minutes=30))
    service.plan(home.sam, first.id, "Talk after tea.")
    service.record_rupture(home.dev, home.riley, [home.dev], RuptureKind.WITHDRAWAL, "I went quiet.")
    service.store.close()
    return Handover(service.store.path)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tamper(db_path: Path, sql: str) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_no_update'").fetchone()[0]
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute(sql)
    conn.execute(trigger)
    conn.close()


# -- check --------------------------------------------------------------------------------------------
def test_check_all_well(run: Handover) -> None:
    out = run.ok("check")
    lines = out.splitlines()
    assert re.fullmatch(
        f"Check of {re.escape(str(run.db_path))}: all well. 2 ruptures rebuilt from their entries; 3 entries and "
        r"\d+ record entries \(people, settings, the audit\) checked against their seals\.",
        lines[0],
    )
    assert (
        f"Warning: there are no backups in {run.db_path.parent / 'backups'} yet. Make one now: handover backup" in lines
    )
    run.ok("backup")
    out = run.ok("check")
    assert "It agrees with the newest backup (handover-" in out and "Warning" not in out


def test_check_names_the_broken_entry_and_says_what_to_do(run: Handover) -> None:
    run.ok("backup")
    tamper(run.db_path, 'UPDATE events SET payload = \'{"plan": "Nothing."}\' WHERE id = 2')
    result = run("check")
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith(
        f"Check of {run.db_path}: DAMAGED. Entry #2 (rupture #1, repair planned by Sam Kell on 27 Nov 2026 18:30) "
        "has been changed outside the board: its content no longer matches its seal."
    )
    assert "What to do: nothing has been changed." in out
    newest = sorted((run.db_path.parent / "backups").glob("*.db"))[-1]
    assert f"The last good backup is {newest.name} (taken " in out
    assert f"  handover restore {newest} --by NAME" in out


def test_check_catches_history_rewritten_since_the_last_backup(run: Handover, tmp_path: Path) -> None:
    run.ok("backup")
    # A careful forger rewrites an entry and recomputes every seal, so the chain itself looks whole.
    conn = sqlite3.connect(run.db_path, isolation_level=None)
    rows = conn.execute("SELECT id, rupture_id, at, actor_id, kind, payload FROM events ORDER BY id").fetchall()
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_no_update'").fetchone()[0]
    conn.execute("DROP TRIGGER events_no_update")
    previous = None
    for event_id, rupture_id, at, actor_id, kind, payload in rows:
        payload = payload.replace("Talk after tea.", "Nothing needed.")
        seal = event_hash(previous, rupture_id, at, actor_id, kind, payload)
        conn.execute(
            "UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?", (payload, previous, seal, event_id)
        )
        previous = seal
    conn.execute(trigger)
    conn.execute("UPDATE ruptures SET next_step = 'Nothing needed.' WHERE id = 1")  # and the current row too
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    # The chain itself is whole again, but not the one this PC's anchor (moved on by the backup) saw...
    assert result.stdout.startswith(
        f"Check of {run.db_path}: DAMAGED. Entry #3 is not the one this PC saw: the history up to it was rewritten"
    )
    # ...and the backup, which does hold that history, is the one to restore.
    backup = next((run.db_path.parent / "backups").glob("*.db"))
    assert f"  handover restore {backup} --by NAME" in result.stdout


def test_check_names_what_was_altered_and_the_last_good_backup(run: Handover) -> None:
    """A name changed with the sqlite3 tool after the last backup: `check` says which person, what the record
    says and what the table says, and which backup to restore; `backup` refuses to copy the altered file."""
    run.ok("backup")
    good = next((run.db_path.parent / "backups").glob("*.db"))
    conn = sqlite3.connect(run.db_path)
    conn.execute("UPDATE young_people SET name = 'Casey Rowe' WHERE name = 'Jordan Mills'")
    conn.commit()
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Check of {run.db_path}: DAMAGED. Young person #1's name was changed outside the board: the record says "
        "'Jordan Mills', the table says 'Casey Rowe'."
    )
    assert f"The last good backup is {good.name} (taken " in result.stdout
    assert f"  handover restore {good} --by NAME" in lines
    refused = run.refused("backup", "--by", "Priya")
    assert refused.startswith(
        "Error: No backup was made: the database fails its check. Young person #1's name was changed outside the board:"
    )
    assert len(list((run.db_path.parent / "backups").glob("*.db"))) == 1


def test_check_warns_about_files_others_can_read(run: Handover) -> None:
    run.ok("backup")
    run.db_path.chmod(0o644)
    result = run("check")
    assert result.exit_code == 0
    assert (
        f"Warning: {run.db_path} can be read by other users of this PC (mode 0644). Fix: chmod 600 {run.db_path}"
        in (result.stdout.splitlines())
    )


def test_check_of_a_missing_database(env: None, tmp_path: Path) -> None:
    result = Handover(tmp_path / "none.db")("check")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: There is no database at {tmp_path / 'none.db'}."


# -- backup -------------------------------------------------------------------------------------------
def test_backup_by_a_shift_lead_is_audited(run: Handover, tmp_path: Path) -> None:
    out = run.ok("backup", "--by", "Priya", "--to", str(tmp_path / "usb"))
    made = Path(out.removeprefix("Backup made and checked: ").strip())
    assert made.parent == tmp_path / "usb" and mode(made) == 0o600 and mode(made.parent) == 0o700
    action, who, detail = run.audit_rows()[-1]
    assert (action, who, json.loads(detail)) == ("backup", "Priya Shah", {"file": str(made)})
    listed = run.ok("backup", "--list", "--to", str(tmp_path / "usb"))
    assert listed.startswith(str(made))


def test_backup_refusals(run: Handover) -> None:
    assert (
        run.refused("backup", "--by", "Sam")
        == "Error: Sam Kell is staff: only a shift lead or manager can make a backup."
    )
    assert run.refused("backup", "--by", "Zed").startswith("Error: No staff member called 'Zed'")
    assert not (run.db_path.parent / "backups").exists()


# -- restore ------------------------------------------------------------------------------------------
MORGAN_PIN = "86420"


def set_pins(db_path: Path, pins: dict[str, str]) -> None:
    """Give the named staff of the database at `db_path` a PIN (set by its manager, Morgan)."""
    with Service.open(db_path, FrozenClock(FROZEN_AT), ZoneInfo("Europe/London")) as sv:
        morgan = sv.find_staff("Morgan")
        for name, pin in pins.items():
            sv.set_pin(morgan, sv.find_staff(name), pin)


@pytest.fixture
def pinned(run: Handover, monkeypatch: pytest.MonkeyPatch) -> Handover:
    """The home with PINs for Morgan (manager) and Priya (shift lead); Morgan's is given in HANDOVER_PIN."""
    set_pins(run.db_path, {"Morgan": MORGAN_PIN, "Priya": "40917"})
    monkeypatch.setenv(PIN_ENV, MORGAN_PIN)
    return run


def test_restore_keeps_the_current_database_and_says_where(pinned: Handover) -> None:
    run = pinned
    made = make_backup(run.db_path, run.db_path.parent / "backups", FROZEN_AT)
    run.ok("backup", "--by", "Morgan")  # written after the backup: kept in the set-aside file
    out = run.ok("restore", str(made), "--by", "Morgan", "--yes")
    lines = out.splitlines()
    assert lines[0] == f"Restored {made} into {run.db_path}."
    kept = Path(lines[1].removeprefix("The database as it was before is kept at ").split(". ")[0])
    assert kept.name.startswith("home.db.before-restore-") and mode(kept) == 0o600
    assert integrity.check(kept).ok  # whole, with everything it held (byte for byte: tests/db/test_backup.py)
    action, who, detail = run.audit_rows()[-1]
    assert (action, who) == ("restore", "Morgan Blake")
    assert json.loads(detail) == {
        "from": str(made),
        "kept_at": str(kept),
        "by": "Morgan Blake",
        "pin_checked_in": "the current database",
    }
    assert "backup" not in [a for a, _, _ in run.audit_rows()]  # the later backup's row is in the kept file
    assert [a for a, _, _ in run.audit_rows(kept)][-1] == "backup"


def test_restore_refusals(pinned: Handover, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = pinned
    made = make_backup(run.db_path, tmp_path / "backups", FROZEN_AT)
    missing = tmp_path / "nope.db"
    assert run.refused("restore", str(missing), "--by", "Morgan", "--yes").startswith(
        f"Error: There is no backup file at {missing}. Nothing was changed."
    )
    assert "--by NAME" in run.refused("restore", str(made), "--yes", code=2)
    assert "add --yes" in run.refused("restore", str(made), "--by", "Morgan", code=2)
    assert run.refused("restore", str(made), "--by", "Priya", "--yes") == (
        "Error: Priya Shah is a shift lead: only a manager can restore a backup."
    )
    monkeypatch.setenv(PIN_ENV, "11235")
    assert run.refused("restore", str(made), "--by", "Morgan", "--yes").startswith(
        "Error: That is not Morgan Blake's PIN."
    )
    monkeypatch.setenv(PIN_ENV, MORGAN_PIN)
    # A damaged backup is refused and nothing moves.
    conn = sqlite3.connect(made)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE id = 2")
    conn.commit()
    conn.close()
    files = sorted(p.name for p in run.db_path.parent.iterdir())
    error = run.refused("restore", str(made), "--by", "Morgan", "--yes")
    assert error.startswith(f"Error: The backup {made} is damaged and will not be restored: Entries between #1 and #3")
    assert sorted(p.name for p in run.db_path.parent.iterdir()) == files


def test_restore_needs_a_pin_even_where_pins_are_not_set_up(run: Handover, tmp_path: Path) -> None:
    made = make_backup(run.db_path, tmp_path / "backups", FROZEN_AT)
    assert run.refused("restore", str(made), "--by", "Morgan", "--yes") == (
        "Error: Restoring needs a manager's PIN, and Morgan Blake has none yet. Set one first: "
        "handover people set-pin 'Morgan Blake' --by 'Morgan Blake'. Nothing was changed."
    )


def test_restore_asks_first_at_a_terminal(pinned: Handover, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = pinned
    made = make_backup(run.db_path, tmp_path / "backups", FROZEN_AT)
    monkeypatch.setattr("handover.cli_admin._at_terminal", lambda: True)
    files = sorted(p.name for p in run.db_path.parent.iterdir())
    no = run.runner.invoke(cli, ["restore", "--db", str(run.db_path), str(made), "--by", "Morgan"], input="n\n")
    assert no.exit_code == 1 and "The current database will be kept aside, not deleted" in no.output
    assert sorted(p.name for p in run.db_path.parent.iterdir()) == files
    yes = run.runner.invoke(cli, ["restore", "--db", str(run.db_path), str(made), "--by", "Morgan"], input="y\n")
    assert yes.exit_code == 0 and "kept at" in yes.output


def test_a_damaged_database_is_restored_with_the_pin_checked_against_the_backup(
    pinned: Handover, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = pinned
    made = make_backup(run.db_path, tmp_path / "backups", FROZEN_AT)
    run.db_path.write_bytes(b"not a database any more")
    # The sheet once written over the database is the case from the issue: no PIN, no restore.
    monkeypatch.delenv(PIN_ENV)
    refused = run("restore", str(made), "--by", "Morgan", "--yes")
    assert refused.exit_code == 1 and refused.stderr == (
        "Error: Type Morgan Blake's PIN at a terminal, or give it in HANDOVER_PIN. Nothing was changed.\n"
    )
    monkeypatch.setenv(PIN_ENV, "11235")
    wrong = run("restore", str(made), "--by", "Morgan", "--yes")
    assert wrong.exit_code == 1 and wrong.stderr == (
        "Error: That is not Morgan Blake's PIN as the backup knows it. Nothing was changed.\n"
    )
    priya = run("restore", str(made), "--by", "Priya", "--yes")
    assert priya.exit_code == 1 and "Priya Shah is not a manager in that backup" in priya.stderr
    assert run.db_path.read_bytes() == b"not a database any more"  # nothing moved
    monkeypatch.setenv(PIN_ENV, MORGAN_PIN)
    out = run.ok("restore", str(made), "--by", "Morgan", "--yes")
    assert "kept at" in out
    assert run.ok("check").startswith(f"Check of {run.db_path}: all well.")
    action, who, detail = run.audit_rows()[-1]
    assert (action, who, json.loads(detail)["pin_checked_in"]) == ("restore", "Morgan Blake", "the backup")


def test_a_damaged_database_and_a_backup_without_pins_is_refused(run: Handover, tmp_path: Path) -> None:
    made = make_backup(run.db_path, tmp_path / "backups", FROZEN_AT)
    run.db_path.write_bytes(b"not a database any more")
    result = run("restore", str(made), "--by", "Morgan", "--yes", env={PIN_ENV: MORGAN_PIN})
    assert result.exit_code == 1 and "has no PIN in" in result.stderr and "nobody can check" in result.stderr
    assert run.db_path.read_bytes() == b"not a database any more"


def _other_home(folder: Path) -> Path:
    """A backup of Oak Lodge, another home, whose manager Morgan Blake has the same PIN."""
    other = folder / "oak.db"
    with Service(Store.open(other, create=True), FrozenClock(FROZEN_AT), ZoneInfo("Europe/London")) as sv:
        sv.init_home("Oak Lodge")
        morgan = sv.add_staff("Morgan Blake", Role.MANAGER)
        sv.set_pin(morgan, morgan, MORGAN_PIN)
    return make_backup(other, folder / "oak-backups", FROZEN_AT)


def test_another_homes_backup_needs_other_home_and_says_whose(pinned: Handover, tmp_path: Path) -> None:
    run = pinned
    theirs = _other_home(tmp_path)
    assert run.refused("restore", str(theirs), "--by", "Morgan", "--yes") == (
        f"Error: {theirs} is a backup of Oak Lodge, not of Larch House (the home at {run.db_path}). Nothing was "
        "changed. To put Oak Lodge's records in place of these, add --other-home."
    )
    out = run.ok("restore", str(theirs), "--by", "Morgan", "--yes", "--other-home")
    assert out.splitlines()[0] == f"Restored Oak Lodge's database {theirs} into {run.db_path}."
    action, who, detail = run.audit_rows()[-1]
    assert (action, who) == ("restore", "Morgan Blake")
    assert json.loads(detail)["other_home"] == {"restored": "Oak Lodge", "replaced": "Larch House"}


def test_the_audit_never_names_a_manager_who_did_not_sign_in(pinned: Handover, tmp_path: Path) -> None:
    run = pinned
    made = make_backup(run.db_path, tmp_path / "backups", FROZEN_AT)
    # A new manager joins after the backup and restores it: the backup does not know them, so the restored
    # audit row has their name in its detail but no staff id (never Morgan's, nor anyone else's).
    with Service.open(run.db_path, FrozenClock(FROZEN_AT), ZoneInfo("Europe/London")) as sv:
        morgan = sv.find_staff("Morgan")
        alex = sv.add_staff("Alex Marsh", Role.MANAGER, actor=morgan)
        sv.set_pin(morgan, alex, "30517")
    result = run("restore", str(made), "--by", "Alex", "--yes", env={PIN_ENV: "30517"})
    assert result.exit_code == 0, result.output
    action, who, detail = run.audit_rows()[-1]
    assert (action, who, json.loads(detail)["by"]) == ("restore", None, "Alex Marsh")


# -- audit --------------------------------------------------------------------------------------------
def test_audit_lists_who_did_what_about_whom(run: Handover) -> None:
    run.ok("backup", "--by", "Priya")
    out = run.ok("audit", "--by", "Morgan").splitlines()
    # Each entry in the one describer's words, with every note given with it.
    assert out[:3] == [
        "Fri 27 Nov 2026 18:00  Sam Kell             recorded rupture #1 (harsh tone, minor) — What happened: "
        "I raised my voice. · When it happened: Fri 27 Nov 2026 18:00 · Adults involved: Sam Kell · Owner: Sam Kell"
        "  [Jordan Mills]",
        "Fri 27 Nov 2026 18:30  Sam Kell             planned the repair of rupture #1 — Plan: Talk after tea."
        "  [Jordan Mills]",
        "Fri 27 Nov 2026 18:30  Dev Okafor           recorded rupture #2 (withdrawal, minor) — What happened: "
        "I went quiet. · When it happened: Fri 27 Nov 2026 18:30 · Adults involved: Dev Okafor · Owner: Dev Okafor"
        "  [Riley Tanaka]",
    ]
    assert any("Priya Shah           made a backup: " in line for line in out)
    assert run.ok("audit", "--by", "Morgan", "--person", "Dev").splitlines() == [out[2]]
    jordan = run.ok("audit", "--by", "Morgan", "--young-person", "Jordan").splitlines()
    assert jordan == out[:2]
    assert run.ok(
        "audit", "--by", "Morgan", "--young-person", "Jordan", "--since", "2026-11-27 18:15"
    ).splitlines() == [out[1]]
    records = json.loads(run.ok("audit", "--by", "Morgan", "--person", "Dev", "--json"))
    assert [(r["by"], r["action"], r["rupture_id"]) for r in records] == [("Dev Okafor", "recorded", 2)]


def test_audit_finds_people_who_have_left(run: Handover) -> None:
    store = Store.open(run.db_path)
    store.set_active(store.young_people()[0], False)
    store.close()
    assert len(run.ok("audit", "--by", "Morgan", "--young-person", "Jordan Mills").splitlines()) == 2


def test_audit_refusals(run: Handover) -> None:
    assert run.refused("audit", "--by", "Morgan", "--person", "Zed").startswith("Error: No staff member called 'Zed'")
    assert run.refused("audit", "--by", "Sam") == "Error: Sam Kell is staff: only a manager can read the audit trail."
    assert "--by NAME" in run.refused("audit", code=2)
    assert run.refused("audit", "--by", "Morgan", "--since", "whenever").startswith("Error: Cannot read the time")


# -- export -------------------------------------------------------------------------------------------
def test_export_a_young_persons_record(run: Handover, tmp_path: Path) -> None:
    out_file = tmp_path / "jordan.md"
    out = run.ok("export", "--young-person", "Jordan", "--by", "Morgan", "--format", "md", "--out", str(out_file))
    assert out == f"Wrote everything recorded about Jordan Mills to {out_file} (readable by you only).\n"
    assert mode(out_file) == 0o600
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# The record of Jordan Mills at Larch House") and "I raised my voice." in text
    assert "I went quiet." not in text
    action, who, detail = run.audit_rows()[-1]
    assert (action, who, json.loads(detail)) == ("export", "Morgan Blake", {"format": "md", "file": str(out_file)})
    # Never over an existing file.
    assert run.refused("export", "--young-person", "Jordan", "--by", "Morgan", "--out", str(out_file)).startswith(
        f"Error: {out_file} already exists."
    )


def test_export_names_the_file_after_the_young_person_by_default(
    run: Handover, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run.ok("export", "--young-person", "Jordan", "--by", "Morgan")
    (made,) = tmp_path.glob("jordan-mills-record-*.html")
    assert mode(made) == 0o600 and made.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_to_stdout_and_as_json(run: Handover) -> None:
    out = run.ok("export", "--young-person", "Riley", "--by", "Morgan", "--format", "json", "--out", "-")
    data = json.loads(out)
    assert data["young_person"]["name"] == "Riley Tanaka" and len(data["ruptures"]) == 1
    assert json.loads(run.audit_rows()[-1][2]) == {"format": "json", "file": "(printed)"}


def test_export_everything(run: Handover, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    out = run.ok("export", "--all", "--by", "Morgan", "--format", "json", "--out", str(target))
    assert out.strip().endswith(f"to {target}. It is private: keep it that way.")
    assert len(json.loads(target.read_text())["tables"]["events"]["rows"]) == 3
    run.ok("export", "--all", "--by", "Morgan", "--format", "csv", "--out", str(tmp_path / "csv"))
    assert (tmp_path / "csv" / "events.csv").exists()
    assert [json.loads(d)["format"] for a, _, d in run.audit_rows() if a == "export"] == ["json", "csv"]


def test_export_refusals(run: Handover, tmp_path: Path) -> None:
    assert run.refused("export", "--young-person", "Nobody", "--by", "Morgan").startswith(
        "Error: No young person called 'Nobody'"
    )
    assert "every export is recorded in the audit" in run.refused("export", "--young-person", "Jordan", code=2)
    assert run.refused("export", "--young-person", "Jordan", "--by", "Priya") == (
        "Error: Priya Shah is a shift lead: only a manager can export records."
    )
    assert "--all needs --format json or csv" in run.refused("export", "--all", "--by", "Morgan", code=2)
    assert "Give --young-person NAME, or --all" in run.refused("export", "--by", "Morgan", code=2)
    assert not list(Path.cwd().glob("jordan-mills-record-*"))


def test_export_with_a_pin_set(run: Handover, tmp_path: Path, clock: FrozenClock, tz: ZoneInfo) -> None:
    store = Store.open(run.db_path)
    service = Service(store, clock, tz)
    morgan = service.find_staff("Morgan")
    service.set_pin(morgan, morgan, "4826")
    store.close()
    target = tmp_path / "j.html"
    wrong = run("export", "--young-person", "Jordan", "--by", "Morgan", "--out", str(target), env={PIN_ENV: "1111"})
    assert wrong.exit_code == 1 and not target.exists()
    right = run("export", "--young-person", "Jordan", "--by", "Morgan", "--out", str(target), env={PIN_ENV: "4826"})
    assert right.exit_code == 0, right.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
