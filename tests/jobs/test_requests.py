"""Talent requests: submission rules, the stored search, the lifecycle, referrals and selection, reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.models import TalentRequest
from jobs.services import JobsError, decisions, reports, requests
from jobs.services.talent_search import TalentFilters
from talent import clock
from talent.models import AuditEvent, OutboxMessage

NEED = {
    "job_title": "Data engineer",
    "reason": "immediate_hire",
    "hiring_manager_name": "Max Manager",
    "hiring_manager_email": "max@example.com",
    "position_type": "individual_contributor",
}


@pytest.fixture
def qualified_member(db, submitted):
    def make(**kwargs):
        application = submitted(**kwargs)
        decisions.qualify(application.process.created_by, application, None)
        db.session.flush()
        return application

    return make


def _submit(db, user, library, filters=None, need=None, skills=None, **kwargs):
    return requests.submit(
        user,
        filters or TalentFilters(),
        {**NEED, "classification_id": library["it03"].id, **(need or {})},
        skills if skills is not None else [("t:python", "required", 2)],
        "en",
        **kwargs,
    )


def test_a_manager_submits_and_the_stored_search_reproduces_the_live_count(
    db, make_user, library, qualified_member
):
    qualified_member()
    qualified_member()
    manager = make_user("manager")
    filters = TalentFilters(classifications=("IT-03",), language="english")
    request, token = _submit(db, manager, library, filters)
    assert token is None and request.status == "new"
    assert request.count_at_submission == 2
    assert requests.live_count(request) == request.count_at_submission
    assert requests.stored_filters(request) == filters
    assert [(rs.skill.key, rs.kind, rs.level) for rs in request.skills] == [("t:python", "required", 2)]
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "request.received")).one()


def test_a_guest_gets_a_private_link(db, library):
    links = []
    request, token = _submit(
        db,
        None,
        library,
        need={"guest_name": "Gia Guest", "guest_email": "gia@example.com"},
        link_for=lambda t: links.append(t) or f"http://x/track/{t}",
    )
    assert token and links == [token]
    assert requests.by_token(token) is request and requests.by_token("wrong") is None
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "gia@example.com")).one()
    assert token in mail.body
    assert request.tracking_token_hash != token  # only the digest is stored


@pytest.mark.parametrize(
    ("change", "skills", "field"),
    [
        ({"classification_id": ""}, [], "classification_id"),
        ({"start_date": clock.today() - timedelta(days=1)}, None, "start_date"),
        ({"classification_id": 999999}, None, "classification_id"),
        ({"reason": "whim"}, None, "reason"),
        ({"hiring_manager_email": "not-an-address"}, None, "hiring_manager_email"),
        ({}, [("nope:nope", "required", 2)], "skills"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(db, make_user, library, change, skills, field):
    with pytest.raises(JobsError) as caught:
        _submit(db, make_user("manager"), library, need=change, skills=skills)
    assert caught.value.field == field
    assert db.session.scalars(select(TalentRequest)).all() == []


def test_candidates_cannot_submit_requests(db, make_user, library):
    with pytest.raises(JobsError):
        _submit(db, make_user("candidate"), library)


def test_only_the_manager_and_the_team_see_a_request(db, make_user, library):
    manager = make_user("manager")
    request, _ = _submit(db, manager, library)
    assert requests.visible(manager, request.id) is request
    assert requests.visible(make_user("manager"), request.id) is None
    assert requests.visible(make_user("recruiter"), request.id) is request
    assert requests.visible(make_user("candidate"), request.id) is None


def test_lifecycle_is_timestamped_audited_and_notifies_the_manager(db, make_user, library):
    manager, recruiter = make_user("manager"), make_user("recruiter")
    request, _ = _submit(db, manager, library)
    with pytest.raises(JobsError) as caught:
        requests.set_status(recruiter, request, "in_progress")
    assert caught.value.field == "detail"
    requests.set_status(
        recruiter,
        request,
        "in_progress",
        detail="initial_conversation",
        follow_up_date=clock.today() + timedelta(days=7),
        notes="Called.",
    )
    assert request.status == "in_progress" and request.status_detail == "initial_conversation"
    with pytest.raises(JobsError) as caught:
        requests.set_status(recruiter, request, "completed")
    assert caught.value.field == "outcome"
    with pytest.raises(JobsError) as caught:
        requests.set_status(
            recruiter,
            request,
            "in_progress",
            detail="talent_sent",
            follow_up_date=clock.local_date(request.created_at) - timedelta(days=1),
        )
    assert caught.value.field == "follow_up_date"
    requests.set_status(recruiter, request, "completed", outcome="hire_made")
    assert request.completed_at is not None
    actions = [e.action for e in request.events]
    assert actions == ["submitted", "status_changed", "status_changed"]
    assert (
        len(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "request.status")).all())
        == 2
    )
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request.status_changed")).all()
    with pytest.raises(JobsError):
        requests.set_status(manager, request, "new")


def test_referrals_only_of_available_members_then_selection(
    db, make_user, library, qualified_member, submitted
):
    member = qualified_member()
    not_in_pool = submitted()  # submitted, not qualified
    recruiter = make_user("recruiter")
    request, _ = _submit(db, make_user("manager"), library)
    with pytest.raises(JobsError, match="available"):
        requests.refer(recruiter, request, not_in_pool.user_id, True)
    with pytest.raises(JobsError, match="reason"):
        requests.refer(recruiter, request, member.user_id, False, "")
    referral = requests.refer(recruiter, request, member.user_id, True)
    assert referral.application_id == member.id
    assert requests.referrals_for_manager(request) == [referral]
    assert requests.referrals_of(member.user) == [referral]
    with pytest.raises(JobsError, match="reason"):
        requests.record_selection(recruiter, referral, "not_selected")
    requests.record_selection(recruiter, referral, "not_selected", "lacks_experience")
    assert referral.selection == "not_selected"
    requests.decline(member.user, referral)
    assert requests.referrals_for_manager(request) == []
    with pytest.raises(JobsError):
        requests.decline(make_user("candidate"), referral)


def test_report_counts_and_median_days(db, make_user, library, qualified_member):
    member = qualified_member()
    recruiter = make_user("recruiter")
    first, _ = _submit(db, make_user("manager"), library)
    second, _ = _submit(db, make_user("manager"), library)
    requests.refer(recruiter, first, member.user_id, True)
    requests.set_status(recruiter, second, "completed", outcome="no_candidates_found")
    report = reports.request_report()
    assert report.total == 2 and dict(report.by_status) == {"new": 1, "in_progress": 0, "completed": 1}
    assert report.referrals == 1 and report.requests_with_referrals == 1
    assert report.median_days_to_first_referral is not None and report.median_days_to_first_referral < 1
    assert sum(n for _, n in report.per_month) == 2
