"""A hiring manager's dashboard: their talent requests with their status, and the candidates referred to
them. A referral counts as the manager sees it (``jobs.services.requests.manager_referrals``): referred,
not declined by the candidate, and the candidate's account not deleted. No one is named here: the request's
page shows the people (and records that the manager saw them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from jobs.models import Referral, TalentRequest
from jobs.services.reports import STATUSES
from talent.extensions import db
from talent.main.dashboard import LIST_LIMIT, Listed
from talent.models import User


def _seen_by_manager() -> ColumnElement[bool]:
    return (
        Referral.referred
        & Referral.declined_at.is_(None)
        & Referral.user_id.in_(select(User.id).where(User.deleted_at.is_(None)))
    )


@dataclass(frozen=True)
class MyRequest:
    request_id: int
    job_title: str
    created_at: datetime
    status: str
    referred: int


@dataclass(frozen=True)
class MyRequests:
    by_status: tuple[tuple[str, int], ...]
    latest: Listed[MyRequest]


def my_requests(user: User) -> MyRequests:
    """The manager's requests per status, and the latest ones with their referred candidates counted (two
    statements)."""
    counts = dict(
        db.session.execute(
            select(TalentRequest.status, func.count())
            .where(TalentRequest.requester_id == user.id)
            .group_by(TalentRequest.status)
        ).all()
    )
    referred = (
        select(func.count(Referral.id))
        .where(Referral.request_id == TalentRequest.id, _seen_by_manager())
        .correlate(TalentRequest)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            TalentRequest.id,
            TalentRequest.job_title,
            TalentRequest.created_at,
            TalentRequest.status,
            referred,
            func.count().over(),
        )
        .where(TalentRequest.requester_id == user.id)
        .order_by(TalentRequest.created_at.desc(), TalentRequest.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return MyRequests(
        tuple((status, int(counts.get(status, 0))) for status in STATUSES),
        Listed(tuple(MyRequest(*row[:5]) for row in rows), int(rows[0][5]) if rows else 0),
    )


@dataclass(frozen=True)
class Received:
    request_id: int
    job_title: str
    referred: int
    latest: datetime
    awaiting: int  # referred candidates with no selection recorded yet


def referrals_received(user: User) -> Listed[Received]:
    """The manager's requests with candidates referred to them, the latest referral first (one statement)."""
    n = func.count(Referral.id)
    rows = db.session.execute(
        select(
            TalentRequest.id,
            TalentRequest.job_title,
            n,
            func.max(Referral.decided_at),
            func.count(Referral.id).filter(Referral.selection.is_(None)),
            func.count().over(),
        )
        .join(Referral, Referral.request_id == TalentRequest.id)
        .where(TalentRequest.requester_id == user.id, _seen_by_manager())
        .group_by(TalentRequest.id, TalentRequest.job_title)
        .order_by(func.max(Referral.decided_at).desc(), TalentRequest.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return Listed(
        tuple(
            Received(rid, title, int(count), latest, int(awaiting))
            for rid, title, count, latest, awaiting, _n in rows
        ),
        int(rows[0][5]) if rows else 0,
    )
