"""Issue #8, item 1 and issue 24, point 9: a canary string typed into a sensitive field never appears
outside the encryption, and every encrypted column is reached by one.

Every sensitive field gets its own canary, typed through the real pages (forms with their CSRF
tokens): the account's address, name and browser (sign-up, sign-in); the application's answers about
the applicant's work, their organisation marked confidential, the safe-contact and risk notes; the
advocacy plan's texts and recommendations; the coach's feedback; the replies of both sides; a
reviewer's comment on the application; a live session's joining instructions and notes, a question to
the expert, a peer-directory entry, a Geneva activity, a named and an anonymous (held) survey answer.
The test enumerates every ``EncryptedText`` column of the models and fails when one holds no value
reached by a canary (columns filled from a list on the page, or written by the app itself, are named in
``canary_cohort.py`` and checked by their value). It then checks that the owner reads each text back on
a page (so the data really was stored), and that no canary appears

- in the raw database: the SQLite file with its -wal/-journal files (before and after a checkpoint),
  or a ``pg_dump`` of the test database on PostgreSQL — one of the two is skipped per run, the CI
  runs both databases;
- in any log record, with EVERY logger at DEBUG (SQLAlchemy's too: its INFO records show the SQL
  parameters, its DEBUG records the rows fetched), nor in anything written to stdout/stderr or to a
  log file of any handler;
- in any mail queued or delivered (delivery without SMTP writes the mails to the log).

A call's name, stored in clear by design, carries a *control* marker that the scans must find, which
proves they read what the test wrote (committed, flushed to the file). The application's own identity
and referee answers sit in the same encrypted column as the work answers, so they are checked too.
Without SMTP the log is the mailbox (development): a delivered mail's record names its recipient, the
one place an address may appear in a log; mails are scanned without their recipient for the same reason.
"""
from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from factories import make_cohort, make_user, sign_in
from formpost import post_form

from hrdap.applications.choices import CRITERIA as APPLICATION_CRITERIA
from hrdap.cohorts.models import Enrolment
from hrdap.crypto import PREFIX, decrypt, encrypted_columns
from hrdap.coaching.models import CRITERIA, AdvocacyPlan, Feedback
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail
from hrdap.mail.services import deliver_pending

from canary_logs import AllLoggersAtDebug, log_files, log_text
from canary_cohort import CHOSEN, GENERATED, cohort_through_the_pages, sign_up_through_the_pages
from database_copy import pg_dump, sqlite_checkpoint, sqlite_files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "applications"))
from application_helpers import make_call  # noqa: E402


class Canaries:
    """One canary per field, all sharing a prefix unique to this run: ``<prefix>-<field label>``.

    Canaries use only letters, digits and dashes, which no escaping (HTML, JSON, URL, Markdown) changes.
    """

    def __init__(self):
        self.prefix = f"CANARY-{uuid.uuid4().hex}"
        self.by_label: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        assert re.fullmatch(r"[a-z0-9-]+", label), label
        assert label not in self.by_label, f"label used twice: {label}"
        self.by_label[label] = f"{self.prefix}-{label}"
        return self.by_label[label]

    def sentence(self, label: str) -> str:
        return f"Text with {self(label)} inside."

    def email(self, label: str) -> str:
        return f"{self(label)}@example.org"

    def check_distinct(self) -> None:
        """No canary is the start of another, so a hit names exactly one field."""
        values = sorted(self.by_label.values())
        for a, b in zip(values, values[1:]):
            assert not b.startswith(a), (a, b)

    def leaks(self, haystack: bytes) -> list[str]:
        """The labels of the canaries found in ``haystack`` (case-insensitive; any leftover of the prefix too)."""
        low = haystack.lower()
        if self.prefix.lower().encode() not in low:
            return []
        found = [label for label, value in self.by_label.items() if value.lower().encode() in low]
        return found or [f"(the prefix {self.prefix}, with no whole canary)"]


# --------------------------------------------------------------------------- entering the canaries


def _application_steps(c: Canaries) -> dict[str, dict]:
    """Every step of the application form, every free-text answer a canary."""
    return {
        "identity": {"name": c("app-identity-name"), "email": c.email("app-identity-email"), "country": "EG",
                     "region": "middle_east_north_africa", "gender": "woman", "languages": ["ar", "en"]},
        "organisation": {"org_name": c("app-org-confidential-name"), "org_role": c("app-org-role"),
                         "org_kind": "ngo", "org_confidential": "y"},
        "experience": {"years": "9", "national_experience": c.sentence("app-work-national-experience"),
                       "un_engagement": "yes", "un_mechanisms": ["upr", "special_procedures"]},
        "focus": {"area": "accountability", "themes": ["defenders", "civic_space"]},
        "motivation": {"motivation": c.sentence("app-work-motivation"),
                       "objectives": c.sentence("app-work-objectives")},
        "participation": {"funding": "full", "availability": "yes"},
        "safety": {"safe_contact": c.sentence("app-safe-contact"), "risks": c.sentence("app-risks")},
        "referee": {"referee_name": c("app-referee-name"), "referee_email": c.email("app-referee-email"),
                    "referee_organisation": c("app-referee-organisation"),
                    "referee_relationship": c.sentence("app-referee-relationship")},
        "consent": {"consent": "y"},
    }


def apply_through_the_pages(client, call, c: Canaries) -> int:
    """Start, autosave an early draft, fill every step, submit; returns the application's id."""
    response = post_form(client, f"/calls/{call.id}/apply")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    application_id = int(response.headers["Location"].split("/applications/")[1].split("/")[0])
    base = f"/applications/{application_id}/steps"
    # An early draft of the safety step by autosave (JavaScript), overwritten later by the final text.
    response = post_form(client, f"{base}/safety", {"safe_contact": c.sentence("app-draft-safe-contact"),
                                                    "risks": c.sentence("app-draft-risks")},
                         headers={"X-Autosave": "1"})
    assert response.status_code == 200 and response.get_json()["saved"], response.get_data(as_text=True)[:300]
    for slug, data in _application_steps(c).items():
        response = post_form(client, f"{base}/{slug}", dict(data, go="save"))
        assert response.status_code == 303, (slug, response.get_data(as_text=True)[:800])
    review = f"/applications/{application_id}/review"
    response = post_form(client, f"/applications/{application_id}/submit", page=review)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return application_id


def _plan_form(c: Canaries, version: str) -> dict:
    """The plan editor's fields, every text a canary (``version`` makes them distinct per save)."""
    data = {"language": "en", "mechanisms": ["upr", "sp"]}
    for name in ("problem", "objectives", "opportunities", "targets", "pitch", "geneva-activities"):
        data[name.replace("-", "_")] = c.sentence(f"plan-{version}-{name}")
    for i in range(2):
        data[f"recommendations-{i}-text"] = c.sentence(f"plan-{version}-rec{i}-text")
        data[f"recommendations-{i}-state"] = c(f"plan-{version}-rec{i}-state")
        data[f"recommendations-{i}-mechanism"] = "upr"
        data[f"recommendations-{i}-time_frame"] = c(f"plan-{version}-rec{i}-time-frame")
    return data


def _feedback_form(c: Canaries, html: str) -> dict:
    """The coach's feedback: a canary in every comment, every criterion rated, a revision asked."""
    ids = sorted({int(m) for m in re.findall(r'name="rating_(\d+)_', html)})
    assert ids, "no feedback form on the coach's page"
    data = {"action": "send", "decision": "revise", "pitch_comment": c.sentence("coach-pitch-comment"),
            "plan_comment": c.sentence("coach-plan-comment")}
    for n, rec_id in enumerate(ids):
        for criterion in CRITERIA:
            data[f"rating_{rec_id}_{criterion}"] = "partly"
            data[f"comment_{rec_id}_{criterion}"] = c.sentence(f"coach-rec{n}-{criterion.replace('_', '-')}")
    return data


def coach_through_the_pages(participant, coach, c: Canaries) -> tuple[int, dict[str, str]]:
    """Draft (autosave), save, submit; feedback; replies both ways; a revised version 2.

    Returns the plan's id and, per page, the text the owner sees there.
    """
    # An early draft by autosave, overwritten by the version that is submitted.
    response = post_form(participant, "/coaching/plan", _plan_form(c, "draft"), page="/dashboard",
                         headers={"X-Autosave": "1"})
    assert response.status_code == 200 and response.get_json()["saved"], response.get_data(as_text=True)[:300]
    response = post_form(participant, "/coaching/plan", dict(_plan_form(c, "v1"), action="submit"), page="/dashboard")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    plan_id = db.session.scalar(select(AdvocacyPlan.id))
    v1 = f"/coaching/plans/{plan_id}/versions/1"

    html = coach.get(v1).get_data(as_text=True)
    response = post_form(coach, v1 + "/feedback", _feedback_form(c, html), page=v1)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]

    feedback_id = db.session.scalars(select(Feedback.id).order_by(Feedback.id)).first()
    replies = [(participant, {"topic": "feedback", "feedback_id": str(feedback_id)}, "reply-participant-feedback"),
               (coach, {"topic": "feedback", "feedback_id": str(feedback_id)}, "reply-coach-feedback"),
               (participant, {"topic": "pitch"}, "reply-participant-pitch"),
               (coach, {"topic": "plan"}, "reply-coach-plan")]
    for client, data, label in replies:
        response = post_form(client, v1 + "/replies", dict(data, body=c.sentence(label)), page=v1)
        assert response.status_code == 303, response.get_data(as_text=True)[:800]

    # The revision: a new draft, submitted as version 2, which the coach reads with its changes.
    response = post_form(participant, "/coaching/plan", dict(_plan_form(c, "v2"), action="submit"), page="/dashboard")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    v2 = f"/coaching/plans/{plan_id}/versions/2"
    assert coach.get(v2).status_code == 200
    return plan_id, {v1: participant.get(v1).get_data(as_text=True), v2: participant.get(v2).get_data(as_text=True),
                     v1 + " (coach)": coach.get(v1).get_data(as_text=True)}


# --------------------------------------------------------------------------- where canaries could land


def encrypted_coverage(c: Canaries) -> tuple[int, int, dict[str, str], list[str]]:
    """Every EncryptedText column of the models, read raw: each value must be ciphertext, and each column
    must hold a value that decrypts to a canary (or, for the columns of ``CHOSEN``, to the value chosen on
    the page; for ``GENERATED``, any value). Returns (columns, values, {column: how it was reached},
    the decrypted texts of the generated columns)."""
    columns = values = 0
    reached: dict[str, str] = {}
    generated: list[str] = []
    prefix = c.prefix.lower()
    for table, column in encrypted_columns(db.metadata):
        columns += 1
        name, key = f"{table.name}.{column.name}", (table.name, column.name)
        for (value,) in db.session.execute(text(f'SELECT "{column.name}" FROM "{table.name}"')):
            if value is None:
                continue
            assert value.startswith(PREFIX), f"{name} holds a value without {PREFIX}"
            values += 1
            plain = decrypt(value)
            if prefix in plain.lower():
                labels = [label for label, canary in c.by_label.items() if canary.lower() in plain.lower()]
                reached[name] = "canary " + ", ".join(labels[:2])
            elif key in CHOSEN and name not in reached and _same(plain, CHOSEN[key]):
                reached[name] = f"chosen {CHOSEN[key]}"
            elif key in GENERATED:
                reached.setdefault(name, "written by the app")
                generated.append(plain)
    return columns, values, reached, generated


def _same(stored: str, chosen: str) -> bool:
    try:
        return json.loads(stored) == json.loads(chosen)
    except ValueError:
        return stored == chosen


# --------------------------------------------------------------------------- the test


@pytest.fixture
def coaching_pair(app, frozen_clock):
    """A participant enrolled with a coach, both signed in through the pages."""
    cohort = make_cohort()
    coach = make_user(roles=("coach",))
    participant = make_user(roles=("participant",))
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=participant.id, coach_id=coach.id))
    db.session.commit()
    p, k = app.test_client(), app.test_client()
    sign_in(p, participant)
    sign_in(k, coach)
    return p, k


@pytest.mark.parametrize("backend", [
    pytest.param("sqlite", id="sqlite-file"),
    pytest.param("postgresql", id="pg_dump"),
])
def test_canaries_never_leave_the_encryption(backend, app, database_url, frozen_clock, signed_in, coaching_pair,
                                             caplog, capfd):
    """Canaries typed in every sensitive field are read back by their owner, and found nowhere else."""
    actual = make_url(database_url).get_backend_name()
    if actual != backend:
        pytest.skip(f"the {backend} check runs when the tests run on {backend} (this run: {actual}); "
                    "CI runs both databases")
    c = Canaries()
    control = f"CONTROL-{uuid.uuid4().hex}"  # in plain text by design: a call's name

    with AllLoggersAtDebug(caplog):
        # The account, then the application, through the pages; staff open it (an audited view).
        applicant = sign_up_through_the_pages(app, c)
        call = make_call(name=f"HRDAP {control}")
        application_id = apply_through_the_pages(applicant, call, c)
        staff, _staff_user = signed_in("staff")
        page = f"/staff/applications/{application_id}"
        review = {f"score_{key}": "4" for key in APPLICATION_CRITERIA} | {"comment": c.sentence("staff-review-comment")}
        response = post_form(staff, page + "/review", review, page=page)
        assert response.status_code == 303, response.get_data(as_text=True)[:800]
        staff_html = staff.get(page).get_data(as_text=True)

        # The advocacy plan, the coach's feedback, the replies.
        participant, coach = coaching_pair
        _plan_id, plan_pages = coach_through_the_pages(participant, coach, c)
        cohort_id = db.session.scalar(select(Enrolment.cohort_id))
        cohort_pages = cohort_through_the_pages(app, participant, staff, cohort_id, c, frozen_clock)

        # The owner reads their texts back: the data really was stored (and decrypts).
        copy = applicant.get(f"/applications/{application_id}/copy").get_data(as_text=True)
        final_app = [v for k, v in c.by_label.items() if k.startswith("app-") and "-draft-" not in k]
        assert [v for v in final_app if v not in copy] == [], "the applicant does not see all their answers"
        assert [v for v in final_app if v not in staff_html] == [], "staff do not see all the answers"
        assert c.by_label["staff-review-comment"] in staff_html, "staff do not see the review comment"
        seen = "\n".join(plan_pages.values())
        shown = [v for k, v in c.by_label.items() if k.startswith(("plan-v1-", "plan-v2-", "coach-", "reply-"))]
        assert [v for v in shown if v not in seen] == [], "the plan's pages do not show everything written"
        seen = "\n".join(cohort_pages.values())
        cohort_texts = [v for k, v in c.by_label.items() if k.startswith(("live-", "peer-", "geneva-", "survey-named"))]
        assert [v for v in cohort_texts if v not in seen] == [], "the cohort's pages do not show everything written"

        # Mails: queued for the applicant (receipt), the coach and the participant; then delivered,
        # which without SMTP writes each mail to the log.
        db.session.commit()
        mails = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        mail_text = "\n".join(f"{m.subject}\n{m.body}\n{m.last_error or ''}" for m in mails)  # not the address
        assert len(mails) >= 6, [m.subject for m in mails]
        columns, values, reached, generated = encrypted_coverage(c)  # before delivery drops the bodies
        assert deliver_pending() == len(mails)
        db.session.commit()

    unreached = sorted({f"{t.name}.{col.name}" for t, col in encrypted_columns(db.metadata)} - set(reached))
    assert unreached == [], f"encrypted columns reached by no canary typed through the pages: {unreached}"

    c.check_distinct()
    leaks: dict[str, list[str]] = {}

    def scan(where: str, data: bytes) -> int:
        found = c.leaks(data)
        if found:
            leaks[where] = found
        return len(data)

    # Logs: the records (caplog), stdout/stderr (handlers writing to streams), log files.
    out, err = capfd.readouterr()
    log_bytes = scan("log records", log_text(caplog))
    stream_bytes = scan("stdout/stderr", (out + err).encode())
    files = log_files()
    file_bytes = sum(scan(f"log file {p}", data) for p, data in files.items())
    assert any(r.name == "hrdap.mail.services" and "mail to" in r.getMessage() for r in caplog.records), \
        "the delivered mails are not in the captured log: the log capture is not working"
    assert any(PREFIX in r.getMessage() for r in caplog.records if r.name.startswith("sqlalchemy.engine")), \
        "SQLAlchemy's statements with their parameters are not in the captured log"
    mail_bytes = scan("mails", mail_text.encode())
    generated = [g for g in generated if len(g) >= 16]  # the app's own texts: never in clear in the copy

    # The database, raw.
    if backend == "sqlite":
        before = sqlite_files(database_url)
        db_before = sum(scan(f"{Path(p).name} (before checkpoint)", data) for p, data in before.items())
        assert any(control.encode() in data for data in before.values()), "the scan misses what the test wrote"
        sqlite_checkpoint(app, database_url)
        after = sqlite_files(database_url)
        db_after = sum(scan(f"{Path(p).name} (after checkpoint)", data) for p, data in after.items())
        main = after[str(Path(make_url(database_url).database))]
        assert control.encode() in main, "the data is not in the main SQLite file after the checkpoint"
        clear = [g[:40] for g in generated if any(g.encode() in data for data in {**before, **after}.values())]
        db_report = (f"SQLite file + companions {db_before:,} bytes in {len(before)} file(s) before a checkpoint, "
                     f"{db_after:,} bytes after; pg_dump: skipped (SQLite run)")
    else:
        dump = pg_dump(database_url)
        db_bytes = scan("pg_dump", dump)
        assert control.encode() in dump, "the dump misses what the test wrote"
        clear = [g[:40] for g in generated if g.encode() in dump]
        db_report = f"pg_dump {db_bytes:,} bytes; SQLite file: skipped (PostgreSQL run)"

    with capfd.disabled():
        print(f"\n[canary] {backend}: {len(c.by_label)} canaries typed through the pages "
              f"({len(final_app)} application answers, {len(shown)} plan/feedback/reply texts, "
              f"1 review comment, {len(cohort_texts)} cohort texts, 3 account fields, "
              f"{len(c.by_label) - len(final_app) - len(shown) - len(cohort_texts) - 4} earlier drafts or held); "
              f"{values} encrypted values in {columns} columns, all ciphertext, every column reached: "
              f"{sum(1 for v in reached.values() if v.startswith('canary'))} by a canary, "
              f"{sum(1 for v in reached.values() if v.startswith('chosen'))} by a value chosen on the page, "
              f"{sum(1 for v in reached.values() if v.startswith('written'))} written by the app\n"
              f"[canary] database: {db_report}\n"
              f"[canary] logs: {len(caplog.records)} records at DEBUG ({log_bytes:,} bytes), "
              f"stdout/stderr {stream_bytes:,} bytes, {len(files)} log file(s) {file_bytes:,} bytes\n"
              f"[canary] mails: {len(mails)} mails ({mail_bytes:,} bytes)")
    assert leaks == {}, f"canaries found outside the encryption: {leaks}"
    assert clear == [], f"texts the app encrypted are in clear in the database: {clear}"
