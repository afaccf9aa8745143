"""`shown`: whatever a screen is about to show, with every control character in every string neutralised.

The screens are fed by two doors only: the watch loops' reads (screens/watching.py) and `app.perform` (one-off
reads and writes). Both pass their result through `shown` on the worker thread, so no screen, cell, toast or
dialog can put a stored escape sequence on the terminal, whichever widget draws it. The file is never
changed by this: it works on the copies read for display, and the record keeps exactly what was written
(a step writes from the stored row, never from what a screen showed).

It walks strings, lists, tuples, sets, dicts, dataclasses and pydantic models, and returns the very same
object when nothing in it needed changing (the usual case: input refuses control characters), so a clean
snapshot costs a walk and no copies.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from pathlib import PurePath
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from handover.render.text import neutralise

T = TypeVar("T")

#: Types that hold no user text: passed through without a look (the usual fields of a row, checked first).
_PLAIN = (int, float, bool, bytes, type(None), Enum, datetime, date, time, timedelta, tzinfo, PurePath)


def shown(value: T) -> T:
    """`value` with control characters neutralised in every string it holds (the same object if none had)."""
    return cast(T, _walk(value))


def _walk(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, str):
        safe = neutralise(value)
        return value if safe == value else safe  # the same object when clean: nothing above it is copied
    if isinstance(value, list | tuple | set | frozenset):
        items = [_walk(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
            return type(value)(*items)
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(_walk(k), _walk(v)) for k, v in value.items()]
        if all(a is k and b is v for (a, b), (k, v) in zip(pairs, value.items(), strict=True)):
            return value
        return type(value)(pairs)
    if isinstance(value, BaseModel):
        changed = {k: w for k, v in value.__dict__.items() if (w := _walk(v)) is not v}
        return value.model_copy(update=changed) if changed else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {
            f.name: w
            for f in dataclasses.fields(value)
            if f.init and (w := _walk(v := getattr(value, f.name))) is not v
        }
        return dataclasses.replace(value, **changed) if changed else value
    return value  # datetimes, zones, paths and the like: no user text
