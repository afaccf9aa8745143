"""The home's settings a manager may change (`handover settings set KEY VALUE --by NAME`), each with its check.

One table, so the command line, the service and the docs name the same settings and refuse the same values.
Keys are the names the `settings` table stores them under; on the command line a hyphen may stand for the
underscore ("pattern-days" is pattern_days). The home's name and time zone are not here: they are chosen at
`handover init` (a time zone changed later would move every time already recorded).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from handover.domain.errors import InvalidInput
from handover.domain.models import HomeSettings


@dataclass(frozen=True)
class Settable:
    """One setting a manager can change."""

    key: str
    """Its name in the settings table (and HomeSettings)."""
    what: str
    """What it is, in a line."""
    whole: bool
    """A whole number (a count, days) rather than hours that may have a fraction."""
    least: float = 0
    most: float = 0
    unit: str = ""
    choices: tuple[str, ...] = ()
    """For a setting that is one of some words rather than a number: the words (then least and most are unused)."""

    @property
    def word(self) -> str:
        """Its name on the command line: "pattern-days"."""
        return self.key.replace("_", "-")

    def shown(self, value: float | str) -> str:
        if isinstance(value, str):
            return value
        return f"{value:g}{f' {self.unit}' if self.unit else ''}"


#: Every setting a manager can change, in the order `handover settings` lists them.
SETTABLE: tuple[Settable, ...] = (
    Settable("due_soon_hours", "a rupture shows as due soon after this long", False, 1, 167, "h"),
    Settable(
        "overdue_hours",
        "a rupture shows as overdue after this long; the repair window the patterns measure",
        False,
        2,
        168,
        "h",
    ),
    Settable(
        "pattern_repeats",
        "ruptures between one young person and one adult within pattern-days that are worth talking through",
        True,
        2,
        10,
    ),
    Settable("pattern_days", "the days within which pattern-repeats ruptures count as recurring", True, 1, 84, "days"),
    Settable(
        "pattern_unrepaired",
        "this many unrepaired ruptures between one young person and one adult are worth talking through",
        True,
        2,
        10,
    ),
    Settable(
        "glance",
        "what the office screen shows while nobody is signed in: initials, names, or off (a neutral screen)",
        False,
        choices=("initials", "names", "off"),
    ),
    Settable(
        "board_order",
        "how view 1 of the board orders the young people: urgency (most pressing first) or alphabetical",
        False,
        choices=("urgency", "alphabetical"),
    ),
)

_BY_KEY = {s.key: s for s in SETTABLE}


def setting_named(text: str) -> Settable:
    """The setting `text` names ("pattern-days" or "pattern_days"), or a refusal listing them."""
    key = (text or "").strip().lower().replace("-", "_")
    if key in _BY_KEY:
        return _BY_KEY[key]
    close = difflib.get_close_matches(key, list(_BY_KEY), n=1)
    guess = f" Did you mean {_BY_KEY[close[0]].word}?" if close else ""
    names = ", ".join(s.word for s in SETTABLE)
    raise InvalidInput(f"There is no setting '{text}'.{guess} The settings a manager can change are: {names}.")


def checked_value(setting: Settable, text: str, current: HomeSettings) -> int | float | str:
    """`text` as a value of `setting`, or a plain refusal: not one of its words, not a number, out of range, or
    due soon not before overdue. `current` is the home's settings as they stand (for the due soon / overdue
    check)."""
    raw = (text or "").strip()
    if setting.choices:
        word = raw.lower()
        if word not in setting.choices:
            raise InvalidInput(f"{setting.word} must be one of: {', '.join(setting.choices)}; not '{raw}'.")
        return word
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if value != value:  # NaN: not a number at all
        kind = "a whole number" if setting.whole else "a number of hours"
        raise InvalidInput(f"{setting.word} must be {kind}, like {setting.shown(setting.least)}; not '{raw}'.")
    if setting.whole and not value.is_integer():
        raise InvalidInput(f"{setting.word} must be a whole number; not '{raw}'.")
    if not setting.least <= value <= setting.most:
        raise InvalidInput(
            f"{setting.word} must be from {setting.shown(setting.least)} to {setting.shown(setting.most)}; "
            f"not {setting.shown(value)}."
        )
    if setting.key == "due_soon_hours" and value >= current.overdue_hours:
        raise InvalidInput(
            f"due-soon-hours must be less than overdue-hours ({current.overdue_hours:g} h): a rupture is due soon "
            "before it is overdue."
        )
    if setting.key == "overdue_hours" and value <= current.due_soon_hours:
        raise InvalidInput(
            f"overdue-hours must be more than due-soon-hours ({current.due_soon_hours:g} h): a rupture is due soon "
            "before it is overdue."
        )
    return int(value) if value.is_integer() else value


def current_value(setting: Settable, settings: HomeSettings) -> float | str:
    """The setting's value in `settings`: a number as a float, a word as its text."""
    value = getattr(settings, setting.key)
    if setting.choices:
        return str(value)
    assert isinstance(value, int | float)
    return float(value)
