"""The patterns in words: one wording for the patterns screen and the report, so they always say the same. Pure.

A pair worth a conversation is said as a prompt for supervision, never as a finding about anyone: "Worth
talking through in supervision: 3 ruptures between Jordan Mills and Sam Kell in 12 days (harsh tone,
withdrawal)". Names are passed in by the caller (in full, or as initials when the screen shows initials only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from fractions import Fraction

from handover.domain.enums import RuptureKind
from handover.domain.pattern_facts import PatternRules
from handover.domain.patterns import ClockFigures, PairPattern, RepairFigures, whole_days
from handover.domain.urgency import format_waited
from handover.domain.weeks import Week

#: Every pair's prompt starts so: an invitation to reflect together, not a verdict.
PROMPT = "Worth talking through in supervision"
#: Said once above the pairs, on the screen and in the report.
FRAMING = (
    "Prompts for reflection and supervision, not findings about anyone: what was happening for each of them, "
    "and what would help the repair happen?"
)
#: Where nobody may see any pair (nobody signed in).
NOBODY_SIGNED_IN = "Sign in (w on the board) to see the relationships you are part of."
#: What a staff member is told about the pairs they see.
OWN_PAIRS_ONLY = "You see the relationships you are part of; shift leads and managers see all of them."


def and_join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def percent(share: Fraction) -> str:
    """A share as a whole percentage, halves rounded up: 2/3 -> "67%"."""
    return f"{int(share * 100 + Fraction(1, 2))}%"


def one_decimal(value: Fraction) -> str:
    """A fraction to one decimal place, halves rounded up (exactly, not through a float): 1/4 -> "0.3"."""
    tenths = int(value * 10 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}"


def hours(value: float) -> str:
    """48.0 -> "48 h"; 36.5 -> "36.5 h"."""
    return f"{value:g} h"


def window_words(rules: PatternRules) -> str:
    """The repair window as the figures name it: "48 h"."""
    return hours(rules.window.total_seconds() / 3600)


def share_words(figures: RepairFigures) -> str:
    """ "8 of 12 (67%)", or "none due yet" when no rupture's window has run out and none was repaired yet."""
    share = figures.share
    if share is None:
        return "none due yet"
    return f"{figures.in_window} of {figures.outcome_known} ({percent(share)})"


def median_words(figures: RepairFigures) -> str:
    """The median time to repair ("1 d 4 h"), or "none repaired"."""
    return format_waited(figures.median) if figures.median is not None else "none repaired"


def attempts_words(figures: RepairFigures) -> str:
    """ "0.5 (3 before 6 repairs)": how often "not ready yet" came before a repair; "no repairs yet"."""
    per = figures.attempts_per_repair
    if per is None:
        return "no repairs yet"
    repairs = "repair" if figures.repaired == 1 else "repairs"
    # One attempt before 22 repairs is not "0.0": that reads as none at all, beside the count that says one.
    shown = "under 0.1" if per and one_decimal(per) == "0.0" else one_decimal(per)
    return f"{shown} ({figures.attempts} before {figures.repaired} {repairs})"


def kinds_words(kinds: Iterable[tuple[RuptureKind, int]]) -> str:
    """ "harsh tone (4), withdrawal (2)", or "none"."""
    said = [f"{kind.label} ({count})" for kind, count in kinds]
    return ", ".join(said) if said else "none"


def week_words(week: Week) -> str:
    """A week by its Monday: "7 Sep"."""
    return f"{week.first_day.day} {week.first_day:%b}"


def day_words(at: datetime, tz: tzinfo) -> str:
    """ "Thu 5 Nov", in the home's zone."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}"


def clock_words(figures: ClockFigures) -> str:
    """ "3 of 4 on time, 1 late" or "none due yet"; "not met" for a deadline passed without a tick."""
    if not figures.due:
        return "none due yet"
    words = f"{figures.on_time} of {figures.due} on time"
    if figures.late:
        words += f", {figures.late} late"
    if figures.not_met:
        words += f", {figures.not_met} not met"
    return words


def ruptures_words(count: int) -> str:
    return f"{count} rupture{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class PairWords:
    """A pair worth a conversation, in words."""

    prompt: str
    """The one line: "Worth talking through in supervision: 3 ruptures between ... in 12 days (harsh tone)"."""
    dates: str
    """When each of its ruptures happened, oldest first: "Mon 2 Nov, Thu 5 Nov (not yet repaired) and ..."."""


def pair_words(pair: PairPattern, young_person: str, adult: str, tz: tzinfo) -> PairWords:
    """`pair` as a prompt, naming them as given (full names, or initials)."""
    between = f"between {young_person} and {adult}"
    kinds = ", ".join(kind.label for kind in pair.kinds)
    if pair.recurring:
        days = whole_days(pair.span)
        said = f"{ruptures_words(len(pair.recurring))} {between} in {'a day' if days == 1 else f'{days} days'}"
        if pair.unrepaired:
            inside = {f.id for f in pair.recurring}.issuperset(f.id for f in pair.unrepaired)
            said += f", {len(pair.unrepaired)} {'of them ' if inside else ''}not yet repaired"
    else:
        said = f"{ruptures_words(len(pair.unrepaired))} {between} not yet repaired"
    dates = [day_words(f.occurred_at, tz) + (" (not yet repaired)" if f.status.is_open else "") for f in pair.ruptures]
    return PairWords(prompt=f"{PROMPT}: {said} ({kinds})", dates=and_join(dates))
