"""What matching holds about a person, for the personal-data export and for account deletion (registered
with ``talent.profiles.privacy`` by ``matching.hooks.register_matching``).

- ``match_results``: where the person was ranked for a request, with the explanation of the score (which
  of their skills and experiences matched).
- ``match_decisions``: the recruitment team's decisions on them for a request, with reasons and notes.

Deleting the account keeps ranks and decisions (a run's history) but erases the explanations (they quote
the person's experiences) and the free text written about them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select, update

from matching.models import MatchCandidate, MatchDecision, MatchResult, MatchRun
from talent.extensions import db
from talent.models import User
from talent.profiles import privacy


def export_results(user: User) -> Iterator[dict[str, Any]]:
    # The request of each result's run in the same statement (a person may be ranked in hundreds of runs).
    rows = db.session.execute(
        select(MatchResult, MatchRun.request_id)
        .join(MatchRun, MatchRun.id == MatchResult.run_id)
        .where(MatchResult.user_id == user.id)
        .order_by(MatchResult.id),
        execution_options={"yield_per": privacy.BATCH_ROWS},
    )
    for result, request_id in rows:
        yield {**privacy.columns(result, skip=("user_id",)), "request_id": request_id}


def export_decisions(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(MatchDecision).where(MatchDecision.user_id == user.id).order_by(MatchDecision.id),
        execution_options={"yield_per": privacy.BATCH_ROWS},
    )
    for decision in rows:
        yield privacy.columns(decision, skip=("user_id", "decided_by_id"))


def anonymise_results(user: User) -> None:
    db.session.execute(update(MatchResult).where(MatchResult.user_id == user.id).values(explanation={}))
    # A running run's shortlists: the person leaves them (the final ranking explains only who is left).
    db.session.execute(delete(MatchCandidate).where(MatchCandidate.user_id == user.id))


def anonymise_decisions(user: User) -> None:
    db.session.execute(
        update(MatchDecision).where(MatchDecision.user_id == user.id).values(reason=None, notes=None)
    )


def register() -> None:
    privacy.register(
        "match_results",
        export=export_results,
        anonymise=anonymise_results,
        tables=("match_results", "match_candidates"),
        actor_columns=(("match_runs", "created_by_id"),),
    )
    privacy.register(
        "match_decisions",
        export=export_decisions,
        anonymise=anonymise_decisions,
        tables=("match_decisions",),
        actor_columns=(("match_decisions", "decided_by_id"),),
    )
