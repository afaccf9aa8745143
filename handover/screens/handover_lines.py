"""The lines of the handover screen, built from the handover summary: who is going off and coming on, and
everything outstanding. Pure text: the screen turns them into list options and acts on their ids.

Ids say what a line is, so a key knows what it acts on, and stay the same from one refresh to the next, so
the highlight stays on its line:
  staff pane   "s-<staff id>"; headings "h-off", "h-on", "h-others"
  items pane   "owner-<staff id>" (a leaving owner's heading), "leaving-<rupture id>", "unowned-<id>",
               "overdue-<id>", "awaiting-<id>", "reg35-<id>-<clock>", "repaired-<id>-<n>"; headings "h-..."
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.text import Text

from handover.domain.handover import HandoverSummary, OwnerRows, Reg35Item, RepairedItem, StaffOnShift
from handover.domain.models import StaffMember
from handover.domain.reg35 import ClockState
from handover.domain.shifts import ShiftState
from handover.domain.urgency import format_waited
from handover.domain.views import ViewRow
from widgets.cells import urgency_cell
from widgets.view_cells import CLOCK_LOOK, LEAVING_STYLE, owner_view_cell, status_view_cell

#: Sections of the items pane whose lines are ruptures (the id after the dash is the rupture's number).
RUPTURE_SECTIONS = ("leaving", "unowned", "overdue", "awaiting", "reg35")


@dataclass(frozen=True)
class Line:
    """One line of a pane."""

    id: str
    text: Text
    heading: str | None = None
    """The id of the heading this line sits under (where the highlight goes if the line leaves)."""

    @property
    def is_heading(self) -> bool:
        return self.heading is None


def rupture_id(line_id: str) -> int | None:
    """The rupture a line is about ("overdue-12" -> 12, "reg35-12-record" -> 12), or None."""
    section, _, rest = line_id.partition("-")
    if section not in (*RUPTURE_SECTIONS, "repaired"):
        return None
    number = rest.split("-")[0]
    return int(number) if number.isdigit() else None


def owner_id(line_id: str) -> int | None:
    """The owner whose repairs a line is about ("owner-5" -> 5), or None."""
    section, _, rest = line_id.partition("-")
    return int(rest) if section == "owner" and rest.isdigit() else None


def _heading(line_id: str, title: str, count: int | None = None, note: str = "") -> Line:
    text = Text(title, style="bold")
    if count is not None:
        text.append(f" ({count})" if count else ": none", style="bold" if count else "dim")
    if note:
        text.append(f"  {note}", style="dim")
    return Line(line_id, text)


def _hm(at: datetime | None, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%H:%M") if at else "?"


def _day_hm(at: datetime, tz: tzinfo) -> str:
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


# -- the staff pane ------------------------------------------------------------------------------------------


def staff_lines(summary: HandoverSummary, staff: Sequence[StaffMember], tz: tzinfo) -> list[Line]:
    """Going off, coming on, and everyone else (not on shift), each by name."""
    lines = [_heading("h-off", f"Going off · {summary.going_off.label(tz)}", len(summary.staff_going_off))]
    lines += [_staff_line(p, "h-off", summary.going_off.shift, tz) for p in summary.staff_going_off]
    lines.append(_heading("h-on", f"Coming on · {summary.coming_on.label(tz)}", len(summary.staff_coming_on)))
    lines += [_staff_line(p, "h-on", summary.coming_on.shift, tz) for p in summary.staff_coming_on]
    marked = {p.staff.id for p in (*summary.staff_going_off, *summary.staff_coming_on)}
    others = sorted((s for s in staff if s.active and s.id not in marked), key=lambda s: s.name.casefold())
    lines.append(_heading("h-others", "Not on shift", len(others)))
    lines += [Line(f"s-{s.id}", Text.assemble("  ", s.name, (f"  {s.role.value}", "dim")), "h-others") for s in others]
    return lines


def _staff_line(person: StaffOnShift, heading: str, heading_shift: str, tz: tzinfo) -> Line:
    """A person and when their shift ends; the shift's name only when it is not the heading's."""
    text = Text.assemble("  ", (person.staff.name, "bold"), "  ")
    shift = "" if person.shift == heading_shift else f"{person.shift or 'shift not known'} "
    if person.ends is None:
        text.append(f"{shift}until marked off", style="dim")
    elif person.state is ShiftState.LEAVING:
        text.append(f"{shift}⇥ leaving {_hm(person.ends, tz)}", style=LEAVING_STYLE)
    elif person.state is ShiftState.OFF:
        text.append(f"{shift}ended {_hm(person.ends, tz)}", style="dim")
    elif shift:
        text.append(f"{shift}until {_hm(person.ends, tz)}", style="dim")
    # On the heading's own shift and not leaving yet: the heading says until when ("late 14:00-22:00").
    text.rstrip()
    return Line(f"s-{person.staff.id}", text, heading)


# -- the items pane ------------------------------------------------------------------------------------------


def item_lines(summary: HandoverSummary, tz: tzinfo) -> list[Line]:
    """Everything outstanding at the handover, section by section."""
    now = summary.at
    leaving_count = sum(len(g.rows) for g in summary.leaving)
    lines = [_heading("h-leaving", "Owner leaving or off shift", leaving_count, "o gives one to someone · g gives all")]
    for group in summary.leaving:
        lines.append(_owner_heading(group, tz))
        head = f"owner-{group.owner.id}"
        lines += [_rupture_line(f"leaving-{r.rupture.id}", r, now, tz, head, owner=False) for r in group.rows]

    for section, title, rows in (
        ("unowned", "Unowned", summary.unowned),
        ("overdue", "Overdue", summary.overdue),
        ("awaiting", "Not yet accepted by their new owner", summary.awaiting_acceptance),
    ):
        lines.append(_heading(f"h-{section}", title, len(rows)))
        lines += [_rupture_line(f"{section}-{r.rupture.id}", r, now, tz, f"h-{section}") for r in rows]

    lines.append(_heading("h-reg35", "Reg 35 clocks not yet met", len(summary.reg35), "k ticks one off"))
    lines += [_clock_line(item, tz) for item in summary.reg35]

    since = summary.going_off.start.astimezone(tz)
    note = f"{summary.going_off.shift}, since {since:%H:%M}"
    lines.append(_heading("h-repaired", "Repaired this shift", len(summary.repaired), note))
    lines += [_repaired_line(item, n, tz) for n, item in enumerate(summary.repaired)]
    if summary.quiet:
        lines.append(Line("h-quiet", Text.assemble(("Nothing open: ", "bold"), ", ".join(summary.quiet))))
    return lines


def _owner_heading(group: OwnerRows, tz: tzinfo) -> Line:
    text = Text.assemble("  ", (group.owner.name, "bold"), " ")
    if group.state is ShiftState.LEAVING and group.ends is not None:
        text.append(f"⇥ leaving {_hm(group.ends, tz)}", style=LEAVING_STYLE)
    else:
        text.append("· off shift", style="dim")
    count = len(group.rows)
    text.append(f" · {count} {'repair' if count == 1 else 'repairs'}")
    return Line(f"owner-{group.owner.id}", text, "h-leaving")


def _rupture_line(line_id: str, row: ViewRow, now: datetime, tz: tzinfo, heading: str, owner: bool = True) -> Line:
    r = row.rupture
    text = Text.assemble("    ", (f"#{r.id} ", "dim"), (row.young_person, "bold"), f" · {r.kind.label} · ")
    text.append(format_waited(row.waited))
    text.append(" ")
    text.append_text(urgency_cell(row.urgency))
    if owner:
        text.append(" · ")
        text.append_text(owner_view_cell(row, tz))
    elif row.awaiting_acceptance:
        text.append(" · ⧗ not yet accepted", style="bold cyan")
    text.append(" · ")
    text.append_text(status_view_cell(row))
    return Line(line_id, text, heading)


def _clock_line(item: Reg35Item, tz: tzinfo) -> Line:
    status = item.clock
    text = Text.assemble("    ", (f"#{item.rupture_id} ", "dim"), (item.young_person, "bold"))
    text.append(f" · {status.clock.label} ({status.clock.limit_label}) · ")
    if status.state is not ClockState.DONE:
        words, style = CLOCK_LOOK[status.state]
        text.append(words, style=style)
    text.append(f", by {_day_hm(status.deadline, tz)}")
    if not item.status.is_open:
        text.append(f" · {item.status.label}", style="dim")
    return Line(f"reg35-{item.rupture_id}-{status.clock.value}", text, "h-reg35")


def _repaired_line(item: RepairedItem, n: int, tz: tzinfo) -> Line:
    text = Text.assemble("    ", (f"#{item.rupture_id} ", "dim"), (item.young_person, "bold"))
    text.append(f" · {item.kind.label} · repaired by {item.by} at {_hm(item.at, tz)}")
    if not item.still_repaired:
        text.append(" · open again since", style="dim")
    return Line(f"repaired-{item.rupture_id}-{n}", text, "h-repaired")


def head_line(summary: HandoverSummary, last_by: str | None, tz: tzinfo) -> Text:
    """The screen's first lines: the shifts, the totals, and the last accepted handover."""
    counts = summary.counts()
    text = Text()
    text.append(f"Handover at {_day_hm(summary.at, tz)}", style="bold")
    text.append(f"   {summary.going_off.label(tz)}  →  {summary.coming_on.label(tz)}\n")
    text.append(f"{counts['open']} open · ")
    text.append(f"▲ {counts['overdue']} overdue", style="bold red" if counts["overdue"] else "")
    text.append(" · ")
    text.append(f"⚠ {counts['unowned']} unowned", style="bold magenta" if counts["unowned"] else "")
    text.append(f" · ⧗ {counts['awaiting_acceptance']} not yet accepted · {counts['leaving']} with an owner leaving")
    text.append(f" · {len(summary.reg35)} reg 35 clocks · {counts['repaired']} repaired this shift\n")
    last = summary.last_handover
    if last is None:
        text.append("No handover has been accepted here yet.", style="dim")
    else:
        text.append(f"Last handover accepted by {last_by or 'someone'} at {_day_hm(last.at, tz)}", style="dim")
        text.append(f" ({last.shift_going_off} → {last.shift_coming_on})", style="dim")
    return text
