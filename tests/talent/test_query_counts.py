"""Statement counts of the list pages of accounts, profiles, skills and administration (rule 14): each page
sends as many statements with 12 rows as with 2, with related data on every row, so that a query per row
(an N+1 through a lazy relationship, in a view or a template) fails here."""

from __future__ import annotations

from datetime import date

import pytest

from talent import audit
from talent.models import Skill, SkillFamily, skill_families
from talent.models._types import utcnow
from talent.profiles import experiences, user_skills
from tests.conftest import login
from tests.querycount import assert_flat


def make_skill(db, i, **fields):
    skill = Skill(key=f"q:skill{i}", name_en=f"Skill {i:02d}", name_fr=f"Compétence {i:02d}", **fields)
    db.session.add(skill)
    db.session.flush()
    return skill


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin")
    login(client, user.email)
    return user


def test_the_users(db, client, admin, make_user):
    assert_flat(lambda: client.get("/en/admin/users"), lambda i: make_user(("candidate", "manager")[i % 2]))


def test_the_audit_log(db, client, admin, make_user):
    def event(i):
        audit.record("profile.viewed", actor=make_user("recruiter"), target_type="profile", target_id=i, n=i)
        db.session.commit()

    assert_flat(lambda: client.get("/en/admin/audit"), event)


def test_the_skills_library_admin_list(db, client, admin):
    """Retired skills, each merged into another (not on the page) whose key it shows."""

    def skill(i):
        make_skill(db, i, retired_at=utcnow(), merged_into_id=make_skill(db, 100 + i).id)
        db.session.commit()

    assert_flat(lambda: client.get("/en/admin/skills?status=retired"), skill)


def test_a_skill_family(db, client):
    family = SkillFamily(key="q:family", source="gc", name_en="Family", name_fr="Famille")
    db.session.add(family)
    db.session.flush()

    def skill(i):
        row = make_skill(db, i)
        db.session.execute(skill_families.insert().values(family_id=family.id, skill_id=row.id))
        db.session.commit()

    assert_flat(lambda: client.get("/en/skills/families/q:family"), skill)


@pytest.fixture
def candidate(client, make_user):
    user = make_user("candidate")
    login(client, user.email)
    return user


def add_skill_with_experience(db, user, i):
    """A skill on the profile, shown by an experience of its own that also shows the first skill."""
    row = user_skills.add_skill(user, make_skill(db, i).id, 1 + i % 4)
    experience = experiences.save_experience(
        user, "work", {"title": f"Job {i}", "organization": "Org", "start_date": date(2010 + i, 1, 1)}
    )
    experiences.link_skill(user, experience, row.id, "Every day.")
    first = user_skills.skills_of(user)[0]
    if first.id != row.id:
        experiences.link_skill(user, experience, first.id, "Sometimes.")
    db.session.commit()


@pytest.mark.parametrize("page", ["skills", "experiences"])
def test_my_skills_and_experiences(db, client, candidate, page):
    assert_flat(
        lambda: client.get(f"/en/profile/{page}"), lambda i: add_skill_with_experience(db, candidate, i)
    )


def test_my_profile(db, client, candidate):
    assert_flat(lambda: client.get("/en/profile"), lambda i: add_skill_with_experience(db, candidate, i))
