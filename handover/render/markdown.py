"""Markdown escaping: the one function every Markdown document uses for every value it did not write itself.

A name, a note or a reason typed at the board is text, never formatting: `*`, `_`, backticks, `|` (which
would split a table cell), `#`, `[link](x)`, `<tag>` and the rest are shown as typed. `escape_md` returns a
`Markdown` string, the only kind of value the Markdown templates accept (`handover.render.templates`), so a
value that skipped escaping fails loudly instead of reaching a document.
"""

from __future__ import annotations

import re

from handover.render.text import neutralise


class Markdown(str):
    """Text that is safe to put in a Markdown document as it is: escaped user text, or markup built from it."""


# Characters that start formatting anywhere in a line: escaped wherever they are.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~])")
# "&amp;" or "&#60;" would be read as the character they name: escape the "&" only where it starts one.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What starts a block only at the start of a line: a heading ("# "), a list item ("- ", "+ ", "3. "), a
# heading's underline ("="). Elsewhere in a line they are plain text, and stay unescaped so the file reads well.
_BULLET = re.compile(r"^([#\-+=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def _escape_line(line: str) -> str:
    line = _ENTITY.sub(r"\\&", _ANYWHERE.sub(r"\\\1", neutralise(line)))
    return _NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", line))


def escape_md(text: object, *, keep_lines: bool = False) -> Markdown:
    """`text` escaped for Markdown, so it reads exactly as typed.

    On one line by default (runs of spaces and line breaks become one space: right for a table cell, a
    heading or a list item's label). With `keep_lines`, its lines stay lines (hard line breaks; blank lines
    dropped, so the text stays inside the list item or quote it is written in)."""
    value = str(text).replace("\r\n", "\n")
    if not keep_lines:
        return Markdown(_escape_line(" ".join(value.split())))
    lines = [line.strip() for line in value.split("\n")]
    return Markdown("\\\n".join(_escape_line(line) for line in lines if line))
