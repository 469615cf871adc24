"""What matching holds about a person, for the personal-data export and for account deletion (registered
with ``talent.profiles.privacy`` by ``matching.hooks.register_matching``).

- ``match_results``: where the person was ranked for a request, with the explanation of the score (which
  of their skills and experiences matched).
- ``match_decisions``: the recruitment team's decisions on them for a request, with reasons and notes.
- ``match_notes``: recruiters' private notes on them in a run (each read in the platform only by its author;
  written about the person, so the person's export holds them, without naming the author).
- ``referral_explanations``: the explanation each of their referrals was made on.

Deleting the account keeps ranks and decisions (a run's history) but erases the explanations (they quote
the person's experiences) and the free text written about them (private notes included).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select, update

from jobs.models import Referral
from matching.models import (
    MatchCandidate,
    MatchDecision,
    MatchNote,
    MatchResult,
    MatchRun,
    ReferralExplanation,
)
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


def export_notes(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(MatchNote).where(MatchNote.user_id == user.id).order_by(MatchNote.id),
        execution_options={"yield_per": privacy.BATCH_ROWS},
    )
    for note in rows:
        yield privacy.columns(note, skip=("user_id", "author_id"))


def anonymise_notes(user: User) -> None:
    db.session.execute(delete(MatchNote).where(MatchNote.user_id == user.id))


def _own_referrals(user: User) -> Any:
    return select(Referral.id).where(Referral.user_id == user.id)


def export_referral_explanations(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.execute(
        select(ReferralExplanation, Referral.request_id)
        .join(Referral, Referral.id == ReferralExplanation.referral_id)
        .where(Referral.user_id == user.id)
        .order_by(ReferralExplanation.referral_id),
        execution_options={"yield_per": privacy.BATCH_ROWS},
    )
    for kept, request_id in rows:
        yield {**privacy.columns(kept), "request_id": request_id}


def anonymise_referral_explanations(user: User) -> None:
    db.session.execute(
        delete(ReferralExplanation).where(ReferralExplanation.referral_id.in_(_own_referrals(user)))
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
    privacy.register(
        "match_notes",
        export=export_notes,
        anonymise=anonymise_notes,
        tables=("match_notes",),
        actor_columns=(("match_notes", "author_id"),),
    )
    privacy.register(
        "referral_explanations",
        export=export_referral_explanations,
        anonymise=anonymise_referral_explanations,
        tables=("referral_explanations",),
    )
