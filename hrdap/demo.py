"""Demo data: a database that shows every part of the platform, for trying it out.

Feature modules add their own seeders with ``add_seeder``; each must be idempotent.
"""
from __future__ import annotations

from typing import Callable

import pyotp
from flask import Flask

from hrdap.auth.models import Role, User
from hrdap.auth.services import create_user, find_user
from hrdap.auth import two_factor
from hrdap.extensions import db

DEMO_DOMAIN = "demo.hrdap.org"
DEMO_PASSWORD = "demo password for hrdap"

#: (key, display name, roles, two-factor on)
DEMO_PEOPLE = [
    ("staff", "Programme Officer (demo)", (Role.STAFF,), True),
    ("coach", "Coach Amina (demo)", (Role.COACH,), True),
    ("participant", "Participant Lucía (demo)", (Role.PARTICIPANT,), False),
    ("participant2", "Participant Karim (demo)", (Role.PARTICIPANT,), False),
    ("participant3", "Participant Mei (demo)", (Role.PARTICIPANT,), False),
    ("applicant", "Applicant Olena (demo)", (Role.APPLICANT,), False),
]

_seeders: list[Callable[[dict[str, User]], list[str]]] = []


def add_seeder(seeder: Callable[[dict[str, User]], list[str]]) -> None:
    """Register a function that adds a feature's demo data and returns lines to print."""
    if seeder not in _seeders:
        _seeders.append(seeder)


def demo_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


def ensure_people() -> dict[str, User]:
    """Create the demo accounts if they are missing."""
    people: dict[str, User] = {}
    for key, name, roles, with_2fa in DEMO_PEOPLE:
        user = find_user(demo_email(key))
        if user is None:
            user = create_user(demo_email(key), name, DEMO_PASSWORD, roles=roles, verified=True,
                               language="en", time_zone="Europe/Zurich")
            if with_2fa:
                two_factor.enable(user, pyotp.random_base32())
        people[key] = user
    db.session.commit()
    return people


def prepare_demo(app: Flask) -> list[str]:
    """Migrate the database, add the demo data, and return the lines to print."""
    from flask_migrate import upgrade

    upgrade(directory=app.extensions["migrate"].directory)
    people = ensure_people()
    extra: list[str] = []
    for seeder in _seeders:
        extra.extend(seeder(people))
    db.session.commit()
    lines = ["", "HRDAP demo is ready at http://127.0.0.1:5000", "",
             f"Every demo account uses the password: {DEMO_PASSWORD}"]
    for key, name, roles, with_2fa in DEMO_PEOPLE:
        note = "  (two-factor: run `hrdap demo-code " + demo_email(key) + "` for a code)" if with_2fa else ""
        lines.append(f"  {', '.join(r.value for r in roles):<12} {demo_email(key)}{note}")
    return lines + extra + [""]
