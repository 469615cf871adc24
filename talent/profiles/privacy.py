"""The candidate's rights over their data: download everything, delete the account."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, or_, select, update

from talent import audit
from talent.extensions import db
from talent.models import (
    AuditEvent,
    CandidateProfile,
    EquityDeclaration,
    Experience,
    OutboxMessage,
    PasswordResetToken,
    User,
    UserSkill,
)
from talent.models._types import utcnow
from talent.passwords import hash_password

EXPORT_FORMAT = "talent-platform/personal-data-export/v1"
# Other packages add what they hold about a person (applications, referrals...): name -> function(user).
EXPORTERS: dict[str, Any] = {}
# And how to anonymise it when the account is deleted: name -> function(user).
ANONYMISERS: dict[str, Any] = {}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):
        return value.value  # enums
    return value


def _columns(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: _plain(getattr(row, c.key)) for c in inspect(row).mapper.column_attrs if c.key not in skip}


def export_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as plain JSON-ready data."""
    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == user.id)).first()
    equity = db.session.scalars(select(EquityDeclaration).where(EquityDeclaration.user_id == user.id)).first()
    skills = db.session.scalars(select(UserSkill).where(UserSkill.user_id == user.id).order_by(UserSkill.id))
    experiences = db.session.scalars(
        select(Experience).where(Experience.user_id == user.id).order_by(Experience.id)
    )
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == user.id,
                (AuditEvent.target_type.in_(("user", "profile"))) & (AuditEvent.target_id == str(user.id)),
            )
        )
        .order_by(AuditEvent.id)
    )
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == user.email).order_by(OutboxMessage.id)
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "account": _columns(user, skip=("password_hash", "session_version")),
        "profile": _columns(profile, skip=("user_id",)) if profile else None,
        "equity_declaration": _columns(equity, skip=("user_id",)) if equity else None,
        "skills": [
            {
                **_columns(row, skip=("user_id",)),
                "skill_key": row.skill.key,
                "skill_name_en": row.skill.name_en,
                "skill_name_fr": row.skill.name_fr,
            }
            for row in skills
        ],
        "experiences": [
            {
                **_columns(experience, skip=("user_id",)),
                "skills": [
                    {
                        "skill_key": link.skill.key,
                        "skill_name_en": link.skill.name_en,
                        "justification": link.justification,
                    }
                    for link in experience.skills
                ],
            }
            for experience in experiences
        ],
        "activity": [_columns(event, skip=("actor_id",)) for event in events],
        "emails": [_columns(mail) for mail in mails],
    }
    for name, exporter in EXPORTERS.items():
        data[name] = exporter(user)
    return data


def delete_account(user: User) -> None:
    """Delete the person's data and anonymise what must stay (their user row, so applications and
    referrals keep a valid, anonymous reference; audit entries, without their e-mail address)."""
    for anonymise in ANONYMISERS.values():
        anonymise(user)
    for model in (EquityDeclaration, UserSkill, Experience, CandidateProfile, PasswordResetToken):
        for row in db.session.scalars(select(model).where(model.user_id == user.id)):
            db.session.delete(row)
    db.session.flush()
    audit.record("account.deleted", actor=user, target_type="user", target_id=user.id)
    old_email = user.email
    label = f"deleted user #{user.id}"
    db.session.execute(update(AuditEvent).where(AuditEvent.actor_id == user.id).values(actor_label=label))
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient == old_email)
        .values(recipient=f"deleted-{user.id}@invalid", body="", subject="(deleted)")
    )
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@invalid"
    user.first_name = ""
    user.last_name = ""
    user.password_hash = hash_password(secrets.token_urlsafe(48))
    user.active = False
    user.deleted_at = utcnow()
    user.session_version += 1
    db.session.flush()
