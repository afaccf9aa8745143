"""`handover report`: the patterns over weeks on paper, for a manager's monthly review, a reg 44 visit or an
inspection (the patterns screen's three parts: handover/report.py words and renders them).

Registered lazily on the main `handover` group (handover/cli.py's LAZY_COMMANDS). The person named by --by is
signed in first (their PIN from HANDOVER_PIN, else asked at a terminal) and the report shows what they may
see: a staff member's, the relationships they are part of; a shift lead's or manager's, all of them. Every
report is recorded in the audit (who, when, which file) before it is written or printed.
"""

from __future__ import annotations

from pathlib import Path

import click

from handover.cli_support import _context, by_option, db_option, plain_errors, signed_in
from handover.domain.weeks import WEEKS

#: The formats, as `handover.report.FORMATS` has them (repeated here so `--help` imports nothing heavy).
FORMATS = ("md", "html")
#: Five years: as far back as a report can look.
MOST_WEEKS = 260


@click.command()
@db_option
@click.option(
    "--weeks",
    type=click.IntRange(1, MOST_WEEKS),
    default=WEEKS,
    show_default=True,
    help="How many weeks: the week so far and the whole weeks before it (compared with as many before those).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Markdown (the figures as tables) or HTML (prints on A4, with charts). Default: html for an --out "
    "ending .html, else md.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write it to this new file (owner-only).")
@by_option(
    "Who it is for, signed in: it shows what they may see (staff: the relationships they are part of; shift "
    "leads and managers: all of them)."
)
@plain_errors
def report(db: Path | None, weeks: int, fmt: str | None, out: Path | None, by: str) -> None:
    """The patterns over weeks: each young person, relationships worth a conversation, the whole home."""
    from db import audit
    from handover.report import render_report, write_report

    chosen = fmt or ("html" if out is not None and out.suffix.lower() in (".html", ".htm") else "md")
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        text = render_report(ctx.service.patterns(actor, weeks=weeks), chosen, tz=ctx.tz)
        target = out.expanduser().absolute() if out is not None else None
        if target is not None and target.exists():
            raise click.ClickException(f"{target} already exists. Nothing was written: choose another --out.")
        if target is not None:  # never the database or its -wal/-shm/-journal, even one not there yet
            from db.files import check_output_path

            check_output_path(target, refuse=[ctx.path], replace=False, what="the report")
        # Recorded before the file is written or printed: a report that half-happened is in the audit.
        detail = {"format": chosen, "weeks": weeks, "file": str(target) if target else "(printed)"}
        audit.record(ctx.store, ctx.clock.now(), actor.id, "report", detail=detail)
    if target is None:
        click.echo(text, nl=False)
        return
    written = write_report(target, text)
    click.echo(f"Patterns report ({weeks} weeks, {chosen}) written to {written} (readable by you only).")
