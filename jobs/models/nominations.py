"""The talent-management programme: nomination events, the nominations made during them, and per nominee
and event the group of their nominations with the coordinators' decisions per kind.

Statuses are derived, never stored: an event's from its dates (``jobs.services.nominations.event_status``),
a group's from its decisions (``group_status``). A group stores the current decision of each kind and,
for advancement and lateral movement, the expiry of the person's availability; ``NominationDecision``
keeps every decision and every reversal.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.extensions import Model, db
from talent.models import Skill, User
from talent.models._types import UTCDateTime, utcnow

# The kinds of nomination, in the order pages list them; advancement and lateral movement make an approved
# person available to managers until an expiry, development programmes do not.
KINDS = ("advancement", "lateral", "development")
AVAILABILITY_KINDS = ("advancement", "lateral")
APPROVED, REJECTED = "approved", "rejected"

nomination_event_coordinators = Table(
    "nomination_event_coordinators",
    db.metadata,
    Column("event_id", ForeignKey("nomination_events.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class NominationEvent(Model):
    """A nomination event: bilingual texts, the window nominations are open (``opens_at`` included,
    ``closes_at`` excluded, to the second), the development programmes on offer and whether leadership
    competencies are assessed. Run by its coordinators."""

    __tablename__ = "nomination_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(255))
    name_fr: Mapped[str] = mapped_column(String(255))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    link_en: Mapped[str | None] = mapped_column(String(500))
    link_fr: Mapped[str | None] = mapped_column(String(500))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Codes of ``talent.vocab.DEVELOPMENT_PROGRAMMES`` nominees may be put forward for.
    development_programmes: Mapped[list[str]] = mapped_column(JSON, default=list)
    assesses_leadership: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    coordinators: Mapped[list[User]] = relationship(secondary=nomination_event_coordinators)

    def text(self, field: str, locale: str) -> str:
        """A bilingual field in ``locale``, falling back to the other language."""
        first, second = (f"{field}_fr", f"{field}_en") if locale == "fr" else (f"{field}_en", f"{field}_fr")
        return str(getattr(self, first) or getattr(self, second) or "")

    def name(self, locale: str) -> str:
        return self.text("name", locale) or f"#{self.id}"


class NominationGroup(Model):
    """The submitted nominations of one person in one event, and the coordinators' decisions on each kind
    (None: not decided; ``approved``; ``rejected``)."""

    __tablename__ = "nomination_groups"
    __table_args__ = (UniqueConstraint("event_id", "nominee_id", name="uq_nomination_groups_event_nominee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("nomination_events.id", ondelete="CASCADE"), index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    advancement_decision: Mapped[str | None] = mapped_column(String(16))
    # The last day (reference time zone) the person is available for advancement; set with an approval.
    advancement_expires_on: Mapped[date | None] = mapped_column(Date)
    lateral_decision: Mapped[str | None] = mapped_column(String(16))
    lateral_expires_on: Mapped[date | None] = mapped_column(Date)
    development_decision: Mapped[str | None] = mapped_column(String(16))
    # The nominee declined: nothing of the group reaches managers any more.
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A promotion a coordinator recorded after the programme (one of the steps the report counts).
    promoted_on: Mapped[date | None] = mapped_column(Date)
    promotion_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    event: Mapped[NominationEvent] = relationship()
    nominee: Mapped[User] = relationship(foreign_keys=[nominee_id])
    nominations: Mapped[list[Nomination]] = relationship(back_populates="group", order_by="Nomination.id")
    decisions: Mapped[list[NominationDecision]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="NominationDecision.id"
    )

    def decision(self, kind: str) -> str | None:
        value: str | None = getattr(self, f"{kind}_decision")
        return value

    def expires_on(self, kind: str) -> date | None:
        if kind not in AVAILABILITY_KINDS:
            return None
        value: date | None = getattr(self, f"{kind}_expires_on")
        return value


class Nomination(Model):
    """One nominator's nomination of one person (possibly themselves) in one event: a draft until
    submitted, then part of the nominee's group. One per nominator, nominee and event."""

    __tablename__ = "nominations"
    __table_args__ = (
        UniqueConstraint(
            "event_id", "nominator_id", "nominee_id", name="uq_nominations_event_nominator_nominee"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("nomination_events.id", ondelete="CASCADE"), index=True)
    nominator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("nomination_groups.id", ondelete="SET NULL"), index=True
    )
    # The kinds of nomination (``KINDS``): "lateral" is a reserved word in SQL, hence the prefix.
    for_advancement: Mapped[bool] = mapped_column(Boolean, default=False)
    for_lateral: Mapped[bool] = mapped_column(Boolean, default=False)
    for_development: Mapped[bool] = mapped_column(Boolean, default=False)
    # For development: which of the event's programmes.
    development_programmes: Mapped[list[str]] = mapped_column(JSON, default=list)
    rationale: Mapped[str] = mapped_column(Text, default="")
    # The nominator's relationship to the nominee (``jobs.vocab.NOMINATOR_RELATIONSHIPS``; "self").
    relationship_to_nominee: Mapped[str | None] = mapped_column(String(24))
    # For advancement: a reference who can speak to the nominee's readiness.
    reference_name: Mapped[str | None] = mapped_column(String(200))
    reference_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[NominationEvent] = relationship()
    nominator: Mapped[User] = relationship(foreign_keys=[nominator_id])
    nominee: Mapped[User] = relationship(foreign_keys=[nominee_id])
    group: Mapped[NominationGroup | None] = relationship(back_populates="nominations")
    skills: Mapped[list[NominationSkill]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="NominationSkill.id"
    )

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in KINDS if getattr(self, f"for_{kind}"))

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class NominationSkill(Model):
    """A skill from the library the nominator names as relevant."""

    __tablename__ = "nomination_skills"
    __table_args__ = (
        UniqueConstraint("nomination_id", "skill_id", name="uq_nomination_skills_nomination_skill"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), index=True)

    nomination: Mapped[Nomination] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class NominationDecision(Model):
    """Every decision on a kind of a group, and every reversal (``decision`` None: back to undecided)."""

    __tablename__ = "nomination_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("nomination_groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[NominationGroup] = relationship(back_populates="decisions")
    decided_by: Mapped[User | None] = relationship()


__all__ = [
    "APPROVED",
    "AVAILABILITY_KINDS",
    "KINDS",
    "REJECTED",
    "Nomination",
    "NominationDecision",
    "NominationEvent",
    "NominationGroup",
    "NominationSkill",
    "nomination_event_coordinators",
]
