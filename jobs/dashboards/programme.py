"""The programme's figures for the public page: per calendar month (UTC, as stored), the talent requests
received, the candidates referred to managers, the placements (requests completed with a hire made) and the
median days from a request to its first referral.

Only aggregates leave the database: no name, no e-mail address, no request, no department. What the page
shows follows the disclosure rules (``jobs.services.disclosure``):

- only the ``PROGRAMME_MONTHS`` complete months before the current one: a month's counts are final when
  shown, so that watching a count grow day by day cannot reveal a small one;
- a count from 1 to ``SMALL - 1`` is "fewer than 5" (primary suppression);
- no totals, nor any other sum of the months, so that nothing can be subtracted to work out a hidden
  count;
- a month's median is shown only when it is the median of at least ``SMALL`` requests.

Two statements whatever the number of requests: the three monthly counts in one ``UNION ALL`` of
``GROUP BY``s, and the medians with window functions.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, literal_column, select, union_all

from jobs.models import Referral, TalentRequest
from jobs.services.disclosure import SMALL, Shown, disclose

# The month and the duration the team's report uses: one definition of each.
from jobs.services.reports import _month, _seconds_between
from talent.extensions import db
from talent.models._types import utcnow

PROGRAMME_MONTHS = 12
HIRE_MADE = "hire_made"


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    requests: Shown
    referred: Shown
    placements: Shown
    median_days: float | None  # None when fewer than SMALL requests of the month had a referral


def months_shown(today: date) -> list[str]:
    """The ``PROGRAMME_MONTHS`` complete months before ``today``'s, oldest first, as ``YYYY-MM``."""
    index = today.year * 12 + today.month - 1  # the current month, counted from year 0
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - PROGRAMME_MONTHS, index)]


def _first_day(month: str) -> datetime:
    year, number = (int(part) for part in month.split("-"))
    return datetime.combine(date(year, number, 1), time(), UTC)


def _shown(value: int) -> Shown:
    shown, _parts = disclose(value, (), exact=False)
    return shown


def _counts(start: datetime, end: datetime) -> dict[tuple[str, str], int]:
    """(figure, month) -> count, for requests, referrals and placements made from ``start`` to before
    ``end``: one statement."""

    def monthly(figure: str, column: Any, *conditions: Any) -> Any:
        month = _month(column)
        return (
            # The figure's name as an SQL constant: one of the three below, never input.
            select(
                literal_column(f"'{figure}'").label("figure"), month.label("month"), func.count().label("n")
            )
            .where(column >= start, column < end, *conditions)
            .group_by(month)
        )

    statement = union_all(
        monthly("requests", TalentRequest.created_at),
        monthly("referred", Referral.decided_at, Referral.referred),
        monthly(
            "placements",
            TalentRequest.completed_at,
            TalentRequest.status == "completed",
            TalentRequest.outcome == HIRE_MADE,
        ),
    )
    return {(figure, str(month)): int(n) for figure, month, n in db.session.execute(statement)}


def _medians(start: datetime, end: datetime) -> dict[str, float]:
    """Month -> median days from a request made that month to its first referral, for months with at
    least ``SMALL`` such requests: the middle one or two delays of each month, found by the database."""
    first = (
        select(Referral.request_id, func.min(Referral.decided_at).label("first_at"))
        .where(Referral.referred)
        .group_by(Referral.request_id)
        .subquery()
    )
    month = _month(TalentRequest.created_at)
    seconds = _seconds_between(TalentRequest.created_at, first.c.first_at)
    ranked = (
        select(
            month.label("month"),
            seconds.label("seconds"),
            func.row_number().over(partition_by=month, order_by=seconds).label("position"),
            func.count().over(partition_by=month).label("total"),
        )
        .join_from(TalentRequest, first, first.c.request_id == TalentRequest.id)
        .where(TalentRequest.created_at >= start, TalentRequest.created_at < end)
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.month, ranked.c.seconds).where(
            ranked.c.total >= SMALL,
            ranked.c.position.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2]),
        )
    ).all()
    middles: dict[str, list[float]] = {}
    for m, s in rows:
        middles.setdefault(str(m), []).append(float(s) / 86400)
    return {m: round(statistics.median(values), 1) for m, values in middles.items()}


def programme(today: date | None = None) -> list[Month]:
    """The figures of the ``PROGRAMME_MONTHS`` complete months before ``today`` (UTC), oldest first."""
    day = today or utcnow().date()
    months = months_shown(day)
    start = _first_day(months[0])
    end = datetime.combine(date(day.year, day.month, 1), time(), UTC)
    counts = _counts(start, end)
    medians = _medians(start, end)
    return [
        Month(
            month=m,
            requests=_shown(counts.get(("requests", m), 0)),
            referred=_shown(counts.get(("referred", m), 0)),
            placements=_shown(counts.get(("placements", m), 0)),
            median_days=medians.get(m),
        )
        for m in months
    ]
