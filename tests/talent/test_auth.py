"""Accounts: registration, sign-in, sign-out, password change and reset, on the real database."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from talent.models import AuditEvent, OutboxMessage, PasswordResetToken, Role, User
from talent.models._types import utcnow
from tests.conftest import csrf_token, login

STRONG = "purple elephant marmalade"


def register(client, lang="en", **fields):
    data = {
        "role": "candidate",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "password": STRONG,
        "locale": lang,
    }
    data.update(fields)
    data["csrf_token"] = csrf_token(client, f"/{lang}/register")
    return client.post(f"/{lang}/register", data=data)


def users(db, email):
    return db.session.scalars(select(User).where(User.email == email)).all()


def test_register_creates_candidate_signs_in_and_sends_welcome(client, db):
    response = register(client, email="Ada@Example.com")
    assert response.status_code == 302
    [user] = users(db, "ada@example.com")
    assert user.role == Role.CANDIDATE
    assert user.password_hash.startswith("$argon2")
    assert client.get("/en/dashboard").status_code == 200
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "ada@example.com")).one()
    assert mail.kind == "welcome"


def test_register_manager_in_french_sends_french_mail(client, db):
    assert register(client, lang="fr", role="manager", email="gest@example.com").status_code == 302
    [user] = users(db, "gest@example.com")
    assert user.role == Role.MANAGER and user.locale == "fr"
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "gest@example.com")
    ).one()
    assert mail.subject == "Bienvenue à Talents numériques"


@pytest.mark.parametrize("role", ["recruiter", "admin"])
def test_register_cannot_choose_staff_roles(client, db, role):
    response = register(client, role=role, email="sneaky@example.com")
    assert response.status_code == 422
    assert users(db, "sneaky@example.com") == []


def test_duplicate_registration_is_refused_without_writing(client, db, make_user):
    make_user(email="taken@example.com")
    before = db.session.scalar(select(User.id).order_by(User.id.desc()))
    response = register(client, email="TAKEN@example.com")
    assert response.status_code == 422
    assert "An account with this e-mail address already exists." in response.get_data(as_text=True)
    assert db.session.scalar(select(User.id).order_by(User.id.desc())) == before


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pw", "Use at least 12 characters."),
        ("x" * 129, "Field cannot be longer than 128 characters."),
        ("password1234", "This password is too common."),
        ("aaaaaaaaaaaaaaa", "Use more than a few different characters."),
    ],
)
def test_weak_passwords_are_refused(client, db, password, message):
    response = register(client, password=password, email="weak@example.com")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert users(db, "weak@example.com") == []


def test_register_error_messages_are_french_on_french_pages(client, db):
    response = register(client, lang="fr", password="court", email="fr@example.com")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Utilisez au moins 12 caractères." in html
    assert 'error-message="' in html and "gcds-error-summary" in html


def test_login_wrong_password_and_unknown_email_get_the_same_message(client, db, make_user):
    make_user(email="real@example.com")
    wrong = login(client, "real@example.com", "not the right password")
    unknown = login(client, "nobody@example.com", "not the right password")
    for response in (wrong, unknown):
        assert response.status_code == 422
        assert "The e-mail address or password is not correct." in response.get_data(as_text=True)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "auth.login_failed")
    ).all()
    assert len(actions) == 2


def test_login_and_logout_are_audited_and_logout_kills_a_copied_cookie(app, client, db, make_user):
    user = make_user(email="pat@example.com")
    assert login(client, "pat@example.com").status_code == 302
    cookie = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/en/dashboard").status_code == 200  # the stolen cookie works while signed in
    client.post("/en/logout", data={"csrf_token": csrf_token(client, "/en/dashboard")})
    response = thief.get("/en/dashboard")
    assert response.status_code == 302 and "/en/login" in response.headers["Location"]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions[-2:] == ["auth.login", "auth.logout"]


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, db, make_user):
    make_user(email="chg@example.com")
    login(client, "chg@example.com")
    other = app.test_client()
    login(other, "chg@example.com")
    token = csrf_token(client, "/en/account/password")
    response = client.post(
        "/en/account/password",
        data={"current_password": "correct horse battery", "new_password": STRONG, "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.get("/en/dashboard").status_code == 200
    assert other.get("/en/dashboard").status_code == 302
    client.get("/en/dashboard")
    assert login(app.test_client(), "chg@example.com", STRONG).status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(client, db, make_user):
    user = make_user(email="keep@example.com")
    old_hash = user.password_hash
    login(client, "keep@example.com")
    token = csrf_token(client, "/en/account/password")
    response = client.post(
        "/en/account/password",
        data={"current_password": "wrong wrong wrong", "new_password": STRONG, "csrf_token": token},
    )
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.password_hash == old_hash


def _reset_link(db, email):
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email, OutboxMessage.kind == "password_reset")
    ).one()
    match = re.search(r"http://localhost(/\w\w/password/reset/[\w-]+)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_password_reset_is_single_use(client, db, make_user):
    make_user(email="lost@example.com")
    token = csrf_token(client, "/en/password/forgot")
    assert (
        client.post(
            "/en/password/forgot", data={"email": "lost@example.com", "csrf_token": token}
        ).status_code
        == 302
    )
    link = _reset_link(db, "lost@example.com")
    response = client.post(link, data={"password": STRONG, "csrf_token": csrf_token(client, link)})
    assert response.status_code == 302
    assert login(client, "lost@example.com", STRONG).status_code == 302
    assert client.get(link).status_code == 410  # used


def test_expired_reset_link_is_refused(client, db, make_user):
    make_user(email="late@example.com", locale="fr")
    token = csrf_token(client, "/fr/password/forgot")
    client.post("/fr/password/forgot", data={"email": "late@example.com", "csrf_token": token})
    link = _reset_link(db, "late@example.com")
    for record in db.session.scalars(select(PasswordResetToken)):
        record.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "Ce lien de réinitialisation a expiré" in response.get_data(as_text=True)


def test_forgot_password_for_unknown_email_says_the_same_and_sends_nothing(client, db):
    token = csrf_token(client, "/en/password/forgot")
    response = client.post(
        "/en/password/forgot", data={"email": "ghost@example.com", "csrf_token": token}, follow_redirects=True
    )
    assert "If an account uses this address" in response.get_data(as_text=True)
    assert (
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "ghost@example.com")).all()
        == []
    )


def test_forms_without_csrf_token_are_refused_with_a_translated_page(client, db, make_user):
    make_user(email="csrf@example.com")
    response = client.post(
        "/fr/login", data={"email": "csrf@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "Votre formulaire a expiré" in response.get_data(as_text=True)
    assert client.get("/en/dashboard").status_code == 302


def test_open_redirect_after_login_is_ignored(client, db, make_user):
    make_user(email="nx@example.com")
    token = csrf_token(client, "/en/login")
    response = client.post(
        "/en/login?next=//evil.example/x",
        data={"email": "nx@example.com", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.headers["Location"] == "/en/dashboard"


def test_deactivated_user_cannot_sign_in(client, db, make_user):
    make_user(email="off@example.com", active=False)
    assert login(client, "off@example.com").status_code == 422


@pytest.mark.parametrize(
    ("role", "idle_minutes", "signed_out"),
    [
        ("recruiter", 29.9, False),
        ("recruiter", 30.1, True),  # just past the limit
        ("admin", 31, True),
        ("candidate", 600, False),  # the limit is for staff
        ("manager", 600, False),
    ],
)
def test_staff_are_signed_out_after_30_idle_minutes(client, db, make_user, role, idle_minutes, signed_out):
    import time

    from talent.models import AuditEvent

    user = make_user(role)
    login(client, user.email)
    assert client.get("/en/dashboard").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - idle_minutes * 60
    response = client.get("/en/dashboard?tab=x")
    if not signed_out:
        assert response.status_code == 200
        assert client.get("/en/dashboard").status_code == 200  # and the clock restarted
        return
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/login?next=/en/dashboard")
    assert client.get("/en/dashboard").status_code == 302  # really signed out
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.idle_signed_out")).all()
    assert [e.actor_id for e in events] == [user.id]
