"""Government employees and their careers: the work e-mail address that proves someone is an employee,
and the career interests they share with the talent-management programme."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.extensions import Model
from talent.models._types import UTCDateTime, utcnow
from talent.models.users import User


class WorkEmail(Model):
    """A person's government work e-mail address. Verified when its owner followed the single-use,
    expiring link sent to it (a ``PasswordResetToken`` of purpose ``work_email``); changing the address
    starts again, unverified, and voids the links sent to the old one. A verified address belongs to one
    person only."""

    __tablename__ = "work_emails"
    __table_args__ = (
        # Addresses are stored in lower case; a verified one is one person's.
        Index(
            "uq_work_emails_verified_email",
            "email",
            unique=True,
            postgresql_where=text("verified_at IS NOT NULL"),
            sqlite_where=text("verified_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user: Mapped[User] = relationship()

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class CareerInterest(Model):
    """What a person would like next in their career (lists hold codes from ``talent.vocab``), and their
    consent to share their profile with the talent-management programme: without it, nobody in the
    programme sees the profile and an approval does not make them available to managers."""

    __tablename__ = "career_interests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # Moving up: interested, and when (``talent.vocab.CAREER_TIMEFRAMES``).
    wants_advancement: Mapped[bool] = mapped_column(Boolean, default=False)
    advancement_timeframe: Mapped[str | None] = mapped_column(String(16))
    # Moving laterally, and which kinds of move (``talent.vocab.LATERAL_MOVES``).
    wants_lateral: Mapped[bool] = mapped_column(Boolean, default=False)  # "lateral" is reserved in SQL
    lateral_moves: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Development programmes of interest (``talent.vocab.DEVELOPMENT_PROGRAMMES``).
    development_programmes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Mentoring: "mentor", "mentee" (``talent.vocab.MENTORING_ROLES``).
    mentoring: Mapped[list[str]] = mapped_column(JSON, default=list)
    # When the person consented to share their profile with the programme (None: no consent).
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()

    @property
    def consents(self) -> bool:
        return self.consent_at is not None


__all__ = ["CareerInterest", "WorkEmail"]
