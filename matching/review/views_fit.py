"""How a referred candidate fits a request, in plain words: for the request's manager (and the recruitment
team), and for the candidate about their own referral (with how to add what was missing). The explanation
the referral was made on, else the latest finished run's, else the person's profile against the request
(``explain.explanation_for``): for that one person, with no score, no points, no other candidate, no
equity data."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from jobs.services import requests
from jobs.services.request_views import referral_of
from matching.review import explain
from matching.review._common import bp, request_or_404
from talent import audit
from talent.extensions import db
from talent.models import Role
from talent.security import current_account, roles_required


@bp.route("/talent-requests/<id:request_id>/candidates/<id:user_id>/fit")
@roles_required(Role.MANAGER, Role.RECRUITER, Role.ADMIN)
def manager_fit(request_id: int, user_id: int) -> ResponseReturnValue:
    """A referred candidate's fit, for whoever may see the request (its manager, the recruitment team).
    Only candidates referred to it (and who did not decline) exist here. With ``HX-Request`` only the
    fragment is returned, for a page that loads it in place."""
    talent_request = request_or_404(request_id)
    referral = next((r for r in requests.referrals_for_manager(talent_request) if r.user_id == user_id), None)
    if referral is None:
        abort(404)
    explanation = explain.explanation_for(talent_request.id, user_id)
    audit.record(
        "match.explanation_viewed",
        actor=current_account(),
        target_type="profile",
        target_id=user_id,
        request=talent_request.id,
    )
    db.session.commit()
    template = (
        "matching/_fit_explanation.html" if request.headers.get("HX-Request") else "matching/manager_fit.html"
    )
    return render_template(
        template, talent_request=talent_request, referral=referral, explanation=explanation
    )


@bp.route("/referrals/<id:referral_id>/fit")
@roles_required(Role.CANDIDATE)
def candidate_fit(referral_id: int) -> ResponseReturnValue:
    """Which of the candidate's own skills made them match the role they were referred to."""
    referral = referral_of(current_account(), referral_id)
    if referral is None:
        abort(404)
    explanation = explain.explanation_for(referral.request_id, referral.user_id)
    return render_template("matching/candidate_fit.html", referral=referral, explanation=explanation)
