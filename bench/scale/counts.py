"""Time ``GET /api/talent-count`` with a realistic mix of filters, signed in (manager, recruiter) and
anonymous: through a real gunicorn server on 127.0.0.1, and in-process through the Flask test client
(the count alone, without the network and the server's workers)."""

from __future__ import annotations

import logging
import random
import time
import urllib.parse
from collections import Counter, defaultdict
from typing import Any

from tqdm import tqdm

from bench.scale import common
from bench.scale.client import Client, totp_code

# (kind, role, weight): who asks what, and how often.
MIX = (
    ("none", "anonymous", 12),
    ("classification", "anonymous", 14),
    ("skills any", "manager", 14),
    ("skills all", "recruiter", 8),
    ("language", "anonymous", 10),
    ("regions + arrangements", "manager", 10),
    ("operational requirements", "manager", 6),
    ("durations", "anonymous", 5),
    ("equity", "manager", 5),
    ("combo", "manager", 10),
    ("combo", "recruiter", 6),
)


def facts(name: str) -> dict[str, Any]:
    """What the filters draw from: the pools' classifications and the skills the processes ask for."""
    import psycopg

    with psycopg.connect(common.db_url(name)) as conn:
        codes = [
            f"{group}-{level:02d}"
            for group, level in conn.execute(
                'SELECT DISTINCT c."group", c.level FROM processes p JOIN classifications c '
                "ON c.id = p.classification_id ORDER BY 1, 2"
            )
        ]
        skills = [
            key
            for (key,) in conn.execute(
                "SELECT s.key FROM process_skills ps JOIN skills s ON s.id = ps.skill_id "
                "WHERE s.category = 'technical' GROUP BY s.key ORDER BY count(*) DESC LIMIT 60"
            )
        ]
        (members,) = conn.execute(
            "SELECT count(DISTINCT user_id) FROM applications WHERE decision = 'qualified' "
            "AND submitted_at IS NOT NULL AND removed_at IS NULL AND paused_at IS NULL "
            "AND (suspended_at IS NULL OR suspended_at > now()) "
            "AND (expiry_date IS NULL OR expiry_date >= current_date) "
            "AND (placement IS NULL OR placement IN ('tentative', 'casual'))"
        ).fetchone()
    return {"codes": codes, "skills": skills, "members": members}


def query(rng: random.Random, kind: str, f: dict[str, Any]) -> list[tuple[str, str]]:
    from talent import vocab

    def some(values: Any, k: int) -> list[str]:
        return rng.sample(list(values), k)

    if kind == "none":
        return []
    if kind == "classification":
        return [("classifications", rng.choice(f["codes"]))]
    if kind in ("skills any", "skills all"):
        params = [("skills", s) for s in rng.sample(f["skills"][:30], rng.randint(1, 3))]
        return params + ([("skill_mode", "all")] if kind == "skills all" else [])
    if kind == "language":
        return [("language", rng.choice(("english", "french", "bilingual")))]
    if kind == "regions + arrangements":
        return [("regions", r) for r in some(vocab.WORK_REGIONS, 2)] + [
            ("arrangements", a) for a in some(vocab.WORK_ARRANGEMENTS, rng.randint(1, 2))
        ]
    if kind == "operational requirements":
        return [
            ("operational_requirements", o) for o in some(vocab.OPERATIONAL_REQUIREMENTS, rng.randint(1, 2))
        ]
    if kind == "durations":
        return [("durations", rng.choice(("term", "indeterminate")))]
    if kind == "equity":
        return [("equity", e) for e in some(vocab.EQUITY_GROUPS, rng.randint(1, 2))]
    return [  # combo: what a manager narrows to
        ("classifications", rng.choice(f["codes"])),
        ("language", rng.choice(("english", "bilingual"))),
        ("regions", rng.choice(list(vocab.WORK_REGIONS))),
        ("arrangements", "remote"),
        ("skills", rng.choice(f["skills"][:20])),
        ("durations", "indeterminate"),
    ]


def plan(seed: int, n: int, f: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``n`` (kind, role, path) drawn from the mix."""
    rng = random.Random(seed)
    picks = rng.choices(MIX, weights=[w for _, _, w in MIX], k=n)
    return [
        (kind, role, "/api/talent-count?" + urllib.parse.urlencode(query(rng, kind, f)))
        for kind, role, _ in picks
    ]


def summarise(samples: list[tuple[str, str, int, float]]) -> dict[str, Any]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, _role, _status, ms in samples:
        by_kind[kind].append(ms)
    return {
        "all": common.percentiles([ms for *_, ms in samples]),
        "errors": sum(1 for _, _, status, _ in samples if status != 200),
        "statuses": dict(Counter(status for _, _, status, _ in samples)),
        "kinds": {kind: common.percentiles(values) for kind, values in sorted(by_kind.items())},
    }


def over_http(name: str, queries: list[tuple[str, str, str]], seconds: float, quiet: bool) -> dict[str, Any]:
    samples: list[tuple[str, str, int, float]] = []
    with common.server(name) as base:
        clients = {role: Client(base, timeout=120) for role in ("anonymous", "manager", "recruiter")}
        for role, email in (("manager", "manager1"), ("recruiter", "recruiter1")):
            if not clients[role].sign_in(f"{email}@{common.DOMAIN}", common.PASSWORD, common.TOTP_SECRET):
                raise RuntimeError(f"could not sign in as {email}")
        clients["anonymous"].get("/healthz")
        # Warm-up: the workers' first requests load templates and caches.
        for _kind, role, path in queries[:3]:
            clients[role].get(path)
        deadline = time.monotonic() + seconds
        for kind, role, path in tqdm(
            queries, desc="counts over HTTP", unit="request", disable=quiet, leave=False
        ):
            status, _, ms = clients[role].get(path)
            samples.append((kind, role, status, ms))
            if time.monotonic() > deadline:
                break
        for client in clients.values():
            client.close()
    return summarise(samples)


def in_process(name: str, queries: list[tuple[str, str, str]], seconds: float, quiet: bool) -> dict[str, Any]:
    app = common.make_app(
        name, {"TASK_DISPATCH": "record", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}
    )
    clients = {role: app.test_client() for role in ("anonymous", "manager", "recruiter")}
    for role, email in (("manager", "manager1"), ("recruiter", "recruiter1")):
        address = f"{email}@{common.DOMAIN}"
        answer = clients[role].post("/en/login", data={"email": address, "password": common.PASSWORD})
        if "/login/code" in answer.headers.get("Location", ""):
            code = totp_code(address, common.TOTP_SECRET)
            answer = clients[role].post("/en/login/code", data={"code": code})
        if answer.status_code not in (302, 303) or "/login" in answer.headers.get("Location", ""):
            raise RuntimeError(f"could not sign in as {email}")
    samples: list[tuple[str, str, int, float]] = []
    for _kind, role, path in queries[:3]:
        clients[role].get(path)
    deadline = time.monotonic() + seconds
    logging.disable(logging.ERROR)  # a failing count logs its traceback: counted here, not printed
    for kind, role, path in tqdm(
        queries, desc="counts in-process", unit="request", disable=quiet, leave=False
    ):
        started = time.perf_counter()
        answer = clients[role].get(path)
        samples.append((kind, role, answer.status_code, (time.perf_counter() - started) * 1000))
        if time.monotonic() > deadline:
            break
    logging.disable(logging.NOTSET)
    from talent.extensions import db

    with app.app_context():
        db.engine.dispose()
    return summarise(samples)


def run(
    name: str, *, requests: int = 300, seconds: float = 120, seed: int = 1, quiet: bool = False
) -> dict[str, Any]:
    f = facts(name)
    queries = plan(seed, requests, f)
    return {
        "members": f["members"],
        "http": over_http(name, queries, seconds, quiet),
        "in_process": in_process(name, queries, seconds, quiet),
        "requests": requests,
        "seconds": seconds,
    }


def table(result: dict[str, Any]) -> str:
    def cells(p: dict[str, float]) -> str:
        return f"{p['p50']:.0f} | {p['p95']:.0f} | {p['p99']:.0f} | {p['max']:.0f}"

    lines = [
        "| path | requests | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | errors (non-200) | statuses |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, key in (
        ("gunicorn on 127.0.0.1 (2 workers x 4 threads)", "http"),
        ("Flask test client, in-process", "in_process"),
    ):
        part = result[key]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(part["statuses"].items()))
        lines.append(
            f"| {label} | {part['all']['n']} | {cells(part['all'])} | {part['errors']} | {statuses} |"
        )
    lines += [
        "",
        "Per filter kind (gunicorn):",
        "",
        "| filters | requests | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, p in result["http"]["kinds"].items():
        lines.append(f"| {kind} | {p['n']} | {cells(p)} |")
    return "\n".join(lines)
