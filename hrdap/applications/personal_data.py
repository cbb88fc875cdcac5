"""An applicant's own data: export everything as JSON, or delete the account and its applications."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from hrdap.applications.answers import load_answers
from hrdap.applications.errors import NotAllowed
from hrdap.applications.models import Application
from hrdap.applications.services import applications_of
from hrdap.audit.services import record
from hrdap.auth import sessions
from hrdap.auth.models import Role, User
from hrdap.auth.passwords import verify_password
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def export_data(user: User) -> dict:
    """Everything the platform holds about the person's account and applications."""
    return {
        "account": {"email": user.email, "display_name": user.display_name, "language": user.language,
                    "time_zone": user.time_zone, "created_at": _iso(user.created_at),
                    "roles": sorted(r.value for r in user.roles),
                    "two_factor": user.two_factor_enabled},
        "applications": [{
            "call": a.call.name, "status": a.status, "reference": a.reference,
            "created_at": _iso(a.created_at), "updated_at": _iso(a.updated_at),
            "submitted_at": _iso(a.submitted_at), "withdrawn_at": _iso(a.withdrawn_at),
            "answers": load_answers(a.answers),
        } for a in applications_of(user)],
    }


def can_delete_itself(user: User) -> bool:
    """Staff and coach accounts hold others' work and are closed by an administrator instead."""
    return not user.has_role(Role.STAFF, Role.COACH)


def delete_account(user: User, password: str, at: datetime) -> bool:
    """Delete the account, its applications and its sessions; False if the password is wrong."""
    if not can_delete_itself(user):
        raise NotAllowed()
    if not verify_password(user.password_hash, password):
        return False
    user_id, email = user.id, user.email
    sessions.revoke_all(user)
    db.session.execute(delete(Application).where(Application.applicant_id == user_id))
    # Mails already sent or queued name the address: they go too.
    db.session.execute(delete(OutboxEmail).where(OutboxEmail.to(email)))
    record(None, "account.delete", "user", user_id, detail=f"at={at.isoformat()}")
    db.session.delete(user)
    db.session.commit()
    return True
