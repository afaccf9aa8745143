"""ViewLine: the line above the board saying which view is showing and what the filter is, always in sight;
and which repairs are waiting for their new owner to accept them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from handover.domain.views import View


class ViewLine(Static):
    """ "View 2 · triage — filter: 'swim' (3 of 9)   ⧗ not yet accepted: #4 Dev Okafor   1-6 views · / filter"."""

    DEFAULT_CSS = """
    ViewLine {
        height: 1;
        padding: 0 1;
    }
    """

    def show(self, view: View, query: str, shown: int, total: int, awaiting: Sequence[tuple[int, str]] = ()) -> None:
        text = Text()
        text.append(f"View {view.key} · {view.label}", style="bold")
        if query.strip():
            text.append(" — filter: ")
            text.append(f"'{query.strip()}'", style="bold reverse")
            text.append(f" ({shown} of {total})")
        else:
            text.append(f" ({total})", style="dim")
        if awaiting:
            listed = ", ".join(f"#{rupture_id} {owner}" for rupture_id, owner in awaiting)
            text.append("   ⧗ not yet accepted: ", style="bold cyan")
            text.append(listed)
            text.append(" (c accepts)", style="dim")
        text.append("   1-6 views · / filter" + (" · esc clears" if query.strip() else ""), style="dim")
        self.update(text)
