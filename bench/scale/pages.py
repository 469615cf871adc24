"""Simulated users on every page type: a bounded load generator (threads, one keep-alive connection per
user, standard library only) against a real gunicorn server on 127.0.0.1. Each user signs in with a
builder's account, then loops over its role's pages (weighted) with a think time between pages, until
the time is up or the request budget is spent."""

from __future__ import annotations

import random
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from typing import Any

from tqdm import tqdm

from bench.scale import common
from bench.scale.client import Client

# Simulated users per role, out of 50 (scaled for other counts).
ROLES = {"anonymous": 10, "candidate": 15, "manager": 8, "recruiter": 14, "admin": 3}
# Page types each role visits, with weights.
PAGES = {
    "anonymous": {"job board": 5, "job ad": 4, "find talent": 3},
    "candidate": {"job board": 3, "job ad": 3, "my applications": 3, "profile": 3},
    "manager": {"find talent": 5, "job board": 1},
    "recruiter": {
        "process list": 2,
        "applicants": 3,
        "pool": 3,
        "requests queue": 3,
        "request page": 3,
        "match review": 2,
        "reports": 1,
        "find talent": 1,
    },
    "admin": {"admin users": 3, "audit log": 3, "reports": 1, "requests queue": 1},
}


def targets(name: str) -> dict[str, Any]:
    """Ids the pages need, read from the built database."""
    import psycopg

    with psycopg.connect(common.db_url(name)) as conn:

        def ids(sql: str) -> list[Any]:
            return [row[0] if len(row) == 1 else row for row in conn.execute(sql)]

        return {
            "open": ids(
                "SELECT id FROM processes WHERE closing_at > now() AND published_at IS NOT NULL ORDER BY id"
            ),
            "processes": ids("SELECT id FROM processes WHERE published_at IS NOT NULL ORDER BY id"),
            # (recruiter e-mail, a process they run): recruiters see the processes they run.
            "runs": ids(
                "SELECT u.email, pr.process_id FROM process_recruiters pr JOIN users u ON u.id = pr.user_id "
                "ORDER BY pr.process_id"
            ),
            "requests": ids(
                "SELECT id FROM talent_requests WHERE status <> 'completed' ORDER BY id DESC LIMIT 2000"
            ),
            "match": ids("SELECT request_id, id FROM match_runs WHERE status = 'done' ORDER BY id"),
            "applicants": ids(
                "SELECT u.email FROM users u WHERE u.role = 'candidate' AND EXISTS "
                "(SELECT 1 FROM applications a WHERE a.user_id = u.id) ORDER BY u.id LIMIT 5000"
            ),
            "skills": ids(
                "SELECT s.key FROM process_skills ps JOIN skills s ON s.id = ps.skill_id "
                "GROUP BY s.key ORDER BY count(*) DESC LIMIT 30"
            ),
            "codes": ids(
                "SELECT DISTINCT c.\"group\" || '-' || lpad(c.level::text, 2, '0') FROM processes p "
                "JOIN classifications c ON c.id = p.classification_id"
            ),
        }


def path_for(page: str, rng: random.Random, t: dict[str, Any], user: dict[str, Any]) -> str:
    if page == "job board":
        return "/en/jobs" + ("?page=2" if rng.random() < 0.2 else "")
    if page == "job ad":
        return f"/en/jobs/{rng.choice(t['open'] or t['processes'])}"
    if page == "find talent":
        params = [("classifications", rng.choice(t["codes"]))] if rng.random() < 0.6 else []
        if rng.random() < 0.5:
            params.append(("skills", rng.choice(t["skills"])))
        if rng.random() < 0.3:
            params.append(("language", rng.choice(("english", "french", "bilingual"))))
        return "/en/find-talent" + ("?" + urllib.parse.urlencode(params) if params else "")
    if page == "my applications":
        return "/en/applications"
    if page == "profile":
        return "/en/profile"
    if page == "process list":
        return "/en/recruit/processes"
    if page == "applicants":
        return f"/en/recruit/processes/{rng.choice(user['processes'])}/applicants"
    if page == "pool":
        return f"/en/recruit/processes/{rng.choice(user['processes'])}/pool"
    if page == "requests queue":
        return "/en/recruit/requests" + rng.choice(("", "?status=new", "?status=in_progress"))
    if page == "request page":
        return f"/en/recruit/requests/{rng.choice(t['requests'])}"
    if page == "match review":
        request_id, run_id = rng.choice(t["match"])
        return f"/en/recruit/requests/{request_id}/matching/runs/{run_id}"
    if page == "reports":
        return "/en/recruit/reports"
    if page == "admin users":
        return "/en/admin/users" + ("?page=3" if rng.random() < 0.3 else "")
    if page == "audit log":
        return "/en/admin/audit"
    raise ValueError(page)


def users(n: int, t: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """``n`` simulated users, split by role as ROLES says, each with an account of that role."""
    total = sum(ROLES.values())
    counts = {role: max(1, round(n * share / total)) for role, share in ROLES.items()}
    counts["candidate"] += n - sum(counts.values())
    by_recruiter: dict[str, list[int]] = defaultdict(list)
    for email, process_id in t["runs"]:
        by_recruiter[email].append(process_id)
    recruiters = sorted(by_recruiter)
    out = []
    for role, count in counts.items():
        for k in range(count):
            user: dict[str, Any] = {"role": role, "email": None, "processes": []}
            if role == "candidate":
                user["email"] = rng.choice(t["applicants"])
            elif role == "manager":
                user["email"] = f"manager{k % common.MANAGERS + 1}@{common.DOMAIN}"
            elif role == "recruiter":
                user["email"] = recruiters[k % len(recruiters)]
                user["processes"] = by_recruiter[user["email"]]
            elif role == "admin":
                user["email"] = f"admin@{common.DOMAIN}"
            out.append(user)
    return out


def run(
    name: str,
    *,
    n_users: int = 50,
    seconds: float = 120,
    think: tuple[float, float] = (1.0, 3.0),
    max_requests: int = 200_000,
    seed: int = 1,
    quiet: bool = False,
) -> dict[str, Any]:
    rng = random.Random(seed)
    t = targets(name)
    if not t["match"]:
        PAGES["recruiter"].pop("match review", None)
    people = users(n_users, t, rng)
    samples: list[tuple[str, int, float]] = []
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    budget = [max_requests]
    with common.server(name) as base:
        clients = []
        sessions: dict[str, dict[str, str]] = {}  # one sign-in per account, its session shared (tabs)
        for user in tqdm(people, desc="signing in", unit="user", disable=quiet, leave=False):
            client = Client(base)
            email = user["email"]
            if email in sessions:
                client.cookies = dict(sessions[email])
            elif email:
                if client.sign_in(email, common.PASSWORD, common.TOTP_SECRET):
                    sessions[email] = dict(client.cookies)
                else:
                    failures["sign-in"] += 1
            clients.append(client)
        stop = time.monotonic() + seconds
        bar = tqdm(total=int(seconds), desc="pages", unit="s", disable=quiet, leave=False)

        def simulate(user: dict[str, Any], client: Client, own: random.Random) -> None:
            pages = PAGES[user["role"]]
            names, weights = list(pages), list(pages.values())
            while time.monotonic() < stop:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                page = own.choices(names, weights=weights)[0]
                status, _, ms = client.get(path_for(page, own, t, user))
                with lock:
                    samples.append((page, status, ms))
                time.sleep(min(own.uniform(*think), max(0.0, stop - time.monotonic())))

        threads = [
            threading.Thread(
                target=simulate, args=(user, client, random.Random(seed * 1000 + k)), daemon=True
            )
            for k, (user, client) in enumerate(zip(people, clients, strict=True))
        ]
        for thread in threads:
            thread.start()
            time.sleep(0.05)  # a ramp of a few seconds, not 50 requests at the same instant
        while any(thread.is_alive() for thread in threads):
            time.sleep(1)
            bar.n = min(int(seconds), int(seconds - max(0.0, stop - time.monotonic())))
            bar.refresh()
            if time.monotonic() > stop + 180:  # a stuck request: leave it (daemon threads)
                break
        bar.close()
        for client in clients:
            client.close()
    by_page: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    for page, status, ms in samples:
        by_page[page].append(ms)
        statuses[page][status] += 1
        if status != 200:
            errors[page] += 1
    return {
        "users": n_users,
        "seconds": seconds,
        "think": think,
        "requests": len(samples),
        "sign_in_failures": failures["sign-in"],
        "pages": {
            page: {**common.percentiles(values), "errors": errors[page], "statuses": dict(statuses[page])}
            for page, values in sorted(by_page.items())
        },
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        "| page type | requests | p50 (ms) | p95 (ms) | max (ms) | errors | statuses | p95 <= 300 ms |",
        "|---|---:|---:|---:|---:|---:|---|:---:|",
    ]
    for page, p in result["pages"].items():
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(p["statuses"].items()))
        ok = "yes" if p["p95"] <= 300 and not p["errors"] else "no"
        lines.append(
            f"| {page} | {p['n']} | {p['p50']:.0f} | {p['p95']:.0f} "
            f"| {p['max']:.0f} | {p['errors']} | {statuses} | {ok} |"
        )
    return "\n".join(lines)
