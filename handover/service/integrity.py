"""Is the record whole and unaltered? The board's start-up check, the full check, and the banner that says
what is off, for the app (which runs them after its first frame) and the CLI.

The checks themselves are db.integrity's. This module only knows what db must not: where this PC keeps its
anchor (`handover.config.state_dir()`) and where the home's backups are, so every caller holds the file to
the same anchors. Like service/database.py, these take a path: the file may be damaged, and each call opens
its own read-only connection, so it may run on whichever thread calls it.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from db import integrity
from db.integrity import CheckReport


def anchor_dir() -> Path:
    """This PC's state folder, where the anchor of each database it has checked is kept."""
    from handover.config import state_dir

    return state_dir()


def _backups(path: Path, backup_dir: Path | None) -> Path:
    from db.backup import folder_for

    return folder_for(path, backup_dir)


def startup_check(path: Path, tz: tzinfo, backup_dir: Path | None = None) -> CheckReport:
    """The check that costs the same however long the home has kept records: the newest entries of both
    chains, every open rupture replayed, people and settings replayed, the anchors. `backup_dir` is the
    configured backup folder (None: `backups` beside the database)."""
    return integrity.startup_check(Path(path), anchor_dir(), tz, backup_dir=_backups(path, backup_dir))


def full_check(path: Path, tz: tzinfo, backup_dir: Path | None = None) -> CheckReport:
    """Everything, every entry (a few seconds on five years of a large home): for after the first frame."""
    return integrity.check(Path(path), tz, anchor_dir=anchor_dir(), backup_dir=_backups(path, backup_dir))


def banner(report: CheckReport) -> str:
    """What the board says when a check finds something off: what, that the board changed nothing, who to
    tell and what they can do. Plain text (it holds names and words people typed: never markup)."""
    more = len(report.problems) - 1
    also = f" ({more} more thing{'s' if more != 1 else ''} found: `handover check` lists them.)" if more else ""
    return (
        f"The record has been changed outside the board. {report.problems[0]}{also} The board did not do this, "
        "and has changed nothing. Tell the registered manager: `handover check` says everything that is off and "
        "which backup is the last good one to restore."
    )
