"""In-flight requests when the database drops (issue 13, part 6): a translated 503 page with ``Retry-After``
(or a JSON error for API clients), the session rolled back, never a 500; and the next request works,
because the pool pre-pings the connection it hands out.

Against the real PostgreSQL, on committed data (the per-test rolled-back transaction of ``db`` would die
with its connection): ``pg_terminate_backend`` ends this database's server processes, as a fail-over or
an administrator would, while requests run in threads; and one request's own connection is ended just
before its first statement, for the focused checks.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError

from talent.errors import RETRY_AFTER_SECONDS, database_unavailable
from tests import battery
from tests.conftest import TEST_DATABASE_URL

# Pages that read the database on every request, in both languages, and a JSON API.
PAGES = ("/en/jobs", "/fr/jobs", "/en/skills", "/fr/skills", "/api/talent-count")
TITLE = {"en": "The service is temporarily unavailable", "fr": "Le service est temporairement indisponible"}
TERMINATE = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
)


def admin_connection() -> psycopg.Connection[Any]:
    return psycopg.connect(TEST_DATABASE_URL, autocommit=True)


def terminate(pid: int) -> None:
    """End one server process and wait until it is gone."""
    with admin_connection() as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(200):
            if conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() is None:
                return
            time.sleep(0.01)
    raise AssertionError(f"server process {pid} did not end")


@pytest.fixture
def fault_app(committed: Any, make_app_committed: Any) -> Iterator[Any]:
    """An app with its own engine (and pool) on the committed database."""
    app = make_app_committed()
    yield app


def count_500s(statuses: Counter[int]) -> None:
    errors = sum(n for status, n in statuses.items() if status >= 500 and status != 503)
    battery.count("5xx", errors)


def check_unavailable(response: Any, lang: str = "en") -> None:
    """The 503 as intended: Retry-After, not cached, and the page (or JSON error) in the right language."""
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["Cache-Control"] == "no-store"
    if response.is_json:
        assert response.get_json()["error"]["status"] == 503
    else:
        html = response.get_data(as_text=True)
        assert TITLE[lang] in html and f'<html lang="{lang}">' in html


def test_requests_in_flight_when_the_database_drops_get_a_503_never_a_500(fault_app):
    statuses: Counter[int] = Counter()
    after_cut: Counter[int] = Counter()
    lock = threading.Lock()
    stop = threading.Event()
    cuts_done = threading.Event()
    problems: list[str] = []

    def hammer(offset: int) -> None:
        client = fault_app.test_client()
        i = offset
        while not stop.is_set():
            path = PAGES[i % len(PAGES)]
            i += 1
            try:
                response = client.get(path)
            except Exception as exc:  # what a real server would have answered with a 500
                with lock:
                    statuses[500] += 1
                    problems.append(f"{path}: {exc!r}")
                continue
            with lock:
                statuses[response.status_code] += 1
                if cuts_done.is_set():
                    after_cut[response.status_code] += 1
            if response.status_code == 503:
                try:
                    check_unavailable(response, "fr" if path.startswith("/fr/") else "en")
                except AssertionError as exc:
                    problems.append(f"{path}: {exc!r}")
            elif response.status_code >= 500:
                problems.append(f"{path}: {response.status_code}")

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    terminated = 0
    try:
        with admin_connection() as admin:
            for _ in range(5):
                time.sleep(0.3)
                terminated += len(admin.execute(TERMINATE).fetchall())
        cuts_done.set()
        time.sleep(1.0)  # requests after the last cut must get through
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    count_500s(statuses)
    total = sum(statuses.values())
    print(f"\ndatabase drops: {total} requests, {terminated} connections ended, answers {dict(statuses)}")
    assert not problems, problems[:10]
    assert terminated > 0
    assert set(statuses) <= {200, 503}, dict(statuses)
    assert after_cut[200] > 0, f"no request got through after the cuts: {dict(after_cut)}"


@pytest.fixture
def cut_next_statement(fault_app: Any) -> Iterator[list[int]]:
    """Arm with ``armed.append(1)``: the next statement the app sends finds its server process ended."""
    from talent.extensions import db

    armed: list[int] = []
    with fault_app.app_context():
        engine = db.engine

    def cut(conn: Any, *_args: Any) -> None:
        if armed:
            armed.clear()
            terminate(conn.connection.dbapi_connection.info.backend_pid)

    event.listen(engine, "before_cursor_execute", cut)
    yield armed
    event.remove(engine, "before_cursor_execute", cut)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_connection_lost_during_a_page_is_a_503_page_in_its_language(fault_app, cut_next_statement, lang):
    client = fault_app.test_client()
    assert client.get(f"/{lang}/jobs").status_code == 200
    cut_next_statement.append(1)
    response = client.get(f"/{lang}/jobs")
    check_unavailable(response, lang)
    html = response.get_data(as_text=True)
    if lang == "fr":
        assert "Réessayer cette page" in html and "perdu un instant la connexion" in html
    assert f'href="http://localhost/{lang}/jobs"' in html  # try again: the same page
    assert client.get(f"/{lang}/jobs").status_code == 200  # the pool hands out a live connection again


def test_an_api_client_gets_a_json_503(fault_app, cut_next_statement):
    client = fault_app.test_client()
    cut_next_statement.append(1)
    response = client.get("/fr/jobs", headers={"Accept": "application/json"})
    check_unavailable(response)
    assert response.get_json()["error"]["title"] == TITLE["fr"]


def test_a_form_posted_as_the_connection_drops_is_a_503_without_a_retry_link(fault_app, cut_next_statement):
    client = fault_app.test_client()
    from tests.conftest import csrf_token

    token = csrf_token(client, "/fr/password/forgot")
    cut_next_statement.append(1)
    response = client.post("/fr/password/forgot", data={"csrf_token": token, "email": "x@example.com"})
    check_unavailable(response, "fr")
    assert "Réessayer cette page" not in response.get_data(as_text=True)


def test_only_a_lost_connection_is_a_503():
    class Orig(Exception):
        def __init__(self, sqlstate: str | None) -> None:
            self.sqlstate = sqlstate

    def operational(state: str | None, invalidated: bool = False) -> OperationalError:
        return OperationalError("SELECT 1", {}, Orig(state), connection_invalidated=invalidated)

    assert database_unavailable(operational("57P01"))  # terminated by an administrator
    assert database_unavailable(operational("08006"))  # connection failure
    assert database_unavailable(operational(None))  # no answer at all
    assert database_unavailable(operational("40001", invalidated=True))
    assert not database_unavailable(operational("40001"))  # a serialization failure on a live connection
    assert not database_unavailable(operational("3B001"))  # a savepoint that does not exist
    assert not database_unavailable(IntegrityError("INSERT", {}, Orig("23505")))
    assert not database_unavailable(ValueError("not the database"))
