"""What every answer under ``/api/v1`` follows, whichever view (or none) answered it.

- The language is the caller's ``Accept-Language`` (English or French, English by default), never the
  account's or the address's: the API has no language prefix.
- Every error is a problem document (RFC 9457, ``application/problem+json``), in that language: the
  views' 404s, refused parameters (400, naming them in ``errors``), refused text (422, from
  ``talent.input_hygiene``), unknown paths (404), other methods (405, with ``Allow``), an ``Accept`` that
  excludes JSON (406), and 5xx. Never an HTML page.
- Every 200 carries an ETag computed from its body; ``If-None-Match`` with it answers 304.
- Lists are paged with cursors signed with the app's secret key (``Cursor``): they cannot be forged, and
  a tampered one is a 400.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Response

from talent.errors import register_error_renderer
from talent.i18n import LANGUAGES

PREFIX = "/api/v1"
PROBLEM_TYPE = "about:blank"  # the title is the status's own (RFC 9457, section 4.2.1)
MEDIA_TYPES = ("application/json", "application/problem+json")

TITLES = {
    400: _l("Bad request"),
    401: _l("Unauthorized"),
    403: _l("Forbidden"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    406: _l("Not acceptable"),
    413: _l("Content too large"),
    422: _l("Unprocessable content"),
    429: _l("Too many requests"),
    500: _l("Internal server error"),
    503: _l("Service unavailable"),
}
DETAILS = {
    400: _l("Some parameters are not valid."),
    401: _l("Authentication is needed."),
    403: _l("You may not use this operation."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not take this method."),
    406: _l("This API answers only in JSON (application/json or application/problem+json)."),
    413: _l("What you sent is too large."),
    422: _l("What you sent could not be processed."),
    429: _l("Too many requests: please wait and try again."),
    500: _l("Something went wrong on our side. Please try again in a few minutes."),
    503: _l("The service is temporarily unavailable. Please try again in a few minutes."),
}


def under_api(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def problem(status: int, detail: str | None = None, errors: list[dict[str, str]] | None = None) -> Response:
    """A problem document answering the current request."""
    fallback = 500 if status >= 500 else 400
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE,
        "title": str(TITLES.get(status, TITLES[fallback])),
        "status": status,
        "detail": detail or str(DETAILS.get(status, DETAILS[fallback])),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json"
    )
    response.headers["Content-Language"] = str(g.get("lang_code") or "en")
    response.headers["Cache-Control"] = "no-store"
    return response


def _field_errors(messages: Any) -> list[dict[str, str]]:
    """webargs' ``{"query": {"limit": ["..."]}}`` as ``[{"field": "limit", "message": "..."}]``."""
    found: list[dict[str, str]] = []
    for by_name in (messages or {}).values() if isinstance(messages, dict) else ():
        for name, texts in by_name.items() if isinstance(by_name, dict) else ():
            for text in _texts(texts):
                found.append({"field": str(name), "message": text})
    return found


def _texts(messages: Any) -> list[str]:
    """The messages of one parameter: a list of them, or, for a list's values, by the value's index."""
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _texts(value)]
    if isinstance(messages, list):
        return [text for value in messages for text in _texts(value)]
    return [str(messages)]


def handle_http_error(exc: HTTPException) -> Response:
    """The views' errors (blueprint handler): webargs' refused parameters carry their messages."""
    data = getattr(exc, "data", None)
    errors = _field_errors(data.get("messages")) if isinstance(data, dict) else []
    return problem(exc.code or 500, None, errors)


def _choose_language() -> None:
    if under_api(request.path):
        g.lang_code = request.accept_languages.best_match(LANGUAGES) or "en"
        refresh()


def _refuse_other_media_types() -> Response | None:
    accepted = "Accept" not in request.headers or request.accept_mimetypes.best_match(MEDIA_TYPES)
    if under_api(request.path) and not accepted and request.endpoint != "api_docs.docs":  # an HTML page
        return problem(406)
    return None


def _finish(response: Response) -> Response:
    if not under_api(request.path):
        return response
    response.headers.setdefault("Content-Language", str(g.get("lang_code") or "en"))
    response.vary.add("Accept-Language")
    if response.status_code == 405 and isinstance(request.routing_exception, MethodNotAllowed):
        allowed = request.routing_exception.valid_methods or []
        response.headers["Allow"] = ", ".join(sorted(allowed))
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.add_etag()
        response.make_conditional(request)
    return response


def register_conventions(app: Flask, api: Any) -> None:
    # First of the app's checks, before input hygiene: its refusals are already in the caller's language.
    app.before_request_funcs.setdefault(None, []).insert(0, _choose_language)
    app.before_request(_refuse_other_media_types)
    app.after_request(_finish)
    register_error_renderer(app, PREFIX, lambda status, detail: problem(status, detail))

    def openapi_document() -> Response:
        """The OpenAPI document, generated from the views and schemas."""
        return current_app.response_class(json.dumps(api.spec.to_dict()), mimetype="application/json")

    app.add_url_rule(f"{PREFIX}/openapi.json", "api_v1_openapi", openapi_document, methods=["GET"])


class Cursor:
    """Signed, opaque cursors for one list: ``dumps(last key)`` and ``loads(cursor)`` (None when forged,
    tampered with or not a cursor of this list)."""

    def __init__(self, name: str) -> None:
        self.salt = f"api.v1.cursor.{name}"

    def _serializer(self) -> URLSafeSerializer:
        return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def dumps(self, value: str | int) -> str:
        return str(self._serializer().dumps(value))

    def loads(self, cursor: str) -> Any:
        try:
            return self._serializer().loads(cursor)
        except (BadSignature, UnicodeError, ValueError):
            return None
