"""Password hashing (Argon2id) and the password rules of the security baseline."""
from __future__ import annotations

import functools
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 128

# Argon2id with parameters chosen by RFC 9106's procedure (section 4): the most memory each hash can
# afford, then as many passes as the time budget allows. A worker is budgeted 150 MB (benchmarks, issue
# 10) and holds about 100 MB, so a hash may take 48 MiB; 4 passes then cost the CPU time of the RFC's
# low-memory option (64 MiB, 3 passes; argon2-cffi's default), about 0.2 s: memory times passes is 192
# MiB either way. Hashes made with other parameters are redone at the next sign-in (``needs_rehash``).
PRODUCTION_PARAMETERS = {"time_cost": 4, "memory_cost": 48 * 1024, "parallelism": 4}
_hasher = PasswordHasher(**PRODUCTION_PARAMETERS)  # argon2-cffi hashes with Argon2id by default
# Verified against unknown emails so that a miss takes as long as a hit (no enumeration by timing).
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def use_fast_hashing_for_tests() -> None:
    """Tests only: cheap Argon2 parameters, so that a suite creating hundreds of accounts stays fast."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password`` against ``stored_hash``; a None hash still costs one verification."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


@functools.cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("hrdap.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Return the reason a new password is refused (untranslated message id), or None if it is fine.

    No composition rules (ASVS): length, and not a well-known password. Unicode is kept as typed.
    """
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    if password.casefold() in _common_passwords() or len(set(password)) < 3:
        return "too_common"
    return None
