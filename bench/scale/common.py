"""What the parts of the scale benchmark share: the bench database and Redis, the app's environment, the
known password, percentiles, and a real server process (gunicorn, as ``scripts/run.sh`` starts it)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_SCALE_REDIS", "redis://127.0.0.1:6379/7")
DEFAULT_DB = "bench_scale"
# Every account the builder creates signs in with this password (hashed once, the hash reused).
PASSWORD = "scale-bench-Known-pass-2026"
SECRET = "bench-scale-secret-key-0123456789-0123456789-0123456789"
DOMAIN = "scale.example.com"
# Recruiters and admins sign in with a second factor: every staff account shares this TOTP secret.
TOTP_SECRET = "BENCHSCALETOTPSECRETBENCHSCALE23"
# Staff accounts: admin@, recruiter1@ ... recruiterN@, manager1@ ... managerN@ (candidates: c<n>@).
RECRUITERS = 20
MANAGERS = 200


def check_db_name(name: str) -> str:
    """Only databases named ``bench_scale...`` are ever dropped and rebuilt by the benchmark."""
    if not re.fullmatch(r"bench_scale[a-z0-9_]*", name):
        raise SystemExit(f"the bench database must be named bench_scale[a-z0-9_]*, not {name!r}")
    return name


def db_url(name: str) -> str:
    return f"{PG}/{check_db_name(name)}"


def app_env(name: str, **extra: str) -> dict[str, str]:
    """The environment of every process that runs the app against the bench database."""
    return {
        **os.environ,
        "TALENT_DATABASE_URL": db_url(name),
        "TALENT_REDIS_URL": REDIS,
        "TALENT_SECRET_KEY": SECRET,
        **extra,
    }


def make_app(name: str, test_config: dict[str, Any] | None = None, **extra: str) -> Any:
    """The app, in this process, on the bench database (the environment is set first: create_app reads it)."""
    os.environ.update(app_env(name, **extra))
    from talent import create_app

    return create_app(test_config)


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of ``values`` (milliseconds in, milliseconds out; nearest rank)."""
    if not values:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "p99": float("nan"), "max": float("nan")}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]

    return {"n": len(ordered), "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": ordered[-1]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(
    name: str, *, workers: int = 2, threads: int = 4, timeout: float = 60, index_timeout: float = 1800
) -> Iterator[str]:
    """A gunicorn process serving the app on 127.0.0.1 (a free port) with the bench database, as
    ``scripts/run.sh`` starts it (2 workers, 4 threads), without the access log; yields its base URL
    once every worker has built its talent index (``gunicorn.conf.py`` builds it as the worker starts:
    the benchmark times a server in service, not one warming up).
    Rate limits are off (they would answer 429 to a load generator on one address: the benchmark times
    the pages, not the limiter) and tasks are only recorded (no worker is part of a page)."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-scale-gunicorn-", suffix=".log")  # noqa: SIM115
    env = app_env(name, TALENT_RATELIMIT_ENABLED="false", TALENT_TASK_DISPATCH="record")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "talent:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"gunicorn stopped:\n{log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz in time")
            time.sleep(0.3)
        _wait_for_indexes(proc, log, workers, index_timeout)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.seek(0)
        errors = [line for line in log if "Traceback" in line or " ERROR " in line]
        if errors:
            print(f"  server log: {len(errors)} error lines (first: {errors[0].strip()[:200]})", flush=True)
        log.close()


INDEX_BUILT = "talent index built in"


def _wait_for_indexes(proc: subprocess.Popen[bytes], log: Any, workers: int, timeout: float) -> None:
    """Until the server's log says each of its ``workers`` built its index (``jobs.services.talent_search``
    logs it), printing the build times."""
    if os.environ.get("TALENT_COUNT_INDEX", "true").strip().lower() in ("false", "0", "no", "off"):
        return  # counts read the database: no index to wait for
    deadline = time.monotonic() + timeout
    while True:
        log.seek(0)
        built = [line.strip() for line in log if INDEX_BUILT in line]
        if len(built) >= workers:
            times = [line.split(INDEX_BUILT, 1)[1].strip() for line in built]
            print(f"  talent index built by {len(built)} workers: {', '.join(times)}", flush=True)
            return
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn stopped:\n{log.read()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the workers did not build their talent index in {timeout:.0f} s")
        time.sleep(1)


def database_size(name: str) -> int:
    import psycopg

    with psycopg.connect(f"{PG}/postgres") as conn:
        row = conn.execute("SELECT pg_database_size(%s)", (name,)).fetchone()
    return int(row[0]) if row else 0


def machine() -> str:
    from bench.speed import cpu_model

    return f"{os.cpu_count()} cores ({cpu_model()})"
