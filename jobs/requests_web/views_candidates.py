"""Candidates' referrals: the roles the recruitment team referred them to, the skills of theirs that
matched, and declining a referral (the manager then no longer sees them for it)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from jobs.requests_web._common import bp, candidate_only
from jobs.requests_web.forms import ConfirmForm
from jobs.services import JobsError, requests
from jobs.services.request_views import matched_skills, referral_of
from talent.extensions import db
from talent.security import current_account


@bp.route("/referrals")
@candidate_only
def my_referrals() -> ResponseReturnValue:
    referrals = requests.referrals_of(current_account())
    skills = matched_skills(referrals)
    rows = [(referral, skills[referral.id]) for referral in referrals]
    return render_template("jobs/requests/my_referrals.html", rows=rows)


@bp.route("/referrals/<id:referral_id>/decline", methods=["GET", "POST"])
@candidate_only
def decline(referral_id: int) -> ResponseReturnValue:
    referral = referral_of(current_account(), referral_id)
    if referral is None:
        abort(404)
    if referral.declined_at is not None:
        flash(_("You already declined this referral."), "info")
        return redirect(url_for("jobs_requests.my_referrals"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            requests.decline(current_account(), referral)
        except JobsError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("jobs_requests.my_referrals"))
        db.session.commit()
        flash(
            _("You declined the referral. The hiring manager will no longer see you for this role."),
            "success",
        )
        return redirect(url_for("jobs_requests.my_referrals"))
    return render_template("jobs/requests/decline.html", referral=referral, form=form)
