"""Two-factor sign-in: time-based one-time codes (TOTP, RFC 6238) and single-use recovery codes.

Recruiters and admins must use it (``User.mfa_required``); candidates and managers may. A code is
accepted for the current 30-second step or the one either side of it (clocks drift), and only once: the
last step used is kept, and a code for it or an earlier step is refused, so a code seen over a shoulder
or in a proxy's log cannot be replayed. Recovery codes are random, shown once, stored as digests and
burn on use. Functions validate, change and flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from talent import audit, mail
from talent.auth.services import AccountError
from talent.extensions import db
from talent.models import RecoveryCode, User
from talent.models._types import utcnow

ISSUER = "Digital Talent"
RECOVERY_CODES = 10
# Recovery codes: 10 characters from an alphabet without look-alikes (50 bits), shown as two groups.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# The steps either side of now a code is accepted for.
WINDOW = 1


def new_secret() -> str:
    """A fresh shared secret: 32 base32 characters (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` address authenticator apps read from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The address as an inline SVG QR code (no image request, nothing for the CSP to allow)."""
    svg: str = segno.make(uri, error="m").svg_inline(scale=4, title=ISSUER)
    return svg


def grouped(secret: str) -> str:
    """The secret in groups of four, for people who type it into their app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step within the window whose code is ``code``, or None."""
    digits = _clean(code)
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(int(now))
    for step in range(current - WINDOW, current + WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _digest(code: str) -> str:
    return hashlib.sha256(_clean(code).encode("utf-8")).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes with fresh ones; return them (the only time they are seen)."""
    for old in list(user.recovery_codes):
        db.session.delete(old)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user=user, code_hash=_digest(raw)))
    db.session.flush()
    return codes


def enable(user: User, secret: str, code: str, *, now: float | None = None) -> list[str]:
    """Turn two-factor sign-in on with ``secret`` once ``code`` proves the app holds it; return the new
    recovery codes."""
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is None:
        raise AccountError(
            str(_l("That code is not the one your app shows now. Check the app's clock and try again.")),
            "code",
        )
    user.mfa_secret = secret
    user.mfa_enabled_at = utcnow()
    user.mfa_last_step = step
    codes = _new_recovery_codes(user)
    audit.record("auth.mfa_enabled", actor=user, target_type="user", target_id=user.id)
    mail.queue_email("mfa_changed", user.email, user.locale, "mfa_changed", user=user, enabled=True)
    return codes


def verify(user: User, code: str, *, now: float | None = None) -> str | None:
    """Check a sign-in code: a TOTP code not used before, or an unused recovery code (which burns).
    Returns ``"totp"`` or ``"recovery"``, or None when the code is refused."""
    if not user.mfa_enabled or user.mfa_secret is None:
        return None
    step = _matching_step(user.mfa_secret, code, time.time() if now is None else now)
    if step is not None:
        if user.mfa_last_step is not None and step <= user.mfa_last_step:
            audit.record("auth.mfa_code_replayed", actor=None, target_type="user", target_id=user.id)
            return None
        user.mfa_last_step = step
        db.session.flush()
        return "totp"
    cleaned = _clean(code)
    if len(cleaned) != 10:
        return None
    record = db.session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _digest(cleaned),
            RecoveryCode.used_at.is_(None),
        )
    ).first()
    if record is None:
        return None
    record.used_at = utcnow()
    left = sum(1 for c in user.recovery_codes if c.used_at is None)
    audit.record("auth.recovery_code_used", actor=user, target_type="user", target_id=user.id, left=left)
    mail.queue_email(
        "recovery_code_used", user.email, user.locale, "recovery_code_used", user=user, left=left
    )
    db.session.flush()
    return "recovery"


def recovery_codes_left(user: User) -> int:
    return sum(1 for c in user.recovery_codes if c.used_at is None)


def regenerate_recovery_codes(user: User) -> list[str]:
    if not user.mfa_enabled:
        raise AccountError(str(_l("Turn on two-factor sign-in first.")))
    codes = _new_recovery_codes(user)
    audit.record("auth.recovery_codes_replaced", actor=user, target_type="user", target_id=user.id)
    return codes


def disable(user: User, actor: User) -> None:
    """Turn two-factor sign-in off: by its owner (only when their role does not require it), or by an
    admin for someone who lost their phone and codes (they set it up again at their next sign-in)."""
    if not user.mfa_enabled:
        return
    by_admin = actor.id != user.id
    if by_admin and not actor.is_admin:
        raise AccountError(str(_l("Only an administrator can reset someone else's two-factor sign-in.")))
    if not by_admin and user.mfa_required:
        raise AccountError(str(_l("Your role requires two-factor sign-in: it cannot be turned off.")))
    user.mfa_secret = None
    user.mfa_enabled_at = None
    user.mfa_last_step = None
    for old in list(user.recovery_codes):
        db.session.delete(old)
    if by_admin:
        user.session_version += 1  # whoever holds their sessions signs in again, and sets up a new app
    action = "auth.mfa_reset" if by_admin else "auth.mfa_disabled"
    audit.record(action, actor=actor, target_type="user", target_id=user.id)
    mail.queue_email("mfa_changed", user.email, user.locale, "mfa_changed", user=user, enabled=False)
    db.session.flush()
