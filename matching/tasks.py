"""Celery tasks of a match run: ids in, the adapter loads, the engine ranks, results are upserted.

A run is split into shards (candidates by ``user_id % shard_count``) ranked by separate tasks, so more
workers finish a large run sooner. Each shard upserts its best candidates keyed by (run, candidate); the
task that completes the last shard merges them into the run's results under a row lock. Every step is
safe to run twice, tasks are acknowledged late (a worker killed mid-task has its task redelivered), and
transient errors are retried with backoff; after the last retry the run is marked failed with the reason.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import OperationalError

from jobs.models import TalentRequest
from jobs.services.talent_search import TalentFilters
from matching import adapters
from matching.engine import MatchingError as EngineError
from matching.engine import SkillMatcher
from matching.models import MatchCandidate, MatchResult, MatchRun, MatchShard, RerankRequest
from talent.dispatch import send_now
from talent.extensions import db
from talent.models._types import utcnow

log = logging.getLogger(__name__)
SHARD_TASK = "matching.rank_shard"
TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


def _lock(run_id: int) -> MatchRun | None:
    stmt = select(MatchRun).where(MatchRun.id == run_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return db.session.scalars(stmt).first()


def _beat(run_id: int, **values: Any) -> None:
    """Record progress in its own short transaction, so the page sees it while the task works."""
    db.session.execute(update(MatchRun).where(MatchRun.id == run_id).values(heartbeat_at=utcnow(), **values))
    db.session.commit()


def _fail(run_id: int, reason: str) -> None:
    db.session.rollback()
    run = _lock(run_id)
    if run is not None and not run.finished:
        run.status, run.error, run.finished_at = "failed", reason[:2000], utcnow()
    db.session.commit()


def _shard_members(run: MatchRun, shard: int) -> dict[int, list[int]]:
    everyone = adapters.eligible(run.pools, TalentFilters.from_json(run.filters))
    return {uid: pools for uid, pools in everyone.items() if uid % run.shard_count == shard}


@shared_task(
    name="matching.run", bind=True, acks_late=True, max_retries=5, soft_time_limit=1500, time_limit=1800
)
def run_match(self: Any, run_id: int) -> str:
    """Start a run: count its candidates, create its shards, rank them (inline when there is one)."""
    try:
        run = _lock(run_id)
        if run is None or run.finished:
            db.session.rollback()
            return "gone" if run is None else run.status
        stalled_after = int(current_app.config.get("MATCHING_STALLED_AFTER_SECONDS", 180))
        stale = run.heartbeat_at is None or run.heartbeat_at < utcnow() - timedelta(seconds=stalled_after)
        if run.status == "running" and not stale:
            db.session.rollback()
            return "already running"
        everyone = adapters.eligible(run.pools, TalentFilters.from_json(run.filters))
        size = int(current_app.config.get("MATCHING_SHARD_SIZE", 25_000))
        run.status, run.attempts = "running", run.attempts + 1
        run.started_at = run.started_at or utcnow()
        run.heartbeat_at = utcnow()
        run.candidate_count = len(everyone)
        run.shard_count = max(1, math.ceil(len(everyone) / size))
        run.progress = 5
        existing = {
            s.number for s in db.session.scalars(select(MatchShard).where(MatchShard.run_id == run.id))
        }
        for number in range(run.shard_count):
            if number not in existing:
                db.session.add(MatchShard(run_id=run.id, number=number))
        db.session.commit()
        pending = list(
            db.session.scalars(
                select(MatchShard.number)
                .where(MatchShard.run_id == run_id, MatchShard.status != "done")
                .order_by(MatchShard.number)
            )
        )
        if run.shard_count == 1:
            for number in pending:
                rank_shard_now(run_id, number)
            finalize(run_id)
        else:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            for number in pending:
                send_now(app, SHARD_TASK, (run_id, number))
            finalize(run_id)  # in case every shard was already done (a redelivered task)
        return "ok"
    except (EngineError, ValueError) as exc:
        _fail(run_id, f"{type(exc).__name__}: {exc}")
        return "failed"
    except SoftTimeLimitExceeded:
        _fail(run_id, "The run took longer than its time limit.")
        return "failed"
    except TRANSIENT as exc:
        db.session.rollback()
        if self.request.retries >= self.max_retries:
            _fail(run_id, f"Gave up after {self.max_retries} retries: {type(exc).__name__}: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries * 5)) from exc


@shared_task(name=SHARD_TASK, bind=True, acks_late=True, max_retries=5, soft_time_limit=1500, time_limit=1800)
def rank_shard(self: Any, run_id: int, number: int) -> str:
    try:
        rank_shard_now(run_id, number)
        finalize(run_id)
        return "ok"
    except (EngineError, ValueError) as exc:
        _fail(run_id, f"{type(exc).__name__}: {exc}")
        return "failed"
    except SoftTimeLimitExceeded:
        _fail(run_id, "A shard took longer than its time limit.")
        return "failed"
    except TRANSIENT as exc:
        db.session.rollback()
        if self.request.retries >= self.max_retries:
            _fail(run_id, f"Gave up after {self.max_retries} retries: {type(exc).__name__}: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries * 5)) from exc


def rank_shard_now(run_id: int, number: int) -> None:
    """Rank one shard and upsert its best candidates. Does nothing for a shard already done."""
    run = db.session.get(MatchRun, run_id)
    shard = db.session.scalars(
        select(MatchShard).where(MatchShard.run_id == run_id, MatchShard.number == number)
    ).first()
    if run is None or shard is None or shard.status == "done" or run.finished:
        db.session.rollback()
        return
    members = _shard_members(run, number)
    _beat(run_id)
    profiles = adapters.candidate_profiles(members)
    matches: list[Any] = []
    if profiles:
        engine = SkillMatcher(**run.params).fit(adapters.skills_library(), profiles)
        request = db.session.get(TalentRequest, run.request_id)
        assert request is not None
        ranked = engine.rank(adapters.match_request(request, run.pools), top=run.top)
        matches = list(ranked.matches)
    _beat(run_id)
    # Replace this shard's rows in one transaction: running the shard twice leaves one row per candidate.
    db.session.execute(
        delete(MatchCandidate).where(MatchCandidate.run_id == run_id, MatchCandidate.shard == number)
    )
    evidence = adapters.evidence_for(int(m.candidate) for m in matches)  # one query for the shard's best
    for match in matches:
        user_id = int(match.candidate)
        db.session.add(
            MatchCandidate(
                run_id=run_id,
                user_id=user_id,
                shard=number,
                score=float(match.score),
                explanation=adapters.explanation(match, evidence.get(user_id, {})),
            )
        )
    shard = db.session.scalars(
        select(MatchShard).where(MatchShard.run_id == run_id, MatchShard.number == number)
    ).one()
    shard.status, shard.candidate_count, shard.finished_at = "done", len(members), utcnow()
    done = db.session.scalar(
        select(func.count())
        .select_from(MatchShard)
        .where(MatchShard.run_id == run_id, MatchShard.status == "done")
    )
    run = db.session.get(MatchRun, run_id)
    assert run is not None
    run.progress = max(run.progress, 5 + int(90 * (done or 0) / max(1, run.shard_count)))
    run.heartbeat_at = utcnow()
    db.session.commit()


def finalize(run_id: int) -> bool:
    """Merge the shards into the run's results once all are done (once: under the run's row lock)."""
    run = _lock(run_id)
    if run is None or run.finished:
        db.session.rollback()
        return False
    remaining = db.session.scalar(
        select(func.count())
        .select_from(MatchShard)
        .where(MatchShard.run_id == run_id, MatchShard.status != "done")
    )
    if remaining:
        db.session.rollback()
        return False
    rows = db.session.scalars(select(MatchCandidate).where(MatchCandidate.run_id == run_id)).all()
    best = sorted(rows, key=lambda r: (-round(r.score, 9), r.user_id))[: run.top]
    db.session.execute(delete(MatchResult).where(MatchResult.run_id == run_id))
    for rank, row in enumerate(best, start=1):
        db.session.add(
            MatchResult(
                run_id=run_id, user_id=row.user_id, rank=rank, score=row.score, explanation=row.explanation
            )
        )
    db.session.execute(delete(MatchCandidate).where(MatchCandidate.run_id == run_id))
    run.status, run.progress, run.finished_at, run.error = "done", 100, utcnow(), None
    db.session.commit()
    log.info("match run %s done: %s results from %s candidates", run_id, len(best), run.candidate_count)
    return True


@shared_task(name="matching.sweep", soft_time_limit=50, time_limit=60)
def sweep() -> dict[str, int]:
    """Re-send runs left queued (the broker was down) or stalled (their worker died), and start the
    re-ranks that are due."""
    from matching import services

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    resent = 0
    resend_after = timedelta(seconds=int(app.config.get("MATCHING_RESEND_AFTER_SECONDS", 60)))
    stalled_after = timedelta(seconds=int(app.config.get("MATCHING_STALLED_AFTER_SECONDS", 180)))
    for run_id in services.stale_queued_runs(resend_after) + services.stalled_runs(stalled_after):
        if send_now(app, services.RUN_TASK, (run_id,)):
            db.session.execute(update(MatchRun).where(MatchRun.id == run_id).values(sent_at=utcnow()))
            resent += 1
    db.session.commit()
    started = 0
    for row in db.session.scalars(select(RerankRequest).where(RerankRequest.due_at <= utcnow())).all():
        request = db.session.get(TalentRequest, row.request_id)
        db.session.delete(row)
        if request is None or request.status == "completed" or not request.skills:
            continue
        last = services.runs_of(request)
        pools = last[0].pools if last else None
        try:
            services.start_run(None, request, pools, trigger="auto")
            started += 1
        except services.MatchingError as exc:
            log.info("no automatic re-rank of request %s: %s", request.id, exc.message)
    db.session.commit()
    return {"resent": resent, "reranks": started}
