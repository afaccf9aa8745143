"""The handover sheet for a fixed database and clock, checked in full against golden files (txt, md, html).

To rewrite the golden files after a deliberate change: HANDOVER_UPDATE_GOLDEN=1 pytest tests/test_sheet.py,
then read the diff line by line before committing it."""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt

from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind, Severity
from handover.domain.errors import InvalidInput
from handover.service import UNOWNED, Service
from handover.sheet import CONFIDENTIAL, FORMATS, PAGE_BREAK, PAGE_LINES, TEXT_WIDTH, render_sheet
from tests.conftest import HOME_NAME, Home

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
    assert "@page {\n  size: A4;" in page
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
    sign = "    Name ______________________________  Signature ______________________________  Time ________\n"
    assert text == (
        "HANDOVER SHEET - Larch House\n"
        "Confidential: contains information about children; shred after use.\n"
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
        "\n"
        "SIGNED AT HANDOVER\n"
        "\n"
        "  Outgoing shift lead, late 14:00-22:00\n"
        "\n"
        f"{sign}"
        "\n"
        "  Incoming shift lead, waking night 22:00-07:00\n"
        "\n"
        f"{sign}"
        "\n"
        "Larch House handover sheet, Fri 27 Nov 20:00 | page 1 of 1\n"
    )


# -- confidentiality, pages and signatures ------------------------------------------------------------------
def _pages(text: str) -> list[list[str]]:
    return [page.splitlines() for page in text.split(PAGE_BREAK)]


def test_the_text_golden_fits_100_columns_and_60_lines_a_page() -> None:
    text = (GOLDEN / "sheet.txt").read_text(encoding="utf-8")
    pages = _pages(text)
    assert max(len(line) for page in pages for line in page) <= TEXT_WIDTH == 100
    assert all(len(page) <= PAGE_LINES == 60 for page in pages)
    assert [page[-1] for page in pages] == [
        f"Larch House handover sheet, Fri 27 Nov 21:15 | page {n} of 2" for n in (1, 2)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_confidential_and_has_lines_to_sign(sheet_home: Service, fmt: str) -> None:
    text = render_sheet(sheet_home.handover_summary(), fmt, tz=sheet_home.tz)
    body = text.split("<body>")[-1]
    assert body.index(CONFIDENTIAL) < body.index("Friday 27 November 2026, 21:15"), fmt  # under the title
    if fmt == "txt":  # at the top of every page
        assert all(
            page.splitlines()[1 if n == 0 else 0] == f"{CONFIDENTIAL}." for n, page in enumerate(text.split(PAGE_BREAK))
        )
    else:  # and at the end (in print, HTML has it at the top of every page too)
        assert text.rstrip().endswith(
            f"{CONFIDENTIAL}.</p>\n</footer>\n</body>\n</html>" if fmt == "html" else f"{CONFIDENTIAL}."
        ), fmt
    for lead, shift in (("Outgoing", "late 14:00-22:00"), ("Incoming", "waking night 22:00-07:00")):
        assert re.search(rf"{lead} shift lead(, |<br>){shift}", text), (fmt, lead)
    for word in ("Name", "Signature", "Time"):
        assert word in text.split("igned at handover" if fmt != "txt" else "SIGNED AT HANDOVER")[1], (fmt, word)


def test_html_numbers_its_printed_pages_and_repeats_the_confidentiality_line(sheet_home: Service) -> None:
    page = render_sheet(sheet_home.handover_summary(), "html", tz=sheet_home.tz)
    style = page.split("<style>")[1].split("</style>")[0]
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in style
    assert f'@top-center {{ content: "{CONFIDENTIAL}";' in style
    assert "Larch House" not in style  # no value from the records inside CSS, where HTML escaping does not apply
    assert '<table class="signatures">' in page and page.count('<th scope="row">') == 2


def test_a_long_sheet_is_cut_into_pages_that_never_split_a_rupture(
    service: Service, home: Home, clock: FrozenClock
) -> None:
    """Twenty-four open ruptures: three pages, each at most 60 lines and 100 columns, each with its footer and
    (after the first) the confidentiality line at its top; every rupture's lines on one page, and a young
    person continued on the next page says so."""
    for n in range(24):
        young = (home.jordan, home.riley, home.casey)[n % 3]
        plan = "Sit down with them somewhere of their choosing, go through what happened, and ask what would help."
        r = service.record_rupture(home.sam, young, [home.sam], RuptureKind.WITHDRAWAL, "x", clock.now())
        service.plan(home.sam, r.id, plan, clock.now() + timedelta(hours=n + 1))
    pages = _pages(render_sheet(service.handover_summary(), "txt", tz=service.tz))
    assert len(pages) == 3
    for n, page in enumerate(pages, start=1):
        assert len(page) <= PAGE_LINES and max(len(line) for line in page) <= TEXT_WIDTH
        assert page[-2:] == [
            "",
            f"Larch House handover sheet, Fri 27 Nov 20:00 | page {n} of {len(pages)}",
        ]
        assert page[0] == (f"HANDOVER SHEET - {HOME_NAME}" if n == 1 else f"{CONFIDENTIAL}.")
        assert n == 1 or page[2].strip(), "a page's own lines never start with a blank line"
        starts = [i for i, line in enumerate(page) if re.match(r"  #\d+ ", line)]
        for i in starts:  # the number line, waited, owner, and the next step (wrapped onto a second line)
            assert page[i + 1].startswith("        waited") and page[i + 3].startswith("        next step:")
            assert page[i + 4].startswith(" " * 19), "the next step's second line hangs under its first"
    # A young person whose ruptures run over a page is named again, as continued; one who starts a page is not.
    assert [page[2] for page in pages[1:]] == ["Jordan Mills", "Riley Tanaka (continued)"]


def test_a_next_step_ending_a_sentence_is_not_followed_by_a_comma(
    service: Service, home: Home, clock: FrozenClock
) -> None:
    r = service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.OTHER, "x", clock.now())
    service.plan(home.sam, r.id, "Ask what would help next time.", clock.now() + timedelta(hours=2))
    q = service.record_rupture(home.sam, home.riley, [home.sam], RuptureKind.OTHER, "x", clock.now())
    service.plan(home.sam, q.id, "Ask if she is free after tea", clock.now() + timedelta(hours=3))
    for fmt in FORMATS:
        text = render_sheet(service.handover_summary(), fmt, tz=service.tz)
        assert ".," not in text and "., by" not in text, fmt
        assert "Ask what would help next time. By Fri 27 Nov 22:00" in text, fmt
        assert "Ask if she is free after tea, by Fri 27 Nov 23:00" in text, fmt


def test_a_clock_of_a_closed_rupture_says_it_is_closed_and_since_when(sheet_home: Service) -> None:
    summary = sheet_home.handover_summary()
    (closed,) = [i for i in summary.reg35 if not i.status.is_open]
    assert closed.closed(sheet_home.tz) == "closed: repaired Wed 25 Nov"  # repaired at 16:00 that day
    for fmt in FORMATS:
        text = render_sheet(summary, fmt, tz=sheet_home.tz)
        assert (
            "Riley Tanaka: child spoken to (within 5 days): due by Sun 29 Nov 21:00 (closed: repaired Wed 25 Nov)"
            in (" ".join(text.split()))
        ), fmt
        assert "[rupture" not in text


def test_the_sheet_says_when_this_handover_was_accepted_on_the_board(sheet_home: Service, home: Home) -> None:
    before = render_sheet(sheet_home.handover_summary(), "txt", tz=sheet_home.tz)
    assert "Accepted on the board" not in before  # the last one accepted was early to late
    sheet_home.accept_handover(home.morgan)  # the manager, who may accept it whichever shift they are on
    after = render_sheet(sheet_home.handover_summary(), "txt", tz=sheet_home.tz)
    assert "  Accepted on the board by Morgan Blake at 21:15.\n" in after


def test_the_demo_home_s_sheet_fits_100_columns(tmp_path: Path) -> None:
    """The demo (six on the early, long names, restraints with references) once ran to 138 columns."""
    from handover.demo import build_demo

    summary = build_demo(tmp_path / "demo.db", SHEET_AT)
    store = Store.open(summary.path)
    try:
        service = Service(store, FrozenClock(SHEET_AT), ZoneInfo("Europe/London"))
        text = render_sheet(service.handover_summary(), "txt", tz=service.tz)
    finally:
        store.close()
    pages = _pages(text)
    assert max(len(line) for page in pages for line in page) <= TEXT_WIDTH
    assert all(len(page) <= PAGE_LINES for page in pages) and "(closed: repaired " in text


def test_unknown_format(service: Service) -> None:
    with pytest.raises(InvalidInput, match="no sheet format 'pdf'. Choose one of: txt, md, html"):
        render_sheet(service.handover_summary(), "pdf", tz=service.tz)


# Writing the sheet to a file (private, whole or not at all, never over a record): tests/test_output_files.py.
