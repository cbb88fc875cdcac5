"""The staff CSV export of a call's applications, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from hrdap.applications import choices as c
from hrdap.applications.answers import load_answers
from hrdap.applications.models import Application, Call
from hrdap.applications.review_services import conflicted_for, scores
from hrdap.csv_export import safe_cell  # noqa: F401  (re-exported: older imports use this name)
from hrdap.extensions import db

def applications_csv(call: Call, reviewer) -> str:
    """One row per sent application (not the reviewer's conflicts): who, where, status and scores."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "name", "country", "region", "area", "gender", "languages", "status",
                     "submitted_at", "reviews", "mean", "spread"])
    for application in _rows(call, reviewer):
        answers = load_answers(application.answers)
        result = scores(application)
        writer.writerow([safe_cell(v) for v in (
            application.reference, answers.get("name"), answers.get("country"),
            c.label(c.REGIONS, application.region), c.label(c.AREAS, application.area),
            application.gender or "", application.languages or "", application.status,
            application.submitted_at.isoformat() if application.submitted_at else "",
            result.count, "" if result.mean is None else result.mean,
            "" if result.spread is None else result.spread)])
    return out.getvalue()


def _rows(call: Call, reviewer) -> list[Application]:
    """The applications the export covers."""
    return list(db.session.scalars(select(Application).where(
        Application.call_id == call.id, Application.submitted_at.is_not(None), ~conflicted_for(reviewer.id))
        .order_by(Application.reference)))
