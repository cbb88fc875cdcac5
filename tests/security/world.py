"""The demo world (every feature's demo data) and signed-in clients for each demo person."""
from __future__ import annotations

import pyotp

from hrdap import demo
from hrdap.auth.models import User
from hrdap.extensions import db

from formpost import post_form


def build_world() -> dict[str, User]:
    """Create the demo people and run every feature's demo seeder."""
    people = demo.ensure_people()
    for seeder in demo._seeders:
        seeder(people)
    db.session.commit()
    return people


def signed_in_client(app, user: User):
    """A client signed in as ``user`` through the real pages (two-factor answered when on)."""
    client = app.test_client()
    response = post_form(client, "/signin", {"email": user.email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 303, f"sign-in failed for {user.email}"
    if response.headers["Location"].endswith("/signin/code"):
        db.session.execute(db.update(User).where(User.id == user.id).values(totp_last_step=0))
        db.session.commit()
        from hrdap.clock import now
        code = pyotp.TOTP(user.totp_secret).at(now())
        assert post_form(client, "/signin/code", {"code": code}).status_code == 303
    return client
