"""The handover's commands through click's CliRunner on a real file, the clock frozen at Friday 21:15 on the
sheet's fixed home: `shift`, `accept`, `give-all`, `reg35`, `accept-handover` and `sheet`, and every refusal
as one plain "Error:" line with nothing written.

The home has not set PINs up, so a command acting as someone prints a "Warning:" line on stderr; outputs
here are stdout."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handover.cli import cli
from handover.cli_support import PIN_ENV
from handover.clock import FrozenClock
from handover.service import Service
from tests.conftest import Home
from tests.test_sheet import GOLDEN, build_sheet_home


class Run:
    """Runs `handover ...` against one database file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Result:
        words = list(args)
        split = 2 if words[0] == "shift" else 1
        return self.runner.invoke(cli, [*words[:split], "--db", str(self.db_path), *words[split:]])

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result.output
        assert all(line.startswith("Warning: ") for line in result.stderr.splitlines()), result.stderr
        return result.stdout

    def refused(self, *args: str, code: int = 1) -> str:
        """A command that must fail: returns its one 'Error:' line, having checked nothing was written."""
        before = self.counts()
        result = self(*args)
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.output
        if code == 1:
            assert [line for line in result.output.splitlines() if not line.startswith("Warning: ")] == errors
        assert self.counts() == before
        return errors[0]

    def counts(self) -> tuple[int, ...]:
        """Rows in every table a command here could write (sign-ins aside: signing in is audited)."""
        conn = sqlite3.connect(self.db_path)
        try:
            tables = ("ruptures", "events", "shift_marks", "handovers", "settings")
            found = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
            found.append(conn.execute("SELECT count(*) FROM audit WHERE action NOT LIKE 'sign-in%'").fetchone()[0])
            return tuple(found)
        finally:
            conn.close()


@pytest.fixture
def run(service: Service, clock: FrozenClock, home: Home, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The sheet's fixed home, the CLI's clock frozen with the test's (at Friday 21:15)."""
    build_sheet_home(service, clock, home)
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)
    monkeypatch.delenv(PIN_ENV, raising=False)
    monkeypatch.setattr("handover.context.SystemClock", lambda: clock)
    return Run(db_path)


class TestSheet:
    def test_prints_the_text_sheet(self, run: Run) -> None:
        assert run.ok("sheet") == (GOLDEN / "sheet.txt").read_text()

    def test_markdown_to_stdout(self, run: Run) -> None:
        assert run.ok("sheet", "--format", "md") == (GOLDEN / "sheet.md").read_text()

    def test_html_to_a_file_owner_only(self, run: Run, tmp_path: Path) -> None:
        out = tmp_path / "handover.html"
        assert run.ok("sheet", "--out", str(out), "--format", "html") == (
            f"Handover sheet written to {out} (readable by you only).\n"
        )
        # The sheet as printed, with the mark that lets a later sheet replace it (tests/test_output_files.py).
        assert out.read_text() == (GOLDEN / "sheet.html").read_text() + "<!-- Written by handover -->\n"
        assert stat.S_IMODE(out.stat().st_mode) == 0o600

    def test_refusals(self, run: Run, tmp_path: Path) -> None:
        missing = tmp_path / "no-such-folder" / "sheet.txt"
        assert run.refused("sheet", "--out", str(missing)) == (
            f"Error: Cannot write the sheet to {missing}: the folder {missing.parent} does not exist."
        )
        assert "Invalid value for '--format'" in run.refused("sheet", "--format", "pdf", code=2)


class TestShift:
    def test_list(self, run: Run) -> None:
        assert run.ok("shift", "list") == (
            "Going off: late 14:00-22:00; coming on: waking night 22:00-07:00\n"
            "On shift:\n"
            "  Dev Okafor: waking night, until 07:00\n"
            "  Priya Shah: late, until 22:00 (leaving within the hour)\n"
            "  Sam Kell: late, until 22:00 (leaving within the hour)\n"
        )

    def test_on_and_off(self, run: Run) -> None:
        assert run.ok("shift", "off", "Sam") == "Sam Kell is off shift.\n"
        assert run.ok("shift", "on", "Morgan") == "Morgan Blake is on shift: waking night, until 07:00.\n"
        assert run.ok("shift", "on", "Sam", "--shift", "early", "--by", "Priya") == (
            "Sam Kell is on shift: early, until 15:00.\n"
        )
        listed = run.ok("shift", "list")
        assert "  Morgan Blake: waking night, until 07:00\n" in listed
        assert "  Sam Kell: early, until 15:00\n" in listed

    def test_refusals(self, run: Run) -> None:
        assert run.refused("shift", "on", "Dev", "--by", "Priya") == (
            "Error: Dev Okafor is already on shift (waking night 22:00-07:00)."
        )
        assert run.refused("shift", "off", "Morgan") == (
            "Error: Morgan Blake is not marked on shift, so cannot be marked off."
        )
        assert run.refused("shift", "on", "Priya", "--by", "Sam") == (
            "Error: Sam Kell is staff: you can mark yourself on or off shift; only a shift lead or manager can "
            "mark someone else."
        )
        assert run.refused("shift", "on", "Sam", "--shift", "twilight").startswith(
            "Error: There is no shift called 'twilight'. The home's shifts are: early, late, waking night."
        )
        assert run.refused("shift", "on", "Zed").startswith("Error: No staff member called 'Zed'")
        assert run.refused("shift", "on", "Alex").startswith("Error: No staff member called 'Alex'")

    def test_pattern(self, run: Run) -> None:
        assert run.ok("shift", "pattern") == (
            "Shift pattern default: early 07:00-15:00, late 14:00-22:00, waking night 22:00-07:00\n"
        )
        assert run.ok("shift", "pattern", "--preset", "sleep-in", "--by", "Morgan") == (
            "Shift pattern is now sleep-in: sleep-in 10:00-10:00\n"
        )
        assert run.ok("shift", "pattern") == "Shift pattern sleep-in: sleep-in 10:00-10:00\n"
        assert run.ok("shift", "on", "Morgan") == "Morgan Blake is on shift: sleep-in, until 10:00.\n"
        assert run.ok(
            "shift", "pattern", "--shift", "day=08:00-20:00", "--shift", "night=20:00-08:00", "--by", "Morgan"
        ) == ("Shift pattern is now custom: day 08:00-20:00, night 20:00-08:00\n")
        assert run.ok("shift", "pattern", "--preset", "default", "--by", "Morgan").startswith(
            "Shift pattern is now default"
        )

    def test_pattern_refusals(self, run: Run) -> None:
        assert run.refused("shift", "pattern", "--preset", "sleep-in", "--by", "Priya") == (
            "Error: Priya Shah is a shift lead: only a manager can change the home's shift pattern."
        )
        assert run.refused("shift", "pattern", "--shift", "day", "--by", "Morgan") == (
            "Error: Cannot read the shift 'day'. Write it as NAME=HH:MM-HH:MM, like early=07:00-15:00."
        )
        assert "--by NAME" in run.refused("shift", "pattern", "--preset", "sleep-in", code=2)
        assert "not both" in run.refused(
            "shift", "pattern", "--preset", "sleep-in", "--shift", "a=01:00-02:00", "--by", "Morgan", code=2
        )
        assert "Invalid value for '--preset'" in run.refused("shift", "pattern", "--preset", "rota", code=2)


class TestReassignAndAccept:
    def test_accept(self, run: Run, service: Service) -> None:
        assert run.ok("accept", "6", "--by", "Sam", "--note", "I'll ask Casey what we can book instead.") == (
            "Sam Kell has accepted the repair of rupture #6.\n"
        )
        stored = service.store.rupture(6)
        assert (stored.awaiting_acceptance, stored.next_step) == (False, "I'll ask Casey what we can book instead.")
        assert run.refused("accept", "6", "--by", "Sam") == (
            "Error: Rupture #6 is not waiting to be accepted: Sam Kell already has it."
        )
        assert run.refused("accept", "4", "--by", "Priya") == (
            "Error: Priya Shah does not own the repair of rupture #4: only the person it was given to can accept it."
        )
        assert run.refused("accept", "99", "--by", "Sam").startswith("Error: There is no rupture #99.")

    def test_give_all(self, run: Run, service: Service) -> None:
        assert run.ok("give-all", "--from", "Sam", "--to", "Dev", "--by", "Priya", "--reason", "Sam is off") == (
            "Gave 2 repairs of Sam Kell to Dev Okafor: #3, #6.\n"
        )
        for rid in (3, 6):
            event = service.timeline(rid)[-1]
            assert (event.kind.value, event.actor_id, event.payload["reason"]) == ("assigned", 2, "Sam is off")
        assert run.refused("give-all", "--from", "Sam", "--to", "Dev", "--by", "Priya") == (
            "Error: Sam Kell owns no open repairs, so there is nothing to give."
        )
        assert run.refused("give-all", "--from", "Dev", "--to", "Sam", "--by", "Sam") == (
            "Error: Sam Kell is staff: only a shift lead or manager can give all of someone's repairs to someone else."
        )
        assert run.refused("give-all", "--from", "Dev", "--to", "Zed", "--by", "Priya").startswith(
            "Error: No staff member called 'Zed'"
        )


class TestReg35:
    def test_tick(self, run: Run, service: Service) -> None:
        assert run.ok("reg35", "3", "--clock", "child", "--by", "Priya", "--note", "Spoke with Jordan at tea.") == (
            "Rupture #3: 'child spoken to' ticked by Priya Shah.\n"
        )
        assert service.store.rupture(3).reg35_done == ("record", "child")
        assert run.ok("reg35", "3", "--clock", "MANAGER", "--by", "Morgan") == (
            "Rupture #3: 'manager spoke to the adult and signed' ticked by Morgan Blake.\n"
        )

    def test_refusals(self, run: Run) -> None:
        assert run.refused("reg35", "3", "--clock", "record", "--by", "Priya") == (
            "Error: The 'record made' clock of rupture #3 was already ticked by Priya Shah on Wed 25 Nov at 20:00."
        )
        assert run.refused("reg35", "4", "--clock", "record", "--by", "Priya") == (
            "Error: Rupture #4 is a harsh tone, not a restraint: reg 35 clocks apply only to restraint and other "
            "measures of control."
        )
        assert run.refused("reg35", "3", "--clock", "manager", "--by", "Priya") == (
            "Error: Priya Shah is a shift lead: only a manager can sign the manager's reg 35 clock (spoke to the "
            "adult and signed the record)."
        )
        assert run.refused("reg35", "3", "--clock", "child", "--by", "Sam") == (
            "Error: Sam Kell is staff: only a shift lead or manager can tick off a reg 35 clock."
        )
        assert run.refused("reg35", "99", "--clock", "child", "--by", "Priya").startswith(
            "Error: There is no rupture #99."
        )
        assert run.refused("reg35", "3", "--clock", "child", "--by", "Nobody").startswith(
            "Error: No staff member called 'Nobody'"
        )
        assert "Invalid value for '--clock'" in run.refused("reg35", "3", "--clock", "doctor", "--by", "Priya", code=2)


class TestAcceptHandover:
    """At 21:15 Priya leads the late, which ends at 22:00: she hands over, and someone coming on accepts."""

    def test_the_lead_going_off_is_refused_in_plain_words(self, run: Run) -> None:
        assert run.refused("accept-handover", "--by", "Priya") == (
            "Error: You are going off shift (late 14:00-22:00); the handover is accepted by someone coming on, "
            "once they are marked on shift."
        )

    def test_a_lead_coming_on_accepts_once(self, run: Run, service: Service) -> None:
        run.ok("shift", "on", "Priya", "--shift", "waking night", "--by", "Priya")  # staying on for the night
        assert run.ok("accept-handover", "--by", "Priya") == (
            "Handover accepted by Priya Shah at 21:15 (late, Fri 27 Nov 14:00-22:00 -> waking night, "
            "Fri 27 Nov 22:00-07:00): 6 open, 2 overdue, 1 unowned, 1 awaiting acceptance.\n"
        )
        last = service.last_handover()
        assert last is not None and last.accepted_by == 2 and sorted(last.summary["open"]) == [2, 3, 4, 6, 7, 10]
        assert run.refused("accept-handover", "--by", "Morgan") == (
            "Error: The handover from late to waking night was already accepted by Priya Shah at 21:15."
        )
        assert "Last handover accepted: Fri 27 Nov 21:15 by Priya Shah (late to waking night)" in run.ok("sheet")

    def test_a_manager_accepts_off_shift(self, run: Run) -> None:
        assert run.ok("accept-handover", "--by", "Morgan").startswith("Handover accepted by Morgan Blake at 21:15")
        assert "Last handover accepted: Fri 27 Nov 21:15 by Morgan Blake (late to waking night)" in run.ok("sheet")

    def test_refusals(self, run: Run) -> None:
        assert run.refused("accept-handover", "--by", "Sam") == (
            "Error: Sam Kell is staff: only a shift lead or manager can accept the handover."
        )
        assert "Missing option '--by'" in run.refused("accept-handover", code=2)
