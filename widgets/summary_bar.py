"""SummaryBar: one line with the counts a shift lead looks for first, and when the board last refreshed."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from handover.domain.board import Summary


class SummaryBar(Static):
    """ "9 open · 3 overdue · 2 unowned · updated 14:05:09", or a plain warning when refreshing failed."""

    DEFAULT_CSS = """
    SummaryBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    def show_summary(self, summary: Summary, updated: datetime) -> None:
        text = Text()
        text.append(f"{summary.open} open", style="bold")
        text.append("  ·  ")
        text.append(f"▲ {summary.overdue} overdue", style="bold red" if summary.overdue else "")
        text.append("  ·  ")
        text.append(f"⚠ {summary.unowned} unowned", style="bold magenta" if summary.unowned else "")
        text.append("  ·  ")
        text.append(f"updated {updated:%H:%M:%S}", style="dim")
        self.update(text)

    def show_problem(self, message: str) -> None:
        self.update(Text(f"⚠ Not up to date: {message}", style="bold red"))
