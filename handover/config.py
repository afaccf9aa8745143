"""Settings for this PC (from HANDOVER_* environment variables, then the settings file) and where data lives.

`Config` is the one settings object. Each setting is read, in this order of precedence, from what the caller
passes, a `HANDOVER_<NAME>` environment variable (any case; an empty one counts as unset), and the settings
file (TOML, `settings_file()`); else its default. Every value is checked as it is read, and one that cannot be
used is refused in one plain line naming it (`load_config`). Read by hand with the standard library's
tomllib, not pydantic-settings: it is read at every start, and pydantic's import was a fifth of the board's.

Per-home settings that every terminal must share (home name, thresholds, time zone) live in the database instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import platformdirs

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


#: The words a yes-or-no setting may be given in (from an environment variable, as text).
_YES = {"1", "true", "yes", "on", "y", "t"}
_NO = {"0", "false", "no", "off", "n", "f"}


def _path(value: object) -> Path:
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        raise ValueError("is not a file or folder path")
    return Path(value)


def _optional_path(value: object) -> Path | None:
    return None if value is None else _path(value)


def _optional_text(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("is not text")
    return value


def _number(at_least: float, more_than: bool = False) -> Callable[[object], float]:
    def read(value: object) -> float:
        try:
            number = float(value) if not isinstance(value, bool) else None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = None
        if number is None or number != number:  # not a number (NaN included)
            raise ValueError("is not a number")
        if number < at_least or (more_than and number == at_least):
            raise ValueError(f"must be {'more than' if more_than else 'at least'} {at_least:g}")
        return number

    return read


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValueError("is not yes or no (true or false)")


def _keymap_text(value: object) -> dict[str, str]:
    """A keymap from an environment variable: JSON, e.g. {"board.repaired": "R"}."""
    try:
        found = json.loads(str(value))
    except ValueError:
        raise ValueError('is not a JSON object such as {"board.repaired": "R"}') from None
    return _keymap(found)


def _keymap(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError('is not a table of binding ids and keys, such as "board.repaired" = "R"')
    return dict(value)


#: Each setting: how its value is read and checked, and its default (a callable: worked out only when needed).
_SETTINGS: dict[str, tuple[Callable[[object], Any], Callable[[], Any]]] = {
    "db": (_path, lambda: default_db_path()),
    "backup_dir": (_optional_path, lambda: None),
    "timezone": (_optional_text, lambda: None),
    "poll_seconds": (_number(0, more_than=True), lambda: 0.1),
    "lock_after_minutes": (_number(0), lambda: 5.0),
    "initials_only": (_yes_no, lambda: False),
    "keymap": (_keymap, dict),
}


#: How a setting is read from an environment variable where that differs from the settings file's value.
_FROM_TEXT: dict[str, Callable[[object], Any]] = {"keymap": _keymap_text}


def _from_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The HANDOVER_<NAME> variables naming a setting, in any case; an empty one is left out (unset)."""
    found = {}
    for key, value in environ.items():
        upper = key.upper()
        if upper.startswith("HANDOVER_") and (name := upper.removeprefix("HANDOVER_").lower()) in _SETTINGS:
            if value.strip():
                found[name] = value
    return found


def _from_file(path: Path) -> dict[str, Any]:
    """The settings file's values (none when there is no file). Raises ValueError or OSError for one that
    cannot be read, saying where."""
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return {}
    # Imported only once there is a file to read: most PCs have none, and tomllib's import (its regular
    # expressions compiled) was 2-3 ms of every start of the board and of every command.
    import tomllib

    try:
        with file:
            found = tomllib.load(file)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"it is not TOML ({exc})") from None
    return {key: value for key, value in found.items() if key in _SETTINGS}


class Config:
    """This PC's settings. Every one can be set as HANDOVER_<NAME>, e.g. HANDOVER_DB=/path/to/file.db, or in
    the settings file, e.g. `db = "/path/to/file.db"` (see the module docstring for which wins)."""

    db: Path
    """The database file."""
    backup_dir: Path | None
    """Where backups go. Empty: a "backups" folder beside the database (for the default database that is
    the user data folder / backups). Better still, a different disk: HANDOVER_BACKUP_DIR=/media/usb/handover."""
    timezone: str | None
    """The time zone `handover init` (and the first-run setup) gives a new home, e.g. Europe/London; empty:
    this PC's own. Once a home is set up its zone lives in its database, shared by every terminal, and this
    setting is no longer read (see `init_zone`)."""
    poll_seconds: float
    """How often the board checks for changes from other terminals (default 0.1)."""
    lock_after_minutes: float
    """The board locks itself after this many minutes without a key press or a mouse click, so a young
    person walking into the office does not see it (unlocking needs a PIN). 0 never locks it by itself.
    Default 5."""
    initials_only: bool
    """Start the board showing young people and staff by initials (i switches), for a screen others see."""
    keymap: dict[str, str]
    """Remapped keys: binding id -> keys, e.g. {"board.repaired": "R"} (the help screen lists the ids)."""

    def __init__(self, **given: Any) -> None:
        """Read every setting (`given` first). Raises ValueError, naming the setting, for a value that cannot
        be used, and ValueError or OSError for a settings file that cannot be read."""
        unknown = set(given) - set(_SETTINGS)
        if unknown:
            raise TypeError(f"Config has no setting {', '.join(sorted(unknown))}")
        sources: list[tuple[str, Mapping[str, Any]]] = [("", given), ("HANDOVER_", _from_environment(os.environ))]
        try:
            sources.append(("", _from_file(settings_file())))
        except (ValueError, OSError) as exc:
            raise ValueError(f"{exc}") from None
        for name, (read, default) in _SETTINGS.items():
            for prefix, values in sources:
                if name in values:
                    try:
                        value = (_FROM_TEXT.get(name, read) if prefix else read)(values[name])
                    except ValueError as exc:
                        label = f"{prefix}{name.upper()}" if prefix else name
                        raise ValueError(f"{label} {exc} ({values[name]!r})") from None
                    break
            else:
                value = default()
            setattr(self, name, value)

    def __repr__(self) -> str:
        return "Config(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _SETTINGS) + ")"

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


def load_config(**overrides: Any) -> Config:
    """Read this PC's settings, refusing an unreadable settings file or setting in plain words."""
    try:
        return Config(**overrides)
    except (ValueError, OSError) as exc:
        first = str(exc).splitlines()[0]
        raise InvalidInput(
            f"The settings file {settings_file()} (or a HANDOVER_ setting) cannot be used: {first}"
        ) from None
