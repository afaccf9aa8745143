"""FittingFooter: its keys follow the screen's bindings, but a change of focus or a form opening over the
board, which leave the keys as they were, never lays them out again (that cost tens of milliseconds on the
key that opens a form); its keys are drawn as Textual's compact Footer draws them, and styled once, as they
are mounted (not again each on its own as it turns compact: 8 ms on the board's first frame). A small real
app, driven by Pilot."""

from __future__ import annotations

from typing import cast

from rich.text import Span, Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from widgets.fitting_footer import FittingFooter


class Dialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        yield Input()


class Board(App[None]):
    """Two inputs to move focus between, a key that comes and goes, and a dialog."""

    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "extra", "Extra"),
        Binding("f3", "dialog", "Dialog"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.extra_shown = True
        self.layouts = 0

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield FittingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.extra_shown if action == "extra" else True

    def action_dialog(self) -> None:
        self.push_screen(Dialog())


def keys(app: Board) -> list[str]:
    return [str(getattr(k, "description", "")) for k in app.screen.query_one(FittingFooter).query("FooterKey")]


async def test_the_footer_is_laid_out_again_only_when_its_keys_change() -> None:
    app = Board()
    async with app.run_test(size=(100, 10)) as pilot:
        footer = app.screen.query_one(FittingFooter)
        await pilot.pause()
        assert "Extra" in keys(app)
        laid_out = []
        real = footer.recompose

        async def counted() -> None:
            laid_out.append(1)
            await real()

        footer.recompose = counted  # type: ignore[method-assign]
        # Focus moves, a dialog opens and closes: the keys are the same, so nothing is laid out again.
        await pilot.press("tab", "tab")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert laid_out == []
        # A key that is no longer available: the footer follows at once.
        app.extra_shown = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert laid_out, "the footer did not follow a change in its keys"
        assert "Extra" not in keys(app) or all(
            k.disabled for k in footer.query("FooterKey") if getattr(k, "description", "") == "Extra"
        )


class PlainFooterBoard(Board):
    """The same app with Textual's own compact Footer, to compare with."""

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield Footer(compact=True)


def drawn(app: App[None]) -> list[tuple[str, bool, list[Span], str]]:
    """Each footer key as drawn: its text, whether compact, its styled spans and its width rule."""
    footer = app.screen.query_one(Footer)
    return [
        (text.plain, key.has_class("-compact"), text.spans, str(key.styles.width))
        for key in footer.query("FooterKey")
        for text in [cast(Text, key.render())]
    ]


async def test_the_keys_are_drawn_as_textuals_compact_footer_draws_them_and_styled_once() -> None:
    restyled: list[str] = []
    ours = Board()
    real = ours.update_styles

    def counted(node: DOMNode, animate: bool = True) -> None:
        if node.__class__.__name__ == "FooterKey":
            restyled.append(str(getattr(node, "description", "")))
        real(node, animate)

    ours.update_styles = counted  # type: ignore[method-assign]
    async with ours.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        ours_drawn = drawn(ours)
    theirs = PlainFooterBoard()
    async with theirs.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        theirs_drawn = drawn(theirs)
    assert [d[0] for d in ours_drawn] == ["f1 Help", "f2 Extra", "f3 Dialog", "^p palette"]
    assert ours_drawn == theirs_drawn  # every key fits at 120 columns: the same keys, drawn the same
    assert any(compact for _, compact, _, _ in ours_drawn)
    # Each bound key was given its compact class before it was mounted, so none was styled again on its own
    # after (the palette's key, never compact, is restyled once as Textual's own footer does it).
    assert [key for key in restyled if key != "palette"] == []
