"""Account write logic. Functions validate, change, flush and return; the caller commits."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from talent import audit, mail
from talent.extensions import db
from talent.links import absolute_url
from talent.models import AuditEvent, PasswordResetToken, Role, TokenPurpose, User
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


def register(
    email: str,
    password: str,
    role: Role,
    *,
    first_name: str,
    last_name: str,
    locale: str,
    link_for: Callable[[str, str], str] | None = None,
) -> User | None:
    """Self-registration (candidates and hiring managers only), with the same answer whether or not the
    address already has an account: a new account gets a link to confirm its address; the owner of an
    existing one is told by e-mail that someone tried (and how to sign in or reset the password), and
    None is returned. Both take about the same time (the password is hashed either way)."""
    if not role.self_service:
        raise AccountError(str(_l("Choose candidate or hiring manager.")), "role")
    problems = policy_errors(password, normalise_email(email))
    if problems:  # checked first: a refusal that depends on the password, never on the account
        raise AccountError(" ".join(problems), "password")
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # the work a new account costs, so the answer takes as long
        audit.record("auth.register_existing", actor=None, target_type="user", target_id=existing.id)
        mail.queue_email(
            "account_exists",
            existing.email,
            existing.locale,
            "account_exists",
            user=existing,
            login_link=page_link(existing.locale, "auth.login"),
            reset_link=page_link(existing.locale, "auth.forgot_password"),
        )
        return None
    user = create_user(email, password, role, first_name=first_name, last_name=last_name, locale=locale)
    send_confirmation(user, link_for or confirm_link)
    return user


def page_link(locale: str, endpoint: str, **values: Any) -> str:
    """The absolute address of a page, for an e-mail: on the configured public address (its port too),
    inside a request or not."""
    return absolute_url(locale, endpoint, **values)


def confirm_link(locale: str, token: str) -> str:
    return page_link(locale, "auth.confirm_email", token=token)


def _new_token(user: User, purpose: TokenPurpose, minutes: int) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordResetToken(
            user=user,
            token_hash=_digest(token),
            purpose=purpose.value,
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    db.session.flush()
    return token


def send_confirmation(user: User, link_for: Callable[[str, str], str] = confirm_link) -> None:
    """E-mail a single-use link that confirms the account's address (and signs it in)."""
    hours = current_app.config["EMAIL_CONFIRM_HOURS"]
    token = _new_token(user, TokenPurpose.CONFIRM, hours * 60)
    audit.record("auth.confirmation_sent", actor=None, target_type="user", target_id=user.id)
    mail.queue_email(
        "confirm_email",
        user.email,
        user.locale,
        "confirm_email",
        user=user,
        link=link_for(user.locale, token),
        hours=hours,
    )


def confirm_email(token: str) -> User:
    record = token_user(token, TokenPurpose.CONFIRM)
    if record is None or record.user.email_verified_at is not None:
        raise AccountError(str(_l("This confirmation link has expired or was already used.")))
    user = record.user
    now = utcnow()
    for other in user.reset_tokens:  # every confirmation link of the account dies with this one
        if other.purpose == TokenPurpose.CONFIRM.value and other.used_at is None:
            other.used_at = now
    user.email_verified_at = now
    audit.record("auth.email_confirmed", actor=user, target_type="user", target_id=user.id)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user if the e-mail and password match an active account (the caller then asks for the
    second factor, or signs them in with ``record_sign_in``). A failure is audited, and after
    ``LOGIN_FAILURE_NOTICE`` failures within an hour the owner is told by e-mail."""
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
        if user is not None and user.active:
            _notify_failures(user)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _recent(user: User, action: str, since: object) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.target_type == "user",
                AuditEvent.target_id == str(user.id),
                AuditEvent.action == action,
                AuditEvent.at >= since,
            )
        )
        or 0
    )


def _notify_failures(user: User) -> None:
    """Tell the owner when someone keeps failing to sign in to their account: once an hour at most."""
    threshold = current_app.config["LOGIN_FAILURE_NOTICE"]
    since = utcnow() - timedelta(hours=1)
    failures = _recent(user, "auth.login_failed", since)
    if failures < threshold or _recent(user, "auth.failures_notified", since):
        return
    audit.record(
        "auth.failures_notified", actor=None, target_type="user", target_id=user.id, failures=failures
    )
    mail.queue_email(
        "sign_in_failures",
        user.email,
        user.locale,
        "sign_in_failures",
        user=user,
        failures=failures,
        reset_link=page_link(user.locale, "auth.forgot_password"),
    )


def record_sign_in(user: User, factor: str | None = None) -> None:
    """Audit a completed sign-in (after the second factor, when there is one)."""
    user.last_login_at = utcnow()
    audit.record("auth.login", actor=user, target_type="user", target_id=user.id, factor=factor)
    db.session.flush()


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
    return page_link(locale, "auth.reset_password", token=token)


def request_password_reset(
    email: str, link_for: Callable[[str, str], str] = reset_link, *, locale: str = "en"
) -> None:
    """E-mail a single-use reset link if the account exists; if no account uses the address, e-mail it
    that instead. The page says the same either way (no enumeration), and both ways queue one e-mail."""
    user = find_by_email(email)
    if user is None or not user.active:
        audit.record("auth.reset_requested_unknown", actor=None, email=normalise_email(email)[:254])
        if user is None:
            mail.queue_email(
                "reset_no_account",
                normalise_email(email),
                locale,
                "reset_no_account",
                register_link=page_link(locale, "auth.register"),
            )
        return
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token = _new_token(user, TokenPurpose.RESET, minutes)
    audit.record("auth.reset_requested", actor=None, target_type="user", target_id=user.id)
    link = link_for(user.locale, token)
    mail.queue_email(
        "password_reset", user.email, user.locale, "password_reset", user=user, link=link, minutes=minutes
    )


def token_user(token: str, purpose: TokenPurpose = TokenPurpose.RESET) -> PasswordResetToken | None:
    """The unused, unexpired token record for ``token`` made for ``purpose``, or None (a confirmation
    link of an address already confirmed is spent too)."""
    record = db.session.scalars(
        select(PasswordResetToken).where(
            PasswordResetToken.token_hash == _digest(token), PasswordResetToken.purpose == purpose.value
        )
    ).first()
    if record is None or record.used_at is not None or record.expires_at <= utcnow():
        return None
    if purpose is TokenPurpose.CONFIRM and record.user.email_verified_at is not None:
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
    if user.email_verified_at is None:  # the link reached the address: it is theirs
        user.email_verified_at = record.used_at
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
