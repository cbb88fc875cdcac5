"""Migration b7d1e4a9c203: anonymous survey answers already stored lose their order (issue 24, point 5)."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from hrdap import create_app
from hrdap.crypto import PREFIX, encrypt
from hrdap.extensions import db
from hrdap.survey.held import held_answers
from hrdap.survey.models import Survey, SurveyResponse

from testconfig import fresh_database, make_test_config

BEFORE = "9a41c7e2b6d3"
NOW = "2026-11-28 09:00:00"


def _insert(sql: str, **values) -> int:
    return db.session.execute(text(sql + " RETURNING id"), values).scalar_one()


def _old_world() -> tuple[int, int, list[str]]:
    """Two surveys written by the older code: six anonymous answers (and one named) in the first, two in
    the second. Returns the survey ids and the first survey's response ids in the order written."""
    course = _insert("INSERT INTO courses (slug, title, description, weeks, geneva_weeks, future_weeks, week_titles, "
                     "open_to_all, synced_at) VALUES ('c', '{}', '{}', 10, '[]', 'hide', '{}', false, :t)", t=NOW)
    module = _insert("INSERT INTO modules (course_id, slug, mechanism, week, position, title, summary) "
                     "VALUES (:c, 'm', 'hrc', 1, 1, '{}', '{}')", c=course)
    surveys = []
    for name in ("A", "B"):
        cohort = _insert("INSERT INTO cohorts (course_id, name, starts_on, weeks, capacity, hrc_session, created_at) "
                         "VALUES (:c, :n, '2027-01-11', 10, 16, '', :t)", c=course, n=name, t=NOW)
        surveys.append(_insert("INSERT INTO surveys (cohort_id, opened_at) VALUES (:c, :t)", c=cohort, t=NOW))
    users = [_insert("INSERT INTO users (email, display_name, password_hash, language, time_zone, created_at, "
                     "totp_last_step) VALUES (:e, :n, 'x', 'en', 'UTC', :t, 0)", e=f"p{i}@example.org", n=f"P{i}", t=NOW)
             for i in range(9)]
    written = []
    for i, user in enumerate(users):
        survey = surveys[0] if i < 7 else surveys[1]
        db.session.execute(text("INSERT INTO survey_participations (survey_id, user_id) VALUES (:s, :u)"),
                           {"s": survey, "u": user})
        rid = f"{i:032x}"
        named = i == 3
        db.session.execute(text("INSERT INTO survey_responses (id, survey_id, user_id, satisfaction, can_apply, comments) "
                                "VALUES (:i, :s, :u, 'very', true, :c)"),
                           {"i": rid, "s": survey, "u": user if named else None, "c": encrypt(f"comment {i}")})
        db.session.execute(text("INSERT INTO survey_module_ratings (response_id, module_id, rating) VALUES (:i, :m, 4)"),
                           {"i": rid, "m": module})
        if survey == surveys[0] and not named:
            written.append(rid)
    db.session.commit()
    return surveys[0], surveys[1], written


def test_stored_anonymous_answers_are_reshuffled_or_held_and_come_back_on_downgrade(database_url, tmp_path):
    """Six anonymous answers get new random ids (no old id survives); two are moved into the held answers
    (ciphertext); the named answer keeps its id; downgrading writes the held ones back as rows."""
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(make_test_config(url))
    try:
        with app.app_context():
            upgrade(revision=BEFORE)
            first, second, written = _old_world()

            upgrade()
            anonymous = db.session.scalars(db.select(SurveyResponse).where(SurveyResponse.survey_id == first,
                                                                          SurveyResponse.user_id.is_(None))).all()
            assert len(anonymous) == 6 and not {r.id for r in anonymous} & set(written)
            assert sorted(r.comments for r in anonymous) == [f"comment {i}" for i in (0, 1, 2, 4, 5, 6)]
            assert all(len(r.ratings) == 1 for r in anonymous)
            assert db.session.scalar(db.select(SurveyResponse.id).where(SurveyResponse.user_id.is_not(None))) \
                == f"{3:032x}"
            assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)
                                     .where(SurveyResponse.survey_id == second)) == 0
            raw = db.session.scalar(text("SELECT held_answers FROM surveys WHERE id = :s"), {"s": second})
            assert raw.startswith(PREFIX) and "comment" not in raw
            held = held_answers(db.session.get(Survey, second))
            assert sorted(h.comments for h in held) == ["comment 7", "comment 8"]
            assert all(list(h.ratings.values()) == [4] for h in held)
            db.session.commit()

            downgrade(revision=BEFORE)
            rows = db.session.execute(text("SELECT comments FROM survey_responses WHERE survey_id = :s"),
                                      {"s": second}).scalars().all()
            assert len(rows) == 2 and all(r.startswith(PREFIX) for r in rows)
            db.session.commit()
            upgrade()
            db.engine.dispose()
    finally:
        drop()
