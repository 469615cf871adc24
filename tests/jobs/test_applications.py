"""Applying: one draft per process, every submission rule, the frozen snapshot, plain statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.models import ApplicationEvent
from jobs.services import JobsError, applications, processes
from talent.models import OutboxMessage
from talent.models._types import utcnow
from talent.profiles import services as profile_services


def test_starting_twice_gives_the_same_draft(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    first = applications.start(candidate, process)
    assert applications.start(candidate, process).id == first.id
    assert applications.candidate_status(first) == "draft"


@pytest.mark.parametrize("state", ["draft", "closed", "archived"])
def test_only_open_published_processes_accept_applications(db, make_process, make_candidate, state):
    process = make_process(publish=state != "draft")
    if state in ("closed", "archived"):
        processes.close_early(process.created_by, process, "closed")
    if state == "archived":
        processes.archive(process.created_by, process)
    with pytest.raises(JobsError, match="not open"):
        applications.start(make_candidate(), process)


def _messages(application, signature="Signed"):
    return [str(p.message) for p in applications.submission_problems(application, signature)]


def test_a_complete_application_submits_and_freezes_a_snapshot(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    application = applications.start(candidate, process)
    applications.save_answers(application, {q.id: "Answer" for q in process.questions})
    assert _messages(application) == []
    applications.submit(application, "Cam Dee")
    assert application.submitted_at is not None and application.signature == "Cam Dee"
    assert application.snapshot["profile"]["current_city"] == "Ottawa"
    assert "equity_declaration" not in application.snapshot
    profile = profile_services.get_profile(candidate)
    profile.current_city = "Halifax"
    db.session.flush()
    assert application.snapshot["profile"]["current_city"] == "Ottawa"  # later edits change nothing
    assert applications.candidate_status(application) == "received"
    events = db.session.scalars(
        select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
    )
    assert [(e.action, e.status_before, e.status_after) for e in events] == [
        ("started", "none", "draft"),
        ("submitted", "draft", "submitted"),
    ]
    mail = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.recipient == candidate.email, OutboxMessage.kind == "application.submitted"
        )
    ).one()
    assert mail.subject == "We received your application"


def test_every_unmet_rule_is_named(db, make_process, make_user):
    process = make_process(language="bilingual_intermediate")
    candidate = make_user("candidate")
    application = applications.start(candidate, process)
    messages = " ".join(_messages(application, signature=""))
    assert "Your profile needs" in messages
    assert "Link the essential skill “Python”" in messages
    assert "Teamwork" not in messages  # behavioural skills need no experience link
    assert "bilingual" in messages
    assert "Answer every question" in messages
    assert "Sign your application" in messages
    with pytest.raises(JobsError):
        applications.submit(application, "")
    assert application.submitted_at is None and application.snapshot is None


def test_closed_process_refuses_submission(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    application = applications.start(candidate, process)
    applications.save_answers(application, {q.id: "Answer" for q in process.questions})
    process.closing_at = utcnow() - timedelta(seconds=1)
    assert "This job advertisement is closed." in _messages(application)
    assert applications.candidate_status(application) == "expired"


def test_submitting_twice_is_refused(db, submitted):
    application = submitted()
    with pytest.raises(JobsError, match="already submitted"):
        applications.submit(application, "Again")
    with pytest.raises(JobsError, match="already submitted"):
        applications.save_answers(application, {})


def test_drafts_can_be_deleted_submitted_ones_cannot(db, make_process, make_candidate, submitted):
    candidate = make_candidate()
    draft = applications.start(candidate, make_process())
    applications.delete_draft(candidate, draft)
    application = submitted()
    with pytest.raises(JobsError, match="withdraw"):
        applications.delete_draft(application.user, application)


def test_overlong_answers_are_refused(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    application = applications.start(candidate, process)
    with pytest.raises(JobsError, match="at most"):
        applications.save_answers(application, {process.questions[0].id: "x" * 10_000})


def test_a_forged_id_is_not_yours(db, submitted, make_candidate, make_user):
    application = submitted()
    assert applications.owned(make_candidate(), application.id) is None
    assert applications.owned(application.user, application.id) is application
    other_recruiter = make_user("recruiter")
    assert applications.visible_to_staff(other_recruiter, application.id) is None
    assert applications.visible_to_staff(application.process.created_by, application.id) is application
    assert applications.visible_to_staff(make_user("admin"), application.id) is application


def test_nobody_sees_a_draft_not_even_an_admin(db, make_process, make_candidate, make_user):
    process = make_process()
    draft = applications.start(make_candidate(), process)
    assert applications.visible_to_staff(make_user("admin"), draft.id) is None
    assert applications.visible_to_staff(process.created_by, draft.id) is None
