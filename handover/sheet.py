"""The handover sheet: the handover summary as plain text, Markdown or printable HTML, and writing it to a
file only its owner can read.

Contents, in order: the home, "Confidential: contains information about children; shred after use", the date
and time, the shift going off and the one coming on (with who is on each), the last accepted handover and the
totals; then, by young person (most urgent first), every open rupture with its owner, how long it has waited,
its status and next step (a lapsed one marked LAPSED); the repairs awaiting acceptance; the restraint (reg 35)
clocks not yet met (a clock of a rupture no longer open says "closed: repaired Tue 24 Nov"); what was
repaired this shift; and lines for the outgoing and the incoming shift lead to sign (name, signature, time).

What happened is deliberately left off, and so are the notes given with each repair: a printed sheet can be
left lying about, and the board holds the detail. Nothing depends on colour: OVERDUE, LAPSED, UNOWNED and
"leaving" are words.

Pages: plain text is laid out here at most TEXT_WIDTH (100) columns wide, wrapped with a hanging indent, and
cut into pages of at most PAGE_LINES (60) lines, each with the confidentiality line at its top and a footer
line that names the home, the time and "page 1 of N", parted by a form feed (PAGE_BREAK); a rupture is never
split over two pages. HTML numbers its printed pages
with CSS @page counters and carries the confidentiality line at the top of every page. Markdown has no pages of
its own (whatever shows it decides them): it ends with a marker, so a reader knows the sheet is whole.

The words are worked out once (`sheet_words`) for every format. Plain text is laid out here; Markdown and
HTML come from the templates `handover/templates/sheet.md` and `sheet.html` (`handover.render.templates`),
which escape every value.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from handover.domain.board import UNOWNED_LABEL, ViewRow
from handover.domain.enums import Urgency
from handover.domain.errors import InvalidInput
from handover.domain.handover import HandoverSummary, Reg35Item, RepairedItem, StaffOnShift
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.when import local_time
from handover.render.text import neutralise

FORMATS = ("txt", "md", "html")
"""The sheet's formats: plain text (the default), Markdown, and HTML that prints on A4."""

MARKED = ("OVERDUE", "LAPSED", "UNOWNED")
"""Words in capitals on every sheet, and in bold where the format has bold: never colour alone."""

CONFIDENTIAL = "Confidential: contains information about children; shred after use"
"""On every sheet, at the top (and, where a format has pages, on every page)."""

TEXT_WIDTH = 100
"""The plain-text sheet's widest line: it prints on A4 in a 10-point monospaced font."""

PAGE_LINES = 60
"""The plain-text sheet's longest page, its footer line included."""

PAGE_BREAK = "\f"
"""Between the plain-text sheet's pages: a form feed, so a printed page ends where the sheet's page does."""

_NBSP = "\u00a0"
#: Words that plain text never breaks inside when it wraps: a day and time, a waited time, a shift's hours, a
#: short aside in brackets ("(within 48 h)", "(closed: repaired Wed 25 Nov)").
_KEEP_TOGETHER = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}(?: \d{2}:\d{2})?"
    r"|\d+ d(?: \d+ h)?|\d+ h|\d+ min|\d{2}:\d{2}-\d{2}:\d{2}|\([^()]{1,40}\)"
)


# -- the words, shared by every format ----------------------------------------------------------------------


def _day_time(at: datetime, tz: tzinfo) -> str:
    """'Fri 27 Nov 20:00' (a stored time no zone can show, such as year 1, in UTC: when.local_time)."""
    local = local_time(at, tz)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def _long_date(at: datetime, tz: tzinfo) -> str:
    """'Friday 27 November 2026, 20:00'."""
    local = local_time(at, tz)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def _names(people: tuple[StaffOnShift, ...]) -> str:
    return ", ".join(p.staff.name for p in people) or "nobody marked on shift"


def _owner(row: ViewRow, tz: tzinfo) -> str:
    if row.owner is None:
        return UNOWNED_LABEL.upper()
    text = row.owner
    if row.owner_shift is ShiftState.LEAVING and row.owner_shift_ends is not None:
        text += f" (leaving {local_time(row.owner_shift_ends, tz):%H:%M})"
    elif row.owner_shift is ShiftState.OFF:
        text += " (off shift)"
    if row.awaiting_acceptance:
        text += ", not yet accepted"
    return text


def _waited(row: ViewRow) -> str:
    waited = format_waited(row.waited)
    if row.urgency is Urgency.OVERDUE:
        return f"{waited}, OVERDUE"
    if row.urgency is Urgency.DUE_SOON:
        return f"{waited}, due soon"
    return waited


def _what(row: ViewRow, tz: tzinfo) -> str:
    """'restraint (serious), with Sam Kell, Wed 25 Nov 18:00'."""
    r = row.rupture
    ref = f", ref {r.incident_ref}" if r.incident_ref else ""
    return f"{r.kind.label} ({r.severity.label}), with {row.adults}, {_day_time(r.occurred_at, tz)}{ref}"


def _next_step(row: ViewRow, tz: tzinfo) -> tuple[str, str]:
    """The next step, and what follows it: its "by when" and LAPSED (kept apart, so plain text can keep
    them on one line when it wraps).

    The step is as its owner typed it, so it may end a sentence: "by" then starts one of its own ("...next
    time. By Tue 1 Dec 02:30"), never a ", by" after a full stop."""
    r = row.rupture
    if not r.next_step and r.next_step_due is None:
        return "none yet", ""
    step = " ".join((r.next_step or "").split()) or "a next step"
    suffix = ""
    if r.next_step_due is not None:
        by = _day_time(r.next_step_due, tz)
        suffix += f" By {by}" if step.endswith((".", "!", "?")) else f", by {by}"
    if row.lapsed:
        suffix += " - LAPSED"
    return step, suffix


def _totals(summary: HandoverSummary) -> str:
    c = summary.counts()
    return (
        f"Open {c['open']} | overdue {c['overdue']} | unowned {c['unowned']} | "
        f"awaiting acceptance {c['awaiting_acceptance']} | owner leaving or off shift {c['leaving']}"
    )


def _last(summary: HandoverSummary, tz: tzinfo) -> str:
    last = summary.last_handover
    if last is None:
        return "none recorded yet"
    off, on = last.shift_going_off.split(",")[0], last.shift_coming_on.split(",")[0]
    return f"{_day_time(last.at, tz)} by {summary.last_handover_by} ({off} to {on})"


def _clock(item: Reg35Item, tz: tzinfo) -> str:
    c = item.clock
    when = _day_time(c.deadline, tz)
    if c.state is ClockState.OVERDUE:
        state = f"OVERDUE (was due {when})"
    elif c.state is ClockState.DUE_SOON:
        state = f"due soon, by {when}"
    else:
        state = f"due by {when}"
    closed = item.closed(tz)  # "closed: repaired Tue 24 Nov": the clock runs on after the rupture's end
    return f"{c.clock.label} (within {c.clock.limit_label}): {state}" + (f" ({closed})" if closed else "")


def _repaired(item: RepairedItem, tz: tzinfo) -> str:
    """'cutting remark: Morgan Blake repaired the rupture, Fri 27 Nov 17:10', in the describer's words.

    The summary keeps who repaired it and when, not the notes: what was said stays on the board."""
    text = f"{item.kind.label}: {item.description(tz).headline}, {_day_time(item.at, tz)}"
    return text if item.still_repaired else text + " (since reopened or ended)"


def _accepted(summary: HandoverSummary, tz: tzinfo) -> str:
    """ "Accepted on the board by Priya Shah at 21:20." when this very handover has been, else ""."""
    last = summary.last_handover
    if last is None or (last.shift_going_off, last.shift_coming_on) != (
        summary.going_off.describe(tz),
        summary.coming_on.describe(tz),
    ):
        return ""
    return f"Accepted on the board by {summary.last_handover_by or 'someone'} at {local_time(last.at, tz):%H:%M}."


def _shift(summary: HandoverSummary, which: str, tz: tzinfo) -> str:
    occurrence = summary.going_off if which == "off" else summary.coming_on
    people = summary.staff_going_off if which == "off" else summary.staff_coming_on
    return f"{occurrence.label(tz)} ({_names(people)})"


@dataclass(frozen=True)
class SheetRow:
    """One open rupture on the sheet, as words."""

    id: int
    what: str
    waited: str
    owner: str
    status: str
    next_step: str
    next_step_then: str
    """What follows the next step: ", by Sat 28 Nov 08:00 - LAPSED" (or nothing)."""

    @property
    def cells(self) -> tuple[str, ...]:
        """The table's cells after the number: rupture, waited, owner, status, next step."""
        return (self.what, self.waited, self.owner, self.status, self.next_step + self.next_step_then)


@dataclass(frozen=True)
class SheetSection:
    young_person: str
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class SheetLine:
    """A line of a list: the rupture's number, whom it is with, and what there is to say about it."""

    rupture_id: int
    young_person: str
    text: str


@dataclass(frozen=True)
class Signature:
    """Whose signature a line is for: "Outgoing shift lead", and their shift ("late 14:00-22:00")."""

    who: str
    shift: str


@dataclass(frozen=True)
class SheetWords:
    """Everything the sheet says, worked out once for every format."""

    home: str
    when: str
    going_off: str
    coming_on: str
    last: str
    totals: str
    sections: tuple[SheetSection, ...]
    quiet: str
    """The young people with nothing outstanding, comma-separated ("" for none)."""
    awaiting: tuple[SheetLine, ...]
    reg35: tuple[SheetLine, ...]
    repaired_since: str
    """Which shift "repaired this shift" covers: "late, since 14:00"."""
    repaired: tuple[SheetLine, ...]
    signatures: tuple[Signature, ...]
    """The outgoing and the incoming shift lead, each to sign with their name, signature and the time."""
    accepted: str
    """ "Accepted on the board by Priya Shah at 21:20." once this handover is, else ""."""
    confidential: str = CONFIDENTIAL
    at: str = ""
    """The moment, short, for a page's footer: "Fri 27 Nov 21:15"."""


def sheet_words(summary: HandoverSummary, tz: tzinfo) -> SheetWords:
    """The words of the sheet for `summary`, with times in the home's zone `tz`."""
    sections = []
    for section in summary.by_young_person:
        rows = []
        for row in section.lines:
            assert isinstance(row, ViewRow)
            step, then = _next_step(row, tz)
            rows.append(
                SheetRow(
                    row.rupture.id, _what(row, tz), _waited(row), _owner(row, tz), row.rupture.status.label, step, then
                )
            )
        sections.append(SheetSection(section.young_person.name, tuple(rows)))
    since = summary.going_off.start.astimezone(tz)
    return SheetWords(
        home=summary.home_name,
        when=_long_date(summary.at, tz),
        going_off=_shift(summary, "off", tz),
        coming_on=_shift(summary, "on", tz),
        last=_last(summary, tz),
        totals=_totals(summary),
        sections=tuple(sections),
        quiet=", ".join(summary.quiet),
        awaiting=tuple(
            SheetLine(r.rupture.id, r.young_person, f"{r.owner} has not yet accepted it")
            for r in summary.awaiting_acceptance
        ),
        reg35=tuple(SheetLine(i.rupture_id, i.young_person, _clock(i, tz)) for i in summary.reg35),
        repaired_since=f"{summary.going_off.shift}, since {since:%H:%M}",
        repaired=tuple(SheetLine(i.rupture_id, i.young_person, _repaired(i, tz)) for i in summary.repaired),
        signatures=(
            Signature("Outgoing shift lead", summary.going_off.label(tz)),
            Signature("Incoming shift lead", summary.coming_on.label(tz)),
        ),
        accepted=_accepted(summary, tz),
        at=_day_time(summary.at, tz),
    )


# -- plain text ---------------------------------------------------------------------------------------------


def _wrap(text: str, indent: int = 0, hang: int = 4) -> list[str]:
    """`text` wrapped to TEXT_WIDTH: its first line indented `indent` columns, the lines after it `hang` more.

    A day and time, a waited time and a shift's hours are never broken (see _KEEP_TOGETHER)."""
    kept = _KEEP_TOGETHER.sub(lambda m: m.group(0).replace(" ", _NBSP), text)
    lines = textwrap.wrap(
        kept,
        width=TEXT_WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hang),
        break_on_hyphens=False,
        break_long_words=True,
    )
    return [line.replace(_NBSP, " ") for line in lines] or [""]


@dataclass(frozen=True)
class _Block:
    """Lines kept together on one page (unless longer than a page). `carry` opens the block instead of its
    leading blank lines when it starts a new page: "Jordan Mills (continued)"."""

    lines: list[str]
    carry: tuple[str, ...] = ()


def _listed(items: tuple[SheetLine, ...], sep: str, empty: str) -> list[_Block]:
    if not items:
        return [_Block([f"  {empty}"])]
    return [_Block(_wrap(f"#{i.rupture_id:<4} {i.young_person}{sep} {i.text}", 2, 6)) for i in items]


def _txt_blocks(words: SheetWords) -> list[_Block]:
    head = [
        f"HANDOVER SHEET - {words.home}",
        f"{words.confidential}.",
        words.when,
        *_wrap(f"Going off: {words.going_off}", hang=11),
        *_wrap(f"Coming on: {words.coming_on}", hang=11),
        *_wrap(f"Last handover accepted: {words.last}"),
        *_wrap(words.totals),
    ]
    blocks = [_Block(head), _Block(["", "OPEN RUPTURES BY YOUNG PERSON (most urgent first)"])]
    if not words.sections:
        blocks.append(_Block(["  None: every rupture has been repaired or ended."]))
    for section in words.sections:
        for n, row in enumerate(section.rows):
            lines = [
                *_wrap(f"#{row.id:<4} {row.what}", 2, 6),
                *_wrap(f"waited {row.waited} | status {row.status}", 8),
                *_wrap(f"owner: {row.owner}", 8),
                # A no-break space holds the "by when" together, so a line never ends at "by".
                *_wrap(f"next step: {row.next_step}{row.next_step_then.replace(' ', _NBSP)}", 8, 11),
            ]
            if n == 0:  # a young person's name always has their first rupture under it on the same page
                blocks.append(_Block(["", section.young_person, *lines]))
            else:
                blocks.append(_Block(lines, carry=(f"{section.young_person} (continued)",)))
    if words.quiet:
        blocks.append(_Block(["", *_wrap(f"Nothing outstanding: {words.quiet}", hang=21)]))
    for title, items, sep, empty in (
        ("AWAITING ACCEPTANCE", words.awaiting, ":", "None."),
        ("RESTRAINT CLOCKS (reg 35)", words.reg35, ":", "None outstanding."),
        (f"REPAIRED THIS SHIFT ({words.repaired_since})", words.repaired, ",", "None yet."),
    ):
        first, *rest = _listed(items, sep, empty)
        blocks.append(_Block(["", title, *first.lines]))
        blocks += [_Block(b.lines, carry=(f"{title} (continued)",)) for b in rest]
    # Room to write by hand: a blank line above each line to sign on.
    signing = ["", "SIGNED AT HANDOVER"]
    for signature in words.signatures:
        line = f"    Name {'_' * 30}  Signature {'_' * 30}  Time {'_' * 8}"
        signing += ["", f"  {signature.who}, {signature.shift}", "", line]
    if words.accepted:
        signing += ["", f"  {words.accepted}"]
    blocks.append(_Block(signing))
    return blocks


def _pages(blocks: list[_Block], body: int) -> list[list[str]]:
    """Blocks laid onto pages of at most `body` lines, a block never split unless it is longer than a page."""
    pages: list[list[str]] = [[]]
    for block in blocks:
        page = pages[-1]
        if page and len(page) + len(block.lines) > body:
            pages.append(page := [])
        lines = block.lines
        if not page:  # a page never starts with a blank line; a block that continues something says what
            lines = [*block.carry, *(lines[next((i for i, s in enumerate(lines) if s), len(lines)) :])]
        while len(page) + len(lines) > body:  # only a block longer than a page: cut where the page ends
            room = body - len(page)
            page += lines[:room]
            lines = lines[room:]
            pages.append(page := [])
        page += lines
    return pages


def _txt(words: SheetWords) -> str:
    # Each page ends with a blank line and its footer; each after the first opens with the confidentiality
    # line and a blank line (the first has it under the title), so any page found alone says what it is.
    pages = _pages(_txt_blocks(words), PAGE_LINES - 4)
    texts = []
    for n, page in enumerate(pages, start=1):
        footer = f"{words.home} handover sheet, {words.at} | page {n} of {len(pages)}"
        if len(footer) > TEXT_WIDTH:  # a very long home name: cut it, never the page number
            footer = f"…{footer[len(footer) - TEXT_WIDTH + 1 :]}"
        header = [] if n == 1 else [f"{words.confidential}.", ""]
        # Typed text can hold no control characters by now, but a record outlives its checks: made harmless.
        texts.append(neutralise("\n".join([*header, *page, "", footer]) + "\n"))
    # Pages are parted by a form feed, the page break a printer honours (each page fits on one sheet of A4).
    return PAGE_BREAK.join(texts)


# -- every format ---------------------------------------------------------------------------------------------


def render_sheet(summary: HandoverSummary, fmt: str = "txt", *, tz: tzinfo) -> str:
    """The handover sheet for `summary` as "txt", "md" or "html", with times in the home's zone `tz`."""
    if fmt not in FORMATS:
        raise InvalidInput(f"There is no sheet format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    words = sheet_words(summary, tz)
    if fmt == "txt":
        return _txt(words)
    from handover.render.templates import render

    return render(f"sheet.{fmt}", sheet=words, marked=MARKED)


def write_sheet(path: Path | str, text: str, *, fmt: str | None = None, refuse: Iterable[Path] = ()) -> Path:
    """Write the sheet `text` (in format `fmt`, else the one the file name's ending says) to `path`, readable
    and writable by its owner only, through the one writer of documents (db.files.write_private_atomic):
    private from the first byte, whole or not at all. It never replaces a database (any in `refuse`, their
    -wal/-shm, any SQLite file) or a file handover did not write: the sheet carries the mark that lets a
    later sheet replace it. Returns the absolute path written."""
    from db.files import with_mark, write_private_atomic

    target = Path(path)
    kind = fmt or {".html": "html", ".htm": "html", ".md": "md"}.get(target.suffix.lower(), "txt")
    return write_private_atomic(target, with_mark(text, kind), refuse=refuse, what="the sheet")
