"""`handover report` and `handover settings` through the real CLI on a real file with a frozen clock: the
report's Markdown in full against tests/golden/report.md, the HTML on A4 with its charts, owner-only files
with the confidentiality line, the same visibility as the screen for --by NAME, the audit row, and a
manager's settings with plain refusals.

To rewrite the golden file after a deliberate change: HANDOVER_UPDATE_GOLDEN=1 pytest tests/test_cli_report.py,
then read the diff before committing it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handover.cli import cli
from handover.clock import FrozenClock
from handover.report import CONFIDENTIAL
from handover.service import Service
from tests.conftest import Home
from tests.patterns_home import build_patterns_home

GOLDEN = Path(__file__).parent / "golden"


class Run:
    """`handover ...` on one database file, at the frozen clock's now."""

    def __init__(self, db_path: Path, clock: FrozenClock) -> None:
        self.db_path, self.clock = db_path, clock

    def __call__(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(self.db_path), *args], obj=self.clock)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    def error(self, *args: str, code: int = 1) -> str:
        result = self(*args)
        assert result.exit_code == code, result.output
        lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(lines) == 1 and "Traceback" not in result.output, result.output
        return lines[0]


@pytest.fixture
def run(service: Service, home: Home, clock: FrozenClock) -> Run:
    build_patterns_home(service, home, clock)
    service.store.close()
    return Run(service.store.path, clock)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDOVER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


def test_the_managers_report_in_markdown_matches_the_golden_file(run: Run) -> None:
    golden("report.md", run.ok("report", "--by", "Morgan Blake"))


def test_a_staff_members_report_has_only_their_relationships(run: Run) -> None:
    sam = run.ok("report", "--by", "Sam Kell")
    assert "between Jordan Mills and Sam Kell" in sam and "between Casey Doyle and Sam Kell" in sam
    assert "Priya Shah" not in sam
    assert "You see the relationships you are part of" in sam
    dev = run.ok("report", "--by", "Dev Okafor")
    assert "Worth talking through" not in dev and "None for you to see." in dev
    # The figures about young people and the home are the same for everyone.
    assert dev.split("## Relationships")[0].split("\n", 5)[5] == sam.split("## Relationships")[0].split("\n", 5)[5]


def test_html_to_a_new_owner_only_file_with_charts_on_a4(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    said = run.ok("report", "--weeks", "12", "--out", str(out), "--by", "Morgan Blake")
    assert said == f"Patterns report (12 weeks, html) written to {out} (readable by you only).\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    page = out.read_text(encoding="utf-8")
    assert "@page { size: A4;" in page
    assert page.count(CONFIDENTIAL) == 2  # the top and the foot
    # Charts drawn by leather, inline: one for the home, one per young person; no file fetched.
    assert page.count("<svg ") == 4 and 'aria-label="Ruptures and repairs per week"' in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "↻ pattern" in page and "between Riley Tanaka and Priya Shah in 13 days" in page


def test_every_report_is_audited_and_never_replaces_a_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    run.ok("report", "--out", str(out), "--by", "Priya Shah")
    assert CONFIDENTIAL in out.read_text(encoding="utf-8")
    before = out.read_text(encoding="utf-8")
    assert run.error("report", "--out", str(out), "--by", "Priya Shah") == (
        f"Error: {out} already exists. Nothing was written: choose another --out."
    )
    assert out.read_text(encoding="utf-8") == before
    conn = sqlite3.connect(run.db_path)
    rows = conn.execute(
        "SELECT s.name, a.detail FROM audit a JOIN staff s ON s.id = a.actor_id WHERE a.action = 'report'"
    ).fetchall()
    conn.close()
    assert [(name, json.loads(detail)) for name, detail in rows] == [
        ("Priya Shah", {"file": str(out), "format": "md", "weeks": 12})
    ]


def test_report_usage_mistakes_are_one_line(run: Run) -> None:
    assert "'pdf' is not one of 'md', 'html'" in run.error("report", "--format", "pdf", "--by", "Sam Kell", code=2)
    assert "0 is not in the range 1<=x<=260" in run.error("report", "--weeks", "0", "--by", "Sam Kell", code=2)
    assert "--by" in run.error("report", code=2)


def test_settings_show_and_a_manager_sets_one(run: Run) -> None:
    shown = run.ok("settings", "show")
    assert shown.splitlines()[0].split()[:2] == ["due-soon-hours", "24"]
    assert "pattern-days        14 days" in shown
    assert run.ok("settings", "set", "pattern-days", "21", "--by", "Morgan Blake") == (
        "pattern-days is now 21 days (was 14 days), set by Morgan Blake. Every board follows at its next refresh.\n"
    )
    assert "pattern-days        21 days" in run.ok("settings", "show")
    assert "already 21 days: nothing changed" in run.ok("settings", "set", "pattern_days", "21", "--by", "Morgan")


def test_settings_refusals_are_plain(run: Run) -> None:
    assert run.error("settings", "set", "pattern-days", "21", "--by", "Priya Shah") == (
        "Error: Priya Shah is a shift lead: only a manager can change the home's settings."
    )
    assert run.error("settings", "set", "pattern-days", "90", "--by", "Morgan Blake") == (
        "Error: pattern-days must be from 1 days to 84 days; not 90 days."
    )
    unknown = run.error("settings", "set", "pattern-weeks", "3", "--by", "Morgan Blake", code=2)
    assert "There is no setting 'pattern-weeks'." in unknown and "pattern-days" in unknown
    assert "pattern-days        14 days" in run.ok("settings", "show")
