"""PINs, pure: what a PIN may be, the stored hash (format, salt, constant-time check), and the lock-out count."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handover.domain.errors import InvalidInput
from handover.domain.pins import (
    LOCK_FOR,
    MAX_FAILURES,
    after_wrong_pin,
    check_pin,
    easy_to_guess,
    hash_pin,
    is_locked,
    locked_message,
    pin_matches,
    wrong_pin_message,
)

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("pin", ["2580", "40917", "731946", "0518273", "92650381", "0007"])
def test_four_to_eight_digits_accepted(pin: str) -> None:
    assert check_pin(pin) == pin


@pytest.mark.parametrize(
    ("pin", "says"),
    [
        ("", "Type a PIN"),
        ("258", "4 to 8 digits; that one has 3"),
        ("925803714", "4 to 8 digits; that one has 9"),
        ("25a8", "digits only"),
        ("25 80", "digits only"),
        (" 2580", "digits only"),
        ("2580\n", "digits only"),
        ("-2580", "digits only"),
        ("٢٥٨٠", "digits only"),  # Arabic-Indic digits are digits to Python, not on the office keyboard
        ("²⁵⁸⁰", "digits only"),
    ],
)
def test_other_pins_refused_in_plain_words(pin: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as err:
        check_pin(pin)
    assert err.value.field == "pin"
    if len(pin) >= 4:
        assert pin.strip() not in err.value.message  # a PIN is never echoed back


@pytest.mark.parametrize("pin", ["0000", "1111", "1234", "4321", "12345678", "87654321", "3456", "99999"])
def test_easy_to_guess_refused(pin: str) -> None:
    assert easy_to_guess(pin)
    with pytest.raises(InvalidInput, match="too easy to guess"):
        check_pin(pin)


@pytest.mark.parametrize("pin", ["1235", "9012", "1212", "0987", "2468"])
def test_not_quite_a_run_is_fine(pin: str) -> None:
    assert not easy_to_guess(pin)


def test_hash_format_is_scrypt_with_parameters_salt_and_hash() -> None:
    stored = hash_pin("2580")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert "2580" not in stored
    expected = hashlib.scrypt(b"2580", salt=bytes.fromhex(salt), n=2**14, r=8, p=1, dklen=32)
    assert digest == expected.hex()


def test_every_hash_has_its_own_salt() -> None:
    first, second = hash_pin("2580"), hash_pin("2580")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert pin_matches("2580", first) and pin_matches("2580", second)


def test_a_given_salt_gives_the_same_hash() -> None:
    salt = bytes(range(16))
    assert hash_pin("2580", salt=salt) == hash_pin("2580", salt=salt)
    with pytest.raises(ValueError):
        hash_pin("2580", salt=b"short")


def test_hashing_refuses_a_pin_that_is_not_one() -> None:
    with pytest.raises(InvalidInput):
        hash_pin("12")


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("40917")


@pytest.mark.parametrize("typed", ["40918", "4091", "409170", "04917", "", "40917 ", "abcde", "٤٠٩١٧"])
def test_wrong_pin_does_not_match(stored: str, typed: str) -> None:
    assert not pin_matches(typed, stored)


def test_right_pin_matches(stored: str) -> None:
    assert pin_matches("40917", stored)


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch, stored: str) -> None:
    import hmac

    import handover.domain.pins as pins

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)  # pins imports hmac when it compares
    assert pins.pin_matches("40917", stored) and not pins.pin_matches("11235", stored)
    assert len(calls) == 2


@pytest.mark.parametrize(
    "broken",
    [
        "",
        "2580",
        "bcrypt$16384$8$1$00$00",
        "scrypt$16384$8$1$zz$00",
        "scrypt$16384$8$1$00",
        "scrypt$16383$8$1$" + "00" * 16 + "$" + "00" * 32,  # n not a power of two
        "scrypt$1073741824$8$1$" + "00" * 16 + "$" + "00" * 32,  # edited to ask for gigabytes
        "scrypt$16384$8$1$" + "00" * 16 + "$",
    ],
)
def test_a_malformed_or_tampered_hash_never_matches(broken: str) -> None:
    assert not pin_matches("2580", broken)


# -- lock-out -----------------------------------------------------------------------------------------------
def test_five_wrong_in_a_row_lock_for_five_minutes_and_start_the_count_again() -> None:
    failures, until = 0, None
    for n in range(1, MAX_FAILURES):
        failures, until = after_wrong_pin(failures, NOW)
        assert (failures, until) == (n, None)
    failures, until = after_wrong_pin(failures, NOW)
    assert (failures, until) == (0, NOW + timedelta(minutes=5))
    assert LOCK_FOR == timedelta(minutes=5) and MAX_FAILURES == 5


def test_locked_until_the_moment_passes() -> None:
    until = NOW + LOCK_FOR
    assert not is_locked(None, NOW)
    assert is_locked(until, NOW)
    assert is_locked(until, until - timedelta(seconds=1))
    assert not is_locked(until, until)


def test_messages_in_the_homes_time() -> None:
    until = datetime(2026, 7, 1, 19, 5, tzinfo=UTC)  # summer: 20:05 in the home
    assert locked_message("Sam Kell", until, ZoneInfo("Europe/London")) == (
        "Too many wrong PINs for Sam Kell: sign-in is locked until 20:05. Ask a shift lead or wait."
    )
    assert wrong_pin_message("Sam Kell", 3) == (
        "That is not Sam Kell's PIN. 3 more tries before sign-in locks for 5 minutes."
    )
    assert "1 more try before" in wrong_pin_message("Sam Kell", 1)
