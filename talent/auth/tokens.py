"""Personal access tokens for the API (issue 17): made and revoked by their owner on the account page,
presented as ``Authorization: Bearer tp_...`` to ``/api/v1`` (``jobs.api.auth``).

- The secret is ``tp_`` and 43 URL-safe characters (256 random bits). It is shown once, when made; only
  its SHA-256 digest is stored (as password-reset links), with its first ``PREFIX_CHARS`` characters so
  the owner can tell their tokens apart.
- Scopes are ``<area>:<access>``: ``read`` or ``write`` per area (``SCOPES``). Writing includes reading.
  Today's area is ``profile`` (the person's own account and profile); later areas add their pair. The
  public operations need no token.
- The expiry is a date, required, from today to ``API_TOKEN_MAX_DAYS`` ahead; a token works until the end
  of that day (reference time zone, ``talent.clock``) and not a second longer.
- Staff (``User.mfa_required``) make a token only within ``API_TOKEN_MFA_MINUTES`` of giving a second
  factor code (the view checks ``talent.auth._common.second_factor_recent``).
- A token of a deactivated or deleted account stops working; revoking is immediate.

Functions validate, change and flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from talent import audit, clock
from talent.auth.services import AccountError
from talent.extensions import db
from talent.models import ApiToken, User
from talent.models._types import utcnow

TOKEN_PREFIX = "tp_"  # noqa: S105 - the recognisable start of every token, not a secret
PREFIX_CHARS = 10  # "tp_" and 7 random characters: enough to recognise, far too few to guess the rest
SECRET_BYTES = 32
SECRET_CHARS = len(TOKEN_PREFIX) + 43  # token_urlsafe(32) is 43 characters
READ, WRITE = "read", "write"
SCOPES = {
    "profile:read": _l("Read your account and profile"),
    "profile:write": _l("Change your account and profile (includes reading)"),
}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def expiry_moment(day: date) -> datetime:
    """The last second a token chosen to expire on ``day`` works (the end of that day, reference time)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=clock.TIMEZONE).astimezone(UTC)


def latest_expiry(now: datetime | None = None) -> date:
    return clock.today(now) + timedelta(days=current_app.config["API_TOKEN_MAX_DAYS"])


def grants(token: ApiToken, scope: str) -> bool:
    """Whether ``token`` holds ``scope`` (``area:write`` also grants ``area:read``)."""
    held = token.scope_list
    area, _sep, access = scope.partition(":")
    return scope in held or (access == READ and f"{area}:{WRITE}" in held)


def create(
    user: User, name: str, scopes: Iterable[str], expires_on: date | None, *, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; return it and its secret (the only time the secret exists)."""
    now = now or utcnow()
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise AccountError(_l("Give the token a name of up to 100 characters."), "name")
    chosen = sorted(set(scopes))
    if not chosen or any(scope not in SCOPES for scope in chosen):
        raise AccountError(_l("Choose at least one of the scopes listed."), "scopes")
    if expires_on is None:
        raise AccountError(_l("Choose when the token expires."), "expires_on")
    if expires_on < clock.today(now):
        raise AccountError(_l("The expiry date is in the past."), "expires_on")
    if expires_on > latest_expiry(now):
        days = current_app.config["API_TOKEN_MAX_DAYS"]
        raise AccountError(_l("A token expires within %(days)d days.", days=days), "expires_on")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_CHARS],
        token_hash=digest(secret),
        scopes=" ".join(chosen),
        created_at=now,
        expires_at=expiry_moment(expires_on),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "api_token.created",
        actor=user,
        target_type="api_token",
        target_id=token.id,
        name=name,
        prefix=token.prefix,
        scopes=chosen,
        expires_at=token.expires_at.isoformat(),
    )
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens, newest first (revoked and expired ones too: the list is their history)."""
    return list(
        db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
    )


def owned_token(user: User, token_id: int) -> ApiToken | None:
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


def revoke(user: User, token: ApiToken, *, now: datetime | None = None) -> None:
    """Revoke one of ``user``'s tokens at once (again: nothing happens)."""
    if token.user_id != user.id:
        raise AccountError(_l("This token is not yours."))
    if token.revoked_at is not None:
        return
    token.revoked_at = now or utcnow()
    audit.record(
        "api_token.revoked", actor=user, target_type="api_token", target_id=token.id, prefix=token.prefix
    )
    db.session.flush()


def is_usable(token: ApiToken, now: datetime | None = None) -> bool:
    """Unrevoked, not past its expiry, and its owner's account active and not deleted."""
    now = now or utcnow()
    owner = token.user
    return token.revoked_at is None and now <= token.expires_at and owner.active and owner.deleted_at is None


def authenticate(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The usable token whose secret is ``secret``, or None (unknown, malformed, expired, revoked, or its
    owner deactivated or deleted). The lookup is by digest: the secret is never compared or stored."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) != SECRET_CHARS:
        return None
    token = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(secret))).first()
    if token is None or not is_usable(token, now):
        return None
    return token


def record_use(token: ApiToken, method: str, path: str, *, now: datetime | None = None) -> None:
    """Audit one authenticated API request (the token's id and prefix, never its secret)."""
    token.last_used_at = now or utcnow()
    audit.record(
        "api_token.used",
        actor=token.user,
        target_type="api_token",
        target_id=token.id,
        prefix=token.prefix,
        method=method,
        path=path[:500],
    )


# --- Personal data ------------------------------------------------------------------------------------------


def export(user: User) -> Iterator[dict[str, Any]]:
    """The person's tokens for the personal-data export: name, prefix, scopes and dates, never the digest."""
    for token in db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    ):
        yield {
            "id": token.id,
            "name": token.name,
            "prefix": token.prefix,
            "scopes": token.scope_list,
            "created_at": token.created_at.isoformat(),
            "expires_at": token.expires_at.isoformat(),
            "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        }


def anonymise(user: User) -> None:
    """Deleting the account deletes its tokens (they stop working with it)."""
    db.session.execute(
        delete(ApiToken).where(ApiToken.user_id == user.id).execution_options(synchronize_session="fetch")
    )
    db.session.flush()
