"""The ``jobs_recruit`` blueprint, complete: its template helpers and its pages. Only the app factory
(``jobs.web``) imports this module.

The pages are ``views_processes`` (processes and their actions), ``views_plan`` (skills, questions,
assessment plan, recruiters), ``views_applicants`` and ``views_pools``; what they share is in ``_common``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobs.recruit import (
    labels,
    views_applicants,  # noqa: F401 - its routes register on ``bp``
    views_plan,  # noqa: F401
    views_pools,  # noqa: F401
    views_processes,  # noqa: F401
)
from jobs.recruit._common import bp
from jobs.services import pools, processes, recruiting
from talent import vocab as talent_vocab
from talent.vocab import label

__all__ = ["bp"]


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
