"""Settings for this PC (pydantic-settings, from HANDOVER_* environment variables) and where data lives.

Per-home settings that every terminal must share (home name, thresholds) live in the database instead.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "handover"


def default_db_path() -> Path:
    """The real database: in the user's data folder (e.g. ~/.local/share/handover/handover.db)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "handover.db"


class Config(BaseSettings):
    """This PC's settings. Every field can be set as HANDOVER_<NAME>, e.g. HANDOVER_DB=/path/to/file.db."""

    model_config = SettingsConfigDict(env_prefix="HANDOVER_", extra="ignore")

    db: Path = Field(default_factory=default_db_path)
    """The database file."""
    timezone: str | None = None
    """The home's time zone (e.g. Europe/London); empty means this PC's own."""
    poll_seconds: float = 0.1
    """How often the board checks for changes from other terminals."""

    def tz(self) -> tzinfo:
        return local_zone(self.timezone)


def local_zone(name: str | None = None) -> tzinfo:
    """The named zone, or this machine's local zone."""
    if name:
        return ZoneInfo(name)
    from datetime import datetime

    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone
