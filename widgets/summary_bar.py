"""SummaryBar: one line with the counts a shift lead looks for first, and when the board last refreshed."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from handover.domain.board import Summary


class SummaryBar(Static):
    """ "9 open · 3 overdue · 2 unowned · updated 14:05:09" (and any repairs not yet accepted, and the last
    accepted handover), or a plain warning when refreshing failed."""

    DEFAULT_CSS = """
    SummaryBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    def show_summary(
        self, summary: Summary, updated: datetime, *, awaiting: int = 0, last_handover: str | None = None
    ) -> None:
        """The counts; with `awaiting`, how many repairs wait for their new owner to accept them; with
        `last_handover`, who accepted the last handover and when ("Priya Shah at 21:50")."""
        text = Text()
        text.append(f"{summary.open} open", style="bold")
        text.append("  ·  ")
        text.append(f"▲ {summary.overdue} overdue", style="bold red" if summary.overdue else "")
        text.append("  ·  ")
        text.append(f"⚠ {summary.unowned} unowned", style="bold magenta" if summary.unowned else "")
        text.append("  ·  ")
        if awaiting:
            text.append(f"⧗ {awaiting} not yet accepted", style="bold cyan")
            text.append("  ·  ")
        if last_handover:
            text.append(f"last handover accepted by {last_handover}")
            text.append("  ·  ")
        text.append(f"updated {updated:%H:%M:%S}", style="dim")
        self.update(text)

    def show_problem(self, message: str) -> None:
        self.update(Text(f"⚠ Not up to date: {message}", style="bold red"))
