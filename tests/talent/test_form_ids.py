"""Ids in the profile and skills-library forms: a number past the database's integer range is a form error
(422 with its message, or the page's own message after a redirect), never a 500."""

from __future__ import annotations

from datetime import date

import pytest

from talent.forms_util import RecordId, as_id
from talent.models import Skill
from talent.models._types import MAX_ID
from talent.profiles import experiences, user_skills
from tests.conftest import csrf_token, login
from tests.talent.test_skills_library import sign_in

HUGE = "1234567890123456789012345"  # 25 digits
OUT_OF_RANGE = [HUGE, str(MAX_ID + 1), "0"]


def text(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (str(MAX_ID), MAX_ID),
        (f" {MAX_ID} ", MAX_ID),
        (MAX_ID, MAX_ID),
        (str(MAX_ID + 1), None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: int() reads them, an id is plain ASCII
        ("", None),
        (None, None),
    ],
)
def test_as_id_takes_exactly_the_ids(value, expected):
    assert as_id(value) == expected


def test_the_validator_checks_every_value_and_lets_blanks_through():
    class Field:
        def __init__(self, data):
            self.data = data

    check = RecordId()
    for data in (None, "", "7", 7, [], ["1", "2"], [1, MAX_ID]):
        check(None, Field(data))
    for data in (HUGE, str(MAX_ID + 1), ["1", HUGE], [MAX_ID + 1], "abc"):
        with pytest.raises(ValueError, match=r"Choose an option from the list\."):
            check(None, Field(data))


@pytest.fixture
def candidate(client, make_user):
    user = make_user("candidate")
    login(client, user.email)
    return user


@pytest.fixture
def python(db):
    skill = Skill(key="test:python", name_en="Python", name_fr="Python", category="technical")
    db.session.add(skill)
    db.session.commit()
    return skill


def post(client, url, data, token_page="/en/dashboard"):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, token_page)})


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("field", ["classification_id", "department_id"])
def test_the_government_section_refuses_ids_out_of_range(client, db, candidate, field, value):
    data = {"is_gov_employee": "yes", "gov_employee_type": "term", "has_priority_entitlement": "no"}
    response = post(client, "/en/profile/government", {**data, field: value})
    assert response.status_code == 422
    assert "Choose an option from the list." in text(response)


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_skill_forms_refuse_ids_out_of_range(client, db, candidate, python, value):
    # The skill to add is named by its key (a number is no key): the page's own message, after a redirect.
    response = post(client, "/en/profile/skills/add", {"skill": value, "level": "2", "current": "yes"})
    assert response.status_code == 302
    assert "Choose a skill from the search results." in text(client.get("/en/profile/skills"))

    row = user_skills.add_skill(candidate, python.key, 3)
    experience = experiences.save_experience(
        candidate, "work", {"title": "Developer", "organization": "Org", "start_date": date(2019, 1, 1)}
    )
    db.session.commit()
    response = post(
        client,
        f"/en/profile/experiences/{experience.id}/skills",
        {"user_skill": value, "justification": "Used it."},
    )
    assert response.status_code == 422
    assert "Choose a skill." in text(response)

    # The top-skills form answers with a message on the skills page (its convention: redirect after POST).
    response = post(client, "/en/profile/skills/top", {"top": [str(row.id), value]})
    assert response.status_code == 302
    assert "Choose skills from your profile." in text(client.get("/en/profile/skills"))
    db.session.refresh(row)
    assert row.top_rank is None


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_merging_into_an_id_out_of_range_is_a_form_error(client, db, make_user, python, value):
    sign_in(client, make_user("admin"))
    url = f"/en/admin/skills/{python.id}/merge"
    response = post(client, url, {"into": value}, token_page=f"/en/admin/skills/{python.id}")
    assert response.status_code == 422
    assert "No offered skill matches." in text(response)
