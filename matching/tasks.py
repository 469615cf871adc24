"""Celery tasks of a match run: ids in, the adapter loads, the engine ranks, results are upserted.

1. ``matching.run`` fixes the run's candidates (the available members of its pools and, when the run
   includes the programme, the people it approved who fit the request: ``adapters.eligible``; split into
   shards of ``MATCHING_SHARD_SIZE``), learns one engine from them (rarity and related skills; from a random
   sample of ``MATCHING_MODEL_SAMPLE`` when there are more) and stores it, signed, for the shards;
2. ``matching.rank_shard`` (one task per shard, in parallel on as many workers as there are) indexes its
   candidates with that engine (no refit) and keeps its best ``max(top, rerank_depth)``;
3. the task that completes the last shard ranks the union of the shards' shortlists with the same
   engine, under the run's row lock: since every shard kept its best ``rerank_depth`` by coverage, the
   union holds the best ``rerank_depth`` overall, and the list is the one a single engine over everyone
   would give (see ``SkillMatcher.with_candidates``), explained, with the evidence of each skill and
   the sources each candidate came from (``adapters.sources``: their pools, and the programme's events).

Every step is safe to run twice (shard rows are replaced, results keyed by run and candidate), tasks are
acknowledged late, and transient errors are retried with backoff; after the last retry the run is marked
failed with the reason. A worker ranks a shard under a claim of its own and beats its heartbeat while it
works (``heartbeat``); when a worker dies, the ``matching.sweep`` beat task sees the heartbeat stop and
re-sends the shard, the next worker takes the stale claim over, and a late result of the dead claim is
discarded (docs/matching.md: heartbeat, stall, sweeper and the broker's visibility timeout).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import pickle
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init
from flask import Flask, current_app
from kombu.exceptions import ChannelError
from sqlalchemy import Connection, Engine, case, delete, func, select, tuple_, update
from sqlalchemy.exc import OperationalError

from jobs.models import TalentRequest
from jobs.services.talent_search import TalentFilters
from matching import services
from matching.engine import EngineError
from matching.models import MatchCandidate, MatchModel, MatchResult, MatchRun, MatchShard, RerankRequest
from talent.dispatch import send_now
from talent.extensions import db
from talent.models._types import utcnow

if TYPE_CHECKING:
    from matching.engine import SkillMatcher

# The engine (scikit-learn, about 2 s to import) and the adapter (numpy) are imported by the tasks that
# use them, not here: the app factory imports this module to register the tasks, and must stay cheap.
# A worker loads them once at start (below), before it forks its pool, so no task pays for the import.

log = logging.getLogger(__name__)

SHARD_TASK = "matching.rank_shard"
TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@worker_init.connect
def preload_engine(**_: Any) -> None:
    """Import the engine in the worker's main process: its pool children inherit it already loaded."""
    import matching.adapters
    import matching.engine.ranker  # noqa: F401


def _lock(run_id: int) -> MatchRun | None:
    stmt = select(MatchRun).where(MatchRun.id == run_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return db.session.scalars(stmt).first()


def record_heartbeat(
    connection: Connection, run_id: int, number: int | None = None, token: str | None = None
) -> None:
    """One beat, in ``connection``'s transaction: the run's heartbeat, and the heartbeat of shard
    ``number`` while its claim is still ``token``. A row another transaction holds is skipped, never waited
    for (a worker finishing the run holds the run's row; a beat must never stall the task it reports on)."""
    now = utcnow()
    rows: list[tuple[Any, Any]] = [(MatchRun, (MatchRun.id == run_id) & (MatchRun.status == "running"))]
    if token is not None:
        claimed = (MatchShard.run_id == run_id) & (MatchShard.number == number) & (MatchShard.claim == token)
        rows.append((MatchShard, claimed))
    for table, condition in rows:
        ids = select(table.id).where(condition)
        if connection.dialect.name == "postgresql":
            ids = ids.with_for_update(skip_locked=True)
        connection.execute(update(table).where(table.id.in_(ids.scalar_subquery())).values(heartbeat_at=now))


@contextmanager
def heartbeat(run_id: int, number: int | None = None, token: str | None = None) -> Iterator[None]:
    """While the block runs, beat every ``MATCHING_HEARTBEAT_SECONDS`` (``record_heartbeat``) from a
    thread of its own on a connection of its own: the task's session sits in long computations (loading
    profiles, learning, ranking) that cannot stop to report."""
    engine = db.engine
    if not isinstance(engine, Engine):
        # The session is bound to one connection (the tests' rolled-back transaction), and a connection is
        # never shared between threads: nothing beats.
        yield
        return
    interval = current_app.config["MATCHING_HEARTBEAT_SECONDS"]
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(interval):
            try:
                with engine.begin() as connection:
                    record_heartbeat(connection, run_id, number, token)
            except Exception:  # a missed beat is no error: enough missed ones and the work is taken over
                log.warning("match run %s: a heartbeat was not recorded", run_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"heartbeat-{run_id}-{number}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval)


# A run's progress, in percent, at the end of each stage; ranking the shards fills the span between the
# engine learned and the final ranking, one equal step per shard. The run page names the stage from these.
CANDIDATES_FIXED = 5
ENGINE_LEARNED = 15
SHARDS_RANKED = 95


def shards_progress(done: int, total: int) -> int:
    """The progress once ``done`` of the run's ``total`` shards are ranked."""
    return ENGINE_LEARNED + (SHARDS_RANKED - ENGINE_LEARNED) * done // max(1, total)


def _advance(run_id: int, percent: int, stage: str) -> None:
    """Raise a running run's progress to ``percent`` in the caller's transaction: never lower it (shards
    finish in any order, on any worker, and the database keeps the highest), and say so in the log."""
    db.session.flush()
    db.session.execute(
        update(MatchRun)
        .where(MatchRun.id == run_id, MatchRun.status == "running")
        .values(
            progress=case((MatchRun.progress < percent, percent), else_=MatchRun.progress),
            heartbeat_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    log.info("match run %s: %s (%s%%)", run_id, stage, percent)


def _fail(run_id: int, reason: str) -> None:
    db.session.rollback()
    run = _lock(run_id)
    if run is not None and not run.finished:
        run.status, run.error, run.finished_at = "failed", reason[:2000], utcnow()
        # A failed run keeps its reason, not its working data (the stored engine is a few MB).
        db.session.execute(delete(MatchCandidate).where(MatchCandidate.run_id == run_id))
        db.session.execute(delete(MatchModel).where(MatchModel.run_id == run_id))
    db.session.commit()


def _sign(data: bytes) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def learn_model(run: MatchRun, everyone: dict[int, list[Any]]) -> None:
    """Fit the run's engine on its candidates (or a sample) and store it for the shards."""
    from matching import adapters
    from matching.engine import SkillMatcher
    from matching.engine.arrays import library_index

    limit = current_app.config["MATCHING_MODEL_SAMPLE"]
    ids = sorted(everyone)
    sample = sorted(random.Random(run.id).sample(ids, limit)) if len(ids) > limit else ids
    started = time.perf_counter()
    library = adapters.skills_library()
    arrays = adapters.candidate_arrays({uid: everyone[uid] for uid in sample}, library_index(library))
    loaded = time.perf_counter()
    engine = SkillMatcher(**run.params).fit(library, arrays)
    data = pickle.dumps(engine.with_candidates([]), protocol=pickle.HIGHEST_PROTOCOL)
    log.info(
        "match run %s: engine learned from %s of %s candidates (profiles %.1f s, fit %.1f s, %s bytes)",
        run.id,
        len(sample),
        len(ids),
        loaded - started,
        time.perf_counter() - loaded,
        len(data),
    )
    db.session.execute(delete(MatchModel).where(MatchModel.run_id == run.id))
    db.session.add(MatchModel(run_id=run.id, sample_size=len(sample), signature=_sign(data), data=data))


_models: dict[tuple[int, str], SkillMatcher] = {}
_models_lock = threading.Lock()


def load_model(run_id: int) -> SkillMatcher | None:
    """The run's engine (None before ``matching.run`` stored it); kept in memory for the worker's next
    shards of the same run. Refuses data whose signature does not match (never unpickled)."""
    from matching.engine import SkillMatcher

    signature = db.session.scalar(select(MatchModel.signature).where(MatchModel.run_id == run_id))
    if signature is None:
        return None
    with _models_lock:
        cached = _models.get((run_id, signature))
    if cached is not None:
        return cached
    data = db.session.scalar(select(MatchModel.data).where(MatchModel.run_id == run_id))
    if data is None or not hmac.compare_digest(_sign(bytes(data)), signature):
        raise ValueError(f"the stored model of run {run_id} fails its signature check")
    engine = pickle.loads(bytes(data))  # noqa: S301 - signed by this application (checked above)
    if not isinstance(engine, SkillMatcher):
        raise ValueError(f"the stored model of run {run_id} is not an engine")
    with _models_lock:
        _models.clear()  # one run's model at a time per worker process: a few MB
        _models[(run_id, signature)] = engine
    return engine


def _has_model(run_id: int) -> bool:
    count = db.session.scalar(select(func.count()).select_from(MatchModel).where(MatchModel.run_id == run_id))
    return bool(count)


def _members(value: list[Any] | None) -> dict[int, list[Any]]:
    """A shard's or a shortlist's ``[[user id, [pools]], ...]``: process ids, and the programme's name."""
    return {int(uid): _pools(pools) for uid, pools in (value or [])}


def _pools(value: list[Any]) -> list[Any]:
    return [p if isinstance(p, str) else int(p) for p in value]


def _searched(run: MatchRun) -> list[Any]:
    """The pools the run's request searches, as the engine names them: its processes, and the programme
    when the run includes it."""
    from matching import adapters

    return [*run.pools, *([adapters.PROGRAMME] if services.includes_programme(run) else [])]


def _guarded(task: Any, run_id: int, what: str, work: Callable[[], str]) -> str:
    """Run ``work`` for a task of run ``run_id``: an engine or input error, or the time limit, fails the
    run with the reason; transient errors are retried with backoff, and fail the run after the last."""
    try:
        return work()
    except (EngineError, ValueError) as exc:
        _fail(run_id, f"{type(exc).__name__}: {exc}")
        return "failed"
    except SoftTimeLimitExceeded:
        _fail(run_id, f"{what} took longer than its time limit.")
        return "failed"
    except TRANSIENT as exc:
        db.session.rollback()
        if task.request.retries >= task.max_retries:
            _fail(run_id, f"Gave up after {task.max_retries} retries: {type(exc).__name__}: {exc}")
            return "failed"
        raise task.retry(exc=exc, countdown=min(60, 2**task.request.retries * 5)) from exc


@shared_task(
    name="matching.run", bind=True, acks_late=True, max_retries=5, soft_time_limit=1500, time_limit=1800
)
def run_match(self: Any, run_id: int) -> str:
    """Start a run: count its candidates, create its shards, rank them (inline when there is one)."""
    return _guarded(self, run_id, "The run", lambda: _start(run_id))


def _start(run_id: int) -> str:
    from matching import adapters

    run = _lock(run_id)
    if run is None or run.finished:
        db.session.rollback()
        return "gone" if run is None else run.status
    stalled_after = current_app.config["MATCHING_STALLED_AFTER_SECONDS"]
    stale = run.heartbeat_at is None or run.heartbeat_at < utcnow() - timedelta(seconds=stalled_after)
    if run.status == "running" and not stale:
        db.session.rollback()
        return "already running"
    existing = set(db.session.scalars(select(MatchShard.number).where(MatchShard.run_id == run.id)))
    run.status, run.attempts = "running", run.attempts + 1
    run.started_at = run.started_at or utcnow()
    run.heartbeat_at = utcnow()
    if not existing:  # the first attempt fixes the candidates; a redelivery keeps them
        started = time.perf_counter()
        everyone = adapters.eligible(
            run.pools, TalentFilters.from_json(run.filters), programme=services.includes_programme(run)
        )
        found = time.perf_counter()
        size = current_app.config["MATCHING_SHARD_SIZE"]
        ids = sorted(everyone)
        run.candidate_count = len(ids)
        run.shard_count = max(1, math.ceil(len(ids) / size))
        for number in range(run.shard_count):
            part = ids[number :: run.shard_count]
            db.session.add(MatchShard(run_id=run.id, number=number, members=[[u, everyone[u]] for u in part]))
        db.session.flush()
        log.info(
            "match run %s: %s candidates in %s shards (found in %.1f s, shards stored in %.1f s)",
            run_id,
            len(ids),
            run.shard_count,
            found - started,
            time.perf_counter() - found,
        )
    else:
        everyone = {}
    _advance(run_id, CANDIDATES_FIXED, f"{run.candidate_count} candidates fixed in {run.shard_count} shards")
    db.session.commit()
    with heartbeat(run_id):  # from here on the run's row is free: the run beats while it learns
        return _learn_and_send(run_id, everyone)


def _learn_and_send(run_id: int, everyone: dict[int, list[Any]]) -> str:
    run = db.session.get(MatchRun, run_id)
    assert run is not None
    if run.candidate_count and not _has_model(run_id):
        candidates: dict[int, list[Any]] = everyone
        if not candidates:  # a redelivery: the candidates fixed by the first attempt
            for part in db.session.scalars(select(MatchShard.members).where(MatchShard.run_id == run_id)):
                candidates.update(_members(part))
        learn_model(run, candidates)
        _advance(run_id, ENGINE_LEARNED, "engine learned")
        db.session.commit()
        run = db.session.get(MatchRun, run_id)
        assert run is not None
    if run.shard_count == 1:
        pending = db.session.scalars(
            select(MatchShard.number).where(MatchShard.run_id == run_id, MatchShard.status != "done")
        ).all()
        for number in pending:
            rank_shard_now(run_id, number)
        finalize(run_id)
        return "ok"
    # Each shard is handed to the broker once, here; from then on the sweeper looks after it (a claim
    # whose heartbeat stopped, a message no worker claimed), so a run taken over sends only what it never
    # sent, and a run waiting behind others is never flooded with copies of its shards.
    unsent = sorted(
        db.session.execute(
            update(MatchShard)
            .where(MatchShard.run_id == run_id, MatchShard.status != "done", MatchShard.sent_at.is_(None))
            .values(sent_at=utcnow())
            .returning(MatchShard.number)
            .execution_options(synchronize_session=False)
        ).scalars()
    )
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for number in unsent:
        send_now(app, SHARD_TASK, (run_id, number))
    finalize(run_id)  # in case every shard was already done (a redelivered task)
    return "ok"


@shared_task(name=SHARD_TASK, bind=True, acks_late=True, max_retries=5, soft_time_limit=1500, time_limit=1800)
def rank_shard(self: Any, run_id: int, number: int) -> str:
    def work() -> str:
        rank_shard_now(run_id, number)
        finalize(run_id)
        return "ok"

    return _guarded(self, run_id, "A shard", work)


def rank_shard_now(run_id: int, number: int) -> bool:
    """Keep one shard's best candidates for the final ranking, under a claim of this call's own (see
    ``services.claim_shard``). Returns whether it stored them: not for a shard already done or held by a
    live worker, nor before the run's engine is stored (the run's task sends the shards once it is), nor
    when its claim was taken over while it worked (its result is then discarded)."""
    run = db.session.get(MatchRun, run_id)
    status = db.session.scalar(
        select(MatchShard.status).where(MatchShard.run_id == run_id, MatchShard.number == number)
    )
    if (
        run is None
        or status in (None, "done")
        or run.finished
        or (run.candidate_count and not _has_model(run_id))
    ):
        db.session.rollback()
        return False
    token = services.new_claim()
    if not services.claim_shard(run_id, number, token):
        db.session.rollback()
        log.info("match run %s shard %s: done or held by a live worker, left alone", run_id, number)
        return False
    db.session.commit()
    with heartbeat(run_id, number, token):
        return _rank_claimed(run_id, number, token)


def _rank_claimed(run_id: int, number: int, token: str) -> bool:
    from matching import adapters

    members = _members(
        db.session.scalar(
            select(MatchShard.members).where(MatchShard.run_id == run_id, MatchShard.number == number)
        )
    )
    model = load_model(run_id) if members else None
    if members and model is None:  # the run failed meanwhile, and its engine went with it
        db.session.rollback()
        return False
    run = db.session.get(MatchRun, run_id)
    assert run is not None
    shortlist: list[tuple[int, float]] = []
    started = loaded = time.perf_counter()
    if model is not None:  # None only for a shard without members
        arrays = adapters.candidate_arrays(members, model.skill_index_)
        loaded = time.perf_counter()
        request = db.session.get(TalentRequest, run.request_id)
        assert request is not None
        depth = max(run.top, model.rerank_depth)
        # Each shard's best ``depth`` in the tiered order hold the best ``depth`` of everyone in that order.
        ranked = model.with_candidates(arrays).rank(
            adapters.match_request(request, _searched(run)), top=depth, order="tiers"
        )
        shortlist = [(int(m.candidate), float(m.score)) for m in ranked.matches]
    log.info(
        "match run %s shard %s: %s candidates (profiles %.1f s, index and rank %.1f s)",
        run_id,
        number,
        len(members),
        loaded - started,
        time.perf_counter() - loaded,
    )
    # The shard is marked done first, only while the claim is still this call's (its row then stays
    # locked until commit, so no takeover slips in before the shortlist is written); then its rows are
    # replaced, in the same transaction: running the shard twice leaves one row per candidate.
    if not services.finish_shard(run_id, number, token, len(members)):
        db.session.rollback()
        log.warning(
            "match run %s shard %s: its claim was taken over (the heartbeat stopped): result discarded",
            run_id,
            number,
        )
        return False
    db.session.execute(
        delete(MatchCandidate).where(MatchCandidate.run_id == run_id, MatchCandidate.shard == number)
    )
    db.session.add_all(
        MatchCandidate(run_id=run_id, user_id=user_id, shard=number, score=score, pools=members[user_id])
        for user_id, score in shortlist
    )
    done = db.session.scalar(
        select(func.count())
        .select_from(MatchShard)
        .where(MatchShard.run_id == run_id, MatchShard.status == "done")
    )
    _advance(
        run_id, shards_progress(done or 0, run.shard_count), f"{done} of {run.shard_count} shards ranked"
    )
    db.session.commit()
    return True


def _remaining_shards(run_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(MatchShard)
            .where(MatchShard.run_id == run_id, MatchShard.status != "done")
        )
        or 0
    )


def finalize(run_id: int) -> bool:
    """Once every shard is done, rank the union of their shortlists into the run's results (once: under
    the run's row lock)."""
    from matching import adapters

    if _remaining_shards(run_id):
        db.session.rollback()
        return False
    # Every shard is ranked: the page says the final ranking has started (its own short transaction,
    # before the row lock below is taken and held while ranking).
    _advance(run_id, SHARDS_RANKED, "final ranking")
    db.session.commit()
    run = _lock(run_id)
    if run is None or run.finished or _remaining_shards(run_id):
        db.session.rollback()
        return False
    started = time.perf_counter()
    shortlisted: dict[int, list[Any]] = {
        user_id: _pools(pools)
        for user_id, pools in db.session.execute(
            select(MatchCandidate.user_id, MatchCandidate.pools).where(MatchCandidate.run_id == run_id)
        )
    }
    matches: list[Any] = []
    if shortlisted:
        model = load_model(run_id)
        if model is None:
            raise ValueError(f"run {run_id} has shortlisted candidates but no stored model")
        request = db.session.get(TalentRequest, run.request_id)
        assert request is not None
        engine = model.with_candidates(adapters.candidate_arrays(shortlisted, model.skill_index_))
        # The review shows requirement tiers first (all required met, all held some below, some missing).
        matches = list(
            engine.rank(adapters.match_request(request, _searched(run)), top=run.top, order="tiers").matches
        )
    evidence = adapters.evidence_for(int(m.candidate) for m in matches)  # one query for everyone listed
    # The events of those listed from the programme (one query; at most ``top`` people).
    events = adapters.programme_events(
        [int(m.candidate) for m in matches if adapters.PROGRAMME in shortlisted[int(m.candidate)]]
    )
    db.session.execute(delete(MatchResult).where(MatchResult.run_id == run_id))
    db.session.add_all(
        MatchResult(
            run_id=run_id,
            user_id=int(m.candidate),
            rank=m.rank,
            score=float(m.score),
            explanation=adapters.explanation(
                m,
                evidence.get(int(m.candidate), {}),
                adapters.sources(shortlisted[int(m.candidate)], events.get(int(m.candidate), ())),
            ),
        )
        for m in matches
    )
    db.session.execute(delete(MatchCandidate).where(MatchCandidate.run_id == run_id))
    db.session.execute(delete(MatchModel).where(MatchModel.run_id == run_id))
    run.status, run.progress, run.finished_at, run.error = "done", 100, utcnow(), None
    db.session.commit()
    log.info(
        "match run %s done: %s results from %s candidates (%s shortlisted by the shards, ranked in %.1f s)",
        run_id,
        len(matches),
        run.candidate_count,
        len(shortlisted),
        time.perf_counter() - started,
    )
    return True


@shared_task(name="matching.sweep", soft_time_limit=50, time_limit=60)
def sweep() -> dict[str, int]:
    """Re-send runs left queued (the broker was down) or that nothing beats any more, shards whose worker
    stopped beating or that no worker claimed, and start the re-ranks that are due."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    resent = 0
    resend_after = timedelta(seconds=app.config["MATCHING_RESEND_AFTER_SECONDS"])
    stalled_after = timedelta(seconds=app.config["MATCHING_STALLED_AFTER_SECONDS"])
    for run_id in services.stale_queued_runs(resend_after) + services.stalled_runs(stalled_after):
        if send_now(app, services.RUN_TASK, (run_id,)):
            db.session.execute(update(MatchRun).where(MatchRun.id == run_id).values(sent_at=utcnow()))
            resent += 1
    db.session.commit()
    shards = _resend_shards(app)
    started = 0
    for row in db.session.scalars(select(RerankRequest).where(RerankRequest.due_at <= utcnow())).all():
        request = db.session.get(TalentRequest, row.request_id)
        db.session.delete(row)
        if request is None or request.status == "completed" or not request.skills:
            continue
        last = services.runs_of(request)
        pools = last[0].pools if last else None
        programme = services.includes_programme(last[0]) if last else services.INCLUDE_PROGRAMME
        try:
            services.start_run(None, request, pools, programme=programme, trigger="auto")
            started += 1
        except services.MatchingError as exc:
            log.info("no automatic re-rank of request %s: %s", request.id, exc.message)
    db.session.commit()
    return {"resent": resent, "shards": shards, "reranks": started}


def _resend_shards(app: Flask) -> int:
    """Re-send the shards whose claim went stale (their worker stopped beating) and, when the broker's
    queue is empty, those sent long ago that no worker claimed (nothing is waiting, so the message was
    lost with a worker that died holding it); the next worker takes each over. Returns how many."""
    after = timedelta(seconds=app.config["MATCHING_SHARD_STALLED_AFTER_SECONDS"])
    shards = services.stalled_shards(after)
    unclaimed = services.unclaimed_shards(after)
    if unclaimed and _queue_is_empty(app):
        shards += unclaimed
    sent = [shard for shard in shards if send_now(app, SHARD_TASK, shard)]
    if sent:
        db.session.execute(
            update(MatchShard)
            .where(tuple_(MatchShard.run_id, MatchShard.number).in_(sent))
            .values(sent_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        log.warning("match runs: shards re-sent to the workers (run, shard): %s", sent)
    db.session.commit()
    return len(sent)


def _queue_is_empty(app: Flask) -> bool:
    """Whether no message waits in the broker's queue for a worker (a worker holds at most as many
    messages as it has processes working, so a shard sent long ago, unclaimed, and not waiting, was lost
    with a worker that died holding it). Without a broker nothing waits; when the broker cannot say,
    False (and a send would fail anyway)."""
    if app.config["TASK_DISPATCH"] != "celery":
        return True
    celery_app = app.extensions["celery"]
    try:
        with celery_app.connection_for_read() as connection:
            queue = connection.default_channel.queue_declare(
                queue=celery_app.conf.task_default_queue, passive=True
            )
    except ChannelError:  # the broker keeps no empty queue
        return True
    except Exception as exc:  # the broker is down or slow: the next sweep asks again
        log.warning("match runs: the broker's queue could not be read: %s", exc)
        return False
    return int(queue.message_count) == 0
