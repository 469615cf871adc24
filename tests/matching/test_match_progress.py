"""A run's progress moves stage by stage and shard by shard, never backwards, and the run page names the
stage: candidates fixed, engine learned, shards ranked k of n, final ranking. At the task level, on the
rolled-back database (tasks.* record what they send; the test runs the shards one by one)."""

from __future__ import annotations

import logging
import re

from matching import services, tasks
from matching.models import MatchRun
from matching.review import listing
from talent.passwords import hash_password
from tests.conftest import login


def _task(app, name):
    return app.extensions["celery"].tasks[name]


def _logged(caplog) -> list[int]:
    """The percents the tasks recorded, in order (``_advance`` logs each one)."""
    found = (re.search(r"\((\d+)%\)$", r.getMessage()) for r in caplog.records if r.name == tasks.__name__)
    return [int(m.group(1)) for m in found if m]


def _progress(db, run_id) -> int:
    db.session.expire_all()
    return db.session.get(MatchRun, run_id).progress


def _stage_text(client, data, run_id) -> str:
    page = client.get(f"/en/recruit/requests/{data['request'].id}/matching/runs/{run_id}/progress")
    assert page.status_code == 200
    found = re.search(r"<gcds-text data-stage>([^<]*)</gcds-text>", page.get_data(as_text=True))
    return found.group(1) if found else ""


def test_a_sharded_run_advances_shard_by_shard_and_the_page_says_where_it_is(
    app, db, client, match_data, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger=tasks.__name__)
    monkeypatch.setitem(app.config, "MATCHING_SHARD_SIZE", 1)
    app.extensions["dispatched"] = []
    run, _ = services.start_run(match_data["recruiter"], match_data["request"])
    match_data["recruiter"].password_hash = hash_password("correct horse battery")
    db.session.commit()
    login(client, match_data["recruiter"].email)
    assert _stage_text(client, match_data, run.id) == ""  # queued: the page says so in its own words

    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    db.session.refresh(run)
    assert run.shard_count == 4 and _progress(db, run.id) == tasks.ENGINE_LEARNED
    assert _stage_text(client, match_data, run.id) == "Ranking the candidates: 0 of 4 shards done."
    observed = [tasks.ENGINE_LEARNED]
    shards = [args for name, args in app.extensions["dispatched"] if name == tasks.SHARD_TASK]
    for k, args in enumerate(shards, 1):
        _task(app, tasks.SHARD_TASK).apply(args=args, throw=True)
        observed.append(_progress(db, run.id))
        if k < len(shards):
            assert _stage_text(client, match_data, run.id) == f"Ranking the candidates: {k} of 4 shards done."
    assert observed == [15, 35, 55, 75, 100]  # one equal step per shard, then done
    # In between, as the tasks recorded it: candidates fixed, engine learned, each shard, final ranking.
    assert _logged(caplog) == [5, 15, 35, 55, 75, 95, 95]
    assert db.session.get(MatchRun, run.id).status == "done"


def test_a_single_shard_run_still_goes_through_every_stage(app, db, match_data, caplog):
    caplog.set_level(logging.INFO, logger=tasks.__name__)
    app.extensions["dispatched"] = []
    run, _ = services.start_run(match_data["recruiter"], match_data["request"])
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    db.session.refresh(run)
    assert run.shard_count == 1 and _progress(db, run.id) == 100
    logged = _logged(caplog)
    assert logged == [tasks.CANDIDATES_FIXED, tasks.ENGINE_LEARNED, tasks.SHARDS_RANKED, tasks.SHARDS_RANKED]
    assert logged == sorted(logged)


def test_progress_never_goes_back_when_shards_finish_out_of_order(app, db, match_data, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_SHARD_SIZE", 2)
    app.extensions["dispatched"] = []
    run, _ = services.start_run(match_data["recruiter"], match_data["request"])
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    # Another worker recorded a later shard count meanwhile: a shard that counted fewer keeps it.
    db.session.execute(MatchRun.__table__.update().where(MatchRun.id == run.id).values(progress=90))
    db.session.commit()
    tasks.rank_shard_now(run.id, 0)
    assert _progress(db, run.id) == 90
    tasks.rank_shard_now(run.id, 1)
    assert _progress(db, run.id) == tasks.SHARDS_RANKED
    assert tasks.finalize(run.id) and _progress(db, run.id) == 100


def test_stages_at_the_edges_of_their_marks(app, db, match_data):
    run, _ = services.start_run(match_data["recruiter"], match_data["request"])
    run.status, run.shard_count = "running", 3
    expected = {
        0: "candidates",
        tasks.CANDIDATES_FIXED - 1: "candidates",
        tasks.CANDIDATES_FIXED: "engine",
        tasks.ENGINE_LEARNED - 1: "engine",
        tasks.ENGINE_LEARNED: "shards",
        tasks.SHARDS_RANKED - 1: "shards",
        tasks.SHARDS_RANKED: "final",
        99: "final",
    }
    for percent, code in expected.items():
        run.progress = percent
        assert listing.stage(run).code == code, percent
    run.progress = tasks.ENGINE_LEARNED
    assert listing.stage(run) == listing.Stage("shards", 0, 3)
    run.status = "done"
    assert listing.stage(run).code == "done"
    assert [tasks.shards_progress(k, 3) for k in range(4)] == [15, 41, 68, 95]
    assert tasks.shards_progress(0, 0) == tasks.ENGINE_LEARNED
