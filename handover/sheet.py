"""The handover sheet: the handover summary as plain text, Markdown or printable HTML, and writing it to a
file only its owner can read.

Contents, in order: the home, the date and time, the shift going off and the one coming on (with who is on
each), the last accepted handover and the totals; then, by young person (most urgent first), every open
rupture with its owner, how long it has waited, its status and next step (a lapsed one marked LAPSED);
the repairs awaiting acceptance; the restraint (reg 35) clocks not yet met; what was repaired this shift.

What happened is deliberately left off: a printed sheet can be left lying about, and the board holds the
detail. Nothing depends on colour: OVERDUE, LAPSED, UNOWNED and "leaving" are words.
"""

from __future__ import annotations

import contextlib
import html
import os
import tempfile
import textwrap
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from handover.domain.board import UNOWNED_LABEL
from handover.domain.enums import Urgency
from handover.domain.errors import InvalidInput, StorageError
from handover.domain.handover import HandoverSummary, Reg35Item, RepairedItem, StaffOnShift
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.views import ViewRow

FORMATS = ("txt", "md", "html")
"""The sheet's formats: plain text (the default), Markdown, and HTML that prints on A4."""

_WIDTH = 96
_MARKED = ("OVERDUE", "LAPSED", "UNOWNED")
"""Words in capitals on every sheet, and in bold where the format has bold: never colour alone."""
_NBSP = "\u00a0"


# -- the words, shared by every format ----------------------------------------------------------------------


def _day_time(at: datetime, tz: tzinfo) -> str:
    """'Fri 27 Nov 20:00'."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def _long_date(at: datetime, tz: tzinfo) -> str:
    """'Friday 27 November 2026, 20:00'."""
    local = at.astimezone(tz)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def _names(people: tuple[StaffOnShift, ...]) -> str:
    return ", ".join(p.staff.name for p in people) or "nobody marked on shift"


def _owner(row: ViewRow, tz: tzinfo) -> str:
    if row.owner is None:
        return UNOWNED_LABEL.upper()
    text = row.owner
    if row.owner_shift is ShiftState.LEAVING and row.owner_shift_ends is not None:
        text += f" (leaving {row.owner_shift_ends.astimezone(tz):%H:%M})"
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


def _next_step(row: ViewRow, tz: tzinfo, keep: str = " ") -> str:
    """The next step, its "by when" and LAPSED; `keep` joins the words of the "by when" (a no-break space
    keeps it on one line when the plain text is wrapped)."""
    r = row.rupture
    if not r.next_step and r.next_step_due is None:
        return "none yet"
    text = r.next_step or "next step"
    suffix = ""
    if r.next_step_due is not None:
        suffix += f", by {_day_time(r.next_step_due, tz)}"
    if row.lapsed:
        suffix += " - LAPSED"
    return text + suffix.replace(" ", keep)


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
    text = f"{item.kind.label}: repaired by {item.by} at {_day_time(item.at, tz)}"
    return text if item.still_repaired else text + " (since reopened or ended)"


def _shift(summary: HandoverSummary, which: str, tz: tzinfo) -> str:
    occurrence = summary.going_off if which == "off" else summary.coming_on
    people = summary.staff_going_off if which == "off" else summary.staff_coming_on
    return f"{occurrence.label(tz)} ({_names(people)})"


# -- plain text ---------------------------------------------------------------------------------------------


def _txt(summary: HandoverSummary, tz: tzinfo) -> str:
    out = [
        f"HANDOVER SHEET - {summary.home_name}",
        _long_date(summary.at, tz),
        f"Going off: {_shift(summary, 'off', tz)}",
        f"Coming on: {_shift(summary, 'on', tz)}",
        f"Last handover accepted: {_last(summary, tz)}",
        _totals(summary),
        "",
        "OPEN RUPTURES BY YOUNG PERSON (most urgent first)",
    ]
    if not summary.by_young_person:
        out.append("  None: every rupture has been repaired or ended.")
    for section in summary.by_young_person:
        out += ["", section.young_person.name]
        for row in section.lines:
            assert isinstance(row, ViewRow)
            out.append(f"  #{row.rupture.id:<4} {_what(row, tz)}")
            out.append(f"        waited {_waited(row)} | status {row.rupture.status.label}")
            out.append(f"        owner: {_owner(row, tz)}")
            wrapped = textwrap.wrap(
                f"next step: {_next_step(row, tz, keep=_NBSP)}",
                width=_WIDTH,
                initial_indent=" " * 8,
                subsequent_indent=" " * 19,
                break_on_hyphens=False,
            )
            out += [line.replace(_NBSP, " ") for line in wrapped]
    if summary.quiet:
        out += ["", f"Nothing outstanding: {', '.join(summary.quiet)}"]
    out += ["", "AWAITING ACCEPTANCE"]
    out += [
        f"  #{r.rupture.id:<4} {r.young_person}: {r.owner} has not yet accepted it" for r in summary.awaiting_acceptance
    ]
    out += [] if summary.awaiting_acceptance else ["  None."]
    out += ["", "RESTRAINT CLOCKS (reg 35)"]
    out += [f"  #{i.rupture_id:<4} {i.young_person}: {_clock(i, tz)}" for i in summary.reg35]
    out += [] if summary.reg35 else ["  None outstanding."]
    since = summary.going_off.start.astimezone(tz)
    out += ["", f"REPAIRED THIS SHIFT ({summary.going_off.shift}, since {since:%H:%M})"]
    out += [f"  #{i.rupture_id:<4} {i.young_person}, {_repaired(i, tz)}" for i in summary.repaired]
    out += [] if summary.repaired else ["  None yet."]
    return "\n".join(out) + "\n"


# -- Markdown -----------------------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    """Escaped for Markdown (one line), with the words that matter in bold."""
    escaped = " ".join(text.split()).translate(_MD_SPECIAL)
    for word in _MARKED:
        escaped = escaped.replace(word, f"**{word}**")
    return escaped


def _md_text(summary: HandoverSummary, tz: tzinfo) -> str:
    out = [
        f"# Handover sheet: {_md(summary.home_name)}",
        "",
        f"**{_long_date(summary.at, tz)}**",
        "",
        f"- Going off: {_md(_shift(summary, 'off', tz))}",
        f"- Coming on: {_md(_shift(summary, 'on', tz))}",
        f"- Last handover accepted: {_md(_last(summary, tz))}",
        f"- {_md(_totals(summary))}",
        "",
        "## Open ruptures by young person (most urgent first)",
    ]
    if not summary.by_young_person:
        out += ["", "None: every rupture has been repaired or ended."]
    for section in summary.by_young_person:
        out += [
            "",
            f"### {_md(section.young_person.name)}",
            "",
            "| # | Rupture | Waited | Owner | Status | Next step |",
            "|---|---|---|---|---|---|",
        ]
        for row in section.lines:
            assert isinstance(row, ViewRow)
            cells = [_what(row, tz), _waited(row), _owner(row, tz), row.rupture.status.label, _next_step(row, tz)]
            out.append(f"| {row.rupture.id} | " + " | ".join(_md(c) for c in cells) + " |")
    if summary.quiet:
        out += ["", f"Nothing outstanding: {_md(', '.join(summary.quiet))}."]
    out += ["", "## Awaiting acceptance", ""]
    out += [
        f"- #{r.rupture.id} {_md(r.young_person)}: {_md(r.owner or '')} has not yet accepted it"
        for r in summary.awaiting_acceptance
    ] or ["None."]
    out += ["", "## Restraint clocks (reg 35)", ""]
    out += [f"- #{i.rupture_id} {_md(i.young_person)}: {_md(_clock(i, tz))}" for i in summary.reg35] or [
        "None outstanding."
    ]
    since = summary.going_off.start.astimezone(tz)
    out += ["", f"## Repaired this shift ({_md(summary.going_off.shift)}, since {since:%H:%M})", ""]
    out += [f"- #{i.rupture_id} {_md(i.young_person)}, {_md(_repaired(i, tz))}" for i in summary.repaired] or [
        "None yet."
    ]
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------------------------------

_CSS = """\
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.35;
       color: #000; background: #fff; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm 0; border-bottom: 1.5pt solid #000; }
h3 { font-size: 11pt; margin: 0 0 1.5mm 0; }
p, ul { margin: 0 0 2mm 0; }
ul { padding-left: 5mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.75pt solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
col.n { width: 7%; } col.what { width: 25%; } col.waited { width: 13%; } col.owner { width: 18%; }
col.status { width: 10%; } col.next { width: 27%; }
section.young-person { page-break-inside: avoid; break-inside: avoid; margin: 0 0 4mm 0; }
strong { font-weight: bold; }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _h_marked(text: str) -> str:
    """Escaped, with the words that matter on paper in bold (never colour alone)."""
    escaped = _h(text)
    for word in _MARKED:
        escaped = escaped.replace(word, f"<strong>{word}</strong>")
    return escaped


def _html(summary: HandoverSummary, tz: tzinfo) -> str:
    title = f"Handover sheet: {summary.home_name}, {_long_date(summary.at, tz)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Handover sheet: {_h(summary.home_name)}</h1>",
        f"<p><strong>{_h(_long_date(summary.at, tz))}</strong></p>",
        "<ul>",
        f"<li>Going off: {_h(_shift(summary, 'off', tz))}</li>",
        f"<li>Coming on: {_h(_shift(summary, 'on', tz))}</li>",
        f"<li>Last handover accepted: {_h(_last(summary, tz))}</li>",
        f"<li>{_h(_totals(summary))}</li>",
        "</ul>",
        "</header>",
        "<main>",
        "<h2>Open ruptures by young person (most urgent first)</h2>",
    ]
    if not summary.by_young_person:
        out.append("<p>None: every rupture has been repaired or ended.</p>")
    for section in summary.by_young_person:
        out += [
            '<section class="young-person">',
            f"<h3>{_h(section.young_person.name)}</h3>",
            "<table>",
            '<colgroup><col class="n"><col class="what"><col class="waited"><col class="owner">'
            '<col class="status"><col class="next"></colgroup>',
            "<thead><tr><th>#</th><th>Rupture</th><th>Waited</th><th>Owner</th><th>Status</th>"
            "<th>Next step</th></tr></thead>",
            "<tbody>",
        ]
        for row in section.lines:
            assert isinstance(row, ViewRow)
            cells = [_what(row, tz), _waited(row), _owner(row, tz), row.rupture.status.label, _next_step(row, tz)]
            out.append(f"<tr><td>{row.rupture.id}</td>" + "".join(f"<td>{_h_marked(c)}</td>" for c in cells) + "</tr>")
        out += ["</tbody>", "</table>", "</section>"]
    if summary.quiet:
        out.append(f"<p>Nothing outstanding: {_h(', '.join(summary.quiet))}.</p>")

    def items(lines: list[str], empty: str) -> list[str]:
        return ["<ul>", *(f"<li>{line}</li>" for line in lines), "</ul>"] if lines else [f"<p>{empty}</p>"]

    out.append("<h2>Awaiting acceptance</h2>")
    out += items(
        [
            f"#{r.rupture.id} {_h(r.young_person)}: {_h(r.owner or '')} has not yet accepted it"
            for r in summary.awaiting_acceptance
        ],
        "None.",
    )
    out.append("<h2>Restraint clocks (reg 35)</h2>")
    out += items(
        [f"#{i.rupture_id} {_h(i.young_person)}: {_h_marked(_clock(i, tz))}" for i in summary.reg35],
        "None outstanding.",
    )
    since = summary.going_off.start.astimezone(tz)
    out.append(f"<h2>Repaired this shift ({_h(summary.going_off.shift)}, since {since:%H:%M})</h2>")
    out += items(
        [f"#{i.rupture_id} {_h(i.young_person)}, {_h(_repaired(i, tz))}" for i in summary.repaired], "None yet."
    )
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


_RENDERERS: dict[str, Callable[[HandoverSummary, tzinfo], str]] = {"txt": _txt, "md": _md_text, "html": _html}


def render_sheet(summary: HandoverSummary, fmt: str = "txt", *, tz: tzinfo) -> str:
    """The handover sheet for `summary` as "txt", "md" or "html", with times in the home's zone `tz`."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise InvalidInput(f"There is no sheet format '{fmt}'. Choose one of: {', '.join(FORMATS)}.") from None
    return renderer(summary, tz)


def write_sheet(path: Path | str, text: str) -> Path:
    """Write the sheet to `path`, readable and writable by its owner only (0600).

    The file is created with that mode from the start (never chmod-ed afterwards): written to a new file in
    the same folder, then moved over `path`, so a reader never sees half a sheet and an existing file with
    looser permissions is replaced, not reused. Returns the absolute path written."""
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise StorageError(f"Cannot write the sheet to {target}: that is a folder. Give a file name.")
    if not target.parent.is_dir():
        raise StorageError(f"Cannot write the sheet to {target}: the folder {target.parent} does not exist.")
    try:
        # mkstemp creates the file with O_EXCL and mode 0600 (owner read/write only).
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write the sheet to {target}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise StorageError(f"Cannot write the sheet to {target}: {exc.strerror or exc}.") from None
    return target
