"""The `handover` command on a real file: each command's output, and every refusal and usage mistake as one
plain "Error:" line with nothing written. These tests run on the real clock, so times here are relative ("2h
ago"); `Handover(db_path, clock=...)` freezes it (tests/test_cli_steps.py does)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

import db.connection
from db.store import Store
from handover.cli import LAZY_COMMANDS, cli
from handover.cli_support import PIN_ENV
from handover.clock import Clock
from handover.domain.enums import EventKind, RuptureKind, Severity, Status

#: A complete `log` command; tests add or override options after it.
LOG = ("log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "other", "--what", "I went quiet.")


class Handover:
    """Runs `handover ...` against one database file. `pin` is given as HANDOVER_PIN; `stdin` is typed in;
    `clock`, when given, is the CLI's "now" (handed to the group as its context object).

    This home has not set PINs up (unless a test sets them), so commands that act as someone print a one-line
    "Warning:" on stderr; `ok` returns stdout alone, and `refused` allows those warning lines beside its error."""

    def __init__(self, db_path: Path, clock: Clock | None = None) -> None:
        self.db_path = db_path
        self.clock = clock
        self.runner = CliRunner()

    def __call__(self, *args: str, pin: str | None = None, stdin: str | None = None) -> Result:
        return self.raw(*self._with_db(args), pin=pin, stdin=stdin)

    def raw(self, *args: str, pin: str | None = None, stdin: str | None = None) -> Result:
        """`handover ARGS` exactly as given (no --db added)."""
        env = {PIN_ENV: pin} if pin is not None else None
        return self.runner.invoke(cli, list(args), env=env, input=stdin, obj=self.clock)

    def ok(self, *args: str, pin: str | None = None, stdin: str | None = None) -> str:
        result = self(*args, pin=pin, stdin=stdin)
        assert result.exit_code == 0, result.output
        assert all(line.startswith("Warning: ") for line in result.stderr.splitlines()), result.stderr
        return result.stdout

    def refused(self, *args: str, code: int = 1, pin: str | None = None, stdin: str | None = None) -> str:
        """Runs a command that must fail: a refusal (exit 1) or a usage mistake (exit 2). Returns its one
        'Error:' line, having checked it is all that was said (beside any 'Warning:' lines) and that nothing
        was written."""
        return self.refused_raw(*self._with_db(args), code=code, pin=pin, stdin=stdin)

    def refused_raw(self, *args: str, code: int = 1, pin: str | None = None, stdin: str | None = None) -> str:
        """`refused`, for `handover ARGS` exactly as given."""
        before = self.counts()
        result = self.raw(*args, pin=pin, stdin=stdin)
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.output
        said = [line for line in result.output.splitlines() if not line.startswith("Warning: ")]
        assert said == errors, result.output
        assert self.counts() == before
        return errors[0]

    def _with_db(self, args: tuple[str, ...]) -> list[str]:
        """The command (`people add`: two words), then --db, then the rest."""
        split = 2 if args[0] == "people" else 1
        return [*args[:split], "--db", str(self.db_path), *args[split:]]

    def counts(self) -> tuple[int, ...]:
        if not self.db_path.exists():
            return ()
        conn = sqlite3.connect(self.db_path)
        try:
            tables = ("ruptures", "events", "young_people", "staff")
            return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
        finally:
            conn.close()

    def log(self, *extra: str, who: str = "Jordan", staff: str = "Sam", kind: str = "harsh-tone") -> int:
        out = self.ok("log", "--young-person", who, "--staff", staff, "--kind", kind, "--what", "I shouted.", *extra)
        return int(out.strip())


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv(PIN_ENV, raising=False)


@pytest.fixture
def handover(env: None, db_path: Path) -> Handover:
    """A home set up through the CLI: three young people and four staff."""
    return set_up_home(Handover(db_path))


def set_up_home(run: Handover) -> Handover:
    """Set up Larch House through the CLI: three young people and four staff, no PINs yet."""
    run.ok("init", "--home", "Larch House")
    for name in ("Jordan Mills", "Riley Tanaka", "Casey Doyle"):
        run.ok("people", "add", "--young-person", name)
    for name, role in (("Sam Kell", "staff"), ("Priya Shah", "shift-lead"), ("Dev Okafor", "staff")):
        run.ok("people", "add", "--staff", name, "--role", role)
    run.ok("people", "add", "--staff", "Morgan Blake", "--role", "manager")
    return run


@pytest.fixture
def saved(handover: Handover) -> Iterator[Store]:
    """What the CLI wrote, read back from its file."""
    opened = Store.open(handover.db_path)
    yield opened
    opened.close()


def test_init_creates_the_home(env: None, db_path: Path) -> None:
    out = Handover(db_path).ok("init", "--home", "Larch House")
    assert out == f"Ready: Larch House at {db_path}. Times are shown in Europe/London.\n"
    assert db_path.exists()


def test_init_again_with_another_name_refused(handover: Handover) -> None:
    error = handover.refused("init", "--home", "Rowan Lodge")
    assert error == "Error: This database already belongs to 'Larch House'. Use another --db for 'Rowan Lodge'."


def test_people_add_says_who_and_role(handover: Handover) -> None:
    assert handover.ok("people", "add", "--young-person", "Avery Lund") == "Added young person Avery Lund\n"
    out = handover.ok("people", "add", "--staff", "Nia Grant", "--role", "shift-lead")
    assert out == "Added staff member Nia Grant (shift-lead)\n"
    assert "Invalid value for '--role'" in handover("people", "add", "--staff", "Kit Moss", "--role", "boss").output


def test_people_list_text_and_json(handover: Handover) -> None:
    text = handover.ok("people", "list").splitlines()
    assert text[:4] == ["Young people:", "  Jordan Mills", "  Riley Tanaka", "  Casey Doyle"]
    assert "  Priya Shah  (shift-lead)" in text and "  Morgan Blake  (manager)" in text
    data = json.loads(handover.ok("people", "list", "--json"))
    assert [p["name"] for p in data["young_people"]] == ["Jordan Mills", "Riley Tanaka", "Casey Doyle"]
    roles = {s["name"]: s["role"] for s in data["staff"]}
    assert roles == {"Sam Kell": "staff", "Priya Shah": "shift-lead", "Dev Okafor": "staff", "Morgan Blake": "manager"}
    assert all(p["active"] for p in data["young_people"] + data["staff"])


@pytest.mark.parametrize("kind", list(RuptureKind))
def test_log_every_kind_prints_the_id(handover: Handover, saved: Store, kind: RuptureKind) -> None:
    first, second = handover.log(kind=kind.value), handover.log(kind=kind.value, who="Riley")
    assert (first, second) == (1, 2)
    assert saved.rupture(second).kind is kind


def test_log_defaults_owner_and_recorder_to_the_adult(handover: Handover, saved: Store) -> None:
    r = saved.rupture(handover.log(staff="Dev"))
    staff = {s.name: s.id for s in saved.staff()}
    assert (r.owner_id, r.recorded_by, r.severity, r.status) == (
        staff["Dev Okafor"],
        staff["Dev Okafor"],
        Severity.MINOR,
        Status.OPEN,
    )
    assert r.occurred_at <= datetime.now(ZoneInfo("UTC"))


def test_log_owner_unowned_severity_by_and_two_adults(handover: Handover, saved: Store) -> None:
    staff = {s.name: s.id for s in saved.staff()}
    owned = saved.rupture(handover.log("--owner", "Priya", "--severity", "serious", "--by", "Morgan"))
    assert (owned.owner_id, owned.severity, owned.recorded_by) == (
        staff["Priya Shah"],
        Severity.SERIOUS,
        staff["Morgan Blake"],
    )
    assert saved.events(owned.id)[0].actor_id == staff["Morgan Blake"]
    nobody = saved.rupture(handover.log("--unowned", "--staff", "Dev", "--incident-ref", "IR-77"))
    assert nobody.owner_id is None and nobody.incident_ref == "IR-77"
    assert set(nobody.adult_ids) == {staff["Sam Kell"], staff["Dev Okafor"]}


@pytest.mark.parametrize(
    ("typed", "hours_ago"),
    [("2h ago", 2.0), ("45 min ago", 0.75), ("3 days ago", 72.0), ("now", 0.0)],
)
def test_log_at_relative_times(handover: Handover, saved: Store, typed: str, hours_ago: float) -> None:
    r = saved.rupture(handover.log("--at", typed))
    expected = datetime.now(ZoneInfo("UTC")) - timedelta(hours=hours_ago)
    assert abs(r.occurred_at - expected) < timedelta(minutes=1)


def test_log_at_yesterday_and_iso_in_the_home_zone(handover: Handover, saved: Store) -> None:
    london = ZoneInfo("Europe/London")
    r = saved.rupture(handover.log("--at", "yesterday 19:30"))
    local = r.occurred_at.astimezone(london)
    assert (local.date(), local.hour, local.minute) == (datetime.now(london).date() - timedelta(days=1), 19, 30)
    iso = (datetime.now(london) - timedelta(hours=5)).replace(second=0, microsecond=0)
    r = saved.rupture(handover.log("--at", iso.strftime("%Y-%m-%d %H:%M")))
    assert r.occurred_at == iso


def test_repair_and_assign(handover: Handover, saved: Store) -> None:
    rid = handover.log()
    assert handover.ok("assign", str(rid), "--owner", "Dev", "--by", "Priya", "--reason", "Sam off") == (
        f"Rupture #{rid} is now owned by Dev Okafor.\n"
    )
    assert saved.events(rid)[-1].payload["reason"] == "Sam off"
    assert handover.ok("assign", str(rid), "--unowned", "--by", "Priya") == (
        f"Rupture #{rid} is now owned by nobody (unowned).\n"
    )
    # Unowned: whoever makes the repair takes it on first (staff may take on an unowned repair themselves).
    assert handover.ok("assign", str(rid), "--owner", "Dev", "--by", "Dev") == (
        f"Rupture #{rid} is now owned by Dev Okafor.\n"
    )
    out = handover.ok("repair", str(rid), "--by", "Dev", "--note", "I said sorry for shouting.", "--response", "ok")
    assert out == f"Rupture #{rid} marked repaired by Dev Okafor.\n"
    assert saved.rupture(rid).status is Status.REPAIRED
    assert [e.kind for e in saved.events(rid)][-1] is EventKind.REPAIRED


def test_missing_database(env: None, tmp_path: Path) -> None:
    run = Handover(tmp_path / "nowhere.db")
    for args in (("list",), ("people", "list"), LOG):
        error = run.refused(*args)
        assert error.startswith(f"Error: There is no database at {tmp_path / 'nowhere.db'}")
        assert "handover init" in error
    assert not (tmp_path / "nowhere.db").exists()


def test_database_not_set_up(env: None, db_path: Path) -> None:
    Store.open(db_path, create=True).close()
    assert "has not been set up yet" in Handover(db_path).refused("list")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--young-person", "Jordon"), "Error: No young person called 'Jordon' - did you mean Jordan Mills?"),
        (("--young-person", "Quentin"), "Error: No young person called 'Quentin'. Check the spelling"),
        (("--staff", "Sma Kell"), "Error: No staff member called 'Sma Kell' - did you mean Sam Kell?"),
        (("--owner", "Zara"), "Error: No staff member called 'Zara'"),
        (("--by", "Zara"), "Error: No staff member called 'Zara'"),
        (("--at", "teatime"), "Error: Cannot read the time 'teatime'. Try 'now', '20:30'"),
        (("--at", "25:00"), "Error: '25:00' is not a time of day. Use 24-hour time, like 19:30."),
        (("--what", "   "), "Error: 'what happened' is empty. Write a few words."),
        (("--what", "x" * 4001), "Error: 'what happened' is 4,001 characters long"),
    ],
)
def test_log_refusals(handover: Handover, args: tuple[str, ...], words: str) -> None:
    options = dict(zip(LOG[1::2], LOG[2::2], strict=True)) | dict(zip(args[::2], args[1::2], strict=True))
    assert handover.refused("log", *[x for pair in options.items() for x in pair]).startswith(words)


def test_log_future_by_relative_clock_refused(handover: Handover) -> None:
    soon = (datetime.now(ZoneInfo("Europe/London")) + timedelta(hours=2)).isoformat(timespec="minutes")
    assert "in the future" in handover.refused(*LOG, "--at", soon)


def test_usage_refusals(handover: Handover) -> None:
    both = handover.refused(*LOG, "--owner", "Dev", "--unowned", code=2)
    assert both == "Error: Give --owner NAME or --unowned, not both."
    assert "exactly one of" in handover.refused("people", "add", code=2)
    assert "exactly one of" in handover.refused("people", "add", "--young-person", "A B", "--staff", "C D", code=2)
    assert handover.refused("assign", "1", "--by", "Priya", code=2) == "Error: Give --owner NAME or --unowned."


def test_rupture_refusals(handover: Handover) -> None:
    assert handover.refused("repair", "99", "--by", "Sam", "--note", "x").startswith("Error: There is no rupture #99.")
    assert handover.refused("assign", "99", "--by", "Sam", "--owner", "Dev").startswith(
        "Error: There is no rupture #99"
    )
    rid = handover.log()
    assert "already owns" in handover.refused("assign", str(rid), "--by", "Priya", "--owner", "Sam")
    assert "'what was said' is empty" in handover.refused("repair", str(rid), "--by", "Sam", "--note", " ")
    handover.ok("repair", str(rid), "--by", "Sam", "--note", "I said sorry.")
    error = handover.refused("repair", str(rid), "--by", "Dev", "--note", "Again.")
    assert error.startswith(f"Error: Rupture #{rid} cannot be marked repaired: it is already repaired")


def test_duplicate_person_refused(handover: Handover) -> None:
    assert "already a staff member called Sam Kell" in handover.refused("people", "add", "--staff", " sam  kell")


def test_database_locked_by_another_terminal(handover: Handover, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(handover.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = handover(*LOG)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1].startswith("Error: The database is busy")
        assert "Nothing was saved" in result.output and "Traceback" not in result.output
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert handover.counts()[:2] == (0, 0)


# -- usage mistakes: one plain line naming the valid choices, exit 2, nothing written -------------------------


def test_unknown_kind_names_every_kind_in_one_line(handover: Handover) -> None:
    error = handover.refused(
        "log", "--young-person", "Jordan", "--staff", "Sam", "--kind", "shouting", "--what", "x", code=2
    )
    assert error.startswith("Error: Invalid value for '--kind': 'shouting' is not one of")
    assert all(f"'{kind.value}'" in error for kind in RuptureKind)


@pytest.mark.parametrize("command", ["repair", "assign", "plan", "attempt", "end", "reopen", "amend", "accept"])
def test_a_rupture_number_that_is_not_a_number_is_one_line(handover: Handover, command: str) -> None:
    error = handover.refused(command, "abc", "--by", "Sam", code=2)
    assert "'abc' is not a" in error, error


def test_repair_abc_says_what_a_rupture_number_looks_like(handover: Handover) -> None:
    error = handover.refused("repair", "abc", "--by", "Sam", "--note", "x", code=2)
    assert error == (
        "Error: Invalid value for 'ID': 'abc' is not a rupture number: give the number `handover list` shows, like 12."
    )


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (("export", "--young-person", "Jordan", "--by", "Morgan", "--format", "pdf"), ("html", "md", "json", "csv")),
        (("sheet", "--format", "pdf"), ("txt", "md", "html")),
        (("end", "1", "--by", "Priya", "--reason", "bored"), ("moved-on", "adult-left", "recorded-in-error", "other")),
        (("amend", "1", "--by", "Sam", "--field", "kind", "--text", "x", "--why", "y"), ("what", "plan", "attempt")),
        (("people", "add", "--staff", "Kit Moss", "--role", "boss"), ("staff", "shift-lead", "manager")),
    ],
)
def test_a_bad_choice_names_the_choices(handover: Handover, args: tuple[str, ...], choices: tuple[str, ...]) -> None:
    error = handover.refused(*args, code=2)
    assert "is not one of" in error and all(f"'{choice}'" in error for choice in choices), error


def test_missing_option_unknown_option_and_unknown_command(handover: Handover) -> None:
    missing = handover.refused("repair", "1", "--note", "x", code=2)
    assert missing == "Error: Missing option '--by'. See 'handover repair --help'."
    unknown = handover.refused("list", "--jsno", code=2)
    assert unknown.startswith("Error: No such option '--jsno'") and "--json" in unknown and "--db" in unknown
    command = handover.refused_raw("lst", code=2)
    assert command.startswith("Error: No such command 'lst'. Did you mean 'list'? The commands of 'handover' are: ")
    assert all(f" {name}," in command or command.endswith(f" {name}.") for name in [*LAZY_COMMANDS, "log", "repair"])
    sub = handover.refused_raw("people", "ad", code=2)
    assert sub == "Error: No such command 'ad'. Did you mean 'add'? The commands of 'handover people' are: " + (
        "add, list, mark-left, set-pin, unlock."
    )


def test_a_group_alone_still_shows_its_help(handover: Handover) -> None:
    result = handover.raw("people")
    assert "Add and list young people and staff" in result.output and "Commands:" in result.output


def test_db_before_or_after_the_command(handover: Handover, tmp_path: Path) -> None:
    rid = handover.log()
    db = str(handover.db_path)
    after = handover.runner.invoke(cli, ["list", "--json", "--db", db])
    before = handover.runner.invoke(cli, ["--db", db, "list", "--json"])
    assert after.exit_code == before.exit_code == 0, (after.output, before.output)
    assert [r["id"] for r in json.loads(after.stdout)] == [r["id"] for r in json.loads(before.stdout)] == [rid]
    assert "Jordan Mills" in handover.runner.invoke(cli, ["--db", db, "people", "list"]).stdout
    # A command kept in another module reads it too, and so does a step that writes.
    assert "Larch House" in handover.runner.invoke(cli, ["--db", db, "sheet"]).stdout
    wrote = handover.runner.invoke(cli, ["--db", db, "repair", str(rid), "--by", "Sam", "--note", "I said sorry."])
    assert wrote.exit_code == 0, wrote.output
    # The same file twice is fine; two different files is a mistake, not a guess.
    assert handover.runner.invoke(cli, ["--db", db, "list", "--db", db]).exit_code == 0
    other = tmp_path / "other.db"
    error = handover.refused_raw("--db", str(other), "list", "--db", db, code=2)
    assert error == f"Error: --db is given twice, as {other} and {db}: give it once, before or after the command."
    assert not other.exists()
