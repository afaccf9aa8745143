"""`handover people`: add young people and staff, mark leavers (never deleted), set PINs, lift a lock-out,
list everyone. Loaded when used (cli.LAZY_COMMANDS)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from handover.domain.enums import Role
from handover.domain.errors import HandoverError

if TYPE_CHECKING:  # the models: not imported at start, so `handover --help` stays instant
    from handover.domain.models import StaffMember

from handover.cli_support import (
    PlainUsageGroup,
    _at_terminal,
    _context,
    by_option,
    db_option,
    plain_errors,
    say,
    say_document,
    signed_in,
)


@click.group(cls=PlainUsageGroup)
def people() -> None:
    """Add and list young people and staff, mark leavers, set PINs."""


@people.command("add")
@db_option
@click.option("--young-person", "young_person", metavar="NAME", help="Add a young person.")
@click.option("--staff", metavar="NAME", help="Add a staff member.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.STAFF.value,
    show_default=True,
    help="The staff member's role.",
)
@click.option("--arrived", metavar="WHEN", help="When the young person arrived (e.g. 2026-03-01).")
@by_option("The manager adding them (not needed while the home is being set up).", required=False)
@plain_errors
def people_add(
    db: Path | None, young_person: str | None, staff: str | None, role: str, arrived: str | None, by: str | None
) -> None:
    """Add a young person (--young-person NAME) or a staff member (--staff NAME)."""
    if bool(young_person) == bool(staff):
        raise click.UsageError("Give exactly one of --young-person NAME or --staff NAME.")
    with _context(db) as ctx:
        # Read before signing in: a mistyped date costs no PIN check.
        at = ctx.parse_when(arrived) if arrived and young_person is not None else None
        actor = _manager_or_setup(ctx, by, "Adding people")
        if young_person is not None:
            person = ctx.service.add_young_person(young_person, at, actor=actor)
            say(f"Added young person {person.name}")
        else:
            assert staff is not None
            member = ctx.service.add_staff(staff, Role(role), actor=actor)
            say(f"Added staff member {member.name} ({member.role.value})")


def _manager_or_setup(ctx: Any, by: str | None, doing: str) -> StaffMember | None:
    """The signed-in --by person; or nobody while the home is being set up (no manager with a PIN yet)."""
    if by is not None:
        return signed_in(ctx, by)
    if not ctx.service.in_setup():
        raise click.ClickException(f"{doing} is for a manager: add --by NAME (they will be asked for their PIN).")
    return None


@people.command("mark-left")
@db_option
@click.option("--young-person", "young_person", metavar="NAME", help="The young person who has left.")
@click.option("--staff", metavar="NAME", help="The staff member who has left.")
@by_option("The manager marking it (not needed while the home is being set up).", required=False)
@plain_errors
def people_mark_left(db: Path | None, young_person: str | None, staff: str | None, by: str | None) -> None:
    """Mark someone as having left the home: off the pickers and the board, their records kept."""
    if bool(young_person) == bool(staff):
        raise click.UsageError("Give exactly one of --young-person NAME or --staff NAME.")
    with _context(db) as ctx:
        actor = _manager_or_setup(ctx, by, "Marking someone as having left")
        sv = ctx.service
        person = sv.find_young_person(young_person) if young_person else sv.find_staff(staff or "")
        sv.mark_left(person, actor=actor)
        say(f"{person.name} is marked as having left. Their records are kept.")


@people.command("set-pin")
@db_option
@click.argument("name")
@by_option("The manager setting it (or NAME, changing their own PIN).")
@click.option("--pin-stdin", is_flag=True, help="Read the new PIN from the first line of standard input (scripts).")
@plain_errors
def people_set_pin(db: Path | None, name: str, by: str, pin_stdin: bool) -> None:
    """Set or reset NAME's PIN (4 to 8 digits), typed twice without echo. Clears a lock-out."""
    with _context(db) as ctx:
        sv = ctx.service
        actor = signed_in(ctx, by)
        person = sv.find_staff(name)
        # Refuse before the new PIN is typed twice, not after.
        sv.check_allowed(actor, "set-pin", detail={"staff_id": person.id, "has_pin": sv.has_pin(person)})
        if pin_stdin:
            pin = sys.stdin.readline().strip()
        elif _at_terminal():
            pin = click.prompt(
                f"New PIN for {person.name}",
                hide_input=True,
                confirmation_prompt="Type it again",
                value_proc=_pin_or_ask_again,
                err=True,
            )
        else:
            raise click.ClickException("Type the new PIN at a terminal, or give it on standard input with --pin-stdin.")
        sv.set_pin(actor, person, pin)
        say(f"PIN set for {person.name}.")


def _pin_or_ask_again(text: str) -> str:
    from handover.domain.pins import check_pin

    try:
        return check_pin(text.strip())
    except HandoverError as exc:
        raise click.UsageError(str(exc)) from None


@people.command("unlock")
@db_option
@click.argument("name")
@by_option("The shift lead or manager lifting the lock.")
@plain_errors
def people_unlock(db: Path | None, name: str, by: str) -> None:
    """Lift NAME's sign-in lock after too many wrong PINs, before the five minutes are up."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        person = ctx.service.find_staff(name)
        ctx.service.unlock_sign_in(actor, person)
        say(f"{person.name} can sign in again.")


@people.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@plain_errors
def people_list(db: Path | None, as_json: bool) -> None:
    """List young people and staff, current and left."""
    with _context(db) as ctx:
        yps, staff = ctx.store.young_people(), ctx.store.staff()
        if as_json:
            out = {
                "young_people": [{"id": p.id, "name": p.name, "active": p.active} for p in yps],
                "staff": [{"id": s.id, "name": s.name, "role": s.role.value, "active": s.active} for s in staff],
            }
            say_document(json.dumps(out, indent=2), nl=True)
            return
        say("Young people:")
        for p in yps:
            say(f"  {p.name}{'' if p.active else '  (left)'}")
        say("Staff:")
        for s in staff:
            say(f"  {s.name}  ({s.role.value}){'' if s.active else '  (left)'}")
