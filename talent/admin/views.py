"""Administration pages: users, roles and the audit log (administrators only)."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from talent.admin.forms import ActiveForm, AuditSearchForm, CreateStaffForm, RoleForm, UserSearchForm
from talent.auth import mfa
from talent.auth import services as accounts
from talent.auth._common import fresh_auth_required
from talent.auth.forms import ConfirmForm
from talent.extensions import db
from talent.forms_util import attach_error, page_arg, status_for
from talent.models import AuditEvent, Role, User
from talent.security import current_account, roles_required

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang_code>/admin", template_folder="templates")

PAGE_SIZE = 50


@bp.route("/users")
@roles_required(Role.ADMIN)
def users() -> str:
    form = UserSearchForm(request.args)
    stmt = select(User).order_by(User.created_at.desc(), User.id.desc())
    if form.validate():
        if form.q.data:
            like = f"%{form.q.data.strip().lower()}%"
            stmt = stmt.where(
                or_(
                    func.lower(User.email).like(like),
                    func.lower(User.first_name + " " + User.last_name).like(like),
                )
            )
        if form.role.data:
            stmt = stmt.where(User.role == Role(form.role.data))
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", form=form, pagination=pagination)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user() -> ResponseReturnValue:
    form = CreateStaffForm()
    if form.validate_on_submit():
        try:
            # An unusable random password: the person sets their own through the e-mailed link.
            user = accounts.create_user(
                form.email.data or "",
                secrets.token_urlsafe(48),
                Role(form.role.data),
                first_name=form.first_name.data or "",
                last_name=form.last_name.data or "",
                locale=form.locale.data or "en",
                actor=current_account(),
            )
            accounts.request_password_reset(user.email, accounts.reset_link)
        except accounts.AccountError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(
                _("Account created. %(email)s was sent a link to choose a password.", email=user.email),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/create_user.html", form=form), status_for(form)


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<id:user_id>", methods=["GET"])
@roles_required(Role.ADMIN)
def user(user_id: int) -> str:
    target = _get_user(user_id)
    role_form = RoleForm(role=target.role.value)
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id == target.id,
                (AuditEvent.target_type == "user") & (AuditEvent.target_id == str(target.id)),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(20)
    ).all()
    return render_template(
        "admin/user.html", target=target, role_form=role_form, active_form=ActiveForm(), events=events
    )


@bp.route("/users/<id:user_id>/role", methods=["POST"])
@roles_required(Role.ADMIN)
@fresh_auth_required
def change_role(user_id: int) -> ResponseReturnValue:
    target = _get_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            accounts.set_role(target, Role(form.role.data), current_account())
        except accounts.AccountError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Role changed."), "success")
    else:
        flash(_("Choose a role from the list."), "error")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/users/<id:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
@fresh_auth_required
def change_active(user_id: int) -> Response:
    target = _get_user(user_id)
    form = ActiveForm()
    if form.validate_on_submit() and form.active.data in ("0", "1"):
        try:
            accounts.set_active(target, form.active.data == "1", current_account())
        except accounts.AccountError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Account activated.") if target.active else _("Account deactivated."), "success")
    else:
        abort(400)
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/users/<id:user_id>/two-factor/reset", methods=["POST"])
@roles_required(Role.ADMIN)
@fresh_auth_required
def reset_two_factor(user_id: int) -> Response:
    """For someone who lost their phone and their recovery codes: they set it up again at next sign-in."""
    target = _get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        mfa.disable(target, current_account())
    except accounts.AccountError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Two-factor sign-in was reset. They set it up again when they next sign in."), "success")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/audit")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    form = AuditSearchForm(request.args)
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if form.validate():
        if form.action.data:
            stmt = stmt.where(AuditEvent.action.startswith(form.action.data.strip()))
        if form.actor.data:
            stmt = stmt.where(func.lower(AuditEvent.actor_label) == form.actor.data.strip().lower())
        if form.target_type.data:
            stmt = stmt.where(AuditEvent.target_type == form.target_type.data.strip())
        if form.target_id.data:
            stmt = stmt.where(AuditEvent.target_id == form.target_id.data.strip())
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/audit.html", form=form, pagination=pagination)
