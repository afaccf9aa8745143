"""ConfirmScreen: a yes/no question in plain words, answered with y or n (Escape means no).

The question is shown as text, never markup: it names people and quotes what they typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask before anything is thrown away."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "No", show=False, id="confirm.escape"),
    ]
    """y confirms; n or Escape goes back with nothing lost."""

    def __init__(self, question: str, yes: str = "yes", no: str = "no, go back") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)  # names are text
            yield Static(f"[b]y[/b] {self.yes}    [b]n[/b] {self.no}", classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
