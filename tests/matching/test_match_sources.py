"""Match runs draw from both talent sources: the chosen pools and, when the run includes it, the people the
talent-management programme approved who fit the request. Who is ranked (at each edge of the one
availability rule), what each result says of where the candidate came from, the start form, the review
list, its CSV and comparison, referrals from the list, re-ranks, and a run on a real Celery worker."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from jobs.models import NominationGroup, Referral
from matching import adapters, services
from matching.models import MatchResult, MatchRun, ReferralExplanation, RerankRequest
from talent import clock
from talent.models import CandidateProfile
from talent.models._types import utcnow
from tests.jobs.test_talent_sources import add_event, add_nominee, classification
from tests.matching.conftest import build
from tests.matching.test_review_views import _base, _decide, _rank_of, _signed_in, _token

# The request wants PostgreSQL (3) and Python (2): "ev" (advancement, IT-02 -> IT-03) and "la" (lateral,
# IT-02) fit; every other nominee would rank too if the rule let them in.
FITS = {"postgresql": 3, "python": 3, "teamwork": 2}
EXCLUDED = {
    "rejected": {"decision": "rejected"},
    "expired": {"expires": "yesterday"},
    "declined": {"declined": True},
    "no_consent": {"consent": False},
    "unverified": {"verified": False},
    "deactivated": {"active": False},
    "reopened": {"decision": None},
    "development": {"kind": "development"},
    "opted_out": {"opt_out_of_matching": True},
}


def nominees(db: Any, data: dict[str, Any], *, excluded: bool = True) -> dict[str, Any]:
    """Nominees of one event, with the skills the request wants: two who are available, the excluded
    ones if asked, and the pool member "bo" approved too. Committed."""
    skills = {data["skills"][key]: level for key, level in FITS.items()}
    nomination_event = add_event(db)
    made = {
        "ev": add_nominee(db, nomination_event, "advancement", expires=clock.today(), skills=skills),
        "la": add_nominee(db, nomination_event, "lateral", skills=skills),
    }
    if excluded:
        for name, facts in EXCLUDED.items():
            facts = dict(facts)
            if facts.get("expires") == "yesterday":
                facts["expires"] = clock.today() - timedelta(days=1)
            made[name] = add_nominee(
                db, nomination_event, facts.pop("kind", "advancement"), skills=skills, **facts
            )
    add_nominee(db, nomination_event, "lateral", user=data["users"]["bo"])
    db.session.commit()
    made["event"] = nomination_event
    return made


def _task(app: Any, name: str) -> Any:
    return app.extensions["celery"].tasks[name]


def _run(app: Any, data: dict[str, Any], pools: Any = None, **kwargs: Any) -> MatchRun:
    app.extensions["dispatched"] = []
    run, created = services.start_run(data["recruiter"], data["request"], pools, **kwargs)
    assert created
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    return run


def _sources(db: Any, run: MatchRun) -> dict[int, dict[str, list[int]]]:
    db.session.expire_all()
    return {
        r.user_id: r.explanation.get("sources")
        for r in db.session.scalars(select(MatchResult).where(MatchResult.run_id == run.id))
    }


@pytest.fixture
def data(db: Any) -> dict[str, Any]:
    found = build(db)
    classification(db, "IT", 2)
    db.session.commit()
    return found


def test_a_run_ranks_approved_people_beside_the_pool_and_says_where_each_came_from(app, db, data):
    people = nominees(db, data)
    run = _run(app, data)
    db.session.refresh(run)
    assert run.status == "done", run.error
    assert services.run_sources(run) == ("pool", "nomination") and services.includes_programme(run)
    sources = _sources(db, run)
    pool, event = data["process"].id, people["event"].id
    users = data["users"]
    assert sources[people["ev"].id] == {"nomination": [event]}  # expiring today: still in
    assert sources[people["la"].id] == {"nomination": [event]}
    assert sources[users["bo"].id] == {"pool": [pool], "nomination": [event]}  # both sources, ranked once
    assert sources[users["ada"].id] == {"pool": [pool]}
    for name in EXCLUDED:
        assert people[name].id not in sources, name
    assert run.candidate_count == len(users) + 2
    # The programme's people who fit rank with the pool's best, by the same engine.
    ranked = {r.user_id: r.rank for r in run.results}
    assert ranked[people["ev"].id] <= 3 and ranked[people["la"].id] <= 3


def test_a_run_without_the_programme_ranks_the_pools_only(app, db, data):
    people = nominees(db, data, excluded=False)
    run = _run(app, data, programme=False)
    db.session.refresh(run)
    assert services.run_sources(run) == ("pool",)
    sources = _sources(db, run)
    assert people["ev"].id not in sources and people["la"].id not in sources
    assert sources[data["users"]["bo"].id] == {"pool": [data["process"].id]}  # in the pool: that alone


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ({"classifications": ["IT-03"]}, {"ev"}),  # advancement from IT-02 aims at IT-03
        ({"classifications": ["IT-02"]}, {"la"}),  # a lateral move stays at IT-02
        ({"classifications": ["IT-03", "IT-02"]}, {"ev", "la"}),
        ({"streams": ["software_solutions"]}, set()),  # the programme has no stream
        ({"language": "french"}, set()),  # nobody said French
        ({}, {"ev", "la"}),
    ],
)
def test_the_requests_filters_apply_to_the_programmes_people(app, db, data, search, expected):
    people = nominees(db, data, excluded=False)
    data["request"].search = search
    db.session.commit()
    found = adapters.eligible([], adapters.run_filters(data["request"]), programme=True)
    assert {name for name in ("ev", "la") if people[name].id in found} == expected
    assert all(pools == [adapters.PROGRAMME] for uid, pools in found.items() if uid != data["users"]["bo"].id)


def test_a_run_of_the_programme_alone_and_its_refusals(app, db, data):
    with pytest.raises(services.MatchingError) as refused:
        services.start_run(data["recruiter"], data["request"], [], programme=True)
    assert "or through the programme" in str(refused.value.message)
    with pytest.raises(services.MatchingError) as refused:
        services.start_run(data["recruiter"], data["request"], [], programme=False)
    assert str(refused.value.message) == "Choose at least one pool."
    people = nominees(db, data, excluded=False)
    run = _run(app, data, [], programme=True)
    db.session.refresh(run)
    assert run.pools == [] and run.status == "done", run.error
    assert set(_sources(db, run)) == {people["ev"].id, people["la"].id, data["users"]["bo"].id}
    # The same pools with and without the programme are two runs, not one.
    pool = [data["process"].id]
    app.extensions["dispatched"] = []
    queued, created = services.start_run(data["recruiter"], data["request"], pool, programme=True)
    again, created_again = services.start_run(data["recruiter"], data["request"], pool, programme=True)
    other, created_other = services.start_run(data["recruiter"], data["request"], pool, programme=False)
    assert created and not created_again and again.id == queued.id
    assert created_other and other.id != queued.id


# --- The pages ----------------------------------------------------------------------------------------------


def test_the_start_form_includes_the_programme_unless_unticked(app, db, data):
    client = _signed_in(app.test_client(), db, data["recruiter"])
    nominees(db, data, excluded=False)
    html = client.get(_base(data)).get_data(as_text=True)
    assert 'name="programme"' in html and "talent management programme approved" in html
    box = html.split('<gcds-checkboxes id="programme"', 1)[1].split("</gcds-checkboxes>", 1)[0]
    assert '"checked": true' in box and '"value": "y"' in box  # ticked by default
    token = _token(client, _base(data))
    pools = [str(data["process"].id)]
    without = client.post(_base(data), data={"csrf_token": token, "pools": pools})
    assert without.status_code == 303
    first = db.session.scalars(select(MatchRun).order_by(MatchRun.id.desc())).first()
    assert services.run_sources(first) == ("pool",)
    first.status = "done"
    db.session.commit()
    with_programme = client.post(_base(data), data={"csrf_token": token, "pools": pools, "programme": "y"})
    assert with_programme.status_code == 303
    second = db.session.scalars(select(MatchRun).order_by(MatchRun.id.desc())).first()
    assert second.id != first.id and services.run_sources(second) == ("pool", "nomination")
    second.status = "done"
    db.session.commit()
    alone = client.post(_base(data), data={"csrf_token": token, "programme": "y"})
    assert alone.status_code == 303  # the programme alone, no pool


def test_the_review_list_its_csv_and_the_comparison_say_where_each_came_from(app, db, data):
    people = nominees(db, data, excluded=False)
    run = _run(app, data)
    client = _signed_in(app.test_client(), db, data["recruiter"])
    html = client.get(f"{_base(data)}/runs/{run.id}").get_data(as_text=True)
    assert "Talent management programme" in html and "Included: the people it approved" in html
    assert "Came from" in html and "Talent management programme: Spring 2026" in html
    assert 'data-sources="pool nomination"' in html and 'data-sources="nomination"' in html
    assert people["ev"].display_name not in html  # still anonymous
    french = client.get(f"{_base(data, 'fr')}/runs/{run.id}").get_data(as_text=True)
    assert "Programme de gestion des talents\u00a0: Spring 2026 (fr)" in french
    rows = list(
        csv.reader(io.StringIO(client.get(f"{_base(data)}/runs/{run.id}/export.csv").get_data(as_text=True)))
    )
    column = rows[0].index("Came from")
    came_from = {row[0]: row[column] for row in rows[1:]}
    ev_rank = str(_rank_of(db, run.id, people["ev"]))
    assert came_from[ev_rank] == "Talent management programme: Spring 2026"
    bo_rank = str(_rank_of(db, run.id, data["users"]["bo"]))
    assert came_from[bo_rank] == "Prequalified pool: Pool; Talent management programme: Spring 2026"
    compared = client.get(f"{_base(data)}/runs/{run.id}/candidates/compare?c={ev_rank}&c={bo_rank}")
    assert compared.status_code == 200
    assert 'data-sources="nomination"' in compared.get_data(as_text=True)


def test_a_nominee_is_referred_from_the_list_like_a_pool_member(app, db, data):
    people = nominees(db, data, excluded=False)
    run = _run(app, data)
    client = _signed_in(app.test_client(), db, data["recruiter"])
    response = _decide(client, data, run.id, _rank_of(db, run.id, people["ev"]), decision="refer")
    assert response.status_code == 303
    referral = db.session.scalars(select(Referral).where(Referral.user_id == people["ev"].id)).one()
    assert referral.referred and referral.application_id is None  # no pool: no application
    kept = db.session.get(ReferralExplanation, referral.id)
    assert kept.explanation["sources"] == {"nomination": [people["event"].id]}
    # Once the approval is withdrawn (reopened), the same referral is refused by the same rule.
    group = db.session.scalars(
        select(NominationGroup).where(NominationGroup.nominee_id == people["la"].id)
    ).one()
    group.lateral_decision = None
    db.session.commit()
    refused = _decide(client, data, run.id, _rank_of(db, run.id, people["la"]), decision="refer")
    assert refused.status_code == 422
    assert "through the talent management programme can be referred" in refused.get_data(as_text=True)


def test_a_nominees_change_reranks_the_requests_that_drew_from_the_programme(app, db, data):
    people = nominees(db, data, excluded=False)
    _run(app, data)
    assert services.requests_affected_by(people["ev"].id) == [data["request"].id]
    assert services.requests_drawing_from(set(), programme=True) == [data["request"].id]
    _run(app, data, programme=False)  # the latest run: pools only
    assert services.requests_affected_by(people["ev"].id) == []
    assert services.requests_affected_by(data["users"]["ada"].id) == [data["request"].id]
    # The sweep's re-rank keeps the choice of the latest run.
    db.session.add(RerankRequest(request_id=data["request"].id, due_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    app.extensions["dispatched"] = []
    _task(app, "matching.sweep").apply(throw=True)
    latest = services.runs_of(data["request"])[0]
    assert latest.trigger == "auto" and services.run_sources(latest) == ("pool",)


def test_the_opt_out_of_matching_keeps_a_nominee_out(app, db, data):
    people = nominees(db, data, excluded=False)
    profile = db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.user_id == people["la"].id)
    ).one()
    profile.opt_out_of_matching = True
    db.session.commit()
    assert people["la"].id not in adapters.eligible([], adapters.run_filters(data["request"]), programme=True)


# --- On a real worker ---------------------------------------------------------------------------------------


@pytest.mark.worker
def test_a_run_with_the_programme_completes_on_the_worker(worker_app, committed, celery_worker):
    from tests.conftest import wait_until

    data = build(committed)
    classification(committed, "IT", 2)
    people = nominees(committed, data)
    run, _ = services.start_run(data["recruiter"], data["request"])
    committed.session.commit()

    def finished() -> bool:
        committed.session.expire_all()
        return committed.session.get(MatchRun, run.id).status in ("done", "failed")

    wait_until(finished, timeout=90)
    run = committed.session.get(MatchRun, run.id)
    assert run.status == "done", run.error
    sources = {r.user_id: r.explanation.get("sources") for r in run.results}
    event = people["event"].id
    assert sources[people["ev"].id] == {"nomination": [event]}
    assert sources[people["la"].id] == {"nomination": [event]}
    assert sources[data["users"]["bo"].id] == {"pool": [data["process"].id], "nomination": [event]}
    assert not any(people[name].id in sources for name in EXCLUDED)


def test_every_talent_source_is_labelled_in_both_languages_and_kept_by_results_and_the_review(app):
    """A new source in ``pools.SOURCES`` fails here until it has its labels and its place in results."""
    from flask_babel import force_locale

    from jobs import vocab
    from jobs.services import pools
    from matching.review.listing import Sources

    assert tuple(vocab.TALENT_SOURCES) == pools.SOURCES
    with app.test_request_context("/fr/"), force_locale("fr"):
        french = {code: str(text) for code, text in vocab.TALENT_SOURCES.items()}
    with app.test_request_context("/en/"), force_locale("en"):
        english = {code: str(text) for code, text in vocab.TALENT_SOURCES.items()}
    assert all(french[code] and french[code] != english[code] for code in pools.SOURCES)
    assert tuple(adapters.sources([7, adapters.PROGRAMME], [3])) == pools.SOURCES
    assert Sources(pools=(object(),), programme=True).codes == pools.SOURCES  # type: ignore[arg-type]
    assert adapters.sources([7]) == {"pool": [7]} and adapters.sources([adapters.PROGRAMME], [4, 3, 4]) == {
        "nomination": [3, 4]
    }
