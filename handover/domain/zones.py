"""The home's time zone: an IANA name such as Europe/London, never a fixed offset.

Times are stored in UTC and shown in the home's zone. A zone with a name knows when its clocks change, so a
summer time shown in winter still gets its summer offset; a fixed offset ("GMT", or today's offset of this PC)
would put half the year an hour out.
"""

from __future__ import annotations

import difflib
import re
from datetime import UTC, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from handover.domain.errors import InvalidInput

#: The zone a home falls back to when nothing better can be named (it has no clock changes to get wrong).
FALLBACK = "UTC"

#: Names in the IANA list that are fixed offsets (or old abbreviations of one). A home in London set to "GMT"
#: would show every summer time an hour out, so these are refused; UTC itself stays allowed.
_FIXED = re.compile(r"^(Etc/)?(GMT([+-]?\d{1,2})?|GMT0|Greenwich|EST|MST|HST)$")


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    """Every IANA zone name this PC knows, by its case-folded spelling (read once: it walks the tz files)."""
    return {name.casefold(): name for name in available_timezones()}


def zone_named(name: str, source: str = "The time zone") -> ZoneInfo:
    """The zone called `name` (any capitals, spaces for underscores), refusing anything else in one plain line
    that starts with `source` (e.g. "--timezone") and names a close match where there is one."""
    text = " ".join((name or "").split())
    if not text:
        raise InvalidInput(f"{source} is empty. Give a time zone name, like Europe/London.", field="timezone")
    known = _known()
    canonical = known.get(text.replace(" ", "_").casefold())
    if canonical is None:
        guess = close_match(text)
        hint = f" Did you mean {guess}?" if guess else " Use a name from the IANA list, like Europe/London."
        raise InvalidInput(f"{source} '{text}' is not a time zone name.{hint}", field="timezone")
    if _FIXED.match(canonical):
        raise InvalidInput(
            f"{source} '{canonical}' is a fixed offset that never changes for summer time, so times would be "
            "wrong whenever the clocks change. Name the home's place instead, like Europe/London.",
            field="timezone",
        )
    return ZoneInfo(canonical)


def close_match(text: str) -> str | None:
    """The zone name `text` most likely meant: the same place in any region ("London" -> Europe/London), else
    the nearest spelling ("Europe/Lundon" -> Europe/London); None when nothing is close."""
    known = _known()
    key = text.replace(" ", "_").casefold()
    place = key.rsplit("/", 1)[-1]
    # Region/Place names first: "London" should find Europe/London before the old alias "GB".
    same_place = sorted(
        (n for k, n in known.items() if "/" in k and k.rsplit("/", 1)[-1] == place and not _FIXED.match(n)),
        key=lambda n: (n.startswith("Etc/"), n.count("/"), n),
    )
    if same_place:
        return same_place[0]
    usable = {k: n for k, n in known.items() if not _FIXED.match(n)}
    if near := difflib.get_close_matches(key, usable, n=1, cutoff=0.75):
        return usable[near[0]]
    # A misspelt place alone ("Londn"): the nearest place name, in its region.
    places = {k.rsplit("/", 1)[-1]: n for k, n in sorted(usable.items(), reverse=True) if "/" in k}
    near = difflib.get_close_matches(place, places, n=1, cutoff=0.8)
    return places[near[0]] if near else None


def zone_of(tz: tzinfo) -> ZoneInfo:
    """`tz` as a named zone: a ZoneInfo as it is, Python's UTC as the zone "UTC". Any other tzinfo is a fixed
    offset (or unnamed), which a home's time zone must never be."""
    if isinstance(tz, ZoneInfo):
        return tz
    if tz is UTC:
        return ZoneInfo(FALLBACK)
    raise ValueError(f"{tz!r} is not a named time zone; a home's time zone must be an IANA name like Europe/London")


def stored_zone(name: str) -> ZoneInfo:
    """The zone a database names (already checked when it was stored): quick, since it is read on every board
    refresh. Raises ValueError, in plain words, for a name this PC cannot load."""
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        raise ValueError(
            f"the home's time zone '{name}' is not a time zone this PC knows (is the tzdata package installed?)"
        ) from None
