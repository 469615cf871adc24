"""Data for match runs: a skills library with a related pair, a pool, candidates and a request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from talent.models._types import utcnow
from tests.conftest import staff_fields

SKILLS = {
    "python": ("S", "S1"),
    "sql": ("S", "S2"),
    "postgresql": ("S", "S2", "S2.db"),
    "mysql": ("S", "S2", "S2.db"),
    "java": ("S", "S1"),
    "teamwork": ("T", "T1"),
}

# Candidates by name: {skill: level}. The request wants PostgreSQL (level 3) and Python (2), and
# teamwork as a nice-to-have: "ada" fits, "bo" has MySQL instead of PostgreSQL (related), "cy" only
# Python, "di" only Java.
PEOPLE = {
    "ada": {"postgresql": 3, "python": 3, "teamwork": 2},
    "bo": {"mysql": 3, "python": 3},
    "cy": {"python": 2},
    "di": {"java": 2},
}


def build(
    db: Any, people: dict[str, dict[str, int]] | None = None, *, extra_people: int = 0
) -> dict[str, Any]:
    """Insert everything a run needs, committed. ``extra_people`` adds that many more pool members
    (bulk-inserted) with random-ish skills, for runs large enough to shard."""
    from sqlalchemy import insert

    from jobs.models import Application, Decision, Process, RequestSkill, TalentRequest
    from talent.models import CandidateProfile, Classification, Role, Skill, User, UserSkill

    skills = {
        key: Skill(
            key=f"m:{key}", name_en=key.title(), name_fr=key.title(), category="technical", groups=list(path)
        )
        for key, path in SKILLS.items()
    }
    it03 = Classification(group="IT", level=3, name_en="IT", name_fr="TI")
    recruiter = User(
        email="rec@example.com",
        password_hash="x",
        role=Role.RECRUITER,
        first_name="Rec",
        last_name="Ruiter",
        email_verified_at=utcnow(),
        **staff_fields("recruiter"),
    )
    db.session.add_all([*skills.values(), it03, recruiter])
    db.session.flush()
    process = Process(
        created_by_id=recruiter.id,
        title_en="Pool",
        title_fr="Bassin",
        classification_id=it03.id,
        published_at=utcnow() - timedelta(days=30),
        closing_at=utcnow() - timedelta(days=1),
    )
    process.recruiters.append(recruiter)
    db.session.add(process)
    db.session.flush()
    users: dict[str, Any] = {}
    for name, held in (people or PEOPLE).items():
        user = User(
            email=f"{name}@example.com",
            password_hash="x",
            role=Role.CANDIDATE,
            first_name=name.title(),
            last_name="Person",
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(CandidateProfile(user_id=user.id))
        for key, level in held.items():
            db.session.add(UserSkill(user_id=user.id, skill_id=skills[key].id, level=level))
        db.session.add(
            Application(
                process_id=process.id, user_id=user.id, submitted_at=utcnow(), decision=Decision.QUALIFIED
            )
        )
        users[name] = user
    if extra_people:
        keys = list(skills)
        first = (
            db.session.execute(
                insert(User).returning(User.id),
                [
                    {
                        "email": f"bulk{i}@example.com",
                        "password_hash": "x",
                        "role": Role.CANDIDATE,
                        "first_name": "Bulk",
                        "last_name": str(i),
                        "locale": "en",
                        "session_version": 1,
                        "active": True,
                        "created_at": utcnow(),
                        "password_changed_at": utcnow(),
                    }
                    for i in range(extra_people)
                ],
            )
            .scalars()
            .all()
        )
        db.session.execute(
            insert(CandidateProfile),
            [
                {
                    "user_id": uid,
                    "looking_for_english": False,
                    "looking_for_french": False,
                    "looking_for_bilingual": False,
                    "work_regions": [],
                    "work_arrangements": [],
                    "accepted_operational_requirements": [],
                    "position_durations": [],
                    "opt_out_of_matching": False,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                }
                for uid in first
            ],
        )
        rows = []
        for uid in first:
            held = {keys[uid % len(keys)], keys[(uid * 7 + 1) % len(keys)], keys[(uid * 13 + 2) % len(keys)]}
            rows += [
                {
                    "user_id": uid,
                    "skill_id": skills[key].id,
                    "level": 1 + (uid + len(key)) % 4,
                    "current": True,
                    "created_at": utcnow(),
                }
                for key in sorted(held)
            ]
        db.session.execute(insert(UserSkill), rows)
        db.session.execute(
            insert(Application),
            [
                {
                    "process_id": process.id,
                    "user_id": uid,
                    "submitted_at": utcnow(),
                    "decision": Decision.QUALIFIED,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                }
                for uid in first
            ],
        )
    manager = User(
        email="mgr@example.com",
        password_hash="x",
        role=Role.MANAGER,
        first_name="Max",
        last_name="Manager",
        email_verified_at=utcnow(),
    )
    db.session.add(manager)
    db.session.flush()
    request = TalentRequest(
        requester_id=manager.id,
        job_title="Database developer",
        search={},
        classification_id=it03.id,
        reason="immediate_hire",
    )
    request.skills.append(RequestSkill(skill_id=skills["postgresql"].id, kind="required", level=3))
    request.skills.append(RequestSkill(skill_id=skills["python"].id, kind="required", level=2))
    request.skills.append(RequestSkill(skill_id=skills["teamwork"].id, kind="nice_to_have"))
    db.session.add(request)
    db.session.commit()
    return {
        "skills": skills,
        "process": process,
        "users": users,
        "request": request,
        "recruiter": recruiter,
        "manager": manager,
    }


@pytest.fixture
def match_data(db: Any) -> dict[str, Any]:
    return build(db)
