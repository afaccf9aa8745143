"""AmendForm (a): correct what was written. The correction is a new, signed entry; the original stays.

Records are tamper-proof: nothing is overwritten. The form shows what was written, read-only, above the
editor, so the person correcting sees both versions, and asks why it is corrected. "What happened" is
amended by default; ↑/↓ picks an earlier entry (a plan, an attempt, a repair note, a reason) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea
from textual.widgets.option_list import Option

from handover.dialogs.confirm import ConfirmScreen
from handover.domain.amendable import CORRECTABLE, current_text
from handover.domain.enums import EventKind
from handover.domain.errors import HandoverError, InvalidInput
from handover.domain.models import Rupture, StaffMember
from handover.screens.forms.base import RuptureForm, text_check
from handover.screens.forms.plan import checked_text
from handover.screens.privacy import HIDDEN_CELL, PrivateText, keep_private, mask_name, mask_text
from handover.service import Service
from widgets.option_list import OptionList

#: The longest first line shown in the list of entries.
LINE_WIDTH = 32


@dataclass(frozen=True)
class Amendable:
    """One text that can be corrected: "what happened" (event_id None) or an earlier entry's text."""

    event_id: int | None
    title: str
    text: str
    """The text as it reads now: the latest correction, if it has been corrected before."""
    label: str


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= LINE_WIDTH else line[: LINE_WIDTH - 1].rstrip() + "…"


class AmendForm(RuptureForm[Rupture]):
    """Amend what happened, or an earlier entry, of the selected rupture."""

    AUTO_FOCUS = "#target"
    """What to amend comes first: one key (enter or tab) takes "what happened", ↑/↓ another entry."""

    def __init__(self, rupture: Rupture, young_person: str) -> None:
        super().__init__()
        self.rupture = rupture
        self.young_person = young_person
        # Usable before the timeline loads: "what happened" is the usual thing to correct.
        self.targets: list[Amendable] = [
            Amendable(None, "what happened", rupture.what_happened, "what happened (as recorded)")
        ]
        self._target = 0

    def heading(self) -> str:
        return f"Amend the record: #{self.rupture.id} with {self.young_person} ({self.rupture.kind.label})"

    def compose_fields(self) -> ComposeResult:
        yield Static(
            "Your correction is a new entry with your name; what was written stays in the record beside it.",
            classes="form-guidance",
        )
        options = OptionList(*self._options(), id="target", compact=True)
        yield self.row("Amend", options, "↑/↓ choose · enter or tab to correct it")
        yield self.row("As written", PrivateText(self.rupture.what_happened, id="original"))
        text = TextArea(self.rupture.what_happened, id="new_text", soft_wrap=True, tab_behavior="focus", compact=True)
        yield self.row("Corrected", text)
        why = Input(
            id="why", placeholder="e.g. the time was 18:30, not 17:30; a word was opinion, not fact", compact=True
        )
        yield self.row("Why corrected", why)

    def _options(self) -> list[Option]:
        # Text objects, not markup: a record may hold square brackets.
        return [Option(Text(t.label), id=str(i)) for i, t in enumerate(self.targets)]

    def on_mount(self) -> None:
        super().on_mount()
        self.check_as_you_type("new_text", text_check("the corrected text"))
        self.check_as_you_type("why", text_check("why it is corrected"))
        options = self.query_one("#target", OptionList)
        options.highlighted = 0
        editor = self.query_one("#new_text", TextArea)
        editor.move_cursor(editor.document.end)
        keep_private(editor)  # it holds the words as written: hidden while initials only is on
        self.run_worker(self._load(), group="amend-load", exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        """Read the timeline on a worker thread, then offer each earlier entry that has a text."""
        rupture_id = self.rupture.id
        try:
            detail = await self.handover_app.perform(lambda sv: sv.rupture_detail(rupture_id))
        except HandoverError as exc:
            self.show_error(exc)
            return
        events = detail.events
        names = {s.id: s.name for s in detail.staff}
        tz = self.handover_app.tz
        recorded = next((e for e in events if e.kind is EventKind.RECORDED), None)
        first = self.targets[0]
        if recorded is not None:
            by = mask_name(self.app, names.get(recorded.actor_id, "someone"))
            corrected = any(e.kind is EventKind.AMENDED and e.payload.get("field") == "what_happened" for e in events)
            mark = " (corrected)" if corrected else ""
            label = f"what happened · recorded {recorded.at.astimezone(tz):%a %d %b %H:%M} by {by}{mark}"
            first = Amendable(None, first.title, first.text, label)
        found = [first]
        for event in events:
            if (correctable := CORRECTABLE.get(event.kind)) is None or event.id is None:
                continue
            title = correctable.title
            text = current_text(event, events)
            corrected = any(e.kind is EventKind.AMENDED and e.payload.get("event_id") == event.id for e in events)
            if not text:
                continue  # an empty reason or note: nothing was written to correct
            when = f"{event.at.astimezone(tz):%a %d %b %H:%M}"
            who = mask_name(self.app, names.get(event.actor_id, "someone"))
            mark = " (corrected)" if corrected else ""
            shown = mask_text(self.app, _short(text), HIDDEN_CELL)
            found.append(Amendable(event.id, title, text, f"{title} · {when} · {who}{mark}: {shown}"))
        self.targets = found
        options = self.query_one("#target", OptionList)
        options.set_options(self._options())
        options.highlighted = self._target

    @on(OptionList.OptionHighlighted, "#target")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index == self._target or index >= len(self.targets):
            return
        if self.text_in("new_text") == self.targets[self._target].text:
            self._switch(index)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._switch(index)
            else:
                self.query_one("#target", OptionList).highlighted = self._target

        question = f"Throw away your correction of the {self.targets[self._target].title}?"
        self.app.push_screen(ConfirmScreen(question, "yes, amend the other entry"), answered)

    @on(OptionList.OptionSelected, "#target")
    def _selected(self) -> None:
        editor = self.query_one("#new_text", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def _switch(self, index: int) -> None:
        """Amend another entry: show its text as written, and load it into the editor to correct."""
        self._target = index
        target = self.targets[index]
        self.query_one("#original", PrivateText).set_text(target.text)
        editor = self.query_one("#new_text", TextArea)
        editor.load_text(target.text)
        editor.move_cursor(editor.document.end)
        # Loading a text is not typing: Escape should not ask about it.
        self._initial["new_text"] = target.text

    def build(self, actor: StaffMember) -> Callable[[Service], Rupture]:
        target = self.targets[self._target]
        new_text = checked_text(
            self, "new_text", "the corrected text", empty="The corrected text is empty. Write what it should say."
        )
        if new_text == target.text.strip():
            raise InvalidInput("This is what was written. Change it, or press Escape.", field="new_text")
        why = checked_text(self, "why", "why it is corrected", empty="Say in a few words why it is corrected.")
        rupture_id, version, event_id = self.rupture.id, self.rupture.version, target.event_id

        def use_case(service: Service) -> Rupture:
            return service.amend(actor, rupture_id, new_text, why, event_id=event_id, expected_version=version)

        return use_case

    def saved_message(self, result: Rupture) -> str:
        title = self.targets[self._target].title
        return f"Rupture #{result.id}: {title} amended. What was written stays in the record."
