"""The candidate's rights over their data: download everything, delete the account."""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, or_, select, update
from sqlalchemy.orm import joinedload

from talent import audit
from talent.extensions import db
from talent.models import (
    AuditEvent,
    CandidateProfile,
    CareerInterest,
    EquityDeclaration,
    Experience,
    ExperienceSkill,
    OutboxMessage,
    PasswordResetToken,
    RecoveryCode,
    Skill,
    User,
    UserSkill,
    WorkEmail,
)
from talent.models._types import utcnow
from talent.passwords import hash_password

EXPORT_FORMAT = "talent-platform/personal-data-export/v1"
# What other packages hold about a person (applications, referrals, match results...), filled by
# ``register`` as each package starts: its export section (name -> function(user)) ...
EXPORTERS: dict[str, Any] = {}
# ... how it anonymises that section when the account is deleted (name -> function(user)) ...
ANONYMISERS: dict[str, Any] = {}
# ... the tables it answers for (table -> section) ...
TABLES: dict[str, str] = {
    "users": "account",
    "candidate_profiles": "profile",
    "equity_declarations": "equity_declaration",
    "user_skills": "skills",
    "experiences": "experiences",
    "experience_skills": "experiences",
    "audit_events": "activity",
    "outbox_messages": "emails",
    "password_reset_tokens": "account",  # deleted with the account, never exported (a secret's hash)
    "recovery_codes": "account",  # likewise; the export says how many are left
    "work_emails": "work_email",  # a government employee's work address (its links are tokens, above)
    "career_interests": "career_interests",
}
# ... and the columns where a person is named only as the one who acted (made, decided, assessed). Those
# rows are someone else's record; deleting the account anonymises the user row they point to.
ACTOR_COLUMNS: set[tuple[str, str]] = {("audit_events", "actor_id")}


def register(
    name: str,
    *,
    export: Callable[[User], Any],
    anonymise: Callable[[User], None],
    tables: tuple[str, ...],
    actor_columns: tuple[tuple[str, str], ...] = (),
) -> None:
    """Declare what a package holds about a person: the export section ``name`` (``export(user)`` gives
    JSON-ready data or an iterator of items), what deleting the account does to it (``anonymise(user)``,
    called before the account's own data goes), the ``tables`` that hold it, and the ``actor_columns``
    (table, column) of that package that name a person only as the one who acted. The metadata test
    (tests/test_personal_data.py) fails when a table referring to a user is declared nowhere."""
    # Every app the process creates registers again (tests make many): the same functions are welcome.
    if EXPORTERS.get(name, export) is not export or ANONYMISERS.get(name, anonymise) is not anonymise:
        raise ValueError(f"the personal-data section {name!r} is declared twice")
    EXPORTERS[name] = export
    ANONYMISERS[name] = anonymise
    for table in tables:
        TABLES[table] = name
    ACTOR_COLUMNS.update(actor_columns)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):
        return value.value  # enums
    return value


def columns(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: _plain(getattr(row, c.key)) for c in inspect(row).mapper.column_attrs if c.key not in skip}


# Rows read from the database per batch while an export streams.
BATCH_ROWS = 500


def _skills(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(UserSkill)
        .where(UserSkill.user_id == user.id)
        .options(joinedload(UserSkill.skill))
        .order_by(UserSkill.id),
        execution_options={"yield_per": BATCH_ROWS},
    )
    for row in rows:
        yield {
            **columns(row, skip=("user_id",)),
            "skill_key": row.skill.key,
            "skill_name_en": row.skill.name_en,
            "skill_name_fr": row.skill.name_fr,
        }


def _experiences(user: User) -> Iterator[dict[str, Any]]:
    # One statement: each experience with its skill links (outer join), in the order of the relationship,
    # grouped back into experiences as the rows come.
    rows = db.session.execute(
        select(Experience, ExperienceSkill, Skill)
        .outerjoin(ExperienceSkill, ExperienceSkill.experience_id == Experience.id)
        .outerjoin(Skill, Skill.id == ExperienceSkill.skill_id)
        .where(Experience.user_id == user.id)
        .order_by(Experience.id, ExperienceSkill.id),
        execution_options={"yield_per": BATCH_ROWS},
    )
    for _id, group in itertools.groupby(rows, key=lambda row: row[0].id):
        links = list(group)
        yield {
            **columns(links[0][0], skip=("user_id",)),
            "skills": [
                {"skill_key": skill.key, "skill_name_en": skill.name_en, "justification": link.justification}
                for _experience, link, skill in links
                if link is not None
            ],
        }


def _activity(user: User, leave_out: int | None) -> Iterator[dict[str, Any]]:
    stmt = select(AuditEvent).where(
        or_(
            AuditEvent.actor_id == user.id,
            (AuditEvent.target_type.in_(("user", "profile"))) & (AuditEvent.target_id == str(user.id)),
        )
    )
    if leave_out is not None:
        stmt = stmt.where(AuditEvent.id != leave_out)
    rows = db.session.scalars(stmt.order_by(AuditEvent.id), execution_options={"yield_per": BATCH_ROWS})
    for event in rows:
        yield columns(event, skip=("actor_id",))


# The kind of the e-mails that verify a work address (``talent.profiles.careers``): sent to that address,
# not to the account's.
WORK_EMAIL_KIND = "work_email"


def _work_addresses(user: User) -> list[str]:
    """Every work e-mail address the person entered: the current one, and each one before it (the audit log
    notes each address added). The verification e-mails sent to them are the person's data too."""
    found = set(db.session.scalars(select(WorkEmail.email).where(WorkEmail.user_id == user.id)))
    details = db.session.scalars(
        select(AuditEvent.details).where(
            AuditEvent.action == "work_email.added",
            AuditEvent.target_type == "user",
            AuditEvent.target_id == str(user.id),
        )
    )
    found.update(d["email"] for d in details if isinstance(d, dict) and isinstance(d.get("email"), str))
    return sorted(found)


def _sent_to(user: User) -> Any:
    """SQL: the e-mails sent to the person: to their account's address, and the verification links sent to
    their work addresses."""
    addresses = _work_addresses(user)
    condition = OutboxMessage.recipient == user.email
    if addresses:
        condition = condition | (
            OutboxMessage.recipient.in_(addresses) & (OutboxMessage.kind == WORK_EMAIL_KIND)
        )
    return condition


def _emails(user: User) -> Iterator[dict[str, Any]]:
    rows = db.session.scalars(
        select(OutboxMessage).where(_sent_to(user)).order_by(OutboxMessage.id),
        execution_options={"yield_per": BATCH_ROWS},
    )
    for mail in rows:
        yield columns(mail)


def _work_email(user: User) -> dict[str, Any] | None:
    """The work address and when it was entered and verified (never its links: they are secrets)."""
    record = db.session.scalars(select(WorkEmail).where(WorkEmail.user_id == user.id)).first()
    return columns(record, skip=("id", "user_id")) if record else None


def export_sections(user: User, *, leave_out_event: int | None = None) -> dict[str, Any]:
    """Everything the platform holds about ``user``, section by section: plain JSON-ready values, and the
    sections that grow with a person's history (skills, experiences, activity, e-mails, and what other
    packages export) as iterators that read the database in batches when consumed. ``leave_out_event``:
    an audit event not to list (the export's own, recorded before the export streams)."""
    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == user.id)).first()
    equity = db.session.scalars(select(EquityDeclaration).where(EquityDeclaration.user_id == user.id)).first()
    interests = db.session.scalars(select(CareerInterest).where(CareerInterest.user_id == user.id)).first()
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "account": {
            **columns(user, skip=("password_hash", "session_version", "mfa_secret", "mfa_last_step")),
            "recovery_codes_left": sum(1 for code in user.recovery_codes if code.used_at is None),
        },
        "profile": columns(profile, skip=("user_id",)) if profile else None,
        "equity_declaration": columns(equity, skip=("user_id",)) if equity else None,
        "work_email": _work_email(user),
        "career_interests": columns(interests, skip=("id", "user_id")) if interests else None,
        "skills": _skills(user),
        "experiences": _experiences(user),
        "activity": _activity(user, leave_out_event),
        "emails": _emails(user),
    }
    for name, exporter in EXPORTERS.items():
        data[name] = exporter(user)
    return data


def _streamed(value: Any) -> bool:
    return isinstance(value, list | tuple | Iterator)


def export_data(user: User, *, leave_out_event: int | None = None) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as plain JSON-ready data."""
    sections = export_sections(user, leave_out_event=leave_out_event)
    return {name: list(value) if _streamed(value) else value for name, value in sections.items()}


def _dumps(value: Any, depth: int) -> str:
    # A JSON string never holds a raw line break, so indenting every line indents the whole value.
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("\n", "\n" + "  " * depth)


def export_json(sections: dict[str, Any], batch: int | None = None) -> Iterator[str]:
    """``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`` of the sections (lists and
    iterators taken as lists), in pieces: a section's items are written as they are read, ``batch`` (default
    ``BATCH_ROWS``) items to a piece, so the memory an export takes does not grow with its length."""
    size = batch or BATCH_ROWS
    pending: list[str] = ["{"]
    for position, name in enumerate(sorted(sections)):
        value = sections[name]
        pending.append(("," if position else "") + "\n  " + json.dumps(name, ensure_ascii=False) + ": ")
        if not _streamed(value):
            pending.append(_dumps(value, 1))
            continue
        count = 0
        for count, item in enumerate(value, 1):
            pending.append(("[" if count == 1 else ",") + "\n    " + _dumps(item, 2))
            if count % size == 0:
                yield "".join(pending)
                pending = []
        pending.append("\n  ]" if count else "[]")
    pending.append("\n}" if sections else "}")
    yield "".join(pending)


def delete_account(user: User) -> None:
    """Delete the person's data and anonymise what must stay (their user row, so applications and
    referrals keep a valid, anonymous reference; audit entries, without their e-mail address)."""
    for anonymise in ANONYMISERS.values():
        anonymise(user)
    sent_to_them = _sent_to(user)  # read before the work address and the audit details that name it go
    for model in (
        WorkEmail,
        CareerInterest,
        EquityDeclaration,
        UserSkill,
        Experience,
        CandidateProfile,
        PasswordResetToken,
        RecoveryCode,
    ):
        for row in db.session.scalars(select(model).where(model.user_id == user.id)):
            db.session.delete(row)
    db.session.flush()
    audit.record("account.deleted", actor=user, target_type="user", target_id=user.id)
    label = f"deleted user #{user.id}"
    db.session.execute(update(AuditEvent).where(AuditEvent.actor_id == user.id).values(actor_label=label))
    # The trail keeps what happened and when; what it noted about the person (values, addresses) goes.
    about_them = or_(
        AuditEvent.actor_id == user.id,
        (AuditEvent.target_type.in_(("user", "profile"))) & (AuditEvent.target_id == str(user.id)),
    )
    db.session.execute(update(AuditEvent).where(about_them).values(details={}, ip=None))
    db.session.execute(
        update(OutboxMessage)
        .where(sent_to_them)
        .values(recipient=f"deleted-{user.id}@invalid", body="", subject="(deleted)")
    )
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@invalid"
    user.first_name = ""
    user.last_name = ""
    user.password_hash = hash_password(secrets.token_urlsafe(48))
    user.mfa_secret = None
    user.mfa_enabled_at = None
    user.mfa_last_step = None
    user.active = False
    user.deleted_at = utcnow()
    user.session_version += 1
    db.session.flush()
