"""The only bridge between the database and the engine: rows in, engine inputs out; engine results in,
plain JSON explanations out.

A run's candidates come from two sources (``jobs.services.pools.SOURCES``): members of the chosen pools,
and, when the run includes it, the people the talent-management programme approved. To the engine a
pool is a name: each process is its id as a string, the programme is the pool ``"nomination"``
(``PROGRAMME``), so every candidate has at least one pool and the request names both. The run's lists of
a candidate's pools (shards, shortlists) hold process ids and that one string.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Executable, func, select, union

from jobs.models import Application, NominationGroup, RequestSkill, TalentRequest
from jobs.services import talent_sources
from jobs.services.pools import NOMINATION, POOL, available_condition, nominee_available_condition
from jobs.services.talent_search import (
    Membership,
    TalentFilters,
    load_people_where,
    person_matches,
    pool_matches,
)
from matching.engine import CandidateArrays, CandidateProfile, CandidateSkill, Match, MatchRequest, SkillInfo
from matching.engine import RequestSkill as EngineSkill
from matching.models import EVIDENCE_COLUMNS, evidence_item
from talent import clock
from talent.extensions import db
from talent.models import CandidateProfile as Profile
from talent.models import Experience, ExperienceSkill, Skill, UserSkill


def skills_library() -> list[SkillInfo]:
    """Every skill (retired ones too: old profiles still hold them), keyed by its stable key."""
    rows = db.session.execute(
        select(Skill.id, Skill.key, Skill.name_en, Skill.name_fr, Skill.groups).order_by(Skill.id)
    )
    families: dict[int, list[str]] = defaultdict(list)
    from talent.models import SkillFamily, skill_families

    for skill_id, family_key in db.session.execute(
        select(skill_families.c.skill_id, SkillFamily.key).join(
            SkillFamily, SkillFamily.id == skill_families.c.family_id
        )
    ):
        families[skill_id].append(family_key)
    library = []
    for skill_id, key, name_en, name_fr, groups in rows:
        # The taxonomy path (ESCO) when there is one, else the skill's families (GC, local skills).
        path = tuple(groups or ()) or tuple(sorted(families.get(skill_id, ())))
        library.append(SkillInfo(key, name_en or "", name_fr or "", path))
    return library


def skills_version() -> str:
    """Changes whenever the library changes (a skill added, edited, retired or merged)."""
    count, last_id, last_update = db.session.execute(
        select(func.count(Skill.id), func.max(Skill.id), func.max(Skill.updated_at))
    ).one()
    text = f"{count}:{last_id}:{last_update.isoformat() if last_update else ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_filters(request: TalentRequest) -> TalentFilters:
    """The request's hard filters (language, location, conditions...): never softened by the engine.
    Skills are not a filter here: they are what the engine ranks by."""
    filters = TalentFilters.from_json(request.search or {})
    return replace(filters, skills=(), skill_mode="any")


#: The programme as the engine's pool name (a process is its id).
PROGRAMME = NOMINATION
#: A candidate's pools as a run keeps them: process ids, and ``PROGRAMME`` for the programme.
PoolKey = int | str


def pool_order(key: PoolKey) -> tuple[bool, int, str]:
    """Process ids in order, then the programme: a run's pools sorted the same way everywhere."""
    return (isinstance(key, str), key if isinstance(key, int) else 0, str(key))


def eligible(
    pool_ids: Sequence[int],
    filters: TalentFilters,
    today: date | None = None,
    *,
    programme: bool = False,
) -> dict[int, list[PoolKey]]:
    """A run's candidates: available members of ``pool_ids`` who fit ``filters`` (the person's facts) and,
    with ``programme``, the people available through the talent-management programme who fit ``filters``
    (the person's facts, and the classification their approval aims at: ``talent_sources``); minus anyone
    who opted out of automated matching. User id -> their pools (process ids, ``PROGRAMME``)."""
    members = (
        select(Application.user_id, Application.process_id)
        .join(Profile, Profile.user_id == Application.user_id)
        .where(
            available_condition(today),
            Application.process_id.in_(list(pool_ids)),
            Profile.opt_out_of_matching.is_(False),
        )
    )
    pools: dict[int, list[PoolKey]] = defaultdict(list)
    for user_id, process_id in _plain_rows(members):
        pools[user_id].append(process_id)
    who = members.with_only_columns(Application.user_id).distinct()
    if programme:
        nominees = (
            select(NominationGroup.nominee_id)
            .join(Profile, Profile.user_id == NominationGroup.nominee_id)
            .where(nominee_available_condition(today), Profile.opt_out_of_matching.is_(False))
        )
        # Their approvals available today (one query), each a programme membership aimed at a
        # classification: the request's classification and stream filters apply to it as in the counts.
        for approval in talent_sources.approvals(today or clock.today(), nominees):
            membership = Membership(approval.user_id, None, approval.classification, source=NOMINATION)
            if pool_matches(membership, filters) and PROGRAMME not in pools[approval.user_id]:
                pools[approval.user_id].append(PROGRAMME)
        who = select(union(who, nominees).subquery().c[0])
    if filters != TalentFilters():
        # The people are sub-selected in SQL (a run can hold a million: no list of ids goes back).
        people = load_people_where(who)
        pools = defaultdict(
            list,
            {uid: p for uid, p in pools.items() if uid in people and person_matches(people[uid], filters)},
        )
    return {uid: p for uid, p in pools.items() if p}


def sources(pools: Sequence[PoolKey], events: Sequence[int] = ()) -> dict[str, list[int]]:
    """Where a ranked candidate came from, as a result's explanation keeps it: ``{"pool": [process ids],
    "nomination": [event ids]}``, each source present only when the candidate came through it."""
    found: dict[str, list[int]] = {}
    processes = sorted(p for p in pools if isinstance(p, int))
    if processes:
        found[POOL] = processes
    if PROGRAMME in pools:
        found[NOMINATION] = sorted(set(events))
    return found


def programme_events(user_ids: Sequence[int]) -> dict[int, list[int]]:
    """For a run's ranked people from the programme (at most its ``top``): the events whose approval makes
    each available today (one query)."""
    return talent_sources.available_events(user_ids)


def _plain_rows(stmt: Executable) -> list[tuple[Any, ...]]:
    """The rows of a Core select as the driver's plain tuples, for columns the driver already returns
    as the right Python type (integers; booleans are 0/1 on SQLite). For the hundreds of thousands of
    rows of a large run, building SQLAlchemy rows costs several times the query."""
    result = db.session.connection().execute(stmt)
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


#: Ids per ``IN (...)`` list: bounded for SQLite's limit on parameters and for PostgreSQL's planner.
_CHUNK = 5000


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _years(user_ids: Sequence[int]) -> dict[tuple[int, int], float]:
    """Years each person used each skill, from the experiences that demonstrate it."""
    today = clock.today()
    years: dict[tuple[int, int], float] = defaultdict(float)
    for chunk in _chunks(user_ids):
        for user_id, skill_id, start, end in db.session.execute(
            select(Experience.user_id, ExperienceSkill.skill_id, Experience.start_date, Experience.end_date)
            .join(ExperienceSkill, ExperienceSkill.experience_id == Experience.id)
            .where(Experience.user_id.in_(chunk), Experience.kind != "award")
        ):
            years[(user_id, skill_id)] += max(0.0, ((end or today) - start).days / 365.25)
    return years


def candidate_arrays(
    pools_by_user: Mapping[int, Sequence[PoolKey]], skill_index: Mapping[str, int]
) -> CandidateArrays:
    """The engine's arrays for ``pools_by_user`` (ids as strings, pools as process ids), skills at their
    positions in ``skill_index`` (a fitted engine's; skills it does not know are left out).

    The same candidates as :func:`candidate_profiles`, without a Python object per skill: the rows come
    from the driver as plain tuples (for the hundreds of thousands of rows of a large shard, building
    SQLAlchemy rows and engine objects costs several times the query).
    """
    user_ids = sorted(pools_by_user)
    position = {
        skill_id: skill_index[key]
        for skill_id, key in db.session.execute(select(Skill.id, Skill.key))
        if key in skill_index
    }
    years = _years(user_ids)
    owners: list[int] = []
    skills: list[int] = []
    levels: list[int] = []
    spent: list[float] = []
    current: list[bool] = []
    for chunk in _chunks(user_ids):
        rows = _plain_rows(
            select(UserSkill.user_id, UserSkill.skill_id, UserSkill.level, UserSkill.current)
            .where(UserSkill.user_id.in_(chunk))
            .order_by(UserSkill.user_id, UserSkill.skill_id)
        )
        for user_id, skill_id, level, is_current in rows:
            at = position.get(skill_id)
            if at is None:
                continue
            owners.append(user_id)
            skills.append(at)
            levels.append(level or 0)
            used = years.get((user_id, skill_id))
            spent.append(round(used, 2) if used else float("nan"))
            current.append(bool(is_current))
    ids = np.asarray(user_ids, np.int64)
    indptr = np.searchsorted(np.asarray(owners, np.int64), np.append(ids, np.iinfo(np.int64).max))
    names = sorted({p for pools in pools_by_user.values() for p in pools}, key=pool_order)
    slot = {p: i for i, p in enumerate(names)}
    pool_lists = [sorted(set(pools_by_user[uid]), key=pool_order) for uid in user_ids]
    return CandidateArrays.build(
        [str(uid) for uid in user_ids],
        indptr,
        np.asarray(skills, np.int64),
        levels=np.asarray(levels, np.int64),
        years=np.asarray(spent, np.float64),
        current=np.asarray(current, bool),
        pool_indptr=np.cumsum([0, *(len(p) for p in pool_lists)]),
        pools=np.asarray([slot[p] for pools in pool_lists for p in pools], np.int64),
        pool_names=[str(p) for p in names],
    )


def candidate_profiles(pools_by_user: Mapping[int, Sequence[PoolKey]]) -> list[CandidateProfile]:
    """Engine candidates for ``pools_by_user`` (ids as strings, pools as process ids)."""
    user_ids = sorted(pools_by_user)
    if not user_ids:
        return []
    skills: dict[int, list[CandidateSkill]] = defaultdict(list)
    years = _years(user_ids)
    for chunk in _chunks(user_ids):
        for user_id, skill_id, key, level, current in db.session.execute(
            select(UserSkill.user_id, UserSkill.skill_id, Skill.key, UserSkill.level, UserSkill.current)
            .join(Skill, Skill.id == UserSkill.skill_id)
            .where(UserSkill.user_id.in_(chunk))
            .order_by(UserSkill.user_id, UserSkill.skill_id)
        ):
            spent = years.get((user_id, skill_id))
            skills[user_id].append(
                CandidateSkill(key, level, round(spent, 2) if spent else None, bool(current))
            )
    return [
        CandidateProfile(
            str(uid),
            tuple(skills.get(uid, ())),
            tuple(str(p) for p in sorted(pools_by_user[uid], key=pool_order)),
        )
        for uid in user_ids
    ]


def match_request(request: TalentRequest, pool_ids: Iterable[PoolKey]) -> MatchRequest:
    """The request as the engine reads it, searching ``pool_ids`` (process ids, and ``PROGRAMME`` when
    the run includes the programme)."""
    required: list[EngineSkill] = []
    nice: list[EngineSkill] = []
    for rs in db.session.scalars(
        select(RequestSkill).where(RequestSkill.request_id == request.id).order_by(RequestSkill.id)
    ):
        (required if rs.kind == "required" else nice).append(EngineSkill(rs.skill.key, rs.level))
    return MatchRequest(
        str(request.id),
        tuple(required),
        tuple(nice),
        tuple(str(p) for p in sorted(pool_ids, key=pool_order)),
    )


def explanation(
    match: Match,
    evidence: Mapping[str, list[dict[str, Any]]],
    came_from: Mapping[str, list[int]] | None = None,
) -> dict[str, Any]:
    """The engine's explanation as JSON, with the experiences that demonstrate each matched skill and,
    when given, where the candidate came from (``sources``)."""
    found = {
        "matched": [
            {
                "skill": m.skill,
                "kind": m.kind,
                "level": m.level,
                "required_level": m.required_level,
                "years": m.years,
                "current": m.current,
                "credit": round(m.credit, 4),
                "points": round(m.points, 4),
                "evidence": evidence.get(m.skill, []),
            }
            for m in match.matched
        ],
        "related": [
            {
                "required": r.required,
                "via": r.via,
                "kind": r.kind,
                "similarity": round(r.similarity, 4),
                "level": r.level,
                "credit": round(r.credit, 4),
                "points": round(r.points, 4),
            }
            for r in match.related
        ],
        "missing": list(match.missing),
        "missing_nice_to_have": list(match.missing_nice_to_have),
        "tier": match.tier,
        "required_met": match.required_met,
        "required_below": match.required_below,
        "required_missing": match.required_missing,
        "required_related": match.required_related,
        "parts": parts(match),
        "profile_skills": list(match.profile_skills),
        "contributions": [
            {
                "part": c.part,
                "max": round(c.max_points, 4),
                "matched": round(c.matched_points, 4),
                "related": round(c.related_points, 4),
                "shortfall": round(c.shortfall_points, 4),
                "missing": round(c.missing_points, 4),
            }
            for c in match.contributions
        ],
    }
    if came_from is not None:
        found["sources"] = dict(came_from)
    return found


#: The parts of a score, as shown: what the required skills, the nice-to-have ones and the rest of the
#: profile gave, and what similar candidates changed (the engine's contribution names, in that order).
PARTS = (
    ("required", "required"),
    ("nice_to_have", "nice_to_have"),
    ("profile", "profile_fit"),
    ("peers", "peers"),
)


def parts(match: Match) -> dict[str, float]:
    """The score's parts in points out of 100, each rounded to one decimal so that the points shown add up
    to the score shown (``round(score * 100, 1)``): the rounding remainder goes to the largest part."""
    raw = {name: 0.0 for name, _ in PARTS}
    engine_name = {e: name for name, e in PARTS}
    for c in match.contributions:
        raw[engine_name[c.part]] += c.points * 100
    shown = {name: round(value, 1) for name, value in raw.items()}
    remainder = round(round(match.score * 100, 1) - sum(shown.values()), 1)
    if remainder:
        largest = max(shown, key=lambda name: abs(raw[name]))
        shown[largest] = round(shown[largest] + remainder, 1)
    return shown


def evidence_for(user_ids: Iterable[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """For each person: skill key -> the experiences (kind, title, organization, dates) that demonstrate
    it, in one query for everyone. Justification texts are not copied here: the review shows them only
    once the person is shortlisted."""
    result: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    for user_id, key, *experience in db.session.execute(
        select(Experience.user_id, Skill.key, *EVIDENCE_COLUMNS)
        .join(ExperienceSkill, ExperienceSkill.skill_id == Skill.id)
        .join(Experience, Experience.id == ExperienceSkill.experience_id)
        .where(Experience.user_id.in_(ids))
        .order_by(Experience.user_id, Experience.start_date.desc(), Experience.id)
    ):
        result[user_id][key].append(evidence_item(experience))
    return {user_id: dict(skills) for user_id, skills in result.items()}
