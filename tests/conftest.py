"""Fixtures shared by the whole suite.

Services are real: PostgreSQL (``TEST_DATABASE_URL``, default the local ``test`` database) with the schema
built once by running the migrations, each test rolled back; Redis (``TEST_REDIS_URL``) on its own
database number; a real Celery worker process for the integration tests. With ``CI=true`` a missing
service fails the run; elsewhere the tests that need it are skipped and the summary says so loudly.
The engine tests (tests/matching/engine) use none of this.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")

_missing: dict[str, str] = {}


def _reachable(url: str) -> str | None:
    """None if a TCP connection to the URL's host and port works, else the reason."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (5432 if parts.scheme.startswith("postgres") else 6379)
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as exc:
        return f"{host}:{port} unreachable ({exc})"


def require_service(name: str, url: str) -> None:
    reason = _reachable(url)
    if reason is None:
        return
    message = f"{name} is not available: {reason}"
    if IN_CI:
        pytest.fail(f"{message}. In CI every service must run; see README 'Tests'.", pytrace=False)
    _missing[name] = message
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _missing:
        terminalreporter.section("SERVICES MISSING: TESTS SKIPPED", sep="!", red=True, bold=True)
        for message in _missing.values():
            terminalreporter.line(f"!!! {message} -- the tests that need it were SKIPPED", red=True, bold=True)


def base_config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-for-the-test-suite-only-0123456789",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1),
        "RATELIMIT_ENABLED": False,
        "TASK_DISPATCH": "record",
        "SERVER_NAME": None,
        "PUBLIC_BASE_URL": "http://localhost",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def postgres() -> str:
    require_service("PostgreSQL", TEST_DATABASE_URL)
    return TEST_DATABASE_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    require_service("Redis", TEST_REDIS_URL)
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    return TEST_REDIS_URL


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Tests hold an app context open to use the database; without this, Flask would reuse it for the
    client's requests and share ``g`` (and so the signed-in user) between unrelated requests.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        token = _cv_app.set(None)  # type: ignore[arg-type]
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture(scope="session")
def app(postgres: str) -> Iterator[Any]:
    """The app on the test database, its schema built once by running every migration."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from talent import create_app
    from talent.extensions import db

    app = create_app(base_config())
    app.test_client_class = IsolatedClient
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    yield app


@pytest.fixture
def db(app: Any) -> Iterator[Any]:
    """Each test in one outer transaction, rolled back at the end; app commits become savepoints."""
    from talent.extensions import db as _db

    with app.app_context():
        engines = _db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        try:
            yield _db
        finally:
            _db.session.remove()
            engines[None] = engine
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app: Any, db: Any) -> Any:
    return app.test_client()


@pytest.fixture
def make_user(db: Any) -> Any:
    """Create a user with a role and a known password; returns the User."""
    from talent.models import Role, User
    from talent.passwords import hash_password

    counter = iter(range(1, 10_000))

    def make(role: str = "candidate", email: str | None = None, password: str = "correct horse battery",
             locale: str = "en", **fields: Any) -> User:
        user = User(email=email or f"{role}{next(counter)}@example.com", role=Role(role),
                    password_hash=hash_password(password), locale=locale, first_name=fields.pop("first_name", "Pat"),
                    last_name=fields.pop("last_name", "Doe"), **fields)
        db.session.add(user)
        db.session.commit()
        return user

    return make


def csrf_token(client: Any, url: str) -> str:
    """Fetch a page and return the CSRF token of its form."""
    import re

    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client: Any, email: str, password: str = "correct horse battery", lang: str = "en") -> Any:
    token = csrf_token(client, f"/{lang}/login")
    return client.post(f"/{lang}/login", data={"email": email, "password": password, "csrf_token": token})
