"""What uses a skill, counted by every package that refers to skills: the library's manage page says
"used by" from here before a curator retires or merges a skill. The profile's own uses (people's skills,
experiences) are registered below; jobs registers processes and talent requests as it starts
(``jobs.web.register_jobs``), as it registers its personal data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from talent.extensions import db
from talent.models import ExperienceSkill, UserSkill


@dataclass(frozen=True)
class Use:
    count: Callable[[int], int]  # skill id -> how many records use it
    describe: Callable[[int], str]  # a number -> "3 processes", in the page's language


USES: dict[str, Use] = {}


def register(name: str, count: Callable[[int], int], describe: Callable[[int], str]) -> None:
    """Declare a kind of record that uses skills (every app the process creates registers again)."""
    USES[name] = Use(count, describe)


def usage(skill_id: int) -> list[tuple[str, int, str]]:
    """(kind, count, words) for every registered kind, in the order they were registered."""
    rows = []
    for name, use in USES.items():
        n = use.count(skill_id)
        rows.append((name, n, use.describe(n)))
    return rows


def _count(column: InstrumentedAttribute[int], skill_id: int) -> int:
    return int(db.session.scalar(select(func.count()).where(column == skill_id)) or 0)


register(
    "profiles",
    lambda skill_id: _count(UserSkill.skill_id, skill_id),
    lambda n: ngettext("%(num)d profile", "%(num)d profiles", n),
)
register(
    "experiences",
    lambda skill_id: _count(ExperienceSkill.skill_id, skill_id),
    lambda n: ngettext("%(num)d experience", "%(num)d experiences", n),
)
