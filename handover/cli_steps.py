"""`handover plan`, `attempt`, `end`, `reopen` and `amend`: the steps the board's forms take on a rupture, for a
second terminal or a script. Imported only when one of them runs (LAZY_COMMANDS in handover/cli.py).

Each command calls the Service method its form calls (screens/forms/plan.py, attempt.py, end.py, reopen.py,
amend.py), with the same arguments, so every rule holds whichever door a step comes in by: who may take it,
whether the rupture's status allows it, the text checks, and the version guard (--expect-version N, the
version `handover list --json` showed, refuses a write over a change the script has not seen).

Times (--when, --again) are read as `log --at` reads them (context.parse_when): "20:30" is today's 20:30, so
a deadline for tomorrow is written "YYYY-MM-DD 09:30". A deadline already passed is kept, as the board keeps
one, with a warning on stderr.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handover.cli_support import (
    RUPTURE_ID,
    _context,
    by_option,
    db_option,
    expect_version_option,
    plain_errors,
    signed_in,
)
from handover.domain.amendable import CORRECTABLE, WHAT_HAPPENED, by_word, field_words, text_key
from handover.domain.enums import EndReason, EventKind
from handover.domain.when import AHEAD_EXAMPLES, read_ahead

if TYPE_CHECKING:  # the context opens the database: imported when a command runs, by cli._context
    from handover.context import Context
    from handover.domain.models import Event


def _ahead(ctx: Context, text: str | None) -> datetime | None:
    """A time someone means to act by (None when not given), read as the board's forms read it: a bare
    "09:30" is the next 09:30, "tomorrow 9:30" and "in 2h" read as said."""
    return read_ahead(text, ctx.clock.now(), ctx.tz) if text else None


def _said(ctx: Context, at: datetime) -> str:
    """ "Sat 28 Nov 16:00" in the home's zone, the day named so a surprise shows."""
    return f"{at.astimezone(ctx.tz):%a %d %b %H:%M}"


def _warn_if_passed(ctx: Context, at: datetime | None) -> None:
    # Kept, as the board keeps it (the plan then shows as lapsed), but "09:30" typed at 20:00 was most
    # likely meant for tomorrow: say how to write that.
    if at is not None and at < ctx.clock.now():
        click.echo(
            f"Warning: {_said(ctx, at)} has already passed. For another day give the date too, "
            f"like '{ctx.clock.now().astimezone(ctx.tz) + timedelta(days=1):%Y-%m-%d} 09:30' for tomorrow.",
            err=True,
        )


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option(
    "--what",
    required=True,
    metavar="TEXT",
    help="What you will do: when you will go to them, and what you will name, your part included.",
)
@click.option("--when", metavar="WHEN", help=f"By when: {AHEAD_EXAMPLES}. Leave it out for no deadline.")
@by_option("Who is planning it: the repair's owner.")
@expect_version_option
@plain_errors
def plan(db: Path | None, rupture_id: int, what: str, when: str | None, by: str, expected_version: int | None) -> None:
    """Note what the owner will do to start the repair of rupture ID, and by when."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        by_when = _ahead(ctx, when)
        rupture = ctx.service.plan(actor, rupture_id, what, by_when, expected_version=expected_version)
        _warn_if_passed(ctx, by_when)
        deadline = f", by {_said(ctx, by_when)}" if by_when else ""
        click.echo(f"Rupture #{rupture.id}: plan saved{deadline}.")


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option(
    "--what",
    required=True,
    metavar="TEXT",
    help="What you did and what they said or did, as facts ('I went to her room at 16:00; she said she was not "
    "ready').",
)
@click.option("--again", metavar="WHEN", help=f"When to try again: {AHEAD_EXAMPLES}.")
@by_option("Who tried: the repair's owner.")
@expect_version_option
@plain_errors
def attempt(
    db: Path | None, rupture_id: int, what: str, again: str | None, by: str, expected_version: int | None
) -> None:
    """Record that you tried to repair rupture ID and the young person was not ready. Going to them counts."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        next_try = _ahead(ctx, again)
        rupture = ctx.service.attempt(actor, rupture_id, what, next_try, expected_version=expected_version)
        _warn_if_passed(ctx, next_try)
        retry = f" Try again: {_said(ctx, next_try)}." if next_try else ""
        click.echo(f"Rupture #{rupture.id}: attempt recorded.{retry}")


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option(
    "--reason",
    required=True,
    type=click.Choice([r.value for r in EndReason]),
    help="Why it will not be repaired: " + "; ".join(f"{r.value}: {r.label}" for r in EndReason) + ".",
)
@click.option("--note", default="", metavar="TEXT", help="What the record should say; needed for --reason other.")
@by_option("Who is ending it (a shift lead or manager).")
@expect_version_option
@plain_errors
def end(db: Path | None, rupture_id: int, reason: str, note: str, by: str, expected_version: int | None) -> None:
    """End rupture ID without a repair, for a stated reason. It leaves the board and stays in the record."""
    why = EndReason(reason)
    if why is EndReason.OTHER and not note.strip():
        raise click.UsageError("--reason other needs --note TEXT: say why it will not be repaired.")
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        rupture = ctx.service.end_without_repair(actor, rupture_id, why, note, expected_version=expected_version)
        click.echo(f"Rupture #{rupture.id} ended without repair ({why.label}). It stays in the record.")


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option(
    "--reason",
    required=True,
    metavar="TEXT",
    help="Why the repair did not hold, as facts ('At tea they said they are still upset about Tuesday').",
)
@by_option("Who is reopening it (a shift lead or manager).")
@expect_version_option
@plain_errors
def reopen(db: Path | None, rupture_id: int, reason: str, by: str, expected_version: int | None) -> None:
    """Put rupture ID, repaired or ended, back on the board: the repair did not hold. The reason is kept."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        rupture = ctx.service.reopen(actor, rupture_id, reason, expected_version=expected_version)
        click.echo(f"Rupture #{rupture.id} reopened: it is back on the board.")


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option(
    "--field",
    type=click.Choice(field_words()),
    default="what",
    show_default=True,
    help="What to correct: "
    + "; ".join([f"{WHAT_HAPPENED}: what happened", *(f"{c.word}: the latest {c.title}" for c in CORRECTABLE.values())])
    + ".",
)
@click.option("--text", required=True, metavar="TEXT", help="What it should say, in full.")
@click.option("--why", required=True, metavar="TEXT", help="Why it is corrected, in a few words.")
@by_option("Who is correcting it: who wrote it, or a shift lead or manager.")
@expect_version_option
@plain_errors
def amend(
    db: Path | None, rupture_id: int, field: str, text: str, why: str, by: str, expected_version: int | None
) -> None:
    """Correct what was written on rupture ID. The correction is a new entry with your name; the original stays."""
    kind = by_word(field)
    name = "what happened" if kind is None else CORRECTABLE[kind].title
    with _context(db) as ctx:
        sv = ctx.service
        actor = signed_in(ctx, by)
        event_id = None if kind is None else _latest_with_text(sv.timeline(rupture_id), kind, rupture_id, name)
        rupture = sv.amend(actor, rupture_id, text, why, event_id=event_id, expected_version=expected_version)
        click.echo(f"Rupture #{rupture.id}: {name} amended. What was written stays in the record.")


def _latest_with_text(events: list[Event], kind: EventKind, rupture_id: int, name: str) -> int:
    """The newest entry of `kind` that has a text to correct (the amend form offers no empty ones)."""
    for event in reversed(events):
        if event.kind is not kind or event.id is None:
            continue
        key = text_key(event)
        if key is not None and str(event.payload.get(key) or "").strip():
            return int(event.id)
    raise click.ClickException(f"Rupture #{rupture_id} has no {name} to amend.")
