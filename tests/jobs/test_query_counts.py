"""Statement counts of the recruitment list pages (rule 14): each page sends as many statements with 12
rows as with 2, with related data on every row (skills, results, decisions, departments, referrals), so
that a query per row (an N+1 through a lazy relationship, in a view or a template) fails here."""

from __future__ import annotations

import pytest

from jobs.services import assessment, decisions, requests
from talent.models import Department
from tests.conftest import login
from tests.jobs.test_request_views import make_request
from tests.querycount import assert_flat


def assess(application):
    """A result on every cell of the screening step: related rows on an applicant."""
    process = application.process
    step = process.steps[0]
    for process_skill in process.skills:
        if process_skill.id in step.skill_ids:
            assessment.record_result(process.created_by, application, step, process_skill, "successful", None)
    assessment.record_result(process.created_by, application, step, None, "successful", None)


def department(db, number):
    row = Department(number=number, name_en=f"Department {number}", name_fr=f"Ministère {number}")
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def recruiter(make_user):
    return make_user("recruiter")


# --- Public and candidates' pages ---------------------------------------------------------------------------


def test_the_job_board(client, make_process):
    assert_flat(lambda: client.get("/en/jobs"), lambda i: make_process())


def test_my_applications(db, client, make_candidate, make_process, submitted):
    candidate = make_candidate()
    login(client, candidate.email)

    def apply(i):
        application = submitted(make_process(), candidate)
        assess(application)
        if i % 2:
            decisions.qualify(application.process.created_by, application, None)
        db.session.commit()

    assert_flat(lambda: client.get("/en/applications"), apply)


def test_my_referrals(db, client, make_user, make_candidate, make_process, submitted, recruiter, library):
    candidate = make_candidate()
    application = submitted(make_process(), candidate)
    decisions.qualify(application.process.created_by, application, None)
    db.session.commit()
    login(client, candidate.email)

    def refer(i):
        talent_request, _ = make_request(
            make_user("manager"), library, department_id=department(db, 9100 + i).id
        )
        requests.refer(recruiter, talent_request, candidate.id, True)
        db.session.commit()

    assert_flat(lambda: client.get("/en/referrals"), refer)


# --- The recruitment team's processes -----------------------------------------------------------------------


def test_the_process_list(client, recruiter, make_process, submitted):
    login(client, recruiter.email)
    assert_flat(
        lambda: client.get("/en/recruit/processes"), lambda i: submitted(make_process(recruiter=recruiter))
    )


def test_the_applicants(db, client, recruiter, make_process, submitted):
    process = make_process(recruiter=recruiter)
    login(client, recruiter.email)

    def apply(i):
        application = submitted(process)
        assess(application)
        if i % 2:
            decisions.qualify(recruiter, application, None)
        db.session.commit()

    assert_flat(lambda: client.get(f"/en/recruit/processes/{process.id}/applicants"), apply)


@pytest.mark.parametrize("page", ["pool", "pool.csv"])
def test_the_pool_and_its_csv(db, client, recruiter, make_process, submitted, page):
    process = make_process(recruiter=recruiter)
    login(client, recruiter.email)

    def member(i):
        application = submitted(process)
        decisions.qualify(recruiter, application, None)
        decisions.place(recruiter, application, "term", department(db, 9200 + i).id)
        db.session.commit()

    assert_flat(lambda: client.get(f"/en/recruit/processes/{process.id}/{page}"), member)


# --- Talent requests ----------------------------------------------------------------------------------------


@pytest.fixture
def referable(db, make_candidate, make_process, submitted):
    """Make an available pool member with a complete profile (skills, an experience) to refer."""
    process = make_process()

    def make():
        application = submitted(process, make_candidate())
        decisions.qualify(process.created_by, application, None)
        db.session.commit()
        return application.user

    return make


@pytest.fixture
def request_maker(db, make_user, library, recruiter, referable):
    """Make a talent request from its own department, in progress, with two people referred to it and one
    not referred."""

    def make(i, requester=None):
        talent_request, _ = make_request(
            requester or make_user("manager"), library, department_id=department(db, 9300 + i).id
        )
        for referred in (True, True, False):
            requests.refer(recruiter, talent_request, referable().id, referred, None if referred else "No.")
        requests.set_status(recruiter, talent_request, "in_progress", detail="initial_conversation")
        db.session.commit()
        return talent_request

    return make


def test_the_requests_queue(client, recruiter, request_maker):
    login(client, recruiter.email)
    assert_flat(lambda: client.get("/en/recruit/requests"), request_maker)


@pytest.mark.parametrize("page", ["reports", "reports.csv"])
def test_the_reports_and_their_csv(client, recruiter, request_maker, page):
    login(client, recruiter.email)
    assert_flat(lambda: client.get(f"/en/recruit/{page}"), request_maker)


def test_my_requests(client, make_user, request_maker):
    manager = make_user("manager")
    login(client, manager.email)
    assert_flat(lambda: client.get("/en/talent-requests"), lambda i: request_maker(i, manager))


def test_a_request_with_its_referred_candidates(db, client, make_user, library, recruiter, referable):
    """The manager's page of a request shows every referred person: profile, skills, experiences."""
    manager = make_user("manager")
    talent_request, _ = make_request(manager, library)
    db.session.commit()
    login(client, manager.email)

    def refer(i):
        requests.refer(recruiter, talent_request, referable().id, True)
        db.session.commit()

    assert_flat(lambda: client.get(f"/en/talent-requests/{talent_request.id}"), refer)


def test_the_teams_page_of_a_request(db, client, make_user, library, recruiter, referable):
    """The team's page of a request lists the people who fit, those referred or not, and the history."""
    talent_request, _ = make_request(make_user("manager"), library)
    db.session.commit()
    login(client, recruiter.email)

    def refer(i):
        requests.refer(recruiter, talent_request, referable().id, bool(i % 2), None if i % 2 else "No.")
        referable()  # fits, not considered yet
        db.session.commit()

    assert_flat(lambda: client.get(f"/en/recruit/requests/{talent_request.id}"), refer)
