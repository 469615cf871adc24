"""Statement counts of the match-run pages (rule 14): a run's ranked list (and its CSV), the list of runs,
comparing two runs, the fairness check and the progress send as many statements for a run of 4 + 12
candidates as for a run of 4 + 2 (``build`` adds four people), with related data on every row (skills,
an experience showing them, pools, decisions, some candidates revealed), so that a query per candidate
fails here."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jobs.models import Application, Decision
from matching import services
from matching.models import MatchResult, MatchRun
from talent.models import CandidateProfile, Experience, ExperienceSkill, Role, User, UserSkill
from talent.models._types import utcnow
from tests.matching.conftest import build
from tests.matching.test_review_views import _base, _signed_in, _start_and_run
from tests.querycount import FEW, MANY, assert_flat, count_queries

# Every page of a run, by its address after ``.../runs/<run_id>``.
PAGES = ["", "/export.csv", "/compare", "/candidates/compare?c=1&c=2&c=3", "/fairness", "/progress"]


@pytest.fixture
def world(app, db):
    data = build(db)
    client = _signed_in(app.test_client(), db, data["recruiter"])
    return data, client


def add_person(db, data, i):
    """An available pool member with the request's skills, an experience showing them (the evidence the
    list explains) and, for every other one, a shortlist decision (revealed: named, with justifications)."""
    skills = data["skills"]
    user = User(
        email=f"person{i}@example.com",
        password_hash="x",
        role=Role.CANDIDATE,
        first_name=f"P{i}",
        last_name="Q",
    )
    db.session.add(user)
    db.session.flush()
    db.session.add(CandidateProfile(user_id=user.id, looking_for_english=True, work_regions=["ontario"]))
    experience = Experience(
        user_id=user.id, kind="work", title=f"Job {i}", organization="Org", start_date=date(2015, 1, 1)
    )
    db.session.add(experience)
    db.session.flush()
    for key in ("postgresql", "python", "teamwork"):
        db.session.add(UserSkill(user_id=user.id, skill_id=skills[key].id, level=3))
        db.session.add(
            ExperienceSkill(experience_id=experience.id, skill_id=skills[key].id, justification="Yes.")
        )
    db.session.add(
        Application(
            process_id=data["process"].id, user_id=user.id, submitted_at=utcnow(), decision=Decision.QUALIFIED
        )
    )
    db.session.commit()
    return user


def counts_of_latest_run(app, db, data, client, people, page):
    """Run matching on everyone so far, shortlist every other added person, count the run's page."""
    run_id = _start_and_run(app, client, data)
    ranked = db.session.scalar(
        select(func.count()).select_from(MatchResult).where(MatchResult.run_id == run_id)
    )
    assert ranked == len(data["users"]) + len(people)  # build() adds its four people
    services.decide(data["recruiter"], data["request"], [p.id for p in people[1::2]], "shortlist")
    db.session.commit()
    url = f"{_base(data)}/runs/{run_id}{page}"
    client.get(url)
    with count_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return counted


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_of_a_run(app, db, world, page):
    data, client = world
    people = [add_person(db, data, i) for i in range(FEW)]
    _start_and_run(app, client, data)  # a first run: each run counted has a previous one to compare with
    few = counts_of_latest_run(app, db, data, client, people, page)
    people += [add_person(db, data, i) for i in range(FEW, MANY)]
    many = counts_of_latest_run(app, db, data, client, people, page)
    assert many.count <= few.count, f"{page}: {few.count} -> {many.count}\n{few.report()}\n{many.report()}"


def test_the_runs_of_a_request(db, world):
    """The list of a request's runs, each with its number of ranked candidates and who started it."""
    data, client = world

    def run(i):
        starter = User(email=f"starter{i}@example.com", password_hash="x", role=Role.RECRUITER)
        db.session.add(starter)
        db.session.flush()
        finished = MatchRun(
            request_id=data["request"].id,
            created_by_id=starter.id,
            engine_version="test",
            skills_version="test",
            status="done",
            pools=[data["process"].id],
        )
        db.session.add(finished)
        db.session.flush()
        db.session.add(MatchResult(run_id=finished.id, user_id=data["recruiter"].id, rank=1, score=1.0))
        db.session.commit()

    assert_flat(lambda: client.get(_base(data)), run)
