"""What every `handover` command shares: --db and --by, rupture numbers, plain output and errors, signing in
the named person, and the groups that keep usage mistakes and the unexpected to one plain line (see cli.py)."""

from __future__ import annotations

import difflib
import errno
import importlib
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from handover.domain.errors import HandoverError

if TYPE_CHECKING:  # the models: not imported at start, so `handover --help` stays instant
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
