"""Finding a person from what someone typed: full name, a unique start of it, or initials.

Unknown names are refused by name with the closest match offered ("did you mean Jordan Mills?").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from handover.domain.errors import InvalidInput, NotFound


class Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def active(self) -> bool: ...


T = TypeVar("T", bound=Named)


def initials(name: str) -> str:
    """'Jordan Mills' -> 'JM'."""
    return "".join(word[0] for word in name.split() if word).upper()


#: Shows a text with people's names written as their initials (see `initials_mask`).
NameMask = Callable[[str], str]

HIDDEN_TEXT = "(hidden: initials only)"
"""What free text about a young person (what happened, a plan, a note) shows as while initials only is on."""
HIDDEN_CELL = "(hidden)"
"""The same in a table cell, where the longer words would not fit."""


@lru_cache(maxsize=8)
def initials_mask(names: tuple[str, ...]) -> NameMask:
    """A function that writes every one of `names` in a text as initials, for a screen others can see:
    "Sam Kell, Dev Okafor" -> "SK, DO"; "I shouted at Jordan at tea" -> "I shouted at JM at tea".

    A full name matches in any case. A first or last name alone matches only as written (capitalised), so
    "Will" the person is hidden but "I will talk to him" is left alone; a first or last name that several
    people share becomes its first letter and a dot ("Sam" for Sam Kell and Sam Osei -> "S."). Cached by the
    names, so a board re-rendering every minute builds it once."""
    full: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if not words:
            continue
        short = initials(name)
        if len(words) > 1:
            full[" ".join(words).casefold()] = short
        for word in {words[0], words[-1]}:
            parts.setdefault(word, set()).add(short)
    part_short = {
        word: next(iter(shorts)) if len(shorts) == 1 else f"{word[0].upper()}." for word, shorts in parts.items()
    }

    def alternation(texts: list[str]) -> str:
        # Longest first, so "Sam Kelligan" wins over "Sam Kell"; whole words only.
        ordered = sorted(texts, key=len, reverse=True)
        return r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, t.split())) for t in ordered) + r")(?!\w)"

    full_re = re.compile(alternation(list(full)), re.IGNORECASE) if full else None
    part_re = re.compile(alternation(list(part_short))) if part_short else None

    def mask(text: str) -> str:
        if full_re is not None:
            text = full_re.sub(lambda m: full[" ".join(m.group(0).split()).casefold()], text)
        if part_re is not None:
            text = part_re.sub(lambda m: part_short[m.group(0)], text)
        return text

    return mask


@lru_cache(maxsize=8)
def initials_mask_when_used(names: tuple[str, ...]) -> NameMask:
    """`initials_mask(names)`, built the first time it is used rather than now: the board keeps its home's
    mask ready on every read, but with initials only off nothing uses it, and building it (two regular
    expressions over every name) cost about 3 ms of the board's first frame. Cached by the names, like the
    mask itself, so a widget handed it on every read sees the same function and does not redraw."""

    def mask(text: str) -> str:
        return initials_mask(names)(text)

    return mask


def matches(query: str, name: str) -> bool:
    """True when `query` could mean `name`: a start of the name or of any word in it, or its initials."""
    q = " ".join(query.split()).casefold()
    if not q:
        return True
    folded = name.casefold()
    if folded.startswith(q) or any(word.startswith(q) for word in folded.split()):
        return True
    return " " not in q and q.upper() == initials(name)


def resolve(query: str, people: Sequence[T], what: str) -> T:
    """The one current person `query` names, or a plain-words error saying why not."""
    typed = " ".join((query or "").split())
    if not typed:
        raise InvalidInput(f"No {what} given. Type their name.", field=what)
    current = [p for p in people if p.active]
    exact = [p for p in current if p.name.casefold() == typed.casefold()]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [p for p in current if matches(typed, p.name)]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        listed = ", ".join(sorted(p.name for p in candidates)[:6])
        raise InvalidInput(f"'{typed}' could be more than one {what}: {listed}. Type more of the name.", field=what)
    left = [p for p in people if not p.active and p.name.casefold() == typed.casefold()]
    left = left or [p for p in people if not p.active and matches(typed, p.name)]
    if left:
        raise NotFound(f"{left[0].name} has left the home, so cannot be chosen for something new.")
    raise NotFound(f"No {what} called '{typed}'{_suggest(typed, current)}")


def _suggest(typed: str, people: Sequence[Named]) -> str:
    names = [p.name for p in people]
    # Compare against first names too: people type "Jordon" meaning "Jordan Mills".
    firsts = {p.name.split()[0].casefold(): p.name for p in people if p.name.split()}
    close = difflib.get_close_matches(typed.casefold(), [n.casefold() for n in names], n=1, cutoff=0.6)
    if close:
        best = next(n for n in names if n.casefold() == close[0])
        return f" - did you mean {best}?"
    close = difflib.get_close_matches(typed.casefold(), list(firsts), n=1, cutoff=0.6)
    if close:
        return f" - did you mean {firsts[close[0]]}?"
    return ". Check the spelling, or add them first (m on the board, or `handover people add`)."
