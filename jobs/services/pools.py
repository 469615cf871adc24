"""Prequalified pools. A pool is not a table: it is a process's qualified applications.

``available_condition`` is the one definition of an available pool member, used by pool lists, the
find-talent counts, talent requests and match runs alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select

from jobs.models import Application, Decision, Placement
from talent import clock as platform
from talent.models._types import utcnow

# Dates of expiry are calendar dates in the public service's reference time zone (one calendar for every
# date rule: talent.clock).
TIMEZONE = platform.TIMEZONE

AVAILABLE_PLACEMENTS = (Placement.TENTATIVE, Placement.CASUAL)


def iso_date(value: date | datetime | None) -> str:
    """A date, or a moment's calendar date in the reference time zone, as ``YYYY-MM-DD`` ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(TIMEZONE).date()
    return value.isoformat()


def standing_condition() -> Any:
    """The part of availability that does not depend on the clock: qualified, submitted, not removed, not
    paused by a recruiter, and not placed beyond a tentative or casual placement. The in-memory talent
    index keeps these memberships and applies the clock's part (``is_current``) when it counts."""
    return (
        (Application.decision == Decision.QUALIFIED)
        & Application.submitted_at.is_not(None)
        & Application.removed_at.is_(None)
        & Application.paused_at.is_(None)
        & or_(Application.placement.is_(None), Application.placement.in_(AVAILABLE_PLACEMENTS))
    )


def available_condition(today: date | None = None, now: datetime | None = None) -> Any:
    """Standing (above), not expired (expiry today or later, or none), and not suspended by the candidate
    (a suspension starts at ``suspended_at``: one set in the future has not started yet)."""
    now = now or utcnow()
    today = today or platform.today(now)
    return (
        standing_condition()
        & or_(Application.expiry_date.is_(None), Application.expiry_date >= today)
        & or_(Application.suspended_at.is_(None), Application.suspended_at > now)
    )


def clock(today: date | None = None, now: datetime | None = None) -> tuple[date, datetime]:
    """The day and the moment availability is judged at (today in the reference time zone by default)."""
    now = now or utcnow()
    return today or platform.today(now), now


def is_available(application: Application, today: date | None = None, now: datetime | None = None) -> bool:
    now = now or utcnow()
    today = today or platform.today(now)
    return (
        application.decision == Decision.QUALIFIED
        and application.submitted_at is not None
        and application.removed_at is None
        and (application.expiry_date is None or application.expiry_date >= today)
        and (application.suspended_at is None or application.suspended_at > now)
        and application.paused_at is None
        and (application.placement is None or application.placement in AVAILABLE_PLACEMENTS)
    )


def pool_members(
    process_id: int,
    *,
    available_only: bool = False,
    today: date | None = None,
) -> Select[Application]:
    """A process's pool: its qualified applications (optionally only the available ones)."""
    stmt = select(Application).where(
        Application.process_id == process_id,
        Application.decision == Decision.QUALIFIED,
        Application.removed_at.is_(None),
    )
    if available_only:
        stmt = stmt.where(available_condition(today))
    return stmt.order_by(Application.decided_at, Application.id)


def available_users(today: date | None = None) -> Select[int]:
    """Distinct ids of people available in at least one pool (a person in two pools counts once)."""
    return select(Application.user_id).where(available_condition(today)).distinct()
