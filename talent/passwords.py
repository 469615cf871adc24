"""Password hashing (argon2) and the password policy."""

from __future__ import annotations

import gzip
import threading
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128

_hasher = PasswordHasher()
# Compared against when the e-mail is unknown, so a login takes as long whether or not the account exists.
# Computed on first use, once per cost (a hash takes tens of milliseconds and 64 MiB: not at import).
_dummy_hash: str | None = None
_dummy_lock = threading.Lock()


def configure(time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Set the argon2 cost for new hashes (``create_app`` calls this from the configuration). Existing
    hashes keep verifying: each carries its own parameters, and is upgraded at the next sign-in."""
    global _hasher, _dummy_hash
    if (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism) == (time_cost, memory_kib, parallelism):
        return
    with _dummy_lock:
        _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
        _dummy_hash = None


def _dummy() -> str:
    """A hash of the current cost to verify against when there is none."""
    global _dummy_hash
    with _dummy_lock:
        if _dummy_hash is None:
            _dummy_hash = _hasher.hash("an unused password for timing equality")
        return _dummy_hash


@cache
def common_passwords() -> frozenset[str]:
    data = resources.files("talent").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(data).decode("utf-8").splitlines() if line)


def policy_errors(password: str, email: str | None = None) -> list[str]:
    """Return the translated reasons ``password`` is refused (empty when it is acceptable)."""
    errors: list[str] = []
    if len(password) < MIN_LENGTH:
        errors.append(str(_l("Use at least %(n)d characters.", n=MIN_LENGTH)))
    elif len(password) > MAX_LENGTH:
        errors.append(str(_l("Use at most %(n)d characters.", n=MAX_LENGTH)))
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        errors.append(str(_l("This password is too common. Choose one that is harder to guess.")))
    elif email and len(lowered) >= MIN_LENGTH:
        local = email.split("@", 1)[0].lower()
        if len(local) >= 4 and local in lowered and len(lowered) - len(local) < 6:
            errors.append(str(_l("Do not build your password from your e-mail address.")))
    if password and len(set(password)) < 4:
        errors.append(str(_l("Use more than a few different characters.")))
    return errors


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password``; with no stored hash, spend the same time and fail."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _dummy(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
