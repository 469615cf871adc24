"""The ``jobs_recruit`` blueprint: what recruiters and administrators share by looking up a process or an
application they may act on. Anything else is a 404, never a 403, so that ids reveal nothing.

The pages themselves are in ``views_processes`` (processes and their actions), ``views_plan`` (skills,
questions, assessment plan, recruiters), ``views_applicants`` and ``views_pools``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort

from jobs.models import Application, Process
from jobs.recruit import labels
from jobs.services import applications, pools, processes, recruiting
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.models import Role
from talent.security import current_account, roles_required
from talent.vocab import label

bp = Blueprint("jobs_recruit", __name__, url_prefix="/<lang:lang_code>/recruit", template_folder="templates")
staff_only = roles_required(Role.RECRUITER, Role.ADMIN)

# Ids beyond the database's integer range cannot exist.
MAX_ID = 2**31 - 1


def process_or_404(process_id: int) -> Process:
    """A process the signed-in recruiter runs (admins: any), else 404."""
    process = db.session.get(Process, process_id) if 0 < process_id <= MAX_ID else None
    if process is None or not processes.runs(current_account(), process):
        abort(404)
    return process


def application_or_404(application_id: int) -> Application:
    """A submitted application of a process the signed-in recruiter runs, else 404 (drafts included)."""
    application = (
        applications.visible_to_staff(current_account(), application_id)
        if 0 < application_id <= MAX_ID
        else None
    )
    if application is None:
        abort(404)
    return application


@bp.app_template_filter("recruit_datetime")
def recruit_datetime(value: datetime | None) -> str:
    """A moment as ``YYYY-MM-DD HH:MM`` in the reference time zone (Eastern time)."""
    return value.astimezone(recruiting.TIMEZONE).strftime("%Y-%m-%d %H:%M") if value else ""


# A date (or a moment's date in the reference time zone) as ``YYYY-MM-DD``.
bp.add_app_template_filter(pools.iso_date, "recruit_date")


@bp.app_context_processor
def recruit_helpers() -> dict[str, Any]:
    return {
        "recruit_labels": labels,
        "recruit_label": label,
        "talent_vocab": talent_vocab,
        "process_status": processes.status,
        "closing_parts": recruiting.closing_parts,
    }


# The pages of this blueprint.
from jobs.recruit import (  # noqa: E402
    views_applicants,  # noqa: F401
    views_plan,  # noqa: F401
    views_pools,  # noqa: F401
    views_processes,  # noqa: F401
)
