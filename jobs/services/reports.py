"""Numbers the recruitment team reports on: requests received per month, by status and by department,
the median days from a request to its first referral, referrals and selections.

Every number is aggregated in the database (``GROUP BY``, a few statements whatever the number of
requests); no request or referral is loaded into Python. Dates are UTC, as stored.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select, true
from sqlalchemy.orm import InstrumentedAttribute

from jobs.models import Referral, TalentRequest
from talent.extensions import db

STATUSES = ("new", "in_progress", "completed")


@dataclass(frozen=True)
class RequestReport:
    per_month: tuple[tuple[str, int], ...]  # ("2026-11", 4), oldest first
    by_status: tuple[tuple[str, int], ...]
    by_department: tuple[tuple[int | None, int], ...]  # department id (None: not given), most first
    median_days_to_first_referral: float | None
    requests_with_referrals: int
    referrals: int
    not_referred: int
    selected: int
    not_selected: int
    declined: int
    total: int = field(default=0)


def _period(start: date | None, end: date | None) -> ColumnElement[bool]:
    """Requests made on a UTC day from ``start`` to ``end`` (inclusive; open-ended when None), as a range
    on the indexed ``created_at``."""
    conditions = []
    if start is not None:
        conditions.append(TalentRequest.created_at >= datetime.combine(start, time(), UTC))
    if end is not None:
        conditions.append(TalentRequest.created_at < datetime.combine(end + timedelta(days=1), time(), UTC))
    return and_(true(), *conditions)


def _month(column: Any) -> ColumnElement[str]:
    """``YYYY-MM`` of a UTC timestamp."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)  # SQLite stores UTC text


def _seconds_between(earlier: Any, later: Any) -> ColumnElement[Any]:
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)  # exact (numeric), as Python's total_seconds()
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _count_where(condition: ColumnElement[bool] | InstrumentedAttribute[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def request_report(start: date | None = None, end: date | None = None) -> RequestReport:
    """Requests made between ``start`` and ``end`` (inclusive; open-ended when None)."""
    period = _period(start, end)
    month = _month(TalentRequest.created_at).label("month")
    per_month = db.session.execute(
        select(month, func.count()).where(period).group_by(month).order_by(month)
    ).all()
    statuses = dict(
        db.session.execute(
            select(TalentRequest.status, func.count()).where(period).group_by(TalentRequest.status)
        ).all()
    )
    # Most requests first; ties in the order their first request came (as a running count would list them).
    by_department = db.session.execute(
        select(TalentRequest.department_id, func.count())
        .where(period)
        .group_by(TalentRequest.department_id)
        .order_by(func.count().desc(), func.min(TalentRequest.created_at), func.min(TalentRequest.id))
    ).all()
    counts = db.session.execute(
        select(
            func.count(func.distinct(case((Referral.referred, Referral.request_id)))),
            _count_where(Referral.referred),
            _count_where(~Referral.referred),
            _count_where(Referral.selection == "selected"),
            _count_where(Referral.selection == "not_selected"),
            _count_where(Referral.declined_at.is_not(None)),
        )
        .join_from(Referral, TalentRequest, Referral.request_id == TalentRequest.id)
        .where(period)
    ).one()
    with_referrals = int(counts[0])
    return RequestReport(
        per_month=tuple((str(m), int(n)) for m, n in per_month),
        by_status=tuple((s, int(statuses.get(s, 0))) for s in STATUSES),
        by_department=tuple((d, int(n)) for d, n in by_department),
        median_days_to_first_referral=_median_days_to_first_referral(period, with_referrals),
        requests_with_referrals=with_referrals,
        referrals=int(counts[1]),
        not_referred=int(counts[2]),
        selected=int(counts[3]),
        not_selected=int(counts[4]),
        declined=int(counts[5]),
        total=sum(int(n) for _m, n in per_month),
    )


def _median_days_to_first_referral(period: ColumnElement[bool], count: int) -> float | None:
    """The median, over the ``count`` requests of the period with a referral, of the days from the request
    to its first referral: the middle one or two delays, sorted in the database (one statement, on every
    database; PostgreSQL's ``percentile_cont`` has no SQLite equivalent)."""
    if not count:
        return None
    first = (
        select(Referral.request_id, func.min(Referral.decided_at).label("first_at"))
        .where(Referral.referred)
        .group_by(Referral.request_id)
        .subquery()
    )
    seconds = _seconds_between(TalentRequest.created_at, first.c.first_at).label("seconds")
    middle = db.session.scalars(
        select(seconds)
        .join_from(TalentRequest, first, first.c.request_id == TalentRequest.id)
        .where(period)
        .order_by(seconds)
        .offset((count - 1) // 2)
        .limit(2 - count % 2)
    ).all()
    return round(statistics.median(float(s) / 86400 for s in middle), 1)
