"""Exports on fixed data: a young person's whole record (subject access) checked in full against golden files
(Markdown and JSON; HTML for its structure and content), and the whole database as JSON or CSV.

To accept a deliberate change of wording, run with UPDATE_GOLDEN=1 and read the diff of tests/golden/export/.
"""

from __future__ import annotations

import csv
import html
import json
import os
import stat
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt

from db import audit
from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import EndReason, RuptureKind, Severity
from handover.domain.errors import InvalidInput, NotFound
from handover.exports import export_all, export_young_person
from handover.service import Service
from tests.conftest import FROZEN_AT, Home

GOLDEN = Path(__file__).parent / "golden" / "export"
LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def record(service: Service, home: Home, clock: FrozenClock) -> Home:
    """Three ruptures with Jordan (one repaired after a try and two corrections, then reopened; one handed on
    and accepted with a note; one a restraint with a reg 35 clock ticked, recorded in error and ended), and one
    with Riley that must never appear in Jordan's export. Between them, every kind of entry there is."""
    sv = service

    def now(when: datetime) -> None:
        clock.set(when)

    now(at(25, 18, 40))
    first = sv.record_rupture(
        home.sam,
        home.jordan,
        [home.sam],
        RuptureKind.HARSH_TONE,
        "I raised my voice at Jordan when he would not come off the console for tea.",
        at(25, 18, 30),
    )
    now(at(25, 19, 10))
    sv.plan(home.sam, first.id, "Talk to Jordan before bed, just the two of us.", at(25, 21))
    now(at(25, 21, 5))
    sv.attempt(home.sam, first.id, "Jordan said he did not want to talk tonight.", at(26, 16))
    now(at(26, 8))
    sv.amend(
        home.sam,
        first.id,
        "I shouted at Jordan when he would not come off the console for tea.",
        "'Raised my voice' played it down: I shouted.",
    )
    now(at(26, 16, 30))
    repaired = sv.mark_repaired(
        home.sam,
        first.id,
        "I told Jordan I shouted at him yesterday and that it was not OK.",
        "He said 'fine' and asked what time football is on Saturday.",
    )
    repair_entry = sv.timeline(repaired.id)[-1].id
    now(at(26, 17))
    sv.amend(
        home.priya,
        first.id,
        "I told Jordan I shouted at him yesterday and that it was not OK. I said I still want to do football.",
        "Sam told me he also said this; added so the record is whole.",
        event_id=repair_entry,
    )
    now(at(27, 8, 15))
    sv.reopen(home.priya, first.id, "At breakfast Jordan said he thinks Sam is still angry with him.")
    now(at(27, 9))
    second = sv.record_rupture(
        home.priya,
        home.jordan,
        [home.dev, home.priya],
        RuptureKind.BROKEN_PROMISE,
        "Dev promised Jordan a lift to his cousin's on Thursday and it was cancelled <again> & late.",
        at(27, 8, 30),
        Severity.SIGNIFICANT,
    )
    now(at(27, 10))
    sv.assign_owner(home.priya, second.id, home.sam, "Dev is on leave until Monday.")
    now(at(27, 10, 20))
    sv.accept_assignment(home.sam, second.id, "I will ask Jordan tonight when his cousin can have him, and drive him.")
    now(at(27, 11))
    hold = sv.record_rupture(
        home.priya,
        home.jordan,
        [home.priya],
        RuptureKind.RESTRAINT,
        "Held Jordan's arms for about a minute in the hall to stop him hitting Riley.",
        at(27, 10, 45),
        Severity.SERIOUS,
        incident_ref="IR-2026-114",
    )
    now(at(27, 11, 30))
    sv.tick_reg35(home.priya, hold.id, "record", "Incident record made.")
    now(at(27, 12))
    sv.end_without_repair(
        home.priya, hold.id, EndReason.RECORDED_IN_ERROR, "This was Casey's hold, put under Jordan by mistake."
    )
    now(at(27, 13))
    sv.record_rupture(home.dev, home.riley, [home.dev], RuptureKind.WITHDRAWAL, "RILEY-ONLY: I went quiet.")
    now(at(27, 19))
    audit.record(sv.store, clock.now(), home.morgan.id, "export", home.jordan.id, {"format": "md", "file": "j.md"})
    audit.record(sv.store, clock.now(), home.morgan.id, "export", home.riley.id, {"format": "md", "file": "r.md"})
    return home


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1 and read it"
    assert text == path.read_text(encoding="utf-8")


def test_markdown_export_in_full(service: Service, record: Home) -> None:
    text = export_young_person(service.store, record.jordan.id, "md", LONDON, now=FROZEN_AT)
    golden("jordan.md", text)
    assert "RILEY-ONLY" not in text


def test_json_export_in_full(service: Service, record: Home) -> None:
    text = export_young_person(service.store, record.jordan.id, "json", LONDON, now=FROZEN_AT)
    golden("jordan.json", text)
    data = json.loads(text)
    # Complete: every entry of every one of Jordan's ruptures, with its seal, and nothing of Riley's.
    events = [e for r in data["ruptures"] for e in r["events"]]
    stored = service.store.rows(
        "SELECT e.id, e.hash FROM events e JOIN ruptures r ON r.id = e.rupture_id WHERE r.young_person_id = ?",
        (record.jordan.id,),
    )
    assert sorted((e["id"], e["seal"]) for e in events) == sorted((r["id"], r["hash"]) for r in stored)
    assert [a["detail"]["file"] for a in data["audit"]] == ["j.md"]
    assert "RILEY-ONLY" not in text


class _Outline(HTMLParser):
    """The element structure of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, dict(attrs)))
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_export_structure_and_content(service: Service, record: Home) -> None:
    page = export_young_person(service.store, record.jordan.id, "html", LONDON, now=FROZEN_AT)
    outline = _Outline()
    outline.feed(page)
    assert outline.open == []  # every element closed, in order
    articles = [a["id"] for tag, a in outline.seen if tag == "article"]
    assert articles == ["rupture-1", "rupture-2", "rupture-3"]
    entries = [a["id"] for tag, a in outline.seen if tag == "li" and (a.get("id") or "").startswith("entry-")]
    assert len(entries) == 11  # Jordan's 13 entries, less the 2 corrections shown under what they correct
    text = "".join(outline.text)
    assert "The record of Jordan Mills at Larch House" in text
    assert "The entries are the adults' own accounts" in text and "registered manager" in text
    # The original words stay visible beside the correction.
    assert "I raised my voice at Jordan when he would not come off the console for tea." in text
    assert "I shouted at Jordan when he would not come off the console for tea." in text
    assert "'Raised my voice' played it down: I shouted." in text
    # Typed text is escaped, never markup.
    assert "cancelled &lt;again&gt; &amp; late." in page and "<again>" not in page
    assert "RILEY-ONLY" not in text and "r.md" not in text


def test_every_kind_of_entry_reads_in_words_with_its_notes(service: Service, record: Home) -> None:
    """The note given when accepting the handed-on repair, the reg 35 clock and its note, the reopening's
    reason: in both readable forms, in the one describer's words."""
    page = export_young_person(service.store, record.jordan.id, "html", LONDON, now=FROZEN_AT)
    md = export_young_person(service.store, record.jordan.id, "md", LONDON, now=FROZEN_AT)
    said = [
        ("Sam Kell accepted the repair given to them", "What they will do", "I will ask Jordan tonight"),
        ("Priya Shah ticked off a reg 35 clock: record made", "Note", "Incident record made."),
        ("Priya Shah reopened the rupture: the repair had not held", "Why", "At breakfast Jordan said"),
    ]
    outline = _Outline()
    outline.feed(page)
    shown = "".join(outline.text)
    for headline, label, words in said:
        assert headline in md and f"- {label}: {words}" in md
        assert headline in shown and f"<dt>{label}</dt><dd>{words}" in page


def test_hostile_names_and_notes_are_only_text(service: Service, home: Home, clock: FrozenClock) -> None:
    """A name like a script tag or Rich markup, and notes full of Markdown, come out exactly as typed."""
    script = service.add_young_person("<script>alert(1)</script> Ash")
    bold = service.add_staff("[bold]x[/bold]")
    typed = "*Ask* _first_ | `then` # [link](x)"
    r = service.record_rupture(home.sam, script, [home.sam], RuptureKind.OTHER, "# " + typed, clock.now())
    service.assign_owner(home.priya, r.id, bold, "[red]urgent[/red]")
    service.accept_assignment(bold, r.id, typed)
    page = export_young_person(service.store, script.id, "html", LONDON)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Ash" in page
    assert "<strong>[bold]x[/bold]</strong> accepted the repair given to them" in page
    assert f"<dt>What they will do</dt><dd>{typed}</dd>" in page and "<dd>[red]urgent[/red]</dd>" in page
    md = export_young_person(service.store, script.id, "md", LONDON)
    rendered = MarkdownIt("commonmark").render(md)
    for tag in ("<script", "<em>", "<code>", "<a ", "<h1>"):
        assert rendered.count(tag) == (1 if tag == "<h1>" else 0), tag  # the title is the only heading of level 1
    text = html.unescape(rendered)
    assert f"What they will do: {typed}" in text and f"What happened: # {typed}" in text
    assert "[bold]x[/bold] accepted the repair given to them" in text


def test_a_young_person_who_has_left_can_still_be_exported(service: Service, record: Home) -> None:
    service.store.set_active(record.jordan, False)
    text = export_young_person(service.store, record.jordan.id, "md", LONDON, now=FROZEN_AT)
    assert text.startswith("# The record of Jordan Mills at Larch House")


def test_a_young_person_with_nothing_recorded(service: Service, record: Home) -> None:
    text = export_young_person(service.store, record.casey.id, "md", LONDON)
    assert "No ruptures were recorded." in text and "Made on" not in text


def test_unknown_young_person_or_format(service: Service, record: Home) -> None:
    with pytest.raises(NotFound):
        export_young_person(service.store, 999, "md", LONDON)
    with pytest.raises(InvalidInput, match="choose html, md or json"):
        export_young_person(service.store, record.jordan.id, "pdf", LONDON)  # type: ignore[arg-type]


# -- the whole database ----------------------------------------------------------------------------------
def table_counts(store: Store) -> dict[str, int]:
    names = [
        r["name"]
        for r in store.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {n: store.rows(f'SELECT count(*) AS n FROM "{n}"')[0]["n"] for n in names}


def test_export_all_as_json(service: Service, record: Home, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    out = export_all(service.store, "json", tmp_path / "all.json", lambda d, t: calls.append((d, t)), now=FROZEN_AT)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    counts = table_counts(service.store)
    assert {t: len(v["rows"]) for t, v in data["tables"].items()} == counts
    assert data["export"]["rows"] == counts and data["export"]["home"] == "Larch House"
    first_event = data["tables"]["events"]["rows"][0]
    assert set(data["tables"]["events"]["columns"]) == set(first_event) >= {"id", "payload", "hash", "prev_hash"}
    assert calls and calls[-1] == (sum(counts.values()), sum(counts.values()))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_export_all_as_csv(service: Service, record: Home, tmp_path: Path) -> None:
    out = export_all(service.store, "csv", tmp_path / "all")
    counts = table_counts(service.store)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.csv" for t in counts] + ["manifest.json"])
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for table, n in counts.items():
        path = out / f"{table}.csv"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert len(rows) == n + 1  # the header, then every row
    with (out / "ruptures.csv").open(newline="", encoding="utf-8") as f:
        ruptures = list(csv.DictReader(f))
    assert "cancelled <again> & late." in ruptures[1]["what_happened"]
    assert json.loads((out / "manifest.json").read_text())["rows"] == counts


def test_export_all_never_overwrites(service: Service, record: Home, tmp_path: Path) -> None:
    taken = tmp_path / "all.json"
    taken.write_text("keep me")
    with pytest.raises(InvalidInput, match="already exists"):
        export_all(service.store, "json", taken)
    assert taken.read_text() == "keep me"
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "events.csv").write_text("keep me")
    with pytest.raises(InvalidInput, match="already exists"):
        export_all(service.store, "csv", folder)
    # An empty folder is fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (export_all(service.store, "csv", empty) / "events.csv").exists()


def test_export_all_reads_one_snapshot_and_leaves_the_store_usable(
    service: Service, record: Home, tmp_path: Path
) -> None:
    export_all(service.store, "json", tmp_path / "a.json")
    # The read transaction is over: writes work again at once.
    service.record_rupture(record.sam, record.casey, [record.sam], RuptureKind.OTHER, "I forgot our film night.")
    assert not service.store.db.conn.in_transaction
