"""Finding talent: how many available pool members fit a manager's filters.

The rules are pure functions over plain facts (``Person``, ``Membership``), so they are tested on small
exact fixtures; ``count`` loads the facts of every available pool member in a few queries and applies
them. The same ``TalentFilters`` are stored with a talent request, so the recruitment team sees the count
the manager saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from jobs import vocab
from jobs.models import Application, Process
from jobs.services import JobsError
from jobs.services.pools import available_condition
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.models import CandidateProfile, Classification, EquityDeclaration, Experience, Skill, UserSkill

LANGUAGES = ("english", "french", "bilingual")
EDUCATION = ("diploma",)
DIPLOMA_TYPES = frozenset({"diploma", "bachelors", "masters", "phd", "post_doctoral"})
DIPLOMA_STATUSES = frozenset({"success_credential"})
SMALL_COUNT = 5


@dataclass(frozen=True)
class TalentFilters:
    classifications: tuple[str, ...] = ()  # "IT-03"...
    streams: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()  # skill keys
    skill_mode: str = "any"  # any, or all (recruiters and admins only)
    language: str | None = None  # english, french or bilingual
    regions: tuple[str, ...] = ()
    arrangements: tuple[str, ...] = ()  # remote, hybrid, onsite
    operational_requirements: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()
    equity: tuple[str, ...] = ()
    education: str | None = None  # None, or "diploma": a post-secondary credential

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, allow_all_skills: bool = True) -> TalentFilters:
        """Validate codes and build filters; raise JobsError naming the field at fault."""

        def codes(name: str, allowed: Iterable[str]) -> tuple[str, ...]:
            values = data.get(name) or ()
            if isinstance(values, str):
                values = (values,)
            if not isinstance(values, (list, tuple)):
                raise JobsError(_l("Choose options from the list."), name)
            chosen = tuple(dict.fromkeys(str(v) for v in values if v not in (None, "")))
            allowed_set = set(allowed)
            if any(v not in allowed_set for v in chosen):
                raise JobsError(_l("Choose options from the list."), name)
            return chosen

        skill_mode = data.get("skill_mode") or "any"
        if skill_mode not in ("any", "all") or (skill_mode == "all" and not allow_all_skills):
            raise JobsError(_l("Choose options from the list."), "skill_mode")
        language = data.get("language") or None
        if language is not None and language not in LANGUAGES:
            raise JobsError(_l("Choose an option from the list."), "language")
        education = data.get("education") or None
        if education is not None and education not in EDUCATION:
            raise JobsError(_l("Choose an option from the list."), "education")
        classifications = codes("classifications", _classification_codes())
        raw_skills = data.get("skills") or ()
        if isinstance(raw_skills, str):
            raw_skills = (raw_skills,)
        if not isinstance(raw_skills, (list, tuple)):
            raise JobsError(_l("Choose skills from the library."), "skills")
        skills = tuple(dict.fromkeys(str(v) for v in raw_skills if v))
        if skills:
            known = set(db.session.scalars(select(Skill.key).where(Skill.key.in_(skills))))
            if set(skills) - known:
                raise JobsError(_l("Choose skills from the library."), "skills")
        return cls(
            classifications=classifications,
            streams=codes("streams", vocab.STREAMS),
            skills=skills,
            skill_mode=skill_mode,
            language=language,
            regions=codes("regions", talent_vocab.WORK_REGIONS),
            arrangements=codes("arrangements", talent_vocab.WORK_ARRANGEMENTS),
            operational_requirements=codes("operational_requirements", talent_vocab.OPERATIONAL_REQUIREMENTS),
            durations=codes("durations", talent_vocab.POSITION_DURATIONS),
            equity=codes("equity", talent_vocab.EQUITY_GROUPS),
            education=education,
        )

    @property
    def is_empty(self) -> bool:
        return self == TalentFilters()


def _classification_codes() -> list[str]:
    return [c.code for c in db.session.scalars(select(Classification))]


@dataclass(frozen=True)
class Person:
    """What the rules need to know about one person."""

    user_id: int
    skills: frozenset[str] = frozenset()
    english: bool = False
    french: bool = False
    bilingual: bool = False
    regions: frozenset[str] = frozenset()
    arrangements: frozenset[str] = frozenset()
    operational_requirements: frozenset[str] = frozenset()
    durations: frozenset[str] = frozenset()
    equity: frozenset[str] = frozenset()
    has_diploma: bool = False


@dataclass(frozen=True)
class Membership:
    """One available pool membership: a person in a process's pool."""

    user_id: int
    process_id: int
    classification: str | None = None
    stream: str | None = None


def pool_matches(membership: Membership, f: TalentFilters) -> bool:
    if f.classifications and membership.classification not in f.classifications:
        return False
    return not (f.streams and membership.stream not in f.streams)


def location_matches(person: Person, f: TalentFilters) -> bool:
    """Remote matches remote candidates wherever they are; hybrid and on-site need a matching region."""
    regions = set(f.regions)
    if not f.arrangements:
        return not regions or bool(person.regions & regions)
    if "remote" in f.arrangements and "remote" in person.arrangements:
        return True
    in_person = set(f.arrangements) - {"remote"}
    if not person.arrangements & in_person:
        return False
    return not regions or bool(person.regions & regions)


def person_matches(person: Person, f: TalentFilters) -> bool:
    if f.skills:
        wanted = set(f.skills)
        if f.skill_mode == "all" and not wanted <= person.skills:
            return False
        if f.skill_mode != "all" and not wanted & person.skills:
            return False
    if f.language == "english" and not person.english:
        return False
    if f.language == "french" and not person.french:
        return False
    if f.language == "bilingual" and not person.bilingual:
        return False
    if not location_matches(person, f):
        return False
    if not set(f.operational_requirements) <= person.operational_requirements:
        return False
    if f.durations and not set(f.durations) & person.durations:
        return False
    if f.equity and not set(f.equity) & person.equity:
        return False
    return not (f.education == "diploma" and not person.has_diploma)


@dataclass(frozen=True)
class PoolCount:
    process_id: int
    count: int


@dataclass(frozen=True)
class TalentCount:
    total: int
    pools: tuple[PoolCount, ...] = field(default_factory=tuple)


def tally(memberships: Iterable[Membership], people: Mapping[int, Person], f: TalentFilters) -> TalentCount:
    """Count distinct people and people per pool; a person in two matching pools counts once in total."""
    per_pool: dict[int, set[int]] = {}
    everyone: set[int] = set()
    for membership in memberships:
        person = people.get(membership.user_id)
        if person is None or not pool_matches(membership, f) or not person_matches(person, f):
            continue
        per_pool.setdefault(membership.process_id, set()).add(person.user_id)
        everyone.add(person.user_id)
    pools = tuple(PoolCount(pid, len(users)) for pid, users in sorted(per_pool.items()))
    return TalentCount(len(everyone), pools)


def load_memberships(today: date | None = None) -> list[Membership]:
    rows = db.session.execute(
        select(
            Application.user_id,
            Application.process_id,
            Classification.group,
            Classification.level,
            Process.stream,
        )
        .join(Process, Application.process_id == Process.id)
        .outerjoin(Classification, Process.classification_id == Classification.id)
        .where(available_condition(today))
    )
    return [
        Membership(user_id, process_id, f"{group}-{level:02d}" if group else None, stream)
        for user_id, process_id, group, level, stream in rows
    ]


def load_people(user_ids: Iterable[int]) -> dict[int, Person]:
    """The facts of ``user_ids`` from their current profiles (four queries, whatever their number)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    skills: dict[int, set[str]] = {}
    for user_id, key in db.session.execute(
        select(UserSkill.user_id, Skill.key)
        .join(Skill, UserSkill.skill_id == Skill.id)
        .where(UserSkill.user_id.in_(ids))
    ):
        skills.setdefault(user_id, set()).add(key)
    equity: dict[int, frozenset[str]] = {
        d.user_id: frozenset(d.groups)
        for d in db.session.scalars(select(EquityDeclaration).where(EquityDeclaration.user_id.in_(ids)))
    }
    diplomas = set(
        db.session.scalars(
            select(Experience.user_id).where(
                Experience.user_id.in_(ids),
                Experience.kind == "education",
                Experience.education_type.in_(DIPLOMA_TYPES),
                Experience.education_status.in_(DIPLOMA_STATUSES),
            )
        )
    )
    people: dict[int, Person] = {}
    for profile in db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id.in_(ids))):
        people[profile.user_id] = Person(
            user_id=profile.user_id,
            skills=frozenset(skills.get(profile.user_id, ())),
            english=profile.looking_for_english,
            french=profile.looking_for_french,
            bilingual=profile.looking_for_bilingual,
            regions=frozenset(profile.work_regions or ()),
            arrangements=frozenset(profile.work_arrangements or ()),
            operational_requirements=frozenset(profile.accepted_operational_requirements or ()),
            durations=frozenset(profile.position_durations or ()),
            equity=equity.get(profile.user_id, frozenset()),
            has_diploma=profile.user_id in diplomas,
        )
    return people


def count(f: TalentFilters, today: date | None = None) -> TalentCount:
    memberships = load_memberships(today)
    return tally(memberships, load_people(m.user_id for m in memberships), f)


def matching_memberships(f: TalentFilters, today: date | None = None) -> list[Membership]:
    """The available memberships that fit ``f`` (for referrals and match runs)."""
    memberships = load_memberships(today)
    people = load_people(m.user_id for m in memberships)
    return [
        m
        for m in memberships
        if m.user_id in people and pool_matches(m, f) and person_matches(people[m.user_id], f)
    ]


def shown_count(value: int, exact: bool) -> int | None:
    """The public sees "fewer than 5" (None) for small counts; recruiters and admins see exact numbers."""
    if exact or value == 0 or value >= SMALL_COUNT:
        return value
    return None
