"""The ``jobs_talent`` blueprint, complete: its template helpers and its pages. Only the app factory
(``jobs.web``) imports this module.

The pages: ``views_events`` (events, their coordinators and groups), ``views_nominations`` (nominating,
and the nominations a person received), ``views_groups`` (decisions on a group), ``views_report`` (the
programme's report); what they share is in ``_common``.
"""

from __future__ import annotations

from typing import Any

from jobs import vocab
from jobs.services import nominations
from jobs.talent_management import (
    views_events,  # noqa: F401 - its routes register on ``bp``
    views_groups,  # noqa: F401
    views_nominations,  # noqa: F401
    views_report,  # noqa: F401
)
from jobs.talent_management._common import bp
from talent.vocab import label

__all__ = ["bp"]


@bp.app_context_processor
def talent_management_helpers() -> dict[str, Any]:
    return {
        "event_status": nominations.event_status,
        "event_status_label": lambda code: label(vocab.EVENT_STATUSES, code),
        "group_status_label": lambda code: label(vocab.GROUP_STATUSES, code),
        "nomination_kind_label": lambda code: label(vocab.NOMINATION_KINDS, code),
        "talent_source_label": lambda code: label(vocab.TALENT_SOURCES, code),
    }
