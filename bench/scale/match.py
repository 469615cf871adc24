"""A match run over every available member of every pool, on real Celery worker processes (one process
each, ``--pool=solo``, as ``bench/match_run.py`` starts them), timed with 1, 2... workers; each worker's
peak resident memory read from ``/proc/<pid>/status`` (VmHWM) before it stops."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from tqdm import tqdm

from bench.scale import common


def _peak_rss(pid: int) -> int:
    """Peak resident bytes of ``pid`` and its children (a solo worker has none, but be safe)."""
    total = 0
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    except OSError:
        children = []
    for p in [str(pid), *children]:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def bench_request(db: Any) -> Any:
    """The request every timed run ranks for: no hard filter, so its candidates are every available
    member of the pools (created once, directly: submitting it through the service would count them)."""
    from sqlalchemy import func, select

    from jobs.models import ProcessSkill, RequestSkill, TalentRequest
    from talent.models import Role, User

    existing = db.session.scalars(
        select(TalentRequest).where(TalentRequest.job_title == "Scale bench run")
    ).first()
    if existing is not None:
        return existing
    manager = db.session.scalars(select(User).where(User.role == Role.MANAGER).order_by(User.id)).first()
    popular = list(
        db.session.scalars(
            select(ProcessSkill.skill_id)
            .group_by(ProcessSkill.skill_id)
            .order_by(func.count().desc())
            .limit(12)
        )
    )
    request = TalentRequest(
        requester_id=manager.id,
        job_title="Scale bench run",
        search={},
        reason="immediate_hire",
        hiring_manager_name="Bench Manager",
        hiring_manager_email=f"bench-manager@{common.DOMAIN}",
        status="in_progress",
        status_detail="initial_conversation",
    )
    for n, skill_id in enumerate(popular[:8]):
        request.skills.append(
            RequestSkill(skill_id=skill_id, kind="required" if n < 5 else "nice_to_have", level=2)
        )
    db.session.add(request)
    db.session.commit()
    return request


def time_run(name: str, workers: int, shard_size: int, quiet: bool) -> dict[str, Any]:
    import redis

    redis.Redis.from_url(common.REDIS).flushdb()
    env = common.app_env(name, TALENT_MATCHING_SHARD_SIZE=str(shard_size))
    logs = [
        tempfile.NamedTemporaryFile("w+", prefix=f"bench-scale-worker{k}-", suffix=".log")  # noqa: SIM115
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
                f"scale{k}@%h",
                "--loglevel=INFO",
            ],
            cwd=common.ROOT,
            env=env,
            stdout=logs[k],
            stderr=subprocess.STDOUT,
        )
        for k in range(workers)
    ]
    try:
        app = common.make_app(name, TALENT_MATCHING_SHARD_SIZE=str(shard_size))
        from sqlalchemy import Text, cast, func, select

        from jobs.models import Process
        from matching import services
        from matching.models import MatchResult, MatchRun
        from talent.extensions import db
        from talent.models import Role, User

        celery = app.extensions["celery"]
        deadline = time.monotonic() + 90
        while len(celery.control.ping(timeout=1) or []) < workers and time.monotonic() < deadline:
            time.sleep(0.5)
        with app.app_context():
            request = bench_request(db)
            pools = list(db.session.scalars(select(Process.id).where(Process.published_at.is_not(None))))
            recruiter = db.session.scalars(
                select(User).where(User.role == Role.RECRUITER).order_by(User.id)
            ).first()
            started = time.monotonic()
            run, _ = services.start_run(recruiter, request, pools)
            db.session.commit()
            bar = tqdm(
                total=100, desc=f"match run, {workers} worker(s)", unit="%", disable=quiet, leave=False
            )
            while True:
                db.session.expire_all()
                current = db.session.get(MatchRun, run.id)
                bar.n = current.progress
                bar.refresh()
                if current.finished or time.monotonic() - started > 3600:
                    break
                time.sleep(0.2)
            bar.close()
            elapsed = time.monotonic() - started
            results = db.session.scalar(select(func.count()).where(MatchResult.run_id == run.id))
            explained = db.session.scalar(
                select(func.count()).where(
                    MatchResult.run_id == run.id, func.length(cast(MatchResult.explanation, Text)) > 20
                )
            )
            out = {
                "workers": workers,
                "seconds": elapsed,
                "status": current.status,
                "error": current.error,
                "candidates": current.candidate_count,
                "shards": current.shard_count,
                "results": results,
                "explained": explained,
                "top": current.top,
                "peak_rss": [_peak_rss(p.pid) for p in procs],
            }
            db.session.remove()
            db.engine.dispose()
        return out
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        for k, handle in enumerate(logs):
            handle.seek(0)
            for line in handle:
                if "match run" in line and not quiet:
                    print(f"  worker {k}: {line.split(': ', 1)[-1].strip()}", flush=True)
            handle.close()


def run(
    name: str, *, workers: list[int], shard_size: int | None = None, quiet: bool = False
) -> dict[str, Any]:
    size = shard_size or int(os.environ.get("BENCH_SHARD_SIZE", "25000"))
    return {"shard_size": size, "runs": [time_run(name, w, size, quiet) for w in workers]}


def table(result: dict[str, Any]) -> str:
    lines = [
        "| worker processes | candidates | shards | run time (s) | status "
        "| results stored (explained) | peak RSS per worker (MB) |",
        "|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in result["runs"]:
        rss = ", ".join(f"{b / 2**20:,.0f}" for b in r["peak_rss"])
        lines.append(
            f"| {r['workers']} | {r['candidates'] or 0:,} | "
            f"{r['shards']} | {r['seconds']:.1f} | {r['status']} | "
            f"{r['results']} ({r['explained']}) | {rss} |"
        )
    return "\n".join(lines)
