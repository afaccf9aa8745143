"""SummaryBar: one line with the counts a shift lead looks for first, and when the board last refreshed."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from handover.domain.board import Summary
from widgets.fit_line import FitLine, Part


class SummaryBar(FitLine):
    """ "9 open · ▲ 3 overdue · ⚠ 2 unowned · ⧗ 1 not yet accepted · handover accepted 21:50 (Priya Shah)",
    with "updated 22:04" always at the right; or a plain warning when refreshing failed.

    At any width the counts come whole, each in the fullest wording there is room for, and the parts that
    do not fit at all are left out, the last handover first: "updated" never goes (`widgets.fit_line`)."""

    DEFAULT_CSS = """
    SummaryBar {
        background: $boost;
    }
    """

    def show_summary(
        self, summary: Summary, updated: datetime, *, awaiting: int = 0, last_handover: tuple[str, str] | None = None
    ) -> None:
        """The counts; with `awaiting`, how many repairs wait for their new owner to accept them; with
        `last_handover`, when the last handover was accepted and by whom (("21:50", "Priya Shah"))."""
        parts: list[Part] = [
            (Text(f"{summary.open} open", style="bold"),),
            (Text(f"▲ {summary.overdue} overdue", style="bold red" if summary.overdue else ""),),
            (Text(f"⚠ {summary.unowned} unowned", style="bold magenta" if summary.unowned else ""),),
        ]
        if awaiting:
            style = "bold cyan"
            parts.append((Text(f"⧗ {awaiting} not yet accepted", style), Text(f"⧗ {awaiting} to accept", style)))
        if last_handover:
            when, who = last_handover
            parts.append(
                (
                    Text(f"handover accepted {when} ({who})"),
                    Text(f"handover accepted {when}"),
                    Text(f"handover {when}"),
                )
            )
        self.show_parts(parts, Text(f"updated {updated:%H:%M}", style="dim"))

    def show_problem(self, message: str) -> None:
        self.show_text(Text(f"⚠ Not up to date: {message}", style="bold red"))
