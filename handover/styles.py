"""The app's two stylesheets: the start sheet the first frame needs, and the other screens', read later.

Textual parses every stylesheet it is given before the first frame, and matches each node against every rule.
The board's first frame shows the board, and perhaps the sign-in, the privacy lock or the glance over it;
their styles are `START_CSS` (handover/handover.tcss, 90 lines). The other screens' 400 lines are
`SCREENS_CSS` (handover/screens.tcss): parsing them before the first frame cost 3-6 ms of a start of about
260 (docs/PERFORMANCE.md).

`SCREENS_CSS` is read in one of two ways, whichever comes first:

- `read_screens_css(app)`, a moment after the board's first frame (HandoverApp), so that no key waits for it;
- Textual itself, at the first push of a screen that names it in `CSS_PATH` (every screen but the board, the
  sign-in, the lock and the glance: tests/app/test_styles.py checks), when one is pushed before that: a new
  home's first-run screen, or a key pressed in the first half second.

Either way the file is read once, and every screen is styled by the same rules whenever it opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

#: The start sheet (the app's CSS_PATH): the board, the sign-in, the privacy lock, the glance.
START_CSS = "handover.tcss"
#: Every other screen's styles: their CSS_PATH. An absolute path, so the screens in handover/screens/forms and
#: handover/dialogs name the same file, and Textual sees it is read already.
SCREENS_CSS = str(Path(__file__).with_name("screens.tcss"))


def read_screens_css(app: App[Any]) -> None:
    """Read SCREENS_CSS, unless a screen's push has: the nodes made from now on are styled with every rule.

    What is on screen already is not restyled. No rule of SCREENS_CSS matches a node of the board, the sign-in,
    the lock or the glance (tests/app/test_styles.py), so restyling them would change nothing, and it would
    make the board draw every cell of its table again."""
    stylesheet = app.stylesheet
    if stylesheet.has_source(SCREENS_CSS, ""):
        return
    stylesheet.read(SCREENS_CSS)
    stylesheet.reparse()  # now, not at the next node's styling: that may be the first key's screen
    stylesheet.rules_map  # noqa: B018 - built now for the same reason (a property, made on first use)
