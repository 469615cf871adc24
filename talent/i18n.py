"""Languages: every page lives under ``/en/...`` and ``/fr/...``.

The language comes from the URL; ``url_for`` fills it in from the current request, and
``other_language_url`` gives the same page in the other language for the toggle.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.routing import BaseConverter

LANGUAGES = ("en", "fr")


class LanguageConverter(BaseConverter):
    """Matches only the languages we publish, so ``/de/...`` is a plain 404."""

    regex = "en|fr"


def current_language() -> str:
    """The language of the current request (Flask-Babel's locale selector)."""
    if not has_request_context():
        return "en"  # outside a request (tasks, CLI) callers choose with flask_babel.force_locale
    lang = g.get("lang_code")
    if lang in LANGUAGES:
        return str(lang)
    return guess_language()


def rendering_language() -> str:
    """The language templates are being rendered in, honouring ``force_locale`` (e-mails)."""
    locale = get_locale()
    if locale is not None and locale.language in LANGUAGES:
        return str(locale.language)
    return current_language()


def guess_language() -> str:
    """For pages outside a language prefix: the signed-in user's choice, else the browser's."""
    try:
        if current_user.is_authenticated and current_user.locale in LANGUAGES:
            return str(current_user.locale)
    except Exception:  # noqa: S110 - no user loader available (e.g. the database is down on an error page)
        pass
    first = request.path.strip("/").split("/", 1)[0]
    if first in LANGUAGES:
        return first
    return request.accept_languages.best_match(LANGUAGES) or "en"


def other_language_url() -> str:
    """The current page in the other language (query string kept), or that language's home page."""
    other = "fr" if current_language() == "en" else "en"
    endpoint = request.endpoint
    view_args: dict[str, Any] = dict(request.view_args or {})
    if endpoint and g.get("lang_code"):
        view_args["lang_code"] = other
        try:
            url = url_for(endpoint, **view_args)
        except Exception:
            return url_for("main.home", lang_code=other)
        if request.query_string:
            url += "?" + request.query_string.decode("latin-1")
        return url
    return url_for("main.home", lang_code=other)


def register_i18n(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter

    @app.url_value_preprocessor
    def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang_code" in values:
            g.lang_code = values.pop("lang_code")

    @app.url_defaults
    def add_language(endpoint: str, values: dict[str, Any]) -> None:
        if "lang_code" in values:
            return
        if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            values["lang_code"] = current_language()

    @app.context_processor
    def language_context() -> dict[str, Any]:
        lang = rendering_language()
        return {
            "lang": lang,
            "other_lang": "fr" if lang == "en" else "en",
            "other_language_url": other_language_url,
        }
