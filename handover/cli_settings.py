"""`handover settings`: show the home's settings, and change one (a manager: `settings set KEY VALUE --by NAME`).

The settings are the thresholds every terminal shares: when a rupture shows as due soon and overdue (the
overdue time is also the repair window the patterns measure), and what makes a relationship worth a
conversation in supervision. One table names and checks them (`handover.domain.settable`). Registered lazily
on the main `handover` group (handover/cli.py's LAZY_COMMANDS).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from handover.cli_support import PlainUsageGroup, _context, by_option, db_option, plain_errors, signed_in


class SettingName(click.ParamType):
    """A setting's name ("pattern-days" or "pattern_days"); an unknown one is a usage mistake naming them all."""

    name = "KEY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from handover.domain.errors import InvalidInput
        from handover.domain.settable import setting_named

        try:
            return setting_named(str(value)).key
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


@click.group(cls=PlainUsageGroup)
def settings() -> None:
    """Show or change the home's settings: when ruptures are due soon and overdue, and the pattern thresholds."""


@settings.command("show")
@db_option
@plain_errors
def settings_show(db: Path | None) -> None:
    """List each setting a manager can change, its value and what it does."""
    from handover.domain.settable import SETTABLE, current_value

    with _context(db) as ctx:
        home = ctx.service.home_settings()
    width = max(len(s.word) for s in SETTABLE)
    for setting in SETTABLE:
        value = setting.shown(current_value(setting, home))
        click.echo(f"{setting.word:<{width}}  {value:<8}  {setting.what}")


@settings.command("set")
@db_option
@click.argument("key", type=SettingName())
@click.argument("value")
@by_option("The manager changing it (signed in with their PIN).")
@plain_errors
def settings_set(db: Path | None, key: str, value: str, by: str) -> None:
    """Set KEY to VALUE for the whole home (a manager). `handover settings show` lists them."""
    with _context(db) as ctx:
        actor = signed_in(ctx, by)
        changed = ctx.service.set_setting(actor, key, value)
    setting = changed.setting
    if changed.before == changed.after:
        click.echo(f"{setting.word} is already {setting.shown(changed.after)}: nothing changed.")
        return
    click.echo(
        f"{setting.word} is now {setting.shown(changed.after)} (was {setting.shown(changed.before)}), "
        f"set by {actor.name}. Every board follows at its next refresh."
    )
