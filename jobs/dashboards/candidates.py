"""A candidate's dashboard: the applications still in progress, with their plain-language status, and the
referrals they have not declined (for requests still open)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from jobs.models import Application, Process, Referral, TalentRequest
from jobs.services.applications import candidate_status
from jobs.services.processes import published_filter
from talent.extensions import db
from talent.main.dashboard import LIST_LIMIT, Listed
from talent.models import User
from talent.models._types import utcnow


@dataclass(frozen=True)
class OpenApplication:
    application: Application
    status: str  # a code of jobs.vocab.CANDIDATE_STATUSES


def open_applications(user: User) -> Listed[OpenApplication]:
    """Applications in progress, newest first: drafts of processes still open, and submitted ones with no
    decision yet (not withdrawn or removed). Four statements: the page, then the processes, their steps
    and the results the status needs."""
    in_progress = (
        (Application.user_id == user.id)
        & Application.removed_at.is_(None)
        & Application.decision.is_(None)
        & or_(Application.submitted_at.is_not(None), published_filter(utcnow()))
    )
    rows = db.session.execute(
        select(Application, func.count().over())
        .join(Application.process)
        .where(in_progress)
        .options(
            contains_eager(Application.process).selectinload(Process.steps),
            selectinload(Application.results),
        )
        .order_by(Application.created_at.desc(), Application.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return Listed(
        tuple(OpenApplication(a, candidate_status(a)) for a, _n in rows),
        int(rows[0][1]) if rows else 0,
    )


def referrals_to_answer(user: User) -> Listed[Referral]:
    """The candidate's referrals to requests still open that they have not declined, newest first (one
    statement, with each request and its department)."""
    rows = db.session.execute(
        select(Referral, func.count().over())
        .join(Referral.request)
        .where(
            Referral.user_id == user.id,
            Referral.referred,
            Referral.declined_at.is_(None),
            TalentRequest.status != "completed",
        )
        .options(contains_eager(Referral.request).joinedload(TalentRequest.department))
        .order_by(Referral.decided_at.desc(), Referral.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return Listed(tuple(r for r, _n in rows), int(rows[0][1]) if rows else 0)
