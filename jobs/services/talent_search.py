"""Finding talent: how many available people fit a manager's filters, from both sources: pool members
and the people the talent-management programme approved (``talent_sources``, which says how the filters
apply to them; a person in both counts once in the total).

The rules are pure functions over plain facts (``Person``, ``Membership``), so they are tested on small
exact fixtures. ``count`` and ``matching_memberships`` apply them through the process's in-memory index of
those facts (``talent_index``: numpy, refreshed from the ``talent_changes`` log; docs/scale.md says why),
which gives exactly what ``tally`` gives; a transaction that changed facts it has not committed counts
with the rules directly, over facts loaded in a few queries. The same ``TalentFilters`` are stored with a
talent request, so the recruitment team sees the count the manager saw.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, union

from jobs import vocab
from jobs.models import Application, NominationGroup, Process
from jobs.services import JobsError, talent_changes, talent_sources
from jobs.services.disclosure import SMALL
from jobs.services.pools import (
    NOMINATION,
    POOL,
    available_condition,
    available_people,
    clock,
    nominee_standing_condition,
    standing_condition,
)
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.models import CandidateProfile, Classification, EquityDeclaration, Experience, Skill, UserSkill
from talent.models._types import utcnow
from talent.models.reference import classification_code

if TYPE_CHECKING:  # at run time imported when first needed: it brings numpy, which start-up does not load
    from jobs.services.talent_index import MemberFacts

log = logging.getLogger(__name__)
LANGUAGES = ("english", "french", "bilingual")
EDUCATION = ("diploma",)
DIPLOMA_TYPES = frozenset({"diploma", "bachelors", "masters", "phd", "post_doctoral"})
DIPLOMA_STATUSES = frozenset({"success_credential"})
SMALL_COUNT = SMALL  # below it, the public sees "fewer than 5" (jobs.services.disclosure)
#: Values a list filter may carry (its vocabulary is smaller: more is a malformed or hostile query), and
#: skills a search may name. Both are refused with a message, never truncated or sent to the database.
MAX_VALUES = 100
MAX_SKILLS = 30


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
            if len(values) > MAX_VALUES:
                raise JobsError(_l("Choose at most %(n)s options.", n=MAX_VALUES), name)
            chosen = tuple(dict.fromkeys(str(v) for v in values if v not in (None, "")))
            allowed_set = set(allowed)
            if any(v not in allowed_set for v in chosen):
                raise JobsError(_l("Choose options from the list."), name)
            return chosen

        for name in ("skill_mode", "language", "education"):  # one value each: a repeated one is refused
            value = data.get(name)
            if isinstance(value, (list, tuple)):
                if len(set(value)) > 1:
                    raise JobsError(_l("Choose only one option."), name)
                data = {**data, name: value[0] if value else None}
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
        if len(raw_skills) > MAX_VALUES:
            raise JobsError(_l("Choose at most %(n)s skills.", n=MAX_SKILLS), "skills")
        skills = tuple(dict.fromkeys(str(v) for v in raw_skills if v))
        if len(skills) > MAX_SKILLS:
            raise JobsError(_l("Choose at most %(n)s skills.", n=MAX_SKILLS), "skills")
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
    """One available membership of a talent source: a person in a process's pool (``source`` pool,
    ``process_id`` set), or a programme membership (``source`` nomination, ``event_id`` set, the
    classification it aims at and no stream: ``talent_sources``)."""

    user_id: int
    process_id: int | None
    classification: str | None = None
    stream: str | None = None
    source: str = POOL
    event_id: int | None = None


def pool_matches(membership: Membership, f: TalentFilters) -> bool:
    """The filters on the membership rather than the person: its classification (a programme membership's
    target) and its stream (a programme membership has none: it never fits a search on streams)."""
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
    """Distinct people who fit (``total``), people per pool, and people available through the programme
    (``programme``). A person in two pools, or in a pool and the programme, counts once in the total."""

    total: int
    pools: tuple[PoolCount, ...] = field(default_factory=tuple)
    programme: int = 0


def tally(memberships: Iterable[Membership], people: Mapping[int, Person], f: TalentFilters) -> TalentCount:
    """Count distinct people, people per pool and people through the programme; a person in two matching
    pools (or a pool and the programme) counts once in total."""
    per_pool: dict[int, set[int]] = {}
    programme: set[int] = set()
    everyone: set[int] = set()
    for membership in memberships:
        person = people.get(membership.user_id)
        if person is None or not pool_matches(membership, f) or not person_matches(person, f):
            continue
        if membership.source == NOMINATION:
            programme.add(person.user_id)
        elif membership.process_id is not None:
            per_pool.setdefault(membership.process_id, set()).add(person.user_id)
        everyone.add(person.user_id)
    pools = tuple(PoolCount(pid, len(users)) for pid, users in sorted(per_pool.items()))
    return TalentCount(len(everyone), pools, len(programme))


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
        Membership(user_id, process_id, classification_code(group, level), stream)
        for user_id, process_id, group, level, stream in rows
    ]


def load_programme(today: date | None = None) -> list[Membership]:
    """The programme memberships available on ``today`` (one query)."""
    return [
        Membership(a.user_id, None, a.classification, None, NOMINATION, a.event_id)
        for a in talent_sources.approvals(clock(today)[0])
    ]


def load_people_where(who: Select[Any]) -> dict[int, Person]:
    """The facts of the people ``who`` selects (a select of user ids), in four queries whatever their
    number: the set is sub-selected in SQL, never sent back as a list of ids."""
    skills: dict[int, set[str]] = {}
    for user_id, key in db.session.execute(
        select(UserSkill.user_id, Skill.key)
        .join(Skill, UserSkill.skill_id == Skill.id)
        .where(UserSkill.user_id.in_(who))
    ):
        skills.setdefault(user_id, set()).add(key)
    equity: dict[int, frozenset[str]] = {
        d.user_id: frozenset(d.groups)
        for d in db.session.scalars(select(EquityDeclaration).where(EquityDeclaration.user_id.in_(who)))
    }
    diplomas = set(
        db.session.scalars(
            select(Experience.user_id).where(
                Experience.user_id.in_(who),
                Experience.kind == "education",
                Experience.education_type.in_(DIPLOMA_TYPES),
                Experience.education_status.in_(DIPLOMA_STATUSES),
            )
        )
    )
    people: dict[int, Person] = {}
    for row in db.session.execute(
        select(
            CandidateProfile.user_id,
            CandidateProfile.looking_for_english,
            CandidateProfile.looking_for_french,
            CandidateProfile.looking_for_bilingual,
            CandidateProfile.work_regions,
            CandidateProfile.work_arrangements,
            CandidateProfile.accepted_operational_requirements,
            CandidateProfile.position_durations,
        ).where(CandidateProfile.user_id.in_(who))
    ):
        people[row.user_id] = Person(
            user_id=row.user_id,
            skills=frozenset(skills.get(row.user_id, ())),
            english=bool(row.looking_for_english),
            french=bool(row.looking_for_french),
            bilingual=bool(row.looking_for_bilingual),
            regions=frozenset(row.work_regions or ()),
            arrangements=frozenset(row.work_arrangements or ()),
            operational_requirements=frozenset(row.accepted_operational_requirements or ()),
            durations=frozenset(row.position_durations or ()),
            equity=equity.get(row.user_id, frozenset()),
            has_diploma=row.user_id in diplomas,
        )
    return people


def load_standing(
    users: Select[Any] | None = None, id_range: tuple[int, int] | None = None
) -> tuple[dict[int, Person], list[MemberFacts]]:
    """The standing memberships of ``users`` (a select of user ids) or of everyone, and their people: what
    the in-memory index holds. Pool memberships that stand (``pools.standing_condition``) and programme
    memberships that stand (``pools.nominee_standing_condition``); the clock's part of both is applied
    when counting. Six queries whatever their number. ``id_range`` (low, high): only user ids from low to
    high - 1, a range the database reads by index (the index is built a range at a time)."""
    from jobs.services.talent_index import MemberFacts

    stmt = (
        select(
            Application.user_id,
            Application.process_id,
            Classification.group,
            Classification.level,
            Process.stream,
            Application.expiry_date,
            Application.suspended_at,
        )
        .join(Process, Application.process_id == Process.id)
        .outerjoin(Classification, Process.classification_id == Classification.id)
        .where(standing_condition())
    )
    who = select(Application.user_id).where(standing_condition())
    nominees = select(NominationGroup.nominee_id).where(nominee_standing_condition())
    if users is not None:
        stmt = stmt.where(Application.user_id.in_(users))
        who = who.where(Application.user_id.in_(users))
        nominees = nominees.where(NominationGroup.nominee_id.in_(users))
    if id_range is not None:
        in_range = (Application.user_id >= id_range[0]) & (Application.user_id < id_range[1])
        stmt, who = stmt.where(in_range), who.where(in_range)
        nominees = nominees.where(
            NominationGroup.nominee_id >= id_range[0], NominationGroup.nominee_id < id_range[1]
        )
    members = [
        MemberFacts(uid, pid, classification_code(group, level), stream, expiry, suspended)
        for uid, pid, group, level, stream, expiry, suspended in db.session.execute(stmt)
    ]
    members += [
        MemberFacts(a.user_id, None, a.classification, None, a.expires_on, None, NOMINATION, a.event_id)
        for a in talent_sources.approvals(None, users, id_range)
    ]
    either = union(who, nominees).subquery()
    return load_people_where(select(either.c[0])), members


def use_index() -> bool:
    """Count from the process's in-memory index, unless it is switched off or this transaction has
    changed facts it has not committed (the index holds committed facts only: it is shared)."""
    return bool(current_app.config["COUNT_INDEX"]) and not talent_changes.pending(db.session)


def _index(now: datetime) -> Any:
    from jobs.services.talent_index import LiveIndex

    with _INDEX_LOCK:
        live = current_app.extensions.setdefault("talent_index", LiveIndex())
    return live.current(db.session, load_standing, now)


_INDEX_LOCK = threading.Lock()


def warm_index() -> float | None:
    """Build this process's index now (a server worker calls it as it starts); its build time in
    seconds, or None when counts do not use an index."""
    if not current_app.config["COUNT_INDEX"]:
        return None
    try:
        _index(utcnow())
        live = current_app.extensions["talent_index"]
        log.info("talent index built in %.1f s", live.last_build_seconds)
        return float(live.last_build_seconds)
    finally:
        db.session.remove()


def count(f: TalentFilters, today: date | None = None, now: datetime | None = None) -> TalentCount:
    """How many available people fit ``f``: in total (each person once, whatever their sources), per pool,
    and through the programme."""
    today, now = clock(today, now)
    if use_index():
        total, pools, programme = _index(now).count(f, today, now)
        return TalentCount(total, tuple(PoolCount(pid, n) for pid, n in pools), programme)
    memberships = load_memberships(today) + load_programme(today)
    return tally(memberships, load_people_where(available_people(today, now)), f)


def matching_memberships(
    f: TalentFilters, today: date | None = None, now: datetime | None = None
) -> list[Membership]:
    """The available memberships of either source that fit ``f`` (for referrals)."""
    today, now = clock(today, now)
    if use_index():
        return [Membership(*row) for row in _index(now).members(f, today, now)]
    memberships = load_memberships(today) + load_programme(today)
    people = load_people_where(available_people(today, now))
    return [
        m
        for m in memberships
        if m.user_id in people and pool_matches(m, f) and person_matches(people[m.user_id], f)
    ]
