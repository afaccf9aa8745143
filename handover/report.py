"""The patterns report (`handover report`): the patterns screen's three parts on paper, for a manager's monthly
review, a reg 44 visit or an inspection.

Built from the same `Patterns` the screen shows (`Service.patterns`, which applies the same visibility: a staff
member's report has the relationships they are part of; a shift lead's or manager's, all of them) and in the
same words (`domain.pattern_words`). Markdown carries every figure as a table, every value through the one
escaper; HTML comes from a Jinja2 template with autoescape, prints on A4 in black and white, and embeds its
charts inline as SVG drawn by leather (`render/charts.py`). Both carry the confidentiality line, at the top
and the foot. Files are written owner-only (0600) and never over another file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from handover.domain import pattern_words as words
from handover.domain.board import PATTERN_MARK
from handover.domain.enums import Role
from handover.domain.errors import InvalidInput, StorageError
from handover.domain.patterns import Patterns, YoungPersonFigures

FORMATS = ("md", "html")
CONFIDENTIAL = "Confidential: contains information about children; shred after use"
#: Said once under the title: what these figures are for.
PURPOSE = "For reflection and supervision, never a league table: no adult is ranked, scored or counted across the home."

_ROLE = {Role.STAFF: "staff", Role.SHIFT_LEAD: "shift lead", Role.MANAGER: "manager"}


@dataclass(frozen=True)
class YoungPersonLine:
    """One young person's row of the report."""

    name: str
    mark: str
    open_now: int
    ruptures: int
    per_week: str
    """Ruptures per week, oldest first: "0 2 0 1 ..."."""
    share: str
    median: str
    attempts: str
    kinds: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class PairLine:
    prompt: str
    dates: str


@dataclass(frozen=True)
class Row:
    """A line of a table with a label and a value for this period and the one before."""

    label: str
    this: str
    before: str


@dataclass(frozen=True)
class ReportWords:
    """Everything the report says, as text (and numbers), for both templates."""

    home: str
    confidential: str
    purpose: str
    period: str
    written: str
    window: str
    this_label: str
    before_label: str
    home_rows: tuple[Row, ...]
    weeks: tuple[str, ...]
    week_rows: tuple[tuple[str, int, int], ...]
    ruptures_per_week: tuple[int, ...]
    repairs_per_week: tuple[int, ...]
    restraints: str
    clocks: tuple[tuple[str, str], ...]
    young_people: tuple[YoungPersonLine, ...]
    framing: str
    visibility: str
    pairs: tuple[PairLine, ...]
    no_pairs: str
    rules: str


def _date(at: datetime, tz: tzinfo) -> str:
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b} {local:%Y}"


def _young_person(y: YoungPersonFigures, name: Callable[[str], str]) -> YoungPersonLine:
    return YoungPersonLine(
        name=name(y.young_person.name) + ("" if y.young_person.active else " (left)"),
        mark=PATTERN_MARK if y.pattern else "",
        open_now=y.open_now,
        ruptures=y.figures.ruptures,
        per_week=" ".join(str(n) for n in y.per_week),
        share=words.share_words(y.figures),
        median=words.median_words(y.figures),
        attempts=words.attempts_words(y.figures),
        kinds=words.kinds_words(y.kinds),
        counts=y.per_week,
    )


def report_words(found: Patterns, tz: tzinfo, name: Callable[[str], str] = str) -> ReportWords:
    """The report of `found`, times in the home's zone `tz`; `name` writes each person's name (in full by
    default, or as initials)."""
    period, home, rules = found.period, found.home, found.rules
    count = len(period.weeks)
    last_day = min(period.now, period.end - timedelta(microseconds=1))
    window = words.window_words(rules)
    viewer = found.viewer
    who = f"{name(viewer.name)} ({_ROLE[viewer.role]})" if viewer is not None else "nobody signed in"
    now = period.now.astimezone(tz)
    this, before = home.this, home.before
    if found.sees_all:
        visibility = "Every relationship worth a conversation is listed (a shift lead's or manager's view)."
    elif viewer is None:
        visibility = words.NOBODY_SIGNED_IN
    else:
        visibility = words.OWN_PAIRS_ONLY
    week_labels = tuple(words.week_words(w) for w in period.weeks)
    return ReportWords(
        home=found.home_name,
        confidential=CONFIDENTIAL,
        purpose=PURPOSE,
        period=(
            f"{count} weeks, from {_date(period.start, tz)} to {_date(last_day, tz)} "
            "(weeks from Monday; the last is the week so far)"
        ),
        written=f"Written {_date(period.now, tz)} at {now:%H:%M} for {who}",
        window=window,
        this_label=f"Last {count} weeks",
        before_label=f"The {count} weeks before",
        home_rows=(
            Row("Ruptures", str(this.ruptures), str(before.ruptures)),
            Row(f"Repaired within {window}", words.share_words(this), words.share_words(before)),
            Row("Median time to repair", words.median_words(this), words.median_words(before)),
            Row("Attempts per repair", words.attempts_words(this), words.attempts_words(before)),
        ),
        weeks=week_labels,
        week_rows=tuple(zip(week_labels, home.ruptures_per_week, home.repairs_per_week, strict=True)),
        ruptures_per_week=home.ruptures_per_week,
        repairs_per_week=home.repairs_per_week,
        restraints=f"Restraints in the last {count} weeks: {home.restraints}.",
        clocks=tuple((f"{c.clock.label} ({c.clock.limit_label})", words.clock_words(c)) for c in home.clocks),
        young_people=tuple(_young_person(y, name) for y in found.young_people),
        framing=words.FRAMING,
        visibility=visibility,
        pairs=tuple(
            PairLine(p.prompt, p.dates)
            for p in (
                words.pair_words(pair, name(pair.young_person.name), name(pair.adult.name), tz) for pair in found.pairs
            )
        ),
        no_pairs="None for you to see." if not found.sees_all else "None: no relationship is worth a conversation.",
        rules=(
            f"Worth a conversation: {rules.repeats} or more ruptures between one young person and one adult within "
            f"{rules.within.days} days, or {rules.unrepaired} or more unrepaired now. Repaired within the window: "
            f"within {window} (the home's overdue time), of the ruptures whose window has run out or that were "
            "repaired. Ruptures ended as recorded in error are left out. docs/PATTERNS.md explains every figure."
        ),
    )


def render_report(found: Patterns, fmt: str, *, tz: tzinfo, name: Callable[[str], str] = str) -> str:
    """The report as "md" or "html"."""
    if fmt not in FORMATS:
        raise InvalidInput(f"There is no report format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    report = report_words(found, tz, name)
    from handover.render.templates import render

    context: dict[str, Any] = {"r": report}
    if fmt == "html":
        from handover.render import charts

        context["weekly_chart"] = charts.weekly_chart(report.weeks, report.ruptures_per_week, report.repairs_per_week)
        # A chart's label names no one: the young person's name is in the table row beside it.
        context["charts"] = [
            charts.week_columns(report.weeks, y.counts, "Ruptures per week, oldest first") for y in report.young_people
        ]
    return render(f"report.{fmt}", **context)


def write_report(path: Path | str, text: str) -> Path:
    """Write the report to a new file at `path`, readable and writable by its owner only (0600) from its first
    byte; an existing file is never replaced (a record about children is never written over). Returns the
    absolute path written."""
    from db.files import write_private_atomic

    target = Path(path).expanduser().absolute()
    if target.exists():
        raise StorageError(f"{target} already exists. Nothing was written: choose another --out.")
    # The one writer of documents: whole or not at all (a full disk leaves nothing behind), never over a file.
    return write_private_atomic(target, text, replace=False, what="the report")
