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

import difflib
import errno
import gc
import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from handover.domain.enums import Role, RuptureKind, Severity
from handover.domain.errors import HandoverError
from handover.domain.validation import clean_text

if TYPE_CHECKING:  # pydantic models: not imported at start, so `handover --help` stays instant
    from handover.clock import Clock
    from handover.domain.models import StaffMember

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = "The database file (default: HANDOVER_DB, else the user data folder)."
#: Where a script gives the acting person's PIN.
PIN_ENV = "HANDOVER_PIN"


def db_option(f: F) -> F:
    """--db PATH on a command: given after its name, or before it (`handover --db X list`), the same file."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), callback=_db_here_or_before, help=DB_HELP
    )(f)


def _db_here_or_before(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    root = ctx.find_root()
    if root is ctx:
        return value
    before = root.params.get("db")
    if value is not None and before is not None and Path(value) != Path(before):
        raise click.UsageError(
            f"--db is given twice, as {before} and {value}: give it once, before or after the command.", ctx
        )
    return value if value is not None else before


#: The largest number SQLite keeps in an INTEGER column: rupture numbers and versions are within 1..this.
SQLITE_MAX_INT = 2**63 - 1


def expect_version_option(f: F) -> F:
    """--expect-version N: the stale-write guard the board's forms have, for a script."""
    return click.option(
        "--expect-version",
        "expected_version",
        type=click.IntRange(min=1, max=SQLITE_MAX_INT),
        metavar="N",
        help="Refuse, writing nothing, unless the rupture is still at version N (the 'version' that "
        "`handover list --json` shows): a script's guard against a change made since it looked.",
    )(f)


#: Where RuptureNumber leaves the number given, for `sign_in_as` to look it up before asking for a PIN.
_RUPTURE_META = "handover.rupture_id"


class RuptureNumber(click.ParamType):
    """A rupture's number (ID): digits, from 1 up to SQLite's largest integer (SQLITE_MAX_INT), refused in
    words that say what one looks like. The number is also noted on the click context, so the command's
    sign-in first checks the rupture exists (a typo costs no PIN check and leaves no sign-in in the audit)."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip().removeprefix("#")
        if not (text.isascii() and text.isdigit()):
            self.fail(f"'{value}' is not a rupture number: give the number `handover list` shows, like 12.", param, ctx)
        number = int(text) if len(text) <= 30 else SQLITE_MAX_INT + 1
        if not 1 <= number <= SQLITE_MAX_INT:
            # A number, but one no rupture can have: "no such rupture" (exit 1), like any other unknown one.
            raise PlainError(
                f"There is no rupture #{text[:30]}{'…' if len(text) > 30 else ''}: rupture numbers run from 1 up "
                f"to {SQLITE_MAX_INT:,}. `handover list` shows the open ones."
            )
        if ctx is not None:
            ctx.meta[_RUPTURE_META] = number
        return number


#: The ID argument of every command that acts on one rupture.
RUPTURE_ID = RuptureNumber()


def printable(text: str) -> str:
    """`text` safe to print as one line on a terminal: control characters shown as visible stand-ins, a line
    break or tab someone typed as its symbol (␤, ␉), bytes that were not UTF-8 as the replacement character."""
    from handover.faults import readable
    from handover.render.text import neutralise

    return neutralise(readable(text)).replace("\n", "\u2424").replace("\t", "\u2409")


def say(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line (or lines) for a person: names and text from the database are shown literally, their
    control characters as visible stand-ins, so nothing stored can restyle the terminal."""
    from handover.faults import readable
    from handover.render.text import neutralise

    click.echo(neutralise(readable(str(text))), err=err, nl=nl)


def say_document(text: str, *, nl: bool = False) -> None:
    """Print a document (a sheet, an export, JSON): exactly as made when it goes to a file or another program,
    and with control characters as visible stand-ins when it goes to a terminal."""
    if sys.stdout.isatty():
        say(text, nl=nl)
    else:
        click.echo(text, nl=nl)


class PlainError(click.ClickException):
    """A refusal said as one line, "Error: ...", exit 1, with whatever the user typed shown literally."""

    def format_message(self) -> str:
        return printable(self.message)


def plain_errors(f: F) -> F:
    """Turn every refusal into one line on stderr and exit status 1: no traceback reaches a user."""

    @wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except HandoverError as exc:
            raise PlainError(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _context(db: Path | None, *, create: bool = False) -> Any:
    # Imported here so `handover --help` stays instant.
    from handover.context import open_context

    return open_context(db, create=create, clock=_given_clock())


def _given_clock() -> Clock | None:
    """The Clock handed to the group as its context object (tests freeze time so), else None: the wall clock."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return cast("Clock", obj) if callable(getattr(obj, "now", None)) else None


def by_option(help: str, *, required: bool = True) -> Callable[[F], F]:
    """--by NAME: who is doing it (signed in with their PIN by `signed_in`)."""
    return click.option("--by", required=required, metavar="NAME", help=help)


def signed_in(ctx: Any, name: str) -> StaffMember:
    """The staff member called `name`, signed in (see `sign_in_as`): every command that acts as someone."""
    return sign_in_as(ctx, ctx.service.find_staff(name))


def sign_in_as(ctx: Any, person: StaffMember) -> StaffMember:
    """Sign `person` in before acting as them: their PIN from HANDOVER_PIN, else typed (no echo) at a terminal.
    A wrong PIN, a lock-out or no way to ask is a plain refusal; someone with no PIN yet gets in with a
    one-line warning on stderr. Returns them as stored (their current role)."""
    from handover.domain.pins import SignInRefused

    service = ctx.service
    command = click.get_current_context(silent=True)
    if command is not None and (rupture_id := command.meta.get(_RUPTURE_META)) is not None:
        ctx.store.rupture(rupture_id)  # NotFound before any PIN is checked or signed in with
    if not service.has_pin(person):
        say(
            f"Warning: PINs are not set for {person.name}, so nobody checked who is acting. "
            f"A manager can set one: handover people set-pin '{person.name}' --by NAME",
            err=True,
        )
        return service.sign_in(person, None, via="cli")
    pin = os.environ.get(PIN_ENV)
    if pin is None:
        if not _at_terminal():
            raise SignInRefused(
                f"{person.name} has a PIN: run this at a terminal to type it, or give it in {PIN_ENV} (scripts)."
            )
        pin = click.prompt(f"PIN for {person.name}", hide_input=True, err=True, default="", show_default=False)
    return service.sign_in(person, pin.strip()[:64], via="cli")


def _at_terminal() -> bool:
    return sys.stdin.isatty()


class OneLineUsageError(click.UsageError):
    """A usage mistake said as one line, "Error: ...", without click's usage block above it."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {printable(self.format_message())}", file=file, err=file is None)


def _one_line(exc: click.UsageError) -> OneLineUsageError:
    """The same mistake in one line, with the valid choices where click's message does not give them."""
    if isinstance(exc, OneLineUsageError):
        return exc
    message = " ".join(exc.format_message().split())
    ctx = exc.ctx
    if isinstance(exc, click.NoSuchOption) and ctx is not None:
        options = [o for p in ctx.command.get_params(ctx) if isinstance(p, click.Option) for o in p.opts]
        message += f" The options of '{ctx.command_path}' are: {', '.join(o for o in options if o[:2] == '--')}."
    elif isinstance(exc, click.MissingParameter) and ctx is not None:
        message += f" See '{ctx.command_path} --help'."
    return OneLineUsageError(message, ctx)


class PlainUsageGroup(click.Group):
    """A click group whose usage mistakes, its own and every command's below it, come out as one line
    (OneLineUsageError); an unknown command's line lists the commands there are."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # `handover people` alone: its help is the answer, not a mistake
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name.startswith("-") or self.get_command(ctx, name) is not None:
            return super().resolve_command(ctx, args)
        commands = self.list_commands(ctx)
        close = difflib.get_close_matches(name, commands, n=1)
        guess = f" Did you mean '{close[0]}'?" if close else ""
        raise OneLineUsageError(
            f"No such command '{name}'.{guess} The commands of '{ctx.command_path}' are: {', '.join(commands)}.", ctx
        )


class LazyGroup(PlainUsageGroup):
    """A click group whose commands defined in other modules are imported only when one of them runs (or
    when `--help` lists them), so `handover` alone, which opens the board, never imports them."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = dict(lazy_commands or {})
        """Command name -> "module:attribute" of the click command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module_name, attribute = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command) or command.name != cmd_name:
                raise RuntimeError(f"{self.lazy_commands[cmd_name]} is not the command {cmd_name!r}")
            self.add_command(command)
        return super().get_command(ctx, cmd_name)


class HandoverCli(LazyGroup):
    """The `handover` group itself: where nothing unforeseen gets past as a traceback.

    Before any command runs, an argument or HANDOVER_* variable that is not valid UTF-8 is refused in plain
    words. While one runs, a HandoverError is its own plain line; anything else (a bug, a disk that vanished)
    is written with its traceback to this PC's log and said as one line naming the log (handover/faults.py).
    Either way: "Error: ...", exit 1. The same holds under CliRunner as from the console script."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        from handover.faults import unreadable_text

        if parent is None and (refusal := unreadable_text(args)) is not None:
            raise PlainError(refusal)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except HandoverError as exc:  # a refusal from outside a command's own plain_errors (a lazy import)
            raise PlainError(str(exc)) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `handover list | head`: click's own handling, quietly
                raise
            raise _unexpected(exc, ctx) from None
        except Exception as exc:
            raise _unexpected(exc, ctx) from None


def _unexpected(exc: Exception, ctx: click.Context) -> PlainError:
    """Log `exc` with its traceback and say it in one line."""
    from handover.faults import unexpected_message, write_log

    command = [ctx.info_name or "", ctx.invoked_subcommand or ""]
    return PlainError(unexpected_message(exc, write_log(exc, command)))


#: The commands kept in other modules, imported when used: the steps of a rupture's life after it is logged
#: (handover/cli_steps.py), the handover's (handover/cli_handover.py), the record-keeping ones
#: (handover/cli_admin.py), the patterns report (handover/cli_report.py) and the home's settings
#: (handover/cli_settings.py). A new command there must be named here too.
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
    if ctx.invoked_subcommand is None:
        ctx.invoke(board, db=db)


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


@cli.group(cls=PlainUsageGroup)
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


#: Python's cyclic garbage collector, as every handover process sets it (Python's own: 700, 10, 10). Loading
#: Textual and pydantic makes a few hundred thousand objects that live as long as the process, and a refresh of
#: a big board makes tens of thousands more. With the default the collector ran about 220 times (55 ms) before
#: the board's first frame, and about 14 times per refresh of a 1,000-row board, now and then walking every
#: object (100-150 ms pauses); with a first threshold of 50,000 it runs twice before the first frame and every
#: few refreshes, each run up to ~25 ms (docs/PERFORMANCE.md). Most garbage here has no cycles and is freed at
#: once by reference counting, whatever the thresholds.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """Set GC_THRESHOLDS (the console script does, first thing; benchmarks running the app in-process too)."""
    gc.set_threshold(*GC_THRESHOLDS)


def main() -> None:
    """Console-script entry point."""
    tune_gc()
    try:
        cli(prog_name="handover")
    except KeyboardInterrupt:
        sys.exit(130)
