"""Which of a table's columns to show, and how wide, for the width there is and the cells there are. Pure.

`plan_columns(width, rules, needs)` is given the width the table has, each column's rule (how narrow it may
go, how wide it is comfortable, whether and when it may drop out, whether it takes what is left) and what its
cells need now (the widest cell, and the narrowest the cells can go and still say something). It answers
which columns to show and each one's width, so that the table fits without scrolling sideways whenever the
columns that must stay can fit at all.

How the width is shared, step by step:

1. Optional columns (`optional=True`, lowest `drop` first) drop out while the shown columns cannot all have
   their comfortable width (`comfortable`, or their widest cell if narrower).
2. Other droppable columns (a `drop` rank, not optional) drop out, lowest rank first, only while the shown
   columns cannot all have their floor: the narrowest each may be squeezed to.
3. Every shown column starts at its floor. The room left goes, in turn: to every column up to its
   comfortable width, a cell at a time to whichever has grown least, so the flexible column (`flex`, the one
   that takes what is left) and the others grow side by side; then to the others up to their widest cell,
   a cell at a time to the narrowest, so they even out; and all the rest to the flexible one.

The widths are content widths: DataTable adds `padding` cells either side of every column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnRule:
    """How one column may be sized. Widths are in terminal cells, padding not included."""

    key: str
    floor: int = 0
    """The narrowest the column may be squeezed to (0: never narrower than its widest cell). A cell's own
    floor (`Need.floor`) raises it, so a column can keep, say, every owner's first name."""
    comfortable: int = 0
    """Wide enough to read at a glance; wider only when the room is there (0: its widest cell)."""
    drop: int | None = None
    """May drop out when there is not room for it, lowest rank first; None: always shown."""
    optional: bool = False
    """Drops out as soon as the columns cannot all be comfortable, rather than only when they cannot all fit
    at their floors."""
    flex: bool = False
    """Takes the width left over (one column of the table)."""


@dataclass(frozen=True)
class Need:
    """What a column's cells need at the moment."""

    natural: int
    """The widest cell, the heading included."""
    floor: int = 0
    """The narrowest the cells can go and still say what they must (e.g. the longest first name)."""


@dataclass(frozen=True)
class Planned:
    """A column to show, and its content width."""

    key: str
    width: int


def plan_columns(
    width: int, rules: Sequence[ColumnRule], needs: Mapping[str, Need], padding: int = 1
) -> tuple[Planned, ...]:
    """The columns to show, in `rules`' order, with their widths: see the module docstring for the steps.
    `needs` gives each column's `Need` (a column missing from it needs nothing but its floor)."""
    pad = 2 * padding
    natural = {r.key: needs[r.key].natural if r.key in needs else 0 for r in rules}
    floor = {r.key: _floor(r, needs.get(r.key), natural[r.key]) for r in rules}
    comfortable = {r.key: max(floor[r.key], min(natural[r.key], r.comfortable or natural[r.key])) for r in rules}
    flex_key = next((r.key for r in rules if r.flex), None)
    if flex_key is not None:
        # The flexible column takes what is left in the end: its comfortable width is a share it is owed first.
        flex_rule = next(r for r in rules if r.key == flex_key)
        comfortable[flex_key] = max(floor[flex_key], flex_rule.comfortable)

    shown = list(rules)

    def total(widths: Mapping[str, int]) -> int:
        return sum(widths[r.key] + pad for r in shown)

    _drop_while(shown, lambda: total(comfortable) > width, optional_only=True)
    _drop_while(shown, lambda: total(floor) > width, optional_only=False)

    widths = {r.key: floor[r.key] for r in shown}
    room = width - total(widths)
    others = [r.key for r in shown if r.key != flex_key]
    flexible = [flex_key] if flex_key is not None and flex_key in widths else []
    floors = dict(widths)
    room = _grow(widths, [*others, *flexible], comfortable, room, since=floors)
    room = _grow(widths, others, natural, room)
    if flexible and room > 0:
        widths[flexible[0]] += room
    return tuple(Planned(r.key, widths[r.key]) for r in shown)


def _floor(rule: ColumnRule, need: Need | None, natural: int) -> int:
    """The narrowest `rule`'s column may go: its rule's floor or its cells' own, never wider than its widest
    cell (a column is never made wider than its cells by its floor)."""
    if not rule.floor and not rule.flex:
        return natural
    wanted = max(rule.floor, need.floor if need is not None else 0)
    return wanted if rule.flex else min(natural, wanted)


def _drop_while(shown: list[ColumnRule], crowded: Callable[[], bool], *, optional_only: bool) -> None:
    """Drop columns, lowest `drop` rank first, while `crowded()` is true and one may still go."""
    while crowded():
        candidates = [r for r in shown if r.drop is not None and (r.optional or not optional_only)]
        if not candidates:
            return
        shown.remove(min(candidates, key=lambda r: r.drop if r.drop is not None else 0))


def _grow(
    widths: dict[str, int],
    keys: Sequence[str],
    targets: Mapping[str, int],
    room: int,
    since: Mapping[str, int] | None = None,
) -> int:
    """Widen the `keys` columns toward their `targets`, one cell at a time to whichever is narrowest (the
    earlier on a tie), so they even out; return the room left. With `since`, "narrowest" is the one widened
    least since those widths, so a wide column and a narrow one grow side by side."""
    while room > 0:
        below = [key for key in keys if widths[key] < targets[key]]
        if not below:
            break
        narrowest = min(below, key=lambda key: widths[key] - (since[key] if since is not None else 0))
        widths[narrowest] += 1
        room -= 1
    return room
