"""What the pages of the ``jobs_recruit`` blueprint share: the blueprint object itself, the role check, and
looking up a process or an application the signed-in recruiter may act on. Anything else is a 404, never a
403, so that ids reveal nothing.

The blueprint's template helpers and the list of its pages are in ``blueprint.py``; the pages import this
module only.
"""

from __future__ import annotations

from flask import Blueprint, abort

from jobs.models import Application, Process
from jobs.services import applications, processes
from talent.extensions import db
from talent.models import Role
from talent.security import current_account, roles_required

bp = Blueprint("jobs_recruit", __name__, url_prefix="/<lang:lang_code>/recruit", template_folder="templates")
staff_only = roles_required(Role.RECRUITER, Role.ADMIN)

PAGE_SIZE = 50


def process_or_404(process_id: int) -> Process:
    """A process the signed-in recruiter runs (admins: any), else 404."""
    process = db.session.get(Process, process_id)
    if process is None or not processes.runs(current_account(), process):
        abort(404)
    return process


def application_or_404(application_id: int) -> Application:
    """A submitted application of a process the signed-in recruiter runs, else 404 (drafts included)."""
    application = applications.visible_to_staff(current_account(), application_id)
    if application is None:
        abort(404)
    return application
