"""Candidate profiles: personal details, languages, location, conditions, government information,
skills, experiences and (apart) the equity self-declaration."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.extensions import Model
from talent.models._types import UTCDateTime, utcnow
from talent.models.reference import Classification, Department
from talent.models.skills import Skill
from talent.models.users import User


class CandidateProfile(Model):
    """One per candidate. Lists hold codes from ``talent.vocab``."""

    __tablename__ = "candidate_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # Personal and contact
    telephone: Mapped[str | None] = mapped_column(String(40))
    current_province: Mapped[str | None] = mapped_column(String(2))
    current_city: Mapped[str | None] = mapped_column(String(120))
    citizenship: Mapped[str | None] = mapped_column(String(32))
    armed_forces_status: Mapped[str | None] = mapped_column(String(16))
    preferred_language: Mapped[str | None] = mapped_column(String(2))  # of communication
    interview_language: Mapped[str | None] = mapped_column(String(2))
    exam_language: Mapped[str | None] = mapped_column(String(2))
    # Languages
    looking_for_english: Mapped[bool] = mapped_column(Boolean, default=False)
    looking_for_french: Mapped[bool] = mapped_column(Boolean, default=False)
    looking_for_bilingual: Mapped[bool] = mapped_column(Boolean, default=False)
    second_language_exam_completed: Mapped[bool | None] = mapped_column(Boolean)
    second_language_exam_valid: Mapped[bool | None] = mapped_column(Boolean)
    comprehension_level: Mapped[str | None] = mapped_column(String(1))
    written_level: Mapped[str | None] = mapped_column(String(1))
    verbal_level: Mapped[str | None] = mapped_column(String(1))
    estimated_language_ability: Mapped[str | None] = mapped_column(String(16))
    # Work location
    work_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    work_arrangements: Mapped[list[str]] = mapped_column(JSON, default=list)
    location_exemptions: Mapped[str | None] = mapped_column(Text)
    # Work conditions
    accepted_operational_requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    position_durations: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Government information
    is_gov_employee: Mapped[bool | None] = mapped_column(Boolean)
    gov_employee_type: Mapped[str | None] = mapped_column(String(16))
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("classifications.id", ondelete="SET NULL")
    )
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    has_priority_entitlement: Mapped[bool | None] = mapped_column(Boolean)
    priority_number: Mapped[str | None] = mapped_column(String(40))
    # Matching
    opt_out_of_matching: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    classification: Mapped[Classification | None] = relationship()
    department: Mapped[Department | None] = relationship()


class EquityDeclaration(Model):
    """The optional employment-equity self-declaration, kept apart from the profile. Read only by the
    candidate and by aggregate reports; never shown to managers or exported by default."""

    __tablename__ = "equity_declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_woman: Mapped[bool] = mapped_column(Boolean, default=False)
    has_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    is_indigenous: Mapped[bool] = mapped_column(Boolean, default=False)
    indigenous_communities: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_visible_minority: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def groups(self) -> list[str]:
        flags = {
            "woman": self.is_woman,
            "disability": self.has_disability,
            "indigenous": self.is_indigenous,
            "visible_minority": self.is_visible_minority,
        }
        return [group for group, yes in flags.items() if yes]


class UserSkill(Model):
    """A skill on a candidate's profile, with its level (1 beginner .. 4 lead)."""

    __tablename__ = "user_skills"
    __table_args__ = (UniqueConstraint("user_id", "skill_id", name="uq_user_skills_user_skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    # 1, 2, 3... for the candidate's top skills, in their order; None for the others.
    top_rank: Mapped[int | None] = mapped_column(SmallInteger)
    years: Mapped[float | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    skill: Mapped[Skill] = relationship()


class Experience(Model):
    """One experience of a kind (work, education, community, personal, award). Fields by kind:

    - work: ``title`` role, ``organization``, ``team`` division or team;
    - education: ``title`` area of study, ``organization`` institution, ``education_type``,
      ``education_status``, ``thesis_title``;
    - community: ``title`` role, ``organization``, ``team`` project or product;
    - personal: ``title``, ``details`` what was learned;
    - award: ``title`` award, ``organization`` issued by, ``award_recipient``, ``award_scope``,
      ``start_date`` date awarded (no end date).
    """

    __tablename__ = "experiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(255))
    organization: Mapped[str | None] = mapped_column(String(255))
    team: Mapped[str | None] = mapped_column(String(255))
    details: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    education_type: Mapped[str | None] = mapped_column(String(32))
    education_status: Mapped[str | None] = mapped_column(String(32))
    thesis_title: Mapped[str | None] = mapped_column(String(255))
    award_recipient: Mapped[str | None] = mapped_column(String(32))
    award_scope: Mapped[str | None] = mapped_column(String(32))
    # A work experience in the public service: its department and classification. The current one (no
    # end date) gives a government employee's current classification and department
    # (``talent.profiles.careers.current_position``).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("classifications.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    department: Mapped[Department | None] = relationship()
    classification: Mapped[Classification | None] = relationship()
    skills: Mapped[list[ExperienceSkill]] = relationship(
        back_populates="experience", cascade="all, delete-orphan", order_by="ExperienceSkill.id"
    )


class ExperienceSkill(Model):
    """A skill that an experience demonstrates, with the candidate's justification."""

    __tablename__ = "experience_skills"
    __table_args__ = (
        UniqueConstraint("experience_id", "skill_id", name="uq_experience_skills_experience_skill"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), index=True)
    justification: Mapped[str] = mapped_column(Text, default="")

    experience: Mapped[Experience] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


__all__ = ["CandidateProfile", "EquityDeclaration", "Experience", "ExperienceSkill", "UserSkill"]
