"""What the pages of the ``profile`` blueprint share: the blueprint object and the role check. The template
helpers and the list of pages are in ``blueprint.py``; the pages import this module only."""

from __future__ import annotations

from flask import Blueprint

from talent.models import Role
from talent.security import roles_required

bp = Blueprint("profile", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")
candidate_only = roles_required(Role.CANDIDATE)
