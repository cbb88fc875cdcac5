"""The data behind ``benchmarks.growth``: a synthetic course of any size, written from the real course's
sections, and bulk-inserted accounts, progress and submitted applications."""
from __future__ import annotations

import json
import random
import re
import shutil
import statistics
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_COURSE = ROOT / "courses" / "hrdap"
MODULES = 10
LESSON_WORDS = 800
COURSE_SLUG = "growth"
MECHANISMS = ("intro", "hrc", "special-procedures", "treaty-bodies", "upr", "ohchr", "advocacy",
              "case-studies", "geneva", "advocacy")
SOURCES = {"en": "## Sources", "fr": "## Sources", "es": "## Fuentes"}


# ---------------------------------------------------------------------------------------------- the course

def _source_material() -> dict[str, dict]:
    """Per language: the real course's lesson titles and its sections (``## `` heading + body), links to
    other lessons turned into plain text (glossary links are kept: the real glossary is copied)."""
    out: dict[str, dict] = {}
    lesson_link = re.compile(r"\[([^\]]+)\]\(lesson:[^)]+\)")
    for lang in ("en", "fr", "es"):
        titles, sections = [], []
        for path in sorted(SOURCE_COURSE.glob(f"modules/*/*.{lang}.md")):
            text = lesson_link.sub(r"\1", path.read_text(encoding="utf-8"))
            first, _, body = text.partition("\n")
            titles.append(first.removeprefix("# ").strip())
            body = re.split(r"^## (?:Sources|Fuentes)\s*$", body, maxsplit=1, flags=re.M)[0]
            for part in re.split(r"^(?=## )", body, flags=re.M):
                part = part.strip()
                if part.startswith("## ") and len(part.split()) > 30:
                    sections.append(part)
        out[lang] = {"titles": titles, "sections": sections}
    return out


def _lesson_markdown(material: dict, lang: str, module: str, lesson: str, number: str, first_lesson: str) -> str:
    """~LESSON_WORDS words, the same text for the same lesson every time the folder is rewritten."""
    rng = random.Random(f"{module}/{lesson}/{lang}")
    title = f"{rng.choice(material['titles'])} ({number})"
    intro = {"en": "Read this lesson after [the first lesson of the module]",
             "fr": "Lisez cette leçon après [la première leçon du module]",
             "es": "Lea esta lección después de [la primera lección del módulo]"}[lang]
    parts = [f"# {title}", f"{intro}(lesson:{module}/{first_lesson})."]
    count = 0
    while count < LESSON_WORDS:
        section = rng.choice(material["sections"])
        parts.append(section)
        count += len(section.split())
    parts.append(SOURCES[lang] + "\n\n- OHCHR, *Working with the United Nations Human Rights Programme: "
                 "A Handbook for Civil Society* (2008).\n- https://www.ohchr.org/")
    return "\n\n".join(parts) + "\n"


def write_course(root: Path, lessons: int, material: dict) -> Path:
    """(Re)write the course folder ``root/growth`` with ``lessons`` lessons over MODULES modules."""
    course = root / COURSE_SLUG
    if course.exists():
        shutil.rmtree(course)
    (course / "modules").mkdir(parents=True)
    head = (f'slug = "{COURSE_SLUG}"\nweeks = 10\ngeneva_weeks = [9, 10]\nfuture_weeks = "readable"\n'
            '[title]\nen = "Growth course"\nfr = "Cours de croissance"\nes = "Curso de crecimiento"\n'
            '[description]\nen = "Synthetic."\nfr = "Synthétique."\nes = "Sintético."\n')
    weeks = "".join(f'\n[[week]]\nnumber = {n}\n[week.title]\nen = "Week {n}"\nfr = "Semaine {n}"\n'
                    f'es = "Semana {n}"\n' for n in range(1, 11))
    (course / "course.toml").write_text(head + weeks, encoding="utf-8")
    shutil.copy(SOURCE_COURSE / "glossary.toml", course / "glossary.toml")
    per_module = lessons // MODULES
    for m in range(1, MODULES + 1):
        slug = f"module-{m:02d}"
        folder = course / "modules" / f"{m:02d}-{slug}"
        folder.mkdir()
        slugs = [f"lesson-{n:03d}" for n in range(1, per_module + 1)]
        (folder / "module.toml").write_text(
            f'slug = "{slug}"\nmechanism = "{MECHANISMS[m - 1]}"\nweek = {m}\norder = {m}\n'
            f'lessons = [{", ".join(chr(34) + s + chr(34) for s in slugs)}]\n'
            f'[title]\nen = "Module {m}"\nfr = "Module {m}"\nes = "Módulo {m}"\n'
            f'[summary]\nen = "Summary {m}."\nfr = "Résumé {m}."\nes = "Resumen {m}."\n', encoding="utf-8")
        for n, lesson in enumerate(slugs, start=1):
            for lang in ("en", "fr", "es"):
                (folder / f"{lesson}.{lang}.md").write_text(
                    _lesson_markdown(material[lang], lang, slug, lesson, f"{m}.{n}", slugs[0]), encoding="utf-8")
    return course


# ------------------------------------------------------------------------------------------------ seeding

def add_users(prefix: str, start: int, stop: int, role, password_hash: str, at) -> list[int]:
    """Bulk-insert accounts ``prefix{n}@growth.hrdap.org`` for n in [start, stop); their ids in order."""
    from sqlalchemy import func, insert, select

    from hrdap.auth.models import User, UserRole
    from hrdap.blind_index import email_index
    from hrdap.extensions import db

    before = db.session.scalar(select(func.max(User.id))) or 0
    db.session.execute(insert(User), [
        {"email": f"{prefix}{n}@growth.hrdap.org", "email_index": email_index(f"{prefix}{n}@growth.hrdap.org"),
         "display_name": f"{prefix.title()} {n}",
         "password_hash": password_hash, "language": "en", "time_zone": "Europe/Zurich",
         "email_verified_at": at, "created_at": at} for n in range(start, stop)])
    by_email = dict(db.session.execute(select(User.email, User.id).where(User.id > before)).all())
    ids = [by_email[f"{prefix}{n}@growth.hrdap.org"] for n in range(start, stop)]
    db.session.execute(insert(UserRole), [{"user_id": i, "role": role.value} for i in ids])
    return ids


def mark_progress(participant_ids: list[int]) -> int:
    """Every 10th lesson of the course done by each participant (rows added for new lessons only)."""
    from sqlalchemy import insert, select

    from hrdap.extensions import db
    from hrdap.learning.models import Course, Lesson, LessonProgress, Module

    lesson_ids = db.session.scalars(select(Lesson.id).join(Module).join(Course)
                                    .where(Course.slug == COURSE_SLUG).order_by(Module.position, Lesson.position)).all()
    wanted = lesson_ids[::10]
    have = set(db.session.execute(select(LessonProgress.user_id, LessonProgress.lesson_id)).all())
    rows = [{"user_id": u, "lesson_id": lid} for u in participant_ids for lid in wanted if (u, lid) not in have]
    if rows:
        db.session.execute(insert(LessonProgress), rows)
    db.session.commit()
    return len(wanted)


def add_applications(call, start: int, stop: int, staff_id: int, reviewer_ids: list[int], password_hash: str,
                     at) -> None:
    """Submitted applications n in [start, stop) to ``call``, with their accounts and some reviews."""
    from sqlalchemy import insert, select

    from benchmarks.seed import _answers
    from hrdap.applications import choices
    from hrdap.applications.answers import dump_answers
    from hrdap.applications.models import Application, Review, Status
    from hrdap.auth.models import Role
    from hrdap.extensions import db

    regions, areas, genders = list(choices.REGIONS), list(choices.AREAS), list(choices.GENDERS)
    criteria = list(choices.CRITERIA)
    ids = add_users("applicant", start, stop, Role.APPLICANT, password_hash, at)
    rows = []
    for n, user_id in zip(range(start, stop), ids):
        rng = random.Random(n)
        answers = _answers(n) | {"email": f"applicant{n}@growth.hrdap.org", "region": rng.choice(regions),
                                 "area": rng.choice(areas), "gender": rng.choice(genders), "consent": True}
        if n < 40:
            status = Status.ACCEPTED if n < 10 else Status.SHORTLISTED   # a shortlist that does not grow
        else:
            status = Status.UNDER_REVIEW if n % 10 < 3 else Status.SUBMITTED
        rows.append({"call_id": call.id, "applicant_id": user_id, "status": status.value,
                     "reference": f"{call.reference_prefix}-{n + 1:04d}", "answers": dump_answers(answers),
                     "region": answers["region"], "area": answers["area"], "gender": answers["gender"],
                     "languages": "en,fr", "created_at": at, "updated_at": at,
                     "submitted_at": at - timedelta(minutes=n % 5000), "decided_at": at if n < 10 else None})
    db.session.execute(insert(Application), rows)
    app_ids = dict(db.session.execute(select(Application.applicant_id, Application.id)
                                      .where(Application.applicant_id.in_(ids))).all())
    reviews = []
    for n, user_id in zip(range(start, stop), ids):
        rng = random.Random(-n)
        reviewers = []
        if n % 10 < 3 or n < 40:
            reviewers += reviewer_ids
        if n % 10 == 0:
            reviewers.append(staff_id)
        for reviewer in reviewers:
            scores = {c: rng.randint(1, 5) for c in criteria}
            reviews.append({"application_id": app_ids[user_id], "reviewer_id": reviewer,
                            "scores": json.dumps(scores, sort_keys=True),
                            "mean_score": round(statistics.fmean(scores.values()), 3),
                            "comment": "Solid documentation work; clear plan.", "conflict": False,
                            "submitted_at": at})
        if n % 200 == 7:
            reviews.append({"application_id": app_ids[user_id], "reviewer_id": staff_id, "scores": "{}",
                            "mean_score": None, "comment": "", "conflict": True, "submitted_at": at})
    if reviews:
        db.session.execute(insert(Review), reviews)
    call.last_number = stop
    db.session.commit()
