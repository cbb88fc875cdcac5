"""The demo data for live sessions, the peer network and the survey."""
from factories import make_user

from hrdap.clock import now
from hrdap.extensions import db
from hrdap.live.demo import DEMO_COHORT, seed
from hrdap.live.models import LiveSession, QuestionVote, SessionQuestion
from hrdap.peers.models import PeerProfile
from hrdap.survey.models import Survey


def test_demo_seed_is_idempotent_and_skips_without_cohort(world):
    """Two upcoming sessions and a recorded past one, questions, votes, two listed peers, a closed survey."""
    people = {"staff": world.staff, "participant": world.p1, "participant2": world.p2,
              "participant3": make_user(roles=("participant",))}
    assert seed(people) == []  # no demo cohort yet: nothing added
    world.cohort.name = DEMO_COHORT
    db.session.commit()
    assert seed(people) and seed(people) == []
    sessions = db.session.scalars(db.select(LiveSession)).all()
    assert len(sessions) == 3 and sum(s.starts_at > now() for s in sessions) == 2
    assert [s.recording_url.startswith("https://") for s in sessions if s.starts_at < now()] == [True]
    assert {q.language for q in db.session.scalars(db.select(SessionQuestion))} == {"en", "fr", "es"}
    assert db.session.scalar(db.select(db.func.count()).select_from(QuestionVote)) == 4
    assert db.session.scalar(db.select(db.func.count()).select_from(PeerProfile)) == 2
    assert not db.session.scalar(db.select(Survey)).is_open
