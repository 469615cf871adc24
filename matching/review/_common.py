"""What the pages of the ``matching_review`` blueprint share: the blueprint object, the role check, the runs'
URL prefix, and finding a request or a run the signed-in user may see. A request, run or candidate someone may
not see is a 404, never a 403, so that ids reveal nothing.

The template helpers (other packages' pages use some) and the list of pages are in ``blueprint.py``; the
pages import this module only.
"""

from __future__ import annotations

from flask import Blueprint, abort

from jobs.models import TalentRequest
from jobs.services import requests
from matching import services
from matching.models import MatchRun
from talent.models import Role
from talent.security import current_account, roles_required

bp = Blueprint("matching_review", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")
staff_only = roles_required(Role.RECRUITER, Role.ADMIN)
RUNS = "/recruit/requests/<id:request_id>/matching"


def request_or_404(request_id: int) -> TalentRequest:
    found = requests.visible(current_account(), request_id)
    if found is None:
        abort(404)
    return found


def run_or_404(talent_request: TalentRequest, run_id: int) -> MatchRun:
    """A run of this request the signed-in user may see, else 404 (a run of another request too)."""
    run = services.visible_run(current_account(), run_id)
    if run is None or run.request_id != talent_request.id:
        abort(404)
    return run
