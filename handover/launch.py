"""The `handover` console script (and `python -m handover`): hold the garbage collector, then run the command.

The collector is held before anything is imported, so that the board's start runs without it (see
handover/collector.py); the command line itself is handover/cli.py.
"""

from __future__ import annotations

import sys

from handover import collector, dataclass_cache


def main() -> None:
    """Console-script entry point."""
    collector.hold()
    dataclass_cache.install()  # before the imports that make dataclasses (Textual's and the domain's)
    from handover.cli import cli  # after the hold: importing it (click and the domain) is the first work

    try:
        cli(prog_name="handover")
    except KeyboardInterrupt:
        sys.exit(130)
