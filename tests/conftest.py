"""Fixtures shared by the whole suite.

Services are real: PostgreSQL (``TEST_DATABASE_URL``, default the local ``test`` database) with the schema
built once by running the migrations, each test rolled back; Redis (``TEST_REDIS_URL``) on its own
database number; a real Celery worker process for the integration tests. With ``CI=true`` a missing
service fails the run; elsewhere the tests that need it are skipped and the summary says so loudly.
The engine tests (tests/matching/engine) use none of this.
"""

from __future__ import annotations

import contextlib
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
# Set by `make mutation` (scripts/mutation.py), which starts one pytest run per mutant after a normal run
# has built the schema: each of them keeps a schema already at the migrations' head instead of rebuilding it.
REUSE_SCHEMA = os.environ.get("TEST_REUSE_SCHEMA") == "1"

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
    from tests import battery

    battery.summary(terminalreporter)
    if _missing:
        terminalreporter.section("SERVICES MISSING: TESTS SKIPPED", sep="!", red=True, bold=True)
        for message in _missing.values():
            terminalreporter.line(
                f"!!! {message} -- the tests that need it were SKIPPED", red=True, bold=True
            )


def base_config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-for-the-test-suite-only-0123456789",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1),
        "RATELIMIT_ENABLED": False,
        "TASK_DISPATCH": "record",
        "SERVER_NAME": None,
        "PUBLIC_BASE_URL": "http://localhost",
        # Cheap hashes: the suite creates and signs in hundreds of users (production keeps the defaults).
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 1024,
        "PASSWORD_HASH_PARALLELISM": 1,
        # No even answer time (tests/talent/test_sign_in_security.py turns it on to measure it).
        "ACCOUNT_ANSWER_MIN_MS": 0,
        # Decisions e-mailed at once, as each change is told (tests/talent/test_notifications.py tries the
        # undo window that production waits for).
        "DECISION_EMAIL_DELAY_SECONDS": 0,
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
        # Read a streamed response whole inside that context too (its generator pushes the request's
        # context while it runs); ``response.response`` keeps its chunks.
        kwargs.setdefault("buffered", True)
        token = _cv_app.set(None)  # type: ignore[arg-type]
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


def _at_head(app: Any, engine: Any) -> bool:
    """Whether the test database's schema is at the migrations' head."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_current_head()
    with engine.connect() as conn:
        return head is not None and MigrationContext.configure(conn).get_current_revision() == head


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
        if not (REUSE_SCHEMA and _at_head(app, db.engine)):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            upgrade()
        db.engine.dispose()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def db(app: Any) -> Iterator[Any]:
    """Each test in one outer transaction, rolled back at the end; app commits become savepoints."""
    from talent.extensions import db as _db

    with app.app_context():
        # The in-memory talent index holds what earlier tests wrote and rolled back: start without it.
        app.extensions.pop("talent_index", None)
        engines = _db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        _db.test_connection = connection
        try:
            yield _db
        finally:
            _db.session.remove()
            engines[None] = engine
            transaction.rollback()
            connection.close()


@pytest.fixture
def make_app(db: Any) -> Iterator[Any]:
    """Another app with other settings, on the same per-test transaction as ``db``."""
    from talent import create_app

    made: list[tuple[Any, Any]] = []

    def make(**overrides: Any) -> Any:
        other = create_app(base_config(**overrides))
        other.test_client_class = IsolatedClient
        with other.app_context():
            engines = db.engines
            made.append((engines, engines[None]))
            engines[None] = db.test_connection
        return other

    yield make
    for engines, engine in made:
        engines[None] = engine
        engine.dispose()
    # The limiter is one object shared by every app: give it back the session app's setting.
    from flask import current_app

    from talent.extensions import limiter

    limiter.enabled = current_app.config["RATELIMIT_ENABLED"]


@pytest.fixture
def client(app: Any, db: Any) -> Any:
    return app.test_client()


# The TOTP secret of the staff accounts ``make_user`` makes (recruiters and admins must use two-factor
# sign-in); ``login`` answers the code step with it.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def staff_fields(role: str) -> dict[str, Any]:
    """What a staff account needs to sign in: two-factor sign-in on, with ``TOTP_SECRET``."""
    from talent.models._types import utcnow

    if role not in ("recruiter", "coordinator", "admin"):
        return {}
    return {"mfa_secret": TOTP_SECRET, "mfa_enabled_at": utcnow()}


@pytest.fixture
def make_user(db: Any) -> Any:
    """Create a user with a role and a known password, address confirmed (and, for recruiters and admins,
    two-factor sign-in on with ``TOTP_SECRET``, unless ``mfa=False``); returns the User."""
    from talent.models import Role, User
    from talent.models._types import utcnow
    from talent.passwords import hash_password

    counter = iter(range(1, 10_000))

    def make(
        role: str = "candidate",
        email: str | None = None,
        password: str = "correct horse battery",
        locale: str = "en",
        mfa: bool = True,
        **fields: Any,
    ) -> User:
        fields.setdefault("email_verified_at", utcnow())
        for name, value in (staff_fields(role) if mfa else {}).items():
            fields.setdefault(name, value)
        user = User(
            email=email or f"{role}{next(counter)}@example.com",
            role=Role(role),
            password_hash=hash_password(password),
            locale=locale,
            first_name=fields.pop("first_name", "Pat"),
            last_name=fields.pop("last_name", "Doe"),
            **fields,
        )
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


def totp_code(user: Any) -> str:
    """A code the account has not used yet (a code works once): for the current time step, or the next
    one when the current one was used (the server accepts one step either side)."""
    import time

    import pyotp

    from talent.extensions import db

    db.session.refresh(user)  # the app may have used a step since this object was loaded
    totp = pyotp.TOTP(user.mfa_secret)
    now = totp.timecode(int(time.time()))
    step = now if user.mfa_last_step is None else max(now - 1, user.mfa_last_step + 1)
    if step > now + 1:  # signed in three times within a step: the test is faster than people
        user.mfa_last_step, step = now - 2, now - 1
        db.session.commit()
    return totp.generate_otp(step)


def login(client: Any, email: str, password: str = "correct horse battery", lang: str = "en") -> Any:
    """Sign in through the form, answering the second-factor step when the account has one (with the
    code its secret gives now). Returns the last answer."""
    token = csrf_token(client, f"/{lang}/login")
    answer = client.post(f"/{lang}/login", data={"email": email, "password": password, "csrf_token": token})
    if answer.status_code != 302 or "/login/code" not in answer.headers.get("Location", ""):
        return answer
    from talent.auth.services import find_by_email

    user = find_by_email(email)
    assert user is not None and user.mfa_secret, f"{email} was asked for a code it cannot give"
    token = csrf_token(client, f"/{lang}/login/code")
    return client.post(f"/{lang}/login/code", data={"code": totp_code(user), "csrf_token": token})


# --- Integration with a real Celery worker --------------------------------------------------------------

SMTP_PORT = int(os.environ.get("TEST_SMTP_PORT", "8025"))


def worker_environment(redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env.update(
        {
            "TALENT_DATABASE_URL": TEST_DATABASE_URL,
            "TALENT_REDIS_URL": redis_url,
            "TALENT_SECRET_KEY": "test-secret-key-for-the-test-suite-only-0123456789",
            "TALENT_SMTP_HOST": "127.0.0.1",
            "TALENT_SMTP_PORT": str(SMTP_PORT),
            "TALENT_SMTP_STARTTLS": "false",
            "TALENT_BROKER_TIMEOUT_SECONDS": "1",
            "TALENT_PASSWORD_HASH_TIME_COST": "1",
            "TALENT_PASSWORD_HASH_MEMORY_KIB": "1024",
            "TALENT_PASSWORD_HASH_PARALLELISM": "1",
        }
    )
    return env


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) that keeps what it receives in ``.messages``."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self) -> None:
            self.messages: list[Any] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            import email
            import email.policy

            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def worker_app(app: Any, redis_url: str) -> Iterator[Any]:
    """The app as production runs it: tasks go through Redis to a separate worker process."""
    from talent import create_app

    other = create_app(
        base_config(
            REDIS_URL=redis_url,
            TASK_DISPATCH="celery",
            CELERY={**app.config["CELERY"], "broker_url": redis_url, "task_always_eager": False},
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=SMTP_PORT,
            SMTP_STARTTLS=False,
        )
    )
    other.test_client_class = IsolatedClient
    yield other
    from talent.extensions import db as _db

    with other.app_context():
        _db.engine.dispose()


def start_worker(redis_url: str, *extra: str, env: dict[str, str] | None = None) -> Any:
    """A real Celery worker process (in its own process group, so a test can kill it whole)."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "talent.worker",
        "worker",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-Q",
        "talent",
        *extra,
    ]
    # Output goes to a file, not a pipe: a chatty worker must never block on a full pipe.
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        command,
        cwd=root,
        env={**worker_environment(redis_url), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    process.log_path = log.name
    return process


def wait_for_worker(celery_app: Any, process: Any, timeout: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = worker_output(process)
            raise RuntimeError(f"the Celery worker exited with {process.returncode}:\n{output[-4000:]}")
        if celery_app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not answer a ping in time")


def stop_worker(process: Any, *, kill: bool = False) -> str:
    """Stop a worker (SIGTERM, or SIGKILL of its whole process group with ``kill``); return its output."""
    import os
    import signal

    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except Exception:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return worker_output(process)


def worker_output(process: Any) -> str:
    from pathlib import Path

    path = Path(getattr(process, "log_path", ""))
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


@pytest.fixture(scope="session")
def celery_worker(worker_app: Any, redis_url: str, smtp_server: Any) -> Iterator[Any]:
    """One real worker process (prefork, 2 children) for the whole session."""
    process = start_worker(redis_url, "--pool=prefork", "--concurrency=2")
    try:
        wait_for_worker(worker_app.extensions["celery"], process)
        yield process
    finally:
        stop_worker(process)


@pytest.fixture
def committed(worker_app: Any) -> Iterator[Any]:
    """Real commits, visible to other processes; every table is emptied afterwards."""
    from sqlalchemy import text

    from talent.extensions import db as _db

    with worker_app.app_context():
        worker_app.extensions.pop("talent_index", None)  # counts of an earlier test's rows: start without
        try:
            yield _db
        finally:
            _db.session.remove()
            worker_app.extensions.pop("talent_index", None)
            tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
            with _db.engine.begin() as conn:
                # The audit log refuses TRUNCATE (append-only, by trigger); the suite's superuser
                # empties it anyway, with triggers off for this one transaction.
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def make_app_committed(worker_app: Any) -> Iterator[Any]:
    """Another app with other settings on the real (committing) database, like ``worker_app``."""
    from talent import create_app
    from talent.extensions import db as _db

    made: list[Any] = []

    def make(**overrides: Any) -> Any:
        other = create_app(base_config(**overrides))
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


def wait_until(predicate: Any, timeout: float = 30, interval: float = 0.1) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail with a clear message after ``timeout``."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)
