"""The `handover` command: the board (default) and the commands a second terminal or a script uses.

Every command takes --db (or HANDOVER_DB), before or after the command's name, and exits 0 on success. A
refusal prints one plain line ("Error: ...") and exits 1, having written nothing. A usage mistake (an unknown
command, option or choice, a missing option, a rupture number that is not a number) is also one plain
"Error: ..." line, naming the valid choices, and exits 2: click's usage block is never printed (see
PlainUsageGroup). Scripts can tell "you typed it wrong" (2) from "the home's rules refused it" (1).

Nothing else ever reaches a user as a traceback either: anything unexpected is one line, "Error: ... (details
written to LOGFILE)", exit 1, with the traceback in this PC's log (handover/faults.py; HandoverCli.invoke). An
argument or HANDOVER_* variable that is not valid UTF-8 is refused before any command runs. Every "Error:" line
shows control characters as visible stand-ins, so what someone typed can never restyle the terminal.

A command that changes records acts as a named person (--by NAME) and signs them in first: their PIN comes
from HANDOVER_PIN (for scripts), else it is asked for without echo when run at a terminal. Someone with no
PIN yet is let in with a one-line warning on stderr (the home has not set PINs up). The role rules are the
service's (docs/ROLES.md). Reading what the office board shows (`list`, `people list`) needs no name.

The steps of a rupture's life are here (`log`, `assign`, `repair`) and in cli_steps.py (`plan`, `attempt`,
`end`, `reopen`, `amend`); each takes --expect-version N, the version `handover list --json` showed, so a
script never writes over a change it has not seen.

A caller may hand the group a Clock as its context object (`cli.main(args, obj=FrozenClock(...))`, or
CliRunner's `invoke(..., obj=...)`): commands then read "now" from it instead of the wall clock. Tests use
this to freeze time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handover import collector
from handover.domain.enums import RuptureKind, Severity
from handover.domain.validation import clean_text

if TYPE_CHECKING:  # the models: not imported at start, so `handover --help` stays instant
    pass

from handover.cli_support import (
    RUPTURE_ID,
    HandoverCli,
    PlainError,
    _context,
    by_option,
    db_option,
    expect_version_option,
    plain_errors,
    say,
    say_document,
    sign_in_as,
    signed_in,
)

#: The commands kept in other modules, imported when used: the steps of a rupture's life after it is logged
#: (handover/cli_steps.py), the handover's (handover/cli_handover.py), the record-keeping ones
#: (handover/cli_admin.py), the patterns report (handover/cli_report.py) and the home's settings
#: (handover/cli_settings.py), and adding people (handover/cli_people.py). A new command there must be named here too.
LAZY_COMMANDS = {
    "plan": "handover.cli_steps:plan",
    "attempt": "handover.cli_steps:attempt",
    "end": "handover.cli_steps:end",
    "reopen": "handover.cli_steps:reopen",
    "amend": "handover.cli_steps:amend",
    "shift": "handover.cli_handover:shift",
    "accept": "handover.cli_handover:accept",
    "give-all": "handover.cli_handover:give_all",
    "reg35": "handover.cli_handover:reg35",
    "accept-handover": "handover.cli_handover:accept_handover",
    "sheet": "handover.cli_handover:sheet",
    "check": "handover.cli_admin:check",
    "backup": "handover.cli_admin:backup",
    "restore": "handover.cli_admin:restore",
    "audit": "handover.cli_admin:audit_command",
    "export": "handover.cli_admin:export",
    "report": "handover.cli_report:report",
    "settings": "handover.cli_settings:settings",
    "people": "handover.cli_people:people",
}


@click.group(
    "handover",  # the name usage lines say, however it is run (`python -m handover`, CliRunner in tests)
    cls=HandoverCli,
    lazy_commands=LAZY_COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@click.version_option(package_name="handover")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """The repair board: every open rupture, who owns the repair and how long it has waited.

    Run with no command to open the board.
    """
    if ctx.invoked_subcommand in (None, "board"):
        # From here every key typed reaches the board as typed, however soon after the start.
        from handover import early_keys

        early_keys.hold()
    if ctx.invoked_subcommand is None:
        ctx.invoke(board, db=db)
    elif ctx.invoked_subcommand != "board":
        collector.resume()  # held for the board's first frame only (handover/collector.py)


@cli.command()
@db_option
@plain_errors
def board(db: Path | None) -> None:
    """Open the live board (the default command). On a new home it first asks the home's name and its people."""
    from db.store import Store
    from handover.app import make_app
    from handover.config import load_config

    config = load_config()
    path = Path(db).expanduser() if db else config.db
    # A missing file is created (the app then runs the first-run setup); one that cannot be read as a handover
    # database is refused in plain words here, before the screen takes over the terminal. An existing file is
    # never re-created.
    try:
        missing = not path.exists()
    except OSError as exc:  # a name longer than the OS allows, a loop of links: said before anything else
        from db.files import os_error_words, shown

        raise PlainError(f"Cannot open the database {shown(path)}: {os_error_words(exc, path)}.") from None
    Store.open(path, create=missing).close()
    # The day's backup is made by the board once it is up (never for the demo's temporary database), and the
    # record is checked after the first frame: anything altered behind the board's back is said in a banner.
    make_app(path, config=config, backups=True).run()


@cli.command()
@db_option
@click.option("--seed", type=int, default=7, show_default=True, help="Which demo home (same seed, same home).")
@click.option(
    "--build-only",
    is_flag=True,
    help="Build the demo database and print its path; do not open the board. The database is kept.",
)
@plain_errors
def demo(db: Path | None, seed: int, build_only: bool) -> None:
    """Open the board on a realistic fictional home: a fresh temporary database, removed when the board closes
    (with --db, the file named, which is kept)."""
    import shutil
    import tempfile
    import time

    from handover.clock import SystemClock
    from handover.demo import DEMO_HOME, build_demo

    def say(line: str) -> None:  # what is going on, on stderr: stdout keeps the summary and the PINs
        click.echo(line, err=True)

    folder: Path | None = None  # the temporary folder, removed when the board closes
    if db is None:
        folder = Path(tempfile.mkdtemp(prefix="handover-demo-"))
        path = folder / "demo.db"
    else:
        path = db
    try:
        started = time.monotonic()
        say(f"Building {DEMO_HOME}, a fictional home, in {path}:")
        summary = build_demo(path, SystemClock().now(), seed=seed, progress=lambda step: say(f"  {step}"))
        say(f"Built in {time.monotonic() - started:.1f} s.")
        click.echo(
            f"Demo home built at {path}: {summary.young_people} young people, {summary.staff} staff, "
            f"{summary.ruptures} ruptures ({summary.open} open). All names are fictional."
        )
        click.echo("Sign in as anyone with their demo PIN (fictional, like the names):")
        width = max(len(p.name) for p in summary.pins)
        for p in summary.pins:
            click.echo(f"  {p.name:<{width}}  {p.role.value:<10}  {p.pin}")
        if build_only:
            if folder is not None:
                say(f"The demo database is kept: delete the folder {folder} when you are done with it.")
                folder = None  # printing where it is was the point
            return
        from handover.app import make_app

        # The board covers the terminal: give people a moment to note a PIN first (no pause when scripted).
        click.pause("Note a name and PIN above, then press any key to open the board…")
        say("Opening the board…")
        from handover import early_keys

        early_keys.hold()  # keys typed from here reach the board as typed (handover/early_keys.py)
        make_app(path).run()
    finally:
        # However the board closed (q, ctrl+c, a crash), the temporary database goes with it: it is fictional,
        # but nothing of a demo should be left lying in /tmp.
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            if folder.exists():
                say(f"Could not remove the demo's temporary folder {folder}: delete it by hand.")
            else:
                say(f"Removed the demo's temporary folder {folder}.")


@cli.command()
@db_option
@click.option("--home", required=True, help="The home's name, shown on the board and the handover sheet.")
@click.option(
    "--timezone",
    metavar="NAME",
    help="The home's time zone, e.g. Europe/London (default: HANDOVER_TIMEZONE, else this PC's zone).",
)
@plain_errors
def init(db: Path | None, home: str, timezone: str | None) -> None:
    """Create a new, empty database for a home, with the time zone every terminal shows its times in."""
    from handover.config import load_config, pc_zone_name
    from handover.domain.zones import FALLBACK, zone_named

    # The zone is checked before any file is made, so a mistyped name leaves nothing behind.
    config = load_config()
    zone = zone_named(timezone, "--timezone") if timezone else config.init_zone()
    with _context(db, create=True) as ctx:
        ctx.service.init_home(home, timezone)
        settings = ctx.store.settings()
        say(f"Ready: {settings.home_name} at {ctx.path}. Times are shown in {settings.timezone}.")
    if zone.key == settings.timezone == FALLBACK and not timezone and not config.timezone and not pc_zone_name():
        say(
            f"Warning: this PC's time zone has no name handover can find, so the home's time zone is {FALLBACK}. "
            "While the home is being set up, run init again with --timezone NAME (e.g. Europe/London) to change it.",
            err=True,
        )


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
@by_option("Who is recording it (default: the first adult involved).", required=False)
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
        # Everything that can be read wrong is read before signing in: a mistake costs no PIN check and
        # leaves no sign-in in the audit.
        at = ctx.parse_when(when) if when else None
        clean_text(what, "what happened")
        actor = signed_in(ctx, by) if by else sign_in_as(ctx, adults[0])
        rupture = sv.record_rupture(
            actor, yp, adults, RuptureKind(kind), what, at, Severity(severity), chosen_owner, incident_ref
        )
        say(rupture.id)


@cli.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@by_option("Who made the repair (its owner).")
@click.option("--note", required=True, metavar="TEXT", help="What you named, including your own part.")
@click.option("--response", metavar="TEXT", default="", help="How the young person responded, in their words.")
@expect_version_option
@plain_errors
def repair(db: Path | None, rupture_id: int, by: str, note: str, response: str, expected_version: int | None) -> None:
    """Mark rupture ID repaired."""
    with _context(db) as ctx:
        clean_text(note, "what was said")
        actor = signed_in(ctx, by)
        ctx.service.mark_repaired(actor, rupture_id, note, response, expected_version=expected_version)
        say(f"Rupture #{rupture_id} marked repaired by {actor.name}.")


@cli.command()
@db_option
@click.argument("rupture_id", metavar="ID", type=RUPTURE_ID)
@click.option("--owner", metavar="NAME", help="The new owner of the repair.")
@click.option("--unowned", is_flag=True, help="Leave the repair with nobody (it stands out on the board).")
@by_option("Who is reassigning it (a shift lead; or the owner handing it on; or anyone taking it on).")
@click.option("--reason", default="", metavar="TEXT", help="Why, in a few words.")
@expect_version_option
@plain_errors
def assign(
    db: Path | None,
    rupture_id: int,
    owner: str | None,
    unowned: bool,
    by: str,
    reason: str,
    expected_version: int | None,
) -> None:
    """Give the repair of rupture ID to another adult."""
    if bool(owner) == unowned:
        raise click.UsageError("Give --owner NAME or --unowned.")
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        new_owner = ctx.service.find_staff(owner) if owner else None
        ctx.service.assign_owner(actor, rupture_id, new_owner, reason, expected_version=expected_version)
        say(f"Rupture #{rupture_id} is now owned by {new_owner.name if new_owner else 'nobody (unowned)'}.")


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
            say_document(json.dumps(board_records(snapshot, now, ctx.tz), indent=2), nl=True)
        else:
            for line in board_lines(snapshot, now, ctx.tz):
                say(line)
