"""Numbers the recruitment team reports on: requests received per month, by status and by department,
the median days from a request to its first referral, referrals and selections."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobs.models import TalentRequest
from jobs.services.requests import first_referral_at
from talent.extensions import db


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


def request_report(start: date | None = None, end: date | None = None) -> RequestReport:
    """Requests made between ``start`` and ``end`` (inclusive; open-ended when None)."""
    stmt = (
        select(TalentRequest)
        .options(selectinload(TalentRequest.referrals))
        .order_by(TalentRequest.created_at)
    )
    requests = [
        r
        for r in db.session.scalars(stmt)
        if (start is None or r.created_at.date() >= start) and (end is None or r.created_at.date() <= end)
    ]
    per_month = Counter(r.created_at.strftime("%Y-%m") for r in requests)
    by_status = Counter(r.status for r in requests)
    by_department = Counter(r.department_id for r in requests)
    delays = []
    for r in requests:
        first = first_referral_at(r)
        if first is not None:
            delays.append((first - r.created_at).total_seconds() / 86400)
    referrals = [ref for r in requests for ref in r.referrals]
    return RequestReport(
        per_month=tuple(sorted(per_month.items())),
        by_status=tuple((s, by_status.get(s, 0)) for s in ("new", "in_progress", "completed")),
        by_department=tuple(by_department.most_common()),
        median_days_to_first_referral=round(statistics.median(delays), 1) if delays else None,
        requests_with_referrals=len(delays),
        referrals=sum(1 for ref in referrals if ref.referred),
        not_referred=sum(1 for ref in referrals if not ref.referred),
        selected=sum(1 for ref in referrals if ref.selection == "selected"),
        not_selected=sum(1 for ref in referrals if ref.selection == "not_selected"),
        declined=sum(1 for ref in referrals if ref.declined_at is not None),
        total=len(requests),
    )
