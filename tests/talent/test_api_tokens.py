"""Personal access tokens (issue 17): the rules of ``talent.auth.tokens`` at their edges, and the account
page that makes and revokes them (``talent.auth.views_tokens``)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from talent.auth import tokens
from talent.auth._common import MFA_AT
from talent.auth.services import AccountError
from talent.clock import today
from talent.models import ApiToken, AuditEvent
from talent.models._types import utcnow
from tests.conftest import csrf_token, login

PAGE = "/en/account/tokens"


def _make(user, **overrides):
    values = {"name": "Script", "scopes": ["profile:read"], "expires_on": today() + timedelta(days=30)}
    values.update(overrides)
    return tokens.create(user, values["name"], values["scopes"], values["expires_on"])


def test_the_secret_is_returned_once_and_only_its_digest_is_stored(db, make_user):
    user = make_user()
    token, secret = _make(user)
    db.session.commit()
    assert re.fullmatch(r"tp_[A-Za-z0-9_-]{43}", secret)
    assert token.prefix == secret[:10]
    assert token.token_hash == tokens.digest(secret) != secret
    row = db.session.execute(select(ApiToken.__table__).where(ApiToken.id == token.id)).one()
    assert secret not in [str(value) for value in row]
    assert tokens.authenticate(secret) == token


def test_expiry_works_to_its_last_second_and_not_one_more(db, make_user):
    user = make_user()
    token, secret = _make(user, expires_on=today())
    assert tokens.authenticate(secret, now=token.expires_at) == token
    assert tokens.authenticate(secret, now=token.expires_at + timedelta(seconds=1)) is None


def test_expiry_is_required_not_past_and_at_most_the_maximum(app, db, make_user):
    user = make_user()
    latest = today() + timedelta(days=app.config["API_TOKEN_MAX_DAYS"])
    assert _make(user, expires_on=latest)[0].id
    assert _make(user, expires_on=today())[0].id
    for refused in (latest + timedelta(days=1), today() - timedelta(days=1), None):
        with pytest.raises(AccountError) as caught:
            _make(user, expires_on=refused)
        assert caught.value.field == "expires_on"


def test_names_and_scopes_are_checked(db, make_user):
    user = make_user()
    for name, scopes in (("", ["profile:read"]), ("x" * 101, ["profile:read"]), ("A", []), ("A", ["all"])):
        with pytest.raises(AccountError):
            _make(user, name=name, scopes=scopes)


def test_write_grants_read_and_read_does_not_grant_write(db, make_user):
    user = make_user()
    reader, _secret = _make(user, scopes=["profile:read"])
    writer, _secret = _make(user, scopes=["profile:write"])
    assert tokens.grants(reader, "profile:read") and not tokens.grants(reader, "profile:write")
    assert tokens.grants(writer, "profile:read") and tokens.grants(writer, "profile:write")
    assert not tokens.grants(writer, "other:read")


def test_revoked_deactivated_and_deleted_stop_working(db, make_user):
    user = make_user()
    token, secret = _make(user)
    tokens.revoke(user, token)
    assert tokens.authenticate(secret) is None
    _other, other_secret = _make(user)
    user.active = False
    assert tokens.authenticate(other_secret) is None
    user.active, user.deleted_at = True, utcnow()
    assert tokens.authenticate(other_secret) is None
    assert tokens.authenticate("tp_" + "x" * 43) is None and tokens.authenticate("nope") is None


def test_someone_elses_token_cannot_be_revoked(db, make_user):
    owner, stranger = make_user(), make_user()
    token, _secret = _make(owner)
    with pytest.raises(AccountError):
        tokens.revoke(stranger, token)
    assert token.revoked_at is None


# --- Pages ---------------------------------------------------------------------------------------------


def _create(client, lang="en", **data):
    url = f"/{lang}/account/tokens"
    form = {
        "csrf_token": csrf_token(client, url),
        "name": "My script",
        "scopes": ["profile:read"],
        "expires_on": (today() + timedelta(days=10)).isoformat(),
    }
    form.update(data)
    return client.post(url, data=form)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_candidate_makes_sees_once_and_revokes_a_token(client, db, make_user, lang):
    user = make_user()
    login(client, user.email, lang=lang)
    page = client.get(f"/{lang}/account/tokens")
    assert page.status_code == 200
    assert ("Jetons d’API" if lang == "fr" else "API tokens") in page.get_data(as_text=True)
    made = _create(client, lang)
    html = made.get_data(as_text=True)
    assert made.status_code == 200
    secret = re.search(r"tp_[A-Za-z0-9_-]{43}", html).group(0)
    token = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert token.token_hash == tokens.digest(secret) and token.name == "My script"
    again = client.get(f"/{lang}/account/tokens").get_data(as_text=True)
    assert secret not in again and token.prefix in again
    url = f"/{lang}/account/tokens/{token.id}/revoke"
    answer = client.post(url, data={"csrf_token": csrf_token(client, f"/{lang}/account/tokens")})
    assert answer.status_code == 302
    db.session.refresh(token)
    assert token.revoked_at is not None and tokens.authenticate(secret) is None
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.target_type == "api_token", AuditEvent.target_id == str(token.id)
        )
    ).all()
    assert sorted(actions) == ["api_token.created", "api_token.revoked"]
    assert all(secret not in str(e.details) for e in db.session.scalars(select(AuditEvent)))


def test_the_page_refuses_a_past_date_with_a_message(client, db, make_user):
    user = make_user()
    login(client, user.email)
    answer = _create(client, expires_on=(today() - timedelta(days=1)).isoformat())
    assert answer.status_code == 422
    assert "The expiry date is in the past." in answer.get_data(as_text=True)
    assert db.session.scalars(select(ApiToken)).first() is None


def test_another_persons_token_cannot_be_revoked_from_the_page(client, db, make_user):
    owner, stranger = make_user(), make_user()
    token, _secret = _make(owner)
    db.session.commit()
    login(client, stranger.email)
    url = f"/en/account/tokens/{token.id}/revoke"
    assert client.post(url, data={"csrf_token": csrf_token(client, PAGE)}).status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


@pytest.mark.parametrize("role", ["recruiter", "coordinator", "admin"])
def test_staff_need_a_second_factor_within_the_window(app, client, db, make_user, role):
    user = make_user(role)
    login(client, user.email)
    window = app.config["API_TOKEN_MFA_MINUTES"] * 60
    with client.session_transaction() as session:
        session[MFA_AT] = time.time() - window - 5  # just outside
    refused = _create(client)
    assert refused.status_code == 302 and "/account/confirm" in refused.headers["Location"]
    assert db.session.scalars(select(ApiToken)).first() is None
    with client.session_transaction() as session:
        session[MFA_AT] = time.time() - window + 5  # just inside
    assert _create(client).status_code == 200
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()


def test_confirming_the_code_again_lets_staff_make_a_token(client, db, make_user):
    from tests.conftest import totp_code

    user = make_user("recruiter")
    login(client, user.email)
    with client.session_transaction() as session:
        session.pop(MFA_AT)
    assert _create(client).status_code == 302
    confirm = "/en/account/confirm"
    client.post(
        confirm,
        data={
            "csrf_token": csrf_token(client, confirm),
            "password": "correct horse battery",
            "code": totp_code(user),
        },
    )
    assert _create(client).status_code == 200


def test_a_candidate_needs_no_second_factor(client, db, make_user):
    user = make_user()
    login(client, user.email)
    with client.session_transaction() as session:
        session.pop(MFA_AT, None)
    assert _create(client).status_code == 200


def test_tokens_are_in_the_export_without_digest_and_go_with_the_account(db, make_user):
    from talent.profiles import privacy

    user = make_user()
    token, secret = _make(user)
    db.session.commit()
    exported = list(privacy.EXPORTERS["api_tokens"](user))
    assert exported[0]["name"] == "Script" and exported[0]["prefix"] == token.prefix
    assert exported[0]["scopes"] == ["profile:read"]
    assert "token_hash" not in exported[0] and token.token_hash not in str(exported)
    privacy.delete_account(user)
    db.session.commit()
    assert db.session.scalars(select(ApiToken)).first() is None
    assert tokens.authenticate(secret) is None


def test_only_a_code_counts_as_a_second_factor(app):
    from talent.auth._common import SECOND_FACTORS, second_factor_recent

    assert "email" not in SECOND_FACTORS and set(SECOND_FACTORS) == {"totp", "recovery"}
    with app.test_request_context():
        from flask import session

        assert not second_factor_recent()
        session[MFA_AT] = 1000.0
        window = app.config["API_TOKEN_MFA_MINUTES"] * 60
        assert second_factor_recent(now=1000.0 + window)
        assert not second_factor_recent(now=1000.0 + window + 1)
        assert not second_factor_recent(now=999.0)  # a moment from the future is not trusted
