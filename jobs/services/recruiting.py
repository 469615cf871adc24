"""What the recruitment team's pages read: processes by derived status, applicants by state, pool filters,
the decisions that apply to an application now, and closing times in the reference time zone.

Read-only: the write logic stays in ``processes``, ``assessment`` and ``decisions``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select

from jobs.models import Application, Decision, Placement, Process
from jobs.services import pools
from jobs.services.processes import processes_run_by
from talent.extensions import db
from talent.models import User
from talent.models._types import utcnow

EXPIRING_SOON_DAYS = 90
# Closing times are entered and shown in the public service's reference time zone.
TIMEZONE = pools.TIMEZONE
DEFAULT_CLOSING_TIME = time(23, 59)


# --- Processes ---------------------------------------------------------------------------------------------


def status_condition(code: str, now: datetime | None = None) -> ColumnElement[bool]:
    """SQL for ``processes.status(process) == code`` (the same rule, to the second)."""
    now = now or utcnow()
    not_archived = Process.archived_at.is_(None)
    published = Process.published_at.is_not(None)
    if code == "archived":
        return Process.archived_at.is_not(None)
    if code == "draft":
        return not_archived & Process.published_at.is_(None)
    if code == "published":
        return not_archived & published & or_(Process.closing_at.is_(None), Process.closing_at > now)
    if code == "closed":
        return not_archived & published & (Process.closing_at <= now)
    raise ValueError(f"unknown process status {code!r}")


def processes_for(user: User, status: str | None = None, now: datetime | None = None) -> Select[Any]:
    """The processes ``user`` runs (admins: all), newest first, optionally with one derived status."""
    stmt: Select[Any] = processes_run_by(user)
    if status:
        stmt = stmt.where(status_condition(status, now))
    return stmt


def submitted_counts(process_ids: Iterable[int]) -> dict[int, int]:
    """Submitted applications per process (drafts never count)."""
    ids = list(process_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Application.process_id, func.count(Application.id))
        .where(Application.process_id.in_(ids), Application.submitted_at.is_not(None))
        .group_by(Application.process_id)
    )
    return {int(process_id): int(count) for process_id, count in rows.all()}


def local_closing(day: date, at: time | None = None) -> datetime:
    """A closing date and time read in the reference time zone, as an aware UTC datetime."""
    return datetime.combine(day, at or DEFAULT_CLOSING_TIME, tzinfo=TIMEZONE).astimezone(UTC)


def closing_parts(value: datetime | None) -> tuple[date | None, str]:
    """The date and ``HH:MM`` of a closing time in the reference time zone (for forms and pages)."""
    if value is None:
        return None, ""
    local = value.astimezone(TIMEZONE)
    return local.date(), local.strftime("%H:%M")


def find_staff(email: str) -> User | None:
    """An active recruiter or administrator by e-mail address (any case), else None."""
    address = (email or "").strip().lower()
    if not address:
        return None
    user = db.session.scalars(select(User).where(func.lower(User.email) == address)).first()
    if user is None or not user.active or user.deleted_at is not None or not user.is_recruiter:
        return None
    return user


# --- Applicants --------------------------------------------------------------------------------------------


def applicant_status(application: Application) -> str:
    """The recruiter's view of a submitted application: to_assess, qualified, disqualified, placed or
    removed (the codes of ``applicant_condition``)."""
    if application.removed_at is not None:
        return "removed"
    if application.placement is not None:
        return "placed"
    if application.decision == Decision.QUALIFIED:
        return "qualified"
    if application.decision == Decision.DISQUALIFIED:
        return "disqualified"
    return "to_assess"


def applicant_condition(code: str) -> ColumnElement[bool]:
    """SQL for ``applicant_status(application) == code``."""
    not_removed = Application.removed_at.is_(None)
    if code == "removed":
        return Application.removed_at.is_not(None)
    if code == "placed":
        return not_removed & Application.placement.is_not(None)
    if code == "qualified":
        return not_removed & Application.placement.is_(None) & (Application.decision == Decision.QUALIFIED)
    if code == "disqualified":
        return not_removed & Application.placement.is_(None) & (Application.decision == Decision.DISQUALIFIED)
    if code == "to_assess":
        return not_removed & Application.placement.is_(None) & Application.decision.is_(None)
    raise ValueError(f"unknown applicant status {code!r}")


def applicants(process: Process, status: str | None = None, name: str | None = None) -> Select[Any]:
    """A process's submitted applications (never drafts), oldest submission first, optionally with one
    status and a name (or e-mail) containing ``name``."""
    stmt = (
        select(Application)
        .join(Application.user)
        .where(Application.process_id == process.id, Application.submitted_at.is_not(None))
    )
    if status:
        stmt = stmt.where(applicant_condition(status))
    text = (name or "").strip().lower()
    if text:
        stmt = stmt.where(
            or_(
                func.lower(User.first_name + " " + User.last_name).contains(text, autoescape=True),
                func.lower(User.email).contains(text, autoescape=True),
            )
        )
    return stmt.order_by(Application.submitted_at, Application.id)


def decision_actions(application: Application) -> list[str]:
    """The decisions that apply to ``application`` now (what the page offers; the services still check)."""
    if application.submitted_at is None:
        return []
    if application.removed_at is not None:
        return ["reinstate"]
    if application.placement is not None:
        return ["revert_placement"]
    if application.decision == Decision.QUALIFIED:
        pause = "unpause" if application.paused_at is not None else "pause"
        return ["place", "revert_decision", pause, "remove"]
    if application.decision == Decision.DISQUALIFIED:
        return ["revert_decision", "remove"]
    return ["qualify", "disqualify", "remove"]


# --- Pools -------------------------------------------------------------------------------------------------


def pool_query(
    process_id: int,
    *,
    available_only: bool = False,
    expiry: str | None = None,
    flag: str | None = None,
    placement: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Select[Any]:
    """A process's pool members (``pools.pool_members``) narrowed by the pool page's filters.

    ``expiry``: current (not expired), soon (expires within 90 days), expired, none (no expiry date);
    ``flag``: suspended (by the candidate, started), paused (by a recruiter), neither;
    ``placement``: ``none`` (not placed) or a placement code. Unknown values raise ``ValueError``.
    """
    now = now or utcnow()
    today = today or now.astimezone(TIMEZONE).date()
    stmt: Select[Any] = pools.pool_members(process_id)
    if available_only:
        stmt = stmt.where(pools.available_condition(today, now))
    if expiry == "current":
        stmt = stmt.where(or_(Application.expiry_date.is_(None), Application.expiry_date >= today))
    elif expiry == "soon":
        stmt = stmt.where(
            Application.expiry_date >= today,
            Application.expiry_date <= today + timedelta(days=EXPIRING_SOON_DAYS),
        )
    elif expiry == "expired":
        stmt = stmt.where(Application.expiry_date < today)
    elif expiry == "none":
        stmt = stmt.where(Application.expiry_date.is_(None))
    elif expiry:
        raise ValueError(f"unknown expiry filter {expiry!r}")
    suspended = Application.suspended_at.is_not(None) & (Application.suspended_at <= now)
    if flag == "suspended":
        stmt = stmt.where(suspended)
    elif flag == "paused":
        stmt = stmt.where(Application.paused_at.is_not(None))
    elif flag == "neither":
        stmt = stmt.where(~suspended, Application.paused_at.is_(None))
    elif flag:
        raise ValueError(f"unknown flag filter {flag!r}")
    if placement == "none":
        stmt = stmt.where(Application.placement.is_(None))
    elif placement:
        stmt = stmt.where(Application.placement == Placement(placement))
    return stmt
