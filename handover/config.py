"""Settings for this PC (pydantic-settings, from HANDOVER_* environment variables) and where data lives.

Per-home settings that every terminal must share (home name, thresholds, time zone) live in the database instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from handover.domain.errors import InvalidInput

APP_NAME = "handover"


def settings_file() -> Path:
    """This PC's settings file, e.g. ~/.config/handover/settings.toml (HANDOVER_SETTINGS overrides)."""
    override = os.environ.get("HANDOVER_SETTINGS")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.toml"


def default_db_path() -> Path:
    """The real database: in the user's data folder (e.g. ~/.local/share/handover/handover.db)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "handover.db"


def state_dir() -> Path:
    """What this PC remembers between runs (the board's view), e.g. ~/.local/state/handover
    (HANDOVER_STATE_DIR overrides, so tests keep it in a temporary folder)."""
    override = os.environ.get("HANDOVER_STATE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def documents_dir() -> Path:
    """Where a saved handover sheet goes by default: the user's documents folder, else their home folder
    (HANDOVER_SHEET_DIR overrides)."""
    override = os.environ.get("HANDOVER_SHEET_DIR")
    if override:
        return Path(override)
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


class Config(BaseSettings):
    """This PC's settings. Every field can be set as HANDOVER_<NAME>, e.g. HANDOVER_DB=/path/to/file.db."""

    model_config = SettingsConfigDict(env_prefix="HANDOVER_", extra="ignore")

    db: Path = Field(default_factory=default_db_path)
    """The database file."""
    backup_dir: Path | None = None
    """Where backups go. Empty: a "backups" folder beside the database (for the default database that is
    the user data folder / backups). Better still, a different disk: HANDOVER_BACKUP_DIR=/media/usb/handover."""
    timezone: str | None = None
    """The time zone `handover init` (and the first-run setup) gives a new home, e.g. Europe/London; empty:
    this PC's own. Once a home is set up its zone lives in its database, shared by every terminal, and this
    setting is no longer read (see `init_zone`)."""
    poll_seconds: float = 0.1
    """How often the board checks for changes from other terminals."""
    lock_after_minutes: float = Field(default=5.0, ge=0)
    """The board locks itself after this many minutes without a key press or a mouse click, so a young
    person walking into the office does not see it (unlocking needs a PIN). 0 never locks it by itself."""
    initials_only: bool = False
    """Start the board showing young people and staff by initials (i switches), for a screen others see."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Remapped keys: binding id -> keys, e.g. {"board.repaired": "R"} (the help screen lists the ids)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment first, then the settings file in the user config folder.
        toml = TomlConfigSettingsSource(settings_cls, toml_file=settings_file())
        return (init_settings, env_settings, toml)

    def init_zone(self) -> ZoneInfo:
        """The zone a new home gets unless `init --timezone` names one: HANDOVER_TIMEZONE (or `timezone` in
        the settings file), else this PC's zone, else UTC. A name that is not a time zone is refused in one
        plain line, before anything is written."""
        from handover.domain.zones import zone_named

        if self.timezone and self.timezone.strip():
            return zone_named(self.timezone, f"HANDOVER_TIMEZONE (or timezone in {settings_file()})")
        return pc_zone()


def pc_zone_name() -> str | None:
    """This PC's time zone as an IANA name (e.g. Europe/London), found by tzlocal from the TZ variable or the
    system's settings; None when it has no usable name (the PC's zone is only a fixed offset, or unset).

    Never `datetime.now().astimezone()`: that gives today's offset, and a summer time read with a winter
    offset is an hour out."""
    import tzlocal

    from handover.domain.zones import zone_named

    try:
        name = tzlocal.get_localzone_name()
    except (LookupError, OSError, ValueError):  # e.g. conflicting zone settings on the PC
        return None
    if not name:
        return None
    try:
        return zone_named(name).key
    except InvalidInput:
        return None


def pc_zone() -> ZoneInfo:
    """This PC's named zone, or UTC when it has none (`pc_zone_name`)."""
    from handover.domain.zones import FALLBACK

    return ZoneInfo(pc_zone_name() or FALLBACK)


def load_config(**overrides: object) -> Config:
    """Read this PC's settings, refusing an unreadable settings file in plain words."""
    from pydantic import ValidationError

    try:
        return Config(**overrides)  # type: ignore[arg-type]
    except (ValidationError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0]
        raise InvalidInput(
            f"The settings file {settings_file()} (or a HANDOVER_ setting) cannot be used: {first}"
        ) from None
