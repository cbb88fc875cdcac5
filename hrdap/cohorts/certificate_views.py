"""The certificate of completion, and its verification by staff."""
from __future__ import annotations

from flask import render_template, request

from hrdap.auth.forms import ConfirmForm
from hrdap.auth.models import Role
from hrdap.cohorts import completion
from hrdap.cohorts.geneva_views import _my_enrolment
from hrdap.cohorts.views import bp
from hrdap.security import roles_required


@bp.route("/certificate", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def certificate():
    """What is left to complete the programme, or the printable certificate."""
    enrolment = _my_enrolment()
    missing = completion.missing(enrolment)
    if missing:
        return render_template("cohorts/certificate_pending.html", missing=missing)
    cert = completion.issue(enrolment)
    return render_template("cohorts/certificate.html", cert=cert, enrolment=enrolment)


@bp.get("/certificates/verify")
@roles_required(Role.STAFF)
def verify_certificate():
    """Staff check a certificate's reference."""
    reference = (request.args.get("reference") or "")[:40]
    cert = completion.find(reference) if reference else None
    if reference and cert is None:
        return render_template("cohorts/certificate_verify.html", reference=reference, cert=None), 404
    return render_template("cohorts/certificate_verify.html", reference=reference, cert=cert, form=ConfirmForm())
