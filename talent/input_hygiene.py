"""Input hygiene in one place: every request's path, query parameters, form fields and JSON strings pass
through :func:`problem_in` before any view runs, and text no column can hold is refused with a translated
422 (an error page, or a JSON error under ``/api/``), never a 500 from the database and never half-written.

Refused: a NUL character (PostgreSQL cannot store one in text), a lone surrogate (not Unicode text: it
cannot be encoded to UTF-8), and a value longer than ``MAX_VALUE_CHARS`` (forms check their own, narrower
limits; this one stops anything that no form declares). A body larger than the ``MAX_CONTENT_LENGTH`` of
``talent.config`` is a 413.

Repeated single-value fields are the forms' concern: :class:`talent.forms_util.Form` refuses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

MAX_VALUE_CHARS = 20_000  # the longest text a form takes (a job description, an answer) is shorter
MAX_JSON_DEPTH = 32

_SURROGATE = re.compile("[\ud800-\udfff]")

NUL = _l("Text cannot contain a null character (U+0000). Please remove it and try again.")
SURROGATE = _l("Text contains characters that are not valid Unicode. Please retype it and try again.")
TOO_LONG = _l("A value is too long: at most %(max)d characters are accepted.", max=MAX_VALUE_CHARS)
TOO_DEEP = _l("The data sent is nested too deeply.")


def problem_in(text: str) -> Any | None:
    """What is wrong with ``text`` (a translatable message), or None."""
    if "\x00" in text:
        return NUL
    if _SURROGATE.search(text):
        return SURROGATE
    if len(text) > MAX_VALUE_CHARS:
        return TOO_LONG
    return None


def _texts() -> Iterator[str]:
    """Every piece of text the request carries: path, names and values of query and form fields."""
    yield request.path
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            yield key
            yield value


def _json_problem(value: Any, depth: int = 0) -> Any | None:
    if depth > MAX_JSON_DEPTH:
        return TOO_DEEP
    if isinstance(value, str):
        return problem_in(value)
    if isinstance(value, dict):
        for key, item in value.items():
            found = problem_in(str(key)) or _json_problem(item, depth + 1)
            if found is not None:
                return found
    elif isinstance(value, list):
        for item in value:
            found = _json_problem(item, depth + 1)
            if found is not None:
                return found
    return None


def refuse_bad_input() -> ResponseReturnValue | None:
    """The ``before_request`` check: a 422 naming the problem, or None to go on."""
    from talent.errors import error_response

    for text in _texts():
        found = problem_in(text)
        if found is not None:
            return error_response(422, str(found))
    if request.is_json:
        found = _json_problem(request.get_json(silent=True))
        if found is not None:
            return error_response(422, str(found))
    return None


def register_input_hygiene(app: Flask) -> None:
    # First of the app's own checks: nothing below it (CSRF, sign-in, views) sees refused text.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_input)
