"""Finding a person from what someone typed: full name, a unique start, first name, initials; refusals in words."""

from __future__ import annotations

import pytest

from handover.domain.errors import InvalidInput, NotFound
from handover.domain.models import StaffMember, YoungPerson
from handover.domain.names import initials, initials_mask, initials_mask_when_used, matches, resolve

YOUNG_PEOPLE = [
    YoungPerson(id=1, name="Jordan Mills"),
    YoungPerson(id=2, name="Riley Tanaka"),
    YoungPerson(id=3, name="Casey Doyle"),
    YoungPerson(id=4, name="Alex Reid", active=False),
]
STAFF = [
    StaffMember(id=1, name="Sam Kell"),
    StaffMember(id=2, name="Sam Osei"),
    StaffMember(id=3, name="Priya Shah"),
    StaffMember(id=4, name="Dev Okafor"),
    StaffMember(id=5, name="Sam Kelligan"),
]


def yp(query: str) -> YoungPerson:
    return resolve(query, YOUNG_PEOPLE, "young person")


def staff(query: str) -> StaffMember:
    return resolve(query, STAFF, "staff member")


def test_initials() -> None:
    assert initials("Jordan Mills") == "JM"
    assert initials("  riley   tanaka ") == "RT"


def test_matches_word_starts_and_initials_only() -> None:
    assert matches("mil", "Jordan Mills")
    assert matches("jm", "Jordan Mills")
    assert not matches("ills", "Jordan Mills")
    assert not matches("j m", "Jordan Mills")


@pytest.mark.parametrize("typed", ["Jordan Mills", "jordan mills", "  JORDAN   MILLS  "])
def test_full_name_any_case_and_spacing(typed: str) -> None:
    assert yp(typed).id == 1


@pytest.mark.parametrize("typed", ["Jor", "jordan", "Mills", "JM", "jm"])
def test_unique_start_first_name_surname_or_initials(typed: str) -> None:
    assert yp(typed).name == "Jordan Mills"


def test_exact_name_wins_over_a_longer_name_it_starts() -> None:
    assert staff("sam kell").name == "Sam Kell"


def test_ambiguous_first_name_lists_the_choices() -> None:
    with pytest.raises(InvalidInput) as err:
        staff("Sam")
    assert err.value.message == (
        "'Sam' could be more than one staff member: Sam Kell, Sam Kelligan, Sam Osei. Type more of the name."
    )


def test_ambiguous_initials() -> None:
    people = [YoungPerson(id=1, name="Riley Tanaka"), YoungPerson(id=2, name="Robin Tate")]
    with pytest.raises(InvalidInput, match="could be more than one young person: Riley Tanaka, Robin Tate"):
        resolve("RT", people, "young person")


def test_unknown_first_name_offers_the_closest() -> None:
    with pytest.raises(NotFound) as err:
        yp("Jordon")
    assert err.value.message == "No young person called 'Jordon' - did you mean Jordan Mills?"


def test_misspelt_full_name_offers_the_closest() -> None:
    with pytest.raises(NotFound, match="did you mean Priya Shah\\?"):
        staff("Priya Shaw")


def test_unknown_and_nothing_close_says_how_to_add() -> None:
    with pytest.raises(NotFound) as err:
        yp("Zebedee")
    assert err.value.message.startswith("No young person called 'Zebedee'. Check the spelling")
    assert "handover people add" in err.value.message


def test_leaver_refused_by_name() -> None:
    with pytest.raises(NotFound) as err:
        yp("alex reid")
    assert err.value.message == "Alex Reid has left the home, so cannot be chosen for something new."


def test_leaver_typed_by_a_start_of_the_name_is_told_they_left() -> None:
    # Not "add them with `handover people add`": that would invite adding the same person twice.
    with pytest.raises(NotFound) as err:
        yp("Ale")
    assert err.value.message == "Alex Reid has left the home, so cannot be chosen for something new."


@pytest.mark.parametrize("typed", ["", "   "])
def test_nothing_typed(typed: str) -> None:
    with pytest.raises(InvalidInput, match="No young person given"):
        yp(typed)


# -- initials only -------------------------------------------------------------------------------------------
NAMES = ("Jordan Mills", "Sam Kell", "Sam Osei", "Will Hart", "Priya Shah")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Jordan Mills", "JM"),
        ("Sam Kell, Priya Shah", "SK, PS"),
        ("I shouted at Jordan at tea; Jordan's face fell", "I shouted at JM at tea; JM's face fell"),
        ("jordan  mills said no", "JM said no"),  # a full name in any case and spacing
        ("Sam asked Kell", "S. asked SK"),  # a shared first name becomes its letter
        ("I will ask Will", "I will ask WH"),  # a first name alone only as written
        ("Jordanna is new", "Jordanna is new"),  # whole words only
        ("nothing open", "nothing open"),
    ],
)
def test_initials_mask_writes_names_as_initials(text: str, shown: str) -> None:
    assert initials_mask(NAMES)(text) == shown


def test_initials_mask_without_names_changes_nothing() -> None:
    assert initials_mask(())("Jordan Mills") == "Jordan Mills"


def test_the_mask_built_when_used_masks_as_the_mask_does_and_is_the_same_for_the_same_names() -> None:
    names = ("Jordan Mills", "Sam Kell", "Sam Osei")
    later = initials_mask_when_used(names)
    text = "Sam told Jordan Mills that sam kell would be back; I will talk to him"
    assert later(text) == initials_mask(names)(text) == "S. told JM that SK would be back; I will talk to him"
    # The board hands the mask to its widgets on every read: the same names must give the same function.
    assert initials_mask_when_used(tuple(names)) is later
    assert initials_mask_when_used(("Jordan Mills",)) is not later
