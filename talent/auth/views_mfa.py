"""Second factor pages: the code asked at sign-in, setting up and managing two-factor sign-in, and
proving it's you again before sensitive changes."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from talent import audit
from talent.auth import mfa, services
from talent.auth._common import (
    AUTH_AT,
    MFA_AT,
    PENDING,
    PENDING_SECONDS,
    bp,
    fresh_auth_required,
    safe_next,
    sign_in,
)
from talent.auth.forms import CodeForm, ConfirmForm, EnableTwoFactorForm, ReauthenticateForm
from talent.extensions import db, limiter
from talent.forms_util import attach_error, status_for
from talent.models import User
from talent.passwords import verify_password
from talent.security import current_account

MAX_TRIES = 5
SETUP_SECRET = "mfa_setup_secret"  # noqa: S105 - a session key, not a secret


def _pending_user() -> tuple[User | None, dict[str, object]]:
    """The account waiting for its second factor, if the wait is recent and the account unchanged."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None, {}
    at = pending.get("at")
    if not isinstance(at, int | float) or time.time() - at > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None, {}
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.active or user.session_version != pending.get("version"):
        session.pop(PENDING, None)
        return None, {}
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"])
def login_code() -> ResponseReturnValue:
    user, pending = _pending_user()
    if user is None:
        flash(_("Sign in again: the time to enter your code ran out."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        factor = mfa.verify(user, form.code.data or "")
        if factor is not None:
            left = mfa.recovery_codes_left(user)
            sign_in(user, factor)
            if factor == "recovery":
                flash(
                    _(
                        "You signed in with a recovery code. %(left)d codes are left: "
                        "make new ones if you lost your app.",
                        left=left,
                    ),
                    "info",
                )
            target = safe_next(str(pending.get("next") or "")) or url_for("main.dashboard")
            return redirect(target)
        tries = int(str(pending.get("tries") or 0)) + 1
        audit.record("auth.mfa_failed", actor=None, target_type="user", target_id=user.id, tries=tries)
        db.session.commit()
        if tries >= MAX_TRIES:
            session.pop(PENDING, None)
            flash(_("Too many wrong codes. Sign in again."), "error")
            return redirect(url_for("auth.login"))
        session[PENDING] = {**pending, "tries": tries}
        form.code.errors = [_("This code is not correct, or was already used.")]
    return render_template("auth/login_code.html", form=form), status_for(form)


@bp.route("/account/two-factor", methods=["GET"])
@login_required
@fresh_auth_required
def two_factor() -> ResponseReturnValue:
    user = current_account()
    if user.mfa_enabled:
        return render_template(
            "auth/two_factor.html",
            user=user,
            left=mfa.recovery_codes_left(user),
            form=ConfirmForm(),
        )
    return _setup_page(user, EnableTwoFactorForm())


def _setup_page(user: User, form: EnableTwoFactorForm) -> ResponseReturnValue:
    secret = session.get(SETUP_SECRET)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = mfa.new_secret()
        session[SETUP_SECRET] = secret
    uri = mfa.provisioning_uri(user, secret)
    return (
        render_template(
            "auth/two_factor_setup.html",
            user=user,
            form=form,
            qr=mfa.qr_svg(uri),
            secret=mfa.grouped(secret),
        ),
        status_for(form),
    )


@bp.route("/account/two-factor", methods=["POST"])
@login_required
@fresh_auth_required
def two_factor_enable() -> ResponseReturnValue:
    user = current_account()
    if user.mfa_enabled:
        return redirect(url_for("auth.two_factor"))
    form = EnableTwoFactorForm()
    secret = session.get(SETUP_SECRET)
    if not isinstance(secret, str):
        form.validate_on_submit()
        form.code.errors = [_("Start again: add the account to your app with the code below.")]
    elif form.validate_on_submit():
        try:
            codes = mfa.enable(user, secret, form.code.data or "")
        except services.AccountError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            session.pop(SETUP_SECRET, None)
            session[MFA_AT] = time.time()
            flash(_("Two-factor sign-in is on."), "success")
            return render_template("auth/recovery_codes.html", codes=codes)
    return _setup_page(user, form)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
@fresh_auth_required
def two_factor_codes() -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("auth.two_factor"))
    try:
        codes = mfa.regenerate_recovery_codes(current_account())
    except services.AccountError as exc:
        flash(exc.message, "error")
        return redirect(url_for("auth.two_factor"))
    db.session.commit()
    flash(_("New recovery codes made. The old ones no longer work."), "success")
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.route("/account/two-factor/off", methods=["POST"])
@login_required
@fresh_auth_required
def two_factor_disable() -> Response:
    user = current_account()
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            mfa.disable(user, user)
        except services.AccountError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Two-factor sign-in is off."), "success")
    return redirect(url_for("auth.two_factor"))


def _refused(response: Response) -> bool:
    return response.status_code == 422


def _reauth_key() -> str:
    return f"reauth:{current_account().id}"


@bp.route("/account/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=_reauth_key, deduct_when=_refused)
def reauthenticate() -> ResponseReturnValue:
    user = current_account()
    form = ReauthenticateForm()
    target = safe_next(request.args.get("next")) or url_for("main.dashboard")
    if form.validate_on_submit():
        ok = verify_password(user.password_hash, form.password.data or "")
        if ok and user.mfa_enabled:
            ok = mfa.verify(user, form.code.data or "") is not None
        if ok:
            session[AUTH_AT] = time.time()
            if user.mfa_enabled:
                session[MFA_AT] = session[AUTH_AT]
            audit.record("auth.reauthenticated", actor=user, target_type="user", target_id=user.id)
            db.session.commit()
            return redirect(target)
        audit.record("auth.reauth_failed", actor=user, target_type="user", target_id=user.id)
        db.session.commit()
        wrong = (
            _("The password or code is not correct.")
            if user.mfa_enabled
            else _("The password is not correct.")
        )
        form.form_errors.append(wrong)
    minutes = current_app.config["REAUTH_MINUTES"]
    page = render_template("auth/reauthenticate.html", form=form, user=user, minutes=minutes)
    return page, status_for(form)
