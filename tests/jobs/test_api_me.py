"""The authenticated operations of ``/api/v1`` (``jobs.api.views_me``) and their authentication
(``jobs.api.auth``): bearer tokens, scopes, the pages' role checks, auditing and the per-token rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from talent.auth import tokens
from talent.clock import today
from talent.models import AuditEvent, UserSkill
from talent.models._types import utcnow


def _token(db, user, scopes=("profile:read",)):
    token, secret = tokens.create(user, "Test", scopes, today() + timedelta(days=7))
    db.session.commit()
    return token, secret


def _get(client, path, secret=None, **headers):
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return client.get(path, headers=headers)


def _assert_401(answer):
    assert answer.status_code == 401
    assert answer.mimetype == "application/problem+json"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.json["status"] == 401


def test_me_answers_the_tokens_owner(client, db, make_user):
    user = make_user(first_name="Ada", last_name="Lovelace", locale="fr")
    _token_row, secret = _token(db, user)
    answer = _get(client, "/api/v1/me", secret)
    assert answer.status_code == 200
    assert answer.json == {
        "id": user.id,
        "role": "candidate",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "locale": "fr",
    }
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in answer.headers


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer tp_" + "x" * 43, "Basic dXNlcjpwYXNz", "Bearer nonsense"]
)
def test_missing_or_unknown_tokens_are_401(client, db, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    _assert_401(client.get("/api/v1/me", headers=headers))


def test_a_session_cookie_is_not_a_token(client, db, make_user):
    from tests.conftest import login

    user = make_user()
    login(client, user.email)
    _assert_401(client.get("/api/v1/me"))


def test_expired_revoked_and_deactivated_are_401(client, db, make_user):
    user = make_user()
    expired, expired_secret = _token(db, user)
    expired.expires_at = utcnow() - timedelta(seconds=1)
    revoked, revoked_secret = _token(db, user)
    tokens.revoke(user, revoked)
    db.session.commit()
    _assert_401(_get(client, "/api/v1/me", expired_secret))
    _assert_401(_get(client, "/api/v1/me", revoked_secret))
    _row, secret = _token(db, user)
    assert _get(client, "/api/v1/me", secret).status_code == 200
    user.active = False
    db.session.commit()
    _assert_401(_get(client, "/api/v1/me", secret))


def test_a_token_without_the_scope_is_403(client, db, make_user):
    user = make_user()
    token, secret = _token(db, user)
    token.scopes = "other:read"  # a scope of a later area
    db.session.commit()
    answer = _get(client, "/api/v1/me", secret)
    assert answer.status_code == 403 and answer.mimetype == "application/problem+json"


def test_my_skills_are_the_owners_only(client, db, make_user, library):
    ada, bob = make_user(), make_user()
    db.session.add_all(
        [
            UserSkill(user_id=ada.id, skill_id=library["python"].id, level=3, current=True),
            UserSkill(user_id=bob.id, skill_id=library["sql"].id, level=1, current=False),
        ]
    )
    db.session.commit()
    _t, ada_secret = _token(db, ada)
    _t, bob_secret = _token(db, bob)
    mine = _get(client, "/api/v1/me/skills", ada_secret).json["items"]
    assert [(s["key"], s["level"], s["current"]) for s in mine] == [("t:python", 3, True)]
    theirs = _get(client, "/api/v1/me/skills", bob_secret).json["items"]
    assert [s["key"] for s in theirs] == ["t:sql"]


@pytest.mark.parametrize("role", ["manager", "recruiter", "coordinator", "admin"])
def test_my_skills_is_for_candidates_as_on_the_pages(client, db, make_user, role):
    _t, secret = _token(db, make_user(role))
    answer = _get(client, "/api/v1/me/skills", secret)
    assert answer.status_code == 403 and answer.mimetype == "application/problem+json"
    assert _get(client, "/api/v1/me", secret).json["role"] == role


def test_every_use_is_audited_without_the_secret(client, db, make_user):
    user = make_user()
    token, secret = _token(db, user)
    _get(client, "/api/v1/me?x=1", secret)
    _get(client, "/api/v1/me", secret)
    used = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "api_token.used").order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_id, e.target_id, e.details["method"], e.details["path"]) for e in used] == [
        (user.id, str(token.id), "GET", "/api/v1/me"),
        (user.id, str(token.id), "GET", "/api/v1/me"),
    ]
    assert all(secret not in str(e.details) for e in used)
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_the_rate_limit_is_per_token_and_announced(make_app, db, make_user):
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", API_TOKEN_RATE_LIMIT="3 per minute"
    )
    client = app.test_client()
    with app.app_context():
        first, other = make_user(), make_user()
        _t, secret = _token(db, first)
        _t, other_secret = _token(db, other)
        answers = [_get(client, "/api/v1/me", secret) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
        assert answers[0].headers["X-RateLimit-Limit"] == "3" and answers[0].headers["RateLimit-Limit"] == "3"
        refused = answers[-1]
        assert refused.mimetype == "application/problem+json" and refused.json["status"] == 429
        assert int(refused.headers["Retry-After"]) > 0
        # the skills operation shares the token's budget; another token has its own
        assert _get(client, "/api/v1/me/skills", secret).status_code == 429
        assert _get(client, "/api/v1/me", other_secret).status_code == 200


def test_the_document_declares_the_bearer_scheme(client, db):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    for path in ("/api/v1/me", "/api/v1/me/skills"):
        operation = spec["paths"][path]["get"]
        assert operation["security"] == [{"bearerAuth": ["profile:read"]}]
        assert {"401", "403", "429"} <= set(operation["responses"])
