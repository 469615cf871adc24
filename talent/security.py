"""Security headers on every response, and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, abort, request
from flask_login import current_user

from talent.models import Role, User


def register_security_headers(app: Flask) -> None:
    csp = app.config["CONTENT_SECURITY_POLICY"]  # the default policy: talent.config

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if current_user and getattr(current_user, "is_authenticated", False):
            # Pages with personal data must not be kept by shared caches or the back button after logout.
            headers.setdefault("Cache-Control", "no-store")
        return response


def current_account() -> User:
    """The signed-in account, for views behind a role check or ``login_required`` (anonymous: 401)."""
    if not current_user or not current_user.is_authenticated:
        abort(401)
    user: User = current_user._get_current_object()
    return user


F = TypeVar("F", bound=Callable[..., Any])


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow only signed-in users with one of ``roles`` (401 to the login page, else 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            from talent.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
