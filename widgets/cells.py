"""How board values look in a cell: urgency by colour AND by symbol and word, so it reads in monochrome too."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text

from handover.domain.board import UNOWNED_LABEL, BoardLine, Section
from handover.domain.enums import Status, Urgency
from handover.domain.urgency import format_waited

#: Symbol and style for each urgency; the word is always shown beside the symbol.
URGENCY_LOOK: dict[Urgency, tuple[str, str]] = {
    Urgency.OVERDUE: ("▲", "bold red"),
    Urgency.DUE_SOON: ("◆", "bold yellow"),
    Urgency.FRESH: ("·", "green"),
}

#: The widest "what happened" text shown in a row; the detail view shows all of it.
WHAT_WIDTH = 60

Cells = tuple[Text, ...]


def urgency_cell(urgency: Urgency | None) -> Text:
    if urgency is None:
        return Text("")
    symbol, style = URGENCY_LOOK[urgency]
    return Text(f"{symbol} {urgency.label}", style=style)


def waited_cell(waited: timedelta | None, urgency: Urgency | None) -> Text:
    if waited is None:
        return Text("")
    style = URGENCY_LOOK[urgency][1] if urgency is Urgency.OVERDUE else ""
    return Text(format_waited(waited), style=style, justify="right")


def owner_cell(owner: str | None) -> Text:
    if owner is None:
        # Unowned repairs are the ones that fall through the cracks: make them impossible to miss.
        return Text(f"⚠ {UNOWNED_LABEL}", style="bold reverse magenta")
    return Text(owner)


def status_cell(status: Status) -> Text:
    return Text(status.label, style="italic" if status is Status.OPEN else "")


def shorten(text: str, width: int = WHAT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def rupture_cells(line: BoardLine) -> Cells:
    r = line.rupture
    return (
        Text(f"  #{r.id}", style="dim"),
        waited_cell(line.waited, line.urgency),
        urgency_cell(line.urgency),
        Text(r.kind.label),
        Text(line.adults),
        owner_cell(line.owner),
        status_cell(r.status),
        Text(shorten(line.first_line)),
    )


def rupture_inputs(line: BoardLine) -> tuple[object, ...]:
    """Everything `rupture_cells(line)` reads, as it shows (the waited time as its text): equal inputs make
    equal cells, so a board can keep a row's cells between refreshes. Change the two together."""
    r = line.rupture
    return (r.id, r.kind, r.status, r.what_happened, format_waited(line.waited), line.urgency, line.adults, line.owner)


def section_cells(section: Section) -> Cells:
    name = section.young_person.name
    if not section.lines:
        quiet = "dim"
        return (Text(name, style=quiet), Text(""), Text(""), Text("nothing open", style=quiet), *([Text("")] * 4))
    count = f"{len(section.lines)} open"
    return (
        Text(name, style="bold"),
        waited_cell(section.oldest, section.worst),
        urgency_cell(section.worst),
        Text(count, style="bold"),
        *([Text("")] * 4),
    )
