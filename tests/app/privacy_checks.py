"""What a privacy test looks for on the rendered screen: every name and every rupture's words.

The screen is read back as text from the screenshot Textual makes (the text a person would see; the window
title, which is not on the screen, fixed). Used by the glance's and initials only's tests."""

from __future__ import annotations

import re
from html import unescape

from db.store import Store
from handover.app import HandoverApp


def screen_text(app: HandoverApp) -> str:
    """Everything on the terminal as rendered, as plain text (from the screenshot's SVG)."""
    svg = app.export_screenshot(title="handover")
    return unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def leaks(text: str, store: Store) -> list[str]:
    """Every full name, every word of a name, and every rupture's words (whole, or their start) found in `text`.
    The home's name is not a person's and may show (the header says which home it is)."""
    names = [p.name for p in store.young_people()] + [s.name for s in store.staff()]
    words = {w for name in names for w in name.split()}
    found = [n for n in names if n in text]
    found += sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", text))
    for row in store.rows("SELECT what_happened FROM ruptures"):
        what = str(row["what_happened"])
        found += [what for part in (what, what[:14]) if part in text]
    return found
