"""Use case: a manager changes one of the home's settings (its thresholds: `domain.settable.SETTABLE`).

Checked in plain words by the domain's table, written with a record entry naming who changed it and when
(`Store.put_settings`), so every terminal's board and patterns follow the new value at their next read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from handover.domain.models import StaffMember
from handover.domain.permissions import Action
from handover.service.base import ServiceBase

if TYPE_CHECKING:
    from handover.domain.settable import Settable


@dataclass(frozen=True)
class SettingChanged:
    """What `set_setting` did."""

    setting: Settable
    before: float | str
    after: float | str


class SettingsCases(ServiceBase):
    """Changing the home's settings. Combined with the other use cases in `handover.service.Service`."""

    def set_setting(self, actor: StaffMember, key: str, value: str) -> SettingChanged:
        """Set `key` ("pattern-days") to `value` (as typed) for the whole home; a manager's step."""
        from handover.domain.settable import checked_value, current_value, setting_named  # not on the start path

        setting = setting_named(key)
        current = self._authorise(actor, Action.SETTINGS.value)
        settings = self.store.settings()
        new = checked_value(setting, value, settings)
        after = new if isinstance(new, str) else float(new)
        before = current_value(setting, settings)
        if after != before:
            self.store.put_settings(at=self.clock.now(), actor_id=current.id, **{setting.key: new})
        return SettingChanged(setting, before, after)
