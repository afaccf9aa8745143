"""The handover sheet for a fixed database and clock, checked in full against golden files (txt, md, html).

To rewrite the golden files after a deliberate change: HANDOVER_UPDATE_GOLDEN=1 pytest tests/test_sheet.py,
then read the diff line by line before committing it."""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.service import UNOWNED, Service
from handover.sheet import FORMATS, render_sheet
from tests.conftest import Home

GOLDEN = Path(__file__).parent / "golden"

#: When the sheet is printed: Friday 27 November 2026, 21:15 (GMT), the late shift's last hour.
SHEET_AT = datetime(2026, 11, 27, 21, 15, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)  # November in London is GMT


def build_sheet_home(service: Service, clock: FrozenClock, home: Home) -> None:
    """Larch House over three days up to Friday evening (all names fictional), steps in time order:

    open: a restraint with Jordan (Sam, overdue, manager's clock overdue), a harsh tone with Jordan (Morgan,
    off shift, overdue), a withdrawal with Jordan (unowned), a harsh tone with Riley (Dev, plan lapsed), a
    broken promise with Casey (given to Sam, not yet accepted), a sanction with Casey (Priya, tried once);
    repaired: a restraint with Riley (child's clock still running), a limit test with Riley (repaired on the
    early shift), a cutting remark with Casey and an 'other' with Jordan (both repaired on the late shift).
    Sam and Priya are on the late, Dev is marked on for the waking night, Morgan was on the early and marked
    off; Priya accepted the early-to-late handover at 14:20. Alex Rowe has nothing outstanding."""
    sv, sam, priya, dev, morgan = service, home.sam, home.priya, home.dev, home.morgan
    alex = sv.add_young_person("Alex Rowe", at(1, 12))

    def when(day: int, hour: int, minute: int = 0) -> None:
        clock.set(at(day, hour, minute))

    when(24, 22)
    held_riley = sv.record_rupture(
        dev,
        home.riley,
        [dev],
        RuptureKind.RESTRAINT,
        "Riley was held for about two minutes to stop her running into the road.",
        at(24, 21),
        Severity.SERIOUS,
        incident_ref="IR-309",
    )
    when(24, 23)
    sv.tick_reg35(priya, held_riley.id, "record", "IR-309 written up.")
    when(25, 10)
    sv.tick_reg35(morgan, held_riley.id, "manager", "Spoke with Dev; record signed.")
    when(25, 12, 30)
    morgans = sv.record_rupture(
        morgan,
        home.jordan,
        [morgan],
        RuptureKind.HARSH_TONE,
        "I told Jordan his room was a disgrace, in front of the others.",
        at(25, 12),
        Severity.SIGNIFICANT,
    )
    when(25, 16)
    sv.mark_repaired(dev, held_riley.id, "I told Riley why I held her and that I was sorry it came to that.")
    when(25, 18)
    held_jordan = sv.record_rupture(
        sam,
        home.jordan,
        [sam],
        RuptureKind.RESTRAINT,
        "Jordan was guided out of the lounge by both arms after throwing a chair.",
        at(25, 17, 30),
        Severity.SERIOUS,
        incident_ref="IR-311",
    )
    when(25, 20)
    sv.tick_reg35(priya, held_jordan.id, "record", "IR-311 written up.")
    when(26, 9)
    snapped = sv.record_rupture(
        priya, home.riley, [dev], RuptureKind.HARSH_TONE, "Dev snapped at Riley about her shoes.", at(26, 8, 30)
    )
    when(26, 10)
    sv.plan(dev, snapped.id, "Ask Riley to help walk the dog, and name that I snapped at her", at(27, 18))
    when(26, 19, 30)
    testing = sv.record_rupture(
        sam, home.riley, [sam], RuptureKind.LIMIT_TESTING, "Bedtime pushed to 23:00; I gave in.", at(26, 19)
    )
    when(27, 8)
    sv.mark_on_shift(morgan, morgan, True)  # the early
    when(27, 10)
    promise = sv.record_rupture(
        dev,
        home.casey,
        [dev],
        RuptureKind.BROKEN_PROMISE,
        "The trip to the climbing wall was cancelled at the last minute.",
        at(27, 9, 45),
        Severity.SIGNIFICANT,
    )
    when(27, 12)
    sv.record_rupture(
        sam,
        home.jordan,
        [sam],
        RuptureKind.WITHDRAWAL,
        "I went quiet with Jordan after lunch.",
        at(27, 11, 30),
        owner=UNOWNED,
    )
    when(27, 13)
    sv.mark_repaired(sam, testing.id, "I said I should have held the line, and why bedtime matters.")
    when(27, 13, 50)
    sv.mark_on_shift(sam, sam, True)  # the late
    when(27, 13, 55)
    sv.mark_on_shift(priya, priya, True)  # the late
    when(27, 14, 20)
    sv.accept_handover(priya)
    when(27, 14, 30)
    other = sv.record_rupture(
        priya, home.jordan, [priya], RuptureKind.OTHER, "I forgot to pass on a message from his mum.", at(27, 14, 20)
    )
    when(27, 15, 5)
    sv.mark_on_shift(morgan, morgan, False)
    when(27, 15, 30)
    sv.assign_owner(priya, promise.id, sam, "Dev is on nights this week")
    when(27, 16)
    remark = sv.record_rupture(
        morgan, home.casey, [morgan], RuptureKind.CUTTING_REMARK, "A remark about Casey's music.", at(27, 15, 40)
    )
    when(27, 17, 10)
    sv.mark_repaired(
        morgan, remark.id, "I said it was unkind and I was wrong to say it.", "Casey shrugged, then smiled."
    )
    when(27, 18)
    sv.mark_repaired(priya, other.id, "I told Jordan I forgot, and passed the message on.")
    when(27, 19, 20)
    sanction = sv.record_rupture(
        priya,
        home.casey,
        [priya],
        RuptureKind.SANCTION,
        "Phone taken at 22:00 as agreed; Casey was upset.",
        at(27, 19, 10),
    )
    when(27, 19, 40)
    sv.attempt(priya, sanction.id, "Casey was not ready to talk; I left it with a cup of tea.", at(28, 8))
    when(27, 21)
    sv.mark_on_shift(priya, dev, True, shift="waking night")
    clock.set(SHEET_AT)
    assert alex.active and morgans.owner_id == morgan.id


@pytest.fixture
def sheet_home(service: Service, clock: FrozenClock, home: Home) -> Service:
    build_sheet_home(service, clock, home)
    return service


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HANDOVER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("fmt", FORMATS)
def test_sheet_matches_the_golden_file(sheet_home: Service, fmt: str) -> None:
    text = render_sheet(sheet_home.handover_summary(), fmt, tz=sheet_home.tz)
    golden(f"sheet.{fmt}", text)


def test_the_sheet_says_what_matters_in_words(sheet_home: Service) -> None:
    text = render_sheet(sheet_home.handover_summary(), "txt", tz=sheet_home.tz)
    for words in ("OVERDUE", "LAPSED", "UNOWNED", "(leaving 22:00)", "(off shift)", "not yet accepted"):
        assert words in text
    # What happened stays on the board: a sheet can be left lying about.
    assert "climbing wall" not in text and "chair" not in text


def test_html_prints_on_a4_without_colour(sheet_home: Service) -> None:
    page = render_sheet(sheet_home.handover_summary(), "html", tz=sheet_home.tz)
    assert "@page { size: A4;" in page
    assert "section.young-person { page-break-inside: avoid; break-inside: avoid;" in page
    assert page.count('<section class="young-person">') == 3
    assert "<strong>OVERDUE</strong>" in page and "<strong>LAPSED</strong>" in page
    colours = [line for line in page.splitlines() if "color" in line]
    assert all("#000" in line or "#fff" in line or "inherit" in line for line in colours), colours


def test_free_text_is_escaped(service: Service, home: Home, clock: FrozenClock) -> None:
    r = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.OTHER, "x", clock.now())
    service.plan(home.sam, r.id, "Say <sorry> | then *listen* & wait")
    summary = service.handover_summary()
    assert "Say &lt;sorry&gt; | then *listen* &amp; wait" in render_sheet(summary, "html", tz=service.tz)
    assert r"Say \<sorry\> \| then \*listen\* & wait" in render_sheet(summary, "md", tz=service.tz)
    assert "next step: Say <sorry> | then *listen* & wait" in render_sheet(summary, "txt", tz=service.tz)


def test_hostile_names_and_markup_like_text_are_only_text(service: Service, home: Home, clock: FrozenClock) -> None:
    """A name that looks like a script or like Rich markup, and a plan full of Markdown, print as typed."""
    script = service.add_young_person("<script>alert(1)</script>")
    bold = service.add_staff("[bold]x[/bold]")
    r = service.record_rupture(home.sam, script, [home.sam], RuptureKind.OTHER, "x", clock.now(), owner=bold)
    typed = "*Ask* _first_ | `then` # [link](x)"
    service.plan(bold, r.id, typed)
    summary = service.handover_summary()
    page = render_sheet(summary, "html", tz=service.tz)
    assert "<script>" not in page and "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>" in page
    assert "<td>[bold]x[/bold] (off shift)</td>" in page and f"<td>{typed}</td>" in page
    md = render_sheet(summary, "md", tz=service.tz)
    assert r"### \<script\>alert(1)\</script\>" in md
    assert r"| \*Ask\* \_first\_ \| \`then\` # \[link\](x) |" in md
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script>" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    assert "<a " not in rendered and f"<td>{html.escape(typed, quote=False)}</td>" in rendered
    assert "<td>[bold]x[/bold] (off shift)</td>" in rendered  # never a Rich style or a link either


def test_control_characters_in_a_record_are_neutralised_on_every_sheet(
    service: Service, home: Home, clock: FrozenClock
) -> None:
    """Input refuses them; a row written by another tool may still hold one. The sheet shows a stand-in."""
    r = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.OTHER, "x", clock.now())
    service.plan(home.sam, r.id, "Talk later")
    with service.store.write() as conn:
        conn.execute("UPDATE ruptures SET next_step = ? WHERE id = ?", ("Talk\x1b[2J later\rNOW", r.id))
    summary = service.handover_summary()
    for fmt in FORMATS:
        text = render_sheet(summary, fmt, tz=service.tz)
        assert "\x1b" not in text and "\r" not in text, fmt
        assert "Talk␛" in text, fmt


def test_a_quiet_home(service: Service, home: Home) -> None:
    text = render_sheet(service.handover_summary(), "txt", tz=service.tz)
    assert text == (
        "HANDOVER SHEET - Larch House\n"
        "Friday 27 November 2026, 20:00\n"
        "Going off: late 14:00-22:00 (nobody marked on shift)\n"
        "Coming on: waking night 22:00-07:00 (nobody marked on shift)\n"
        "Last handover accepted: none recorded yet\n"
        "Open 0 | overdue 0 | unowned 0 | awaiting acceptance 0 | owner leaving or off shift 0\n"
        "\n"
        "OPEN RUPTURES BY YOUNG PERSON (most urgent first)\n"
        "  None: every rupture has been repaired or ended.\n"
        "\n"
        "Nothing outstanding: Casey Doyle, Jordan Mills, Riley Tanaka\n"
        "\n"
        "AWAITING ACCEPTANCE\n"
        "  None.\n"
        "\n"
        "RESTRAINT CLOCKS (reg 35)\n"
        "  None outstanding.\n"
        "\n"
        "REPAIRED THIS SHIFT (late, since 14:00)\n"
        "  None yet.\n"
    )


def test_unknown_format(service: Service) -> None:
    with pytest.raises(InvalidInput, match="no sheet format 'pdf'. Choose one of: txt, md, html"):
        render_sheet(service.handover_summary(), "pdf", tz=service.tz)


# Writing the sheet to a file (private, whole or not at all, never over a record): tests/test_output_files.py.
