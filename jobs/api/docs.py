"""The interactive documentation of the public API, ``/api/v1/docs``: an HTML page of ours around Swagger UI
(npm ``swagger-ui-dist``, vendored into ``talent/static/vendor/swagger-ui/`` by ``scripts/vendor_assets.py``),
which ``talent/static/js/api-docs.js`` starts on ``/api/v1/openapi.json``. No inline script, nothing from
another origin: the site's Content-Security-Policy, unchanged.

Like the rest of ``/api/v1`` the page has no language prefix: its language is the caller's
``Accept-Language``, and ``?lang=en|fr`` (the language toggle) chooses it explicitly.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import refresh

from talent.i18n import LANGUAGES

docs_bp = Blueprint("api_docs", __name__, template_folder="templates")


@docs_bp.get("/api/v1/docs")
def docs() -> str:
    """The documentation page, in the language asked for."""
    lang = request.args.get("lang")
    if lang in LANGUAGES and lang != g.get("lang_code"):
        g.lang_code = lang
        refresh()
    other = "en" if g.get("lang_code") == "fr" else "fr"
    return render_template(
        "api/docs.html",
        spec_url=url_for("api_v1_openapi"),
        other_language_href=url_for("api_docs.docs", lang=other),
    )
