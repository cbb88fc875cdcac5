"""survey answers held and released in shuffled groups

Anonymous survey answers were written in the order people answered, the same order as their
participation rows: a copy of the database linked them (issue 24, point 5). Surveys get a column for
held answers (encrypted); the anonymous answers already stored are written again in a random order with
new random ids where a survey has five or more, and moved into the held answers where it has fewer.
The downgrade writes held answers back as rows (the older code reads only rows).

Revision ID: b7d1e4a9c203
Revises: 9a41c7e2b6d3
Create Date: 2026-11-28 09:00:00

"""
import json
import secrets

import sqlalchemy as sa
from alembic import op

from hrdap.crypto import decrypt, encrypt

# revision identifiers, used by Alembic.
revision = 'b7d1e4a9c203'
down_revision = '9a41c7e2b6d3'
branch_labels = None
depends_on = None

RELEASE_AT = 5  # hrdap/survey/held.py, as of this revision

_surveys = sa.table("surveys", sa.column("id", sa.Integer), sa.column("held_answers", sa.Text))
_responses = sa.table("survey_responses", sa.column("id", sa.String), sa.column("survey_id", sa.Integer),
                      sa.column("user_id", sa.Integer), sa.column("submitted_at", sa.DateTime),
                      sa.column("satisfaction", sa.String), sa.column("can_apply", sa.Boolean),
                      sa.column("comments", sa.Text))
_ratings = sa.table("survey_module_ratings", sa.column("response_id", sa.String),
                    sa.column("module_id", sa.Integer), sa.column("rating", sa.Integer))


def _anonymous(bind, survey_id):
    """The survey's anonymous answers as dicts (comments still encrypted) with their ratings."""
    rows = bind.execute(sa.select(_responses.c.id, _responses.c.satisfaction, _responses.c.can_apply,
                                  _responses.c.comments)
                        .where(_responses.c.survey_id == survey_id, _responses.c.user_id.is_(None))).all()
    answers = []
    for rid, satisfaction, can_apply, comments in rows:
        ratings = dict(bind.execute(sa.select(_ratings.c.module_id, _ratings.c.rating)
                                    .where(_ratings.c.response_id == rid)).all())
        answers.append({"id": rid, "satisfaction": satisfaction, "can_apply": bool(can_apply),
                        "comments": comments, "ratings": ratings})
    return answers


def _delete(bind, ids):
    if ids:
        bind.execute(_ratings.delete().where(_ratings.c.response_id.in_(ids)))
        bind.execute(_responses.delete().where(_responses.c.id.in_(ids)))


def _insert(bind, survey_id, answers):
    """Write answers (comments already encrypted) one row at a time, in the given order."""
    for answer in answers:
        rid = secrets.token_hex(16)
        bind.execute(_responses.insert().values(id=rid, survey_id=survey_id, user_id=None, submitted_at=None,
                                                satisfaction=answer["satisfaction"], can_apply=answer["can_apply"],
                                                comments=answer["comments"]))
        for module_id, rating in sorted(answer["ratings"].items()):
            bind.execute(_ratings.insert().values(response_id=rid, module_id=int(module_id), rating=rating))


def upgrade():
    op.add_column("surveys", sa.Column("held_answers", sa.Text(), nullable=True))
    bind = op.get_bind()
    shuffler = secrets.SystemRandom()
    for (survey_id,) in bind.execute(sa.select(_surveys.c.id)).all():
        answers = _anonymous(bind, survey_id)
        if not answers:
            continue
        _delete(bind, [a["id"] for a in answers])
        shuffler.shuffle(answers)
        if len(answers) >= RELEASE_AT:
            _insert(bind, survey_id, answers)
            continue
        held = [{"satisfaction": a["satisfaction"], "can_apply": a["can_apply"],
                 "comments": decrypt(a["comments"]) if a["comments"] else "",
                 "ratings": {str(k): v for k, v in a["ratings"].items()}} for a in answers]
        bind.execute(_surveys.update().where(_surveys.c.id == survey_id)
                     .values(held_answers=encrypt(json.dumps(held))))


def downgrade():
    bind = op.get_bind()
    for survey_id, held in bind.execute(sa.select(_surveys.c.id, _surveys.c.held_answers)
                                        .where(_surveys.c.held_answers.is_not(None))).all():
        answers = json.loads(decrypt(held))
        for answer in answers:
            answer["comments"] = encrypt(answer["comments"])
        _insert(bind, survey_id, answers)
    # Not batch mode: on SQLite it copies and drops the table, and dropping it would delete every
    # response through the foreign keys' ON DELETE CASCADE. SQLite drops a column itself since 3.35.
    op.drop_column("surveys", "held_answers")
