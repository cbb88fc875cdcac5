"""Builders of test data that return ready objects, and a sign-in helper that uses the real forms."""
from __future__ import annotations

import itertools
import re

import pyotp

from hrdap.auth import two_factor
from hrdap.auth.models import Role, User
from hrdap.auth.services import create_user
from hrdap.extensions import db

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_user(roles=("applicant",), email: str | None = None, password: str = DEFAULT_PASSWORD,
              two_factor_on: bool | None = None, language: str = "en", name: str | None = None,
              verified: bool = True) -> User:
    """An account with ``roles``; staff and coaches get two-factor on unless told otherwise."""
    n = next(_counter)
    role_values = tuple(Role(r) if isinstance(r, str) else r for r in roles)
    user = create_user(email or f"person{n}@example.org", name or f"Person {n}", password,
                       roles=role_values, verified=verified, language=language)
    if two_factor_on is None:
        two_factor_on = bool(set(role_values) & {Role.STAFF, Role.COACH})
    if two_factor_on:
        two_factor.enable(user, pyotp.random_base32())
    db.session.commit()
    return user


def totp_code(user: User) -> str:
    """The code an authenticator app would show now (following the app's clock)."""
    from hrdap.clock import now

    return pyotp.TOTP(user.totp_secret).at(now())


def sign_in(client, user: User, password: str = DEFAULT_PASSWORD):
    """Sign ``client`` in through the real pages, answering two-factor when it is on."""
    from formpost import post_form

    response = post_form(client, "/signin", {"email": user.email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    if response.headers["Location"].endswith("/signin/code"):
        # Tests sign the same account in several times within one 30-second step: allow it.
        db.session.execute(db.update(User).where(User.id == user.id).values(totp_last_step=0))
        db.session.commit()
        response = post_form(client, "/signin/code", {"code": totp_code(user)})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response


def outbox_link(recipient: str, path_prefix: str) -> str:
    """The last link starting with ``path_prefix`` mailed to ``recipient``."""
    from hrdap.mail.models import OutboxEmail

    mails = db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to(recipient))
                               .order_by(OutboxEmail.id.desc())).all()
    for mail in mails:
        match = re.search(r"https?://[^\s]+(" + re.escape(path_prefix) + r"[^\s]*)", mail.body)
        if match:
            return match.group(1)
    raise AssertionError(f"no mail with {path_prefix} to {recipient}")


def make_cohort(name: str = "Cohort A"):
    """A cohort (10 weeks from 1 November 2026) of a minimal, readable course."""
    from datetime import date

    from hrdap.cohorts.models import Cohort
    from hrdap.learning.models import Course

    course = Course(slug="c", title={"en": "C"}, description={}, weeks=10, geneva_weeks=[9, 10],
                    future_weeks="readable", week_titles={})
    db.session.add(course)
    db.session.flush()
    cohort = Cohort(course_id=course.id, name=name, starts_on=date(2026, 11, 1), weeks=10)
    db.session.add(cohort)
    db.session.commit()
    return cohort
