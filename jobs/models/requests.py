"""Managers' talent requests: the search they came from, the need, the lifecycle handled by the
recruitment team, and the referrals of candidates with the manager's selection."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobs.models.processes import Application
from talent.extensions import Model
from talent.models import Classification, Department, Skill, User
from talent.models._types import UTCDateTime, utcnow


class TalentRequest(Model):
    __tablename__ = "talent_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A signed-in manager, or a guest who follows the request through a private link.
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    guest_name: Mapped[str | None] = mapped_column(String(200))
    guest_email: Mapped[str | None] = mapped_column(String(254))
    tracking_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(2), default="en")
    # The search the request came from, exactly as filtered (see jobs.services.talent_search).
    search: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    count_at_submission: Mapped[int | None] = mapped_column()
    # The need
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    job_title: Mapped[str] = mapped_column(String(255))
    position_type: Mapped[str | None] = mapped_column(String(32))
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("classifications.id", ondelete="SET NULL")
    )
    language: Mapped[str | None] = mapped_column(String(32))
    security_clearance: Mapped[str | None] = mapped_column(String(16))
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    work_arrangements: Mapped[list[str]] = mapped_column(JSON, default=list)
    operational_requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    position_durations: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str | None] = mapped_column(String(32))
    start_date: Mapped[date | None] = mapped_column(Date)
    hiring_manager_name: Mapped[str | None] = mapped_column(String(200))
    hiring_manager_email: Mapped[str | None] = mapped_column(String(254))
    hr_advisor_name: Mapped[str | None] = mapped_column(String(200))
    hr_advisor_email: Mapped[str | None] = mapped_column(String(254))
    comments: Mapped[str | None] = mapped_column(Text)
    # Lifecycle (recruitment team)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)  # new, in_progress, completed
    status_detail: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requester: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()
    classification: Mapped[Classification | None] = relationship()
    skills: Mapped[list[RequestSkill]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestSkill.id"
    )
    referrals: Mapped[list[Referral]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Referral.id"
    )
    events: Mapped[list[TalentRequestEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="TalentRequestEvent.id"
    )

    @property
    def contact_email(self) -> str | None:
        return self.requester.email if self.requester else self.guest_email


class RequestSkill(Model):
    __tablename__ = "request_skills"
    __table_args__ = (UniqueConstraint("request_id", "skill_id", name="uq_request_skills_request_skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talent_requests.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))  # required or nice_to_have
    level: Mapped[int | None] = mapped_column(SmallInteger)

    request: Mapped[TalentRequest] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class TalentRequestEvent(Model):
    """Every change to a request's lifecycle, timestamped: the queue's history and the reports' source."""

    __tablename__ = "talent_request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talent_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    request: Mapped[TalentRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Referral(Model):
    """One candidate considered for one request: referred or not (with reason), and the manager's
    selection outcome (with reason); the candidate may decline."""

    __tablename__ = "referrals"
    __table_args__ = (UniqueConstraint("request_id", "user_id", name="uq_referrals_request_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talent_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"))
    referred: Mapped[bool] = mapped_column(default=False)
    not_referred_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    selection: Mapped[str | None] = mapped_column(String(16))  # selected, not_selected
    selection_reason: Mapped[str | None] = mapped_column(String(32))
    selection_details: Mapped[str | None] = mapped_column(Text)
    selection_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[TalentRequest] = relationship(back_populates="referrals")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    application: Mapped[Application | None] = relationship()
