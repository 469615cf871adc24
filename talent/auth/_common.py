"""What the account pages share: the ``auth`` blueprint, completing a sign-in, the "prove it's you again"
rule for sensitive changes, and the even answer time of the pages that must not reveal an account."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from talent.auth import services
from talent.extensions import db
from talent.models import User

bp = Blueprint("auth", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")

# The session key of a sign-in waiting for its second factor: {"user", "version", "at", "tries", "next"}.
PENDING = "mfa_pending"
PENDING_SECONDS = 300
# When the person last proved who they are (password, with the code when they have two-factor on).
AUTH_AT = "auth_at"
# When the person last gave a second-factor code (at sign-in, when proving it's you again, or when turning
# two-factor sign-in on): creating an API token asks staff for a recent one (``second_factor_recent``).
MFA_AT = "mfa_at"
SECOND_FACTORS = ("totp", "recovery")  # what ``mfa.verify`` accepts

F = TypeVar("F", bound=Callable[..., Any])


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect to another host after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def sign_in(user: User, factor: str | None) -> None:
    """Complete a sign-in: audit it, start the session, and count it as a fresh proof of identity."""
    services.record_sign_in(user, factor)
    db.session.commit()
    session.pop(PENDING, None)
    login_user(user)
    session[AUTH_AT] = time.time()
    if factor in SECOND_FACTORS:  # not "email": the confirmation link is no second factor
        session[MFA_AT] = session[AUTH_AT]


def is_fresh() -> bool:
    at = session.get(AUTH_AT)
    if not isinstance(at, int | float):
        return False
    return time.time() - at <= current_app.config["REAUTH_MINUTES"] * 60


def second_factor_recent(now: float | None = None) -> bool:
    """Whether this session gave a second-factor code within the last ``API_TOKEN_MFA_MINUTES``."""
    at = session.get(MFA_AT)
    if not isinstance(at, int | float):
        return False
    elapsed = (time.time() if now is None else now) - at
    return 0 <= elapsed <= current_app.config["API_TOKEN_MFA_MINUTES"] * 60


def _back_here() -> str:
    """Where to return after proving it's you: this page for a GET, else the page the form was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return url_for("main.dashboard")
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path) or url_for("main.dashboard")


def fresh_auth_required(view: F) -> F:
    """Sensitive changes (roles, deactivation, two-factor) need a proof of identity from the last
    ``REAUTH_MINUTES``: otherwise nothing changes and the person is asked for their password (and code)
    first, then sent back to the page they were on."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.is_authenticated and not is_fresh():
            flash(_("For your security, confirm it's you before making this change."), "info")
            return redirect(url_for("auth.reauthenticate", next=_back_here()))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def even_out(started: float) -> None:
    """Answer no sooner than ``ACCOUNT_ANSWER_MIN_MS`` after ``started`` (``time.monotonic()``), so that
    how long a page takes does not tell whether an account exists."""
    floor = current_app.config["ACCOUNT_ANSWER_MIN_MS"] / 1000
    left = floor - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)
