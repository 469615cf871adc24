"""Every transition's allowed and refused cases; each one recorded, audited and notified."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from jobs.models import ApplicationEvent
from jobs.services import JobsError, applications, decisions
from talent.models import AuditEvent, OutboxMessage


def _last_event(db, application):
    return db.session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.id.desc())
    ).first()


def test_qualify_records_who_when_before_after_and_tells_the_candidate(db, submitted):
    application = submitted()
    recruiter = application.process.created_by
    decisions.qualify(recruiter, application, date.today() + timedelta(days=365))
    event = _last_event(db, application)
    assert (event.action, event.status_before, event.status_after, event.actor_id) == (
        "qualified",
        "submitted",
        "qualified",
        recruiter.id,
    )
    assert applications.candidate_status(application) == "qualified"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.qualified")).one()
    assert db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "application.qualified")
    ).one()


def test_qualify_refuses_past_expiry_drafts_and_double_decisions(db, submitted, make_process, make_candidate):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="past"):
        decisions.qualify(actor, application, date.today() - timedelta(days=1))
    decisions.qualify(actor, application, date.today())  # expiring today is allowed
    with pytest.raises(JobsError, match="already"):
        decisions.qualify(actor, application, None)
    with pytest.raises(JobsError, match="already"):
        decisions.disqualify(actor, application, "no")
    draft = applications.start(make_candidate(), make_process())
    with pytest.raises(JobsError, match="draft"):
        decisions.qualify(actor, draft, None)


def test_disqualify_needs_a_reason_and_revert_goes_back(db, submitted):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="reason"):
        decisions.disqualify(actor, application, "")
    decisions.disqualify(actor, application, "Did not meet the Python requirement.")
    assert applications.candidate_status(application) == "unsuccessful"
    decisions.revert_decision(actor, application)
    assert application.decision is None and applications.internal_status(application) == "submitted"
    with pytest.raises(JobsError, match="no decision"):
        decisions.revert_decision(actor, application)


def test_place_only_qualified_and_revert_placement(db, submitted, library):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="qualified"):
        decisions.place(actor, application, "term", library["dept"].id)
    decisions.qualify(actor, application, None)
    with pytest.raises(JobsError, match="department"):
        decisions.place(actor, application, "term", None)
    with pytest.raises(JobsError, match="list"):
        decisions.place(actor, application, "forever", library["dept"].id)
    decisions.place(actor, application, "term", library["dept"].id)
    with pytest.raises(JobsError, match="already placed"):
        decisions.place(actor, application, "indeterminate", library["dept"].id)
    with pytest.raises(JobsError, match="placement first"):
        decisions.revert_decision(actor, application)
    decisions.revert_placement(actor, application)
    assert application.placement is None and application.decision.value == "qualified"
    with pytest.raises(JobsError, match="not placed"):
        decisions.revert_placement(actor, application)


def test_remove_rules(db, submitted, make_process, make_candidate, library):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="reason"):
        decisions.remove(actor, application, "other", "")  # "other" needs words
    with pytest.raises(JobsError, match="list"):
        decisions.remove(actor, application, "bored")
    decisions.remove(actor, application, "not_responsive")
    assert applications.candidate_status(application) == "not_responsive"
    with pytest.raises(JobsError, match="already removed"):
        decisions.remove(actor, application, "ineligible")
    with pytest.raises(JobsError, match="Reinstate"):
        decisions.qualify(actor, application, None)
    draft = applications.start(make_candidate(), make_process())
    with pytest.raises(JobsError, match="draft"):
        decisions.remove(actor, draft, "ineligible")
    placed = submitted()
    decisions.qualify(placed.process.created_by, placed, None)
    decisions.place(placed.process.created_by, placed, "indeterminate", library["dept"].id)
    with pytest.raises(JobsError, match="placed"):
        decisions.remove(placed.process.created_by, placed, "ineligible")


def test_reinstate_only_removed(db, submitted):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="Only a removed"):
        decisions.reinstate(actor, application)
    decisions.remove(actor, application, "ineligible")
    decisions.reinstate(actor, application)
    assert application.removed_at is None and applications.candidate_status(application) == "received"
    actions = [e.action for e in application.events]
    assert actions[-2:] == ["removed", "reinstated"]


def test_candidate_withdraws_their_own_application_only(db, submitted, make_candidate):
    application = submitted()
    with pytest.raises(JobsError):
        decisions.withdraw(make_candidate(), application)
    decisions.withdraw(application.user, application)
    assert applications.candidate_status(application) == "withdrew"
    assert _last_event(db, application).actor_id == application.user_id


def test_suspension_and_pause_need_a_qualified_candidacy(db, submitted):
    application = submitted()
    with pytest.raises(JobsError, match="qualified"):
        decisions.set_suspended(application.user, application, True)
    decisions.qualify(application.process.created_by, application, None)
    decisions.set_suspended(application.user, application, True)
    assert application.suspended_at is not None
    decisions.set_suspended(application.user, application, False)
    decisions.set_paused(application.process.created_by, application, True, "On leave")
    assert application.paused_at is not None
