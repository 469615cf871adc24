"""Error pages in the visitor's language, or JSON errors for API clients. Never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
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


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    accepted = request.accept_mimetypes
    return best == "application/json" and accepted[best] > accepted["text/html"]


def error_response(code: int, message: str | None = None) -> tuple[Response | str, int]:
    title = str(TITLES.get(code, TITLES[500] if code >= 500 else TITLES[400]))
    detail = message or str(MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400]))
    if wants_json():
        return jsonify(error={"status": code, "title": title, "message": detail}), code
    return render_template("errors/error.html", code=code, title=title, detail=detail), code


def register_error_handlers(app: Flask) -> None:
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
        log.exception("unhandled error on %s %s", request.method, request.path)
        try:
            db.session.rollback()
        except Exception:
            log.exception("rollback after an unhandled error failed")
        return error_response(InternalServerError.code)
