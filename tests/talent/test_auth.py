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


def _confirm_links(db, email):
    mails = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == email, OutboxMessage.kind == "confirm_email")
        .order_by(OutboxMessage.id)
    ).all()
    links = [re.search(r"http://localhost(/\w\w/register/confirm/[\w-]+)", mail.body) for mail in mails]
    assert all(links), [mail.body for mail in mails]
    return [link.group(1) for link in links]


def test_register_makes_an_unconfirmed_candidate_and_the_emailed_link_confirms_and_signs_in(client, db):
    response = register(client, email="Ada@Example.com")
    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)
    [user] = users(db, "ada@example.com")
    assert user.role == Role.CANDIDATE and user.email_verified_at is None
    assert user.password_hash.startswith("$argon2")
    assert client.get("/en/dashboard").status_code == 302  # not signed in yet
    # Signing in before confirming is refused, and sends a new link.
    answer = login(client, "ada@example.com", STRONG)
    assert answer.status_code == 422 and "Confirm your e-mail address first" in answer.get_data(as_text=True)
    first, link = _confirm_links(db, "ada@example.com")
    assert client.get(link).status_code == 200  # opening it (as a mail scanner would) changes nothing
    db.session.refresh(user)
    assert user.email_verified_at is None
    assert client.post(link, data={"csrf_token": csrf_token(client, link)}).status_code == 302
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert client.get("/en/dashboard").status_code == 200  # signed in by the link
    assert client.get(link).status_code == 410  # used
    assert client.get(first).status_code == 410  # and the earlier link died with it: no sign-in link
    # A confirmation link is no password-reset link, and the other way round.
    assert client.get(link.replace("/register/confirm/", "/password/reset/")).status_code == 410


def test_register_manager_in_french_sends_french_mail(client, db):
    assert register(client, lang="fr", role="manager", email="gest@example.com").status_code == 200
    [user] = users(db, "gest@example.com")
    assert user.role == Role.MANAGER and user.locale == "fr"
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "gest@example.com")
    ).one()
    assert mail.subject == "Confirmez votre adresse courriel"


@pytest.mark.parametrize("role", ["recruiter", "admin"])
def test_register_cannot_choose_staff_roles(client, db, role):
    response = register(client, role=role, email="sneaky@example.com")
    assert response.status_code == 422
    assert users(db, "sneaky@example.com") == []


def test_registering_a_taken_address_answers_the_same_and_tells_the_owner(client, db, make_user):
    owner = make_user(email="taken@example.com")
    before = db.session.scalar(select(User.id).order_by(User.id.desc()))
    taken = register(client, email="TAKEN@example.com")
    fresh = register(client, email="fresh@example.com")
    assert taken.status_code == fresh.status_code == 200
    # The same page, but for the address it names.
    assert taken.get_data(as_text=True).replace("taken@", "X@") == fresh.get_data(as_text=True).replace(
        "fresh@", "X@"
    )
    assert "already exists" not in taken.get_data(as_text=True)
    assert len(users(db, "taken@example.com")) == 1
    assert db.session.scalar(select(User.id).order_by(User.id.desc())) == before + 1  # only the fresh one
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "taken@example.com"))
    assert mail.kind == "account_exists" and "/en/login" in mail.body and "/password/forgot" in mail.body
    db.session.refresh(owner)
    assert owner.first_name == "Pat"  # the owner's account is untouched


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


def test_forgot_password_for_unknown_email_says_the_same_and_mails_no_link(client, db):
    token = csrf_token(client, "/fr/password/forgot")
    response = client.post(
        "/fr/password/forgot", data={"email": "ghost@example.com", "csrf_token": token}, follow_redirects=True
    )
    assert "Si un compte utilise cette adresse" in response.get_data(as_text=True)
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "ghost@example.com"))
    assert mail.kind == "reset_no_account" and mail.locale == "fr"
    assert "/password/reset/" not in mail.body and "/fr/register" in mail.body
    assert db.session.scalars(select(PasswordResetToken)).all() == []


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
