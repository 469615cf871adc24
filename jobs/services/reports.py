"""Numbers the recruitment team reports on: requests received per month, by status and by department,
the median days from a request to its first referral, referrals and selections.

Every number is aggregated in the database (``GROUP BY`` and window functions: three statements whatever
the number of requests); no request or referral is loaded into Python. Dates are UTC, as stored.
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
    if end is not None and end < date.max:  # the last day there is has no next day to stop before
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
    """Requests made between ``start`` and ``end`` (inclusive; open-ended when None): three statements,
    one pass over the period's requests and two over their referrals."""
    period = _period(start, end)
    # Month, status and department in one pass: a row per combination (a few thousand at most, however
    # many requests), summed here.
    month = _month(TalentRequest.created_at).label("month")
    groups = db.session.execute(
        select(
            month,
            TalentRequest.status,
            TalentRequest.department_id,
            func.count(),
            func.min(TalentRequest.created_at),
            func.min(TalentRequest.id),
        )
        .where(period)
        .group_by(month, TalentRequest.status, TalentRequest.department_id)
    ).all()
    months: dict[str, int] = {}
    statuses: dict[str, int] = {}
    departments: dict[int | None, list[Any]] = {}  # id -> [count, first created_at, first id]
    for m, status, department, n, first_at, first_id in groups:
        months[str(m)] = months.get(str(m), 0) + n
        statuses[status] = statuses.get(status, 0) + n
        seen = departments.setdefault(department, [0, first_at, first_id])
        seen[0] += n
        seen[1], seen[2] = min(seen[1], first_at), min(seen[2], first_id)
    # Most requests first; ties in the order their first request came (as a running count would list them).
    by_department = sorted(departments.items(), key=lambda item: (-item[1][0], item[1][1], item[1][2]))
    referrals = select(Referral)
    if start is not None or end is not None:  # every referral's request exists: join only to filter
        referrals = referrals.join(TalentRequest, Referral.request_id == TalentRequest.id).where(period)
    counts = db.session.execute(
        referrals.with_only_columns(
            _count_where(Referral.referred),
            _count_where(~Referral.referred),
            _count_where(Referral.selection == "selected"),
            _count_where(Referral.selection == "not_selected"),
            _count_where(Referral.declined_at.is_not(None)),
        )
    ).one()
    with_referrals, median = _first_referrals(period)
    return RequestReport(
        per_month=tuple(sorted(months.items())),
        by_status=tuple((s, statuses.get(s, 0)) for s in STATUSES),
        by_department=tuple((d, int(n)) for d, (n, _at, _id) in by_department),
        median_days_to_first_referral=median,
        requests_with_referrals=with_referrals,
        referrals=int(counts[0]),
        not_referred=int(counts[1]),
        selected=int(counts[2]),
        not_selected=int(counts[3]),
        declined=int(counts[4]),
        total=sum(months.values()),
    )


def _first_referrals(period: ColumnElement[bool]) -> tuple[int, float | None]:
    """How many requests of the period have a referral, and the median over them of the days from the
    request to its first referral: the middle one or two delays, found by the database with window
    functions (one statement, on every database; PostgreSQL's ``percentile_cont`` has no SQLite
    equivalent)."""
    first = (
        select(Referral.request_id, func.min(Referral.decided_at).label("first_at"))
        .where(Referral.referred)
        .group_by(Referral.request_id)
        .subquery()
    )
    seconds = _seconds_between(TalentRequest.created_at, first.c.first_at)
    ranked = (
        select(
            seconds.label("seconds"),
            func.row_number().over(order_by=seconds).label("position"),
            func.count().over().label("total"),
        )
        .join_from(TalentRequest, first, first.c.request_id == TalentRequest.id)
        .where(period)
        .subquery()
    )
    # Positions (n + 1) // 2 and (n + 2) // 2: the same one when n is odd, the middle two when even.
    middle = db.session.execute(
        select(ranked.c.seconds, ranked.c.total).where(
            ranked.c.position.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2])
        )
    ).all()
    if not middle:
        return 0, None
    return int(middle[0][1]), round(statistics.median(float(s) / 86400 for s, _n in middle), 1)
