"""Sign-in throttling: limits apply, and a Redis outage never turns sign-in into a 500."""

from __future__ import annotations

from tests.conftest import csrf_token, login


def test_login_is_throttled_per_email(make_app, make_user):
    make_user(email="target@example.com")
    limited = make_app(
        RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI="memory://"
    )
    statuses = []
    for i in range(5):
        client = limited.test_client()  # a fresh client each time: the limit holds across sessions
        statuses.append(login(client, "target@example.com", f"wrong guess number {i}").status_code)
    assert statuses[:3] == [422, 422, 422]
    assert statuses[3:] == [429, 429]
    html = login(limited.test_client(), "target@example.com").get_data(as_text=True)
    assert "Too many attempts" in html


def test_login_works_when_redis_is_unreachable(make_app, make_user):
    make_user(email="calm@example.com")
    # Nothing listens on port 1: the limiter falls back to memory instead of failing the request.
    limited = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    )
    client = limited.test_client()
    token = csrf_token(client, "/en/login")
    response = client.post(
        "/en/login",
        data={"email": "calm@example.com", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302
