"""Match runs on real Celery worker processes, the real Redis and PostgreSQL: the expected ranking, a
worker killed with SIGKILL mid-run (its run done within 30 s, with the default settings), and Redis
stopped while a run is started."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from matching import services
from matching.models import MatchCandidate, MatchResult, MatchRun, MatchShard
from talent.models._types import utcnow
from tests.conftest import (
    IN_CI,
    TEST_REDIS_URL,
    base_config,
    start_worker,
    stop_worker,
    wait_for_worker,
    wait_until,
    worker_environment,
    worker_output,
)
from tests.matching.conftest import build

pytestmark = pytest.mark.worker


def _status(db, run_id):
    db.session.expire_all()
    return db.session.get(MatchRun, run_id).status


def test_a_run_completes_on_the_worker_with_the_expected_ranking(worker_app, committed, celery_worker):
    data = build(committed)
    run, _ = services.start_run(data["recruiter"], data["request"])
    committed.session.commit()
    wait_until(lambda: _status(committed, run.id) in ("done", "failed"), timeout=60)
    run = committed.session.get(MatchRun, run.id)
    assert run.status == "done", run.error
    from tests.matching.test_match_services import engine_order

    by_id = {u.id: name for name, u in data["users"].items()}
    names = [by_id[r.user_id] for r in run.results]
    assert names == engine_order(data, run) and names[0] == "ada"


def _other_redis_db(number: int) -> str:
    return TEST_REDIS_URL.rsplit("/", 1)[0] + f"/{number}"


def _app_on(broker: str, **config: Any) -> Any:
    """An app sending its tasks to ``broker`` (a Redis of the test's own)."""
    from talent import create_app
    from talent.config import celery_settings

    celery = celery_settings(broker, float(config.get("BROKER_TIMEOUT_SECONDS", 2)))
    return create_app(base_config(REDIS_URL=broker, TASK_DISPATCH="celery", CELERY=celery, **config))


def _start_beat(broker: str, schedule: Path) -> Any:
    """Celery beat, as ``make worker`` runs it, in its own process group: it keeps sending
    ``matching.sweep`` to whichever workers are alive."""
    log = tempfile.NamedTemporaryFile(prefix="celery-beat-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "talent.worker",
            "beat",
            "--loglevel=INFO",
            f"--schedule={schedule}",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=worker_environment(broker),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    process.log_path = log.name
    return process


def test_a_worker_killed_mid_run_still_completes_the_run_once_within_30_seconds(
    committed, redis_url, tmp_path
):
    """With the default recovery settings (broker visibility timeout, heartbeat, stall limits, sweep
    interval): only the shard size is small, so the run has shards to lose."""
    import redis

    from tests import battery

    broker = _other_redis_db(int(os.environ.get("TEST_KILL_REDIS_DB", "9")))
    redis.Redis.from_url(broker).flushdb()
    data = build(committed, extra_people=600)
    env = {"TALENT_MATCHING_SHARD_SIZE": "60"}
    app = _app_on(broker, MATCHING_SHARD_SIZE=60)
    beat = _start_beat(broker, tmp_path / "beat-schedule")
    first = start_worker(broker, "--pool=prefork", "--concurrency=2", env=env)
    second = None
    try:
        with app.app_context():
            wait_for_worker(app.extensions["celery"], first)
            from talent.extensions import db

            run, _ = services.start_run(
                db.session.merge(data["recruiter"]), db.session.merge(data["request"])
            )
            db.session.commit()
            run_id = run.id
        shards_done = lambda: committed.session.scalar(  # noqa: E731
            select(func.count())
            .select_from(MatchShard)
            .where(MatchShard.run_id == run_id, MatchShard.status == "done")
        )
        wait_until(lambda: (committed.session.expire_all(), shards_done())[1] >= 1, timeout=60, interval=0.05)
        assert _status(committed, run_id) == "running"
        killed_at = utcnow()
        stop_worker(first, kill=True)  # SIGKILL the whole worker, children included, mid-run
        second = start_worker(broker, "--pool=prefork", "--concurrency=2", env=env)
        wait_until(lambda: _status(committed, run_id) in ("done", "failed"), timeout=120)
        run = committed.session.get(MatchRun, run_id)
        assert run.status == "done", run.error
        seconds = (run.finished_at - killed_at).total_seconds()
        battery.measure("killed_worker_seconds", round(seconds, 1))
        shards = committed.session.scalars(select(MatchShard).where(MatchShard.run_id == run_id)).all()
        print(f"run done {seconds:.1f} s after the kill; claims per shard: {[s.attempts for s in shards]}")
        assert seconds <= 30, f"the run finished {seconds:.1f} s after its worker was killed"
        assert run.shard_count >= 10
        results = committed.session.scalars(select(MatchResult).where(MatchResult.run_id == run_id)).all()
        assert 50 <= len(results) <= run.top
        assert len(results) == len({r.user_id for r in results})  # each candidate once
        assert sorted(r.rank for r in results) == list(range(1, len(results) + 1))
        assert committed.session.scalar(select(func.count()).select_from(MatchCandidate)) == 0
    finally:
        print(worker_output(first)[-3000:])
        stop_worker(first, kill=True)  # no-op when already killed; never leave a worker behind
        if second is not None:
            print(worker_output(second)[-3000:])
            stop_worker(second)
        print(worker_output(beat)[-1500:])
        stop_worker(beat)
        with app.app_context():
            from talent.extensions import db

            db.engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_redis(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: _listening(port), timeout=10)
    return process


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_with_redis_stopped_starting_a_run_answers_fast_and_it_completes_later(committed, redis_url):
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("redis-server is needed to stop and restart a broker of the test's own")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    server = _start_redis(port)
    data = build(committed)
    app = _app_on(broker, BROKER_TIMEOUT_SECONDS=1, MATCHING_RESEND_AFTER_SECONDS=0)
    worker = start_worker(broker, "--pool=solo", env={"TALENT_BROKER_TIMEOUT_SECONDS": "1"})
    try:
        with app.app_context():
            wait_for_worker(app.extensions["celery"], worker)
        server.terminate()
        server.wait(timeout=10)
        assert not _listening(port)
        client = app.test_client()
        with app.app_context():
            from talent.extensions import db

            started = time.monotonic()
            run, _ = services.start_run(
                db.session.merge(data["recruiter"]), db.session.merge(data["request"])
            )
            db.session.commit()  # the send fails fast; the run stays queued in the database
            elapsed = time.monotonic() - started
            run_id = run.id
        assert elapsed < 3.0, f"starting a run took {elapsed:.1f} s with Redis down"
        assert client.get("/healthz").status_code == 200  # the site keeps working
        assert _status(committed, run_id) == "queued"
        server = _start_redis(port)  # Redis is back
        with app.app_context():
            outcome = app.extensions["celery"].tasks["matching.sweep"].apply().get()  # what beat runs
        assert outcome["resent"] == 1
        wait_until(lambda: _status(committed, run_id) in ("done", "failed"), timeout=90)
        assert _status(committed, run_id) == "done"
    finally:
        print(worker_output(worker)[-3000:])
        stop_worker(worker)
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
        with app.app_context():
            from talent.extensions import db

            db.engine.dispose()
