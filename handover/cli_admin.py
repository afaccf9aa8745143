"""The record-keeping commands: check, backup, restore, audit, export.

Registered on the main `handover` group at the bottom of handover/cli.py. Like every command they take --db,
print one plain "Error: ..." line and exit 1 on a refusal. `check` never writes to the database; backups,
restores and exports each leave a row in the audit (who, when, which file).

Who may: the role rules are the service's (domain/permissions.py): anyone checks; a shift lead backs up; a
manager exports, reads the audit and restores. The person named by --by is signed in first (their PIN from
HANDOVER_PIN, else asked at a terminal: handover.cli.signed_in), so the audit names who really did it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from handover.cli_support import (
    PlainError,
    _at_terminal,
    _context,
    db_option,
    plain_errors,
    say,
    say_document,
    signed_in,
)

if TYPE_CHECKING:  # imported lazily, so `handover --help` stays instant
    from handover.domain.models import StaffMember, YoungPerson

P = TypeVar("P", "StaffMember", "YoungPerson")


def _config() -> Any:
    from handover.config import load_config

    return load_config()


def _db_path(db: Path | None, config: Any) -> Path:
    return (Path(db).expanduser() if db else Path(config.db)).absolute()


def _now_local(path: Path) -> datetime:
    from handover.clock import SystemClock
    from handover.context import home_zone

    # Backup and set-aside files are named in the home's local time, as people read them.
    return SystemClock().now().astimezone(home_zone(path))


def find_anyone(query: str, people: list[P], what: str) -> P:
    """The person `query` names among everyone who was ever here, leavers included: a subject access request
    usually comes from someone who left long ago, and the audit asks about former staff too."""
    from handover.domain.names import resolve

    everyone = [replace(p, active=True) for p in people]
    found = resolve(query, everyone, what)
    return next(p for p in people if p.id == found.id)


# -- check --------------------------------------------------------------------------------------------
@click.command()
@db_option
@plain_errors
def check(db: Path | None) -> None:
    """Check the database is whole and unaltered, and that its files are private.

    Every entry against its seal, every rupture, person and setting against its entries, the audit against its
    copy in the record chain, and the chains' ends against this PC's anchor and the newest backup's. Names what
    was altered and the last good backup. Exits 0 when all is well (warnings about file permissions included),
    1 when the database is damaged."""
    from db import backup as backups
    from db import integrity
    from db.files import check_modes
    from handover.context import home_zone
    from handover.service import integrity as integrity_cases

    config = _config()
    path = _db_path(db, config)
    folder = backups.folder_for(path, config.backup_dir)
    tz = home_zone(path, config)
    report = integrity_cases.full_check(path, tz, config.backup_dir)
    click.echo(report.summary())
    damaged = not report.ok
    for problem in report.problems[1:20]:
        click.echo(f"  - {problem}")
    if len(report.problems) > 20:
        click.echo(f"  - and {len(report.problems) - 20} more.")
    for note in report.notes:
        click.echo(f"Note: {note}")
    # This database's backups: the folder may hold another home's too (db/backup.py, `backups_of`).
    found = backups.backups_of(folder, backups.database_first(path))
    others = len(backups.list_backups(folder)) - len(found)
    if others:
        click.echo(f"Note: {others} backup{'s' if others != 1 else ''} in {folder} of another database left out.")
    if report.ok and found:
        newest = found[-1].path
        differs = integrity.agrees(path, newest)
        if differs is None:
            click.echo(f"It agrees with the newest backup ({newest.name}): everything both hold is the same.")
        else:
            damaged = True
            click.echo(f"DAMAGED: the newest backup ({newest.name}) tells a different history: {differs}.")
    elif not found:
        mine = f"of {path.name} " if others else ""  # the folder holds only another database's
        click.echo(f"Warning: there are no backups {mine}in {folder} yet. Make one now: handover backup")
    if damaged:
        click.echo(
            "What to do: nothing has been changed. Do not type new entries into this database. Tell the "
            "registered manager, who can restore the last good backup (the damaged file is kept aside):"
        )
        good = backups.last_good_backup(path, folder, tz, anchor_dir=integrity_cases.anchor_dir())
        if good is not None:
            kept, _ = good
            click.echo(
                f"The last good backup is {kept.path.name} (taken {kept.taken:%a %d %b %Y %H:%M}): its own check "
                "passes and its history agrees with this record's."
            )
            click.echo(f"  handover restore {kept.path} --by NAME")
        elif found:
            click.echo(
                f"  None of the {len(found)} backups in {folder} passes its own check and agrees with this record: "
                "ask whoever looks after this PC for another copy."
            )
        else:
            click.echo(f"  (there are no backups in {folder}: ask whoever looks after this PC for another copy)")
    paths = [path, path.parent, Path(f"{path}-wal"), Path(f"{path}-shm"), folder]
    paths += [b.path for b in found]
    paths += sorted(path.parent.glob(f"{path.name}.before-restore-*"))
    for warning in check_modes(paths):
        click.echo(f"Warning: {warning}")
    if damaged:
        raise click.exceptions.Exit(1)


# -- backup and restore -----------------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--to", "to", type=click.Path(file_okay=False, path_type=Path), help="The folder (default: backups).")
@click.option("--by", metavar="NAME", help="Who is making it (kept in the audit).")
@click.option("--list", "show", is_flag=True, help="List the backups instead of making one.")
@plain_errors
def backup(db: Path | None, to: Path | None, by: str | None, show: bool) -> None:
    """Make a checked copy of the database (safe while boards are open and writing). A database that fails
    its check is not copied: the command says what is off."""
    from db import audit
    from db import backup as backups
    from handover.service.integrity import anchor_dir

    config = _config()
    folder = to or backups.folder_for(_db_path(db, config), config.backup_dir)
    if show:
        path = _db_path(db, config)
        found = backups.backups_of(folder, backups.database_first(path) if path.is_file() else None)
        if not found:
            click.echo(f"No backups of {path.name} in {folder}.")
        for b in found:
            click.echo(f"{b.path}  {b.path.stat().st_size / 1e6:.1f} MB")
        return
    with _context(db) as ctx:
        actor = ctx.service.check_allowed(signed_in(ctx, by), "backup") if by else None
        made = backups.backup(ctx.path, folder, ctx.clock.now().astimezone(ctx.tz), anchor_dir=anchor_dir())
        audit.record(ctx.store, ctx.clock.now(), actor.id if actor else None, "backup", detail={"file": str(made)})
    click.echo(f"Backup made and checked: {made}")


@click.command()
@db_option
@click.argument("backup_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by", metavar="NAME", help="The manager restoring it, signed in with their PIN (kept in the audit).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--other-home", "other_home", is_flag=True, help="Allow a backup of another home (it says whose it is).")
@plain_errors
def restore(db: Path | None, backup_file: Path, by: str | None, yes: bool, other_home: bool) -> None:
    """Put a backup in place of the database. The current database is moved aside, never deleted.

    Always needs a manager's PIN: checked against the current database, or, when that cannot be trusted
    (missing, damaged or altered), against the backup being restored. A backup of another home is refused
    unless --other-home is given."""
    from db import audit
    from db import backup as backups
    from db.store import Store

    config = _config()
    path = _db_path(db, config)
    if not by:
        raise click.UsageError("Say which manager is restoring with --by NAME: a restore is recorded in the audit.")
    if not backup_file.is_file():
        raise click.ClickException(
            f"There is no backup file at {backup_file}. Nothing was changed. "
            f"`handover backup --list` shows the backups in {backups.folder_for(path, config.backup_dir)}."
        )
    who = _may_restore(path, backup_file, by, other_home)
    if not yes:
        if not _at_terminal():
            raise click.UsageError("Restoring replaces the database: add --yes to do it without being asked.")
        whose = f" It is a backup of {who.backup_home}, another home." if who.other_home else ""
        click.confirm(
            f"Put {backup_file} in place of {path}?{whose} The current database will be kept aside, not deleted, "
            "and anything written after the backup was taken will be only in that kept file.",
            abort=True,
        )
    from handover.service.integrity import anchor_dir

    now = _now_local(path)
    kept = backups.restore(backup_file, path, now, anchor_dir=anchor_dir())  # this PC's anchor follows the copy
    store = Store.open(path)
    try:
        detail: dict[str, Any] = {"from": str(backup_file), "kept_at": str(kept) if kept else None, "by": who.name}
        detail["pin_checked_in"] = who.checked_in
        if who.other_home:
            detail["other_home"] = {"restored": who.backup_home, "replaced": who.current_home}
        audit.record(store, now, who.id_in(store.staff()), "restore", detail=detail)
    finally:
        store.close()
    whose = f"{who.backup_home}'s database " if who.other_home else ""
    say(f"Restored {whose}{backup_file} into {path}.")
    if kept:
        say(
            f"The database as it was before is kept at {kept}. Anything written after the backup was taken is "
            "in that file, not on the board: ask whoever wrote it to add it again."
        )
    else:
        say(f"There was no database at {path} before, so nothing was moved aside.")


@dataclass(frozen=True)
class Restorer:
    """The manager who signed in to restore, and whose homes the two databases are."""

    name: str
    """Their full name, as the database their PIN was checked in knows them."""
    checked_in: str
    """Where their PIN was checked: "the current database" or "the backup"."""
    backup_id: int | None
    """Their id in the backup, when their PIN was checked there (the restored database is that backup)."""
    backup_home: str
    current_home: str | None
    other_home: bool

    def id_in(self, staff: list[StaffMember]) -> int | None:
        """Their id in the restored database: the one their PIN was checked against, else the manager there of
        exactly their name; else None (the audit row keeps their name), never someone else's."""
        if self.backup_id is not None:
            return self.backup_id
        same = [s for s in staff if s.name == self.name and s.role.value == "manager"]
        return same[0].id if len(same) == 1 else None


def _may_restore(path: Path, backup_file: Path, by: str, other_home: bool) -> Restorer:
    """Sign in the manager restoring, with their PIN, always: against the current database when it can be
    trusted, else against the backup being restored (read without changing it: db.peek). Refuses another
    home's backup unless `other_home`. A wrong PIN, someone who is not a manager, or a manager with no PIN
    (nobody could check it was them) is refused, changing nothing."""
    from db import integrity
    from db.peek import peek, same_home
    from db.store import read_settings

    incoming = peek(backup_file)
    backup_home = incoming.home_name or "a home with no name"
    current = read_settings(path) if path.exists() else None
    other = current is not None and "home_name" in current and not same_home(current, incoming.settings)
    if other and not other_home:
        raise PlainError(
            f"{backup_file} is a backup of {backup_home}, not of {current.get('home_name') if current else ''} "
            f"(the home at {path}). Nothing was changed. To put {backup_home}'s records in place of these, "
            "add --other-home."
        )
    current_home = current.get("home_name") if current else None
    if path.exists() and integrity.startup_check(path).ok:
        with _context(path) as ctx:
            person = ctx.service.check_allowed(ctx.service.find_staff(by), "restore")  # the role, before the PIN
            if not ctx.service.has_pin(person):
                raise PlainError(
                    f"Restoring needs a manager's PIN, and {person.name} has none yet. Set one first: "
                    f"handover people set-pin '{person.name}' --by '{person.name}'. Nothing was changed."
                )
            actor = ctx.service.check_allowed(signed_in(ctx, by), "restore")
        return Restorer(actor.name, "the current database", None, backup_home, current_home, other)
    # The current database cannot say who its managers are (missing, damaged or altered): the backup can.
    actor = _sign_in_against(incoming, backup_file, by)
    return Restorer(actor.name, "the backup", actor.id, backup_home, current_home, other)


def _sign_in_against(incoming: Any, backup_file: Path, by: str) -> StaffMember:
    """`by` signed in with their PIN as the backup knows them: a manager there, with a PIN there, typed right.
    Nothing is written (the backup is only read), so a wrong PIN is refused without being counted."""
    from handover.cli_support import PIN_ENV
    from handover.domain import permissions
    from handover.domain.names import resolve
    from handover.domain.pins import pin_matches

    person = resolve(by, list(incoming.staff), "staff member")
    if not permissions.allowed(person, "restore"):
        raise PlainError(
            f"{person.name} is not a manager in that backup: only a manager can restore a backup. Nothing was changed."
        )
    stored = incoming.pin_hashes.get(person.id)
    if not stored:
        raise PlainError(
            f"The current database cannot be checked, and {person.name} has no PIN in {backup_file}, so nobody "
            "can check who is restoring. Nothing was changed. Ask whoever looks after this PC for help."
        )
    pin = os.environ.get(PIN_ENV)
    if pin is None:
        if not _at_terminal():
            raise PlainError(f"Type {person.name}'s PIN at a terminal, or give it in {PIN_ENV}. Nothing was changed.")
        pin = click.prompt(
            f"PIN for {person.name} (as the backup knows it)", hide_input=True, err=True, default="", show_default=False
        )
    if not pin_matches(pin.strip()[:64], stored):
        raise PlainError(f"That is not {person.name}'s PIN as the backup knows it. Nothing was changed.")
    return person


# -- audit -------------------------------------------------------------------------------------------
@click.command("audit")
@db_option
@click.option("--person", metavar="NAME", help="Only what this staff member did.")
@click.option("--young-person", "young_person", metavar="NAME", help="Only what concerns this young person.")
@click.option("--since", metavar="WHEN", help="From this time on, e.g. 2026-11-01 or 'yesterday 07:00'.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--by", metavar="NAME", help="The manager reading it (required).")
@plain_errors
def audit_command(
    db: Path | None, person: str | None, young_person: str | None, since: str | None, as_json: bool, by: str | None
) -> None:
    """List who did what and when: every entry, sign-in, backup, restore and export."""
    from db import audit

    if not by:
        raise click.UsageError("Say which manager is reading the audit with --by NAME.")
    with _context(db) as ctx:
        # What can be mistyped is read first: a mistake costs no PIN check and leaves no sign-in in the audit.
        actor = find_anyone(person, ctx.store.staff(), "staff member") if person else None
        yp = find_anyone(young_person, ctx.store.young_people(), "young person") if young_person else None
        at = ctx.parse_when(since) if since else None
        ctx.service.check_allowed(signed_in(ctx, by), "audit")
        found = audit.entries(ctx.store, actor.id if actor else None, yp.id if yp else None, at, tz=ctx.tz)
        if as_json:
            out = [
                {
                    "at": e.at.isoformat(),
                    "by": e.actor,
                    "action": e.action,
                    "what": e.what,
                    "young_person": e.young_person,
                    "rupture_id": e.rupture_id,
                    "detail": e.detail,
                }
                for e in found
            ]
            say_document(json.dumps(out, indent=2, ensure_ascii=False), nl=True)
            return
        if not found:
            say("Nothing recorded" + (" that matches." if person or young_person or since else " yet."))
        for e in found:
            when = e.at.astimezone(ctx.tz).strftime("%a %d %b %Y %H:%M")
            about = f"  [{e.young_person}]" if e.young_person else ""
            who = e.actor or ("(the board)" if e.detail.get("automatic") else "(no name given)")
            say(f"{when}  {who:<20} {e.what}{about}")


# -- export ------------------------------------------------------------------------------------------
def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "record"


@click.command()
@db_option
@click.option("--young-person", "young_person", metavar="NAME", help="Everything recorded about this young person.")
@click.option("--all", "everything", is_flag=True, help="The whole database, for moving to another system.")
@click.option("--by", metavar="NAME", help="Who is exporting (required; kept in the audit).")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json", "csv"]), help="Default: html (--all: none).")
@click.option("--out", type=click.Path(path_type=Path), help="The file (or, for csv, the new folder); '-' prints.")
@plain_errors
def export(
    db: Path | None, young_person: str | None, everything: bool, by: str | None, fmt: str | None, out: Path | None
) -> None:
    """Export a young person's record (subject access request) or the whole database (--all)."""
    from db import audit

    if bool(young_person) == everything:
        raise click.UsageError("Give --young-person NAME, or --all.")
    if not by:
        raise click.UsageError("Say who is exporting with --by NAME: every export is recorded in the audit.")
    if everything and (fmt not in ("json", "csv") or out is None):
        raise click.UsageError("--all needs --format json or csv, and --out PATH.")
    if young_person and fmt == "csv":
        raise click.UsageError("A young person's record is exported as html, md or json.")
    from db.files import check_output_folder, check_output_path, with_mark, write_private_atomic

    with _context(db) as ctx:
        # Everything that can be mistyped is checked before signing in (who the record is about, where it
        # goes: never the database, never an existing file), so a mistake costs no PIN check, leaves no sign-in
        # in the audit, and nothing is recorded as exported that could not be written.
        now = ctx.clock.now()
        yp = find_anyone(young_person, ctx.store.young_people(), "young person") if young_person else None
        if everything:
            assert out is not None and fmt is not None
            if fmt == "json":
                check_output_path(out, refuse=[ctx.path], replace=False, what="the export")
            else:
                check_output_folder(out, refuse=[ctx.path], what="the export")
        else:
            assert yp is not None
            fmt = fmt or "html"
            target = out or Path(f"{_slug(yp.name)}-record-{now.astimezone(ctx.tz):%Y-%m-%d}.{fmt}")
            printed = str(target) == "-"
            if not printed:
                target = target.absolute()  # the audit says exactly where the record went
                check_output_path(target, refuse=[ctx.path], replace=False, what="the record")
        actor = ctx.service.check_allowed(signed_in(ctx, by), "export")
        if everything:
            assert out is not None and fmt is not None
            detail = {"all": True, "format": fmt, "file": str(out.absolute())}
            audit.record(ctx.store, now, actor.id, "export", detail=detail)
            _export_all(ctx, fmt, out, now)
            say(f"Exported the whole database ({fmt}) to {out}. It is private: keep it that way.")
            return
        from handover.exports import export_young_person

        assert yp is not None and fmt is not None
        text = export_young_person(ctx.store, yp.id, fmt, ctx.tz, now=now)  # type: ignore[arg-type]
        # Recorded before the file is written: an export that half-happened is in the audit, never one unseen.
        detail = {"format": fmt, "file": "(printed)" if printed else str(target)}
        audit.record(ctx.store, now, actor.id, "export", young_person_id=yp.id, detail=detail)
        if printed:
            say_document(text)
            return
        # Whole or not at all, private from the first byte, never over the database or any existing file.
        write_private_atomic(target, with_mark(text, fmt), refuse=[ctx.path], replace=False, what="the record")
        say(f"Wrote everything recorded about {yp.name} to {target} (readable by you only).")


def _export_all(ctx: Any, fmt: str, out: Path, now: datetime) -> None:
    from handover.exports import export_all

    with ExitStack() as stack:
        bars: list[Any] = []

        def progress(done: int, total: int) -> None:
            if not sys.stderr.isatty():
                return  # a script's stderr gets the one line of the outcome, no progress bar
            if not bars:
                bars.append(stack.enter_context(click.progressbar(length=total, label="Exporting", file=sys.stderr)))
            bars[0].update(done - bars[0].pos)

        export_all(ctx.store, fmt, out, progress, now=now, refuse=[ctx.path])  # type: ignore[arg-type]
