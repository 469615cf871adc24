"""Explanations in plain words (issue 15).

For the recruitment team: each part of the score named with its points ("Required skills gave 62 of the 100
points: ..."), the points shown adding up to the score shown, in English and in French, whatever the
rounding. For the manager and the candidate: which of the person's skills and experiences made the match
and what was missing (for the candidate, how to add it), without points and without anyone else; every
referral explained: from the explanation kept when the referral was made from a run (whatever later runs
say), else, for a referral made without any run ranking the person, from their profile.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from jobs.models import Referral
from jobs.services import requests as request_services
from matching import services
from matching.models import ReferralExplanation
from matching.review import tiers
from matching.review.tiers import apportion, breakdown
from talent.models import Experience, ExperienceSkill
from tests.conftest import login
from tests.matching import test_review_views
from tests.matching.test_review_tiers import STORED, WORK, article, explained, matched, stored_run
from tests.matching.test_review_views import _base, _decide, _signed_in

match_data = test_review_views.match_data  # the fixtures
recruiter_client = test_review_views.recruiter_client

# --- Parts that add up -------------------------------------------------------------------------------------


def test_rounding_each_part_alone_would_not_add_up_but_the_shown_parts_do():
    parts = [33.35, 33.35, 33.30]  # each rounded alone: 33.4 + 33.4 + 33.3 = 100.1
    assert sum(round(Decimal(str(p)), 1) for p in parts) != Decimal("100.0")
    assert apportion(parts, 1000) == [334, 333, 333]
    assert apportion([52.345, 7.335, 18.32, 2.0], 800) == [524, 73, 183, 20]
    assert apportion([60.04, -2.04, 22.0], 800) == [600, -20, 220]  # a negative part (similar candidates)
    assert apportion([], 0) == []


@given(
    st.lists(
        st.floats(min_value=-25, max_value=100, allow_nan=False, allow_infinity=False), min_size=1, max_size=6
    )
)
def test_the_parts_shown_always_add_up_to_the_score_shown(values):
    total = tiers.tenths(sum(values))
    shares = apportion(values, total)
    assert sum(shares) == total
    # And each part is its own value rounded down or up, never more than a tenth away.
    assert all(abs(share - value * 10) < 1 + 1e-6 for share, value in zip(shares, values, strict=True))


def test_the_parts_come_from_the_engines_points_or_from_older_contributions():
    new = explained(
        0, 2, 0, 0, parts={"required": 52.345, "nice_to_have": 7.335, "profile": 18.32, "peers": 2.0}
    )
    shown = breakdown(new, 0.8)
    assert shown is not None and shown.score == 800
    assert [(p.code, p.tenths) for p in shown.parts] == [
        ("required", 524),
        ("nice_to_have", 73),
        ("profile", 183),
        ("peers", 20),
    ]
    old = {
        "matched": [matched("python", 3, 2, 0.3), matched("postgresql", 3, 3, 0.2)],
        "contributions": [
            {"part": "required", "max": 0.7, "matched": 0.5, "related": 0.0},
            {"part": "nice_to_have", "max": 0.1, "matched": 0.0, "related": 0.0},
            {"part": "profile_fit", "max": 0.2, "points": 0.1},
            {"part": "peers", "max": 0.05, "points": -0.01},
        ],
    }
    shown = breakdown(old, 0.59)
    assert shown is not None and [(p.code, p.tenths) for p in shown.parts] == [
        ("required", 500),
        ("nice_to_have", 0),
        ("profile", 100),
        ("peers", -10),
    ]
    # The skills behind the required part add up to it, best first.
    assert [(i.skill, i.tenths) for i in shown.parts[0].items] == [("m:python", 300), ("m:postgresql", 200)]
    assert breakdown({"matched": []}, 0.5) is None


NUMBER = r"[+\u2212]?\d+(?:[.,]\d)?"


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ".").replace("\u2212", "-").replace("+", ""))


def _shown_parts(row_html: str) -> tuple[list[Decimal], Decimal]:
    """The points of each part as the page writes them, and the score in the sentence that sums them up."""
    items = re.findall(r'<li data-part="(\w+)" data-points="(-?\d+)">(.*?)</li>', row_html, re.S)
    shown = []
    for _code, tenths, text in items:
        first = re.search(NUMBER, html_lib.unescape(text)).group(0)
        assert _number(first) == Decimal(tenths) / 10
        shown.append(_number(first))
    total = re.search(r'<strong data-total="(\d+)">[^<]*?(' + NUMBER + ")", row_html)
    assert Decimal(total.group(1)) / 10 == _number(total.group(2))
    return shown, _number(total.group(2))


AWKWARD = {
    "ada": (
        1,
        0.8,
        explained(
            0, 2, 0, 0, parts={"required": 52.345, "nice_to_have": 7.335, "profile": 18.32, "peers": 2.0}
        ),
    ),
    "bo": (
        2,
        0.7,
        explained(2, 1, 0, 1, parts={"required": 33.35, "nice_to_have": 0, "profile": 36.65, "peers": 0}),
    ),
    "cy": (
        3,
        0.6005,
        explained(
            1, 1, 1, 0, parts={"required": 40.025, "nice_to_have": 0, "profile": 22.0, "peers": -1.975}
        ),
    ),
}


def test_the_team_reads_each_part_in_words_and_the_points_add_up(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    html = html_lib.unescape(
        recruiter_client.get(f"{_base(match_data)}/runs/{run.id}").get_data(as_text=True)
    )
    ada = article(html, 2)
    assert "Where the 80 points come from" in ada
    assert "Required skills gave 62 of the 100 points: Postgresql 35, Python 27." in ada
    assert "Nice-to-have skills gave 8 points: Teamwork 8." in ada
    assert (
        "The rest of the profile gave 12 points: skills like Sql, Java that usually go with this role." in ada
    )
    assert "Similar candidates changed the score by \u22122." in ada
    bo = article(html, 1)
    assert "Required skills gave 60 of the 100 points: Python 40, Mysql for Postgresql 20." in bo
    assert "The rest of the profile gave 25 points: skills outside the request" in bo


def test_the_points_shown_add_up_to_the_score_shown_in_both_languages(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data, AWKWARD)
    for lang in ("en", "fr"):
        page = recruiter_client.get(f"{_base(match_data, lang)}/runs/{run.id}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        for rank in (1, 2, 3):
            parts, total = _shown_parts(article(html, rank))
            assert sum(parts) == total, (lang, rank, parts, total)
            row_score = re.search(r'class="ranked__score">(' + NUMBER + ")", article(html, rank)).group(1)
            assert _number(row_score) == total  # the row's score is the one the parts add up to
    french = html_lib.unescape(
        recruiter_client.get(f"{_base(match_data, 'fr')}/runs/{run.id}").get_data(as_text=True)
    )
    assert "Les compétences exigées ont donné 52,4 des 100 points" in french
    assert "Des candidatures semblables ont changé le résultat de +2." in french
    assert "Les compétences exigées ont donné 40,1 des 100 points" in french and "de \u22122." in french


# --- The manager's and the candidate's explanation ---------------------------------------------------------


def _referral(db, user):
    return db.session.scalars(select(Referral).where(Referral.user_id == user.id)).one()


def test_a_referral_from_a_run_keeps_the_explanation_it_was_made_on(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    ada = match_data["users"]["ada"]
    assert _decide(recruiter_client, match_data, run.id, 2, decision="refer").status_code == 303
    kept = db.session.get(ReferralExplanation, _referral(db, ada).id)
    assert kept is not None and kept.run_id == run.id and kept.explanation == STORED["ada"][2]
    # A later run explains ada otherwise: the manager and the candidate still read what she was referred on.
    later = dict(STORED)
    later["ada"] = (
        1,
        0.5,
        explained(
            1, 1, 1, 0, skills=[matched("postgresql", 2, 3, 0.2, evidence=[{**WORK, "title": "Later job"}])]
        ),
    )
    newer = stored_run(db, match_data, later)
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    page = manager.get(f"/en/talent-requests/{match_data['request'].id}/candidates/{ada.id}/fit").get_data(
        as_text=True
    )
    assert "Database administrator" in page and "Later job" not in page
    assert "Meets all 2 required skills" in page
    # Referred through the service without naming a run: the latest finished run that ranked them.
    cy = match_data["users"]["cy"]
    services.decide(match_data["recruiter"], match_data["request"], [cy.id], "refer")
    db.session.commit()
    kept = db.session.get(ReferralExplanation, _referral(db, cy).id)
    assert kept.run_id == newer.id and kept.explanation == later["cy"][2]


def test_a_referral_made_without_a_run_is_explained_from_the_profile(app, db, match_data, make_user):
    """The demo's case: the team referred someone from the request's page, no run ranked them, and the
    pages said "No match run explains this fit yet."."""
    data = match_data
    bo = data["users"]["bo"]
    work = Experience(
        user_id=bo.id, kind="work", title="Data steward", organization="StatCan", start_date=date(2018, 5, 1)
    )
    db.session.add(work)
    db.session.flush()
    db.session.add(
        ExperienceSkill(experience_id=work.id, skill_id=data["skills"]["python"].id, justification="Daily.")
    )
    request_services.refer(data["recruiter"], data["request"], bo.id, True)
    db.session.commit()
    referral = _referral(db, bo)
    candidate = _signed_in(app.test_client(), db, bo)
    english = html_lib.unescape(candidate.get(f"/en/referrals/{referral.id}/fit").get_data(as_text=True))
    assert "No match run explains this fit yet." not in english
    assert "No match run ranked you for this request" in english
    assert "Python" in english and "Data steward" in english and "Missing 1 required skill" in english
    # What was missing, and how to add it.
    assert "Postgresql, a required skill, is not on your profile." in english
    assert 'href="/en/profile/skills/add?skill=m:postgresql"' in english or "skill=m%3Apostgresql" in english
    assert "Teamwork, nice to have, is not on your profile." in english
    french = html_lib.unescape(candidate.get(f"/fr/referrals/{referral.id}/fit").get_data(as_text=True))
    assert '<html lang="fr">' in french
    assert "Aucune exécution d’appariement n’a classé votre candidature" in french
    assert "Postgresql, une compétence exigée, n’est pas dans votre profil." in french
    assert "Il manque 1 compétence exigée" in french and "Ajouter Postgresql à votre profil" in french
    for page in (english, french):
        assert "points" not in page and "Where the" not in page and "Adalwolfa" not in page
        assert "Candidate #" not in page and "Candidature no" not in page

    manager = _signed_in(app.test_client(), db, data["manager"])
    fit = f"/talent-requests/{data['request'].id}/candidates/{bo.id}/fit"
    for lang, words in (
        ("en", "No match run ranked this person"),
        ("fr", "Aucune exécution d’appariement n’a classé"),
    ):
        page = html_lib.unescape(manager.get(f"/{lang}{fit}").get_data(as_text=True))
        assert words in page and "Data steward" in page and "Postgresql" in page
        assert "points" not in page and "Adalwolfa" not in page and "Add Postgresql" not in page
    detail = html_lib.unescape(
        manager.get(f"/en/talent-requests/{data['request'].id}").get_data(as_text=True)
    )
    assert "No match run explains this fit yet." not in detail and "No match run ranked this person" in detail


def test_the_candidate_learns_how_to_show_what_the_run_found_missing(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    cy = match_data["users"]["cy"]
    assert _decide(recruiter_client, match_data, run.id, 3, decision="refer").status_code == 303
    candidate = _signed_in(app.test_client(), db, cy)
    page = html_lib.unescape(
        candidate.get(f"/en/referrals/{_referral(db, cy).id}/fit").get_data(as_text=True)
    )
    assert "All held, 1 below the required level" in page
    assert "Your level in Postgresql is below the level asked (Advanced)." in page
    assert "No experience on your profile shows Python." in page and "/en/profile/experiences" in page
    assert "points" not in page and "Candidate #" not in page


def test_neither_the_candidate_nor_the_manager_sees_anyone_else(
    app, db, match_data, recruiter_client, make_user
):
    run = stored_run(db, match_data)
    users = match_data["users"]
    for first in ("Adalwolfa", "Borislava", "Cyprianne", "Dietlinde"):
        assert first in {u.first_name for u in users.values()}
    _decide(recruiter_client, match_data, run.id, 2, decision="refer")
    _decide(recruiter_client, match_data, run.id, 1, decision="refer")
    ada, bo = users["ada"], users["bo"]
    candidate = _signed_in(app.test_client(), db, ada)
    for lang in ("en", "fr"):
        page = candidate.get(f"/{lang}/referrals/{_referral(db, ada).id}/fit").get_data(as_text=True)
        assert "Borislava" not in page and "Analyst" not in page and "Mysql" not in page  # bo's, not hers
        assert candidate.get(f"/{lang}/referrals/{_referral(db, bo).id}/fit").status_code == 404
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    page = manager.get(f"/en/talent-requests/{match_data['request'].id}/candidates/{ada.id}/fit").get_data(
        as_text=True
    )
    assert "Borislava" not in page and "Analyst" not in page and "Sounded" not in page
    assert (
        manager.get(
            f"/en/talent-requests/{match_data['request'].id}/candidates/{users['cy'].id}/fit"
        ).status_code
        == 404
    )
    stranger = app.test_client()
    login(stranger, make_user("manager").email)
    assert (
        stranger.get(f"/en/talent-requests/{match_data['request'].id}/candidates/{ada.id}/fit").status_code
        == 404
    )
