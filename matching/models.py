"""Match runs, their results, and the recruitment team's decisions on the ranked candidates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobs.models import TalentRequest
from talent.extensions import Model
from talent.models import Experience, User
from talent.models._types import UTCDateTime, utcnow

RUN_STATUSES = ("queued", "running", "done", "failed")


class MatchRun(Model):
    """One ranking of a request's candidates. Stored before it is queued, never overwritten."""

    __tablename__ = "match_runs"
    __table_args__ = (Index("ix_match_runs_request_created", "request_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talent_requests.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    trigger: Mapped[str] = mapped_column(String(16), default="manual")  # manual, or auto (a profile changed)
    pools: Mapped[list[int]] = mapped_column(JSON, default=list)  # process ids
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    top: Mapped[int] = mapped_column(Integer, default=200)
    engine_version: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    skills_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last handed to the broker
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    candidate_count: Mapped[int | None] = mapped_column(Integer)
    shard_count: Mapped[int] = mapped_column(Integer, default=1)

    request: Mapped[TalentRequest] = relationship()
    created_by: Mapped[User | None] = relationship()
    results: Mapped[list[MatchResult]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="MatchResult.rank"
    )

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


class MatchShard(Model):
    """A slice of a large run's candidates, ranked by its own task; the run finishes when all are done.

    One worker at a time ranks a shard: it claims the shard with a token of its own, beats ``heartbeat_at``
    while it works, and stores its shortlist only while it still holds the claim. A claim whose heartbeat
    stopped is stale: the sweeper re-sends the shard and the next worker takes it over
    (``matching.services.claim_shard``, docs/matching.md)."""

    __tablename__ = "match_shards"
    __table_args__ = (UniqueConstraint("run_id", "number", name="uq_match_shards_run_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued, running (claimed), done
    candidate_count: Mapped[int | None] = mapped_column(Integer)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last handed to the broker
    claim: Mapped[str | None] = mapped_column(String(32))  # the token of the worker ranking it
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # its worker's last sign of life
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims taken, takeovers included
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # [[user id, [pool ids]], ...]: fixed when the run starts, so every shard ranks the people the run
    # counted, whatever changes meanwhile.
    members: Mapped[list[Any] | None] = mapped_column(JSON)


class MatchModel(Model):
    """The engine a run learned (rarity, related skills) before its shards are ranked, so that every
    shard scores on the same scale. Signed, pickled; deleted once the run is done."""

    __tablename__ = "match_models"

    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sample_size: Mapped[int] = mapped_column(Integer)  # candidates it learned from
    signature: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 of data with the app's secret key
    data: Mapped[bytes] = mapped_column(LargeBinary)


class MatchCandidate(Model):
    """A shard's best candidates, kept until the run ranks them together (keyed by run and candidate:
    writing twice is an upsert, so a shard that runs twice leaves one row per candidate)."""

    __tablename__ = "match_candidates"
    __table_args__ = (UniqueConstraint("run_id", "user_id", name="uq_match_candidates_run_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    shard: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)  # in the shard's ranking
    pools: Mapped[list[int]] = mapped_column(JSON, default=list)  # the candidate's pools in the run


class MatchResult(Model):
    """One ranked candidate of a finished run."""

    __tablename__ = "match_results"
    __table_args__ = (UniqueConstraint("run_id", "user_id", name="uq_match_results_run_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    run: Mapped[MatchRun] = relationship(back_populates="results")
    user: Mapped[User] = relationship()


class MatchDecision(Model):
    """The recruitment team's decision on one candidate for one request (kept across runs)."""

    __tablename__ = "match_decisions"
    __table_args__ = (UniqueConstraint("request_id", "user_id", name="uq_match_decisions_request_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talent_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    decision: Mapped[str | None] = mapped_column(String(16))  # shortlist, refer, not_a_fit
    reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatchNote(Model):
    """A recruiter's private note on one ranked candidate of one run: only its author reads it, in the run's
    list; it goes nowhere else (not in the CSV, not to the manager), and is deleted with the run."""

    __tablename__ = "match_notes"
    __table_args__ = (
        UniqueConstraint("run_id", "user_id", "author_id", name="uq_match_notes_run_user_author"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ReferralExplanation(Model):
    """Why a referred person matched, as it stood when they were referred from a run: a copy of their result's
    explanation, so that the manager and the candidate read what the referral was made on (a later run may
    rank them differently, or not at all)."""

    __tablename__ = "referral_explanations"

    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id", ondelete="SET NULL"))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RerankRequest(Model):
    """A talent request to re-rank because something that can change its list changed; processed once
    ``due_at`` passes, so a burst of profile edits leads to one run (debounce)."""

    __tablename__ = "rerank_requests"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("talent_requests.id", ondelete="CASCADE"), primary_key=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reason: Mapped[str | None] = mapped_column(String(64))


#: What an explanation shows of an experience that demonstrates a skill (never its justification text).
EVIDENCE_COLUMNS = (
    Experience.id,
    Experience.kind,
    Experience.title,
    Experience.organization,
    Experience.start_date,
    Experience.end_date,
)


def evidence_item(row: Sequence[Any]) -> dict[str, Any]:
    """One experience as an explanation stores it, from the values of :data:`EVIDENCE_COLUMNS`."""
    experience_id, kind, title, organization, start, end = row
    return {
        "experience": experience_id,
        "kind": kind,
        "title": title,
        "organization": organization,
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
    }
