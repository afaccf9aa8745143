"""Use cases: each takes the acting staff member, validates through the domain, and writes ONE transaction.

The CLI and every screen go through `Service`, so the rules hold whichever door a change comes in by; the
screens read through it too (reads.py), so no screen touches storage. Use cases are grouped by subject, one
module each, and combined here. `Service.open(path, clock, tz)` opens one with a connection of its own;
database.py holds what is asked of the file as a whole (the start-up look, the first run, the day's backup).
"""

from __future__ import annotations

from handover.service.access import AccessCases
from handover.service.handover import HandoverCases
from handover.service.patterns import PatternCases
from handover.service.people import PeopleCases
from handover.service.reads import ReadCases
from handover.service.ruptures import UNOWNED, RuptureCases
from handover.service.settings import SettingsCases


class Service(PeopleCases, RuptureCases, HandoverCases, AccessCases, ReadCases, PatternCases, SettingsCases):
    """All of the home's use cases and reads over one Store."""


__all__ = ["UNOWNED", "Service"]
