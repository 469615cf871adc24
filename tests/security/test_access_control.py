"""The access-control battery (issue 13): every route of the URL map, asked by every principal, against the
table in ``access_table.txt``; another person's records asked for by id (IDOR); every state-changing route
posted without a CSRF token; the security headers of every page.

One world of records (``access_world.py``) is built once for the module; every request runs in a savepoint
rolled back after it, so each cell sees the same world whatever the cells before it did.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.routing import Rule

from tests import battery
from tests import conftest as base
from tests.security.access_world import (
    PRINCIPALS,
    SIGNED_IN,
    World,
    build_world,
    csrf_refused,
    distinct_ids,
    outcome,
)

TABLE = Path(__file__).with_name("access_table.txt")
VALUES = frozenset({"allow", "deny", "404", "login"})
SKIPPED_METHODS = frozenset({"HEAD", "OPTIONS"})
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# What fills each URL argument: a key of ``World.ids`` (a record of A's), or a literal.
ARGUMENTS: dict[str, Any] = {
    "lang_code": "=en",
    "process_id": "process",
    "application_id": "application",
    "request_id": "request",
    "run_id": "run",
    "rank": "rank",
    "referral_id": "referral",
    "notification_id": "notification",
    "experience_id": "experience",
    "link_id": "experience_link",
    "row_id": "user_skill",
    "user_id": "cand_a",
    "step_id": "step",
    "question_id": "question",
    "skill_id": "skill",
    "key": "skill_key",
    "kind": "=work",
    "action": "=pause",
    "filename": "=css/app.css",
    # The talent-management programme (issue 16).
    "event_id": "event",
    "group_id": "group",
    "nomination_id": "nomination",
    "coordinator_id": "coord_own",
    "nomination_kind": "=advancement",
    # API tokens (issue 17).
    "token_id": "api_token",
}
# The same argument name meaning another record on some routes.
ARGUMENT_OVERRIDES: dict[tuple[str, str], str] = {
    ("jobs_recruit.remove_skill", "row_id"): "process_skill",
    ("reference.edit_classification", "item_id"): "classification",
    ("reference.edit_department", "item_id"): "department",
    ("skills.family", "key"): "family_key",
    ("auth.reset_password", "token"): "reset_token",
    ("auth.confirm_email", "token"): "confirm_token",
    ("profile.work_email_verify", "token"): "work_email_token",
    ("jobs_requests.track", "token"): "track_token",
}

# The kind of record each URL argument names, for the IDOR probes (arguments not listed name no one's
# record: a language, a skill of the public library, a step of a form).
RECORD_KINDS: dict[str, str] = {
    "application_id": "application",
    "experience_id": "experience",
    "link_id": "experience skill",
    "process_id": "process",
    "step_id": "assessment step",
    "question_id": "process question",
    "request_id": "talent request",
    "run_id": "match run",
    "rank": "match result / decision",
    "referral_id": "referral",
    "notification_id": "notification",
    "user_id": "user",
    "token": "private link",
    "event_id": "nomination event",
    "group_id": "nomination group",
    "nomination_id": "nomination",
    "token_id": "api token",
}
# Every kind the IDOR test must have probed (a route that stops naming one fails the test).
EXPECTED_KINDS = frozenset(
    {
        "application",
        "experience",
        "experience skill",
        "skills entry",
        "process",
        "process skill",
        "pool",
        "assessment step",
        "process question",
        "talent request",
        "match run",
        "match result / decision",
        "referral",
        "notification",
        "export",
        "user",
        "nomination event",
        "nomination group",
        "nomination",
        "api token",
    }
)
ATTACKERS = ("cand_b", "mgr_b", "rec_other")


# --- The world and the table ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(app: Any) -> Iterator[World]:
    """The records and principals, built once for the module in a transaction rolled back at its end (the
    suite's ``db`` fixture, held for the module)."""
    with contextlib.contextmanager(base.db.__wrapped__)(app) as db, distinct_ids(db):
        yield build_world(app, db)


def read_table() -> dict[tuple[str, str], dict[str, str]]:
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        route, method, *values = line.split()
        assert len(values) == len(PRINCIPALS), (
            f"{TABLE.name}:{number}: {len(values)} values, not {len(PRINCIPALS)}"
        )
        unknown = set(values) - VALUES
        assert not unknown, f"{TABLE.name}:{number}: unknown values {unknown} (use {sorted(VALUES)})"
        assert (route, method) not in rows, f"{TABLE.name}:{number}: {method} {route} is there twice"
        rows[route, method] = dict(zip(PRINCIPALS, values, strict=True))
    return rows


def routes(app: Any) -> list[tuple[Rule, str]]:
    """Every rule of the URL map with each of its methods (but HEAD and OPTIONS)."""
    return sorted(
        (
            (rule, method)
            for rule in app.url_map.iter_rules()
            for method in sorted((rule.methods or set()) - SKIPPED_METHODS)
        ),
        key=lambda pair: (pair[0].rule, pair[1]),
    )


def value_of(world: World, endpoint: str, name: str) -> str:
    key = ARGUMENT_OVERRIDES.get((endpoint, name), ARGUMENTS.get(name))
    assert key is not None, f"no value for <{name}> of {endpoint}: add it to ARGUMENTS"
    if key.startswith("="):
        return key[1:]
    if key in world.ids["users"]:
        return str(world.ids["users"][key])
    return str(world.ids[key])


def url_of(world: World, rule: Rule, **given: str) -> str:
    """The rule's path, its arguments filled with the world's records (or the values ``given``)."""
    return re.sub(
        r"<(?:[^<>:]+:)?([a-z_]+)>",
        lambda m: given.get(m.group(1)) or value_of(world, rule.endpoint, m.group(1)),
        rule.rule,
    )


def send(world: World, principal: str, method: str, url: str, *, token: bool = True) -> Any:
    """One request as ``principal``, in a savepoint rolled back after it. A write carries a valid CSRF token
    (unless ``token`` is false) and nothing else: the table only tells allowed from refused. A write that
    was not allowed carries ``written``, the tables' digest before the rollback (else None)."""
    with world.isolated(principal) as client:
        data = {"csrf_token": world.tokens[principal]} if method in WRITES and token else {}
        response = client.open(url, method=method, data=data)
        battery.count("5xx", int(response.status_code >= 500))  # every answer of the battery
        refused = method in WRITES and outcome(response) != "allow"
        response.written = world.fingerprint() if refused else None
        return response


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The tables whose rows differ: a refused write changes none, not even the audit trail."""
    return sorted(name for name in before if before[name] != after.get(name))


def row_line(rule: Rule, method: str) -> str:
    return f"{rule.rule}  {method}  " + "  ".join("?" for _ in PRINCIPALS)


# --- 1. The table ------------------------------------------------------------------------------------------


def test_the_table_has_one_row_for_every_route_and_method_and_no_other(app):
    table = read_table()
    walked = {(rule.rule, method): (rule, method) for rule, method in routes(app)}
    missing = [row_line(*walked[key]) for key in sorted(set(walked) - set(table))]
    gone = [f"{route}  {method}" for route, method in sorted(set(table) - set(walked))]
    assert not missing, (
        f"routes of the URL map missing from {TABLE.name}; add these rows (one value per principal: "
        + "allow, deny, 404 or login):\n"
        + "\n".join(missing)
    )
    assert not gone, f"rows of {TABLE.name} for routes that no longer exist; remove them:\n" + "\n".join(gone)


def test_every_route_answers_every_principal_as_the_table_says(world):
    table = read_table()
    pristine = world.fingerprint()
    cells = 0
    mismatches: list[str] = []
    server_errors: list[str] = []
    written: list[str] = []
    for rule, method in routes(world.app):
        expected = table.get((rule.rule, method))
        if expected is None:
            continue  # reported by the test above
        url = url_of(world, rule)
        for principal in PRINCIPALS:
            response = send(world, principal, method, url)
            got = outcome(response)
            cells += 1
            cell = f"{method} {url} as {principal}"
            if got == "5xx":
                server_errors.append(f"{cell}: {response.status_code}")
            if got != expected[principal]:
                mismatches.append(
                    f"{cell} ({rule.rule}): the table says {expected[principal]}, "
                    f"the app answered {response.status_code} ({got})"
                )
            if response.written is not None and got != "allow":
                tables = changed_tables(pristine, response.written)
                if tables:
                    written.append(f"{cell} was refused ({got}) but changed {tables}")
    battery.count("cells", cells)
    battery.count("mismatches", len(mismatches))
    assert cells == len(table) * len(PRINCIPALS)
    assert not server_errors, "server errors:\n" + "\n".join(server_errors)
    assert not mismatches, f"{len(mismatches)} cells differ from {TABLE.name}:\n" + "\n".join(mismatches)
    assert not written, "refused requests that wrote to the database:\n" + "\n".join(written)


# --- 2. Another person's records (IDOR) --------------------------------------------------------------------


def kind_of(rule: Rule) -> str | None:
    """The kind of record a route's URL names (its most specific argument), or None for no one's."""
    if rule.endpoint.endswith(("export", "pool_export", "reports_csv")):
        return "export"
    if rule.endpoint == "jobs_recruit.pool":
        return "pool"
    if rule.endpoint in ("profile.edit_skill", "profile.remove_skill"):
        return "skills entry"
    if rule.endpoint == "jobs_recruit.remove_skill":
        return "process skill"
    named = [name for name in RECORD_KINDS if name in rule.arguments]
    if not named:
        return None
    # The deepest record of the path: a run's result rather than its request, a step rather than its process.
    return RECORD_KINDS[max(named, key=lambda name: rule.rule.index(f"{name}>"))]


def test_nobody_reaches_another_persons_records_by_their_ids(world):
    """Candidate B, manager B and the other recruiter ask for A's records, by GET and by POST (with a valid
    token): each is refused (403 or 404) and the database is as it was after each POST. Those the table
    allows on a route (the whole recruitment team works on every request) are not attackers there."""
    table = read_table()
    pristine = world.fingerprint()
    probed: dict[str, int] = {}
    failures: list[str] = []
    for rule, method in routes(world.app):
        kind = kind_of(rule)
        expected = table.get((rule.rule, method))
        if kind is None or kind == "private link" or expected is None:
            continue
        url = url_of(world, rule)
        for attacker in ATTACKERS:
            if expected[attacker] == "allow":
                continue
            response = send(world, attacker, method, url)
            probed[kind] = probed.get(kind, 0) + 1
            cell = f"{method} {url} ({kind}) as {attacker}"
            if response.status_code not in (403, 404):
                failures.append(f"{cell}: answered {response.status_code}, not 403 or 404")
            if response.written is not None:
                tables = changed_tables(pristine, response.written)
                if tables:
                    failures.append(f"{cell}: refused, but changed {tables}")
    battery.count("idor_probes", sum(probed.values()))
    assert not failures, "\n".join(failures)
    assert set(probed) >= EXPECTED_KINDS, f"kinds of record never probed: {EXPECTED_KINDS - set(probed)}"


# (endpoint prefix, argument, the record of another parent it gets, who asks): the principal may use the
# parent in the URL, but the record named under it belongs to another one.
UNDER_ANOTHER_PARENT = (
    ("jobs_recruit.", "step_id", "other_step", "rec_own"),
    ("jobs_recruit.", "question_id", "other_question", "rec_own"),
    ("jobs_recruit.remove_skill", "row_id", "other_process_skill", "rec_own"),
    ("profile.skill_link", "link_id", "other_link", "cand_a"),
    ("matching_review.", "run_id", "other_run", "rec_own"),
    ("jobs_request_team.selection", "referral_id", "other_referral", "rec_own"),
    ("matching_review.manager_fit", "user_id", "cand_b", "mgr_a"),
    ("jobs_talent.group", "group_id", "other_group", "coord_own"),
)


def test_a_record_named_under_another_records_address_is_not_found(world):
    """A step, question or skill of another process under this process's address, another candidate's
    experience link under one's own experience, another request's run or referral under this request's,
    a candidate not referred under the manager's request: 404, and nothing written."""
    pristine = world.fingerprint()
    probes = 0
    failures: list[str] = []
    for prefix, argument, key, principal in UNDER_ANOTHER_PARENT:
        matched = [
            (rule, method)
            for rule, method in routes(world.app)
            if rule.endpoint.startswith(prefix) and argument in rule.arguments
        ]
        assert matched, f"no route of {prefix} takes <{argument}>"
        for rule, method in matched:
            other = str(world.ids["users"].get(key, world.ids.get(key)))
            url = url_of(world, rule, **{argument: other})
            response = send(world, principal, method, url)
            probes += 1
            if response.status_code != 404:
                failures.append(f"{method} {url} as {principal}: {response.status_code}, not 404")
            if response.written is not None:
                tables = changed_tables(pristine, response.written)
                if tables:
                    failures.append(f"{method} {url} as {principal} changed {tables}")
    battery.count("idor_probes", probes)
    assert not failures, "\n".join(failures)


def test_a_private_link_with_another_token_finds_nothing(world):
    """The links that are their own key (a guest's tracking page, a password reset, an address
    confirmation) answer nothing for a token that is not one, however close to a real one, and a POST with
    it writes nothing."""
    pristine = world.fingerprint()
    probes = 0
    failures: list[str] = []
    for rule, method in routes(world.app):
        if "token" not in rule.arguments:
            continue
        real = value_of(world, rule.endpoint, "token")
        for forged in (real[:-1] + ("A" if real[-1] != "A" else "B"), real[:20], "x" * len(real)):
            url = url_of(world, rule, token=forged)
            with world.isolated("cand_b") as client:
                data = {"csrf_token": world.tokens["cand_b"]} if method in WRITES else {}
                response = client.open(url, method=method, data=data)
                tables = changed_tables(pristine, world.fingerprint())
            probes += 1
            if response.status_code not in (404, 410):
                failures.append(f"{method} {url}: {response.status_code}, not 404 or 410")
            if tables:
                failures.append(f"{method} {url} changed {tables}")
    battery.count("idor_probes", probes)
    assert not failures, "\n".join(failures)
    assert probes >= 9  # three links, each asked three ways at least


# --- 3. CSRF ---------------------------------------------------------------------------------------------


def test_every_state_changing_route_refuses_a_request_without_its_csrf_token(world):
    """Every POST, PUT, PATCH and DELETE of the URL map, sent without a token by a principal the table
    allows there: the CSRF answer (400), and not one row written (the audit trail included)."""
    table = read_table()
    pristine = world.fingerprint()
    refused = 0
    failures: list[str] = []
    for rule, method in routes(world.app):
        if method not in WRITES:
            continue
        expected = table.get((rule.rule, method))
        assert expected is not None, f"{method} {rule.rule} is not in {TABLE.name}"
        allowed = [p for p in (*SIGNED_IN, "guest") if expected[p] == "allow"]
        principal = allowed[0] if allowed else "guest"
        url = url_of(world, rule)
        response = send(world, principal, method, url, token=False)
        if csrf_refused(response):
            refused += 1
        else:
            failures.append(f"{method} {url} as {principal}: {response.status_code}, not the CSRF answer")
        tables = changed_tables(pristine, response.written or pristine)
        if tables:
            failures.append(f"{method} {url} as {principal} without a token changed {tables}")
    battery.count("csrf_refused", refused)
    assert not failures, "\n".join(failures)
    assert refused > 50  # the walk found the routes


# --- 4. Security headers -----------------------------------------------------------------------------------

HEADERS = {
    "Content-Security-Policy": lambda value: "default-src" in value and "'unsafe-inline'" not in value,
    "X-Content-Type-Options": lambda value: value == "nosniff",
    "X-Frame-Options": lambda value: value == "DENY",
    "Referrer-Policy": lambda value: value in ("strict-origin-when-cross-origin", "no-referrer"),
}


def header_problems(response: Any, signed_in: bool, static: bool) -> list[str]:
    problems = [
        f"{name}: {response.headers.get(name)!r}"
        for name, good in HEADERS.items()
        if not good(response.headers.get(name, ""))
    ]
    if "Strict-Transport-Security" in response.headers:
        problems.append("HSTS on a plain-HTTP request")
    # Static files carry no one's data: their own caching rules hold.
    if signed_in and not static and "no-store" not in response.headers.get("Cache-Control", ""):
        problems.append(f"Cache-Control: {response.headers.get('Cache-Control')!r} for a signed-in person")
    return problems


def test_every_page_answers_with_the_security_headers(world):
    """Every GET route, for a guest and for a signed-in person the table lets in (or one it refuses when
    none may): the policy headers, ``no-store`` when signed in, and no HSTS over plain HTTP."""
    table = read_table()
    checked = 0
    failures: list[str] = []
    for rule, method in routes(world.app):
        if method != "GET":
            continue
        expected = table[rule.rule, method]
        url = url_of(world, rule)
        allowed = [p for p in SIGNED_IN if expected[p] == "allow"]
        for principal in ("guest", allowed[0] if allowed else "cand_a"):
            response = send(world, principal, method, url)
            problems = header_problems(response, principal != "guest", rule.endpoint == "static")
            if problems:
                failures.append(f"GET {url} as {principal} ({response.status_code}): {'; '.join(problems)}")
        checked += 1
    battery.count("header_routes", checked)
    assert not failures, "\n".join(failures)


def test_hsts_is_sent_over_https_only(world):
    with world.isolated("guest") as client:
        secure = client.get("/en/", base_url="https://localhost")
        plain = client.get("/en/")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in plain.headers
