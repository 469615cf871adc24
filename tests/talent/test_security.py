"""Security headers, the strict CSP and its consequence for templates: no inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import csrf_token, login

ROOT = Path(__file__).resolve().parents[2]


def test_security_headers_on_every_response(client):
    for path in ("/en/", "/en/login", "/fr/nowhere", "/healthz"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers


def test_hsts_only_over_https(client):
    headers = client.get("/en/", base_url="https://localhost").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    templates = [
        t
        for package in ("talent", "jobs", "matching")
        for t in (ROOT / package).glob("**/templates/**/*.html")
    ]
    assert len(templates) > 10
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in match.group(1):
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template}: inline event handler")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{template}: inline style attribute")
    assert offenders == []


def test_signed_in_pages_are_not_cached(client, make_user):
    make_user(email="cache@example.com")
    login(client, "cache@example.com")
    assert client.get("/en/dashboard").headers["Cache-Control"] == "no-store"


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_health_check_reports_redis_and_answers_within_a_second_when_it_is_gone(make_app, redis_url):
    import time

    up = make_app(REDIS_URL=redis_url).test_client().get("/healthz")
    assert up.status_code == 200
    assert up.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}
    gone = make_app(REDIS_URL="redis://10.255.255.1:6379/0").test_client()  # unroutable: connect hangs
    started = time.monotonic()
    response = gone.get("/healthz")
    assert time.monotonic() - started < 1.0
    assert response.status_code == 200  # pages still work without Redis: degraded, not down
    body = response.get_json()
    assert body["status"] == "degraded" and body["database"] == "ok" and body["redis"] != "ok"


@pytest.mark.parametrize(("behind_proxy", "recorded"), [(False, "127.0.0.1"), (True, "203.0.113.9")])
def test_forwarded_addresses_are_believed_only_behind_a_configured_proxy(
    db, make_app, make_user, behind_proxy, recorded
):
    # A client who sends X-Forwarded-For to a server not behind a proxy would otherwise choose the
    # address that rate limits count and the audit trail records.
    from sqlalchemy import select

    from talent.models import AuditEvent

    user = make_user(email="proxy@example.com")
    client = make_app(BEHIND_PROXY=behind_proxy).test_client()
    headers = {"X-Forwarded-For": "203.0.113.9"}
    token = csrf_token(client, "/en/login")
    response = client.post(
        "/en/login",
        data={"csrf_token": token, "email": user.email, "password": "correct horse battery"},
        headers=headers,
    )
    assert response.status_code in (302, 303)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login")).one()
    assert event.ip == recorded
