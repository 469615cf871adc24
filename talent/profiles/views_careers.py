"""A government employee's pages in the profile: their work e-mail address and its verification by link,
and their career interests with their consent to share the profile with the talent-management programme
(part of the ``profile`` blueprint)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from talent.auth.services import normalise_email
from talent.extensions import db, limiter
from talent.forms_util import attach_error, status_for
from talent.models import CareerInterest, Role
from talent.profiles import careers
from talent.profiles._common import bp, candidate_only
from talent.profiles.forms_careers import ActionForm, CareerInterestsForm, WorkEmailForm
from talent.security import current_account, roles_required

# Verification links a person may have sent per hour, and links sent to one address per hour (whoever
# asks): like password resets, enough for a typo or a lost message, too few to flood an inbox.
LINKS_PER_HOUR = "5 per hour"


def _account_key() -> str:
    return f"work-email-link:{current_account().id}"


def _address_key() -> str:
    return "work-email-address:" + normalise_email(request.form.get("email", ""))[:254]


def _sent(_response: Response) -> bool:
    """Only a link actually sent counts against the limits."""
    return bool(g.get("work_email_link_sent"))


_links_per_account = limiter.shared_limit(
    LINKS_PER_HOUR, scope="work-email-link", key_func=_account_key, methods=["POST"], deduct_when=_sent
)


def _link_sent(address: str) -> None:
    g.work_email_link_sent = True
    hours = current_app.config["EMAIL_CONFIRM_HOURS"]
    flash(
        _(
            "We sent a link to %(address)s. Open it while signed in to verify the address: it works once, "
            "within %(hours)d hours.",
            address=address,
            hours=hours,
        ),
        "success",
    )


def _work_email_page(form: WorkEmailForm) -> ResponseReturnValue:
    user = current_account()
    return render_template(
        "profiles/work_email.html",
        form=form,
        record=careers.work_email(user),
        domains=careers.work_domains(),
        action_form=ActionForm(),
    ), status_for(form)


# Government employees hold candidate accounts (they apply, are nominated) or hiring managers' (they
# nominate colleagues): both may verify a work e-mail address. Career interests live on the profile,
# which only candidates have.
employees_only = roles_required(Role.CANDIDATE, Role.MANAGER)


@bp.route("/profile/work-email", methods=["GET", "POST"])
@employees_only
@_links_per_account
@limiter.limit(LINKS_PER_HOUR, methods=["POST"], key_func=_address_key, deduct_when=_sent)
def work_email() -> ResponseReturnValue:
    """Add or change the work e-mail address; a link that verifies it is e-mailed to it."""
    user = current_account()
    if request.method == "POST":
        form = WorkEmailForm()
    else:
        record = careers.work_email(user)
        form = WorkEmailForm(data={"email": record.email if record else None})
    if form.validate_on_submit():
        try:
            record = careers.set_work_email(user, form.email.data)
        except careers.CareerError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            _link_sent(record.email)
            return redirect(url_for("profile.work_email"))
    return _work_email_page(form)


@bp.route("/profile/work-email/resend", methods=["POST"])
@employees_only
@_links_per_account
def work_email_resend() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    user = current_account()
    try:
        careers.send_verification(user)
    except careers.CareerError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        record = careers.work_email(user)
        _link_sent(record.email if record else "")
    return redirect(url_for("profile.work_email"))


@bp.route("/profile/work-email/remove", methods=["POST"])
@employees_only
def work_email_remove() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    careers.remove_work_email(current_account())
    db.session.commit()
    flash(_("Your work e-mail address was removed."), "success")
    return redirect(url_for("profile.work_email"))


@bp.route("/profile/work-email/verify/<token>", methods=["GET", "POST"])
@employees_only
@limiter.limit("20 per hour", methods=["POST"])
def work_email_verify(token: str) -> ResponseReturnValue:
    """The link of the e-mail. Opening it changes nothing; the button verifies the address, for the person
    signed in, if the link is theirs and still good (otherwise the page says why)."""
    user = current_account()
    try:
        record = careers.check_link(user, token)
    except careers.WorkEmailLinkError as exc:
        return render_template("profiles/work_email_link.html", message=exc.message), exc.status
    form = ActionForm()
    if form.validate_on_submit():
        try:
            careers.verify_work_email(user, token)
        except careers.CareerError as exc:
            db.session.rollback()
            status = exc.status if isinstance(exc, careers.WorkEmailLinkError) else 409
            return render_template("profiles/work_email_link.html", message=exc.message), status
        db.session.commit()
        flash(_("Your work e-mail address is verified."), "success")
        return redirect(url_for("profile.work_email"))
    return render_template("profiles/work_email_verify.html", form=form, record=record)


def _interests_data(record: CareerInterest | None) -> dict[str, Any]:
    if record is None:
        return {}
    return {
        "wants_advancement": record.wants_advancement,
        "advancement_timeframe": record.advancement_timeframe,
        "wants_lateral": record.wants_lateral,
        "lateral_moves": record.lateral_moves,
        "development_programmes": record.development_programmes,
        "mentoring": record.mentoring,
        "consent": record.consents,
    }


@bp.route("/profile/career-interests", methods=["GET", "POST"])
@candidate_only
def career_interests() -> ResponseReturnValue:
    """Career interests, consent to share the profile with the programme, and the current position."""
    user = current_account()
    if request.method == "POST":
        form = CareerInterestsForm()
    else:
        form = CareerInterestsForm(data=_interests_data(careers.career_interests(user)))
    if form.validate_on_submit():
        before = careers.career_interests(user)
        consented = before is not None and before.consents
        try:
            record = careers.save_career_interests(
                user,
                wants_advancement=bool(form.wants_advancement.data),
                advancement_timeframe=form.advancement_timeframe.data,
                wants_lateral=bool(form.wants_lateral.data),
                lateral_moves=form.lateral_moves.data,
                development_programmes=form.development_programmes.data,
                mentoring=form.mentoring.data,
                consent=bool(form.consent.data),
            )
        except careers.CareerError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your career interests were saved."), "success")
            if record.consents and not consented:
                flash(_("You consent to share your profile with the talent-management programme."), "info")
            elif consented and not record.consents:
                flash(
                    _(
                        "You withdrew your consent: the talent-management programme no longer sees "
                        "your profile."
                    ),
                    "info",
                )
            return redirect(url_for("profile.career_interests"))
    return render_template(
        "profiles/career_interests.html",
        form=form,
        record=careers.career_interests(user),
        position=careers.current_position(user.id),
        address=careers.work_email(user),
    ), status_for(form)
