"""Time a match run over many generated candidates with 1, 2 and 4 Celery worker processes.

    python -m bench.match_run --candidates 100000 --workers 1,2,4

Uses the real PostgreSQL (a database of its own, ``bench_match``, dropped and rebuilt) and the real
Redis (database 6), the real skills library, and real worker processes (one process each, so N workers
means N processes ranking shards in parallel). Prints one line per worker count and a Markdown table.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.progress import bar

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
DB_URL = f"{PG}/bench_match"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/6")


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "TALENT_DATABASE_URL": DB_URL,
        "TALENT_REDIS_URL": REDIS,
        "TALENT_SECRET_KEY": "bench-secret-key-0123456789-0123456789-0123456789",
        "TALENT_MATCHING_SHARD_SIZE": os.environ.get("BENCH_SHARD_SIZE", "12500"),
    }


def build(n: int, seed: int) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(
        PG.replace("postgresql://", "postgresql+psycopg://") + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS bench_match WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE bench_match"))
    admin.dispose()
    os.environ.update(_env())
    from flask_migrate import upgrade

    from talent import create_app
    from talent.extensions import db

    app = create_app({"TASK_DISPATCH": "record"})
    with app.app_context():
        upgrade()
        from talent.reference.services import seed_reference
        from talent.skills.services import import_library

        import_library()
        seed_reference()
        db.session.commit()
        _generate(db, n, seed)
        db.engine.dispose()


def _copy(conn, table: str, columns: str, rows: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        while data := buffer.read(1 << 20):
            copy.write(data)


def _generate(db, n: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from jobs.models import Process, RequestSkill, TalentRequest
    from talent.models import Classification, Role, Skill, User

    rng = random.Random(seed)
    skills = list(
        db.session.scalars(select(Skill.id).where(Skill.category == "technical").order_by(Skill.id))
    )
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(skills))]  # Zipf-like popularity
    rng.shuffle(skills)
    it03 = db.session.scalars(
        select(Classification).where(Classification.group == "IT", Classification.level == 3)
    ).one()
    recruiter = User(email="bench-recruiter@example.com", password_hash="x", role=Role.RECRUITER)
    db.session.add(recruiter)
    db.session.flush()
    now = datetime.now(UTC).isoformat()
    process = Process(
        created_by_id=recruiter.id,
        title_en="Bench pool",
        title_fr="Bassin",
        classification_id=it03.id,
        published_at=datetime.now(UTC),
    )
    db.session.add(process)
    db.session.flush()
    request = TalentRequest(
        requester_id=recruiter.id, job_title="Bench", search={}, classification_id=it03.id
    )
    for kind, picks in (("required", skills[:40:8]), ("nice_to_have", skills[3:30:9])):
        for skill_id in picks:
            request.skills.append(RequestSkill(skill_id=skill_id, kind=kind, level=2))
    db.session.add(request)
    db.session.commit()
    conn = db.session.connection().connection.driver_connection
    start = db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) + 1
    ids = range(start, start + n)
    _copy(
        conn,
        "users",
        "id, email, password_hash, first_name, last_name, role, locale, session_version, active, "
        "created_at, password_changed_at",
        [(i, f"b{i}@example.com", "x", "B", str(i), "candidate", "en", 1, "t", now, now) for i in ids],
    )
    _copy(
        conn,
        "candidate_profiles",
        "user_id, looking_for_english, looking_for_french, looking_for_bilingual, "
        "work_regions, work_arrangements, accepted_operational_requirements, position_durations, "
        "opt_out_of_matching, created_at, updated_at",
        [(i, "t", "f", "f", "[]", "[]", "[]", "[]", "f", now, now) for i in ids],
    )
    rows = []
    for i in bar(ids, desc="candidate skills", unit=" people"):
        held = set(rng.choices(skills, weights=weights, k=rng.randint(10, 40)))
        rows += [(i, s, rng.randint(1, 4), "t", now) for s in held]
    _copy(conn, "user_skills", "user_id, skill_id, level, current, created_at", rows)
    _copy(
        conn,
        "applications",
        "process_id, user_id, submitted_at, decision, created_at, updated_at",
        [(process.id, i, now, "qualified", now, now) for i in ids],
    )
    conn.execute("SELECT setval('users_id_seq', (SELECT max(id) FROM users))")
    conn.commit()
    print(f"built: {n} candidates, {len(rows)} candidate skills", flush=True)


def time_run(workers: int) -> float:
    import tempfile

    import redis

    redis.Redis.from_url(REDIS).flushdb()
    # One log per worker, read back after the run; closed (and deleted) in the ``finally`` below.
    logs = [
        tempfile.NamedTemporaryFile("w+", prefix=f"bench-worker{k}-", suffix=".log")  # noqa: SIM115
        for k in range(workers)
    ]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "talent.worker",
                "worker",
                "--pool=solo",
                "-Q",
                "talent",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench{k}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=_env(),
            stdout=logs[k],
            stderr=subprocess.STDOUT,
        )
        for k in range(workers)
    ]
    try:
        os.environ.update(_env())
        from talent import create_app
        from talent.extensions import db

        app = create_app()
        celery = app.extensions["celery"]
        deadline = time.monotonic() + 60
        while len(celery.control.ping(timeout=1) or []) < workers and time.monotonic() < deadline:
            time.sleep(0.5)
        with app.app_context():
            from sqlalchemy import select

            from jobs.models import Process, TalentRequest
            from matching import services
            from matching.models import MatchRun
            from talent.models import User

            request = db.session.scalars(select(TalentRequest)).one()
            pool = db.session.scalars(select(Process.id)).all()
            recruiter = db.session.scalars(select(User).where(User.role == "recruiter")).first()
            from matching.review.listing import stage

            started = time.monotonic()
            run, _ = services.start_run(recruiter, request, pool)
            db.session.commit()
            # The run's own progress, as its page shows it: stage by stage, shard by shard.
            with bar(total=100, desc=f"{workers} worker(s)", unit="%") as shown:
                while True:
                    db.session.expire_all()
                    current = db.session.get(MatchRun, run.id)
                    where = stage(current)
                    shown.set_postfix_str(
                        f"{where.code} {where.done}/{where.total}" if where.code == "shards" else where.code,
                        refresh=False,
                    )
                    shown.update(current.progress - shown.n)
                    if current.finished:
                        break
                    time.sleep(0.2)
            elapsed = time.monotonic() - started
            assert current.status == "done", current.error
            print(
                f"{workers} worker(s): {elapsed:.1f} s for {current.candidate_count} candidates in "
                f"{current.shard_count} shards",
                flush=True,
            )
            db.engine.dispose()
        return elapsed
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        for k, handle in enumerate(logs):  # where the time went: the tasks log each stage
            handle.seek(0)
            for line in handle:
                if "match run" in line:
                    print(f"  worker {k}: {line.split(': ', 1)[-1].strip()}", flush=True)
            handle.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    if not args.skip_build:
        build(args.candidates, args.seed)
    results = {int(w): time_run(int(w)) for w in args.workers.split(",") if w}
    if not results:
        return 0
    base = results[min(results)]
    table = "| worker processes | run time (s) | speed-up |\n|---|---:|---:|\n" + "\n".join(
        f"| {workers} | {seconds:.1f} | {base / seconds:.2f}x |" for workers, seconds in results.items()
    )
    print("\n" + table)
    if not args.no_write:
        from bench.report import write_section
        from bench.speed import cpu_model

        write_section(
            "match-runs",
            f"## Match runs on Celery workers\n\n"
            f"Command: `.venv/bin/python -m bench.match_run --candidates {args.candidates} "
            f"--workers {args.workers}` on {datetime.now(UTC).date()}, "
            f"{os.cpu_count()} cores ({cpu_model()}). "
            f"A whole run, from the recruiter's start to the stored, explained list of 200 (the default "
            f"`top`), over {args.candidates:,} generated candidates (10-40 skills each, Zipf-like skill "
            f"popularity, one pool) in PostgreSQL, shards of "
            f"{_env()['TALENT_MATCHING_SHARD_SIZE']} candidates, each worker one Celery process "
            f"(`--pool=solo`); PostgreSQL, Redis and the workers share the machine, so more worker processes "
            f"than cores compete for them. Each worker logs where its time goes (candidates found and "
            f"shards stored, engine learned, each shard's profiles and ranking, the final ranking); the "
            f"command prints those lines.\n\n{table}\n",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
