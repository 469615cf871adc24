"""Authentication of ``/api/v1`` requests: ``Authorization: Bearer tp_...``, a personal access token
(``talent.auth.tokens``: made, scoped, expired and revoked there).

``authenticated(bp, scope)`` guards an operation and documents it (the bearer security scheme, 401, 403
and 429). In order, for each request:

1. no token, or one unknown, malformed, expired, revoked, or whose owner is deactivated or deleted: 401
   problem with ``WWW-Authenticate: Bearer``. A session cookie never stands in for a token.
2. the token's rate limit (``API_TOKEN_RATE_LIMIT``, one budget per token across every operation,
   Flask-Limiter): 429 problem; each answer announces the limit in ``RateLimit-*`` and ``X-RateLimit-*``.
3. the request is audited (``api_token.used``: the token's id and prefix, the method and path).
4. the token without the operation's scope: 403 problem.
5. the token's owner is the signed-in user for this request only (flask-login's current user, no
   session), so the role checks the views carry are the pages' own (``talent.security.roles_required``):
   a role that may not use the page may not use the operation (403).
"""

from __future__ import annotations

import http
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app, g, request
from flask_smorest import Blueprint
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from jobs.api.conventions import problem, under_api
from talent.auth import tokens
from talent.extensions import db, limiter

SECURITY_SCHEME = "bearerAuth"
CHALLENGE = 'Bearer realm="api"'
# The answers an authenticated operation may give besides its own.
STATUSES = (401, 403, 429)


def _bearer() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def unauthorized() -> Response:
    response = problem(401)
    response.headers["WWW-Authenticate"] = CHALLENGE
    return response


def _token_key() -> str:
    token = g.get("api_token")
    return f"api-token:{token.id}" if token is not None else "api-token:none"


def _rate_limit() -> str:
    return str(current_app.config["API_TOKEN_RATE_LIMIT"])


def authenticated(bp: Blueprint, scope: str) -> Callable[[Any], Any]:
    """Guard an operation with a token holding ``scope`` (see the module's docstring)."""

    def decorate(view: Any) -> Any:
        for status in STATUSES:
            view = bp.alt_response(status, response=http.HTTPStatus(status).name)(view)
        view = bp.doc(security=[{SECURITY_SCHEME: [scope]}])(view)

        def admitted(*args: Any, **kwargs: Any) -> Any:
            token = g.api_token
            tokens.record_use(token, request.method, request.path)
            db.session.commit()
            if not tokens.grants(token, scope):
                raise Forbidden()
            return view(*args, **kwargs)

        # Flask-Limiter names a limit by its function: one name per operation, one shared budget per token.
        admitted.__module__ = view.__module__
        admitted.__qualname__ = f"{view.__qualname__}.admitted"
        limited = limiter.shared_limit(_rate_limit, scope="api-token", key_func=_token_key)(admitted)

        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            secret = _bearer()
            token = tokens.authenticate(secret) if secret else None
            if token is None:
                return unauthorized()
            g.api_token = token
            g._login_user = token.user  # flask-login's current user, for this request only
            return limited(*args, **kwargs)

        return wrapped

    return decorate


def _announce_limit(response: Response) -> Response:
    """``RateLimit-*`` (IETF draft) and ``X-RateLimit-*`` on the answers of rate-limited operations."""
    current = limiter.current_limit if under_api(request.path) else None
    if current is None:
        return response
    reset_in = max(0, int(current.reset_at - time.time()))
    values = {"Limit": current.limit.amount, "Remaining": current.remaining, "Reset": reset_in}
    for name, value in values.items():
        response.headers[f"RateLimit-{name}"] = str(value)
        response.headers[f"X-RateLimit-{name}"] = str(current.reset_at if name == "Reset" else value)
    if response.status_code == 429:
        response.headers["Retry-After"] = str(reset_in)
    return response


def register_auth(app: Flask, api: Any) -> None:
    """The bearer security scheme in the OpenAPI document, and the rate-limit headers."""
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (`tp_...`), made on the account page's API tokens. "
            "Scopes: `profile:read`, `profile:write` (includes reading).",
        },
    )
    app.after_request(_announce_limit)
