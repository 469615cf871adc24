"""Candidate profiles: sections, completeness, skills and experiences, privacy, and who may see what."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from talent.models import (
    AuditEvent,
    CandidateProfile,
    EquityDeclaration,
    Experience,
    ExperienceSkill,
    Skill,
    User,
    UserSkill,
)
from talent.models._types import utcnow
from talent.profiles import completeness, experiences, services, user_skills
from tests.conftest import csrf_token, login


@pytest.fixture
def skills(db):
    rows = [
        Skill(
            key="test:python", name_en="Python", name_fr="Python", category="technical", search_text="python"
        ),
        Skill(key="test:sql", name_en="SQL", name_fr="SQL", category="technical", search_text="sql"),
        Skill(
            key="test:teamwork",
            name_en="Teamwork",
            name_fr="Travail d'équipe",
            category="behavioural",
            search_text="teamwork travail d'equipe",
        ),
        Skill(key="test:cobol", name_en="COBOL", name_fr=None, category="technical", search_text="cobol"),
        Skill(
            key="test:old",
            name_en="Old skill",
            name_fr="Vieille compétence",
            category="technical",
            search_text="old skill",
            retired_at=utcnow(),
        ),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return {row.key.split(":")[1]: row for row in rows}


@pytest.fixture
def candidate(client, make_user):
    user = make_user("candidate", email="cand@example.com", first_name="Cam", last_name="Dee")
    login(client, user.email)
    return user


def post(client, url, data, lang="en"):
    # The CSRF token belongs to the session: any page with a form gives it.
    data = {**data, "csrf_token": csrf_token(client, f"/{lang}/dashboard")}
    return client.post(url, data=data)


COMPLETE = {
    "personal": {
        "first_name": "Cam",
        "last_name": "Dee",
        "telephone": "613-555-0101",
        "current_province": "ON",
        "current_city": "Ottawa",
        "citizenship": "citizen",
        "armed_forces_status": "non_caf",
        "preferred_language": "en",
        "interview_language": "en",
        "exam_language": "fr",
    },
    "languages": {
        "interests": ["english", "bilingual"],
        "second_language_exam_completed": "yes",
        "second_language_exam_valid": "yes",
        "comprehension_level": "B",
        "written_level": "B",
        "verbal_level": "C",
    },
    "location": {"work_regions": ["national_capital", "telework"], "work_arrangements": ["remote", "hybrid"]},
    "conditions": {
        "accepted_operational_requirements": ["travel", "on_call"],
        "position_durations": ["term"],
    },
    "government": {"is_gov_employee": "no", "has_priority_entitlement": "no"},
}


def test_completeness_rule_names_every_missing_item(db, make_user):
    user = make_user("candidate", first_name="", last_name="")
    profile = services.get_profile(user)
    codes = [m.code for m in completeness.missing(user, profile)]
    assert codes == [
        "name",
        "contact",
        "languages",
        "location",
        "citizenship",
        "armed_forces",
        "gov_employee",
        "work_regions",
        "position_durations",
        "work_arrangements",
    ]
    assert completeness.percent_complete(user, profile) == 9  # 1 of 11: no entitlement claimed
    services.update_personal(user, profile, COMPLETE["personal"])
    services.update_languages(user, profile, COMPLETE["languages"])
    services.update_location(user, profile, COMPLETE["location"])
    services.update_conditions(user, profile, COMPLETE["conditions"])
    services.update_government(user, profile, COMPLETE["government"])
    assert completeness.missing(user, profile) == [] and completeness.is_complete(user, profile)
    profile.has_priority_entitlement, profile.priority_number = True, None
    assert [m.code for m in completeness.missing(user, profile)] == ["priority_number"]
    profile.work_arrangements = []
    assert [m.code for m in completeness.missing(user, profile)] == ["priority_number", "work_arrangements"]


def test_every_missing_item_links_to_the_page_that_fixes_it(client, db, candidate, app):
    """The rule names a section (a code, not a Flask endpoint); the web layer knows its page."""
    from talent.profiles.sections import SECTION_PAGES, section_url

    assert {section for _code, _label, section in completeness.CHECKS} <= set(SECTION_PAGES)
    with app.test_request_context("/en/profile"):
        assert section_url("government") == "/en/profile/government"
        with pytest.raises(KeyError):
            section_url("profile.personal")  # an endpoint is not a section
    page = client.get("/en/profile").get_data(as_text=True)
    for path, label in (
        ("personal", "A telephone number"),
        ("languages", "The languages of the positions you are interested in"),
        ("government", "Whether you work for the Government of Canada"),
        ("location", "At least one work region"),
        ("conditions", "At least one position duration"),
    ):  # a new candidate misses something in each section
        assert f'<gcds-link href="/en/profile/{path}">{label}</gcds-link>' in page


def test_a_candidate_completes_the_profile_through_the_pages(client, db, candidate):
    page = client.get("/fr/profile").get_data(as_text=True)
    assert "Complétude du profil" in page and 'value="18"' in page  # name and no entitlement claimed
    for section, data in COMPLETE.items():
        response = post(client, f"/en/profile/{section}", data)
        assert response.status_code == 302, (section, response.get_data(as_text=True)[:2000])
    page = client.get("/en/profile").get_data(as_text=True)
    assert 'value="100"' in page and "Your profile is complete." in page
    profile = db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.user_id == candidate.id)
    ).one()
    assert profile.work_regions == ["telework", "national_capital"]  # stored in the vocabulary's order
    assert profile.comprehension_level == "B" and profile.looking_for_bilingual


def test_priority_entitlement_without_a_number_is_refused_and_nothing_is_stored(client, db, candidate):
    response = post(
        client,
        "/fr/profile/government",
        {
            "is_gov_employee": "yes",
            "gov_employee_type": "term",
            "has_priority_entitlement": "yes",
            "priority_number": "",
        },
    )
    assert response.status_code == 422
    assert "Entrez votre numéro de droit de priorité" in response.get_data(as_text=True)
    profile = db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.user_id == candidate.id)
    ).first()
    assert profile is None or (profile.is_gov_employee is None and profile.has_priority_entitlement is None)


@pytest.mark.parametrize(
    ("section", "data", "field"),
    [
        ("personal", {"first_name": "", "last_name": "X"}, "first_name"),
        ("personal", {"first_name": "A", "last_name": "B", "current_province": "ZZ"}, "current_province"),
        ("location", {"work_regions": ["moon"]}, "work_regions"),
        ("conditions", {"position_durations": ["forever"]}, "position_durations"),
        (
            "languages",
            {"interests": ["bilingual"], "second_language_exam_completed": "yes"},
            "comprehension_level",
        ),
    ],
)
def test_bad_section_input_gets_a_field_error(client, db, candidate, section, data, field):
    response = post(client, f"/en/profile/{section}", data)
    assert response.status_code == 422
    assert f'id="{field}"' in response.get_data(as_text=True)
    assert 'error-message="' in response.get_data(as_text=True)


def test_html_in_free_text_is_stored_as_text_and_shown_escaped(client, db, candidate):
    data = {**COMPLETE["personal"], "current_city": '<script>alert("x")</script>'}
    assert post(client, "/en/profile/personal", data).status_code == 302
    profile = db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.user_id == candidate.id)
    ).one()
    assert profile.current_city == '<script>alert("x")</script>'
    html = client.get("/en/profile").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html


# --- Skills -------------------------------------------------------------------------------------------------


def test_add_edit_and_remove_skills_through_the_pages(client, db, candidate, skills):
    page = client.get("/en/profile/skills?q=pyth").get_data(as_text=True)
    assert "Add Python" in page
    response = post(
        client,
        "/en/profile/skills/add?skill=test:python",
        {"skill": "test:python", "level": "3", "current": "yes"},
    )
    assert response.status_code == 302
    row = db.session.scalars(select(UserSkill).where(UserSkill.user_id == candidate.id)).one()
    assert (row.level, row.current) == (3, True)
    assert post(client, f"/en/profile/skills/{row.id}", {"level": "4", "current": "no"}).status_code == 302
    db.session.refresh(row)
    assert (row.level, row.current) == (4, False)
    assert post(client, f"/en/profile/skills/{row.id}/remove", {}).status_code == 302
    assert db.session.scalars(select(UserSkill).where(UserSkill.user_id == candidate.id)).all() == []


@pytest.mark.parametrize(
    ("key", "level", "message"),
    [
        ("test:old", "2", "retired"),
        ("test:python", "5", "Choose a level"),
        ("test:python", "0", "Choose a level"),
    ],
)
def test_retired_skills_and_bad_levels_are_refused(client, db, candidate, skills, key, level, message):
    response = post(
        client, f"/en/profile/skills/add?skill={key}", {"skill": key, "level": level, "current": "yes"}
    )
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert db.session.scalars(select(UserSkill).where(UserSkill.user_id == candidate.id)).all() == []


def test_unknown_skill_is_refused(client, db, candidate, skills):
    response = post(
        client,
        "/en/profile/skills/add?skill=nope:nope",
        {"skill": "nope:nope", "level": "2", "current": "yes"},
    )
    assert response.status_code == 302  # back to the search, with a message
    assert db.session.scalars(select(UserSkill).where(UserSkill.user_id == candidate.id)).all() == []


def test_a_retired_skill_stays_on_an_old_profile(db, make_user, skills):
    user = make_user("candidate")
    row = user_skills.add_skill(user, "test:sql", 2)
    skills["sql"].retired_at = utcnow()
    db.session.flush()
    assert [r.id for r in user_skills.skills_of(user)] == [row.id]


def test_top_skills_are_ordered_and_limited(db, make_user, skills):
    user = make_user("candidate")
    rows = [user_skills.add_skill(user, f"test:{k}", 2) for k in ("python", "sql", "teamwork")]
    user_skills.set_top_skills(user, [rows[2].id, rows[0].id])
    assert [(r.skill.key, r.top_rank) for r in user_skills.skills_of(user) if r.top_rank] == [
        ("test:python", 2),
        ("test:teamwork", 1),
    ]
    with pytest.raises(services.ProfileError):
        user_skills.set_top_skills(user, [r.id for r in rows] * 2 + [999999])


def test_french_page_marks_a_skill_without_french_name(client, db, candidate, skills):
    user_skills.add_skill(candidate, "test:cobol", 2)
    db.session.commit()
    html = client.get("/fr/profile/skills").get_data(as_text=True)
    assert "COBOL" in html and "en anglais seulement" in html


# --- Experiences --------------------------------------------------------------------------------------------


def test_experience_with_linked_skills_through_the_pages(client, db, candidate, skills):
    python = user_skills.add_skill(candidate, "test:python", 3)
    db.session.commit()
    response = post(
        client,
        "/en/profile/experiences/new/work",
        {
            "title": "Developer",
            "organization": "Statistics Canada",
            "team": "Data",
            "start_date": "2020-01-15",
            "end_date": "",
            "details": "Built pipelines.",
        },
    )
    assert response.status_code == 302
    experience = db.session.scalars(select(Experience).where(Experience.user_id == candidate.id)).one()
    assert experience.end_date is None and experience.organization == "Statistics Canada"
    url = f"/en/profile/experiences/{experience.id}/skills"
    response = client.post(
        url,
        data={
            "user_skill": str(python.id),
            "justification": "Wrote the ETL in Python.",
            "csrf_token": csrf_token(client, f"/en/profile/experiences/{experience.id}"),
        },
    )
    assert response.status_code == 302
    link = db.session.scalars(select(ExperienceSkill)).one()
    assert link.skill_id == skills["python"].id and link.justification == "Wrote the ETL in Python."
    assert experiences.skills_demonstrated(candidate) == {skills["python"].id: [experience]}
    # Removing the skill from the profile removes its links too.
    assert user_skills.remove_skill(candidate, python) == 1


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        (
            "work",
            {"title": "Dev", "organization": "X", "start_date": "2022-05-01", "end_date": "2021-05-01"},
            "end_date",
        ),
        (
            "award",
            {
                "title": "Prize",
                "organization": "X",
                "award_recipient": "me",
                "award_scope": "national",
                "start_date": (date.today() + timedelta(days=30)).isoformat(),
            },
            "start_date",
        ),
        ("education", {"title": "CS", "organization": "U", "start_date": "2010-09-01"}, "education_type"),
        ("work", {"title": "", "organization": "X", "start_date": "2020-01-01"}, "title"),
        ("work", {"title": "Dev", "organization": "X", "start_date": "not a date"}, "start_date"),
        ("personal", {"title": "Side project", "start_date": "2020-01-01", "details": "x" * 6000}, "details"),
    ],
)
def test_bad_experiences_are_refused_and_nothing_is_stored(client, db, candidate, kind, data, field):
    response = post(client, f"/en/profile/experiences/new/{kind}", data)
    assert response.status_code == 422
    assert f'id="{field}"' in response.get_data(as_text=True)
    assert db.session.scalars(select(Experience).where(Experience.user_id == candidate.id)).all() == []


def test_overlong_justification_is_refused(client, db, candidate, skills):
    row = user_skills.add_skill(candidate, "test:python", 3)
    experience = experiences.save_experience(
        candidate, "work", {"title": "Dev", "organization": "X", "start_date": date(2020, 1, 1)}
    )
    db.session.commit()
    response = client.post(
        f"/en/profile/experiences/{experience.id}/skills",
        data={
            "user_skill": str(row.id),
            "justification": "x" * 10_000,
            "csrf_token": csrf_token(client, f"/en/profile/experiences/{experience.id}"),
        },
    )
    assert response.status_code == 422
    assert db.session.scalars(select(ExperienceSkill)).all() == []


def test_unknown_experience_kind_is_404(client, candidate):
    assert client.get("/en/profile/experiences/new/hobby").status_code == 404


# --- Equity -------------------------------------------------------------------------------------------------


def test_equity_needs_consent_is_stored_apart_and_can_be_withdrawn(client, db, candidate):
    response = post(client, "/en/profile/equity", {"groups": ["woman"]})
    assert response.status_code == 422
    assert db.session.scalars(select(EquityDeclaration)).all() == []
    response = post(
        client,
        "/en/profile/equity",
        {"consent": "y", "groups": ["woman", "indigenous"], "communities": ["metis"]},
    )
    assert response.status_code == 302
    declaration = db.session.scalars(select(EquityDeclaration)).one()
    assert declaration.groups == ["woman", "indigenous"] and declaration.indigenous_communities == ["metis"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "equity.updated")).one()
    assert event.details == {}  # the audit log never holds what was declared
    assert post(client, "/en/profile/equity", {"consent": "y", "action": "withdraw"}).status_code == 302
    assert db.session.scalars(select(EquityDeclaration)).all() == []


# --- Who sees what ------------------------------------------------------------------------------------------


def test_recruiters_see_a_profile_and_each_view_is_audited(app, client, db, make_user, candidate):
    db.session.add(EquityDeclaration(user_id=candidate.id, is_woman=True))
    db.session.commit()
    recruiter = make_user("recruiter")
    staff = app.test_client()
    login(staff, recruiter.email)
    response = staff.get(f"/en/candidates/{candidate.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Cam Dee" in html and "Employment equity" not in html and "Woman" not in html
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "profile.viewed")).one()
    assert (event.actor_id, event.target_id) == (recruiter.id, str(candidate.id))


@pytest.mark.parametrize("role", ["candidate", "manager"])
def test_another_person_cannot_read_a_profile_by_id(app, db, make_user, candidate, role):
    other = make_user(role)
    intruder = app.test_client()
    login(intruder, other.email)
    assert intruder.get(f"/en/candidates/{candidate.id}").status_code == 404
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "profile.view_denied")).one()
    assert (event.actor_id, event.target_id) == (other.id, str(candidate.id))


def test_another_candidate_cannot_change_my_experiences_or_skills(app, db, make_user, candidate, skills):
    row = user_skills.add_skill(candidate, "test:python", 3)
    experience = experiences.save_experience(
        candidate, "work", {"title": "Dev", "organization": "X", "start_date": date(2020, 1, 1)}
    )
    db.session.commit()
    other = make_user("candidate")
    intruder = app.test_client()
    login(intruder, other.email)
    token = csrf_token(intruder, "/en/dashboard")
    assert intruder.get(f"/en/profile/experiences/{experience.id}").status_code == 404
    assert (
        intruder.post(
            f"/en/profile/experiences/{experience.id}/delete", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert intruder.post(f"/en/profile/skills/{row.id}/remove", data={"csrf_token": token}).status_code == 404
    assert (
        db.session.get(Experience, experience.id) is not None
        and db.session.get(UserSkill, row.id) is not None
    )


def test_profile_pages_are_for_candidates_only(app, db, make_user):
    manager = make_user("manager")
    client = app.test_client()
    login(client, manager.email)
    assert client.get("/en/profile").status_code == 403


# --- Privacy ------------------------------------------------------------------------------------------------


def test_export_holds_everything_about_me_and_nothing_secret(client, db, candidate, skills):
    row = user_skills.add_skill(candidate, "test:python", 3)
    experience = experiences.save_experience(
        candidate, "work", {"title": "Dev", "organization": "X", "start_date": date(2020, 1, 1)}
    )
    experiences.link_skill(candidate, experience, row.id, "Used it daily.")
    services.save_equity(candidate, True, ["disability"], [])
    db.session.commit()
    response = client.get("/en/profile/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "cand@example.com"
    assert "password_hash" not in data["account"]
    assert data["skills"][0]["skill_key"] == "test:python"
    assert data["experiences"][0]["skills"][0]["justification"] == "Used it daily."
    assert data["equity_declaration"]["has_disability"] is True
    assert any(event["action"] == "auth.login" for event in data["activity"])


def test_delete_account_anonymises_and_is_audited(app, client, db, candidate, skills):
    user_skills.add_skill(candidate, "test:python", 3)
    services.save_equity(candidate, True, ["woman"], [])
    db.session.commit()
    response = post(client, "/en/profile/delete", {"password": "wrong password here", "confirm": "y"})
    assert response.status_code == 422
    response = post(client, "/en/profile/delete", {"password": "correct horse battery", "confirm": "y"})
    assert response.status_code == 302
    user = db.session.get(User, candidate.id)
    db.session.refresh(user)
    assert user.deleted_at is not None and not user.active and user.email.endswith("@invalid")
    assert user.first_name == "" and user.last_name == ""
    for model in (UserSkill, EquityDeclaration, CandidateProfile):
        assert db.session.scalars(select(model).where(model.user_id == candidate.id)).all() == []
    labels = set(
        db.session.scalars(select(AuditEvent.actor_label).where(AuditEvent.actor_id == candidate.id))
    )
    assert labels == {f"deleted user #{candidate.id}"}
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.deleted")).one()
    assert client.get("/en/profile").status_code == 302  # signed out
    assert login(app.test_client(), "cand@example.com").status_code == 422
