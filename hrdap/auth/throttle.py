"""Sign-in throttling per account and per address, without a lockout.

Failures slow further attempts down (the wait doubles), first for the pair (account, address), then
for the account from anywhere. It is never a lockout: a password reset, which proves control of the
mailbox, clears the account's failures, so an attacker cannot keep an applicant out before a deadline.
Failures are stored as keyed hashes and forgotten after the window.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from hrdap.auth.models import LoginFailure
from hrdap.auth.tokens import keyed_hash
from hrdap.clock import now
from hrdap.extensions import db

WINDOW = timedelta(minutes=15)
FREE_PER_PAIR = 5       # failures from one address before waits start
FREE_PER_ACCOUNT = 20   # failures from all addresses before waits start
MAX_WAIT = 15 * 60


def account_key(email: str) -> str:
    return keyed_hash("account:" + email.strip().casefold())


def address_key(address: str | None) -> str:
    return keyed_hash("address:" + (address or "unknown"))


def _wait(failures: int, free: int) -> int:
    if failures < free:
        return 0
    return min(MAX_WAIT, 2 ** min(failures - free + 1, 12) * 15)


def seconds_to_wait(email: str, address: str | None) -> int:
    """How long this (email, address) must wait before the next attempt; 0 when it may try now."""
    since = now() - WINDOW
    acct = account_key(email)
    rows = db.session.execute(
        select(LoginFailure.address_key, func.count(), func.max(LoginFailure.at))
        .where(LoginFailure.account_key == acct, LoginFailure.at > since)
        .group_by(LoginFailure.address_key)
    ).all()
    if not rows:
        return 0
    addr = address_key(address)
    total = sum(r[1] for r in rows)
    latest = max(r[2] for r in rows)
    pair = next(((r[1], r[2]) for r in rows if r[0] == addr), (0, None))
    moment = now()
    waits = [0]
    if pair[1] is not None:
        waits.append(_wait(pair[0], FREE_PER_PAIR) - int((moment - pair[1]).total_seconds()))
    waits.append(_wait(total, FREE_PER_ACCOUNT) - int((moment - latest).total_seconds()))
    return max(waits)


def record_failure(email: str, address: str | None) -> None:
    """Remember one failed attempt (and forget the ones past the window)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.at <= now() - WINDOW))
    db.session.add(LoginFailure(account_key=account_key(email), address_key=address_key(address)))


def clear(email: str) -> None:
    """Forget an account's failures (after a successful sign-in or a password reset)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key(email)))
