"""`RowMemo`: the rows of one query made into models once, and given back as the same objects while they
stay exactly as they were stored.

The board reads every open rupture after every commit anywhere. With 1,000 open, making each row a model
again (times parsed, enums looked up, the model validated) was half of that read, though a commit changes
one or two rows. A memo keeps, for one query on one connection, the object each row became, keyed by the
row exactly as SQLite returned it (every column, in order), and only the rows it has not seen are made
again. A row that differs in any column is a different key, so nothing stale can come back; the memo keeps
only the rows of the last read, so it never holds more than one result's worth. The models it gives are
frozen, so sharing one object between reads is safe, and downstream caches keyed by identity (the board's
cells) find them unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RowMemo(Generic[T]):
    """Rows of one query, made into `T` by `convert` (from the row as a dict), each row once."""

    def __init__(self, convert: Callable[[dict[str, Any]], T]) -> None:
        self._convert = convert
        self._names: tuple[str, ...] = ()
        self._made: dict[tuple[Any, ...], T] = {}

    def __call__(self, names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> list[T]:
        """The rows (tuples of column values, in the order of `names`) as models, in order."""
        names = tuple(names)
        before = self._made if names == self._names else {}
        made: dict[tuple[Any, ...], T] = {}
        out: list[T] = []
        convert = self._convert
        for row in rows:
            model = before.get(row)
            if model is None:
                model = made.get(row)
            if model is None:
                model = convert(dict(zip(names, row, strict=True)))
            made[row] = model
            out.append(model)
        self._names, self._made = names, made
        return out
