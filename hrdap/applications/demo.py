"""Demo data: the open call "HRDAP 2027" with applications in every stage (idempotent)."""
from __future__ import annotations

import pyotp
from datetime import timedelta

from sqlalchemy import select

from hrdap.applications import services
from hrdap.applications.answers import dump_answers
from hrdap.applications.models import Application, Call, Review, Status
from hrdap.auth import two_factor
from hrdap.auth.models import Role
from hrdap.auth.services import create_user, find_user
from hrdap.clock import now
from hrdap.extensions import db

CALL_NAME = "HRDAP 2027"

#: (pseudonym, country, region, area, gender, languages, status, review scores)
_PEOPLE = [
    ("Amara K.", "KE", "africa", "equality", "woman", ["en", "fr"], "shortlisted", (5, 4)),
    ("Diego R.", "CO", "latin_america_caribbean", "environment", "man", ["es", "en"], "under_review", (4, 3)),
    ("Laila H.", "EG", "middle_east_north_africa", "accountability", "woman", ["ar", "en"], "accepted", (5, 5)),
    ("Tenzin P.", "NP", "asia_pacific", "rule_of_law", "non_binary", ["en"], "submitted", ()),
    ("Oksana M.", "UA", "eastern_europe_central_asia", "accountability", "woman", ["ru", "en"], "waitlisted", (3, 4)),
    ("Kwame A.", "GH", "africa", "rule_of_law", "man", ["en"], "declined", (2, 3)),
    ("Ana P.", "BR", "latin_america_caribbean", "equality", "woman", ["pt", "es"], "shortlisted", (4, 5)),
    ("Sami N.", "LB", "middle_east_north_africa", "environment", "undisclosed", ["ar", "fr"], "under_review", (3,)),
    ("Mei L.", "PH", "asia_pacific", "equality", "woman", ["en"], "submitted", ()),
    ("Jonas W.", "DE", "western_europe_north_america", "rule_of_law", "man", ["en", "fr"], "draft", ()),
    ("Fatou D.", "SN", "africa", "environment", "woman", ["fr"], "draft", ()),
]


def _answers(name, country, region, area, gender, languages, email) -> dict:
    return {"name": name, "email": email, "country": country, "region": region, "gender": gender,
            "languages": languages, "org_name": "", "org_role": "Advocacy coordinator", "org_kind": "ngo",
            "org_confidential": True, "years": 8, "national_experience": "Demo text: national advocacy.",
            "un_engagement": "yes", "un_mechanisms": ["upr"], "area": area, "themes": ["civic_space"],
            "motivation": "Demo text: motivation.", "objectives": "Demo text: objectives.", "funding": "full",
            "availability": "yes", "safe_contact": "Demo text.", "risks": "", "referee_name": "Demo referee",
            "referee_organisation": "", "referee_email": "referee@demo.hrdap.org", "referee_relationship": "",
            "consent": True}


def _person(key: str, name: str, roles=(Role.APPLICANT,)):
    from hrdap.demo import DEMO_PASSWORD, demo_email

    user = find_user(demo_email(key))
    if user is None:
        user = create_user(demo_email(key), name, DEMO_PASSWORD, roles=roles, verified=True)
        if Role.STAFF in roles:
            two_factor.enable(user, pyotp.random_base32())
    return user


def seed_demo(people: dict) -> list[str]:
    """Create the call, a second reviewer, eleven applicants and the demo applicant's half-filled draft."""
    if db.session.scalar(select(Call.id).where(Call.name == CALL_NAME)):
        return []
    at = now()
    closes = services.geneva_instant((at + timedelta(days=60)).astimezone(services.GENEVA).date())
    call = Call(name=CALL_NAME, reference_prefix="HRDAP27", last_number=0, capacity=16,
                opens_at=at - timedelta(days=20), closes_at=closes,
                description="The **Human Rights Defender Advocacy Programme 2027**: ten weeks online, then two "
                            "weeks in Geneva during a session of the Human Rights Council.",
                eligibility="- Experienced human rights defenders working in an NGO or a community group\n"
                            "- National or regional advocacy experience\n- Some knowledge of the UN system",
                offer="E-learning, live sessions with experts, personal coaching and two weeks in Geneva. "
                      "Full and partial scholarships cover tuition, travel and living costs.")
    db.session.add(call)
    db.session.flush()
    staff = people["staff"]
    second = _person("reviewer", "Reviewer Jorge (demo)", roles=(Role.STAFF,))
    for index, (name, country, region, area, gender, languages, status, marks) in enumerate(_PEOPLE, 1):
        user = _person(f"applicant{index}", f"{name} (demo)")
        application = Application(call_id=call.id, applicant_id=user.id, status=status, created_at=at,
                                  updated_at=at, region=region, area=area, gender=gender,
                                  languages=",".join(languages),
                                  answers=dump_answers(_answers(name, country, region, area, gender, languages,
                                                                user.email)))
        if status != Status.DRAFT.value:
            call.last_number += 1
            application.reference = f"{call.reference_prefix}-{call.last_number:04d}"
            application.submitted_at = at - timedelta(days=index)
        db.session.add(application)
        for reviewer, mark in zip((staff, second), marks):
            application.reviews.append(Review(reviewer_id=reviewer.id, mean_score=float(mark), submitted_at=at,
                                              scores=dump_answers({k: mark for k in (
                                                  "fit", "knowledge", "experience", "role", "peer_learning",
                                                  "universality", "communication")}), comment="Demo review."))
        if status == Status.ACCEPTED.value:
            user.add_role(Role.PARTICIPANT)
    applicant = people["applicant"]
    half = {"name": applicant.display_name, "email": applicant.email, "country": "UA",
            "region": "eastern_europe_central_asia", "languages": ["en", "ru"], "org_role": "Lawyer",
            "org_kind": "legal", "motivation": "I want to bring the documentation we collect to the UN..."}
    db.session.add(Application(call_id=call.id, applicant_id=applicant.id, status=Status.DRAFT.value,
                               answers=dump_answers(half), region=half["region"], languages="en,ru",
                               created_at=at, updated_at=at))
    db.session.commit()
    return ["", f"Applications: the open call {CALL_NAME} with {len(_PEOPLE) + 1} applications; "
                f"a second reviewer: reviewer@demo.hrdap.org (staff, two-factor)."]
