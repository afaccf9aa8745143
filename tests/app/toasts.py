"""The notifications an app test showed, recorded through Textual's public API rather than its private list.

Each is recorded as the app hands it to Textual's `App.notify`, so one the privacy lock held back counts only
once it is shown (after the unlock), and names read as shown (initials in initials-only mode).

    @pytest.fixture(autouse=True)
    def toasts(monkeypatch: pytest.MonkeyPatch) -> Toasts:
        return record_toasts(monkeypatch)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from textual.app import App


@dataclass(frozen=True)
class Toast:
    """One notification as shown."""

    message: str
    title: str
    severity: str


@dataclass
class Toasts:
    """Every notification shown since the test began, oldest first."""

    shown: list[Toast] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [t.message for t in self.shown]

    def any(self, text: str) -> bool:
        """Whether a notification shown so far says `text` (anywhere in it)."""
        return any(text in t.message for t in self.shown)


def record_toasts(monkeypatch: pytest.MonkeyPatch) -> Toasts:
    """Record every notification any app shows for the rest of the test."""
    toasts = Toasts()
    notify = App.notify

    def recording(app: App[Any], message: str, **options: Any) -> None:
        toasts.shown.append(Toast(message, str(options.get("title", "")), str(options.get("severity", ""))))
        notify(app, message, **options)

    monkeypatch.setattr(App, "notify", recording)
    return toasts
