"""What the recruitment side holds about a person, for the personal-data export and for account deletion
(registered with ``talent.profiles.privacy`` by ``jobs.web.register_jobs``).

- ``applications``: each application with its answers, signature, submitted snapshot, assessment results
  and status history.
- ``referrals``: each time the recruitment team decided on the person for a manager's request, the
  manager's selection, and the person's own decline.
- ``talent_requests``: the requests the person made as a hiring manager, with their contacts.

Deleting the account keeps the records (a pool's history, a request's outcome, the statistics) but
without anything that says who the person was: free text they wrote or that was written about them,
their signature and their submitted profile are erased; what stays refers to the anonymised user row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from jobs import nomination_privacy
from jobs.models import (
    Application,
    ApplicationAnswer,
    ApplicationEvent,
    AssessmentResult,
    Referral,
    TalentRequest,
)
from talent.extensions import db
from talent.models import User
from talent.profiles import privacy

BATCH = privacy.BATCH_ROWS


def export_applications(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(Application)
        .where(Application.user_id == user.id)
        .options(
            selectinload(Application.process),
            selectinload(Application.answers).selectinload(ApplicationAnswer.question),
            selectinload(Application.results),
            selectinload(Application.events),
        )
        .order_by(Application.id),
    )
    for application in rows:
        yield {
            **privacy.columns(application, skip=("user_id",)),
            "process_title_en": application.process.title_en,
            "process_title_fr": application.process.title_fr,
            "answers": [
                {"question_en": a.question.text_en, "question_fr": a.question.text_fr, "answer": a.answer}
                for a in application.answers
            ],
            "assessment_results": [
                privacy.columns(r, skip=("application_id", "assessed_by_id")) for r in application.results
            ],
            "history": [privacy.columns(e, skip=("application_id", "actor_id")) for e in application.events],
        }


def export_referrals(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(Referral)
        .where(Referral.user_id == user.id)
        .options(selectinload(Referral.request))
        .order_by(Referral.id),
        execution_options={"yield_per": BATCH},
    )
    for referral in rows:
        yield {
            **privacy.columns(referral, skip=("user_id", "decided_by_id")),
            "job_title": referral.request.job_title,
        }


def export_requests(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(TalentRequest).where(TalentRequest.requester_id == user.id).order_by(TalentRequest.id),
        execution_options={"yield_per": BATCH},
    )
    for talent_request in rows:
        yield privacy.columns(talent_request, skip=("requester_id", "tracking_token_hash"))


def anonymise_applications(user: User) -> None:
    mine = select(Application.id).where(Application.user_id == user.id)
    db.session.execute(
        update(Application)
        .where(Application.user_id == user.id)
        .values(signature=None, snapshot={}, removal_details=None, disqualification_reason=None)
    )
    db.session.execute(
        update(ApplicationAnswer).where(ApplicationAnswer.application_id.in_(mine)).values(answer="")
    )
    db.session.execute(
        update(AssessmentResult).where(AssessmentResult.application_id.in_(mine)).values(justification=None)
    )
    db.session.execute(
        update(ApplicationEvent).where(ApplicationEvent.application_id.in_(mine)).values(details={})
    )


def anonymise_referrals(user: User) -> None:
    db.session.execute(
        update(Referral)
        .where(Referral.user_id == user.id)
        .values(not_referred_reason=None, selection_details=None)
    )


def anonymise_requests(user: User) -> None:
    """A request belongs to the department that made it and stays; the contacts the person gave go."""
    db.session.execute(
        update(TalentRequest)
        .where(TalentRequest.requester_id == user.id)
        .values(
            hiring_manager_name=None, hiring_manager_email=None, hr_advisor_name=None, hr_advisor_email=None
        )
    )


def register() -> None:
    privacy.register(
        "applications",
        export=export_applications,
        anonymise=anonymise_applications,
        tables=("applications", "application_answers", "assessment_results", "application_events"),
        actor_columns=(
            ("application_events", "actor_id"),
            ("assessment_results", "assessed_by_id"),
            ("processes", "created_by_id"),
            ("process_recruiters", "user_id"),
        ),
    )
    privacy.register(
        "referrals",
        export=export_referrals,
        anonymise=anonymise_referrals,
        tables=("referrals",),
        actor_columns=(("referrals", "decided_by_id"), ("talent_request_events", "actor_id")),
    )
    privacy.register(
        "talent_requests",
        export=export_requests,
        anonymise=anonymise_requests,
        tables=("talent_requests",),
    )
    nomination_privacy.register()
