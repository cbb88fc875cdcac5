"""Staff side: run calls, extend deadlines, review with a rubric, shortlist, decide, balance, export.

Every view requires the staff role (others get 404); views of an application are audited.
"""
from __future__ import annotations

from datetime import time

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrdap.applications import choices, review_services as reviews, services
from hrdap.applications.answers import load_answers
from hrdap.applications.errors import ApplicationError, InvalidDeadline
from hrdap.applications.export import applications_csv
from hrdap.applications.forms import CallForm, DecisionForm, ExtensionForm, FilterForm, ReviewForm
from hrdap.applications.models import Application, Call, Status
from hrdap.applications.steps import summary
from hrdap.audit.services import record
from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.clock import now
from hrdap.errors import render_error
from hrdap.extensions import db
from hrdap.security import roles_required

bp = Blueprint("selection", __name__, url_prefix="/staff")
staff_only = roles_required(Role.STAFF)
PER_PAGE = 25


@bp.errorhandler(ApplicationError)
def _refused(err: ApplicationError):
    """A domain error: its message, with its status."""
    return render_error(err.status, str(err.message))


@bp.get("/calls")
@staff_only
def calls():
    """Every call, newest first, with counts per status."""
    rows = db.session.scalars(db.select(Call).order_by(Call.opens_at.desc())).all()
    return render_template("applications/staff/calls.html", calls=rows, at=now(),
                           counts={c.id: reviews.status_counts(c) for c in rows})


def _save_call(form: CallForm, call: Call | None):
    """Check the Geneva times and the PDF, then save; returns the call or None with field errors set."""
    try:
        opens_at = services.geneva_opening(form.opens_on.data, form.opens_time.data)
        closes_at = services.geneva_instant(form.closes_on.data, form.closes_time.data)
    except services.NonexistentTime:
        form.closes_time.errors.append(_("This time does not exist in Geneva: the clocks go forward then."))
        return None
    upload = request.files.get(form.programme_pdf.name)
    pdf = upload.read() if upload and upload.filename else None
    if pdf is not None and services.pdf_problem(pdf):
        form.programme_pdf.errors.append(
            _("This file is not a PDF. Choose a PDF document.") if services.pdf_problem(pdf) == "not_pdf"
            else _("This PDF is larger than 1.5 MB."))
        return None
    try:
        return services.save_call(call, current_user, name=form.name.data, reference_prefix=form.reference_prefix.data,
                                  description=form.description.data, eligibility=form.eligibility.data,
                                  offer=form.offer.data, opens_at=opens_at, closes_at=closes_at,
                                  capacity=form.capacity.data, pdf=pdf, pdf_name=upload.filename if pdf else None)
    except InvalidDeadline:
        form.closes_on.errors.append(_("The deadline must be after the opening."))
        return None


@bp.route("/calls/new", methods=["GET", "POST"])
@staff_only
def new_call():
    """Create a call."""
    form = CallForm()
    if form.validate_on_submit() and (call := _save_call(form, None)):
        flash(_("The call is saved."), "success")
        return redirect(url_for(".call_applications", call_id=call.id), 303)
    return render_template("applications/staff/call_form.html", form=form, call=None), 400 if form.errors else 200


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_call(call_id: int):
    """Edit a call; times are shown and entered in Geneva time."""
    call = services.get_call(call_id)
    form = CallForm(obj=call)
    if request.method == "GET":
        local = call.opens_at.astimezone(services.GENEVA)
        form.opens_on.data, form.opens_time.data = local.date(), (local.time() if local.time() != time(0) else None)
        form.closes_on.data, form.closes_time.data = services.geneva_parts(call.closes_at)
    if form.validate_on_submit() and _save_call(form, call):
        flash(_("The call is saved."), "success")
        return redirect(url_for(".call_applications", call_id=call.id), 303)
    return render_template("applications/staff/call_form.html", form=form, call=call), 400 if form.errors else 200


@bp.route("/calls/<int:call_id>/extend", methods=["GET", "POST"])
@staff_only
def extend(call_id: int):
    """Give one applicant (by reference or draft) or everyone a later deadline; it is logged."""
    call = services.get_call(call_id)
    form = ExtensionForm()
    if form.validate_on_submit():
        applicant = None
        if form.reference.data:
            wanted = form.reference.data
            # A submitted application by its reference, a draft by its number.
            match = Application.id == int(wanted) if wanted.isdigit() else Application.reference == wanted
            application = db.session.scalar(db.select(Application).where(Application.call_id == call.id, match))
            if application is None:
                form.reference.errors.append(_("No application of this call has this reference."))
            applicant = application.applicant if application else None
        if not form.reference.errors:
            try:
                until = services.geneva_instant(form.closes_on.data, form.closes_time.data)
                services.extend_deadline(call, current_user, until, now(), applicant=applicant)
            except services.NonexistentTime:
                form.closes_time.errors.append(_("This time does not exist in Geneva: the clocks go forward then."))
            except InvalidDeadline as err:
                form.closes_on.errors.append(str(err.message))
            else:
                flash(_("The deadline is extended."), "success")
                return redirect(url_for(".extend", call_id=call.id), 303)
    return render_template("applications/staff/extend.html", call=call, form=form), 400 if form.errors else 200


@bp.get("/calls/<int:call_id>/applications")
@staff_only
def call_applications(call_id: int):
    """Sent applications with filters (status, region, area, score) and pages."""
    call = services.get_call(call_id)
    filters = FilterForm(request.args)
    values = filters.values()
    page = db.paginate(reviews.filtered(call, current_user, **values), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    items = list(page.items)
    return render_template("applications/staff/list.html", call=call, page=page, items=items, filters=filters,
                           values=values, mine=reviews.reviewed_by(current_user, items), scores=reviews.scores,
                           answers={a.id: load_answers(a.answers) for a in items}, at=now(),
                           accepted=call.accepted_count())


def _application_page(application: Application, status=200, review_form=None, decision_form=None):
    mine = reviews.own_review(application, current_user)
    if review_form is None:
        review_form = ReviewForm(data={f"score_{k}": str(v) for k, v in
                                       (reviews.criterion_scores(mine) if mine else {}).items()}
                                 | {"comment": mine.comment if mine else ""})
    return render_template("applications/staff/application.html", application=application,
                           summary=summary(load_answers(application.answers)), mine=mine,
                           others=reviews.visible_reviews(application, current_user),
                           scores=reviews.scores(application), criterion_scores=reviews.criterion_scores,
                           review_form=review_form, decision_form=decision_form or DecisionForm(),
                           confirm_form=ConfirmForm(), criteria=choices.CRITERIA,
                           min_reviews=reviews.MIN_REVIEWS), status


@bp.get("/applications/<int:application_id>")
@staff_only
def application(application_id: int):
    """One application, for review. The view is written to the audit log."""
    application = reviews.staff_application(application_id, current_user)
    reviews.record_view(application, current_user)
    return _application_page(application)


@bp.post("/applications/<int:application_id>/review")
@staff_only
def review(application_id: int):
    """Save my rubric scores and comment."""
    application = reviews.staff_application(application_id, current_user)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _application_page(application, 400, review_form=form)
    reviews.save_review(application, current_user, form.scores(), form.comment.data or "", now())
    flash(_("Your review is saved. The other reviews are shown below."), "success")
    return redirect(url_for(".application", application_id=application.id), 303)


@bp.post("/applications/<int:application_id>/conflict")
@staff_only
def conflict(application_id: int):
    """Declare a conflict of interest: the application is removed from my lists."""
    application = reviews.staff_application(application_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    reviews.declare_conflict(application, current_user, now())
    flash(_("Conflict of interest declared. This application is no longer shown to you."), "success")
    return redirect(url_for(".call_applications", call_id=application.call_id), 303)


@bp.post("/applications/<int:application_id>/shortlist")
@staff_only
def shortlist(application_id: int):
    """Put the application on the shortlist."""
    application = reviews.staff_application(application_id, current_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    reviews.shortlist(application, current_user, now())
    flash(_("Shortlisted."), "success")
    return redirect(url_for(".application", application_id=application.id), 303)


@bp.post("/applications/<int:application_id>/decision")
@staff_only
def decision(application_id: int):
    """Accept, waitlist or decline; the applicant gets a neutral email."""
    application = reviews.staff_application(application_id, current_user)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _application_page(application, 400, decision_form=form)
    try:
        reviews.decide(application, current_user, Status(form.decision.data), now())
    except ApplicationError as err:
        form.decision.errors.append(str(err.message))
        return _application_page(application, err.status if err.status != 404 else 409, decision_form=form)
    flash(_("The decision is saved and the applicant notified."), "success")
    return redirect(url_for(".application", application_id=application.id), 303)


@bp.get("/calls/<int:call_id>/balance")
@staff_only
def balance(call_id: int):
    """The shortlisted and accepted set by region, area, gender and language, drawn and counted."""
    call = services.get_call(call_id)
    return render_template("applications/staff/balance.html", call=call, balance=reviews.balance(call),
                           labels={"region": choices.REGIONS, "area": choices.AREAS, "gender": choices.GENDERS,
                                   "language": choices.WORKING_LANGUAGES},
                           accepted=call.accepted_count())


@bp.get("/calls/<int:call_id>/export.csv")
@staff_only
def export_csv(call_id: int):
    """The call's sent applications as CSV (formula-safe); the export is audited."""
    call = services.get_call(call_id)
    body = applications_csv(call, current_user)
    record(current_user, "call.export_csv", "call", call.id)
    db.session.commit()
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{call.reference_prefix}-applications.csv"'})
