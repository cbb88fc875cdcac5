"""Rules of calls and applications: drafts, the deadline, submission with a reference, withdrawal.

Every function takes the acting user and the time (``at``) explicitly; the views pass ``clock.now()``.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hrdap.applications.answers import dump_answers, load_answers
from hrdap.applications.errors import (AlreadySubmitted, DeadlinePassed, InvalidDeadline, MissingAnswers,
                                       NotAllowed, NotEditable, NotFound, NotOpenYet)
from hrdap.applications.models import Application, Call, DeadlineExtension, Status
from hrdap.applications.steps import Step, missing_answers
from hrdap.audit.services import record
from hrdap.extensions import db
from hrdap.i18n import GENEVA
from hrdap.mail import services as mail

PDF_MAX_BYTES = 1_500_000


# --- Geneva time -------------------------------------------------------------------------------

class NonexistentTime(ValueError):
    """A wall-clock time skipped when Geneva's clocks go forward."""


def geneva_instant(day: date, at: time | None = None) -> datetime:
    """The UTC instant of ``day`` at ``at`` in Geneva; without ``at``, midnight at the END of ``day``.

    "Before midnight Geneva time on 10 January" is therefore 11 January 00:00 Geneva, exclusive.
    Daylight saving is Geneva's own on that date (CET or CEST).
    """
    if at is None:
        local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=GENEVA)
    else:
        local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=GENEVA)
    instant = local.astimezone(timezone.utc)
    if instant.astimezone(GENEVA).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(local.isoformat())
    return instant


def geneva_opening(day: date, at: time | None = None) -> datetime:
    """The UTC instant a call opens: ``day`` at ``at`` in Geneva, or the start of ``day``."""
    return geneva_instant(day, at) if at is not None else geneva_instant(day - timedelta(days=1))


def geneva_parts(instant: datetime) -> tuple[date, time | None]:
    """The (day, time) a form shows for a deadline: midnight is shown as the end of the day before."""
    local = instant.astimezone(GENEVA)
    if local.time() == time(0):
        return local.date() - timedelta(days=1), None
    return local.date(), local.time().replace(tzinfo=None)


def default_prefix(name: str) -> str:
    """'HRDAP 2027' -> 'HRDAP27': the start of every reference of the call."""
    year = re.search(r"(19|20)(\d\d)", name)
    letters = re.sub(r"[^A-Za-z]", "", name.split()[0] if name.split() else "") or "APP"
    return (letters.upper()[:8] + (year.group(2) if year else ""))[:12]


def pdf_problem(data: bytes | None) -> str | None:
    """Why an upload is not an acceptable PDF ('not_pdf', 'too_large'), or None."""
    if not data or not data.startswith(b"%PDF-"):
        return "not_pdf"
    if len(data) > PDF_MAX_BYTES:
        return "too_large"
    return None


# --- Calls -------------------------------------------------------------------------------------

def save_call(call: Call | None, actor, *, name: str, reference_prefix: str, description: str,
              eligibility: str, offer: str, opens_at: datetime, closes_at: datetime, capacity: int,
              pdf: bytes | None = None, pdf_name: str | None = None) -> Call:
    """Create (``call`` None) or update a call; the PDF must already be checked with ``pdf_problem``."""
    if closes_at <= opens_at:
        raise InvalidDeadline()
    if call is None:
        call = Call(last_number=0)
        db.session.add(call)
    call.name, call.description, call.eligibility, call.offer = name, description, eligibility, offer
    call.reference_prefix = reference_prefix or default_prefix(name)
    call.opens_at, call.closes_at, call.capacity = opens_at, closes_at, capacity
    if pdf is not None:
        call.programme_pdf, call.programme_pdf_name = pdf, (pdf_name or "programme.pdf")[:120]
    db.session.flush()
    record(actor, "call.save", "call", call.id)
    db.session.commit()
    return call


def get_call(call_id: int) -> Call:
    """A call by id, or NotFound."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise NotFound()
    return call


def open_calls(at: datetime) -> list[Call]:
    """Calls taking applications now, soonest deadline first."""
    return list(db.session.scalars(select(Call).where(Call.opens_at <= at, Call.closes_at > at)
                                   .order_by(Call.closes_at)))


def extend_deadline(call: Call, actor, new_closes_at: datetime, at: datetime, applicant=None) -> DeadlineExtension:
    """Give everyone (``applicant`` None) or one applicant a later deadline; logged and audited."""
    current = call.deadline_for(applicant) if applicant is not None else call.closes_at
    if new_closes_at <= current or new_closes_at <= at:
        raise InvalidDeadline()
    extension = DeadlineExtension(call_id=call.id, user_id=getattr(applicant, "id", None),
                                  previous_closes_at=current, closes_at=new_closes_at,
                                  granted_by_id=actor.id, granted_at=at)
    call.extensions.append(extension)
    if applicant is None:
        call.closes_at = new_closes_at
    db.session.flush()
    record(actor, "call.extend_deadline", "call", call.id,
           detail=f"user={getattr(applicant, 'id', 'all')} until={new_closes_at.isoformat()}")
    db.session.commit()
    return extension


# --- Drafts ------------------------------------------------------------------------------------

def application_of(user, call: Call) -> Application | None:
    """The user's application to ``call``, if they started one."""
    return db.session.scalar(select(Application).where(Application.call_id == call.id,
                                                       Application.applicant_id == user.id))


def start_application(call: Call, user, at: datetime) -> Application:
    """The user's draft for ``call``, created on first use (one per person and call)."""
    existing = application_of(user, call)
    if existing is not None:
        return existing
    if not call.has_started(at):
        raise NotOpenYet()
    if not call.can_submit(user, at):
        raise DeadlinePassed()
    application = Application(call_id=call.id, applicant_id=user.id, status=Status.DRAFT.value,
                              answers=dump_answers({"name": user.display_name, "email": user.email}),
                              created_at=at, updated_at=at)
    db.session.add(application)
    try:
        db.session.commit()
    except IntegrityError:  # a second tab created it at the same moment
        db.session.rollback()
        return application_of(user, call)
    return application


def own_application(application_id: int, user) -> Application:
    """The user's own application; anyone else's (or none) is NotFound."""
    application = db.session.get(Application, application_id)
    if application is None or application.applicant_id != user.id:
        raise NotFound()
    return application


def can_edit(application: Application, user, at: datetime) -> bool:
    """A draft is editable until the deadline that applies to its author."""
    return application.is_draft and application.call.can_submit(user, at)


def save_step(application: Application, user, step: Step, values: dict, at: datetime) -> None:
    """Save one step's answers into the draft (values already checked by the step form)."""
    # Lock the row (PostgreSQL; SQLite writers already queue) so that two tabs saving different
    # steps at once cannot overwrite each other's answers, and a submit in between is seen.
    application = db.session.scalar(select(Application).where(Application.id == application.id)
                                    .with_for_update().execution_options(populate_existing=True))
    if not application.is_draft:
        raise NotEditable()
    if not application.call.can_submit(user, at):
        raise DeadlinePassed()
    answers = load_answers(application.answers)
    answers.update({name: values.get(name) for name in values})
    _store(application, answers)
    application.updated_at = at
    db.session.commit()


def _store(application: Application, answers: dict) -> None:
    """Write the answers and the few plain columns used by filters and the balance view."""
    application.answers = dump_answers(answers)
    application.region = answers.get("region") or None
    application.area = answers.get("area") or None
    application.gender = answers.get("gender") or None
    application.languages = ",".join(answers.get("languages") or []) or None


def submit(application: Application, user, at: datetime) -> Application:
    """Submit a complete draft before the deadline; exactly once, even from two tabs at once.

    The status changes with a conditional UPDATE (draft -> submitted) whose row count says who won;
    the reference number comes from an atomic increment on the call row (plus a unique constraint).
    """
    if application.applicant_id != user.id:
        raise NotFound()
    if not application.is_draft:
        raise AlreadySubmitted()
    call = application.call
    if not call.can_submit(user, at):
        raise DeadlinePassed()
    missing = missing_answers(load_answers(application.answers))
    if missing:
        raise MissingAnswers(missing)
    table = Application.__table__
    won = db.session.execute(table.update().where(table.c.id == application.id,
                                                  table.c.status == Status.DRAFT.value)
                             .values(status=Status.SUBMITTED.value, submitted_at=at, updated_at=at))
    if won.rowcount != 1:
        db.session.rollback()
        raise AlreadySubmitted()
    calls = Call.__table__
    number = db.session.execute(calls.update().where(calls.c.id == call.id)
                                .values(last_number=calls.c.last_number + 1)
                                .returning(calls.c.last_number)).scalar_one()
    reference = f"{call.reference_prefix}-{number:04d}"
    db.session.execute(table.update().where(table.c.id == application.id).values(reference=reference))
    mail.queue(user.email, "application_received", user.language, reference=reference,
               url=url_for("applications.show", application_id=application.id, _external=True))
    db.session.commit()
    db.session.refresh(application)
    return application


def withdraw(application: Application, user, at: datetime) -> None:
    """Withdraw an application that is not decided yet (a draft too)."""
    if application.applicant_id != user.id:
        raise NotFound()
    if application.status in (Status.ACCEPTED.value, Status.DECLINED.value, Status.WITHDRAWN.value):
        raise NotAllowed()
    application.status = Status.WITHDRAWN.value
    application.withdrawn_at = application.updated_at = at
    db.session.commit()


def applications_of(user) -> list[Application]:
    """Everything the user has applied to, newest first."""
    return list(db.session.scalars(select(Application).where(Application.applicant_id == user.id)
                                   .order_by(Application.id.desc())))
