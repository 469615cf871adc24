"""What the find-talent and talent-request pages read, beyond ``talent_search`` and ``requests``: the pools
behind a count, the people behind the team's referral list, what a manager may read about a referred
candidate, and a candidate's own referrals. Read-only: nothing here writes or flushes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from jobs.models import NominationEvent, Process, Referral, TalentRequest
from jobs.services.disclosure import Shown, disclose
from jobs.services.pools import NOMINATION, POOL
from jobs.services.processes import status
from jobs.services.talent_search import Membership, TalentCount
from jobs.services.talent_sources import events
from talent.extensions import db
from talent.models import CandidateProfile, Department, Experience, ExperienceSkill, Skill, User, UserSkill

PUBLIC_STATUSES = frozenset({"published", "closed"})


@dataclass(frozen=True)
class PoolRow:
    """One pool of a count: its process, the number as the viewer may see it, and whether its job
    advertisement is public (published, open or closed)."""

    process: Process
    shown: Shown
    public: bool


def pool_rows(
    result: TalentCount, exact: bool, banded: bool = False
) -> tuple[Shown, list[PoolRow], Shown | None]:
    """The total, the people per pool and the people through the talent-management programme, as the
    viewer may see them (``disclosure.disclose``: small counts hidden, and what would give them away
    withheld; ``banded``: in bands of 5). The programme is one more part beside the pools, under the same
    rules. No rows (and no programme) when the total is too small to break down; no programme either when
    nobody fits through it."""
    processes = _processes(p.process_id for p in result.pools)
    pools = [p for p in result.pools if p.process_id in processes]
    counts = [p.count for p in pools] + ([result.programme] if result.programme else [])
    total, parts = disclose(result.total, counts, exact=exact, banded=banded)
    if parts is None:
        return total, [], None
    rows = [
        PoolRow(processes[p.process_id], shown, status(processes[p.process_id]) in PUBLIC_STATUSES)
        for p, shown in zip(pools, parts, strict=False)
    ]
    return total, rows, (parts[-1] if result.programme else None)


def _processes(ids: Iterable[int]) -> dict[int, Process]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = db.session.scalars(
        select(Process).where(Process.id.in_(wanted)).options(selectinload(Process.classification))
    )
    return {p.id: p for p in rows}


@dataclass(frozen=True)
class FitRow:
    """One person who fits a request's stored search, with where they are available: the pools, and the
    nomination events of the talent-management programme whose approval makes them available. Anonymous
    (``label``, "candidate 3") until referred: only then does ``name`` say who it is."""

    user: User
    processes: tuple[Process, ...]
    referral: Referral | None = None
    number: int = 0
    events: tuple[NominationEvent, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The talent sources the person fits through (``pools.SOURCES``)."""
        return tuple(s for s, held in ((POOL, self.processes), (NOMINATION, self.events)) if held)

    @property
    def revealed(self) -> bool:
        return self.referral is not None and self.referral.referred

    @property
    def name(self) -> str | None:
        return self.user.display_name if self.revealed else None


def anonymous_order(request_id: int, user_id: int) -> str:
    """A stable order of a request's fitting people that says nothing about them (not their name, not
    when they joined): a keyed digest of the request and the person."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")[:64]
    return hashlib.blake2b(f"{request_id}:{user_id}".encode(), key=key, digest_size=16).hexdigest()


def fit_rows(request: TalentRequest, memberships: Sequence[Membership]) -> list[FitRow]:
    """The people behind ``memberships`` of either source (one row each, by name), with their existing
    referral."""
    pools: dict[int, list[int]] = {}
    programme: dict[int, list[int]] = {}
    for m in memberships:
        pools.setdefault(m.user_id, [])
        if m.source == NOMINATION and m.event_id is not None:
            programme.setdefault(m.user_id, []).append(m.event_id)
        elif m.process_id is not None:
            pools[m.user_id].append(m.process_id)
    if not pools:
        return []
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(sorted(pools))))}
    processes = _processes(pid for ids in pools.values() for pid in ids)
    nomination_events = events(eid for ids in programme.values() for eid in ids)
    referrals = {r.user_id: r for r in request.referrals}
    kept = sorted(
        (uid for uid in pools if uid in users and users[uid].deleted_at is None),
        key=lambda uid: anonymous_order(request.id, uid),
    )
    return [
        FitRow(
            users[uid],
            tuple(processes[pid] for pid in sorted(set(pools[uid])) if pid in processes),
            referrals.get(uid),
            number,
            tuple(
                nomination_events[e] for e in sorted(set(programme.get(uid, ()))) if e in nomination_events
            ),
        )
        for number, uid in enumerate(kept, 1)
    ]


@dataclass(frozen=True)
class ReferredProfile:
    """What a hiring manager reads about a referred candidate: contact, languages, location, skills with
    levels and experiences. Never the equity self-declaration, never other applications."""

    referral: Referral
    user: User
    profile: CandidateProfile | None
    skills: list[UserSkill] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)


def referred_profiles(referrals: Select[Referral]) -> list[ReferredProfile]:
    """What the manager reads of each person ``referrals`` selects (e.g. ``requests.manager_referrals``),
    in a fixed number of queries: the people's ids are sub-selected, never sent back as a list."""
    rows = list(db.session.scalars(referrals.options(contains_eager(Referral.user))))
    if not rows:
        return []
    ids = referrals.with_only_columns(Referral.user_id).order_by(None)
    profiles = {
        p.user_id: p
        for p in db.session.scalars(
            select(CandidateProfile)
            .where(CandidateProfile.user_id.in_(ids))
            .options(selectinload(CandidateProfile.classification), selectinload(CandidateProfile.department))
        )
    }
    skills: dict[int, list[UserSkill]] = {}
    for row in db.session.scalars(
        select(UserSkill)
        .join(Skill, UserSkill.skill_id == Skill.id)
        .where(UserSkill.user_id.in_(ids))
        .options(contains_eager(UserSkill.skill))
        .order_by(UserSkill.level.desc(), Skill.name_en, UserSkill.id)
    ):
        skills.setdefault(row.user_id, []).append(row)
    experiences: dict[int, list[Experience]] = {}
    for experience in db.session.scalars(
        select(Experience)
        .where(Experience.user_id.in_(ids))
        .options(selectinload(Experience.skills).joinedload(ExperienceSkill.skill))
        .order_by(
            Experience.end_date.is_(None).desc(), Experience.end_date.desc(), Experience.start_date.desc()
        )
    ):
        experiences.setdefault(experience.user_id, []).append(experience)
    return [
        ReferredProfile(
            r, r.user, profiles.get(r.user_id), skills.get(r.user_id, []), experiences.get(r.user_id, [])
        )
        for r in rows
    ]


def referral_of(candidate: User, referral_id: int) -> Referral | None:
    """The candidate's own referral (referred to a request), else None."""
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.user_id != candidate.id or not referral.referred:
        return None
    return referral


def matched_skills(referrals: Sequence[Referral]) -> dict[int, list[Skill]]:
    """For each referral (by id), the request's skills that the referred candidate has on their profile,
    in one query for all of them."""
    wanted = {r.id: {rs.skill_id: rs.skill for rs in r.request.skills} for r in referrals}
    skill_ids = sorted({skill_id for skills in wanted.values() for skill_id in skills})
    owned: set[tuple[int, int]] = set()
    if skill_ids:
        rows = db.session.execute(
            select(UserSkill.user_id, UserSkill.skill_id).where(
                UserSkill.user_id.in_(sorted({r.user_id for r in referrals})),
                UserSkill.skill_id.in_(skill_ids),
            )
        )
        owned = {(user_id, skill_id) for user_id, skill_id in rows}
    return {
        r.id: [skill for skill_id, skill in wanted[r.id].items() if (r.user_id, skill_id) in owned]
        for r in referrals
    }


def departments(ids: Iterable[int | None]) -> dict[int, Department]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(wanted)))}


def skills_by_key(keys: Iterable[str]) -> dict[str, Skill]:
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return {}
    return {s.key: s for s in db.session.scalars(select(Skill).where(Skill.key.in_(wanted)))}


def users(ids: Iterable[int | None]) -> dict[int, User]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}
