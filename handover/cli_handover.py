"""The handover's commands: `shift on|off|list|pattern`, `accept`, `give-all`, `reg35`, `accept-handover`
and `sheet`. Registered on the `handover` group at the bottom of handover/cli.py.

Like every command: --db (or HANDOVER_DB), exit 0 on success; a refusal is one plain "Error: ..." line,
exit 1, nothing written. A command that changes something acts as a named person (--by NAME), signed in
with their PIN first (see handover/cli.py); reading (`shift list`, `shift pattern`, `sheet`) needs no name.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

import click

from handover.cli_support import (
    RUPTURE_ID,
    _context,
    by_option,
    db_option,
    plain_errors,
    say,
    say_document,
    sign_in_as,
    signed_in,
)
from handover.domain.reg35 import Reg35Clock
from handover.domain.shifts import PRESETS

_FORMATS = ("txt", "md", "html")


def _hm(at: datetime | None, tz: tzinfo) -> str:
    """'22:00' in the home's zone ('?' when not known)."""
    return at.astimezone(tz).strftime("%H:%M") if at else "?"


@click.group()
def shift() -> None:
    """Who is on shift, and the home's shift pattern."""


@shift.command("on")
@db_option
@click.argument("name")
@click.option("--shift", "shift_name", metavar="SHIFT", help="Which shift (default: the one about to run).")
@by_option("Who is marking them (default: themselves).", required=False)
@plain_errors
def shift_on(db: Path | None, name: str, shift_name: str | None, by: str | None) -> None:
    """Mark staff member NAME on shift."""
    with _context(db) as ctx:
        staff = ctx.service.find_staff(name)
        actor = signed_in(ctx, by) if by else sign_in_as(ctx, staff)
        mark = ctx.service.mark_on_shift(actor, staff, True, shift_name)
        say(f"{staff.name} is on shift: {mark.shift}, until {_hm(mark.shift_end, ctx.tz)}.")


@shift.command("off")
@db_option
@click.argument("name")
@by_option("Who is marking them (default: themselves).", required=False)
@plain_errors
def shift_off(db: Path | None, name: str, by: str | None) -> None:
    """Mark staff member NAME off shift."""
    with _context(db) as ctx:
        staff = ctx.service.find_staff(name)
        actor = signed_in(ctx, by) if by else sign_in_as(ctx, staff)
        ctx.service.mark_on_shift(actor, staff, False)
        say(f"{staff.name} is off shift.")


@shift.command("list")
@db_option
@plain_errors
def shift_list(db: Path | None) -> None:
    """Show the shifts handing over now and who is on shift."""
    from handover.domain.shifts import handover_shifts

    with _context(db) as ctx:
        now = ctx.clock.now()
        pattern = ctx.service.shift_pattern()
        turn = handover_shifts(pattern, now, ctx.tz)
        say(f"Going off: {turn.going_off.label(ctx.tz)}; coming on: {turn.coming_on.label(ctx.tz)}")
        people = ctx.service.on_shift(now)
        if not people:
            say("Nobody is marked on shift. Mark someone with `handover shift on NAME`.")
            return
        say("On shift:")
        for p in people:
            ends = f"until {_hm(p.ends, ctx.tz)}" if p.ends else "until marked off"
            leaving = " (leaving within the hour)" if p.state.value == "leaving" else ""
            say(f"  {p.staff.name}: {p.shift or 'shift not known'}, {ends}{leaving}")


@shift.command("pattern")
@db_option
@click.option("--preset", type=click.Choice(list(PRESETS), case_sensitive=False), help="Switch to a preset pattern.")
@click.option(
    "--shift",
    "custom",
    multiple=True,
    metavar="NAME=HH:MM-HH:MM",
    help="Set your own pattern, one --shift per shift (e.g. --shift early=07:00-15:00).",
)
@by_option("The manager changing the pattern (needed to change it).", required=False)
@plain_errors
def shift_pattern(db: Path | None, preset: str | None, custom: tuple[str, ...], by: str | None) -> None:
    """Show the home's shift pattern, or switch it (--preset default|sleep-in, or --shift ... repeated)."""
    from handover.domain.shifts import custom_pattern

    if preset and custom:
        raise click.UsageError("Give --preset or --shift, not both.")
    with _context(db) as ctx:
        if not preset and not custom:
            say(f"Shift pattern {ctx.service.shift_pattern().describe()}")
            return
        if not by:
            raise click.UsageError("Say who is changing the shift pattern with --by NAME.")
        actor = signed_in(ctx, by)
        chosen = ctx.service.set_shift_pattern(actor, preset.lower() if preset else custom_pattern(custom))
        say(f"Shift pattern is now {chosen.describe()}")


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@by_option("The new owner, accepting the repair.")
@click.option("--note", default="", metavar="TEXT", help="In your own words, what you will do.")
@plain_errors
def accept(db: Path | None, rupture_id: int, by: str, note: str) -> None:
    """Accept the repair of rupture ID that was given to you."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        ctx.service.accept_assignment(actor, rupture_id, note)
        say(f"{actor.name} has accepted the repair of rupture #{rupture_id}.")


@click.command("give-all")
@db_option
@click.option("--from", "from_name", required=True, metavar="NAME", help="Whose open repairs to give.")
@click.option("--to", "to_name", required=True, metavar="NAME", help="Who takes them on.")
@by_option("Who is reassigning them (a shift lead or manager).")
@click.option("--reason", default="", metavar="TEXT", help="Why, in a few words (e.g. 'going on leave').")
@plain_errors
def give_all(db: Path | None, from_name: str, to_name: str, by: str, reason: str) -> None:
    """Give every open repair owned by one adult to another, all at once."""
    with _context(db) as ctx:
        sv = ctx.service
        giver, taker = sv.find_staff(from_name), sv.find_staff(to_name)
        actor = signed_in(ctx, by)
        moved = sv.bulk_reassign(actor, giver, taker, reason)
        ids = ", ".join(f"#{r.id}" for r in moved)
        plural = "repair" if len(moved) == 1 else "repairs"
        say(f"Gave {len(moved)} {plural} of {giver.name} to {taker.name}: {ids}.")


@click.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option(
    "--clock",
    required=True,
    type=click.Choice([c.value for c in Reg35Clock], case_sensitive=False),
    help="record: record made (24 h); manager: spoke to the adult and signed (48 h); child: spoken to (5 days).",
)
@by_option("Who is ticking it off (a shift lead; the manager clock: a manager).")
@click.option("--note", default="", metavar="TEXT", help="A note, e.g. the incident record's reference.")
@plain_errors
def reg35(db: Path | None, rupture_id: int, clock: str, by: str, note: str) -> None:
    """Tick off a reg 35 clock of restraint ID."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        ticked = Reg35Clock(clock.lower())
        ctx.service.tick_reg35(actor, rupture_id, ticked, note)
        say(f"Rupture #{rupture_id}: '{ticked.label}' ticked by {actor.name}.")


@click.command("accept-handover")
@db_option
@by_option("The incoming shift lead accepting the handover.")
@plain_errors
def accept_handover(db: Path | None, by: str) -> None:
    """Accept the handover: records who, when, and what was outstanding."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        record = ctx.service.accept_handover(actor)
        c = record.summary["counts"]
        say(
            f"Handover accepted by {actor.name} at {_hm(record.at, ctx.tz)} "
            f"({record.shift_going_off} -> {record.shift_coming_on}): {c['open']} open, {c['overdue']} overdue, "
            f"{c['unowned']} unowned, {c['awaiting_acceptance']} awaiting acceptance."
        )


@click.command()
@db_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Write the sheet to this file (owner-only). An existing file is replaced only if it is a sheet "
    "handover wrote; a database or any other file never is.",
)
@click.option(
    "--format", "fmt", type=click.Choice(_FORMATS), default="txt", show_default=True, help="Text, Markdown or HTML."
)
@plain_errors
def sheet(db: Path | None, out: Path | None, fmt: str) -> None:
    """Print the handover sheet, or write it to a file with --out (HTML prints on A4)."""
    from handover.sheet import render_sheet, write_sheet

    with _context(db) as ctx:
        text = render_sheet(ctx.service.handover_summary(), fmt, tz=ctx.tz)
        database = ctx.path
    if out is None:
        say_document(text)
        return
    # Never over the database (or its -wal/-shm), any other SQLite file, or a file handover did not write.
    written = write_sheet(out, text, fmt=fmt, refuse=[database])
    say(f"Handover sheet written to {written} (readable by you only).")


COMMANDS = (shift, accept, give_all, reg35, accept_handover, sheet)
"""Every command here, for handover/cli.py to register."""
