"""Account write logic. Functions validate, change, flush and return; the caller commits."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from talent import audit, mail
from talent.extensions import db
from talent.models import PasswordResetToken, Role, User
from talent.models._types import utcnow
from talent.passwords import hash_password, needs_rehash, policy_errors, verify_password
from talent.service_errors import ServiceError


class AccountError(ServiceError):
    """A request about an account that cannot be carried out."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version, so old cookies stop working."""
    try:
        raw_id, raw_version = user_id.split(":", 1)
        uid, version = int(raw_id), int(raw_version)
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def create_user(
    email: str,
    password: str,
    role: Role,
    *,
    first_name: str = "",
    last_name: str = "",
    locale: str = "en",
    actor: User | None = None,
) -> User:
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountError(str(_l("An account with this e-mail address already exists.")), "email")
    problems = policy_errors(password, email)
    if problems:
        raise AccountError(" ".join(problems), "password")
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        locale=locale if locale in ("en", "fr") else "en",
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", actor=actor or user, target_type="user", target_id=user.id, role=role.value)
    return user


def register(email: str, password: str, role: Role, *, first_name: str, last_name: str, locale: str) -> User:
    """Self-registration: candidates and hiring managers only."""
    if not role.self_service:
        raise AccountError(str(_l("Choose candidate or hiring manager.")), "role")
    user = create_user(email, password, role, first_name=first_name, last_name=last_name, locale=locale)
    mail.queue_email("welcome", user.email, user.locale, "welcome", user=user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user if the e-mail and password match an active account; audit either way."""
    user = find_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        audit.record(
            "auth.login_failed",
            actor=None,
            target_type="user",
            target_id=user.id if user else None,
            email=normalise_email(email)[:254],
        )
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.record("auth.login", actor=user, target_type="user", target_id=user.id)
    return user


def end_sessions(user: User, reason: str) -> None:
    """Invalidate every session of ``user`` (logout, password change, deactivation)."""
    user.session_version += 1
    audit.record(
        reason, actor=user if reason == "auth.logout" else None, target_type="user", target_id=user.id
    )
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(str(_l("Your current password is not correct.")), "current_password")
    if verify_password(user.password_hash, new):
        raise AccountError(str(_l("Choose a password different from your current one.")), "new_password")
    problems = policy_errors(new, user.email)
    if problems:
        raise AccountError(" ".join(problems), "new_password")
    _set_password(user, new)
    audit.record("auth.password_changed", actor=user, target_type="user", target_id=user.id)
    mail.queue_email("password_changed", user.email, user.locale, "password_changed", user=user)


def _set_password(user: User, new: str) -> None:
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.session_version += 1
    db.session.flush()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def reset_link(locale: str, token: str) -> str:
    """The absolute address of the reset page, for the e-mail."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return base + url_for("auth.reset_password", lang_code=locale, token=token)


def request_password_reset(email: str, link_for: Callable[[str, str], str] = reset_link) -> None:
    """E-mail a single-use reset link if the account exists; say nothing either way (no enumeration)."""
    user = find_by_email(email)
    if user is None or not user.active:
        audit.record("auth.reset_requested_unknown", actor=None, email=normalise_email(email)[:254])
        return
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordResetToken(
            user=user, token_hash=_digest(token), expires_at=utcnow() + timedelta(minutes=minutes)
        )
    )
    db.session.flush()
    audit.record("auth.reset_requested", actor=None, target_type="user", target_id=user.id)
    link = link_for(user.locale, token)
    mail.queue_email(
        "password_reset", user.email, user.locale, "password_reset", user=user, link=link, minutes=minutes
    )


def token_user(token: str) -> PasswordResetToken | None:
    """The unused, unexpired token record for ``token``, or None."""
    record = db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _digest(token))
    ).first()
    if record is None or record.used_at is not None or record.expires_at <= utcnow():
        return None
    return record


def reset_password(token: str, new: str) -> User:
    record = token_user(token)
    if record is None:
        raise AccountError(str(_l("This reset link has expired or was already used. Ask for a new one.")))
    user = record.user
    problems = policy_errors(new, user.email)
    if problems:
        raise AccountError(" ".join(problems), "password")
    record.used_at = utcnow()
    # Every other outstanding link for this account dies with this one.
    for other in user.reset_tokens:
        if other.used_at is None:
            other.used_at = record.used_at
    _set_password(user, new)
    audit.record("auth.password_reset", actor=user, target_type="user", target_id=user.id)
    mail.queue_email("password_changed", user.email, user.locale, "password_changed", user=user)
    return user


def set_role(user: User, role: Role, actor: User) -> None:
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError(str(_l("You cannot remove your own administrator role.")), "role")
    if user.role == role:
        return
    old = user.role
    user.role = role
    user.session_version += 1  # new rights apply from a fresh sign-in
    audit.record(
        "user.role_changed", actor=actor, target_type="user", target_id=user.id, old=old.value, new=role.value
    )
    db.session.flush()


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError(str(_l("You cannot deactivate your own account.")))
    if user.active == active:
        return
    user.active = active
    user.session_version += 1
    audit.record(
        "user.activated" if active else "user.deactivated", actor=actor, target_type="user", target_id=user.id
    )
    db.session.flush()
