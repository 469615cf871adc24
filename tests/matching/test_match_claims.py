"""One worker at a time ranks a shard: the claim rule at its edges (a fresh claim is refused, a stale one
taken over, a stale worker's result discarded), what the sweeper re-sends, and the heartbeat that keeps a
claim fresh. The rules on the rolled-back database; the heartbeat thread on real commits."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from matching import services, tasks
from matching.models import MatchCandidate, MatchRun, MatchShard
from talent.models._types import utcnow

STALL = 15  # MATCHING_SHARD_STALLED_AFTER_SECONDS, set below whatever the default becomes
TICK = timedelta(microseconds=1)


def _task(app, name):
    return app.extensions["celery"].tasks[name]


@pytest.fixture
def sharded(app, db, match_data, monkeypatch):
    """A run of two shards with its engine learned and its shards sent (recorded, not run)."""
    monkeypatch.setitem(app.config, "MATCHING_SHARD_SIZE", 2)
    monkeypatch.setitem(app.config, "MATCHING_SHARD_STALLED_AFTER_SECONDS", STALL)
    monkeypatch.setitem(app.config, "TASK_DISPATCH", "record")
    app.extensions["dispatched"] = []
    run, _ = services.start_run(match_data["recruiter"], match_data["request"], top=200)
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    db.session.refresh(run)
    assert run.status == "running" and run.shard_count == 2
    sent = [args for name, args in app.extensions["dispatched"] if name == tasks.SHARD_TASK]
    assert sent == [(run.id, 0), (run.id, 1)]
    app.extensions["dispatched"] = []
    return run


def _shard(db, run_id, number=0) -> MatchShard:
    db.session.expire_all()
    return db.session.scalars(
        select(MatchShard).where(MatchShard.run_id == run_id, MatchShard.number == number)
    ).one()


def _set(db, run_id, number=0, **values) -> None:
    db.session.execute(
        MatchShard.__table__.update()
        .where(MatchShard.run_id == run_id, MatchShard.number == number)
        .values(**values)
    )
    db.session.commit()


def _claim(db, run_id, token, now, number=0) -> bool:
    claimed = services.claim_shard(run_id, number, token, now=now)
    db.session.commit()
    return claimed


# --- The claim rule -----------------------------------------------------------------------------------------


def test_a_fresh_claim_is_refused_to_a_second_worker_up_to_the_stall_limit(db, sharded):
    first = utcnow()
    assert _claim(db, sharded.id, "a" * 32, first)
    assert not _claim(db, sharded.id, "b" * 32, first)  # at once
    assert not _claim(db, sharded.id, "b" * 32, first + timedelta(seconds=STALL))  # at the limit: still fresh
    shard = _shard(db, sharded.id)
    assert (shard.status, shard.claim, shard.attempts) == ("running", "a" * 32, 1)


def test_a_claim_silent_past_the_stall_limit_is_taken_over(db, sharded):
    first = utcnow()
    assert _claim(db, sharded.id, "a" * 32, first)
    assert _claim(db, sharded.id, "b" * 32, first + timedelta(seconds=STALL) + TICK)
    shard = _shard(db, sharded.id)
    assert (shard.status, shard.claim, shard.attempts) == ("running", "b" * 32, 2)


def test_a_done_shard_is_never_claimed_again(db, sharded):
    assert tasks.rank_shard_now(sharded.id, 0)
    assert not _claim(db, sharded.id, "b" * 32, utcnow() + timedelta(days=1))
    assert _shard(db, sharded.id).status == "done"


def test_a_shard_held_by_a_live_worker_is_left_to_it(db, sharded):
    assert _claim(db, sharded.id, "a" * 32, utcnow())
    assert not tasks.rank_shard_now(sharded.id, 0)  # the redelivered or re-sent copy does nothing
    shard = _shard(db, sharded.id)
    assert (shard.status, shard.claim) == ("running", "a" * 32)
    assert db.session.scalar(select(func.count()).select_from(MatchCandidate)) == 0


def test_a_stale_workers_result_is_discarded_and_the_new_claim_stores_its_own(db, sharded):
    stale, fresh = "a" * 32, "b" * 32
    assert _claim(db, sharded.id, stale, utcnow() - timedelta(seconds=STALL) - TICK)
    assert _claim(db, sharded.id, fresh, utcnow())  # taken over while the first worker was silent
    assert not tasks._rank_claimed(sharded.id, 0, stale)  # the first worker comes back: discarded
    shard = _shard(db, sharded.id)
    assert (shard.status, shard.claim) == ("running", fresh)
    assert db.session.scalar(select(func.count()).select_from(MatchCandidate)) == 0
    assert tasks._rank_claimed(sharded.id, 0, fresh)
    assert _shard(db, sharded.id).status == "done"
    stored = db.session.scalar(select(func.count()).select_from(MatchCandidate))
    assert stored >= 1
    assert not tasks._rank_claimed(sharded.id, 0, stale)  # and once done, a late result changes nothing
    assert db.session.scalar(select(func.count()).select_from(MatchCandidate)) == stored
    assert services.finish_shard(sharded.id, 0, fresh, 2) is False  # done: not finished twice


def test_a_run_whose_shards_were_taken_over_ranks_each_candidate_once(db, sharded):
    assert _claim(db, sharded.id, "a" * 32, utcnow() - timedelta(seconds=STALL) - TICK)
    for number in (0, 1):  # the sweeper's copies, on another worker
        assert tasks.rank_shard_now(sharded.id, number)
    assert tasks.finalize(sharded.id)
    assert not tasks._rank_claimed(sharded.id, 0, "a" * 32)  # the dead worker's late result
    db.session.expire_all()
    run = db.session.get(MatchRun, sharded.id)
    assert run.status == "done"
    assert sorted(r.rank for r in run.results) == list(range(1, len(run.results) + 1))
    assert len({r.user_id for r in run.results}) == len(run.results) == run.candidate_count
    shards = db.session.scalars(
        select(MatchShard).where(MatchShard.run_id == sharded.id).order_by(MatchShard.number)
    )
    assert [s.attempts for s in shards] == [2, 1]


# --- What the sweeper re-sends ------------------------------------------------------------------------------


def _sweep(app) -> dict[str, int]:
    app.extensions["dispatched"] = []
    return _task(app, "matching.sweep").apply().get()


def _resent(app) -> list[tuple[int, int]]:
    return [args for name, args in app.extensions["dispatched"] if name == tasks.SHARD_TASK]


def test_the_sweeper_resends_a_claimed_shard_only_once_its_heartbeat_is_past_the_limit(app, db, sharded):
    now = utcnow()
    _set(db, sharded.id, 1, status="done")
    long_ago = now - timedelta(hours=1)
    _set(db, sharded.id, 0, status="running", claim="a" * 32, sent_at=long_ago)
    _set(db, sharded.id, 0, heartbeat_at=now - timedelta(seconds=STALL - 1))
    assert _sweep(app)["shards"] == 0 and _resent(app) == []
    _set(db, sharded.id, 0, heartbeat_at=now - timedelta(seconds=STALL + 1))
    assert _sweep(app)["shards"] == 1 and _resent(app) == [(sharded.id, 0)]
    assert _shard(db, sharded.id).sent_at >= now
    assert _sweep(app)["shards"] == 0  # re-sent: not again before another stall period
    _set(db, sharded.id, 0, sent_at=now - timedelta(seconds=STALL + 1))
    assert _sweep(app)["shards"] == 1


def test_the_sweeper_resends_a_shard_nobody_claimed_once_past_the_limit(app, db, sharded):
    now = utcnow()
    _set(db, sharded.id, 1, status="done")
    _set(db, sharded.id, 0, sent_at=now - timedelta(seconds=STALL - 1))
    assert _sweep(app)["shards"] == 0
    _set(db, sharded.id, 0, sent_at=now - timedelta(seconds=STALL + 1))
    assert _sweep(app)["shards"] == 1 and _resent(app) == [(sharded.id, 0)]


def test_an_unclaimed_shard_waits_while_the_queue_holds_messages(app, db, sharded, monkeypatch):
    _set(db, sharded.id, 0, sent_at=utcnow() - timedelta(seconds=STALL + 1))
    long_ago = utcnow() - timedelta(hours=1)
    _set(db, sharded.id, 1, status="running", claim="a" * 32, heartbeat_at=long_ago, sent_at=long_ago)
    monkeypatch.setattr(tasks, "_queue_is_empty", lambda _app: False)
    assert _sweep(app)["shards"] == 1 and _resent(app) == [(sharded.id, 1)]  # only the dead claim


def test_the_sweeper_leaves_the_shards_of_finished_runs_alone(app, db, sharded):
    long_ago = utcnow() - timedelta(hours=1)
    _set(db, sharded.id, 0, status="running", claim="a" * 32, heartbeat_at=long_ago, sent_at=long_ago)
    _set(db, sharded.id, 1, sent_at=long_ago)
    db.session.execute(MatchRun.__table__.update().where(MatchRun.id == sharded.id).values(status="failed"))
    db.session.commit()
    assert _sweep(app)["shards"] == 0


def test_a_run_nothing_beats_is_resent_past_its_limit_and_not_again_at_once(app, db, sharded, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_STALLED_AFTER_SECONDS", 30)
    now = utcnow()
    values = {"heartbeat_at": now - timedelta(seconds=29), "sent_at": now - timedelta(hours=1)}
    db.session.execute(MatchRun.__table__.update().where(MatchRun.id == sharded.id).values(**values))
    db.session.commit()
    assert _sweep(app)["resent"] == 0
    db.session.execute(
        MatchRun.__table__.update()
        .where(MatchRun.id == sharded.id)
        .values(heartbeat_at=now - timedelta(seconds=31))
    )
    db.session.commit()
    assert _sweep(app)["resent"] == 1
    assert app.extensions["dispatched"] == [(services.RUN_TASK, (sharded.id,))]
    assert _sweep(app)["resent"] == 0  # just re-sent
    # The run's task, taken over, sends no shard it sent before: the sweeper looks after those.
    app.extensions["dispatched"] = []
    _task(app, "matching.run").apply(args=(sharded.id,), throw=True)
    assert _resent(app) == []


# --- The heartbeat ------------------------------------------------------------------------------------------


def test_a_beat_refreshes_the_run_and_only_the_claim_it_holds(db, sharded):
    old = utcnow() - timedelta(minutes=5)
    _set(db, sharded.id, 0, status="running", claim="a" * 32, heartbeat_at=old)
    _set(db, sharded.id, 1, status="running", claim="b" * 32, heartbeat_at=old)
    db.session.execute(MatchRun.__table__.update().where(MatchRun.id == sharded.id).values(heartbeat_at=old))
    db.session.commit()
    tasks.record_heartbeat(db.session.connection(), sharded.id, 0, "a" * 32)
    tasks.record_heartbeat(db.session.connection(), sharded.id, 1, "c" * 32)  # a claim taken over
    db.session.commit()
    assert _shard(db, sharded.id, 0).heartbeat_at > old
    assert _shard(db, sharded.id, 1).heartbeat_at == old
    assert db.session.get(MatchRun, sharded.id).heartbeat_at > old


@pytest.mark.worker
def test_the_heartbeat_thread_beats_while_the_work_runs_and_never_waits_for_a_locked_row(
    worker_app, committed, monkeypatch
):
    """On real commits (the thread has a connection of its own): a second's heartbeat beats the claim and
    the run; while another transaction holds the run's row, the claim still beats and nothing waits."""
    from tests.matching.conftest import build

    data = build(committed)
    old = utcnow() - timedelta(minutes=5)
    run = MatchRun(
        request_id=data["request"].id,
        engine_version="test",
        skills_version="test",
        status="running",
        heartbeat_at=old,
        shard_count=1,
    )
    committed.session.add(run)
    committed.session.flush()
    committed.session.add(
        MatchShard(run_id=run.id, number=0, status="running", claim="a" * 32, heartbeat_at=old)
    )
    committed.session.commit()
    monkeypatch.setitem(worker_app.config, "MATCHING_HEARTBEAT_SECONDS", 1)

    def beats():
        committed.session.expire_all()
        shard = committed.session.scalars(select(MatchShard).where(MatchShard.run_id == run.id)).one()
        return shard.heartbeat_at, committed.session.get(MatchRun, run.id).heartbeat_at

    with tasks.heartbeat(run.id, 0, "a" * 32):
        time.sleep(1.6)
        shard_beat, run_beat = beats()
        committed.session.commit()
    assert shard_beat > old and run_beat > old
    with committed.engine.connect() as holder:  # a worker finishing the run holds its row
        holder.execute(text("SELECT id FROM match_runs WHERE id = :id FOR UPDATE"), {"id": run.id})
        started = time.monotonic()
        with tasks.heartbeat(run.id, 0, "a" * 32):
            time.sleep(1.6)
        assert time.monotonic() - started < 2.5  # the thread stopped at once: it never waited
        shard_again, run_again = beats()
        committed.session.commit()
        holder.rollback()
    assert shard_again > shard_beat and run_again == run_beat
