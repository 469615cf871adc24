"""The talent-request blueprints, complete: ``jobs_requests`` and ``jobs_request_team`` with their template
helpers and their pages. Only the app factory (``jobs.web``) imports this module; what the pages share is in
``_common``.
"""

from __future__ import annotations

from typing import Any

from jobs import vocab
from jobs.requests_web import (
    views_candidates,  # noqa: F401 - its routes register on the blueprints
    views_manager,  # noqa: F401
    views_reports,  # noqa: F401
    views_team,  # noqa: F401
)
from jobs.requests_web._common import bp, team_bp
from jobs.requests_web.forms import SELECTIONS
from talent import vocab as talent_vocab
from talent.vocab import label

__all__ = ["bp", "team_bp"]


def _helpers() -> dict[str, Any]:
    return {
        "request_label": label,
        "request_vocab": vocab,
        "request_talent_vocab": talent_vocab,
        "selection_label": lambda code: label(SELECTIONS, code),
    }


bp.context_processor(_helpers)
team_bp.context_processor(_helpers)
