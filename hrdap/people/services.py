"""Staff manage people: invitations for coaches and staff, role changes, disabling accounts."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from hrdap.audit.services import record
from hrdap.auth import sessions
from hrdap.auth.models import Role, TokenPurpose, User
from hrdap.auth.passwords import hash_password, password_problem
from hrdap.auth.services import AuthError, consume_link, find_user, issue_link, normalise_email
from hrdap.clock import now
from hrdap.extensions import db
from hrdap.mail import services as mail


@dataclass
class Page:
    """One page of people, with what the page's links need (like Flask-SQLAlchemy's pagination)."""

    items: list[User]
    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def find_people(query: str, page: int, per_page: int) -> Page:
    """Accounts, newest first. A whole email address finds its account through the blind index (one
    indexed look-up); other text is matched against names and addresses, which are encrypted, so every
    account's name and address is decrypted for it (a few milliseconds per hundred accounts)."""
    query = query.strip()
    if not query:
        ids = list(db.session.scalars(select(User.id).order_by(User.id.desc())))
    elif "@" in query and " " not in query and find_user(query) is not None:
        ids = [find_user(query).id]
    else:
        needle = query.casefold()
        rows = db.session.execute(select(User.id, User.display_name, User.email).order_by(User.id.desc()))
        ids = [uid for uid, name, email in rows if needle in name.casefold() or needle in email]
    pages = max(1, -(-len(ids) // per_page))
    page = min(max(1, page), pages)
    shown = ids[(page - 1) * per_page:page * per_page]
    by_id = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(shown)))} if shown else {}
    return Page(items=[by_id[i] for i in shown], page=page, pages=pages)


class PeopleError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def invite(email: str, name: str, role: Role, acting: User) -> User:
    """Invite someone as coach or staff: an existing account gets the role, a new one an invitation link."""
    user = find_user(email)
    if user is not None:
        user.add_role(role)
        record(acting, "people.role_add", "user", user.id, detail=role.value)
        mail.queue(user.email, "role_added", user.language, url=url_for("auth.sign_in", _external=True))
        db.session.commit()
        return user
    # An unusable password until the invited person chooses one through the link.
    user = User(email=normalise_email(email), display_name=name.strip(),
                password_hash=hash_password(secrets.token_urlsafe(32)), language=acting.language)
    user.add_role(role)
    db.session.add(user)
    db.session.flush()
    token = issue_link(user, TokenPurpose.INVITATION)
    mail.queue(user.email, "invitation", user.language, url=url_for("people.accept", token=token, _external=True))
    record(acting, "people.invite", "user", user.id, detail=role.value)
    db.session.commit()
    return user


def accept_invitation(token: str, display_name: str, password: str) -> User:
    """The invited person chooses their name and password (two-factor follows at first sign-in)."""
    problem = password_problem(password)
    if problem:
        raise AuthError(problem)
    user = consume_link(token, TokenPurpose.INVITATION)
    user.display_name = display_name.strip() or user.display_name
    user.password_hash = hash_password(password)
    user.email_verified_at = user.email_verified_at or now()
    db.session.commit()
    return user


def set_roles(user: User, roles: set[Role], acting: User) -> None:
    """Replace the account's roles; staff cannot remove their own staff role (no lock-out by mistake)."""
    if user.id == acting.id and Role.STAFF not in roles:
        raise PeopleError("own_staff_role")
    before = user.roles
    for role in Role:
        if role in roles and role not in before:
            user.add_role(role)
        elif role not in roles and role in before:
            user.remove_role(role)
    record(acting, "people.roles", "user", user.id, detail=",".join(sorted(r.value for r in roles)))
    db.session.commit()


def disable(user: User, acting: User) -> None:
    """Disable an account and end its sessions at once."""
    if user.id == acting.id:
        raise PeopleError("own_account")
    user.disabled_at = now()
    sessions.revoke_all(user)
    record(acting, "people.disable", "user", user.id)
    db.session.commit()


def enable(user: User, acting: User) -> None:
    """Enable a disabled account again."""
    user.disabled_at = None
    record(acting, "people.enable", "user", user.id)
    db.session.commit()
