"""The scale data builder (``python -m bench.scale build``) cannot silently rot: build a tiny data set into
a throwaway ``bench_scale_test_*`` database and check its invariants, then that the app works on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL, require_service

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = 300
MEMBERS = 120

# Run in a process of its own on the built database (the builder and this check set the environment and
# create apps with production settings: kept out of the test process).
APP_CHECK = """
import json, sys
from sqlalchemy import select
from bench.scale import common
app = common.make_app(sys.argv[1], {"TASK_DISPATCH": "record"})
with app.app_context():
    from jobs.models import Application
    from talent.extensions import db
    from talent.models import User, CandidateProfile
    from talent.profiles import completeness
    from talent.profiles.privacy import export_data
    from talent.passwords import verify_password
    out = {}
    candidates = db.session.scalars(select(User).where(User.role == "candidate")).all()
    profiles = {p.user_id: p for p in db.session.scalars(select(CandidateProfile))}
    out["incomplete"] = sum(1 for u in candidates if not completeness.is_complete(u, profiles[u.id]))
    out["password"] = verify_password(candidates[0].password_hash, common.PASSWORD)
    application = db.session.scalars(
        select(Application).where(Application.snapshot.is_not(None)).order_by(Application.id)
    ).first()
    from jobs.services.applications import SNAPSHOT_ACCOUNT_LEAVES_OUT, SNAPSHOT_SECTIONS

    fresh = export_data(application.user)
    for name in SNAPSHOT_ACCOUNT_LEAVES_OUT:
        fresh["account"].pop(name)
    stored = application.snapshot
    out["snapshot_keys"] = sorted(stored) == sorted([*SNAPSHOT_SECTIONS, "answers"])
    out["snapshot_same"] = all(
        stored[part] == fresh[part] for part in ("account", "profile", "skills", "experiences")
    )
    # The app inserts after the COPY: every id sequence points past the rows written.
    user = User(email="after-build@example.com", password_hash="x", first_name="A", last_name="B")
    db.session.add(user)
    db.session.flush()
    db.session.add(CandidateProfile(user_id=user.id))
    db.session.add(Application(process_id=application.process_id, user_id=user.id))
    db.session.commit()
    out["inserted"] = True
    db.engine.dispose()
print("CHECK " + json.dumps(out))
"""


@pytest.fixture
def built() -> object:
    require_service("PostgreSQL", TEST_DATABASE_URL)
    pg = TEST_DATABASE_URL.rsplit("/", 1)[0]
    name = f"bench_scale_test_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "BENCH_PG": pg, "BENCH_SCALE_REDIS": "redis://127.0.0.1:6379/7"}
    command = [sys.executable, "-m", "bench.scale", "build", "--db", name, "--people", str(PEOPLE)]
    command += ["--members", str(MEMBERS), "--processes", "20", "--requests-built", "200", "--runs", "1"]
    try:
        done = subprocess.run(
            [*command, "--no-write"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
        check = subprocess.run(
            [sys.executable, "-c", APP_CHECK, name],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert check.returncode == 0, check.stderr[-3000:]
        app_check = json.loads(
            next(line for line in check.stdout.splitlines() if line.startswith("CHECK "))[6:]
        )
        import psycopg

        with psycopg.connect(f"{pg}/{name}") as conn:
            yield conn, app_check
    finally:
        import psycopg

        with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def one(conn: object, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_scale_builder_invariants(built: tuple[object, dict[str, object]]) -> None:
    conn, app_check = built
    assert (
        one(conn, "SELECT count(*) FROM users WHERE role = 'candidate'") == PEOPLE + 1
    )  # + the app's insert
    assert one(conn, "SELECT count(*) FROM candidate_profiles") == PEOPLE + 1
    # Exactly MEMBERS people are available pool members (the one availability rule, in SQL).
    available = """
        SELECT count(DISTINCT user_id) FROM applications WHERE decision = 'qualified'
        AND submitted_at IS NOT NULL AND removed_at IS NULL AND paused_at IS NULL
        AND (suspended_at IS NULL OR suspended_at > now())
        AND (expiry_date IS NULL OR expiry_date >= current_date)
        AND (placement IS NULL OR placement IN ('tentative', 'casual'))"""
    assert one(conn, available) == MEMBERS
    # Submitted applications carry their snapshot and answers; drafts do not.
    assert (
        one(conn, "SELECT count(*) FROM applications WHERE submitted_at IS NOT NULL AND snapshot IS NULL")
        == 0
    )
    assert (
        one(conn, "SELECT count(*) FROM applications WHERE submitted_at IS NULL AND snapshot IS NOT NULL")
        == 0
    )
    # Every essential technical skill of a process applied to is on an experience of the applicant.
    assert (
        one(
            conn,
            """SELECT count(*) FROM applications a JOIN process_skills ps ON ps.process_id = a.process_id
               JOIN skills s ON s.id = ps.skill_id
               WHERE a.submitted_at IS NOT NULL AND ps.kind = 'essential' AND s.category = 'technical'
               AND NOT EXISTS (SELECT 1 FROM experience_skills es
                               JOIN experiences e ON e.id = es.experience_id
                               WHERE e.user_id = a.user_id AND es.skill_id = ps.skill_id)""",
        )
        == 0
    )
    assert one(conn, "SELECT count(*) FROM processes WHERE published_at IS NOT NULL") == 20
    assert one(conn, "SELECT count(*) FROM talent_requests") == 200
    assert one(conn, "SELECT count(DISTINCT status) FROM talent_requests") == 3
    assert one(conn, "SELECT count(*) FROM request_skills WHERE kind = 'required'") >= 200
    # Referrals point at available memberships of the person referred.
    assert one(conn, "SELECT count(*) FROM referrals") > 0
    assert (
        one(
            conn,
            "SELECT count(*) FROM referrals r JOIN applications a ON a.id = r.application_id "
            "WHERE a.user_id <> r.user_id OR a.decision <> 'qualified'",
        )
        == 0
    )
    assert 0 < one(conn, "SELECT count(*) FROM equity_declarations") < PEOPLE / 2
    assert one(conn, "SELECT count(*) FROM experiences WHERE kind = 'education'") > 0
    assert one(conn, "SELECT count(*) FROM match_runs WHERE status = 'done'") == 1
    assert app_check == {
        "incomplete": 0,
        "password": True,
        "snapshot_keys": True,
        "snapshot_same": True,
        "inserted": True,
    }
