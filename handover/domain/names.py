"""Finding a person from what someone typed: full name, a unique start of it, or initials.

Unknown names are refused by name with the closest match offered ("did you mean Jordan Mills?").
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
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
    return ". Check the spelling, or add them first with `handover people add`."
