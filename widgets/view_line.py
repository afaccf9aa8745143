"""ViewLine: the line above the board saying which view is showing and what the filter is, always in sight;
and which repairs are waiting for their new owner to accept them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from handover.domain.views import View
from widgets.fit_line import FitLine, Part


class ViewLine(FitLine):
    """ "View 2 · triage — filter: 'swim' (3 of 9)   ⧗ not yet accepted: #4 Dev Okafor (c accepts)   1-6 views ·
    / filter". The view and its filter always show; the repairs not yet accepted shorten to their numbers, then
    to a count, and the keys' reminder goes first, as the width asks (`widgets.fit_line`)."""

    separator = "   "

    def show(self, view: View, query: str, shown: int, total: int, awaiting: Sequence[tuple[int, str]] = ()) -> None:
        which = Text()
        which.append(f"View {view.key} · {view.label}", style="bold")
        short = Text(f"View {view.key}", style="bold")
        if query.strip():
            for text in (which, short):
                text.append(" — filter: ")
                text.append(f"'{query.strip()}'", style="bold reverse")
                text.append(f" ({shown} of {total})")
        else:
            which.append(f" ({total})", style="dim")
            short.append(f" ({total})", style="dim")
        parts: list[Part] = [(which, short)]
        if awaiting:
            style = "bold cyan"
            named = ", ".join(f"#{rupture_id} {owner}" for rupture_id, owner in awaiting)
            numbers = ", ".join(f"#{rupture_id}" for rupture_id, _ in awaiting)
            parts.append(
                (
                    Text.assemble(("⧗ not yet accepted: ", style), named, (" (c accepts)", "dim")),
                    Text.assemble(("⧗ not yet accepted: ", style), numbers, (" (c accepts)", "dim")),
                    Text.assemble((f"⧗ {numbers}", style), (" (c accepts)", "dim")),
                )
            )
        keys = "1-6 views · / filter" + (" · esc clears" if query.strip() else "")
        parts.append((Text(keys, style="dim"), Text("1-6 views", style="dim")))
        self.show_parts(parts)
