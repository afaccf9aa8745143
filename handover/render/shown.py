"""`shown`: whatever a screen is about to show, with every control character in every string neutralised.

The screens are fed by two doors only: the watch loops' reads (screens/watching.py) and `app.perform` (one-off
reads and writes). Both pass their result through `shown` on the worker thread, so no screen, cell, toast or
dialog can put a stored escape sequence on the terminal, whichever widget draws it. The file is never
changed by this: it works on the copies read for display, and the record keeps exactly what was written
(a step writes from the stored row, never from what a screen showed).

It walks strings, lists, tuples, sets, dicts and dataclasses (every model is one), and returns the very same
object when nothing in it needed changing (the usual case: input refuses control characters), so a clean
snapshot costs a walk and no copies.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from pathlib import PurePath
from typing import Any, TypeVar, cast

from handover.render.text import has_control, neutralise

T = TypeVar("T")

#: Types that hold no user text: passed through without a look (the usual fields of a row, checked first).
_PLAIN = (int, float, bool, bytes, type(None), Enum, datetime, date, time, timedelta, tzinfo, PurePath)

# What each type is, worked out once per type (a snapshot of 1,000 open ruptures holds some 20,000 values of a
# dozen types, walked after every commit anywhere: the isinstance chain per value was most of the walk).
_SKIP, _STR, _SEQUENCE, _DICT, _FROZEN, _DATACLASS = range(6)
_KINDS: dict[type, int] = {}
#: Each dataclass's fields that its constructor takes, by type (what `dataclasses.replace` can set).
_FIELDS: dict[type, tuple[str, ...]] = {}

# Frozen dataclasses (the models) already walked and found clean, by identity (each held, so its id cannot be
# reused while it is here). The store gives back the same model for a row that has not changed
# (db/row_memo.py), so after a commit only the rows it touched are walked again. Cleared when full: a cache,
# never the truth.
_CLEAN: dict[int, object] = {}
_CLEAN_LIMIT = 20_000


def _kind_of(kind: type) -> int:
    if issubclass(kind, _PLAIN):
        found = _SKIP
    elif issubclass(kind, str):
        found = _STR
    elif issubclass(kind, list | tuple | set | frozenset):
        found = _SEQUENCE
    elif issubclass(kind, dict):
        found = _DICT
    elif dataclasses.is_dataclass(kind):
        found = _FROZEN if kind.__dataclass_params__.frozen else _DATACLASS  # type: ignore[attr-defined]
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.init)
    else:
        found = _SKIP  # zones, paths and the like: no user text
    _KINDS[kind] = found
    return found


def shown(value: T) -> T:
    """`value` with control characters neutralised in every string it holds (the same object if none had)."""
    return cast(T, _walk(value))


def _walk(value: Any) -> Any:
    kind = _KINDS.get(type(value))
    if kind is None:
        kind = _kind_of(type(value))
    if kind == _SKIP:
        return value
    if kind == _STR:
        # The same object when clean: nothing above it is copied.
        return neutralise(value) if has_control(value) else value
    if kind == _SEQUENCE:
        items = [_walk(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
            return type(value)(*items)
        return type(value)(items)
    if kind == _DICT:
        pairs = [(_walk(k), _walk(v)) for k, v in value.items()]
        if all(a is k and b is v for (a, b), (k, v) in zip(pairs, value.items(), strict=True)):
            return value
        return type(value)(pairs)
    if kind == _FROZEN:
        if _CLEAN.get(id(value)) is value:
            return value
        changed = _changed(value)
        if changed:
            return dataclasses.replace(value, **changed)
        if len(_CLEAN) >= _CLEAN_LIMIT:
            _CLEAN.clear()
        _CLEAN[id(value)] = value
        return value
    # A dataclass instance that is not frozen (a dataclass type itself is a `type`, passed over above).
    changed = _changed(value)
    return dataclasses.replace(value, **changed) if changed else value


def _changed(value: Any) -> dict[str, Any]:
    """The fields of a dataclass instance whose values needed neutralising, with their neutralised values."""
    return {name: w for name in _FIELDS[type(value)] if (w := _walk(v := getattr(value, name))) is not v}
