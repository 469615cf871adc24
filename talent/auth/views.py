"""Account pages."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from talent import audit
from talent.auth import services
from talent.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from talent.extensions import db, limiter
from talent.forms_util import attach_error, status_for
from talent.i18n import current_language as _current_lang
from talent.models import Role
from talent.security import current_account

bp = Blueprint("auth", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))[:254]


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect to another host after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = _current_lang()
    if form.validate_on_submit():
        try:
            user = services.register(
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
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/register.html", form=form), status_for(form)


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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_email_key)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        db.session.commit()  # the audit entry is kept either way
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("main.dashboard"))
        form.form_errors.append(_("The e-mail address or password is not correct."))
        status = 422
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
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data or "", services.reset_link)
        db.session.commit()
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
        return render_template("auth/reset_invalid.html"), 410
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
