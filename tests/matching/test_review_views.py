"""The match-run and review pages through the test client, runs executed in-process on the rolled-back
database: starting a run, its progress, the anonymous ranked list, decisions (one, bulk, refused), the
manager's referral, the CSV export, comparing runs, the fairness check, and the fit pages of the
manager and of the candidate."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from jobs.models import Referral
from jobs.services import requests as request_services
from matching import services
from matching.models import MatchDecision, MatchRun
from talent.models import AuditEvent, EquityDeclaration
from talent.passwords import hash_password
from tests.conftest import login
from tests.matching.conftest import build

PASSWORD = "correct horse battery"
# Names no page would show by chance, so that "not in the HTML" means something.
NAMES = {
    "ada": ("Adalwolfa", "Quenneville"),
    "bo": ("Borislava", "Xiomaraz"),
    "cy": ("Cyprianne", "Wojciechowska"),
    "di": ("Dietlinde", "Zabriskie"),
}


@pytest.fixture
def match_data(db):
    data = build(db)
    for key, (first, last) in NAMES.items():
        data["users"][key].first_name, data["users"][key].last_name = first, last
    db.session.commit()
    return data


def _signed_in(client, db, user):
    user.password_hash = hash_password(PASSWORD)
    db.session.commit()
    response = login(client, user.email, PASSWORD)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return client


def _token(client, url):
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _base(data, lang="en"):
    return f"/{lang}/recruit/requests/{data['request'].id}/matching"


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def _start_and_run(app, client, data):
    """Start a run through the page, then run its task in-process."""
    app.extensions["dispatched"] = []
    token = _token(client, _base(data))
    response = client.post(_base(data), data={"csrf_token": token, "pools": [str(data["process"].id)]})
    assert response.status_code == 303
    run_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert app.extensions["dispatched"] == [("matching.run", (run_id,))]
    app.extensions["celery"].tasks["matching.run"].apply(args=(run_id,), throw=True)
    return run_id


def _rank_of(db, run_id, user):
    run = db.session.get(MatchRun, run_id)
    db.session.refresh(run)
    return next(r.rank for r in run.results if r.user_id == user.id)


@pytest.fixture
def recruiter_client(app, db, match_data):
    return _signed_in(app.test_client(), db, match_data["recruiter"])


def _decide(client, data, run_id, rank, **fields):
    url = f"{_base(data)}/runs/{run_id}/candidates/{rank}/decision"
    token = _token(client, f"{_base(data)}/runs/{run_id}")
    payload = {f"c{rank}-csrf_token": token, **{f"c{rank}-{k}": v for k, v in fields.items()}}
    return client.post(url, data=payload)


def _bulk(client, data, run_id, ranks, **fields):
    token = _token(client, f"{_base(data)}/runs/{run_id}")
    payload = {"bulk-csrf_token": token, "candidates": [str(r) for r in ranks]}
    payload.update({f"bulk-{k}": v for k, v in fields.items()})
    return client.post(f"{_base(data)}/runs/{run_id}/decisions", data=payload)


# --- Starting a run and its progress ------------------------------------------------------------------------


def test_the_start_page_ticks_the_default_pools_and_starts_a_queued_run(
    app, db, match_data, recruiter_client
):
    html = recruiter_client.get(_base(match_data)).get_data(as_text=True)
    assert '"checked": true' in html and "Pool (IT-03)" in html and "novalidate" in html
    app.extensions["dispatched"] = []
    token = _token(recruiter_client, _base(match_data))
    pools = [str(match_data["process"].id)]
    first = recruiter_client.post(_base(match_data), data={"csrf_token": token, "pools": pools})
    assert first.status_code == 303
    page = recruiter_client.get(first.headers["Location"]).get_data(as_text=True)
    assert "The run is queued and will start shortly" in page
    assert 'hx-trigger="every 2s"' in page and "<progress" in page
    # A second start while it is queued attaches to the same run, and says so.
    again = recruiter_client.post(_base(match_data), data={"csrf_token": token, "pools": pools})
    assert again.headers["Location"] == first.headers["Location"]
    assert "already under way" in recruiter_client.get(again.headers["Location"]).get_data(as_text=True)
    assert _count(db, MatchRun) == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("completed", "This request is completed: matching is closed."),
        ("no_pools", "Choose at least one pool."),
        ("unknown_pool", "Choose pools from the list."),
        ("not_an_id", "Choose pools from the list."),
        ("empty_pool", "Nobody is available in these pools today: choose other pools."),
    ],
)
def test_refused_starts_say_why_and_store_nothing(app, db, match_data, recruiter_client, case, message):
    pools = [str(match_data["process"].id)]
    token = _token(recruiter_client, _base(match_data))
    if case == "completed":
        request_services.set_status(
            match_data["recruiter"], match_data["request"], "completed", outcome="hire_made"
        )
        db.session.commit()
    elif case == "no_pools":
        pools = []
    elif case == "unknown_pool":
        pools = ["999999"]
    elif case == "empty_pool":  # a published pool nobody is available in (yet)
        from datetime import timedelta

        from jobs.models import Process
        from talent.models._types import utcnow

        empty = Process(
            created_by_id=match_data["recruiter"].id,
            title_en="Empty",
            title_fr="Vide",
            published_at=utcnow() - timedelta(days=3),
            closing_at=utcnow() - timedelta(days=1),
        )
        db.session.add(empty)
        db.session.commit()
        pools = [str(empty.id)]
    else:
        pools = ["1; drop table"]
    response = recruiter_client.post(_base(match_data), data={"csrf_token": token, "pools": pools})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(db, MatchRun) == 0


def test_the_progress_fragment_polls_until_the_run_is_done(app, db, match_data, recruiter_client):
    app.extensions["dispatched"] = []
    run, _ = services.start_run(match_data["recruiter"], match_data["request"])
    db.session.commit()
    url = f"{_base(match_data)}/runs/{run.id}/progress"
    queued = recruiter_client.get(url, headers={"HX-Request": "true"})
    assert queued.status_code == 200 and 'hx-trigger="every 2s"' in queued.get_data(as_text=True)
    assert "HX-Refresh" not in queued.headers
    app.extensions["celery"].tasks["matching.run"].apply(args=(run.id,), throw=True)
    done = recruiter_client.get(url, headers={"HX-Request": "true"})
    html = done.get_data(as_text=True)
    assert 'value="100"' in html and "hx-trigger" not in html and done.headers["HX-Refresh"] == "true"
    assert "<html" not in html  # a fragment


def test_a_failed_run_shows_its_error(app, db, match_data, recruiter_client):
    app.extensions["dispatched"] = []
    run, _ = services.start_run(match_data["recruiter"], match_data["request"])
    run.status, run.error = "failed", "ValueError: the skills library is empty"
    db.session.commit()
    html = recruiter_client.get(f"{_base(match_data)}/runs/{run.id}").get_data(as_text=True)
    assert "The run failed" in html and "the skills library is empty" in html and "hx-trigger" not in html


# --- The ranked list, anonymous until revealed --------------------------------------------------------------


def test_the_run_page_explains_the_ranked_list_without_naming_anyone(app, db, match_data, recruiter_client):
    run_id = _start_and_run(app, recruiter_client, match_data)
    response = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Candidate #1" in html and "Candidate #3" in html and "Engine version" in html
    assert "Mysql stood in for Postgresql (similarity 0." in html
    assert "Missing required skills: Postgresql" in html  # cy has only Python
    assert "How the score is made up" in html and "Available" in html
    for user in match_data["users"].values():
        for text in (user.first_name, user.last_name, user.email):
            assert text not in html, text
        assert f"/candidates/{user.id}/" not in html and f'/candidates/{user.id}"' not in html


def test_shortlisting_reveals_that_candidate_only(app, db, match_data, recruiter_client):
    from datetime import date

    from talent.models import Experience, ExperienceSkill

    ada = match_data["users"]["ada"]
    experience = Experience(
        user_id=ada.id,
        kind="work",
        title="Database administrator",
        organization="Quenneville Data Inc.",
        start_date=date(2019, 3, 1),
    )
    db.session.add(experience)
    db.session.flush()
    db.session.add(
        ExperienceSkill(
            experience_id=experience.id,
            skill_id=match_data["skills"]["postgresql"].id,
            justification="I tuned the replication of forty clusters.",
        )
    )
    db.session.commit()
    run_id = _start_and_run(app, recruiter_client, match_data)
    rank = _rank_of(db, run_id, ada)
    anonymous = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}").get_data(as_text=True)
    assert "Database administrator" in anonymous and "2019-03" in anonymous  # the evidence, in words
    assert "Quenneville" not in anonymous and "forty clusters" not in anonymous
    response = _decide(recruiter_client, match_data, run_id, rank, decision="shortlist", notes="Strong fit.")
    assert response.status_code == 303
    html = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}").get_data(as_text=True)
    assert "Adalwolfa Quenneville" in html and ada.email in html and "Strong fit." in html
    assert "Quenneville Data Inc." in html and "I tuned the replication of forty clusters." in html
    for name in ("bo", "cy", "di"):
        user = match_data["users"][name]
        assert user.first_name not in html and user.email not in html


# --- Decisions ----------------------------------------------------------------------------------------------


def test_each_decision_is_recorded_and_can_be_cleared(app, db, match_data, recruiter_client):
    run_id = _start_and_run(app, recruiter_client, match_data)
    cy = match_data["users"]["cy"]
    rank = _rank_of(db, run_id, cy)
    assert (
        _decide(
            recruiter_client, match_data, run_id, rank, decision="not_a_fit", reason="No PostgreSQL."
        ).status_code
        == 303
    )
    row = db.session.scalars(select(MatchDecision)).one()
    assert (row.user_id, row.decision, row.reason) == (cy.id, "not_a_fit", "No PostgreSQL.")
    assert _decide(recruiter_client, match_data, run_id, rank, decision="clear").status_code == 303
    db.session.refresh(row)
    assert row.decision is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"decision": "not_a_fit", "reason": ""}, "Give the reason this candidate is not a fit."),
        ({"decision": "not_a_fit", "reason": "x" * 10_000}, "Use at most 2000 characters."),
        ({"decision": "hire"}, "Choose an option from the list."),
        ({"decision": ""}, "Choose an option from the list."),
    ],
)
def test_bad_decisions_are_refused_and_write_nothing(app, db, match_data, recruiter_client, fields, message):
    run_id = _start_and_run(app, recruiter_client, match_data)
    response = _decide(recruiter_client, match_data, run_id, 2, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(db, MatchDecision) == 0


def test_forged_ranks_and_runs_are_not_found(app, db, match_data, recruiter_client, make_user):
    run_id = _start_and_run(app, recruiter_client, match_data)
    assert _decide(recruiter_client, match_data, run_id, 99, decision="shortlist").status_code == 404
    token = _token(recruiter_client, f"{_base(match_data)}/runs/{run_id}")
    data = {"c1-csrf_token": token, "c1-decision": "shortlist"}
    assert (
        recruiter_client.post(f"{_base(match_data)}/runs/999999/candidates/1/decision", data=data).status_code
        == 404
    )
    assert recruiter_client.get(f"{_base(match_data)}/runs/99999999999").status_code == 404
    # A run of another request, reached through this request's address.
    other = build_other_request(db, match_data)
    assert recruiter_client.get(f"/en/recruit/requests/{other.id}/matching/runs/{run_id}").status_code == 404
    assert recruiter_client.get("/en/recruit/requests/999999/matching").status_code == 404
    # A forged rank in a bulk action: 422, nothing written.
    response = _bulk(recruiter_client, match_data, run_id, [1, 99], decision="shortlist")
    assert response.status_code == 422 and "Choose candidates from the match list." in response.get_data(
        as_text=True
    )
    response = _bulk(recruiter_client, match_data, run_id, [], decision="shortlist")
    assert response.status_code == 422
    assert _count(db, MatchDecision) == 0


def test_digits_python_cannot_read_as_a_number_are_refused_not_a_server_error(
    app, db, match_data, recruiter_client
):
    # "²" passes str.isdigit() but int() refuses it: such ids must be refused like any forged id.
    run_id = _start_and_run(app, recruiter_client, match_data)
    assert recruiter_client.get(f"{_base(match_data)}/runs/{run_id}/compare?with=²").status_code == 404
    response = _bulk(recruiter_client, match_data, run_id, ["²"], decision="shortlist")
    assert response.status_code == 422
    assert _count(db, MatchDecision) == 0


def build_other_request(db, data):
    from jobs.models import RequestSkill, TalentRequest

    other = TalentRequest(
        requester_id=data["manager"].id, job_title="Other", search={}, reason="immediate_hire"
    )
    other.skills.append(RequestSkill(skill_id=data["skills"]["python"].id, kind="required", level=2))
    db.session.add(other)
    db.session.commit()
    return other


def test_a_bulk_action_decides_for_every_ticked_candidate(app, db, match_data, recruiter_client):
    run_id = _start_and_run(app, recruiter_client, match_data)
    refused = _bulk(recruiter_client, match_data, run_id, [3, 4], decision="not_a_fit")
    assert refused.status_code == 422 and "Give the reason this candidate is not a fit." in refused.get_data(
        as_text=True
    )
    assert _count(db, MatchDecision) == 0
    response = _bulk(recruiter_client, match_data, run_id, [3, 4], decision="not_a_fit", reason="Too junior.")
    assert response.status_code == 303
    rows = db.session.scalars(select(MatchDecision)).all()
    assert len(rows) == 2 and {r.decision for r in rows} == {"not_a_fit"}
    assert "2 decisions were saved." in recruiter_client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_referring_records_the_referral_the_manager_sees(app, db, match_data, recruiter_client):
    run_id = _start_and_run(app, recruiter_client, match_data)
    ada = match_data["users"]["ada"]
    response = _decide(recruiter_client, match_data, run_id, _rank_of(db, run_id, ada), decision="refer")
    assert response.status_code == 303
    referral = db.session.scalars(select(Referral)).one()
    assert referral.user_id == ada.id and referral.referred
    assert [r.user_id for r in request_services.referrals_for_manager(match_data["request"])] == [ada.id]


def test_referring_an_unavailable_candidate_is_refused_with_nothing_written(
    app, db, match_data, recruiter_client
):
    run_id = _start_and_run(app, recruiter_client, match_data)
    ada = match_data["users"]["ada"]
    from jobs.models import Application
    from talent.models._types import utcnow

    application = db.session.scalars(select(Application).where(Application.user_id == ada.id)).one()
    application.paused_at = utcnow()
    db.session.commit()
    response = _decide(recruiter_client, match_data, run_id, _rank_of(db, run_id, ada), decision="refer")
    assert response.status_code == 422
    assert (
        "Only people available in a pool or through the talent management programme can be referred."
        in response.get_data(as_text=True)
    )
    assert _count(db, MatchDecision) == 0 and _count(db, Referral) == 0


# --- Filters, CSV -------------------------------------------------------------------------------------------


def test_filters_use_the_current_profiles(app, db, match_data, recruiter_client):
    from talent.profiles.services import get_profile

    run_id = _start_and_run(app, recruiter_client, match_data)
    get_profile(match_data["users"]["bo"]).looking_for_french = True
    get_profile(match_data["users"]["bo"]).work_arrangements = ["remote"]
    db.session.commit()
    rank = _rank_of(db, run_id, match_data["users"]["bo"])
    html = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}?language=french").get_data(as_text=True)
    assert "1 candidate in this list" in html and html.count('<article id="candidate-') == 1
    assert f'<article id="candidate-{rank}"' in html
    html = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}?arrangement=onsite").get_data(
        as_text=True
    )
    assert "No ranked candidate matches these filters." in html
    bad = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}?region=mars")
    assert bad.status_code == 422 and "Choose an option from the list." in bad.get_data(as_text=True)


def test_the_csv_names_only_revealed_candidates_and_is_formula_safe(app, db, match_data, recruiter_client):
    match_data["skills"]["python"].name_en = '=HYPERLINK("http://evil")'
    db.session.commit()
    run_id = _start_and_run(app, recruiter_client, match_data)
    ada = match_data["users"]["ada"]
    _decide(recruiter_client, match_data, run_id, _rank_of(db, run_id, ada), decision="shortlist")
    response = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Rank", "Score (out of 100)", "Candidate"] and len(rows) == 5
    assert "Adalwolfa Quenneville" in text and ada.email not in text
    for name in ("bo", "cy", "di"):
        assert match_data["users"][name].first_name not in text
    assert {row[2] for row in rows[1:]} >= {"Candidate #2", "Candidate #3"}
    assert all(not cell.startswith("=") for row in rows for cell in row)
    assert "'=HYPERLINK" in text
    assert "woman" not in text.lower()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match.exported")).one()
    assert event.details["count"] == 4 and event.details["revealed"] == 1


# --- Comparing runs, fairness -------------------------------------------------------------------------------


def test_comparing_two_runs_shows_who_is_new_gone_and_moved(app, db, match_data, recruiter_client):
    from talent.profiles.services import get_profile

    first = _start_and_run(app, recruiter_client, match_data)
    get_profile(match_data["users"]["cy"]).opt_out_of_matching = True
    db.session.commit()
    second = _start_and_run(app, recruiter_client, match_data)
    page = recruiter_client.get(f"{_base(match_data)}/runs/{second}").get_data(as_text=True)
    assert f"Compare with the previous run (#{first})" in page
    html = recruiter_client.get(f"{_base(match_data)}/runs/{second}/compare").get_data(as_text=True)
    assert "0 new candidates" in html and "1 candidate no longer in the list" in html
    assert "Candidate #3" in html and "Cyprianne" not in html
    assert recruiter_client.get(f"{_base(match_data)}/runs/{second}/compare?with={second}").status_code == 404
    assert recruiter_client.get(f"{_base(match_data)}/runs/{second}/compare?with=abc").status_code == 404
    only = recruiter_client.get(f"{_base(match_data)}/runs/{first}/compare?with={second}").get_data(
        as_text=True
    )
    assert "1 candidate no longer in the list" in only


def test_new_candidates_are_marked_in_the_list(app, db, match_data, recruiter_client):
    from talent.profiles.services import get_profile

    get_profile(match_data["users"]["cy"]).opt_out_of_matching = True
    db.session.commit()
    _start_and_run(app, recruiter_client, match_data)
    get_profile(match_data["users"]["cy"]).opt_out_of_matching = False
    db.session.commit()
    second = _start_and_run(app, recruiter_client, match_data)
    html = recruiter_client.get(f"{_base(match_data)}/runs/{second}").get_data(as_text=True)
    assert html.count("New since the previous run</span>") == 1
    compare = recruiter_client.get(f"{_base(match_data)}/runs/{second}/compare").get_data(as_text=True)
    assert "1 new candidate" in compare


def test_fairness_is_hidden_for_small_groups(app, db, match_data, recruiter_client):
    run_id = _start_and_run(app, recruiter_client, match_data)
    db.session.add(EquityDeclaration(user_id=match_data["users"]["ada"].id, is_woman=True))
    db.session.commit()
    html = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}/fairness").get_data(as_text=True)
    assert html.count("The groups are too small to report") == 2 and "<table" not in html


def test_fairness_shows_the_four_fifths_table_with_five_per_group(app, db):
    from tests.matching.conftest import PEOPLE

    profiles = list(PEOPLE.values())
    people = {f"p{i:02d}": profiles[i % 4] for i in range(12)}
    data = build(db, people)
    client = _signed_in(app.test_client(), db, data["recruiter"])
    run_id = _start_and_run(app, client, data)
    women = [data["users"][f"p{i:02d}"] for i in range(6)]
    for user in women:
        db.session.add(EquityDeclaration(user_id=user.id, is_woman=True))
    db.session.commit()
    others = [data["users"][f"p{i:02d}"] for i in range(6, 12)]
    ranks = [_rank_of(db, run_id, u) for u in [women[0], *others[:4]]]
    assert _bulk(client, data, run_id, ranks, decision="shortlist").status_code == 303
    html = client.get(f"{_base(data)}/runs/{run_id}/fairness").get_data(as_text=True)
    assert "Woman" in html and "1 of 6" in html and "4 of 6" in html and "Below four fifths" in html
    assert "The groups are too small to report" in html  # the referral step: 5 shortlisted only
    for user in women + others:
        assert user.email not in html


# --- Who may see what ---------------------------------------------------------------------------------------


def test_only_the_recruitment_team_reaches_the_matching_pages(app, db, match_data, make_user):
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    assert manager.get(_base(match_data)).status_code == 403
    candidate = app.test_client()
    login(candidate, make_user("candidate").email)
    assert candidate.get(_base(match_data)).status_code == 403
    assert app.test_client().get(_base(match_data)).status_code in (302, 401)


def test_the_manager_sees_how_a_referred_candidate_fits(app, db, match_data, recruiter_client, make_user):
    run_id = _start_and_run(app, recruiter_client, match_data)
    ada, bo = match_data["users"]["ada"], match_data["users"]["bo"]
    _decide(recruiter_client, match_data, run_id, _rank_of(db, run_id, ada), decision="refer")
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    base = f"/en/talent-requests/{match_data['request'].id}/candidates"
    response = manager.get(f"{base}/{ada.id}/fit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Postgresql" in html and "Skills that matched" in html
    assert "How the score is made up" not in html and "Candidate #" not in html and bo.first_name not in html
    fragment = manager.get(f"{base}/{ada.id}/fit", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "Postgresql" in fragment
    assert manager.get(f"{base}/{bo.id}/fit").status_code == 404  # not referred
    stranger = app.test_client()
    login(stranger, make_user("manager").email)
    assert stranger.get(f"{base}/{ada.id}/fit").status_code == 404
    assert db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.explanation_viewed")
    ).first()


def test_the_explanation_helper_gives_the_latest_run_without_points(app, db, match_data, recruiter_client):
    from matching.review.explain import explanation_for

    run_id = _start_and_run(app, recruiter_client, match_data)
    bo = match_data["users"]["bo"]
    explanation = explanation_for(match_data["request"].id, bo.id)
    assert explanation is not None and "contributions" not in explanation
    assert explanation["related"][0]["via"] == "m:mysql" and "points" not in explanation["related"][0]
    assert explanation["names"]["m:mysql"] == {"en": "Mysql", "fr": "Mysql"}
    assert explanation_for(match_data["request"].id, match_data["recruiter"].id) is None
    assert run_id
    # Other pages use it from their templates, with the macro, without importing anything.
    from flask import render_template_string

    with app.test_request_context("/fr/"):
        html = render_template_string(
            '{% from "matching/_fit_explanation.html" import fit_explanation %}'
            "{{ fit_explanation(matching_explanation_for(request_id, user_id), 'fr') }}",
            request_id=match_data["request"].id,
            user_id=bo.id,
        )
    assert "Mysql" in html and "Postgresql" in html and "How the score is made up" not in html


def test_a_candidate_sees_which_of_their_skills_matched_their_own_referral(
    app, db, match_data, recruiter_client
):
    run_id = _start_and_run(app, recruiter_client, match_data)
    ada, bo = match_data["users"]["ada"], match_data["users"]["bo"]
    _decide(recruiter_client, match_data, run_id, _rank_of(db, run_id, ada), decision="refer")
    _decide(recruiter_client, match_data, run_id, _rank_of(db, run_id, bo), decision="refer")
    referrals = {r.user_id: r for r in db.session.scalars(select(Referral))}
    client = _signed_in(app.test_client(), db, bo)
    html = client.get(f"/fr/referrals/{referrals[bo.id].id}/fit").get_data(as_text=True)
    assert "Python" in html and "Mysql" in html and "Postgresql" in html  # MySQL stood in for PostgreSQL
    assert "Adalwolfa" not in html and "Candidate #" not in html and "How the score is made up" not in html
    assert client.get(f"/en/referrals/{referrals[ada.id].id}/fit").status_code == 404
    assert client.get("/en/referrals/99999999999/fit").status_code == 404


def test_a_run_that_ranked_nobody_is_no_baseline_for_who_is_new(app, db, match_data):
    from matching.review import listing

    app.extensions["dispatched"] = []
    first, _ = services.start_run(match_data["recruiter"], match_data["request"])
    db.session.commit()
    app.extensions["celery"].tasks["matching.run"].apply(args=(first.id,), throw=True)
    empty, _ = services.start_run(match_data["recruiter"], match_data["request"], [match_data["process"].id])
    db.session.commit()
    app.extensions["celery"].tasks["matching.run"].apply(args=(empty.id,), throw=True)
    db.session.refresh(empty)
    empty.candidate_count = 0  # as if its pools had emptied meanwhile
    latest = MatchRun(
        request_id=first.request_id,
        pools=first.pools,
        engine_version=first.engine_version,
        skills_version=first.skills_version,
        status="done",
        candidate_count=3,
    )
    db.session.add(latest)
    db.session.commit()
    assert listing.previous_done(latest).id == first.id  # the empty run is skipped
    empty.candidate_count = 1
    db.session.commit()
    assert listing.previous_done(latest).id == empty.id  # a run that ranked someone is the baseline
