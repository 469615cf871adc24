"""Fixtures for recruitment: skills, classifications, a ready-to-publish process, complete candidates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from talent.models import Classification, Department, Skill
from talent.models._types import utcnow

COMPLETE_PROFILE = {
    "telephone": "613-555-0101",
    "current_province": "ON",
    "current_city": "Ottawa",
    "citizenship": "citizen",
    "armed_forces_status": "non_caf",
    "looking_for_english": True,
    "work_regions": ["national_capital"],
    "work_arrangements": ["remote"],
    "position_durations": ["term"],
    "is_gov_employee": False,
    "has_priority_entitlement": False,
}


@pytest.fixture
def library(db: Any) -> dict[str, Any]:
    skills = {
        "python": Skill(key="t:python", name_en="Python", name_fr="Python", category="technical"),
        "sql": Skill(key="t:sql", name_en="SQL", name_fr="SQL", category="technical"),
        "teamwork": Skill(
            key="t:teamwork", name_en="Teamwork", name_fr="Travail d'équipe", category="behavioural"
        ),
        "java": Skill(key="t:java", name_en="Java", name_fr="Java", category="technical"),
    }
    it03 = Classification(
        group="IT",
        level=3,
        name_en="Information Technology",
        name_fr="Technologie de l'information",
        min_salary=88000,
        max_salary=110000,
    )
    dept = Department(number=9001, name_en="Test Department", name_fr="Ministère des essais")
    db.session.add_all([*skills.values(), it03, dept])
    db.session.commit()
    return {**skills, "it03": it03, "dept": dept}


@pytest.fixture
def make_process(db: Any, library: dict[str, Any], make_user: Any) -> Any:
    from jobs.models import AssessmentStep, ProcessQuestion, ProcessSkill
    from jobs.services import processes

    def make(
        *,
        publish: bool = True,
        language: str = "english",
        questions: bool = True,
        recruiter: Any = None,
        **fields: Any,
    ) -> Any:
        recruiter = recruiter or make_user("recruiter")
        process = processes.create(recruiter)
        for field in processes.BILINGUAL_FIELDS:
            setattr(process, f"{field}_en", f"{field} EN")
            setattr(process, f"{field}_fr", f"{field} FR")
        process.classification_id = library["it03"].id
        process.stream, process.language_requirement = "software_solutions", language
        process.security_clearance, process.opportunity_length = "reliability", "indeterminate"
        process.contact_email = "team@example.com"
        process.closing_at = utcnow() + timedelta(days=30)
        for key, value in fields.items():
            setattr(process, key, value)
        python = ProcessSkill(skill_id=library["python"].id, kind="essential", level=2)
        teamwork = ProcessSkill(skill_id=library["teamwork"].id, kind="essential", level=2)
        sql = ProcessSkill(skill_id=library["sql"].id, kind="asset", level=1)
        process.skills.extend([python, teamwork, sql])
        if questions:
            process.questions.append(
                ProcessQuestion(kind="general", position=1, text_en="Why us?", text_fr="Pourquoi nous?")
            )
            process.questions.append(
                ProcessQuestion(
                    kind="screening",
                    position=1,
                    text_en="Do you have a degree?",
                    text_fr="Avez-vous un diplôme?",
                )
            )
        db.session.flush()
        process.steps.append(AssessmentStep(kind="application_screening", position=1, skill_ids=[python.id]))
        process.steps.append(AssessmentStep(kind="interview", position=2, skill_ids=[python.id, teamwork.id]))
        db.session.flush()
        db.session.flush()
        if publish:
            processes.publish(recruiter, process)
        db.session.commit()
        return process

    return make


@pytest.fixture
def make_candidate(db: Any, make_user: Any, library: dict[str, Any]) -> Any:
    """A candidate with a complete profile whose experience demonstrates Python and SQL."""
    from talent.profiles import experiences, services, user_skills

    def make(**profile_fields: Any) -> Any:
        user = make_user("candidate")
        profile = services.get_profile(user)
        for key, value in {**COMPLETE_PROFILE, **profile_fields}.items():
            setattr(profile, key, value)
        experience = experiences.save_experience(
            user, "work", {"title": "Developer", "organization": "Org", "start_date": date(2019, 1, 1)}
        )
        for key in ("python", "sql"):
            row = user_skills.add_skill(user, library[key].key, 3)
            experiences.link_skill(user, experience, row.id, f"Used {key} every day.")
        db.session.commit()
        return user

    return make


@pytest.fixture
def submitted(db: Any, make_process: Any, make_candidate: Any) -> Any:
    """Submit an application of a new complete candidate to ``process`` (or a new process)."""
    from jobs.services import applications

    def make(process: Any = None, candidate: Any = None) -> Any:
        process = process or make_process()
        candidate = candidate or make_candidate()
        application = applications.start(candidate, process)
        applications.save_answers(application, {q.id: "My answer." for q in process.questions})
        applications.submit(application, "Signed Name")
        db.session.commit()
        return application

    return make
