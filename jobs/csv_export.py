"""CSV files for spreadsheets, shared by the web areas that export (a process's pool, the request reports,
a match list): every cell safe from formula injection, UTF-8 with a byte-order mark so that Excel reads the
accents. The pool's rows carry no equity data."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from jobs import vocab
from jobs.models import Application
from jobs.services import pools
from talent.vocab import LANGUAGES_COMM, label

BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The cell's text, with a leading ``'`` when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return BOM + buffer.getvalue()


def pool_header() -> list[str]:
    return [
        _("Application"),
        _("Last name"),
        _("First name"),
        _("E-mail address"),
        _("Telephone"),
        _("Preferred language of communication"),
        _("Qualified on"),
        _("Expiry date"),
        _("Available"),
        _("Suspended by the candidate"),
        _("Paused by the recruitment team"),
        _("Placement"),
        _("Department"),
    ]


def pool_row(application: Application, lang: str, today: date, now: datetime) -> list[Any]:
    """One pool member: contact details as they are now (the account) and as submitted (telephone),
    and their standing in the pool. Never the equity self-declaration."""
    user = application.user
    profile = (application.snapshot or {}).get("profile") or {}
    suspended = application.suspended_at is not None and application.suspended_at <= now
    department = application.placed_department
    return [
        application.id,
        user.last_name,
        user.first_name,
        user.email,
        profile.get("telephone") or "",
        label(LANGUAGES_COMM, profile.get("preferred_language")),
        pools.iso_date(application.decided_at),
        pools.iso_date(application.expiry_date),
        _("Yes") if pools.is_available(application, today, now) else _("No"),
        _("Yes") if suspended else _("No"),
        _("Yes") if application.paused_at is not None else _("No"),
        label(vocab.PLACEMENTS, application.placement.value if application.placement else None),
        department.name(lang) if department else "",
    ]
