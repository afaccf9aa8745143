"""ConfirmScreen: a yes/no question in plain words, answered with y or n. Escape answers neither (None): for
every question so far that means "no", and where "no" throws something away the caller can tell them apart.

The question is shown as text, never markup: it names people and quotes what they typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from handover.styles import SCREENS_CSS
from widgets.modal import Modal


class ConfirmScreen(Modal["bool | None"]):
    """Ask before anything is thrown away."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(None)", "Back", show=False, id="confirm.escape"),
    ]
    """y confirms; n says no; Escape goes back with nothing lost."""

    def __init__(self, question: str, yes: str = "yes", no: str = "no, go back", back: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.back = back
        """What Escape does, said on the keys line when it is not the same as n."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)  # names are text
            back = f"    [b]esc[/b] {self.back}" if self.back else ""
            yield Static(f"[b]y[/b] {self.yes}    [b]n[/b] {self.no}{back}", classes="dialog-keys")

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)
