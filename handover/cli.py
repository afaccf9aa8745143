"""The `handover` command: the board (default) and the commands a second terminal or a script uses.

Every command takes --db (or HANDOVER_DB), exits 0 on success, and on a refusal prints one plain line
("Error: ...") and exits 1, having written nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from handover.domain.enums import Role, RuptureKind, Severity
from handover.domain.errors import HandoverError

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = "The database file (default: HANDOVER_DB, else the user data folder)."


def db_option(f: F) -> F:
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)(f)


def plain_errors(f: F) -> F:
    """Turn every refusal into one line on stderr and exit status 1: no traceback reaches a user."""

    @wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except HandoverError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _context(db: Path | None, *, create: bool = False) -> Any:
    # Imported here so `handover --help` stays instant.
    from handover.context import open_context

    return open_context(db, create=create)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.version_option(package_name="handover")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """The repair board: every open rupture, who owns the repair and how long it has waited.

    Run with no command to open the board.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(board, db=db)


@cli.command()
@db_option
@plain_errors
def board(db: Path | None) -> None:
    """Open the live board (the default command)."""
    from handover.app import make_app

    ctx = _context(db)
    ctx.close()
    make_app(ctx.path).run()


@cli.command()
@db_option
@click.option("--seed", type=int, default=7, show_default=True, help="Which demo home (same seed, same home).")
@click.option("--build-only", is_flag=True, help="Build the demo database and print its path; do not open the board.")
@plain_errors
def demo(db: Path | None, seed: int, build_only: bool) -> None:
    """Open the board on a realistic fictional home (a fresh temporary database unless --db)."""
    from handover.clock import SystemClock
    from handover.demo import build_demo

    path = db or Path(tempfile.mkdtemp(prefix="handover-demo-")) / "demo.db"
    summary = build_demo(path, SystemClock().now(), seed=seed)
    click.echo(
        f"Demo home built at {path}: {summary.young_people} young people, {summary.staff} staff, "
        f"{summary.ruptures} ruptures ({summary.open} open). All names are fictional."
    )
    if not build_only:
        from handover.app import make_app

        make_app(path).run()


@cli.command()
@db_option
@click.option("--home", required=True, help="The home's name, shown on the board and the handover sheet.")
@plain_errors
def init(db: Path | None, home: str) -> None:
    """Create a new, empty database for a home."""
    ctx = _context(db, create=True)
    with ctx:
        ctx.service.init_home(home)
        click.echo(f"Ready: {ctx.store.settings().home_name} at {ctx.path}")


@cli.group()
def people() -> None:
    """Add and list young people and staff."""


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
@plain_errors
def people_add(db: Path | None, young_person: str | None, staff: str | None, role: str, arrived: str | None) -> None:
    """Add a young person (--young-person NAME) or a staff member (--staff NAME)."""
    if bool(young_person) == bool(staff):
        raise click.UsageError("Give exactly one of --young-person NAME or --staff NAME.")
    with _context(db) as ctx:
        if young_person is not None:
            at = ctx.parse_when(arrived) if arrived else None
            person = ctx.service.add_young_person(young_person, at)
            click.echo(f"Added young person {person.name}")
        else:
            assert staff is not None
            member = ctx.service.add_staff(staff, Role(role))
            click.echo(f"Added staff member {member.name} ({member.role.value})")


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
            click.echo(json.dumps(out, indent=2))
            return
        click.echo("Young people:")
        for p in yps:
            click.echo(f"  {p.name}{'' if p.active else '  (left)'}")
        click.echo("Staff:")
        for s in staff:
            click.echo(f"  {s.name}  ({s.role.value}){'' if s.active else '  (left)'}")


@cli.command()
@db_option
@click.option("--young-person", "young_person", required=True, metavar="NAME", help="Who the rupture was with.")
@click.option("--staff", required=True, multiple=True, metavar="NAME", help="The adult involved (repeat for more).")
@click.option("--kind", required=True, type=click.Choice([k.value for k in RuptureKind]), help="What kind of rupture.")
@click.option("--what", required=True, metavar="TEXT", help="What happened: facts, in words they could later read.")
@click.option("--owner", metavar="NAME", help="Who will initiate the repair (default: the adult involved).")
@click.option("--unowned", is_flag=True, help="Nobody owns the repair yet (it stands out on the board).")
@click.option("--at", "when", metavar="WHEN", help="When: 20:30, 'yesterday 19:30', '2h ago' (default now).")
@click.option(
    "--severity",
    type=click.Choice([s.value for s in Severity]),
    default=Severity.MINOR.value,
    show_default=True,
)
@click.option("--incident-ref", metavar="REF", help="The home's incident record reference, if there is one.")
@click.option("--by", metavar="NAME", help="Who is recording it (default: the adult involved).")
@plain_errors
def log(
    db: Path | None,
    young_person: str,
    staff: tuple[str, ...],
    kind: str,
    what: str,
    owner: str | None,
    unowned: bool,
    when: str | None,
    severity: str,
    incident_ref: str | None,
    by: str | None,
) -> None:
    """Record a rupture; prints the new rupture's number."""
    from handover.service import UNOWNED

    if owner and unowned:
        raise click.UsageError("Give --owner NAME or --unowned, not both.")
    with _context(db) as ctx:
        sv = ctx.service
        yp = sv.find_young_person(young_person)
        adults = [sv.find_staff(name) for name in staff]
        chosen_owner = UNOWNED if unowned else (sv.find_staff(owner) if owner else None)
        actor = sv.find_staff(by) if by else adults[0]
        at = ctx.parse_when(when) if when else None
        rupture = sv.record_rupture(
            actor, yp, adults, RuptureKind(kind), what, at, Severity(severity), chosen_owner, incident_ref
        )
        click.echo(rupture.id)


@cli.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=int)
@click.option("--by", required=True, metavar="NAME", help="Who made the repair.")
@click.option("--note", required=True, metavar="TEXT", help="What you named, including your own part.")
@click.option("--response", metavar="TEXT", default="", help="How the young person responded, in their words.")
@plain_errors
def repair(db: Path | None, rupture_id: int, by: str, note: str, response: str) -> None:
    """Mark rupture ID repaired."""
    with _context(db) as ctx:
        actor = ctx.service.find_staff(by)
        ctx.service.mark_repaired(actor, rupture_id, note, response)
        click.echo(f"Rupture #{rupture_id} marked repaired by {actor.name}.")


@cli.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=int)
@click.option("--owner", metavar="NAME", help="The new owner of the repair.")
@click.option("--unowned", is_flag=True, help="Leave the repair with nobody (it stands out on the board).")
@click.option("--by", required=True, metavar="NAME", help="Who is reassigning it.")
@click.option("--reason", default="", metavar="TEXT", help="Why, in a few words.")
@plain_errors
def assign(db: Path | None, rupture_id: int, owner: str | None, unowned: bool, by: str, reason: str) -> None:
    """Give the repair of rupture ID to another adult."""
    if bool(owner) == unowned:
        raise click.UsageError("Give --owner NAME or --unowned.")
    with _context(db) as ctx:
        actor = ctx.service.find_staff(by)
        new_owner = ctx.service.find_staff(owner) if owner else None
        ctx.service.assign_owner(actor, rupture_id, new_owner, reason)
        click.echo(f"Rupture #{rupture_id} is now owned by {new_owner.name if new_owner else 'nobody (unowned)'}.")


@cli.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@plain_errors
def list_open(db: Path | None, as_json: bool) -> None:
    """Print the open ruptures, as the board shows them."""
    from handover.listing import board_lines, board_records

    with _context(db) as ctx:
        snapshot = ctx.store.board()
        now = ctx.clock.now()
        if as_json:
            click.echo(json.dumps(board_records(snapshot, now, ctx.tz), indent=2))
        else:
            for line in board_lines(snapshot, now, ctx.tz):
                click.echo(line)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="handover")
    except KeyboardInterrupt:
        sys.exit(130)
