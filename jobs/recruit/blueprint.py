"""The ``jobs_recruit`` blueprint, complete: its template helpers and its pages. Only the app factory
(``jobs.web``) imports this module.

The pages are ``views_processes`` (processes and their actions), ``views_plan`` (skills, questions,
assessment plan, recruiters), ``views_applicants`` and ``views_pools``; what they share is in ``_common``.
"""

from __future__ import annotations

from typing import Any

from jobs.recruit import (
    labels,
    views_applicants,  # noqa: F401 - its routes register on ``bp``
    views_plan,  # noqa: F401
    views_pools,  # noqa: F401
    views_processes,  # noqa: F401
)
from jobs.recruit._common import bp
from jobs.services import processes, recruiting
from talent import vocab as talent_vocab
from talent.dates import format_day, format_moment
from talent.vocab import label

__all__ = ["bp"]


# The site's one format for dates and moments (``talent.dates``): a moment in the reference time zone
# (Eastern time), named; a date, or a moment's date in that zone.
bp.add_app_template_filter(format_moment, "recruit_datetime")
bp.add_app_template_filter(format_day, "recruit_date")


@bp.app_context_processor
def recruit_helpers() -> dict[str, Any]:
    return {
        "recruit_labels": labels,
        "recruit_label": label,
        "talent_vocab": talent_vocab,
        "process_status": processes.status,
        "closing_parts": recruiting.closing_parts,
    }
