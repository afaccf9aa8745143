"""The handover sheet: the handover summary as plain text, Markdown or printable HTML, and writing it to a
file only its owner can read.

Contents, in order: the home, the date and time, the shift going off and the one coming on (with who is on
each), the last accepted handover and the totals; then, by young person (most urgent first), every open
rupture with its owner, how long it has waited, its status and next step (a lapsed one marked LAPSED);
the repairs awaiting acceptance; the restraint (reg 35) clocks not yet met; what was repaired this shift.

What happened is deliberately left off, and so are the notes given with each repair: a printed sheet can be
left lying about, and the board holds the detail. Nothing depends on colour: OVERDUE, LAPSED, UNOWNED and
"leaving" are words.

The words are worked out once (`sheet_words`) for every format. Plain text is laid out here; Markdown and
HTML come from the templates `handover/templates/sheet.md` and `sheet.html` (`handover.render.templates`),
which escape every value.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from handover.domain.board import UNOWNED_LABEL, ViewRow
from handover.domain.describe import describe
from handover.domain.enums import EventKind, Urgency
from handover.domain.errors import InvalidInput
from handover.domain.handover import HandoverSummary, Reg35Item, RepairedItem, StaffOnShift
from handover.domain.models import Event
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.when import local_time
from handover.render.text import neutralise

FORMATS = ("txt", "md", "html")
"""The sheet's formats: plain text (the default), Markdown, and HTML that prints on A4."""

MARKED = ("OVERDUE", "LAPSED", "UNOWNED")
"""Words in capitals on every sheet, and in bold where the format has bold: never colour alone."""

_WIDTH = 96
_NBSP = "\u00a0"


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
    them on one line when it wraps)."""
    r = row.rupture
    if not r.next_step and r.next_step_due is None:
        return "none yet", ""
    suffix = ""
    if r.next_step_due is not None:
        suffix += f", by {_day_time(r.next_step_due, tz)}"
    if row.lapsed:
        suffix += " - LAPSED"
    return r.next_step or "next step", suffix


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
    closed = "" if item.status.is_open else f" [rupture {item.status.label}]"
    return f"{c.clock.label} (within {c.clock.limit_label}): {state}{closed}"


def _repaired(item: RepairedItem, tz: tzinfo) -> str:
    """'cutting remark: Morgan Blake repaired the rupture, Fri 27 Nov 17:10', in the describer's words.

    The summary keeps who repaired it and when, not the notes: what was said stays on the board."""
    step = Event(rupture_id=item.rupture_id, at=item.at, actor_id=item.by_id, kind=EventKind.REPAIRED)
    text = f"{item.kind.label}: {describe(step, {item.by_id: item.by}, tz).headline}, {_day_time(item.at, tz)}"
    return text if item.still_repaired else text + " (since reopened or ended)"


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
    )


# -- plain text ---------------------------------------------------------------------------------------------


def _txt(words: SheetWords) -> str:
    out = [
        f"HANDOVER SHEET - {words.home}",
        words.when,
        f"Going off: {words.going_off}",
        f"Coming on: {words.coming_on}",
        f"Last handover accepted: {words.last}",
        words.totals,
        "",
        "OPEN RUPTURES BY YOUNG PERSON (most urgent first)",
    ]
    if not words.sections:
        out.append("  None: every rupture has been repaired or ended.")
    for section in words.sections:
        out += ["", section.young_person]
        for row in section.rows:
            out.append(f"  #{row.id:<4} {row.what}")
            out.append(f"        waited {row.waited} | status {row.status}")
            out.append(f"        owner: {row.owner}")
            wrapped = textwrap.wrap(
                # A no-break space holds the "by when" together, so a line never ends at "by".
                f"next step: {row.next_step}{row.next_step_then.replace(' ', _NBSP)}",
                width=_WIDTH,
                initial_indent=" " * 8,
                subsequent_indent=" " * 19,
                break_on_hyphens=False,
            )
            out += [line.replace(_NBSP, " ") for line in wrapped]
    if words.quiet:
        out += ["", f"Nothing outstanding: {words.quiet}"]
    out += ["", "AWAITING ACCEPTANCE"]
    out += [f"  #{i.rupture_id:<4} {i.young_person}: {i.text}" for i in words.awaiting] or ["  None."]
    out += ["", "RESTRAINT CLOCKS (reg 35)"]
    out += [f"  #{i.rupture_id:<4} {i.young_person}: {i.text}" for i in words.reg35] or ["  None outstanding."]
    out += ["", f"REPAIRED THIS SHIFT ({words.repaired_since})"]
    out += [f"  #{i.rupture_id:<4} {i.young_person}, {i.text}" for i in words.repaired] or ["  None yet."]
    # Typed text can hold no control characters by now, but a record outlives its checks: made harmless here.
    return neutralise("\n".join(out) + "\n")


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
