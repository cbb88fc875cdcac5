"""The opt-in peer directory: nobody listed unless they opt in, opting out is immediate, cohort-only."""
from datetime import datetime, timezone

from factories import make_user
from formpost import post_form

from hrdap.cohorts.models import Enrolment
from hrdap.extensions import db
from hrdap.peers.models import PeerProfile


def _opt_in(world, user, **data):
    base = {"shown_name": "Condor", "country": "CO", "themes": ["indigenous", "climate"], "languages": ["es", "en"]}
    return post_form(world.client(user), f"/peers/{world.cohort.id}/me", dict(base, **data),
                     page=f"/peers/{world.cohort.id}/")


def _page(world, user):
    return world.client(user).get(f"/peers/{world.cohort.id}/").get_data(as_text=True)


def test_nobody_is_listed_without_opting_in(world):
    """Members of the cohort are not in the directory until they choose to be."""
    html = _page(world, world.p2)
    assert "Nobody is listed yet." in html and "Participant Lucia" not in html


def test_opt_in_shows_pseudonym_country_themes_languages(world):
    """After opting in with a pseudonym, peers see it with country, themes and languages (not the real name)."""
    assert _opt_in(world, world.p1).status_code == 303
    html = _page(world, world.p2)
    assert "Condor" in html and "Colombia" in html
    assert "Indigenous peoples" in html and "Spanish" in html
    assert "Participant Lucia" not in html


def test_opt_out_removes_at_once(world):
    """Opting out takes the entry off the directory immediately and deletes it."""
    _opt_in(world, world.p1)
    response = post_form(world.client(world.p1), f"/peers/{world.cohort.id}/me/delete", {},
                         page=f"/peers/{world.cohort.id}/")
    assert response.status_code == 303
    assert "Condor" not in _page(world, world.p2)
    assert db.session.scalar(db.select(PeerProfile)) is None


def test_update_entry_keeps_one_row(world):
    """Saving again changes what is shown."""
    _opt_in(world, world.p1)
    _opt_in(world, world.p1, shown_name="Hummingbird", country="")
    html = _page(world, world.p2)
    assert "Hummingbird" in html and "Condor" not in html
    assert db.session.scalar(db.select(db.func.count()).select_from(PeerProfile)) == 1


def test_name_and_country_encrypted_at_rest(world):
    """The stored name and country are not readable in the database."""
    _opt_in(world, world.p1)
    raw = db.session.execute(db.text("SELECT shown_name, country FROM peer_profiles")).one()
    assert "Condor" not in raw[0] and raw[1] != "CO"


def test_other_cohort_gets_404(world):
    """A participant of another cohort cannot see or join this directory."""
    _opt_in(world, world.p1)
    assert world.client(world.outsider).get(f"/peers/{world.cohort.id}/").status_code == 404
    assert _opt_in(world, world.outsider).status_code in (400, 404)
    assert post_form(world.client(world.outsider), f"/peers/{world.cohort.id}/me", {"shown_name": "X"},
                     page="/dashboard").status_code == 404


def test_coach_and_staff_see_but_cannot_join(world):
    """The cohort's coach and staff see the directory; neither has an entry form."""
    _opt_in(world, world.p1)
    for user in (world.coach, world.staff):
        html = _page(world, user)
        assert "Condor" in html and "List me in the directory" not in html
    assert post_form(world.client(world.coach), f"/peers/{world.cohort.id}/me", {"shown_name": "X"},
                     page="/dashboard").status_code == 404
    stranger = make_user(roles=("coach",))
    assert world.client(stranger).get(f"/peers/{world.cohort.id}/").status_code == 404


def test_withdrawn_member_leaves_the_directory(world):
    """A participant who leaves the cohort is no longer listed."""
    _opt_in(world, world.p1)
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.user_id == world.p1.id))
    enrolment.withdrawn_at = datetime(2026, 12, 1, tzinfo=timezone.utc)
    db.session.commit()
    assert "Condor" not in _page(world, world.p2)


def test_directory_renders_in_french_and_spanish(world):
    """Country and theme names follow the reader's language."""
    _opt_in(world, world.p1)
    for lang, country in (("fr", "Colombie"), ("es", "Colombia")):
        world.p2.language = lang
        db.session.commit()
        html = _page(world, world.p2)
        assert f'lang="{lang}"' in html and country in html
