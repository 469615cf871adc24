"""Where available talent comes from, and the one definition of "available" for each source.

- ``pool``: prequalified pools. A pool is not a table: it is a process's qualified applications.
  ``available_condition`` is the one definition of an available pool member, used by pool lists, the
  find-talent counts, talent requests and match runs alike.
- ``nomination``: people the talent-management programme approved for advancement or lateral movement,
  until the expiry of that approval (``nominee_available_condition``), who neither declined nor withdrew
  their consent, and still hold a verified work e-mail address on an active account. Each kind approved
  is a *programme membership* aimed at a classification (``talent_search.programme_target``); counts,
  requests and match runs read the conditions below, and the in-memory index keeps the standing ones
  (``nominee_standing_condition``) and compares their expiry with the day when it counts.

``available_people`` is everyone available through either source (each person once).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select, union

from jobs.models import Application, Decision, NominationGroup, Placement
from jobs.models.nominations import APPROVED, AVAILABILITY_KINDS
from talent import clock as platform
from talent.extensions import db
from talent.models._types import utcnow
from talent.profiles import careers

# Dates of expiry are calendar dates in the public service's reference time zone (one calendar for every
# date rule: talent.clock).
TIMEZONE = platform.TIMEZONE

AVAILABLE_PLACEMENTS = (Placement.TENTATIVE, Placement.CASUAL)
# The talent sources, as results name them (labels: ``jobs.vocab.TALENT_SOURCES``).
POOL, NOMINATION = "pool", "nomination"
SOURCES = (POOL, NOMINATION)


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


def approved_standing(kind: str) -> Any:
    """SQL over ``NominationGroup``: approved for ``kind`` (advancement or lateral) with an expiry: the part
    of an approval that does not depend on the clock (the in-memory talent index keeps these and compares
    the expiry with the day when it counts, as it does for pool memberships)."""
    decision = getattr(NominationGroup, f"{kind}_decision")
    expires_on = getattr(NominationGroup, f"{kind}_expires_on")
    return (decision == APPROVED) & expires_on.is_not(None)


def approved_condition(kind: str, today: date) -> Any:
    """SQL over ``NominationGroup``: approved for ``kind`` (advancement or lateral) and not expired (the
    expiry day included)."""
    expires_on = getattr(NominationGroup, f"{kind}_expires_on")
    return approved_standing(kind) & (expires_on >= today)


def _nominee_shares() -> Any:
    """SQL over ``NominationGroup``: what the nominee keeps doing for an approval to reach managers: not
    declined, consenting to share their profile, and a verified employee with an active account."""
    return (
        NominationGroup.declined_at.is_(None)
        & careers.consent_condition(NominationGroup.nominee_id)
        & careers.verified_employee_condition(NominationGroup.nominee_id)
    )


def nominee_standing_condition() -> Any:
    """SQL over ``NominationGroup``: available through the programme but for the clock (an approval of
    advancement or lateral movement with an expiry, whatever the day): what the talent index keeps."""
    return or_(*(approved_standing(kind) for kind in AVAILABILITY_KINDS)) & _nominee_shares()


def nominee_available_condition(today: date | None = None, now: datetime | None = None) -> Any:
    """SQL over ``NominationGroup``: its nominee is available to managers through the programme: approved
    for advancement or lateral movement and not expired, not declined, consenting to share their profile,
    and a verified employee with an active account."""
    today, now = clock(today, now)
    return or_(*(approved_condition(kind, today) for kind in AVAILABILITY_KINDS)) & _nominee_shares()


def available_nominees(today: date | None = None, now: datetime | None = None) -> Select[int]:
    """Distinct ids of people available through the programme (a person approved in two events counts
    once)."""
    return select(NominationGroup.nominee_id).where(nominee_available_condition(today, now)).distinct()


def available_people(today: date | None = None, now: datetime | None = None) -> Select[Any]:
    """Distinct ids of people available through any source (a pool member who is also approved by the
    programme once), as a select the callers sub-select."""
    today, now = clock(today, now)
    either = union(
        select(Application.user_id).where(available_condition(today, now)),
        select(NominationGroup.nominee_id).where(nominee_available_condition(today, now)),
    ).subquery()
    return select(either.c[0])


def is_available_nominee(user_id: int, today: date | None = None, now: datetime | None = None) -> bool:
    """Whether the person ``user_id`` is available through the programme now (one query)."""
    return (
        db.session.scalar(
            select(NominationGroup.id)
            .where(NominationGroup.nominee_id == user_id, nominee_available_condition(today, now))
            .limit(1)
        )
        is not None
    )
