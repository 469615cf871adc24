"""What every template can use besides Flask's and Flask-Babel's own helpers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from talent.models import Role

ROLE_LABELS = {
    Role.CANDIDATE: _l("candidate"),
    Role.MANAGER: _l("hiring manager"),
    Role.RECRUITER: _l("recruiter"),
    Role.ADMIN: _l("administrator"),
}


def role_label(role: Role | str) -> str:
    return str(ROLE_LABELS[Role(role)])


def _app_version() -> str:
    try:
        return version("talent-platform")
    except PackageNotFoundError:
        return "dev"


def register_templating(app: Flask) -> None:
    app_version = _app_version()

    @app.context_processor
    def globals_() -> dict[str, Any]:
        return {"role_label": role_label, "app_version": app_version}
