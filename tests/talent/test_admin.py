"""Administration: only admins manage users and roles; every change is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from talent.models import AuditEvent, OutboxMessage, Role, User
from tests.conftest import csrf_token, login


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user("admin", email="boss@example.com")
    login(client, admin.email)
    client.admin = admin
    return client


@pytest.mark.parametrize("role", ["candidate", "manager", "recruiter"])
def test_only_admins_see_admin_pages(client, make_user, role):
    user = make_user(role)
    login(client, user.email)
    for path in ("/en/admin/users", "/en/admin/audit", f"/en/admin/users/{user.id}"):
        assert client.get(path).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/fr/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/fr/login")


def test_admin_creates_a_recruiter_who_gets_a_password_link(admin_client, db):
    token = csrf_token(admin_client, "/en/admin/users/new")
    response = admin_client.post(
        "/en/admin/users/new",
        data={
            "first_name": "Rita",
            "last_name": "Recruiter",
            "email": "rita@example.com",
            "role": "recruiter",
            "locale": "fr",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "rita@example.com")).one()
    assert user.role == Role.RECRUITER
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "rita@example.com")
    ).one()
    assert mail.kind == "password_reset" and "/fr/password/reset/" in mail.body
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.created", AuditEvent.target_id == str(user.id))
    ).one()
    assert event.actor_id == admin_client.admin.id


def test_admin_cannot_create_a_candidate_from_the_staff_form(admin_client, db):
    token = csrf_token(admin_client, "/en/admin/users/new")
    response = admin_client.post(
        "/en/admin/users/new",
        data={
            "first_name": "X",
            "last_name": "Y",
            "email": "xy@example.com",
            "role": "candidate",
            "locale": "en",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert db.session.scalars(select(User).where(User.email == "xy@example.com")).all() == []


def test_role_change_is_audited_and_ends_the_users_sessions(app, admin_client, db, make_user):
    target = make_user("candidate", email="promote@example.com")
    theirs = app.test_client()
    login(theirs, target.email)
    assert theirs.get("/en/dashboard").status_code == 200
    token = csrf_token(admin_client, f"/en/admin/users/{target.id}")
    response = admin_client.post(
        f"/en/admin/users/{target.id}/role", data={"role": "recruiter", "csrf_token": token}
    )
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role == Role.RECRUITER
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role_changed")).one()
    assert event.details == {"old": "candidate", "new": "recruiter"}
    assert theirs.get("/en/dashboard").status_code == 302


def test_admin_cannot_demote_or_deactivate_themselves(admin_client, db):
    admin = admin_client.admin
    token = csrf_token(admin_client, f"/en/admin/users/{admin.id}")
    admin_client.post(f"/en/admin/users/{admin.id}/role", data={"role": "candidate", "csrf_token": token})
    admin_client.post(f"/en/admin/users/{admin.id}/active", data={"active": "0", "csrf_token": token})
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN and admin.active


def test_deactivation_is_audited_and_blocks_sign_in(app, admin_client, db, make_user):
    target = make_user("manager", email="gone@example.com")
    token = csrf_token(admin_client, f"/en/admin/users/{target.id}")
    admin_client.post(f"/en/admin/users/{target.id}/active", data={"active": "0", "csrf_token": token})
    assert login(app.test_client(), target.email).status_code == 422
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.deactivated")).one()


def test_unknown_user_id_is_404(admin_client):
    assert admin_client.get("/en/admin/users/999999").status_code == 404


def test_audit_page_lists_and_filters_events(admin_client, db, make_user):
    other = make_user("candidate", email="someone@example.com")
    login(admin_client.application.test_client(), other.email, "wrong password!!")
    html = admin_client.get("/en/admin/audit?action=auth.login_failed").get_data(as_text=True)
    assert "auth.login_failed" in html
    assert "auth.login<" not in html.replace("auth.login_failed", "")
    html = admin_client.get("/fr/admin/audit").get_data(as_text=True)
    assert "Journal d'audit" in html and "auth.login" in html


def test_user_list_search(admin_client, make_user):
    make_user("manager", email="findme@example.com", first_name="Zora")
    html = admin_client.get("/en/admin/users?q=zora").get_data(as_text=True)
    assert "findme@example.com" in html and "boss@example.com" not in html
