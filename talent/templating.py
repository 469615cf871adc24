"""What every template can use besides Flask's and Flask-Babel's own helpers.

Dates: the filters ``date``, ``datetime`` and ``month`` (``talent.dates``), one format per language.
Flask-Babel's ``dateformat`` and ``datetimeformat`` are replaced by the same functions when given a named
width ("short", "medium", "long", "full" or none), so that a page written with them shows the house format
too; an explicit pattern (``dateformat("MMMM yyyy")``) is still honoured.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Flask
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from talent import vocab
from talent.dates import format_day, format_moment, format_month
from talent.extensions import db
from talent.models import AuditEvent, Role, User

ROLE_LABELS = {
    Role.CANDIDATE: _l("candidate"),
    Role.MANAGER: _l("hiring manager"),
    Role.RECRUITER: _l("recruiter"),
    Role.COORDINATOR: _l("talent coordinator"),
    Role.ADMIN: _l("administrator"),
}

NAMED_WIDTHS = (None, "short", "medium", "long", "full")


def role_label(role: Role | str) -> str:
    return str(ROLE_LABELS[Role(role)])


def audit_action_label(code: str | None) -> str:
    """An audit event's action in plain words in the page's language; an unknown code as it is."""
    return vocab.label(vocab.AUDIT_ACTIONS, code)


def audit_target_label(code: str | None) -> str:
    return vocab.label(vocab.AUDIT_TARGETS, code)


def last_sign_in(user: User) -> datetime | None:
    """When ``user`` last signed in: ``last_login_at`` (set by ``record_sign_in``), or, for an account whose
    sign-ins predate that column being kept (or that was imported), its newest ``auth.login`` audit event;
    None only for someone who never signed in."""
    if user.last_login_at is not None:
        return user.last_login_at
    return db.session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action == "auth.login",
            AuditEvent.target_type == "user",
            AuditEvent.target_id == str(user.id),
        )
    )


def level_options(current: Any = None, levels: Mapping[int, Any] | None = None) -> list[dict[str, Any]]:
    """The skill levels with their definitions, for a control that shows each level's meaning as its hint
    (``gcds-radios`` options) or for a list of definitions: ``[{"value", "label", "hint", "checked"}]``."""
    shown = levels if levels is not None else vocab.SKILL_LEVELS
    return [
        {
            "value": str(level),
            "label": str(text),
            "hint": str(vocab.SKILL_LEVEL_DEFINITIONS.get(level, "")),
            "checked": current is not None and str(current) == str(level),
        }
        for level, text in shown.items()
    ]


def _dateformat(value: date | datetime | None, format: str | None = None) -> str:
    if value is None:
        return ""
    if format in NAMED_WIDTHS:
        return format_day(value)
    return str(babel_format_date(value, format))


def _datetimeformat(value: datetime | None, format: str | None = None) -> str:
    if value is None:
        return ""
    if format in NAMED_WIDTHS:
        return format_moment(value)
    return str(babel_format_datetime(value, format))


def _app_version() -> str:
    try:
        return version("talent-platform")
    except PackageNotFoundError:
        return "dev"


def register_templating(app: Flask) -> None:
    app_version = _app_version()
    app.add_template_filter(format_day, "date")
    app.add_template_filter(format_moment, "datetime")
    app.add_template_filter(format_month, "month")
    # After Flask-Babel installed its own (register_extensions runs first).
    app.add_template_filter(_dateformat, "dateformat")
    app.add_template_filter(_datetimeformat, "datetimeformat")
    # A global rather than a context variable: macros imported without context (macros/levels.html) see it.
    app.add_template_global(level_options, "level_options")

    @app.context_processor
    def globals_() -> dict[str, Any]:
        return {
            "role_label": role_label,
            "app_version": app_version,
            "audit_action_label": audit_action_label,
            "audit_target_label": audit_target_label,
            "last_sign_in": last_sign_in,
        }
