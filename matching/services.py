"""Starting match runs, the recruitment team's decisions on ranked candidates, and the fairness check."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import selectinload

from jobs.models import Application, Process, TalentRequest
from matching.engine import ENGINE_VERSION
from matching.models import (
    MatchDecision,
    MatchResult,
    MatchRun,
    MatchShard,
    ReferralExplanation,
    RerankRequest,
)
from talent import audit
from talent.dispatch import after_commit
from talent.extensions import db
from talent.models import EquityDeclaration, User
from talent.models._types import utcnow
from talent.service_errors import ServiceError

RUN_TASK = "matching.run"
DECISIONS = ("shortlist", "refer", "not_a_fit")
REASON_MAX = 2000
DEFAULT_TOP = 200
#: Whether a run includes the people the talent-management programme approved unless told otherwise (the
#: start form's box is ticked): the programme approved them precisely so that managers' requests reach
#: them, they consented to it, the request's filters still apply to them, every result says which source
#: it came from, and the team reviews the list before anyone is referred. A team that wants pools only
#: unticks the box.
INCLUDE_PROGRAMME = True
#: Where a run's choice of sources is kept: beside its filters (what decides who its candidates are).
SOURCES_KEY = "sources"


def run_sources(run: MatchRun) -> tuple[str, ...]:
    """The talent sources ``run`` draws from (``jobs.services.pools.SOURCES``): pools, and the programme
    when it was included. Runs stored before the programme was a source drew from pools only."""
    from jobs.services.pools import POOL, SOURCES

    chosen = (run.filters or {}).get(SOURCES_KEY) or [POOL]
    return tuple(source for source in SOURCES if source in chosen)


def includes_programme(run: MatchRun) -> bool:
    from jobs.services.pools import NOMINATION

    return NOMINATION in run_sources(run)


class MatchingError(ServiceError):
    """A match run or a decision on a match list that cannot be made."""


def engine_params() -> dict[str, Any]:
    """The engine's full parameters for new runs (recorded on each run, so a run can be explained and
    repeated): the engine's defaults with the configured overrides."""
    from matching.engine import SkillMatcher

    params = SkillMatcher(**current_app.config["MATCHING_ENGINE_PARAMS"]).get_params()
    return {k: v for k, v in params.items() if isinstance(v, int | float | str | bool) or v is None}


def default_pools(request: TalentRequest) -> list[int]:
    """Pools that fit the request's classification (all pools when it has none)."""
    stmt = select(Process.id).where(Process.published_at.is_not(None)).order_by(Process.id)
    if request.classification_id is not None:
        stmt = stmt.where(Process.classification_id == request.classification_id)
    return list(db.session.scalars(stmt))


def usable_pools(user: User) -> list[int]:
    """Pools a recruiter may match from: every published process for the recruitment team."""
    if not user.is_recruiter:
        return []
    return list(db.session.scalars(select(Process.id).where(Process.published_at.is_not(None))))


def _anyone_available(pool_ids: Sequence[int], programme: bool) -> bool:
    """Whether anyone is available in ``pool_ids`` or, with ``programme``, through the programme."""
    from jobs.models import NominationGroup
    from jobs.services.pools import available_condition, nominee_available_condition

    in_pools = select(Application.id).where(Application.process_id.in_(pool_ids), available_condition())
    if pool_ids and db.session.scalar(in_pools.limit(1)):
        return True
    nominees = select(NominationGroup.id).where(nominee_available_condition())
    return programme and db.session.scalar(nominees.limit(1)) is not None


def start_run(
    user: User | None,
    request: TalentRequest,
    pool_ids: Sequence[int] | None = None,
    *,
    programme: bool = INCLUDE_PROGRAMME,
    trigger: str = "manual",
    top: int = DEFAULT_TOP,
) -> tuple[MatchRun, bool]:
    """Store a run and queue it after commit. Its candidates: the available members of ``pool_ids``
    (default: the pools of the request's classification) and, with ``programme``, the people the
    talent-management programme approved who fit the request's filters. Returns (run, created): a run
    already queued or running for the same request, pools and sources is returned instead of a second
    one."""
    if trigger == "manual" and (user is None or not user.is_recruiter):
        raise MatchingError(_l("Only the recruitment team runs matching."))
    if request.status == "completed":
        raise MatchingError(_l("This request is completed: matching is closed."))
    if not request.skills:
        raise MatchingError(_l("This request has no skills to match on."))
    from jobs.services.pools import NOMINATION, POOL

    pools = sorted(set(pool_ids)) if pool_ids is not None else default_pools(request)
    if not pools and not programme:
        raise MatchingError(_l("Choose at least one pool."), "pools")
    allowed = set(usable_pools(user)) if user is not None and trigger == "manual" else set(pools)
    if not set(pools) <= allowed:
        raise MatchingError(_l("Choose pools from the list."), "pools")
    if not _anyone_available(pools, programme):
        # A run of empty pools ranks nobody, and would make everyone "new" in the next run's comparison.
        if programme:
            raise MatchingError(
                _l("Nobody is available in these pools or through the programme today: choose other pools."),
                "pools",
            )
        raise MatchingError(_l("Nobody is available in these pools today: choose other pools."), "pools")
    sources = [POOL, NOMINATION] if programme else [POOL]
    existing = db.session.scalars(
        select(MatchRun)
        .where(MatchRun.request_id == request.id, MatchRun.status.in_(("queued", "running")))
        .order_by(MatchRun.id.desc())
    ).first()
    if existing is not None and sorted(existing.pools) == pools and list(run_sources(existing)) == sources:
        return existing, False
    from matching import adapters  # numpy: loaded when a run starts, not with the app

    filters = adapters.run_filters(request)
    run = MatchRun(
        request_id=request.id,
        created_by_id=user.id if user is not None and trigger == "manual" else None,
        trigger=trigger,
        pools=pools,
        filters={**filters.to_json(), SOURCES_KEY: sources},
        top=top,
        engine_version=ENGINE_VERSION,
        params=engine_params(),
        sent_at=utcnow(),  # handed to the broker at commit; the sweeper re-sends it if it stays queued
        skills_version=adapters.skills_version(),
        status="queued",
    )
    db.session.add(run)
    db.session.flush()
    audit.record(
        "match.run_started",
        actor=user if trigger == "manual" else None,
        target_type="talent_request",
        target_id=request.id,
        run=run.id,
        pools=pools,
        sources=sources,
    )
    after_commit(RUN_TASK, run.id)
    return run, True


def visible_run(user: User, run_id: int) -> MatchRun | None:
    run = db.session.get(MatchRun, run_id)
    return run if run is not None and user.is_recruiter else None


def runs_of(request: TalentRequest) -> list[MatchRun]:
    return list(
        db.session.scalars(
            select(MatchRun)
            .options(selectinload(MatchRun.created_by))
            .where(MatchRun.request_id == request.id)
            .order_by(MatchRun.id.desc())
        )
    )


def result_counts(request: TalentRequest) -> dict[int, int]:
    """Ranked candidates of each of the request's runs, counted in one query."""
    return dict(
        db.session.execute(
            select(MatchResult.run_id, func.count())
            .join(MatchRun, MatchRun.id == MatchResult.run_id)
            .where(MatchRun.request_id == request.id)
            .group_by(MatchResult.run_id)
        ).all()
    )


def stale_queued_runs(older_than: timedelta) -> list[int]:
    cutoff = utcnow() - older_than
    return list(
        db.session.scalars(
            select(MatchRun.id)
            .where(MatchRun.status == "queued", MatchRun.created_at < cutoff)
            .where((MatchRun.sent_at.is_(None)) | (MatchRun.sent_at < cutoff))
            .order_by(MatchRun.id)
        )
    )


def stalled_runs(older_than: timedelta) -> list[int]:
    """Running runs nothing has beaten for ``older_than`` (neither their own task nor any of their shards:
    the worker fixing their candidates, learning their engine or ranking their final list died), not
    re-sent since. Rows locked by a live worker (a run being started or finished holds its row) are
    skipped: their worker is busy, not dead."""
    cutoff = utcnow() - older_than
    stmt = select(MatchRun.id).where(
        MatchRun.status == "running",
        MatchRun.heartbeat_at < cutoff,
        MatchRun.sent_at.is_(None) | (MatchRun.sent_at < cutoff),
    )
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(db.session.scalars(stmt.order_by(MatchRun.id)))


# --- Shard claims -------------------------------------------------------------------------------------------
# One worker at a time ranks a shard. It claims the shard with a token of its own (one conditional UPDATE:
# the database lets exactly one of two racing workers through), beats the claim's heartbeat while it works
# and stores its shortlist only while the claim is still its own. A claim whose heartbeat is older than
# MATCHING_SHARD_STALLED_AFTER_SECONDS is stale (its worker died, or is cut off from the database): the
# next worker takes it over, and the stale worker's late result is discarded. So a shard the sweeper
# re-sent, or that the broker redelivers once its visibility timeout passes, is never ranked twice at
# once and never stored twice.


def new_claim() -> str:
    """A claim token, unique to one attempt at one shard."""
    return secrets.token_hex(16)


def claim_shard(run_id: int, number: int, token: str, now: datetime | None = None) -> bool:
    """Claim shard ``number`` of run ``run_id`` for ``token`` in the caller's transaction (commit it to
    make the claim visible). True when the shard was free: never claimed, or claimed with a heartbeat
    older than the stall limit (a takeover); False when it is done or another worker's claim is fresh."""
    now = now or utcnow()
    cutoff = now - timedelta(seconds=current_app.config["MATCHING_SHARD_STALLED_AFTER_SECONDS"])
    claimed = db.session.execute(
        update(MatchShard)
        .where(MatchShard.run_id == run_id, MatchShard.number == number, MatchShard.status != "done")
        .where(
            or_(
                MatchShard.claim.is_(None),
                MatchShard.heartbeat_at.is_(None),
                MatchShard.heartbeat_at < cutoff,
            )
        )
        .values(status="running", claim=token, heartbeat_at=now, attempts=MatchShard.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], claimed).rowcount == 1


def finish_shard(run_id: int, number: int, token: str, candidate_count: int) -> bool:
    """Mark the shard done for ``token`` in the caller's transaction, before its shortlist is written in
    the same one (the row stays locked until commit: no takeover can slip in between). False, changing
    nothing, when the claim is no longer ``token``'s: the caller discards its result."""
    now = utcnow()
    finished = db.session.execute(
        update(MatchShard)
        .where(
            MatchShard.run_id == run_id,
            MatchShard.number == number,
            MatchShard.claim == token,
            MatchShard.status == "running",
        )
        .values(status="done", candidate_count=candidate_count, finished_at=now, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], finished).rowcount == 1


def stalled_shards(older_than: timedelta) -> list[tuple[int, int]]:
    """(run id, shard number) of the claimed shards of running runs whose worker stopped beating for
    ``older_than``, not re-sent since."""
    cutoff = utcnow() - older_than
    return _shards_of_running_runs(
        MatchShard.status == "running",
        MatchShard.heartbeat_at < cutoff,
        MatchShard.sent_at.is_(None) | (MatchShard.sent_at < cutoff),
    )


def unclaimed_shards(older_than: timedelta) -> list[tuple[int, int]]:
    """(run id, shard number) of the shards of running runs handed to the broker ``older_than`` ago that
    no worker has claimed: waiting in the queue, or lost with a worker that died holding the message."""
    cutoff = utcnow() - older_than
    return _shards_of_running_runs(
        MatchShard.status == "queued", MatchShard.claim.is_(None), MatchShard.sent_at < cutoff
    )


def _shards_of_running_runs(*conditions: Any) -> list[tuple[int, int]]:
    # From the running runs (their status is indexed), then their shards: finished runs' shards, the
    # bulk of the table, are never read.
    rows = db.session.execute(
        select(MatchShard.run_id, MatchShard.number)
        .join(MatchRun, MatchRun.id == MatchShard.run_id)
        .where(MatchRun.status == "running", *conditions)
        .order_by(MatchShard.run_id, MatchShard.number)
    )
    return [(run_id, number) for run_id, number in rows]


# --- Comparing runs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunDiff:
    new: tuple[int, ...]  # user ids in the newer run only
    gone: tuple[int, ...]  # in the older run only
    moved: tuple[tuple[int, int, int], ...]  # (user id, old rank, new rank)


def compare(older: MatchRun, newer: MatchRun) -> RunDiff:
    before = {r.user_id: r.rank for r in older.results}
    after = {r.user_id: r.rank for r in newer.results}
    return RunDiff(
        new=tuple(u for u in after if u not in before),
        gone=tuple(u for u in before if u not in after),
        moved=tuple((u, before[u], after[u]) for u in after if u in before and before[u] != after[u]),
    )


# --- Decisions ----------------------------------------------------------------------------------------------


def decide(
    actor: User,
    request: TalentRequest,
    user_ids: Iterable[int],
    decision: str | None,
    reason: str | None = None,
    notes: str | None = None,
    *,
    run: MatchRun | None = None,
) -> list[MatchDecision]:
    """Record the same decision for one or more ranked candidates (bulk actions). A referral keeps the
    explanation of the person's result in ``run`` (the run reviewed), else in the latest finished run of the
    request that ranked them (:func:`keep_explanations`)."""
    if not actor.is_recruiter:
        raise MatchingError(_l("Only the recruitment team reviews match lists."))
    if decision is not None and decision not in DECISIONS:
        raise MatchingError(_l("Choose an option from the list."), "decision")
    reason_text = (reason or "").strip() or None
    if reason_text and len(reason_text) > REASON_MAX:
        raise MatchingError(_l("Use at most %(n)d characters.", n=REASON_MAX), "reason")
    if decision == "not_a_fit" and not reason_text:
        raise MatchingError(_l("Give the reason this candidate is not a fit."), "reason")
    notes_text = (notes or "").strip() or None
    if notes_text and len(notes_text) > REASON_MAX:
        raise MatchingError(_l("Use at most %(n)d characters.", n=REASON_MAX), "notes")
    ranked = set(
        db.session.scalars(
            select(MatchResult.user_id).join(MatchRun).where(MatchRun.request_id == request.id)
        )
    )
    ids = list(dict.fromkeys(user_ids))
    if not ids or any(uid not in ranked for uid in ids):
        raise MatchingError(_l("Choose candidates from the match list."), "candidates")
    existing = decisions_for(request)  # one query for the whole bulk action
    rows = []
    for uid in ids:
        row = existing.get(uid)
        if row is None:
            row = MatchDecision(request_id=request.id, user_id=uid)
            db.session.add(row)
        row.decision, row.reason, row.notes = decision, reason_text, notes_text
        row.decided_by_id, row.decided_at = actor.id, utcnow()
        rows.append(row)
    db.session.flush()
    # Shortlisting or referring reveals who the people are: the trail names each one revealed.
    revealed = {"revealed": ids} if decision in REVEALING else {}
    audit.record(
        "match.decided",
        actor=actor,
        target_type="talent_request",
        target_id=request.id,
        decision=decision,
        count=len(ids),
        **revealed,
    )
    if decision == "refer":
        from jobs.services.requests import notify_manager, refer

        for uid in ids:
            refer(actor, request, uid, True, tell_manager=False)
        keep_explanations(request, ids, run)
        notify_manager(request, "referral")  # once for the whole bulk action
    return rows


def keep_explanations(request: TalentRequest, user_ids: Sequence[int], run: MatchRun | None = None) -> None:
    """Copy each referred person's explanation from ``run`` (else from the latest finished run of the request
    that ranked them) onto their referral, replacing an older copy: the manager and the candidate then read
    what the referral was made on, whatever later runs say. Three queries whatever the number of people."""
    from jobs.models import Referral

    ids = list(dict.fromkeys(user_ids))
    if run is not None:
        where = (MatchResult.run_id == run.id,)
    else:
        latest = (
            select(func.max(MatchResult.run_id))
            .join(MatchRun, MatchRun.id == MatchResult.run_id)
            .where(MatchRun.request_id == request.id, MatchRun.status == "done", MatchResult.user_id.in_(ids))
            .group_by(MatchResult.user_id)
        )
        where = (MatchResult.run_id.in_(latest),)
    results = {
        user_id: (run_id, explanation)
        for user_id, run_id, explanation in db.session.execute(
            select(MatchResult.user_id, MatchResult.run_id, MatchResult.explanation).where(
                *where, MatchResult.user_id.in_(ids)
            )
        )
    }
    referrals = db.session.scalars(
        select(Referral).where(Referral.request_id == request.id, Referral.user_id.in_(list(results)))
    ).all()
    kept = {
        row.referral_id: row
        for row in db.session.scalars(
            select(ReferralExplanation).where(ReferralExplanation.referral_id.in_([r.id for r in referrals]))
        )
    }
    for referral in referrals:
        run_id, explanation = results[referral.user_id]
        row = kept.get(referral.id) or ReferralExplanation(referral_id=referral.id)
        row.run_id, row.explanation, row.created_at = run_id, dict(explanation or {}), utcnow()
        db.session.add(row)
    db.session.flush()


def decisions_for(request: TalentRequest) -> dict[int, MatchDecision]:
    return {
        d.user_id: d
        for d in db.session.scalars(select(MatchDecision).where(MatchDecision.request_id == request.id))
    }


# The decisions that reveal a candidate (``is_revealed``).
REVEALING = ("shortlist", "refer")


def is_revealed(decision: MatchDecision | None) -> bool:
    """Anonymous by default: a candidate's identity and free texts are shown once shortlisted or referred."""
    return decision is not None and decision.decision in REVEALING


# --- Fairness -----------------------------------------------------------------------------------------------

MIN_GROUP = 5
GROUPS = ("woman", "disability", "indigenous", "visible_minority")


@dataclass(frozen=True)
class GroupRate:
    group: str
    selected_in_group: int
    in_group: int
    selected_others: int
    others: int
    ratio: float | None  # the group's selection rate over the rest's
    adverse: bool  # under four fifths


def four_fifths(pool: Iterable[int], selected: Iterable[int]) -> list[GroupRate] | None:
    """Selection rate of each self-declared group against the rest, from aggregates only. None when any
    group involved has fewer than five people (or fewer than five outside it): nothing is shown then."""
    everyone = set(pool)
    chosen = set(selected) & everyone
    declared: dict[str, set[int]] = {g: set() for g in GROUPS}
    for d in db.session.scalars(select(EquityDeclaration).where(EquityDeclaration.user_id.in_(everyone))):
        for group in d.groups:
            declared[group].add(d.user_id)
    rates = []
    for group in GROUPS:
        members = declared[group]
        others = everyone - members
        if not members:
            continue
        if len(members) < MIN_GROUP or len(others) < MIN_GROUP:
            return None
        rate_in = len(chosen & members) / len(members)
        rate_out = len(chosen & others) / len(others)
        ratio = rate_in / rate_out if rate_out else None
        rates.append(
            GroupRate(
                group,
                len(chosen & members),
                len(members),
                len(chosen & others),
                len(others),
                None if ratio is None else round(ratio, 3),
                ratio is not None and ratio < 0.8,
            )
        )
    return rates


def schedule_rerank(request_ids: Iterable[int], reason: str, delay_seconds: int = 60) -> None:
    """Ask for a re-rank of open requests after ``delay_seconds`` (a later change pushes it back)."""
    due = utcnow() + timedelta(seconds=delay_seconds)
    for request_id in set(request_ids):
        row = db.session.get(RerankRequest, request_id)
        if row is None:
            db.session.add(RerankRequest(request_id=request_id, due_at=due, reason=reason))
        else:
            row.due_at, row.reason = due, reason
    db.session.flush()


def requests_affected_by(user_id: int) -> list[int]:
    """Open requests whose latest finished run drew from a pool this person is (or was) qualified in, or
    from the programme when the person was nominated in it."""
    from jobs.models import Application, Decision, NominationGroup

    pools = set(
        db.session.scalars(
            select(Application.process_id).where(
                Application.user_id == user_id, Application.decision == Decision.QUALIFIED
            )
        )
    )
    nominee = db.session.scalar(
        select(NominationGroup.id).where(NominationGroup.nominee_id == user_id).limit(1)
    )
    return requests_drawing_from(pools, programme=nominee is not None)


def requests_drawing_from(pools: set[int], *, programme: bool = False) -> list[int]:
    """Open requests whose latest finished run ranked candidates of any of ``pools`` or, with
    ``programme``, drew from the programme."""
    from jobs.services.pools import NOMINATION

    if not pools and not programme:
        return []
    # Runs on every profile change: read only each open request's latest finished run, two columns.
    latest = (
        select(func.max(MatchRun.id))
        .join(TalentRequest, TalentRequest.id == MatchRun.request_id)
        .where(MatchRun.status == "done", TalentRequest.status != "completed")
        .group_by(MatchRun.request_id)
    )
    rows = db.session.execute(
        select(MatchRun.request_id, MatchRun.pools, MatchRun.filters)
        .where(MatchRun.id.in_(latest))
        .order_by(MatchRun.id.desc())
    )
    return [
        request_id
        for request_id, run_pools, filters in rows
        if pools & set(run_pools) or (programme and NOMINATION in ((filters or {}).get(SOURCES_KEY) or ()))
    ]
