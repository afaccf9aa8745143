"""Control characters in user text, neutralised at output.

Input refuses them (`domain.validation`), but a record outlives its input checks: a row written by another
tool, or restored from an old backup, may hold an escape sequence that would restyle a terminal, a carriage
return that overwrites a printed line, or a bidirectional override that makes a line read differently from
how it is stored. Each one is shown as a visible stand-in instead, so the words are never lost or disguised.
"""

from __future__ import annotations

import re

# C0 controls except tab and line feed, DEL, C1 controls, and the bidirectional embeddings, overrides and
# isolates (the characters of "Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␛ for escape, ␍ for carriage return
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # � for the rest, which have no picture


def has_control(text: str) -> bool:
    """Whether `neutralise` would change `text` (a search, cheaper than the substitution when it would not)."""
    return _UNSAFE.search(text) is not None


def neutralise(text: str) -> str:
    """`text` with every control character but tab and line feed replaced by a visible stand-in."""
    return _UNSAFE.sub(_stand_in, text)
