"""Processes (job advertisements) with their skills, questions and assessment plan;
applications with their answers, assessment results and the record of every decision."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.extensions import Model, db
from talent.models import Classification, Department, Skill, User
from talent.models._types import UTCDateTime, utcnow


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        validate_strings=True,
        length=24,
    )


process_recruiters = Table(
    "process_recruiters",
    db.metadata,
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Process(Model):
    """A recruitment process and its job advertisement. Its status is derived (see ``status``)."""

    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Bilingual texts: both languages or neither, checked at publication.
    title_en: Mapped[str | None] = mapped_column(String(255))
    title_fr: Mapped[str | None] = mapped_column(String(255))
    key_tasks_en: Mapped[str | None] = mapped_column(Text)
    key_tasks_fr: Mapped[str | None] = mapped_column(Text)
    impact_en: Mapped[str | None] = mapped_column(Text)
    impact_fr: Mapped[str | None] = mapped_column(Text)
    about_us_en: Mapped[str | None] = mapped_column(Text)
    about_us_fr: Mapped[str | None] = mapped_column(Text)
    what_to_expect_en: Mapped[str | None] = mapped_column(Text)
    what_to_expect_fr: Mapped[str | None] = mapped_column(Text)
    special_note_en: Mapped[str | None] = mapped_column(Text)
    special_note_fr: Mapped[str | None] = mapped_column(Text)
    location_en: Mapped[str | None] = mapped_column(String(255))
    location_fr: Mapped[str | None] = mapped_column(String(255))
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("classifications.id", ondelete="RESTRICT")
    )
    stream: Mapped[str | None] = mapped_column(String(32))
    language_requirement: Mapped[str | None] = mapped_column(String(32))
    security_clearance: Mapped[str | None] = mapped_column(String(16))
    is_remote: Mapped[bool] = mapped_column(Boolean, default=False)
    opportunity_length: Mapped[str | None] = mapped_column(String(16))
    operational_requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    closing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_early_reason: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    classification: Mapped[Classification | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    recruiters: Mapped[list[User]] = relationship(secondary=process_recruiters)
    skills: Mapped[list[ProcessSkill]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="ProcessSkill.id"
    )
    questions: Mapped[list[ProcessQuestion]] = relationship(
        back_populates="process",
        cascade="all, delete-orphan",
        order_by="[ProcessQuestion.kind, ProcessQuestion.position]",
    )
    steps: Mapped[list[AssessmentStep]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="AssessmentStep.position"
    )

    def text(self, field: str, locale: str) -> str | None:
        """A bilingual field in ``locale``, falling back to the other language."""
        first, second = (f"{field}_fr", f"{field}_en") if locale == "fr" else (f"{field}_en", f"{field}_fr")
        value: str | None = getattr(self, first) or getattr(self, second)
        return value

    def title(self, locale: str) -> str:
        return self.text("title", locale) or f"#{self.id}"


class ProcessSkill(Model):
    __tablename__ = "process_skills"
    __table_args__ = (UniqueConstraint("process_id", "skill_id", name="uq_process_skills_process_skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # essential or asset
    level: Mapped[int | None] = mapped_column(SmallInteger)

    process: Mapped[Process] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class ProcessQuestion(Model):
    __tablename__ = "process_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # general or screening
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    text_en: Mapped[str] = mapped_column(Text)
    text_fr: Mapped[str] = mapped_column(Text)

    process: Mapped[Process] = relationship(back_populates="questions")

    def text(self, locale: str) -> str:
        return self.text_fr if locale == "fr" else self.text_en


class AssessmentStep(Model):
    """One step of a process's assessment plan, and the essential skills it assesses."""

    __tablename__ = "assessment_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(
        String(32)
    )  # application_screening, exam, interview, reference_check, other
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    title_en: Mapped[str | None] = mapped_column(String(255))
    title_fr: Mapped[str | None] = mapped_column(String(255))
    # ProcessSkill ids assessed at this step.
    skill_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    process: Mapped[Process] = relationship(back_populates="steps")


class Placement(enum.StrEnum):
    TENTATIVE = "tentative"
    CASUAL = "casual"
    TERM = "term"
    INDETERMINATE = "indeterminate"


class Decision(enum.StrEnum):
    QUALIFIED = "qualified"
    DISQUALIFIED = "disqualified"


class RemovalReason(enum.StrEnum):
    WITHDREW = "withdrew"
    NOT_RESPONSIVE = "not_responsive"
    INELIGIBLE = "ineligible"
    OTHER = "other"


class Application(Model):
    """One candidate's candidacy to one process: the draft, the submitted snapshot, and the decisions.

    State lives in a few independent facts (submitted, decision, placement, removal, suspension, pause);
    transitions are only made by the services in ``jobs.decisions``, each recorded as an event.
    """

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("process_id", "user_id", name="uq_applications_process_user"),
        Index("ix_applications_pool", "process_id", "decision", "removed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    signature: Mapped[str | None] = mapped_column(String(255))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decision: Mapped[Decision | None] = mapped_column(_enum(Decision, "application_decision"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    disqualification_reason: Mapped[str | None] = mapped_column(Text)
    placement: Mapped[Placement | None] = mapped_column(_enum(Placement, "application_placement"))
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    placed_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removal_reason: Mapped[RemovalReason | None] = mapped_column(_enum(RemovalReason, "application_removal"))
    removal_details: Mapped[str | None] = mapped_column(Text)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # candidate: not interested for now
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # recruiter: not to be referred for now

    process: Mapped[Process] = relationship()
    user: Mapped[User] = relationship()
    placed_department: Mapped[Department | None] = relationship()
    answers: Mapped[list[ApplicationAnswer]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    results: Mapped[list[AssessmentResult]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationEvent.id"
    )


class ApplicationAnswer(Model):
    __tablename__ = "application_answers"
    __table_args__ = (
        UniqueConstraint("application_id", "question_id", name="uq_application_answers_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("process_questions.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="answers")
    question: Mapped[ProcessQuestion] = relationship()


class AssessmentResult(Model):
    """The result of one step for one essential skill (or the education requirement when
    ``process_skill_id`` is None) for one application."""

    __tablename__ = "assessment_results"
    __table_args__ = (
        UniqueConstraint("application_id", "step_id", "process_skill_id", name="uq_assessment_results_cell"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("assessment_steps.id", ondelete="CASCADE"))
    process_skill_id: Mapped[int | None] = mapped_column(ForeignKey("process_skills.id", ondelete="CASCADE"))
    result: Mapped[str] = mapped_column(String(16))  # successful, unsuccessful, hold
    justification: Mapped[str | None] = mapped_column(Text)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="results")
    step: Mapped[AssessmentStep] = relationship()
    process_skill: Mapped[ProcessSkill | None] = relationship()


class ApplicationEvent(Model):
    """Every change of an application's state: who, when, what, and the state before and after."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    status_before: Mapped[str] = mapped_column(String(24))
    status_after: Mapped[str] = mapped_column(String(24))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
