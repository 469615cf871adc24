"""The ``matching_review`` blueprint: what its pages share, and the template helpers other pages use.

Pages (``/<lang>/recruit/requests/<request_id>/matching/...``, recruitment team and admins only):
``views_runs`` (start a run, a run's progress, compare two runs, fairness) and ``views_review`` (a
run's page with its ranked list, decisions one by one or in bulk, the CSV export). ``views_fit``: how a
referred candidate fits, for the request's manager (``/<lang>/talent-requests/<id>/candidates/<user>/fit``)
and for the candidate (``/<lang>/referrals/<referral_id>/fit``).

A request, run or candidate someone may not see is a 404, never a 403, so that ids reveal nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_babel import gettext as _

from jobs.models import TalentRequest
from jobs.services import requests
from matching import services
from matching.models import MatchRun
from matching.review import explain
from matching.review.forms import ACTIONS, DECISION_LABELS, MAX_ID
from talent import vocab as talent_vocab
from talent.models import Role
from talent.security import current_account, roles_required
from talent.vocab import label

bp = Blueprint("matching_review", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")
staff_only = roles_required(Role.RECRUITER, Role.ADMIN)
RUNS = "/recruit/requests/<int:request_id>/matching"


def request_or_404(request_id: int) -> TalentRequest:
    found = requests.visible(current_account(), request_id) if 0 < request_id <= MAX_ID else None
    if found is None:
        abort(404)
    return found


def run_or_404(talent_request: TalentRequest, run_id: int) -> MatchRun:
    """A run of this request the signed-in user may see, else 404 (a run of another request too)."""
    run = services.visible_run(current_account(), run_id) if 0 < run_id <= MAX_ID else None
    if run is None or run.request_id != talent_request.id:
        abort(404)
    return run


@bp.app_template_global("matching_explanation_for")
def matching_explanation_for(request_id: int, user_id: int) -> dict[str, Any] | None:
    """For other pages' templates: see ``matching.review.explain.explanation_for``."""
    return explain.explanation_for(request_id, user_id)


@bp.app_template_global("matching_level_label")
def matching_level_label(level: Any) -> str:
    return label(talent_vocab.SKILL_LEVELS, level) if level else ""


@bp.app_template_global("matching_kind_label")
def matching_kind_label(kind: Any) -> str:
    return label(talent_vocab.EXPERIENCE_KINDS, kind)


@bp.app_template_global("matching_part_label")
def matching_part_label(part: Any) -> str:
    """A part of a match score, in words."""
    return {
        "required": _("Required skills"),
        "nice_to_have": _("Nice-to-have skills"),
        "profile_fit": _("Whole profile close to the request"),
        "peers": _("Agreement with similar candidates"),
    }.get(str(part), str(part))


@bp.context_processor
def review_helpers() -> dict[str, Any]:
    return {
        "decision_labels": DECISION_LABELS,
        "action_labels": ACTIONS,
        "run_status_label": run_status_label,
        "fairness_group_label": lambda code: label(talent_vocab.EQUITY_GROUPS, code),
    }


def run_status_label(status: str) -> str:
    return {
        "queued": _("Queued"),
        "running": _("Running"),
        "done": _("Completed"),
        "failed": _("Failed"),
    }.get(status, status)


# The pages of this blueprint.
from matching.review import (  # noqa: E402
    views_fit,  # noqa: F401
    views_review,  # noqa: F401
    views_runs,  # noqa: F401
)
