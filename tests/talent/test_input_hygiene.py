"""Input hygiene (``talent.input_hygiene``, ``talent.forms_util.Form``): NUL characters, lone surrogates and
over-long values are refused with a translated 422 before any view runs, and nothing is written; a field
that takes one value is refused when sent twice; fields that take several still take them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from talent.input_hygiene import MAX_VALUE_CHARS
from talent.models import AuditEvent, User
from tests.conftest import csrf_token, login

NUL_EN = "Text cannot contain a null character"
NUL_FR = "Le texte ne peut pas contenir de caractère nul"


@pytest.mark.parametrize(
    "path",
    [
        "/en/jobs?q=a%00b",  # a query parameter's value
        "/en/jobs?a%00b=1",  # a query parameter's name
        "/en/jobs/%00",  # the path
        "/en/find-talent?skills=%00",
        "/api/talent-count?classifications=IT-01%00",
    ],
)
def test_a_nul_anywhere_in_the_request_is_a_422_not_a_500(client, db, path):
    response = client.get(path)
    assert response.status_code == 422
    assert NUL_EN in response.get_data(as_text=True)


def test_the_refusal_is_in_the_pages_language_and_json_under_the_api(client, db):
    page = client.get("/fr/jobs?q=%00")
    assert page.status_code == 422 and NUL_FR in page.get_data(as_text=True)
    api = client.get("/api/talent-count?language=%00")
    assert api.status_code == 422 and api.is_json
    assert NUL_EN in api.get_json()["error"]["message"]


def _post_personal(client, user, **fields):
    """Sign ``user`` in and send the personal-details form with ``fields``."""
    login(client, user.email)
    token = csrf_token(client, "/en/profile/personal")
    return client.post(
        "/en/profile/personal", data={"csrf_token": token, "telephone": "613-555-0100", **fields}
    )


def test_a_nul_in_a_posted_field_writes_nothing(client, db, make_user):
    user = make_user("candidate", email="cam@example.com")
    response = _post_personal(client, user, first_name="Cam\x00", last_name="Changed")
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).last_name != "Changed"


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb"])
def test_a_lone_surrogate_in_json_is_refused(client, db, text):
    response = client.post(
        "/api/talent-count", data=json.dumps({"skills": [text]}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "not valid Unicode" in response.get_json()["error"]["message"]


def test_json_nested_beyond_the_limit_is_refused(client, db):
    deep = "[" * 40 + "]" * 40
    response = client.post("/api/talent-count", data=deep, content_type="application/json")
    assert response.status_code == 422


@pytest.mark.parametrize(("length", "refused"), [(MAX_VALUE_CHARS, False), (MAX_VALUE_CHARS + 1, True)])
def test_values_longer_than_the_limit_are_refused_and_the_limit_itself_is_not(client, db, length, refused):
    response = client.get("/en/jobs", query_string={"q": "x" * length})
    assert (response.status_code == 422) is refused
    assert ("A value is too long" in response.get_data(as_text=True)) is refused


def test_a_body_over_a_megabyte_is_a_413(client, db):
    response = client.post("/en/login", data={"email": "x" * 1_000_001})
    assert response.status_code == 413


def test_a_hidden_single_value_sent_twice_is_refused_and_changes_nothing(client, db, make_user):
    # The probe's case: ``active=0&active=x`` deactivated a user (the first value was taken).
    admin = make_user("admin", email="boss@example.com")
    target = make_user("manager", email="kept@example.com")
    login(client, admin.email)
    token = csrf_token(client, f"/en/admin/users/{target.id}")
    response = client.post(
        f"/en/admin/users/{target.id}/active", data={"active": ["0", "x"], "csrf_token": token}
    )
    assert response.status_code == 400  # a tampered hidden field: refused, with no form to show it on
    db.session.expire_all()
    assert db.session.get(User, target.id).active
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.deactivated")).all()
    # Sent once, the same value deactivates.
    response = client.post(f"/en/admin/users/{target.id}/active", data={"active": "0", "csrf_token": token})
    assert response.status_code in (302, 303)
    db.session.expire_all()
    assert not db.session.get(User, target.id).active


def test_a_visible_field_sent_twice_gets_an_error_on_that_field(client, db, make_user):
    user = make_user("candidate", email="cam@example.com")
    response = _post_personal(client, user, first_name=["Cam", "Eve"], last_name="Twice")
    assert response.status_code == 422
    assert "This field was sent more than once." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_name != "Twice"


def test_fields_that_take_several_values_still_take_them(client, db):
    response = client.get(
        "/en/find-talent?regions=ontario&regions=quebec&arrangements=remote&arrangements=hybrid"
    )
    assert response.status_code == 200
    assert "This field was sent more than once." not in response.get_data(as_text=True)
