"""Absolute links to the site's pages, for messages read outside it (e-mails).

Built from the configured public address (``PUBLIC_BASE_URL``: its scheme, host, port and any path the
site is served under), never from the request that caused the message, and the same inside a request, a
Celery task or a command (no ``SERVER_NAME`` needed).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def absolute_url(locale: str, endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint``'s page in ``locale`` (``en`` or ``fr``).

    >>> absolute_url("fr", "auth.forgot_password")  # doctest: +SKIP
    'http://localhost:5000/fr/password/forgot'
    """
    app = current_app
    base = urlsplit(str(app.config["PUBLIC_BASE_URL"]).strip().rstrip("/"))
    adapter = app.url_map.bind(
        base.netloc or "localhost", script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    values = dict(values)
    if app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        values["lang_code"] = locale if locale in app.config["LANGUAGES"] else "en"
    app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
