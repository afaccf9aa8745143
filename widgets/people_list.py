"""PeopleList: the young people, or the staff, of the people screen (m): current people by name, then those
who have left under a heading, dimmed and marked "left". Nobody is ever deleted, so leavers stay listed.

The list is refilled after every commit anywhere. The cursor stays on the same person across a refill, by
id, so a key pressed just after a refresh acts on the person it was on; `show(..., move_to=id)` puts it on
someone else (the person just added).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual.widgets.option_list import Option

from handover.domain.models import StaffMember, YoungPerson
from widgets.hanging import hanging, line_room
from widgets.option_list import OptionList

P = TypeVar("P", YoungPerson, StaffMember)


def person_line(person: YoungPerson | StaffMember, width: int, detail: str, name: str | None = None) -> Text:
    """One person in a list: the name (or `name`, as it may be shown: initials) padded to `width`, then what
    matters about them; leavers dimmed and marked "left". The name is the person's own text, never markup."""
    shown = person.name if name is None else name
    text = Text(shown + " " * (width - cell_len(shown) + 2))
    if person.active:
        text.append(detail, style="dim")
    else:
        text.stylize("dim")
        text.append("left" + (f" · {detail}" if detail else ""), style="dim italic")
    return text


class PeopleList(OptionList, Generic[P]):
    """A list of people whose options are keyed `<prefix>-<id>` (`yp-3`, `staff-7`)."""

    def __init__(self, prefix: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.prefix = prefix
        self._people: dict[int, P] = {}
        self._shown: tuple[Sequence[P], Callable[[P], str], Callable[[str], str] | None] | None = None
        """What the last `show` was given, to wrap it again at a new width."""

    def on_resize(self) -> None:
        # Each line is wrapped to the list's width with its own hanging indent: wrapped again at the new one.
        if self._shown is not None:
            people, detail, name = self._shown
            self.show(people, detail, name=name)

    def key(self, person_id: int) -> str:
        return f"{self.prefix}-{person_id}"

    def show(
        self,
        people: Sequence[P],
        detail: Callable[[P], str],
        *,
        move_to: int | None = None,
        name: Callable[[str], str] | None = None,
    ) -> None:
        """Refill the list (a handful of names). The cursor goes to `move_to` if given and listed, else stays on
        the person it was on, else on the same place among the current people. `name` writes each name as it
        may be shown (initials only); the order stays by name either way."""
        highlighted = self.highlighted
        keep = self.highlighted_id() if move_to is None else move_to
        current = sorted((p for p in people if p.active), key=lambda p: p.name.casefold())
        left = sorted((p for p in people if not p.active), key=lambda p: p.name.casefold())
        self._shown = (people, detail, name)
        shown = {p.id: p.name if name is None else name(p.name) for p in people}
        width = max((cell_len(n) for n in shown.values()), default=0)
        # A line too long for the list goes on under what is said about the person, not back under the names
        # (at 80 columns "arrived 07 Mar 2026 · 3 open" broke into a line of its own at the left edge).
        room = line_room(self)

        def line(person: P) -> Text:
            return hanging(person_line(person, width, detail(person), shown[person.id]), room, hang=width + 2)

        options = [Option(line(p), id=self.key(p.id)) for p in current]
        if not current:
            options.append(Option(Text("nobody yet", style="dim italic"), disabled=True))
        if left:
            options.append(Option(Text("── left the home ──", style="dim"), disabled=True))
            options += [Option(line(p), id=self.key(p.id)) for p in left]
        self._people = {p.id: p for p in people}
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in options]
        if keep is not None and self.key(keep) in ids:
            self.highlighted = ids.index(self.key(keep))
        elif current:
            self.highlighted = min(highlighted or 0, len(current) - 1)

    def highlighted_id(self) -> int | None:
        """The id of the person the cursor is on (None: nobody, or a heading)."""
        if self.highlighted is None or not self.option_count:
            return None
        option_id = self.get_option_at_index(self.highlighted).id or ""
        prefix, _, number = option_id.rpartition("-")
        return int(number) if prefix == self.prefix and number.isdigit() else None

    def highlighted_person(self) -> P | None:
        """The person the cursor is on, as last shown."""
        person_id = self.highlighted_id()
        return None if person_id is None else self._people.get(person_id)
