"""Initials only: text as the board shows it, with people's names written as initials and its styles kept.

The mask itself (which names, how they become initials) is `handover.domain.names.initials_mask`; this
applies it to rich Text cells, so the table, the summary and the view line can all be masked after they are
built, whoever builds them.
"""

from __future__ import annotations

from rich.text import Text

from handover.domain.names import NameMask


def masked_text(text: Text, mask: NameMask) -> Text:
    """`text` with every name the mask knows written as initials, keeping each styled part's style.

    The text is cut at every style edge and each part masked on its own (a name sits inside one styled part
    in every cell the board makes). If a name did run across an edge, the whole text is masked plainly in its
    base style: losing a colour is better than showing a name."""
    plain = text.plain
    wanted = mask(plain)
    if wanted == plain:
        return text
    edges = sorted({edge for span in text.spans for edge in (span.start, span.end) if 0 < edge < len(plain)})
    result = Text(style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap, end=text.end)
    for part in text.divide(edges):
        shown = mask(part.plain)
        if shown != part.plain:
            masked = Text(shown)
            for span in part.spans:  # cut at every edge, so each span covers the whole part
                masked.stylize(span.style)
            part = masked
        result.append_text(part)
    if result.plain != wanted:
        return Text(wanted, style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap)
    return result


def masked_cells(cells: tuple[Text, ...], mask: NameMask) -> tuple[Text, ...]:
    """A table row with every cell masked (cells without a name come back as they were)."""
    return tuple(masked_text(cell, mask) for cell in cells)
