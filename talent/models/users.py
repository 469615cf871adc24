"""Accounts: users with one role each, and password-reset tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.extensions import Model
from talent.models._types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    CANDIDATE = "candidate"
    MANAGER = "manager"
    RECRUITER = "recruiter"
    # Runs the talent-management programme's nomination events they are assigned to (made by an admin).
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def self_service(self) -> bool:
        """Roles people may give themselves when registering."""
        return self in (Role.CANDIDATE, Role.MANAGER)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            name="user_role",
            values_callable=lambda e: [m.value for m in e],
            native_enum=False,
            validate_strings=True,
            length=20,
        ),
        default=Role.CANDIDATE,
    )
    locale: Mapped[str] = mapped_column(String(2), default="en")
    # Bumped on logout, password change and deactivation: every session cookie carrying an older
    # version stops working at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the owner of the address proved it (the link e-mailed at registration, or a password reset
    # link): until then the account cannot sign in.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Two-factor sign-in (TOTP, RFC 6238): the shared secret (base32), when it was turned on, and the last
    # time step a code was accepted for (a code works once: a replayed one is refused).
    mfa_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    mfa_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # Set when the person deleted their account: the row stays, anonymised, for the records that cite it.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    reset_tokens: Mapped[list[PasswordResetToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def mfa_enabled(self) -> bool:
        return self.mfa_enabled_at is not None and bool(self.mfa_secret)

    @property
    def mfa_required(self) -> bool:
        """Recruiters, coordinators and admins see other people's data: they sign in with a second
        factor."""
        return self.is_recruiter or self.role == Role.COORDINATOR

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_recruiter(self) -> bool:
        """Recruiters and admins run recruitment."""
        return self.role in (Role.RECRUITER, Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class TokenPurpose(enum.StrEnum):
    RESET = "reset"  # choose a new password
    CONFIRM = "confirm"  # confirm the address an account was registered with
    WORK_EMAIL = "work_email"  # confirm a government work e-mail address (``WorkEmail``)


class PasswordResetToken(Model):
    """A single-use, expiring token sent by e-mail (a password reset, or the confirmation of a new
    account's address); only its SHA-256 digest is stored."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16), default=TokenPurpose.RESET.value, server_default="reset")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user: Mapped[User] = relationship(back_populates="reset_tokens")


class RecoveryCode(Model):
    """A single-use code that stands in for the authenticator app when it is lost; only its SHA-256
    digest is stored, and the person sees the codes once, when they are made."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user: Mapped[User] = relationship(back_populates="recovery_codes")
