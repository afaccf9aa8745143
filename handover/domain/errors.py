"""Errors the domain and service raise, each carrying a message a care worker can act on."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handover.domain.models import Rupture


class HandoverError(Exception):
    """Base for every refusal the user should see in plain words (never a traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(HandoverError):
    """A field was empty, too long, in the wrong form, or out of range."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(HandoverError):
    """A named person or numbered rupture does not exist."""


class InvalidTransition(HandoverError):
    """The rupture is not in a state that allows this step."""


class StaleVersion(HandoverError):
    """Someone else changed the rupture since it was read; nothing was written."""

    def __init__(
        self,
        message: str,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
        *,
        changes: str = "",
        current: Rupture | None = None,
    ) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.changes = changes
        """What changed, in plain words: "Sunita Moran repaired the rupture at 00:18"."""
        self.current = current
        """The rupture as it stands now, for a form that carries on from it with what was typed."""


class StorageError(HandoverError):
    """The database is missing, locked, damaged or not ours."""
