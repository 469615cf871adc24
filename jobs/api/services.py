"""The reads behind ``/api/v1``: one page of a list after a cursor's key, in a fixed number of statements.

Each list is ordered by a unique key (a skill's or family's key, a process's id), so a cursor (the last
key of a page) walks every row once, with no duplicate and no gap, however the pages are cut.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobs.models import Process
from jobs.services import board
from talent.extensions import db
from talent.models import Skill, SkillFamily
from talent.skills.services import search

# The search service ranks the whole library; the API pages through its best matches, in key order.
SEARCH_MATCHES = 200


def skills_page(
    *, query: str | None, family: str | None, after: str | None, limit: int, lang: str
) -> list[Skill]:
    """Up to ``limit`` active skills after the key ``after``, by key: the library's search matches for
    ``query`` (its best ``SEARCH_MATCHES``), of the family ``family`` (its key) when given."""
    stmt = select(Skill).where(Skill.retired_at.is_(None)).options(selectinload(Skill.families))
    if query is not None and query.strip():
        ids = [skill.id for skill in search(query, lang, limit=SEARCH_MATCHES)]
        stmt = stmt.where(Skill.id.in_(ids or [-1]))
    if family is not None:
        stmt = stmt.where(Skill.families.any(SkillFamily.key == family))
    if after is not None:
        stmt = stmt.where(Skill.key > after)
    return list(db.session.scalars(stmt.order_by(Skill.key).limit(limit)))


def active_skill(key: str) -> Skill | None:
    """The active skill ``key``; None for an unknown or retired one."""
    return db.session.scalars(
        select(Skill)
        .where(Skill.key == key, Skill.retired_at.is_(None))
        .options(selectinload(Skill.families))
    ).first()


def families_page(*, after: str | None, limit: int) -> list[SkillFamily]:
    """Up to ``limit`` skill families after the key ``after``, by key, with their parents."""
    stmt = select(SkillFamily).options(selectinload(SkillFamily.parent))
    if after is not None:
        stmt = stmt.where(SkillFamily.key > after)
    return list(db.session.scalars(stmt.order_by(SkillFamily.key).limit(limit)))


def processes_page(*, filters: board.BoardFilters, after: int | None, limit: int) -> list[Process]:
    """Up to ``limit`` processes open now (the board's rule and filters) after the id ``after``, by id."""
    stmt = board.open_processes(filters).order_by(None).order_by(Process.id)
    if after is not None:
        stmt = stmt.where(Process.id > after)
    return list(db.session.scalars(stmt.limit(limit)))


def public_process(process_id: int) -> Process | None:
    """A process the public may read (the board's advertisement rule), or None."""
    return board.public_process(process_id)


def unknown_skills(keys: list[str]) -> list[str]:
    """The keys of ``keys`` that name no skill of the library, in order, once each."""
    wanted = list(dict.fromkeys(k for k in keys if k))
    known = set(db.session.scalars(select(Skill.key).where(Skill.key.in_(wanted)))) if wanted else set()
    return [k for k in wanted if k not in known]
