"""HelpScreen (?): every key on the board and what it does, with the ids the settings file remaps them by.

Generated from the bindings themselves, as the board really has them (the settings file's keymap applied),
so it can never drift from the footer; plus the keys inside forms and the command palette.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from handover.commands import key_name, name_and_help
from handover.config import settings_file
from handover.styles import SCREENS_CSS
from widgets.modal import Modal

if TYPE_CHECKING:
    from handover.app import HandoverApp

#: Keys on the board that move rather than act (the table's own, fixed).
MOVING = (
    ("↑ ↓", "Move between young people and ruptures"),
    ("pgup pgdn", "A page up or down"),
    ("home end", "First or last line"),
)

#: What each key of the handover screen does, in a line.
HANDOVER_KEY_WORDS = {
    "back": "Back to the board (h too)",
    "toggle_shift": "Mark the highlighted person on shift (the one about to run) or off shift",
    "mark_coming": "Mark the highlighted person on the coming shift (at midnight: the early, not the night)",
    "help": "This help",
    "reassign": "Give the highlighted repair to someone (those coming on listed first)",
    "give_all": "Give all of the highlighted owner's open repairs to someone, at once",
    "accept_repair": "Accept a repair given to you",
    "reg35": "Tick off a reg 35 clock of the highlighted restraint",
    "accept_handover": "The incoming shift lead accepts the handover (recorded: who, when, what was outstanding)",
    "sheet": "Write the handover sheet to a file (HTML, text or Markdown)",
}

#: Below this terminal width the help leaves out the footer label column.
NARROW_COLUMNS = 100

#: Better words for the app's own keys than their short footer labels.
APP_KEY_WORDS = {
    "command_palette": "Command palette: find any action by name (type a few letters, then enter)",
    "quit": "Quit, from anywhere",
}


class HelpScreen(Modal[None]):
    """Every key, what it does, and its id for the [keymap] table in the settings file."""

    CSS_PATH = SCREENS_CSS  # read a moment after the first frame, or here if this comes first

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", "Close", show=False, id="help.close_q"),
        Binding("question_mark", "close", "Close", show=False, id="help.close_help"),
    ]
    """Escape, q or ? closes the help."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="help", id="help"):
            yield Static("Every key, and how to change it  (esc closes)", classes="help-title")
            yield Static("On the board", classes="help-section")
            yield self._row("key", "footer", "what it does", "id (to remap)", classes="help-head")
            for keys, binding in self._board_keys():
                name, help_text = name_and_help(binding)
                what: str | Text = Text.assemble((name, "bold"), " · ", (help_text, "dim")) if help_text else Text(name)
                yield self._row(keys, binding.description, what, binding.id or "")
            for keys, what in MOVING:
                yield self._row(keys, "", what, "")

            yield Static("On the handover screen (h)", classes="help-section")
            for keys, binding in self._handover_keys():
                yield self._row(keys, binding.description, HANDOVER_KEY_WORDS.get(binding.action, ""), binding.id or "")
            yield self._row("tab", "", "The other list (who is on shift / what is outstanding)", "")
            yield self._row("enter", "", "The highlighted rupture in full", "")

            yield Static("In a form", classes="help-section")
            for keys, binding in self._form_keys():
                what = (
                    "Save the form, from any field"
                    if binding.action == "save"
                    else "Close the form (asks first if you typed)"
                )
                yield self._row(keys, binding.description, what, binding.id or "")
            yield self._row("tab", "", "Next field (shift+tab: the one before)", "")
            yield self._row(
                "a letter", "", "In a row of options, the letter in brackets picks one (← → move between them)", ""
            )

            yield Static("Anywhere", classes="help-section")
            for keys, binding in self._app_keys():
                yield self._row(keys, "", APP_KEY_WORDS.get(binding.action, binding.description), binding.id or "")

            yield Static("Changing a key", classes="help-section")
            yield Static(
                Text.assemble(
                    "Put the id and the new key in a [keymap] table in this PC's settings file,\n",
                    (str(settings_file()), "bold"),
                    ", then start handover again. For example:\n\n",
                    ("[keymap]\n", "bold"),
                    ('"board.repaired" = "R"\n', "bold"),
                    ('"board.new" = "n,f2"', "bold"),
                    "      (two keys for the same action)",
                ),
                classes="help-text",
            )
            yield Static("[b]esc[/b] close   [b]↑ ↓[/b] scroll", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#help", VerticalScroll).focus()
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        # Under NARROW_COLUMNS the footer's short label column goes (the key and what it does say it all),
        # so what a key does is not squeezed into a column a few words wide (at 80, 22 characters).
        self.set_class(width < NARROW_COLUMNS, "-narrow")

    @staticmethod
    def _row(keys: str, label: str, what: str | Text, binding_id: str, classes: str = "help-row") -> Horizontal:
        return Horizontal(
            Static(Text(keys, style="bold"), classes="help-key"),
            Static(Text(label), classes="help-label"),
            Static(what if isinstance(what, Text) else Text(what), classes="help-what"),
            Static(Text(binding_id), classes="help-id"),
            classes=classes,
        )

    # -- the bindings, as they really are -----------------------------------------------------------
    @staticmethod
    def _display(bindings: Iterable[Binding]) -> str:
        return ", ".join(key_name(b) for b in bindings)

    def _board_keys(self) -> list[tuple[str, Binding]]:
        """Each board binding with the keys that trigger it now, in the board's own order."""
        from handover.screens.board import BoardScreen

        board = next((s for s in self.app.screen_stack if isinstance(s, BoardScreen)), None)
        if board is not None:
            # What a key press on the board really does: the keymap applied, priority bindings winning.
            live = [a.binding for a in board.active_bindings.values() if a.node is board]
        else:
            live = self._with_keymap(BoardScreen.BINDINGS)
        rows = []
        for binding in (b for b in BoardScreen.BINDINGS if isinstance(b, Binding)):
            keys = [b for b in live if b.id == binding.id]
            rows.append((self._display(keys) or "(none)", binding))
        return rows

    def _form_keys(self) -> list[tuple[str, Binding]]:
        from handover.screens.forms.base import FormScreen

        live = self._with_keymap(FormScreen.BINDINGS)
        rows = []
        for binding in (b for b in FormScreen.BINDINGS if isinstance(b, Binding)):
            rows.append((self._display(b for b in live if b.id == binding.id) or "(none)", binding))
        return rows

    def _handover_keys(self) -> list[tuple[str, Binding]]:
        from handover.screens.handover import HandoverScreen

        live = self._with_keymap(HandoverScreen.BINDINGS)
        rows = []
        for binding in (b for b in HandoverScreen.BINDINGS if isinstance(b, Binding)):
            if binding.id and binding.id.endswith("_h"):
                continue  # h also goes back: said on the escape line
            rows.append((self._display(b for b in live if b.id == binding.id) or "(none)", binding))
        return rows

    def _app_keys(self) -> list[tuple[str, Binding]]:
        """The app's own keys (quit, the lock, the palette), leaving out the hidden system ones: its BINDINGS
        merged as Textual merges them (a subclass's binding for a key replaces its base's), then the palette's
        key, which Textual adds itself (App.COMMAND_PALETTE_BINDING)."""
        keys: dict[str, list[Binding]] = {}
        for cls in reversed(type(self.app).__mro__):
            keys.update(BindingsMap(cls.__dict__.get("BINDINGS", [])).key_to_bindings)
        bindings = [binding for same_key in keys.values() for binding in same_key]
        if self.app.use_command_palette:
            key, shown = self.app.COMMAND_PALETTE_BINDING, self.app.COMMAND_PALETTE_DISPLAY
            bindings.append(Binding(key, "command_palette", "palette", key_display=shown))
        return [(key_name(b), b) for b in self._with_keymap(bindings) if not b.system]

    def _with_keymap(self, bindings: BindingsMap | Iterable[BindingType]) -> list[Binding]:
        """`bindings` with the app's keymap applied, as Textual applies it to a screen's bindings."""
        bindings_map = bindings if isinstance(bindings, BindingsMap) else BindingsMap(bindings)
        # The keymap from the settings file, as the app gave it to App.set_keymap.
        bindings_map.apply_keymap(cast("HandoverApp", self.app).keymap)
        return [binding for _key, binding in bindings_map]

    def action_close(self) -> None:
        self.dismiss(None)
