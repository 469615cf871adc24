"""Ids in the recruitment forms: a number past the database's integer range is a form error (422, with its
message), never a 500. Every field carrying a record id has ``talent.forms_util.RecordId``."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.models import TalentRequest
from jobs.services import decisions
from tests.conftest import login
from tests.jobs.test_recruit_views import BASE, post, sign_in, text
from tests.jobs.test_request_views import NEW, need
from tests.jobs.test_request_views import post as post_request

HUGE = "1234567890123456789012345"  # 25 digits
PAST_THE_RANGE = str(2**31)
LIST_ERROR = "Choose an option from the list."


@pytest.mark.parametrize("value", [HUGE, PAST_THE_RANGE, "0"])
def test_recruit_forms_refuse_ids_out_of_range(db, client, submitted, make_process, value):
    application = submitted()
    process = application.process
    draft = make_process(publish=False, recruiter=process.created_by)
    step = draft.steps[0]
    token = sign_in(client, process.created_by)
    checks = [
        (f"{BASE}/processes/{draft.id}/details", {"classification_id": value}, LIST_ERROR),
        (
            f"{BASE}/processes/{draft.id}/skills",
            {"skill": value, "kind": "asset", "level": "2"},
            "Choose a skill from the skills library.",
        ),
        (f"{BASE}/processes/{draft.id}/assessment", {"kind": "interview", "skill_ids": [value]}, LIST_ERROR),
        (f"{BASE}/processes/{draft.id}/assessment/{step.id}", {"skill_ids": [value]}, LIST_ERROR),
        (
            f"{BASE}/applications/{application.id}/results",
            {"step": value, "cell": "education", "result": "successful"},
            LIST_ERROR,
        ),
    ]
    for url, data, message in checks:
        response = post(client, url, token, data)
        assert response.status_code == 422, (url, data, response.status_code)
        assert message in text(response), url

    decisions.qualify(process.created_by, application, None)
    db.session.commit()
    place = {"place-placement": "term", "place-department_id": value}
    response = post(
        client, f"{BASE}/applications/{application.id}/decisions/place", token, place, prefix="place"
    )
    assert response.status_code == 422
    assert LIST_ERROR in text(response)


@pytest.mark.parametrize("field", ["classification_id", "department_id"])
@pytest.mark.parametrize("value", [HUGE, PAST_THE_RANGE])
def test_the_request_form_refuses_ids_out_of_range(db, client, make_user, library, field, value):
    login(client, make_user("manager").email)
    response = post_request(client, NEW, need(library, **{field: value}))
    assert response.status_code == 422
    assert LIST_ERROR in text(response)
    assert db.session.scalars(select(TalentRequest)).all() == []


def test_the_largest_id_is_simply_not_a_choice(db, client, make_user, library):
    """Just inside the range: the form takes the number as an id, and the service finds no such department."""
    login(client, make_user("manager").email)
    response = post_request(client, NEW, need(library, department_id=str(2**31 - 1)))
    assert response.status_code == 422
    assert LIST_ERROR in text(response)
