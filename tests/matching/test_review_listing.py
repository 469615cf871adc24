"""What the review list says of each ranked person (``listing.facts_for``): availability in the run's pools
judged by the pools' rule to the day and to the second, the pools' clearances, and the profile facts the
filters read."""

from __future__ import annotations

from datetime import date, timedelta

from jobs.models import Application, Decision
from matching.models import MatchResult, MatchRun
from matching.review import listing
from talent.models import CandidateProfile
from talent.models._types import utcnow
from tests.matching.conftest import build

TODAY = date(2026, 6, 15)


def _run(db, data):
    run = MatchRun(
        request_id=data["request"].id,
        pools=[data["process"].id],
        engine_version="test",
        skills_version="test",
        status="done",
    )
    db.session.add(run)
    db.session.flush()
    for rank, key in enumerate(("ada", "bo", "cy", "di"), start=1):
        db.session.add(MatchResult(run_id=run.id, user_id=data["users"][key].id, rank=rank, score=1.0 / rank))
    db.session.flush()
    return run


def _application(db, data, key):
    return db.session.query(Application).filter_by(user_id=data["users"][key].id).one()


def test_availability_follows_the_pool_rule_at_its_boundaries(db):
    data = build(db)
    now = utcnow()
    _application(db, data, "ada").expiry_date = TODAY  # expires at the end of today: still available
    _application(db, data, "bo").expiry_date = TODAY - timedelta(days=1)  # expired yesterday
    _application(db, data, "cy").suspended_at = now + timedelta(seconds=1)  # suspension not started yet
    _application(db, data, "di").suspended_at = now  # suspended from this very second
    facts = listing.facts_for(_run(db, data), TODAY, now)
    available = {key: facts[user.id].available for key, user in data["users"].items()}
    assert available == {"ada": True, "bo": False, "cy": True, "di": False}


def test_a_disqualified_or_removed_membership_is_neither_available_nor_a_pool(db):
    data = build(db)
    _application(db, data, "ada").decision = Decision.DISQUALIFIED
    _application(db, data, "bo").removed_at = utcnow()
    facts = listing.facts_for(_run(db, data))
    ada, bo, cy = (facts[data["users"][k].id] for k in ("ada", "bo", "cy"))
    assert ada.pools == () and not ada.available  # no longer in the pool at all
    assert [p.id for p in bo.pools] == [data["process"].id] and not bo.available  # still listed, removed
    assert [p.id for p in cy.pools] == [data["process"].id] and cy.available


def test_clearances_and_profile_facts_are_read_for_the_filters(db):
    data = build(db)
    data["process"].security_clearance = "secret"
    profile = db.session.query(CandidateProfile).filter_by(user_id=data["users"]["ada"].id).one()
    profile.looking_for_french = True
    profile.work_regions = ["ontario", "quebec"]
    profile.work_arrangements = ["remote"]
    profile.classification_id = data["process"].classification_id
    facts = listing.facts_for(_run(db, data))
    ada, bo = facts[data["users"]["ada"].id], facts[data["users"]["bo"].id]
    assert (ada.french, ada.english, ada.regions, ada.arrangements) == (
        True,
        False,
        frozenset({"ontario", "quebec"}),
        frozenset({"remote"}),
    )
    assert ada.classification == "IT-03" and bo.classification is None
    assert ada.clearances == bo.clearances == frozenset({"secret"})


def test_points_are_written_in_the_pages_language_to_one_decimal():
    from matching.review.blueprint import matching_points

    assert [matching_points(v, "en") for v in (0.125, 0.1, 0.33333, None, 1)] == [
        "12.5",
        "10",
        "33.3",
        "0",
        "100",
    ]
    assert [matching_points(v, "fr") for v in (0.125, 0.1)] == ["12,5", "10"]
