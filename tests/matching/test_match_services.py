"""Match runs in-process on the rolled-back database: ranking, idempotence, rules, review decisions,
fairness, comparison. (The same tasks on a real worker: test_match_worker.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jobs.services import requests as request_services
from matching import adapters, services, tasks
from matching.models import MatchCandidate, MatchDecision, MatchModel, MatchResult, MatchRun, MatchShard
from talent.models import AuditEvent, EquityDeclaration


def _task(app, name):
    """The task bound to this test's app (tasks.* proxies follow Celery's latest default app)."""
    return app.extensions["celery"].tasks[name]


def _run(app, data, **kwargs):
    app.extensions["dispatched"] = []
    run, created = services.start_run(data["recruiter"], data["request"], **kwargs)
    assert created
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    return run


def _names(run, data):
    by_id = {u.id: name for name, u in data["users"].items()}
    return [by_id[r.user_id] for r in sorted(run.results, key=lambda r: r.rank)]


def engine_order(data, run):
    """The ranking the pure engine gives on the same inputs: what the pipeline must reproduce."""
    from jobs.services.talent_search import TalentFilters
    from matching import adapters
    from matching.engine import SkillMatcher

    members = adapters.eligible(run.pools, TalentFilters.from_json(run.filters))
    engine = SkillMatcher(**run.params).fit(adapters.skills_library(), adapters.candidate_profiles(members))
    ranked = engine.rank(adapters.match_request(data["request"], run.pools), top=run.top, order="tiers")
    by_id = {str(u.id): name for name, u in data["users"].items()}
    return [by_id[m.candidate] for m in ranked.matches]


def test_a_run_ranks_the_pool_and_explains_each_match(app, db, match_data):
    run = _run(app, match_data)
    db.session.refresh(run)
    assert run.status == "done" and run.progress == 100 and run.candidate_count == 4
    assert run.engine_version and run.params["random_state"] == 0 and run.skills_version
    names = _names(run, match_data)
    assert names == engine_order(match_data, run)
    assert names[0] == "ada" and names[-1] == "di"  # the full match first, the Java-only person last
    bo = next(r for r in run.results if r.user_id == match_data["users"]["bo"].id)
    assert bo.explanation["related"][0]["required"] == "m:postgresql"
    assert bo.explanation["related"][0]["via"] == "m:mysql"
    assert "m:postgresql" not in bo.explanation["missing"]
    ada = run.results[0]
    assert {m["skill"] for m in ada.explanation["matched"]} >= {"m:postgresql", "m:python"}


def test_a_run_lists_requirement_tiers_first_and_parts_that_add_up(app, db, match_data):
    run = _run(app, match_data)
    db.session.refresh(run)
    results = sorted(run.results, key=lambda r: r.rank)
    keys = [(r.explanation["tier"], -r.score) for r in results]
    assert keys == sorted(keys)  # tier first, then score
    for r in results:
        e = r.explanation
        n_required = len(adapters.match_request(match_data["request"], run.pools).required)
        assert e["required_met"] + e["required_below"] + e["required_missing"] == n_required
        assert e["tier"] == (2 if e["required_missing"] else 1 if e["required_below"] else 0)
        # The points shown (one decimal) add up to the score shown.
        assert round(sum(e["parts"].values()), 1) == round(r.score * 100, 1)
        assert set(e["parts"]) == {"required", "nice_to_have", "profile", "peers"}


def test_running_a_task_twice_leaves_one_row_per_candidate(app, db, match_data):
    run = _run(app, match_data)
    db.session.refresh(run)
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    _task(app, "matching.rank_shard").apply(args=(run.id, 0), throw=True)
    count = db.session.scalar(
        select(func.count()).select_from(MatchResult).where(MatchResult.run_id == run.id)
    )
    assert count == 4


def test_a_large_run_is_sharded_and_merged_like_a_single_one(app, db, match_data, monkeypatch):
    single = _run(app, match_data)
    monkeypatch.setitem(app.config, "MATCHING_SHARD_SIZE", 2)
    app.extensions["dispatched"] = []
    sharded, _ = services.start_run(match_data["recruiter"], match_data["request"], single.pools, top=200)
    app.config["TASK_DISPATCH"] = "record"
    _task(app, "matching.run").apply(args=(sharded.id,), throw=True)
    db.session.refresh(sharded)
    assert sharded.shard_count == 2 and sharded.status == "running"
    for name, args in list(app.extensions["dispatched"]):
        if name == tasks.SHARD_TASK:
            _task(app, "matching.rank_shard").apply(args=args, throw=True)
    db.session.refresh(sharded)
    assert sharded.status == "done"
    # One engine learned for the run, the shards' shortlists ranked together: the same list, the same
    # scores and explanations as the run in one piece; nothing left over once done.
    assert len(sharded.results) == len(single.results) >= 3
    assert [(r.user_id, r.rank, r.score, r.explanation) for r in sharded.results] == [
        (r.user_id, r.rank, r.score, r.explanation) for r in single.results
    ]
    assert {s.candidate_count for s in sharded_shards(db, sharded.id)} == {2}
    for table in (MatchCandidate, MatchModel):
        assert (
            db.session.scalar(select(func.count()).select_from(table).where(table.run_id == sharded.id)) == 0
        )


def sharded_shards(db, run_id):
    return db.session.scalars(select(MatchShard).where(MatchShard.run_id == run_id)).all()


def test_starting_twice_attaches_to_the_queued_run(app, db, match_data):
    app.extensions["dispatched"] = []
    first, created = services.start_run(match_data["recruiter"], match_data["request"])
    second, created_again = services.start_run(match_data["recruiter"], match_data["request"])
    assert created and not created_again and first.id == second.id
    assert app.extensions["dispatched"] == []  # nothing is sent before the run is committed
    db.session.commit()
    assert app.extensions["dispatched"] == [("matching.run", (first.id,))]


@pytest.mark.parametrize("case", ["completed", "no_pools", "unknown_pool", "manager"])
def test_refused_runs_store_nothing(app, db, match_data, make_user, case):
    request, user, pools = match_data["request"], match_data["recruiter"], None
    if case == "completed":
        request_services.set_status(user, request, "completed", outcome="hire_made")
    elif case == "no_pools":
        pools = []
    elif case == "unknown_pool":
        pools = [999999]
    else:
        user = match_data["manager"]
    with pytest.raises(services.MatchingError):
        services.start_run(user, request, pools)
    assert db.session.scalar(select(func.count()).select_from(MatchRun)) == 0


def test_opted_out_candidates_are_never_ranked(app, db, match_data):
    from talent.profiles.services import get_profile

    get_profile(match_data["users"]["ada"]).opt_out_of_matching = True
    db.session.commit()
    run = _run(app, match_data)
    db.session.refresh(run)
    assert "ada" not in _names(run, match_data)


def test_decisions_need_a_ranked_candidate_and_a_reason_for_not_a_fit(app, db, match_data, make_user):
    run = _run(app, match_data)
    db.session.refresh(run)
    request, recruiter = match_data["request"], match_data["recruiter"]
    bo = match_data["users"]["bo"].id
    with pytest.raises(services.MatchingError):
        services.decide(recruiter, request, [bo], "not_a_fit", "")
    with pytest.raises(services.MatchingError):
        services.decide(recruiter, request, [make_user("candidate").id], "shortlist")
    with pytest.raises(services.MatchingError):
        services.decide(recruiter, request, [bo], "not_a_fit", "x" * 10_000)
    services.decide(recruiter, request, [bo], "not_a_fit", "Needs PostgreSQL.")
    assert db.session.scalars(select(MatchDecision)).one().reason == "Needs PostgreSQL."
    assert not services.is_revealed(services.decisions_for(request)[bo])
    ada = match_data["users"]["ada"].id
    services.decide(recruiter, request, [ada], "refer")
    assert services.is_revealed(services.decisions_for(request)[ada])
    # Revealing is audited with whom it revealed; a decision that reveals nobody names nobody.
    trail = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.decided").order_by(AuditEvent.id)
    ).all()
    assert [(e.details["decision"], e.details.get("revealed"), e.actor_id) for e in trail] == [
        ("not_a_fit", None, recruiter.id),
        ("refer", [ada], recruiter.id),
    ]
    assert [r.user_id for r in request_services.referrals_for_manager(request)] == [ada]


def test_comparing_two_runs_shows_who_is_new(app, db, match_data):
    first = _run(app, match_data)
    db.session.refresh(first)
    from talent.profiles.services import get_profile

    get_profile(match_data["users"]["cy"]).opt_out_of_matching = True
    db.session.commit()
    second = _run(app, match_data)
    db.session.refresh(second)
    diff = services.compare(first, second)
    assert diff.gone == (match_data["users"]["cy"].id,) and diff.new == ()


def test_four_fifths_only_in_aggregate_and_only_with_five_per_group(db, make_user):
    pool = [make_user("candidate") for _ in range(12)]
    women = pool[:6]
    for user in women:
        db.session.add(EquityDeclaration(user_id=user.id, is_woman=True))
    db.session.flush()
    ids = [u.id for u in pool]
    selected = [women[0].id] + [u.id for u in pool[6:10]]  # 1 of 6 women, 4 of 6 others
    rates = services.four_fifths(ids, selected)
    assert rates is not None and len(rates) == 1
    assert rates[0].group == "woman" and rates[0].ratio == 0.25 and rates[0].adverse
    assert services.four_fifths(ids[:9], selected) is None  # only 3 others: nothing shown


def test_a_profile_change_schedules_one_debounced_rerank(app, db, match_data, monkeypatch):
    from matching.models import RerankRequest
    from talent.profiles import user_skills

    monkeypatch.setitem(app.config, "MATCHING_RERANK_DELAY_SECONDS", 0)
    run = _run(app, match_data)
    db.session.refresh(run)
    cy = match_data["users"]["cy"]
    user_skills.add_skill(cy, "m:postgresql", 3)
    user_skills.add_skill(cy, "m:sql", 2)  # a burst of edits: still one pending re-rank
    pending = db.session.scalars(select(RerankRequest)).all()
    assert [p.request_id for p in pending] == [match_data["request"].id]
    db.session.commit()
    app.extensions["dispatched"] = []
    assert _task(app, "matching.sweep").apply().get() == {"resent": 0, "shards": 0, "reranks": 1}
    auto = db.session.scalars(select(MatchRun).where(MatchRun.trigger == "auto")).one()
    assert app.extensions["dispatched"] == [("matching.run", (auto.id,))]
    _task(app, "matching.run").apply(args=(auto.id,), throw=True)
    db.session.refresh(auto)
    before = next(r.score for r in run.results if r.user_id == cy.id)
    after = next(r.score for r in auto.results if r.user_id == cy.id)
    assert after > before  # cy now holds the required PostgreSQL


def test_opting_out_removes_a_candidate_from_the_next_run_and_schedules_it(app, db, match_data):
    from matching.models import RerankRequest
    from talent.profiles.services import get_profile, set_matching_opt_out

    _run(app, match_data)
    ada = match_data["users"]["ada"]
    set_matching_opt_out(ada, get_profile(ada), True)
    assert db.session.scalars(select(RerankRequest)).one().reason == "opt_out"


def _started_with_shards_held_back(app, db, data, **config):
    for key, value in config.items():
        app.config[key] = value
    app.extensions["dispatched"] = []
    run, _ = services.start_run(data["recruiter"], data["request"], top=200)
    app.config["TASK_DISPATCH"] = "record"
    _task(app, "matching.run").apply(args=(run.id,), throw=True)
    db.session.refresh(run)
    shards = [args for name, args in app.extensions["dispatched"] if name == tasks.SHARD_TASK]
    return run, shards


def test_the_engine_learns_from_a_sample_and_still_ranks_everyone(app, db, match_data, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_SHARD_SIZE", 2)
    monkeypatch.setitem(app.config, "MATCHING_MODEL_SAMPLE", 2)
    run, shards = _started_with_shards_held_back(app, db, match_data)
    model = db.session.get(MatchModel, run.id)
    assert model is not None and model.sample_size == 2 < run.candidate_count
    for args in shards:
        _task(app, "matching.rank_shard").apply(args=args, throw=True)
    db.session.refresh(run)
    assert run.status == "done"
    holders = {u.id for name, u in match_data["users"].items() if name != "di"}
    assert holders <= {r.user_id for r in run.results}  # learned from two, ranked all


def test_a_tampered_stored_engine_is_refused_not_loaded(app, db, match_data, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_SHARD_SIZE", 2)
    run, shards = _started_with_shards_held_back(app, db, match_data)
    model = db.session.get(MatchModel, run.id)
    model.data = bytes(model.data) + b"."
    db.session.commit()
    tasks._models.clear()
    _task(app, "matching.rank_shard").apply(args=shards[0], throw=True)
    db.session.refresh(run)
    assert run.status == "failed" and "signature" in run.error
    assert db.session.get(MatchModel, run.id) is None  # a failed run keeps its reason, not its data
    assert (
        db.session.scalar(select(func.count()).select_from(MatchResult).where(MatchResult.run_id == run.id))
        == 0
    )


def test_the_fast_loader_gives_the_engine_what_the_profile_objects_give(db, match_data):
    # candidate_arrays reads plain driver tuples; it must agree with the object path on levels,
    # past skills, years from experiences and pools.
    from datetime import date

    from matching import adapters
    from matching.engine.arrays import as_candidate_arrays, library_index
    from talent.models import Experience, ExperienceSkill, UserSkill

    ana = match_data["users"]["ada"]
    held = db.session.scalars(select(UserSkill).where(UserSkill.user_id == ana.id)).all()
    held[0].current, held[-1].level = False, 1
    job = Experience(
        user_id=ana.id, kind="work", title="Dev", start_date=date(2019, 1, 1), end_date=date(2022, 7, 1)
    )
    db.session.add(job)
    db.session.flush()
    db.session.add(ExperienceSkill(experience_id=job.id, skill_id=held[0].skill_id, justification="x"))
    db.session.commit()
    members = {u.id: [1, 2] if name == "ada" else [1] for name, u in match_data["users"].items()}
    index = library_index(adapters.skills_library())
    fast = adapters.candidate_arrays(members, index)
    slow = as_candidate_arrays(adapters.candidate_profiles(members), index)
    for field in ("ids", "indptr", "skills", "codes", "pool_indptr"):
        assert getattr(fast, field).tolist() == getattr(slow, field).tolist(), field
    assert [fast.pool_names[p] for p in fast.pools] == [slow.pool_names[p] for p in slow.pools]
    assert len(set(fast.codes.tolist())) >= 3  # the variations above are really in the data
