"""The recruitment team's read-only view of a candidate's profile, where every view is audited."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from talent import audit
from talent.extensions import db
from talent.models import Role, User
from talent.profiles import completeness, experiences, services, user_skills
from talent.profiles._common import bp
from talent.security import current_account, roles_required


@bp.route("/candidates/<id:user_id>")
@roles_required(Role.CANDIDATE, Role.MANAGER, Role.RECRUITER, Role.COORDINATOR, Role.ADMIN)
def candidate(user_id: int) -> ResponseReturnValue:
    """A candidate's profile, read-only, for recruiters and admins. Anyone else gets a 404 and the
    attempt is audited; every view is audited."""
    viewer = current_account()
    target = db.session.get(User, user_id)
    if not viewer.is_recruiter or target is None or target.role != Role.CANDIDATE or target.deleted_at:
        audit.record("profile.view_denied", actor=viewer, target_type="profile", target_id=user_id)
        db.session.commit()
        abort(404)
    profile = services.get_profile(target)
    audit.record("profile.viewed", actor=viewer, target_type="profile", target_id=target.id)
    db.session.commit()
    return render_template(
        "profiles/candidate.html",
        target=target,
        profile=profile,
        missing=completeness.missing(target, profile),
        skills=user_skills.skills_of(target),
        experiences=experiences.experiences_of(target),
        demonstrated=experiences.skills_demonstrated(target),
    )
