"""The `handover` console script (and `python -m handover`): hold the garbage collector, have dataclasses
compile through the cache, then run the command.

Both come before anything else is imported: the board's start runs without the collector (see
handover/collector.py), and every dataclass made on the way, Textual's and the domain's, is made from code
compiled by an earlier start (handover/dataclass_cache.py). The command line itself is handover/cli.py.
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
