"""Time the request reports and the streamed CSV exports over many rows, and measure their memory.

    python -m bench.reports --requests 20000 --pool 20000

Uses the real PostgreSQL (a database of its own, ``bench_reports``, dropped and rebuilt; ``--skip-build``
keeps it): ``--requests`` talent requests over two years with 0 to 5 referrals each, and a process whose
pool has ``--pool`` qualified members (a second process holds a tenth of them, to compare the memory of
two sizes). Then, through the app as a browser reaches it (signed in as a recruiter): the reports page,
its CSV and the pool CSVs, each timed cold and best of ``--repeat``; and, with tracemalloc, the peak
memory a streamed response takes while it is read chunk by chunk (the chunks thrown away, as a server
sends them), beside the size of the file. Run by hand, not by ``make test``; prints, writes nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.progress import bar
from bench.scale.client import totp_code
from bench.scale.common import TOTP_SECRET

PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
DB_NAME = "bench_reports"
DB_URL = f"{PG}/{DB_NAME}"
PASSWORD = "bench password 0123456789"
TARGET_S = 2.0  # the bound for the reports page over 20,000 requests


def _env() -> dict[str, str]:
    return {
        "TALENT_DATABASE_URL": DB_URL,
        "TALENT_SECRET_KEY": "bench-secret-key-0123456789-0123456789-0123456789",
    }


def _app() -> Any:
    os.environ.update(_env())
    from talent import create_app

    return create_app({"TASK_DISPATCH": "record", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})


def build(n_requests: int, n_pool: int, seed: int) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(
        PG.replace("postgresql://", "postgresql+psycopg://") + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {DB_NAME}"))
    admin.dispose()
    app = _app()
    from flask_migrate import upgrade

    from talent.extensions import db

    with app.app_context():
        upgrade()
        from talent.reference.services import seed_reference

        seed_reference()
        db.session.commit()
        _generate(db, n_requests, n_pool, seed)
        db.engine.dispose()


def _copy(conn: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        while data := buffer.read(1 << 20):
            copy.write(data)


def _generate(db: Any, n_requests: int, n_pool: int, seed: int) -> None:
    from sqlalchemy import select

    from jobs.models import Process
    from talent.models import Classification, Department, Role, User
    from talent.passwords import hash_password

    rng = random.Random(seed)
    it03 = db.session.scalars(
        select(Classification).where(Classification.group == "IT", Classification.level == 3)
    ).one()
    departments = list(db.session.scalars(select(Department.id).order_by(Department.id)))
    recruiter = User(
        email="bench-recruiter@example.com",
        password_hash=hash_password(PASSWORD),
        role=Role.RECRUITER,
        first_name="Bench",
        last_name="Recruiter",
        email_verified_at=datetime.now(UTC),
        mfa_secret=TOTP_SECRET,
        mfa_enabled_at=datetime.now(UTC),
    )
    manager = User(email="bench-manager@example.com", password_hash="x", role=Role.MANAGER)
    db.session.add_all([recruiter, manager])
    db.session.flush()
    processes = []
    for title in ("Bench pool", "Bench small pool"):
        process = Process(
            created_by_id=recruiter.id,
            title_en=title,
            title_fr=title,
            classification_id=it03.id,
            published_at=datetime.now(UTC),
        )
        process.recruiters.append(recruiter)
        db.session.add(process)
        processes.append(process)
    db.session.commit()
    conn = db.session.connection().connection.driver_connection
    now = datetime.now(UTC)
    start = db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) + 1
    people = list(range(start, start + n_pool))
    _copy(
        conn,
        "users",
        "id, email, password_hash, first_name, last_name, role, locale, session_version, active, "
        "created_at, password_changed_at",
        [
            (i, f"p{i}@example.com", "x", "=Pat" if i % 97 == 0 else "Pat", f"Zoë {i}", "candidate", "en", 1,
             "t", now, now)
            for i in people
        ],
    )  # fmt: skip
    snapshot = '{"profile": {"telephone": "+1 613 555 0100", "preferred_language": "fr"}}'
    members = [(processes[0].id, i) for i in people] + [(processes[1].id, i) for i in people[: n_pool // 10]]
    _copy(
        conn,
        "applications",
        "process_id, user_id, submitted_at, decision, decided_at, expiry_date, snapshot, created_at, "
        "updated_at",
        [
            (p, i, now, "qualified", now - timedelta(days=i % 700), (now + timedelta(days=i % 900)).date(),
             snapshot, now, now)
            for p, i in members
        ],
    )  # fmt: skip
    first_request = 1
    requests, referrals = [], []
    for k in bar(range(n_requests), desc="requests", unit=" requests"):
        created = now - timedelta(days=730 * rng.random())
        status = rng.choice(("new", "in_progress", "completed"))
        department = rng.choice([*departments[:40], None]) if departments else None
        requests.append(
            (first_request + k, created, created, manager.id, "en", "{}", f"Job {k}", department,
             it03.id, "[]", "[]", "[]", "[]", status, created)
        )  # fmt: skip
        for user_id in rng.sample(people, rng.randint(0, 5)):
            referred = rng.random() < 0.8
            decided = created + timedelta(hours=rng.uniform(1, 24 * 60))
            selection = rng.choice(("selected", "not_selected", None)) if referred else None
            declined = decided + timedelta(days=1) if referred and rng.random() < 0.05 else None
            referrals.append(
                (first_request + k, user_id, "t" if referred else "f", decided, selection, declined)
            )
    _copy(
        conn,
        "talent_requests",
        "id, created_at, updated_at, requester_id, locale, search, job_title, department_id, "
        "classification_id, regions, work_arrangements, operational_requirements, position_durations, "
        "status, status_changed_at",
        requests,
    )
    _copy(
        conn,
        "referrals",
        "request_id, user_id, referred, decided_at, selection, declined_at",
        referrals,
    )
    conn.execute("SELECT setval('users_id_seq', (SELECT max(id) FROM users))")
    conn.execute("SELECT setval('talent_requests_id_seq', (SELECT max(id) FROM talent_requests))")
    conn.execute("ANALYZE")
    conn.commit()
    print(
        f"built: {n_requests} requests with {len(referrals)} referrals; pools of {n_pool} and "
        f"{n_pool // 10} members",
        flush=True,
    )


def _client(app: Any) -> Any:
    client = app.test_client()
    email = "bench-recruiter@example.com"
    response = client.post("/en/login", data={"email": email, "password": PASSWORD})
    if "/login/code" in response.headers.get("Location", ""):
        response = client.post("/en/login/code", data={"code": totp_code(email, TOTP_SECRET)})
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        sys.exit(f"could not sign in ({response.status_code})")
    return client


def _timed(client: Any, url: str, repeat: int) -> tuple[float, float, int]:
    """Cold and best time of a whole answer (read to its last byte), and its size."""
    times, size = [], 0
    for _ in range(1 + repeat):
        started = time.perf_counter()
        response = client.get(url)
        body = response.get_data()
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        size = len(body)
    return times[0], min(times[1:] or times), size


def _streamed_peak(client: Any, url: str) -> tuple[int, int, int]:
    """Peak Python memory while the answer is read chunk by chunk (each thrown away), its chunks, bytes."""
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        response = client.get(url, buffered=False)
        chunks = size = 0
        for chunk in response.response:
            chunks += 1
            size += len(chunk)
        response.close()
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    return peak, chunks, size


def measure(repeat: int) -> int:
    from sqlalchemy import func, select

    from jobs.models import Application, Referral, TalentRequest
    from talent.extensions import db

    app = _app()
    with app.app_context():
        counts = {
            "requests": db.session.scalar(select(func.count()).select_from(TalentRequest)),
            "referrals": db.session.scalar(select(func.count()).select_from(Referral)),
        }
        sizes = select(Application.process_id, func.count()).group_by(Application.process_id)
        pools = [(p, n) for p, n in db.session.execute(sizes.order_by(Application.process_id))]
        db.session.remove()
    client = _client(app)
    print(f"data: {counts['requests']:,} requests, {counts['referrals']:,} referrals, pools {pools}")
    year_ago = (datetime.now(UTC) - timedelta(days=365)).date()
    pages = [
        ("reports page", "/en/recruit/reports"),
        ("reports page, last year", f"/en/recruit/reports?start={year_ago}"),
        ("reports CSV", "/en/recruit/reports.csv"),
        *[(f"pool CSV, {n:,} members", f"/en/recruit/processes/{p}/pool.csv") for p, n in pools],
    ]
    print(f"\n| answer | cold (s) | best of {repeat} (s) | size |\n|---|---:|---:|---:|")
    slow = 0
    for name, url in pages:
        cold, best, size = _timed(client, url, repeat)
        flag = " (over 2 s)" if name.startswith("reports page") and best > TARGET_S else ""
        slow += bool(flag)
        print(f"| {name} | {cold:.3f} | {best:.3f}{flag} | {size / 1024:,.0f} KiB |", flush=True)
    print("\n| streamed answer | peak memory while read | chunks | size |\n|---|---:|---:|---:|")
    for name, url in pages[2:]:
        peak, chunks, size = _streamed_peak(client, url)
        print(f"| {name} | {peak / 1024:,.0f} KiB | {chunks} | {size / 1024:,.0f} KiB |", flush=True)
    with app.app_context():
        db.engine.dispose()
    return 1 if slow else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--pool", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-build", action="store_true", help="time the database built last time")
    args = parser.parse_args()
    if not args.skip_build:
        build(args.requests, args.pool, args.seed)
    return measure(args.repeat)


if __name__ == "__main__":
    sys.exit(main())
