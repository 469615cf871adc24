"""Languages: every page lives under ``/en/...`` and ``/fr/...``.

The language comes from the URL; ``url_for`` fills it in from the current request, and
``other_language_url`` gives the same page in the other language for the toggle.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale, get_translations
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
    """The language templates are being rendered in, honouring ``force_locale`` (e-mails): the page's
    language, never the account's. Every bilingual name (skills, families, classifications, departments)
    is picked with it (``Skill.name()``)."""
    locale = get_locale()
    if locale is not None and locale.language in LANGUAGES:
        return str(locale.language)
    return current_language()


def guess_language() -> str:
    """For requests no route took the language from (a 404 or 405, a page outside a language prefix): the
    language of the address first (``/en/no-such-page`` is an English 404, whatever the account's
    language), then the signed-in user's choice, then the browser's."""
    first = request.path.strip("/").split("/", 1)[0]
    if first in LANGUAGES:
        return first
    try:
        if current_user.is_authenticated and current_user.locale in LANGUAGES:
            return str(current_user.locale)
    except Exception:  # noqa: S110 - no user loader available (e.g. the database is down on an error page)
        pass
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


def template_translations() -> NullTranslations:
    """The translations templates use, looked up once per locale and rendering rather than at every
    ``_()`` (a page of the ranked list makes some 1,600 calls; Flask-Babel resolves the locale anew at
    each). Kept beside Flask-Babel's own per-request state, keyed by the very locale object it holds, so
    ``force_locale`` (e-mails in the recipient's language) and a changed locale are always followed."""
    if not g:
        return get_translations()
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "talent_translations", None)
    if locale is not None and cached is not None and cached[0] is locale:
        found: NullTranslations = cached[1]
        return found
    translations = get_translations()  # resolves the locale, creating that state if needed
    state = g.get("_flask_babel")
    if state is not None:
        state.talent_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def register_i18n(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    # Jinja's ``_``/``ngettext`` as Flask-Babel installs them, with the translations looked up once.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: template_translations().ugettext(s),
        ngettext=lambda s, p, n: template_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: template_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: template_translations().unpgettext(c, s, p, n),
    )

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
