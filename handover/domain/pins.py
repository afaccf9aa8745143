"""PINs: what a PIN may be, how it is kept (only a salted scrypt hash), and when sign-in locks.

Pure: no storage, no clock of its own. `db/pins.py` keeps the hash and the failure count; the service
(`handover/service/access.py`) puts the two together with the home's clock and the audit trail.

A PIN is 4 to 8 digits. It is never stored or logged: only "scrypt$n$r$p$salt_hex$hash_hex", with a fresh
random 16-byte salt for every PIN, compared in constant time. Five wrong PINs in a row lock that person's
sign-in for five minutes; a right PIN clears the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from handover.domain.errors import HandoverError, InvalidInput

MIN_DIGITS = 4
MAX_DIGITS = 8
MAX_FAILURES = 5
"""Wrong PINs in a row that lock a person's sign-in."""
LOCK_FOR = timedelta(minutes=5)
"""How long sign-in stays locked after MAX_FAILURES wrong PINs."""

#: scrypt's cost: n=2**14, r=8 takes about 40 ms and 16 MiB per check, on purpose (a stolen database file
#: cannot be tried against every 4-digit PIN in an instant, and a person signing in does not notice).
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
_SCHEME = "scrypt"
#: The most memory a stored hash may ask for; a hash edited to ask for more is treated as not matching.
_MAX_MEMORY = 64 * 1024 * 1024


class SignInRefused(HandoverError):
    """Sign-in did not go through; the message says why in plain words."""


class WrongPin(SignInRefused):
    """The PIN typed is not this person's."""

    def __init__(self, message: str, tries_left: int) -> None:
        super().__init__(message)
        self.tries_left = tries_left


class SignInLocked(SignInRefused):
    """Too many wrong PINs: this person's sign-in is locked until `until`."""

    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message)
        self.until = until


class NoPinSet(SignInRefused):
    """The person has no PIN yet, so there is nothing to check a PIN against."""


def check_pin(pin: str) -> str:
    """Return `pin` if it is 4 to 8 digits and not easy to guess; otherwise refuse in plain words.

    The PIN itself never appears in a message: it may be typed on a shared screen."""
    if not isinstance(pin, str) or not pin:
        raise InvalidInput("Type a PIN: 4 to 8 digits.", field="pin")
    if not (pin.isascii() and pin.isdigit()):
        raise InvalidInput("A PIN is digits only (0 to 9), 4 to 8 of them.", field="pin")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise InvalidInput(
            f"A PIN is {MIN_DIGITS} to {MAX_DIGITS} digits; that one has {len(pin)}.",
            field="pin",
        )
    if easy_to_guess(pin):
        raise InvalidInput(
            "That PIN is too easy to guess (one digit repeated, or digits in a run like 1234 or 9876). Choose another.",
            field="pin",
        )
    return pin


def easy_to_guess(pin: str) -> bool:
    """One digit repeated (0000) or a straight run up or down (1234, 87654): the first PINs anyone tries."""
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    return steps in ({0}, {1}, {-1})


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form of a PIN: "scrypt$n$r$p$salt_hex$hash_hex". A fresh random salt unless one is given
    (the demo gives one from its seed, so the same seed builds the same file)."""
    check_pin(pin)
    import secrets  # here, with hashlib and hmac below: OpenSSL is loaded when a PIN is checked or set, not at start

    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    if len(salt) < SALT_BYTES:
        raise ValueError(f"a PIN's salt must be at least {SALT_BYTES} bytes")
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the one `stored` was made from; compared in constant time. A malformed or tampered
    stored value never matches (and never raises)."""
    try:
        scheme, n_text, r_text, p_text, salt_hex, hash_hex = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except (AttributeError, ValueError):
        return False
    if scheme != _SCHEME or not expected or n < 2 or n & (n - 1) or not 0 < r * p <= 64:
        return False
    if 128 * n * r > _MAX_MEMORY:
        return False
    try:
        actual = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    import hmac

    return hmac.compare_digest(actual, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int = HASH_BYTES) -> bytes:
    import hashlib

    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=length)


# -- lock-out ------------------------------------------------------------------------------------------------
def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Sign-in is locked while `now` is before `locked_until`."""
    return locked_until is not None and now < locked_until


def after_wrong_pin(failures: int, now: datetime) -> tuple[int, datetime | None]:
    """The failure count and lock after one more wrong PIN. The fifth in a row locks sign-in for five
    minutes and starts the count again, so after the lock another five wrong PINs are needed to lock it."""
    failures += 1
    if failures >= MAX_FAILURES:
        return 0, now + LOCK_FOR
    return failures, None


def locked_message(name: str, until: datetime, tz: tzinfo) -> str:
    """The lock-out message, in the home's time: "Too many wrong PINs for Sam Kell: sign-in is locked until
    20:05. Ask a shift lead or wait." """
    return (
        f"Too many wrong PINs for {name}: sign-in is locked until {until.astimezone(tz):%H:%M}. "
        "Ask a shift lead or wait."
    )


def wrong_pin_message(name: str, tries_left: int) -> str:
    tries = "1 more try" if tries_left == 1 else f"{tries_left} more tries"
    minutes = int(LOCK_FOR.total_seconds() // 60)
    return f"That is not {name}'s PIN. {tries} before sign-in locks for {minutes} minutes."
