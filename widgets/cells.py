"""How single board values look in a cell: urgency by colour AND by symbol and word, so it reads in monochrome
too. The rows themselves are built in one place, `widgets/view_cells.py`, out of these."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text

from handover.domain.board import UNOWNED_LABEL
from handover.domain.enums import Urgency
from handover.domain.urgency import format_waited

#: Symbol and style for each urgency; the word is always shown beside the symbol.
URGENCY_LOOK: dict[Urgency, tuple[str, str]] = {
    Urgency.OVERDUE: ("▲", "bold red"),
    Urgency.DUE_SOON: ("◆", "bold yellow"),
    Urgency.FRESH: ("·", "green"),
}

#: One table row's cells, in the board's column order.
Cells = tuple[Text, ...]


def urgency_cell(urgency: Urgency | None) -> Text:
    if urgency is None:
        return Text("")
    symbol, style = URGENCY_LOOK[urgency]
    return Text(f"{symbol} {urgency.label}", style=style)


def waited_cell(waited: timedelta | None, urgency: Urgency | None, shown: str | None = None) -> Text:
    """How long it has waited, right-aligned, red when overdue. `shown` is the waited time already in words
    (`format_waited`), when the caller has it."""
    if waited is None:
        return Text("")
    style = URGENCY_LOOK[urgency][1] if urgency is Urgency.OVERDUE else ""
    return Text(shown if shown is not None else format_waited(waited), style=style, justify="right")


def owner_cell(owner: str | None) -> Text:
    if owner is None:
        # Unowned repairs are the ones that fall through the cracks: make them impossible to miss.
        return Text(f"⚠ {UNOWNED_LABEL}", style="bold reverse magenta")
    return Text(owner)
