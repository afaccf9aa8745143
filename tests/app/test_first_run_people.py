"""First run on a new database, the `board` command's handling of missing and damaged files, and the people
screen (m): adding people and marking someone as having left, never deleting them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from db.store import Store
from handover.app import HandoverApp, make_app
from handover.cli import cli
from handover.clock import FrozenClock
from handover.config import Config
from handover.dialogs.confirm import ConfirmScreen
from handover.domain.board import sections
from handover.domain.enums import Role
from handover.domain.errors import HandoverError
from handover.screens.board import BoardScreen
from handover.screens.first_run import FirstRunScreen
from handover.screens.forms.new_rupture import NewRuptureForm
from handover.screens.people import PeopleScreen
from handover.screens.who import WhoScreen
from tests.app.helpers import board_app, wait_for_workers, wait_until
from tests.conftest import Home
from widgets.person_field import PersonField
from widgets.rupture_board import RuptureBoard

SIZE = (120, 40)


def new_home_app(db_path: Path, clock: FrozenClock, tz: object) -> HandoverApp:
    config = Config(db=db_path, poll_seconds=0.02)
    return make_app(db_path, clock=clock, tz=tz, config=config)  # type: ignore[arg-type]


def note_under(app: HandoverApp, field_id: str) -> str:
    """The hint or refusal shown under a field."""
    field = app.screen.query_one(f"#{field_id}")
    assert field.parent is not None
    return str(field.parent.query_one(".entry-note", Static).render())


def exists(path: Path) -> bool:
    return path.exists()


def names(store: Store) -> tuple[list[str], list[str]]:
    return [p.name for p in store.young_people()], [s.name for s in store.staff()]


async def type_in(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def add(pilot: Pilot[None], text: str, count: int, count_now: object) -> None:
    """Type a name, press Enter, and wait until it is written (the write runs on a worker thread)."""
    await type_in(pilot, text)
    await pilot.press("enter")
    await wait_until(pilot, lambda: count_now() == count)  # type: ignore[operator]


# -- first run ----------------------------------------------------------------------------------------
async def test_first_run_sets_up_a_new_home_and_opens_the_board(db_path: Path, clock: FrozenClock, tz: object) -> None:
    assert not exists(db_path)
    app = new_home_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        assert app.focused is screen.query_one("#home-name", Input)
        await type_in(pilot, "Larch House")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen._home == "Larch House")
        assert exists(db_path)
        # Focus moves on to the young people; Enter adds each one, arrival date optional.
        assert app.focused is screen.query_one("#yp-name", Input)
        await type_in(pilot, "Jordan Mills")
        await pilot.press("tab")
        await type_in(pilot, "2026-03-02")
        assert note_under(app, "yp-arrived") == "→ Mon 02 Mar 2026"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen._young_people) == 1)
        assert app.focused is screen.query_one("#yp-name", Input)
        assert screen.query_one("#yp-arrived", Input).value == ""
        await type_in(pilot, "Riley Tanaka")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen._young_people) == 2)
        listed = str(screen.query_one("#yp-list", Static).render())
        assert "Jordan Mills   arrived 02 Mar 2026" in listed and "Riley Tanaka" in listed
        # On to the staff: a name, a role letter, Enter (from the role field too).
        await pilot.press("tab", "tab")
        assert app.focused is screen.query_one("#staff-name", Input)
        await type_in(pilot, "Sam Kell")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen._staff) == 1)
        await type_in(pilot, "Priya Shah")
        await pilot.press("tab", "l", "enter")
        await wait_until(pilot, lambda: len(screen._staff) == 2)
        assert "Priya Shah   shift lead" in str(screen.query_one("#staff-list", Static).render())
        # Without a manager nobody could add people once the board runs: the first run asks for one.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Add the home's manager too" in str(screen.query_one("#finish-error", Static).render())
        assert app.focused is screen.query_one("#staff-name", Input)
        await type_in(pilot, "Morgan Blake")
        await pilot.press("tab", "m", "enter")
        await wait_until(pilot, lambda: len(screen._staff) == 3)
        await pilot.press("ctrl+s")
        # The board replaces the first run and asks who is at the keyboard.
        await wait_until(pilot, lambda: isinstance(app.screen, WhoScreen))
        assert not any(isinstance(s, FirstRunScreen) for s in app.screen_stack)
        board = app.screen_stack[-2]
        assert isinstance(board, BoardScreen)
        table = board.query_one(RuptureBoard)
        rows = [str(row.key.value) for row in table.ordered_rows]
        assert len(rows) == 2
        assert [str(table.get_cell(r, "owner")) for r in rows] == ["nothing open", "nothing open"]
        assert app.title == "handover · Larch House"
    store = Store.open(db_path)
    try:
        assert store.settings().home_name == "Larch House"
        assert names(store) == (["Jordan Mills", "Riley Tanaka"], ["Sam Kell", "Priya Shah", "Morgan Blake"])
        assert [s.role for s in store.staff()] == [Role.STAFF, Role.SHIFT_LEAD, Role.MANAGER]
    finally:
        store.close()


async def test_finishing_without_staff_is_refused(db_path: Path, clock: FrozenClock, tz: object) -> None:
    app = new_home_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        await type_in(pilot, "Larch House")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen._home is not None)
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = str(screen.query_one("#finish-error", Static).render())
        assert "Add at least one staff member before the board opens" in message
        assert app.screen is screen
        assert app.focused is screen.query_one("#staff-name", Input)
        # A name typed in the wrong list and not added with Enter is not added behind the user's back.
        screen.query_one("#yp-name", Input).focus()
        await type_in(pilot, "Sam Kell")
        await pilot.press("ctrl+s")
        error = screen.query_one("#finish-error", Static)
        await wait_until(pilot, lambda: "Something is typed above but not added yet" in str(error.render()))
        await wait_for_workers(pilot)  # and nothing was added behind the user's back meanwhile
        assert note_under(app, "yp-name") == "Not added yet: press Enter to add this young person, or clear it."
        assert app.screen is screen
    store = Store.open(db_path)
    try:
        assert names(store) == ([], [])
    finally:
        store.close()


async def test_adding_before_naming_the_home_says_so(db_path: Path, clock: FrozenClock, tz: object) -> None:
    app = new_home_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        await type_in(pilot, "Jordan Mills")
        await pilot.press("enter")
        await pilot.pause()
        assert note_under(app, "yp-name") == "Name the home first (step 1, above)."
        assert not exists(db_path)


async def test_duplicate_and_too_long_names_refused_beside_the_field(
    db_path: Path, clock: FrozenClock, tz: object
) -> None:
    app = new_home_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        await type_in(pilot, "Larch House")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen._home is not None)
        await add(pilot, "Jordan Mills", 1, lambda: len(screen._young_people))
        # Said as it is typed, and refused by the service on Enter: nothing written.
        await type_in(pilot, "jordan  mills")
        assert note_under(app, "yp-name").startswith("There is already a young person called Jordan Mills")
        await pilot.press("enter")
        await wait_for_workers(pilot)  # the add has been tried, and refused
        assert note_under(app, "yp-name").startswith("There is already a young person called Jordan Mills")
        assert screen.query_one("#yp-name", Input).value == "jordan  mills"  # kept, to correct
        screen.query_one("#yp-name", Input).value = "x" * 81  # as if pasted
        await pilot.pause()
        assert "is 81 characters long; the most is 80" in note_under(app, "yp-name")
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert "is 81 characters long; the most is 80" in note_under(app, "yp-name")
    store = Store.open(db_path)
    try:
        assert names(store) == (["Jordan Mills"], [])
    finally:
        store.close()


async def test_unfinished_first_run_picks_up_where_it_stopped(
    db_path: Path, clock: FrozenClock, tz: object, store: Store
) -> None:
    from handover.service import Service

    sv = Service(store, clock, tz)  # type: ignore[arg-type]
    sv.init_home("Larch House")
    sv.add_young_person("Jordan Mills")
    app = new_home_app(db_path, clock, tz)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        await wait_until(pilot, lambda: screen._home == "Larch House")
        assert screen.query_one("#home-name", Input).disabled
        assert "Jordan Mills" in str(screen.query_one("#yp-list", Static).render())
        # Focus moves on to the staff step once the progress is shown (later on a busy machine).
        await wait_until(pilot, lambda: app.focused is screen.query_one("#staff-name", Input))


# -- the board command --------------------------------------------------------------------------------
@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOVER_TIMEZONE", "Europe/London")
    monkeypatch.delenv("HANDOVER_DB", raising=False)


def test_board_command_refuses_a_damaged_file(cli_env: None, tmp_path: Path) -> None:
    damaged = tmp_path / "home.db"
    damaged.write_bytes(b"this is a shopping list, not a database\n" * 200)
    before = damaged.read_bytes()
    for args in (["board", "--db", str(damaged)], ["--db", str(damaged)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ")
        assert "is damaged or is not a handover database" in result.output
        assert "Traceback" not in result.output
    assert damaged.read_bytes() == before


def test_board_command_creates_a_missing_file_quietly(
    cli_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(HandoverApp, "run", lambda self, *a, **k: opened.append(self.db_path))
    for args, path in (
        (["board", "--db", str(tmp_path / "a" / "new.db")], tmp_path / "a" / "new.db"),
        (["--db", str(tmp_path / "b.db")], tmp_path / "b.db"),  # `handover` alone opens the board
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert result.output == ""
        assert path.exists()
        assert opened[-1] == path
    # The other commands still refuse a missing file rather than create one.
    result = CliRunner().invoke(cli, ["list", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1 and result.output.startswith("Error: There is no database")
    assert not (tmp_path / "c.db").exists()


# -- the people screen --------------------------------------------------------------------------------
async def open_people(app: HandoverApp, pilot: Pilot[None]) -> PeopleScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen._snapshot is not None)
    await pilot.press("m")
    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen._snapshot is not None)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


def option_ids(screen: PeopleScreen, list_id: str) -> list[str | None]:
    return [o.id for o in screen.query_one(f"#{list_id}", OptionList).options]


async def test_people_screen_adds_a_young_person_and_a_staff_member(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)  # adding and marking leavers is a manager's job
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        assert app.focused is screen.query_one("#young-people-list", OptionList)
        assert option_ids(screen, "young-people-list") == [f"yp-{p.id}" for p in (home.casey, home.jordan, home.riley)]
        await pilot.press("a")
        assert app.focused is screen.query_one("#yp-name", Input)
        await add(pilot, "Alex Reid", 4, lambda: len(store.young_people()))
        await pilot.press("escape")  # out of the entry, back to the list
        assert app.focused is screen.query_one("#young-people-list", OptionList)
        await pilot.press("s")
        await type_in(pilot, "Jo Park")
        await pilot.press("tab", "m", "enter")
        await wait_until(pilot, lambda: len(store.staff()) == 5)
        assert store.staff()[-1].name == "Jo Park" and store.staff()[-1].role is Role.MANAGER
        alex = store.young_people()[-1]
        await wait_until(pilot, lambda: f"yp-{alex.id}" in option_ids(screen, "young-people-list"))
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, BoardScreen)


async def test_marking_a_young_person_as_left(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)  # adding and marking leavers is a manager's job
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        await pilot.press("down")  # Casey, then Jordan (alphabetical)
        await pilot.press("x")  # x, not l: l locks the board everywhere
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question == (
            "Mark Jordan Mills as having left? Their records are kept; they drop off the pickers and the board."
        )
        await pilot.press("y")
        await wait_until(pilot, lambda: not store.young_people()[0].active)
        # Kept, never deleted: the list shows them under "left the home".
        await wait_until(pilot, lambda: option_ids(screen, "young-people-list")[-1] == f"yp-{home.jordan.id}")
        assert option_ids(screen, "young-people-list")[-2] is None  # the "left the home" heading
        assert [p.name for p in store.young_people()] == ["Jordan Mills", "Riley Tanaka", "Casey Doyle"]
        await pilot.press("escape")
        board = app.screen
        assert isinstance(board, BoardScreen)
        await wait_until(
            pilot,
            lambda: (
                f"yp-{home.jordan.id}" not in [str(r.key.value) for r in board.query_one(RuptureBoard).ordered_rows]
            ),
        )
        assert board._snapshot is not None
        shown = [s.young_person.name for s in sections(board._snapshot, clock.now())]
        assert shown == ["Casey Doyle", "Riley Tanaka"]
        # Off the picker of the new-rupture form too.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewRuptureForm))
        picker = app.screen.query_one("#young_person", PersonField)
        picker.value = "Jordan"
        assert picker.candidates() == []
        picker.value = "Jordan Mills"
        with pytest.raises(HandoverError):
            picker.person()


async def test_no_at_the_question_leaves_them(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.morgan)  # adding and marking leavers is a manager's job
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        await pilot.press("down", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_for_workers(pilot)  # no write started after the "no"
        assert all(p.active for p in store.young_people())
        list_ = screen.query_one("#young-people-list", OptionList)
        assert list_.highlighted is not None
        assert list_.get_option_at_index(list_.highlighted).id == f"yp-{home.jordan.id}"


async def test_the_last_staff_member_cannot_be_marked_as_left(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    for member in (home.sam, home.priya, home.dev):
        store.set_active(member, False)
    app = board_app(db_path, clock, tz, actor=home.morgan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        screen.query_one("#staff-list", OptionList).focus()
        await pilot.pause()
        assert option_ids(screen, "staff-list")[0] == f"staff-{home.morgan.id}"
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen  # refused before asking: nobody would be left to sign in
        assert store.staff()[-1].active


async def test_staff_who_are_not_managers_are_told_plainly(
    db_path: Path, clock: FrozenClock, tz: object, home: Home, store: Store
) -> None:
    app = board_app(db_path, clock, tz, actor=home.sam)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_people(app, pilot)
        assert "Only a manager can add people" in str(screen.query_one("#people-status", Static).render())
        await pilot.press("a")
        await type_in(pilot, "Alex Reid")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "manager" in note_under(app, "yp-name"))
        assert note_under(app, "yp-name").startswith("Sam Kell is staff")
        assert len(store.young_people()) == 3
