"""Account pages: sign-in with a password, registration and its confirmation, password changes."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from talent import audit
from talent.auth import services
from talent.auth._common import PENDING, bp, even_out, safe_next, sign_in
from talent.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from talent.extensions import client_address, db, limiter
from talent.forms_util import attach_error, status_for
from talent.i18n import current_language as _current_lang
from talent.models import Role, TokenPurpose
from talent.security import current_account


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _pair_limit() -> str:
    return str(current_app.config["LOGIN_PAIR_RATE_LIMIT"])


def _email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))[:254]


def _pair_key() -> str:
    """One account from one address: the unit sign-in failures are counted in."""
    return f"login-pair:{services.normalise_email(request.form.get('email', ''))[:254]}|{client_address()}"


def _failed(response: Response) -> bool:
    """Only refused sign-ins count against the limits: people who sign in fine are never slowed."""
    return response.status_code == 422


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    """The same answer, in the same time, whether or not the address has an account: the e-mail says
    which (a link to confirm a new account, or a note to the owner of an existing one)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    started = time.monotonic()
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = _current_lang()
    if form.validate_on_submit():
        try:
            services.register(
                form.email.data or "",
                form.password.data or "",
                Role(form.role.data),
                first_name=form.first_name.data or "",
                last_name=form.last_name.data or "",
                locale=form.locale.data or "en",
            )
        except services.AccountError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            even_out(started)
            email = services.normalise_email(form.email.data or "")
            return render_template("auth/check_email.html", email=email)
    return render_template("auth/register.html", form=form), status_for(form)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def confirm_email(token: str) -> ResponseReturnValue:
    """The link from the registration e-mail. Opening it changes nothing (mail scanners open links);
    the button on the page confirms the address and signs the person in."""
    if services.token_user(token, TokenPurpose.CONFIRM) is None:
        return render_template("auth/link_invalid.html", confirm=True), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        user = services.confirm_email(token)
        db.session.commit()
        flash(_("Your e-mail address is confirmed. Welcome!"), "success")
        if current_user.is_authenticated:  # someone else's session is never swapped for this account
            return redirect(url_for("main.dashboard"))
        if user.mfa_enabled or not user.active:
            return redirect(url_for("auth.login"))
        sign_in(user, "email")
        return redirect(url_for("main.dashboard"))
    return render_template("auth/confirm_email.html", form=form)


@bp.before_app_request
def sign_out_idle_staff() -> ResponseReturnValue | None:
    """Recruiters and admins hold everyone's data: after ``STAFF_IDLE_MINUTES`` without a request they
    are signed out and sent to sign in again (then back where they were). Every request restarts the
    clock; candidates and managers keep their session for its whole lifetime."""
    if not current_user.is_authenticated or not current_user.is_recruiter:
        return None  # only staff sessions carry the clock (no cookie rewritten for everyone else)
    if (request.endpoint or "").endswith("static"):
        return None
    now = time.time()
    seen = session.get("seen_at")
    session["seen_at"] = now
    if not isinstance(seen, int | float):
        return None
    if now - seen <= current_app.config["STAFF_IDLE_MINUTES"] * 60:
        return None
    user = current_account()
    audit.record("auth.idle_signed_out", actor=user, target_type="user", target_id=user.id)
    db.session.commit()
    logout_user()
    session.pop("seen_at", None)
    minutes = current_app.config["STAFF_IDLE_MINUTES"]
    flash(_("You were signed out after %(minutes)d minutes without activity.", minutes=minutes), "info")
    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))


@bp.before_app_request
def require_second_factor() -> ResponseReturnValue | None:
    """Recruiters and admins without two-factor sign-in set it up before anything else."""
    if not current_user.is_authenticated or not current_user.mfa_required or current_user.mfa_enabled:
        return None
    endpoint = request.endpoint or ""
    if endpoint.endswith("static") or endpoint in _OPEN_BEFORE_SETUP:
        return None
    if request.method == "GET":
        flash(_("Your role requires two-factor sign-in. Set it up to continue."), "info")
    return redirect(url_for("auth.two_factor", lang_code=_current_lang()))


_OPEN_BEFORE_SETUP = {"auth.two_factor", "auth.two_factor_enable", "auth.logout", "auth.reauthenticate"}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_pair_limit, methods=["POST"], key_func=_pair_key, deduct_when=_failed)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        target = safe_next(request.args.get("next"))
        if user is None:
            db.session.commit()  # the audit entry (and the owner's notice) are kept
            form.form_errors.append(_("The e-mail address or password is not correct."))
            status = 422
        elif user.email_verified_at is None:
            services.send_confirmation(user)
            db.session.commit()
            form.form_errors.append(
                _("Confirm your e-mail address first: we sent you a new link. Open it, then sign in.")
            )
            status = 422
        elif user.mfa_enabled:
            db.session.commit()
            session[PENDING] = {
                "user": user.id,
                "version": user.session_version,
                "at": time.time(),
                "tries": 0,
                "next": target,
            }
            return redirect(url_for("auth.login_code"))
        else:
            sign_in(user, None)
            return redirect(target or url_for("main.dashboard"))
    elif form.errors:
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    services.end_sessions(current_account(), "auth.logout")
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_account()
        try:
            services.change_password(user, form.current_password.data or "", form.new_password.data or "")
        except services.AccountError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            login_user(user)  # this session continues with the new version; every other one ends
            flash(_("Your password was changed. You were signed out everywhere else."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form), status_for(form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_email_key)
@limiter.limit("20 per hour", methods=["POST"])
def forgot_password() -> ResponseReturnValue:
    started = time.monotonic()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "", services.reset_link, locale=_current_lang())
        db.session.commit()
        even_out(started)
        flash(
            _(
                "If an account uses this address, we sent it a link to choose a new password. "
                "The link works once, for a limited time."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), status_for(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    if services.token_user(token) is None:
        return render_template("auth/link_invalid.html", confirm=False), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data or "")
        except services.AccountError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            logout_user()
            flash(_("Your password was changed. Sign in with your new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), status_for(form)
