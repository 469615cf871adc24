"""What the public job board and the candidates' application pages read: open advertisements with their
filters, one advertisement as the public sees it, and a candidate's own applications. Read-only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from jobs.models import Application, Process, ProcessSkill
from jobs.services.processes import published_filter, status
from talent.extensions import db
from talent.models import Classification, Skill, User

# How many library skills a typed skill name may stand for on the board ("sql" finds SQL, PostgreSQL...).
SKILL_MATCHES = 20
_CODE = re.compile(r"^([A-Z]{1,8})(?:-(\d{1,2}))?$")


@dataclass(frozen=True)
class BoardFilters:
    """The board's filters; ``None`` means "any". ``skill_ids`` is the set of skills a typed skill name
    matched: an advertisement asking for any of them (essential or asset) fits; an empty tuple fits none."""

    group: str | None = None
    level: int | None = None
    stream: str | None = None
    language_requirement: str | None = None
    remote: bool | None = None
    location: str | None = None
    skill_ids: tuple[int, ...] | None = None


def parse_classification(code: str | None) -> tuple[str | None, int | None]:
    """``"IT"`` -> ("IT", None); ``"IT-03"`` -> ("IT", 3); anything else -> (None, None)."""
    match = _CODE.match((code or "").strip().upper())
    if not match:
        return None, None
    return match.group(1), int(match.group(2)) if match.group(2) else None


def classification_groups() -> dict[str, list[Classification]]:
    """Every classification group with its levels, in order, for the classification filter."""
    rows = db.session.scalars(select(Classification).order_by(Classification.group, Classification.level))
    groups: dict[str, list[Classification]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    return groups


def matching_skills(query: str, locale: str) -> list[Skill]:
    """The library skills a typed name stands for, in either language, best first."""
    from talent.skills.services import search

    return search(query, locale, limit=SKILL_MATCHES) if query.strip() else []


def open_processes(filters: BoardFilters, now: datetime | None = None) -> Select[Process]:
    """Published advertisements open to applications now that fit ``filters``, closing soonest first."""
    stmt = (
        select(Process)
        .where(published_filter(now))
        .options(selectinload(Process.classification))
        .order_by(Process.closing_at, Process.id)
    )
    if filters.group is not None:
        stmt = stmt.join(Classification, Classification.id == Process.classification_id).where(
            Classification.group == filters.group
        )
        if filters.level is not None:
            stmt = stmt.where(Classification.level == filters.level)
    if filters.stream is not None:
        stmt = stmt.where(Process.stream == filters.stream)
    if filters.language_requirement is not None:
        stmt = stmt.where(Process.language_requirement == filters.language_requirement)
    if filters.remote is not None:
        stmt = stmt.where(Process.is_remote.is_(filters.remote))
    if filters.location:
        text = filters.location.strip().lower()
        stmt = stmt.where(
            or_(
                func.lower(Process.location_en).contains(text, autoescape=True),
                func.lower(Process.location_fr).contains(text, autoescape=True),
            )
        )
    if filters.skill_ids is not None:
        stmt = stmt.where(
            Process.id.in_(
                select(ProcessSkill.process_id).where(ProcessSkill.skill_id.in_(filters.skill_ids or (-1,)))
            )
        )
    return stmt


def public_process(process_id: int, now: datetime | None = None) -> Process | None:
    """An advertisement the public may read: published, open or closed. Drafts and archived processes
    are not public (None, as for an unknown id)."""
    process = db.session.get(Process, process_id)
    if process is None or status(process, now) not in ("published", "closed"):
        return None
    return process


def applications_of(user: User) -> list[Application]:
    """The user's own applications, newest first, with what their plain-language status needs."""
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.user_id == user.id)
            .options(
                selectinload(Application.process).selectinload(Process.steps),
                selectinload(Application.results),
            )
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )
