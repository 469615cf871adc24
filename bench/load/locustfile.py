"""Locust users of every role on the scale benchmark's database (``python -m bench.load`` runs it).

Each simulated person signs in through the real forms (CSRF token, and the two-factor code for staff,
from the builder's shared TOTP secret), then visits its role's pages with a think time, as
``bench.scale.pages`` does with threads. The pages' targets (ids, e-mail addresses) come from the JSON
file named by ``BENCH_LOAD_TARGETS``, written by the runner from the built database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from bench.scale import common
from bench.scale.client import totp_code
from bench.scale.pages import path_for

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_TARGETS_FILE = os.environ.get("BENCH_LOAD_TARGETS")
TARGETS = json.loads(Path(_TARGETS_FILE).read_text()) if _TARGETS_FILE else {}
_numbers = itertools.count()


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        # gunicorn closes a connection idle for 2 s (its keep-alive), the think time is 1 to 3 s: a GET
        # sent on a connection closed meanwhile is sent again once, as browsers do (RFC 9112, 9.3.1).
        retry = Retry(total=1, connect=1, read=1, status=0, allowed_methods=frozenset({"GET"}))
        self.client.mount("http://", HTTPAdapter(max_retries=retry))
        self.rng = random.Random(next(_numbers))
        self.me: dict[str, object] = {"processes": []}
        email = self.account()
        if email:
            self.sign_in(email)

    def account(self) -> str | None:
        return None

    def sign_in(self, email: str) -> None:
        page = self.client.get("/en/login", name="sign in (form)")
        token = CSRF.search(page.text)
        data = {"email": email, "password": common.PASSWORD, "csrf_token": token.group(1) if token else ""}
        answer = self.client.post("/en/login", data=data, name="sign in", allow_redirects=False)
        if "/login/code" in answer.headers.get("Location", ""):
            page = self.client.get("/en/login/code", name="sign in (code form)")
            token = CSRF.search(page.text)
            data = {
                "code": totp_code(email, common.TOTP_SECRET),
                "csrf_token": token.group(1) if token else "",
            }
            answer = self.client.post(
                "/en/login/code", data=data, name="sign in (code)", allow_redirects=False
            )
        if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
            raise RuntimeError(f"{email} could not sign in ({answer.status_code})")

    def visit(self, page: str) -> None:
        path = path_for(page, self.rng, TARGETS, self.me)
        self.client.get(path, name=page)


class Visitor(Person):
    weight = 10

    @task(5)
    def board(self) -> None:
        self.visit("job board")

    @task(4)
    def ad(self) -> None:
        self.visit("job ad")

    @task(3)
    def find(self) -> None:
        self.visit("find talent")

    @task(1)
    def counts(self) -> None:
        code = self.rng.choice(TARGETS["codes"])
        self.client.get(f"/api/talent-count?classifications={code}", name="counts API")


class Candidate(Person):
    weight = 15

    def account(self) -> str | None:
        return str(self.rng.choice(TARGETS["applicants"]))

    @task(3)
    def board(self) -> None:
        self.visit("job board")

    @task(3)
    def ad(self) -> None:
        self.visit("job ad")

    @task(3)
    def applications(self) -> None:
        self.visit("my applications")

    @task(3)
    def profile(self) -> None:
        self.visit("profile")


class Manager(Person):
    weight = 8

    def account(self) -> str | None:
        return f"manager{self.rng.randint(1, common.MANAGERS)}@{common.DOMAIN}"

    @task(5)
    def find(self) -> None:
        self.visit("find talent")

    @task(1)
    def board(self) -> None:
        self.visit("job board")


class Recruiter(Person):
    weight = 14

    def account(self) -> str | None:
        runs: dict[str, list[int]] = {}
        for email, process_id in TARGETS["runs"]:
            runs.setdefault(email, []).append(process_id)
        email = sorted(runs)[self.rng.randrange(len(runs))]
        self.me["processes"] = runs[email]
        return email

    @task(2)
    def processes(self) -> None:
        self.visit("process list")

    @task(3)
    def applicants(self) -> None:
        self.visit("applicants")

    @task(3)
    def pool(self) -> None:
        self.visit("pool")

    @task(3)
    def queue(self) -> None:
        self.visit("requests queue")

    @task(3)
    def request(self) -> None:
        self.visit("request page")

    @task(2)
    def review(self) -> None:
        if TARGETS["match"]:
            self.visit("match review")

    @task(1)
    def reports(self) -> None:
        self.visit("reports")


class Admin(Person):
    weight = 3

    def account(self) -> str | None:
        return f"admin@{common.DOMAIN}"

    @task(3)
    def users(self) -> None:
        self.visit("admin users")

    @task(3)
    def audit(self) -> None:
        self.visit("audit log")

    @task(1)
    def reports(self) -> None:
        self.visit("reports")
