"""Use cases: each takes the acting staff member, validates through the domain, and writes ONE transaction.

The CLI and every screen go through `Service`, so the rules hold whichever door a change comes in by.
Use cases are grouped by subject, one module each, and combined here.
"""

from __future__ import annotations

from handover.service.access import AccessCases
from handover.service.handover import HandoverCases
from handover.service.people import PeopleCases
from handover.service.ruptures import UNOWNED, RuptureCases


class Service(PeopleCases, RuptureCases, HandoverCases, AccessCases):
    """All of the home's use cases over one Store."""


__all__ = ["UNOWNED", "Service"]
