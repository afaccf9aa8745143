"""Typing at a terminal's speed in app tests: a whole burst of keys reaches the app before it handles any.

`pilot.press` lets the app settle after every key, so it cannot show keys lost while a screen opens. A
terminal does not wait: its driver puts every key of a fast typist (or of `tmux send-keys`) on the app's
queue at once. `burst` does the same, then waits until the app has taken every key.
"""

from __future__ import annotations

import asyncio
import unicodedata

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character
from textual.pilot import Pilot

from handover.app import HandoverApp
from tests.app.helpers import busy_workers, wait_until

#: The character each key name of typed text stands for ("minus" is "-"), as a terminal's driver gives it.
CHARACTERS: dict[str, str] = {}


def key_name(character: str) -> str:
    """The key Textual names for a typed character: "a", "A", "space", "full_stop", "minus"."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    name = KEY_NAME_REPLACEMENTS.get(name, name)
    CHARACTERS[name] = character
    return name


def typed(text: str) -> list[str]:
    """The keys that type `text`: `burst(pilot, "n", *typed("jordan"), "tab")`."""
    return [key_name(ch) for ch in text]


async def burst(pilot: Pilot[None], *names: str) -> None:
    """Put every key on the app's queue at once, as a terminal does for fast typing, then wait until the
    app has handled them all (and the writes and reads they started have finished)."""
    app = pilot.app
    assert isinstance(app, HandoverApp)
    for name in names:
        app.post_message(events.Key(name, CHARACTERS.get(name) or key_to_character(name)))
    taken = asyncio.Event()
    app.call_later(taken.set)  # queued behind the keys: runs once the app has taken every one of them
    await wait_until(pilot, taken.is_set)
    await wait_until(pilot, lambda: not app.typing_ahead and not busy_workers(app))
    await pilot.pause()
