"""Error pages in the visitor's language, or JSON errors for API clients. Never a traceback.

When the database drops a connection under a request (a restart, a fail-over, an administrator ending
sessions), the request is answered 503 with ``Retry-After``, a page in its language that touches no table,
and the session rolled back; the pool's pre-ping (``SQLALCHEMY_ENGINE_OPTIONS``) gives the next request a
live connection. Any other database error stays a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable
from werkzeug.wrappers import Response

from talent.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please sign in"),
    403: _l("You do not have access to this page"),
    404: _l("We couldn't find that page"),
    405: _l("This action is not allowed here"),
    410: _l("This link is no longer valid"),
    413: _l("What you sent is too large"),
    422: _l("Some information needs correcting"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}
MESSAGES = {
    400: _l("Please go back, check what you entered and try again."),
    401: _l("Sign in to continue."),
    403: _l("If you think you should have access, contact the platform's support team."),
    404: _l("The address may be mistyped, or the page may have moved or been removed."),
    405: _l("Please go back and use the page's buttons and links."),
    410: _l("Ask for a new link."),
    413: _l("Please send less at once."),
    422: _l("Please correct the highlighted information."),
    429: _l("For your security we paused this for a while. Please wait a few minutes and try again."),
    500: _l("We have been told about the problem. Please try again in a few minutes."),
    503: _l("Please try again in a few minutes."),
}


# Renders an error as a path prefix's own error document: (status, message or None) -> response.
ErrorRenderer = Callable[[int, str | None], Response]


def register_error_renderer(app: Flask, prefix: str, render: ErrorRenderer) -> None:
    """Let the paths under ``prefix`` answer every error (404s of unknown paths, 405s, refused input, 500s,
    503s) with ``render`` instead of an error page: the public API's problem documents (``jobs/api``)."""
    app.extensions.setdefault("talent.error_renderers", []).append((prefix.rstrip("/"), render))


def _renderer() -> ErrorRenderer | None:
    for prefix, render in current_app.extensions.get("talent.error_renderers", ()):
        if request.path == prefix or request.path.startswith(prefix + "/"):
            return render
    return None


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    accepted = request.accept_mimetypes
    return best == "application/json" and accepted[best] > accepted["text/html"]


def error_response(code: int, message: str | None = None) -> tuple[Response | str, int]:
    title = str(TITLES.get(code, TITLES[500] if code >= 500 else TITLES[400]))
    render = _renderer()
    if render is not None:
        return render(code, message), code
    detail = message or str(MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400]))
    if wants_json():
        return jsonify(error={"status": code, "title": title, "message": detail}), code
    return render_template("errors/error.html", code=code, title=title, detail=detail), code


RETRY_AFTER_SECONDS = 5
# SQLSTATE classes of a lost server: 08 connection exception; 57P01-57P03 the server is shutting down, was
# restarted or is not accepting connections yet (57P01 is also what pg_terminate_backend sends).
_DISCONNECTED_STATES = ("08", "57P01", "57P02", "57P03")


def database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database could not be reached or dropped the connection (as opposed to a
    query that failed on a live connection)."""
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True  # the driver lost the connection, or the pool had none left to give
    if isinstance(exc, sa_exc.OperationalError):
        state = getattr(exc.orig, "sqlstate", None)
        return state is None or state.startswith(_DISCONNECTED_STATES)  # no state: it never got an answer
    return False


def unavailable_response() -> Response:
    """The 503 for a dropped database: nothing on the page reads a table, so it renders while the database
    is still away."""
    code = ServiceUnavailable.code
    render = _renderer()
    if render is not None:
        response = render(code, None)
    elif wants_json():
        response = jsonify(error={"status": code, "title": str(TITLES[code]), "message": str(MESSAGES[code])})
    else:
        retry = request.url if request.method in ("GET", "HEAD") else None
        html = render_template(
            "errors/unavailable.html", code=code, title=TITLES[code], detail=MESSAGES[code], retry=retry
        )
        response = make_response(html)
    response.status_code = code
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def release_session(_exc: BaseException | None = None) -> None:
    """End the request's session even when its connection was dropped while it sat idle in a transaction:
    the rollback of a dead connection raises, and left alone would turn an answered page into a 500 after
    the fact. Runs before Flask-SQLAlchemy's own teardown, which then finds nothing left to do."""
    try:
        db.session.remove()
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        log.warning("the database connection was lost before the end of the request: %s", exc)
        try:
            db.session.remove()  # the connection is invalidated by now: closing no longer talks to it
        finally:
            db.session.registry.clear()


def register_error_handlers(app: Flask) -> None:
    # Teardown functions run in reverse order: registered after the extensions, this one runs first.
    app.teardown_appcontext(release_session)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[Response | str, int]:
        return error_response(
            400,
            str(
                _l(
                    "Your form expired or was sent from another site. "
                    "Please go back, reload the page and try again."
                )
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int] | HTTPException:
        if exc.code is None or exc.code < 400:
            return exc
        return error_response(exc.code)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response | str, int]:
        if isinstance(exc, HTTPException):
            return http_error(exc)  # type: ignore[return-value]
        if database_unavailable(exc):
            log.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
            try:
                db.session.rollback()
            except Exception:
                log.warning("rollback after a lost database connection failed", exc_info=True)
            return unavailable_response(), ServiceUnavailable.code
        log.exception("unhandled error on %s %s", request.method, request.path)
        try:
            db.session.rollback()
        except Exception:
            log.exception("rollback after an unhandled error failed")
        return error_response(InternalServerError.code)
