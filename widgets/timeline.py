"""Timeline: a rupture's entries, oldest first, each said in plain words with who and when.

It takes plain domain models (events and a staff id -> name lookup), so the detail screen or a test can use
it; it never reads the database. The words come from the one describer (`handover.domain.describe`), the
grouping from `handover.domain.timeline`: a correction is shown directly under the entry it corrects,
indented and marked ✎, with its author, time, the words before and after, and why; the entry above it keeps
the words first written, so nothing ever disappears from the record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from handover.domain.describe import AMEND_MARK, Description, describe, when_text
from handover.domain.models import Event
from handover.domain.names import HIDDEN_TEXT
from handover.domain.timeline import entries


# -- words as rich Text (user text is never markup) --------------------------------------------------------
def description_text(description: Description, *, prefix: str = "", when: str = "", hide_notes: bool = False) -> Text:
    """A description as shown: the name in bold, what they did, then each note on its own line, indented.
    `hide_notes` (initials only) keeps each note's label and hides the words someone typed (`Note.words`)."""
    text = Text()
    text.append(prefix + description.who, style="bold")
    text.append(f" {description.action}")
    if when:
        text.append(f", {when}")
    for note in description.notes:
        text.append(f"\n  {note.label}: ", style="bold")
        if hide_notes and note.words:
            text.append(HIDDEN_TEXT, style="dim italic")
        else:
            text.append(note.text)
    return text


def amendment(
    event: Event,
    names: Mapping[int, str],
    tz: tzinfo,
    *,
    young_person: str | None = None,
    hide_notes: bool = False,
) -> Text:
    """A correction as shown under what it corrects: who, when, the words before and after, and why."""
    description = describe(event, names, tz, young_person=young_person)
    return description_text(description, prefix=f"{AMEND_MARK} ", when=when_text(event.at, tz), hide_notes=hide_notes)


# -- the widget ------------------------------------------------------------------------------------
class Timeline(Vertical):
    """Every entry of one rupture, oldest first and newest last; corrections under what they correct."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
    }
    Timeline .timeline-entry {
        height: auto;
        margin-bottom: 1;
    }
    Timeline .timeline-when {
        width: 18;
        color: $text-muted;
    }
    Timeline .timeline-body {
        width: 1fr;
        height: auto;
    }
    Timeline .timeline-amendment {
        margin: 0 0 0 2;
        padding: 0 1;
        border-left: wide $warning;
        color: $text;
    }
    Timeline .timeline-empty {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        events: Sequence[Event],
        names: Mapping[int, str],
        tz: tzinfo,
        *,
        young_person: str | None = None,
        hide_notes: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.hide_notes = hide_notes
        """Initials only: every note's words are hidden (the names passed in are initials already)."""
        self.events = tuple(events)
        """The rupture's events, in any order."""
        self.names = names
        """Staff id -> name, leavers included: the record says who did what even after they left."""
        self.tz = tz
        self.young_person = young_person
        """Whom the rupture is with, for "How Jordan responded" (None: "the young person")."""

    def compose(self) -> ComposeResult:
        grouped = entries(self.events)
        if not grouped:
            yield Static("No entries yet.", classes="timeline-empty")
        for entry in grouped:
            event = entry.event
            with Horizontal(classes=f"timeline-entry timeline-{event.kind.value}"):
                yield Static(when_text(event.at, self.tz), classes="timeline-when")
                with Vertical(classes="timeline-body"):
                    description = describe(event, self.names, self.tz, young_person=self.young_person)
                    yield Static(description_text(description, hide_notes=self.hide_notes), classes="timeline-what")
                    for fix in entry.amendments:
                        text = amendment(
                            fix, self.names, self.tz, young_person=self.young_person, hide_notes=self.hide_notes
                        )
                        yield Static(text, classes="timeline-amendment")
