"""FittingFooter: Textual's Footer, compact, showing only the keys that fit its width, whole.

Textual's Footer lays every key out in a row and lets the ones past the right-hand edge fall off, cut
mid-word: at 80 columns the board's footer lost `? Help` and ended in "l Loc". This one keeps the keys it
is told matter most (help first), then as many of the others as fit, in the order the screen binds them,
each shown whole; it lays itself out again when its width changes. The keys it leaves out still work, and
the help screen (`?`) lists every one.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

#: Cells each key takes besides its key and description, in the compact footer: the space between the two
#: and the margin after the description.
KEY_EXTRA = 2
#: Cells the command palette's key takes besides its key and description: the space between, the rule to
#: its left, and its margin.
PALETTE_EXTRA = 3
#: The class Textual's FooterKey takes in a compact footer (its `_watch_compact`), and styles by.
COMPACT_KEY = "-compact"


class FittingFooter(Footer):
    """A compact Footer showing the `first` keys (by action name, e.g. "help"), then the others in binding
    order while they fit."""

    def __init__(self, *, first: Iterable[str] = ("help",), id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self.first = tuple(first)
        """Actions whose keys are kept before any other (in this order)."""
        self._laid_out_for = 0
        """The width the keys were last chosen for."""
        self._composed_for: tuple[tuple[str, str, bool, str], ...] | None = None
        """What the keys showed when last laid out (see `bindings_changed`)."""

    def compose(self) -> ComposeResult:
        found = list(super().compose())
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        # Nothing found: Textual's Footer has not been told the bindings yet, so nothing was laid out.
        self._composed_for = self._keys_now() if found else None
        for key in found:
            # Textual's keys take their compact class once mounted (FooterKey._watch_compact), and each key is
            # then styled again on its own: 8 ms on the board's first frame. Given now, before they are mounted,
            # the class is there already then, and the keys are styled once, with the rest of the footer. (The
            # board binds no key groups, whose keys would be inside a KeyGroup, not here; the palette's key is
            # never compact in Textual's footer.)
            if hasattr(key, "action") and not key.has_class("-command-palette"):
                key.set_class(self.compact, COMPACT_KEY, update=False)
        yield from fitting(found, width, self.first)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual's Footer lays every key out again whenever the screen's bindings may have changed: at every
        # change of focus, and as a form opens over the board and closes again. Laying out and styling two
        # dozen keys costs tens of milliseconds, on the key that opens the form. Only a change in what the
        # keys would show is worth it.
        if self._composed_for is not None and self._keys_now() == self._composed_for:
            return
        super().bindings_changed(screen)

    def _keys_now(self) -> tuple[tuple[str, str, bool, str], ...]:
        """What the keys would show now: each shown binding's key, words, enabled state and tooltip."""
        try:
            active = self.screen.active_bindings
        except Exception:  # noqa: BLE001 (not on a screen yet: nothing to compare with)
            return ()
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in active.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )


def key_width(key: Widget) -> int:
    """The cells a footer key takes in the compact footer (the palette's key included)."""
    shown = cell_len(str(getattr(key, "key_display", ""))) + cell_len(str(getattr(key, "description", "")))
    return shown + (PALETTE_EXTRA if key.has_class("-command-palette") else KEY_EXTRA)


def fitting(found: list[Widget], width: int, first: tuple[str, ...]) -> list[Widget]:
    """The footer's widgets that fit in `width`, in their order: the command palette's key, the keys for the
    `first` actions, then the others in order while they fit. Anything that is not a key is kept."""
    keys = [w for w in found if hasattr(w, "action")]
    room = width
    kept: set[int] = set()
    for palette in (w for w in keys if w.has_class("-command-palette")):
        room -= key_width(palette)
        kept.add(id(palette))
    rank = {action: index for index, action in enumerate(first)}
    ordered = sorted(
        (w for w in keys if id(w) not in kept),
        key=lambda w: rank.get(str(getattr(w, "action", "")), len(rank)),
    )  # sorted() is stable: the others keep their binding order
    for key in ordered:
        needed = key_width(key)
        if needed <= room:
            kept.add(id(key))
            room -= needed
        elif str(getattr(key, "action", "")) not in rank:
            room = 0  # keep the binding order: a later, shorter key does not jump a longer one left out
    return [w for w in found if not hasattr(w, "action") or id(w) in kept]
