"""Reference data: the shipped classifications and departments are seeded idempotently; administrators
(only) list, add and edit them; every change is audited; bad input gets a message, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from talent.models import AuditEvent, Classification, Department
from tests.conftest import csrf_token
from tests.talent.test_skills_library import sign_in


@pytest.fixture
def seeded(db):
    from talent.reference.services import seed_reference

    result = seed_reference()
    db.session.commit()
    return result


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user("admin", email="reference-admin@example.com")
    sign_in(client, admin)
    client.admin = admin
    return client


def classification(db, code: str) -> Classification:
    group, level = code.split("-")
    return db.session.scalars(
        select(Classification).where(Classification.group == group, Classification.level == int(level))
    ).one()


def test_seed_creates_the_shipped_rows_once(db, seeded):
    from talent.reference.services import seed_reference

    assert (seeded.classifications.created, seeded.departments.created) == (33, 32)
    codes = {c.code for c in db.session.scalars(select(Classification))}
    assert {"IT-01", "IT-05", "EC-02", "EC-08", "AS-07", "PM-06", "CS-05", "EX-03"} <= codes
    assert "EC-01" not in codes
    it3 = classification(db, "IT-03")
    assert (it3.name_en, it3.name_fr) == ("Information Technology", "Technologie de l’information")
    assert it3.min_salary == 101343 and it3.max_salary == 125914
    assert all(classification(db, f"IT-0{n}").min_salary for n in range(1, 6))
    tbs = db.session.scalars(select(Department).where(Department.number == 56)).one()
    assert tbs.name_fr == "Secrétariat du Conseil du Trésor du Canada"

    again = seed_reference()
    assert (again.classifications.created, again.classifications.unchanged) == (0, 33)
    assert (again.departments.created, again.departments.unchanged) == (0, 32)
    assert db.session.scalar(select(func.count(Classification.id))) == 33


def test_seed_keeps_administrators_edits_unless_told_to_overwrite(db, seeded):
    from talent.reference.services import seed_reference

    it1 = classification(db, "IT-01")
    it1.min_salary = 70000
    db.session.commit()
    assert seed_reference().classifications.updated == 0
    assert it1.min_salary == 70000
    result = seed_reference(overwrite=True)
    assert result.classifications.updated == 1 and it1.min_salary == 69361


def test_seed_command_prints_the_counts(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-reference"])
    assert first.exit_code == 0, first.output
    assert "classifications:  33 created, 0 updated, 0 unchanged" in first.output
    assert "departments:      32 created, 0 updated, 0 unchanged" in first.output
    second = runner.invoke(args=["seed-reference"])
    assert "0 created, 0 updated, 33 unchanged" in second.output


@pytest.mark.parametrize("role", ["candidate", "manager", "recruiter"])
def test_only_admins_see_reference_pages(client, db, seeded, make_user, role):
    user = make_user(role)
    sign_in(client, user)
    it1 = classification(db, "IT-01")
    for path in (
        "/en/admin/reference",
        "/en/admin/reference/classifications/new",
        f"/en/admin/reference/classifications/{it1.id}",
        "/fr/admin/reference/departments/new",
    ):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/en/account/password")
    response = client.post(
        f"/en/admin/reference/classifications/{it1.id}",
        data={"group": "IT", "level": "1", "name_en": "x", "name_fr": "x", "csrf_token": token},
    )
    assert response.status_code == 403


def test_reference_page_lists_both_in_each_language(admin_client, db, seeded):
    html = admin_client.get("/en/admin/reference").get_data(as_text=True)
    assert "IT-03" in html and "$101,343" in html and "Treasury Board of Canada Secretariat" in html
    html = admin_client.get("/fr/admin/reference").get_data(as_text=True)
    assert "Technologie de l’information" in html and "Secrétariat du Conseil du Trésor du Canada" in html


def _classification(**fields):
    data = {
        "group": "it",
        "level": "6",
        "name_en": "Information Technology",
        "name_fr": "Technologie de l’information",
    }
    data.update({"min_salary": "150000", "max_salary": "190000"})
    data.update(fields)
    return data


def test_admin_adds_and_edits_a_classification_audited(admin_client, db, seeded):
    token = csrf_token(admin_client, "/en/admin/reference/classifications/new")
    response = admin_client.post(
        "/en/admin/reference/classifications/new", data={**_classification(), "csrf_token": token}
    )
    assert response.status_code == 302
    it6 = classification(db, "IT-06")
    assert (it6.min_salary, it6.max_salary) == (150000, 190000)
    created = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "classification.created")
    ).one()
    assert created.details == {"code": "IT-06"} and created.actor_id == admin_client.admin.id

    url = f"/en/admin/reference/classifications/{it6.id}"
    assert 'value="150000"' in admin_client.get(url).get_data(as_text=True)
    response = admin_client.post(url, data={**_classification(max_salary=""), "csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(it6)
    assert it6.max_salary is None
    updated = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "classification.updated")
    ).one()
    assert updated.details["changes"] == {"max_salary": [190000, None]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": "3"}, "IT-03 already exists."),
        ({"level": "abc"}, "Enter a whole number, digits only."),
        ({"level": "0"}, "Enter a level from 1 to 99."),
        ({"group": "I7"}, "Enter the group as 2 to 5 letters"),
        ({"min_salary": "200000"}, "The maximum salary cannot be lower than the minimum."),
        ({"min_salary": "-5"}, "Enter a whole number, digits only."),
        ({"max_salary": "9999999"}, "Enter a yearly salary from 0 to 1,000,000 dollars."),
        ({"name_fr": ""}, "This field is required."),
    ],
)
def test_bad_classification_input_gets_a_message_and_writes_nothing(
    admin_client, db, seeded, fields, message
):
    token = csrf_token(admin_client, "/en/admin/reference/classifications/new")
    response = admin_client.post(
        "/en/admin/reference/classifications/new", data={**_classification(**fields), "csrf_token": token}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Classification.id))) == 33


def test_admin_adds_and_edits_a_department_audited(admin_client, db, seeded):
    token = csrf_token(admin_client, "/en/admin/reference/departments/new")
    data = {"number": "204", "name_en": "Canada Water Agency", "name_fr": "Agence canadienne de l’eau"}
    response = admin_client.post("/en/admin/reference/departments/new", data={**data, "csrf_token": token})
    assert response.status_code == 302
    water = db.session.scalars(select(Department).where(Department.number == 204)).one()
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "department.created")).one()

    duplicate = {**data, "number": "56", "csrf_token": token}
    response = admin_client.post("/en/admin/reference/departments/new", data=duplicate)
    assert response.status_code == 422
    assert (
        "Department number 56 is already used by Treasury Board of Canada Secretariat."
        in response.get_data(as_text=True)
    )

    url = f"/fr/admin/reference/departments/{water.id}"
    response = admin_client.post(
        url, data={**data, "name_en": "Canada Water Agency (CWA)", "csrf_token": token}
    )
    assert response.status_code == 302
    db.session.refresh(water)
    assert water.name_en == "Canada Water Agency (CWA)"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "department.updated")).one()
    assert event.details["changes"] == {"name_en": ["Canada Water Agency", "Canada Water Agency (CWA)"]}


def test_unknown_reference_ids_are_404(admin_client, db):
    assert admin_client.get("/en/admin/reference/classifications/999999").status_code == 404
    assert admin_client.get("/en/admin/reference/departments/999999").status_code == 404
