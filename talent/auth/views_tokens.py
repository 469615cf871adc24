"""API token pages (issue 17): the person's tokens, making one (its secret shown once) and revoking one.
Staff make one only after a recent second factor (``API_TOKEN_MFA_MINUTES``); the rules are in
``talent.auth.tokens``."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from talent.auth import tokens
from talent.auth._common import bp, second_factor_recent
from talent.auth.forms import ConfirmForm, TokenForm
from talent.auth.services import AccountError
from talent.extensions import db
from talent.forms_util import attach_error, status_for
from talent.models import User
from talent.models._types import utcnow
from talent.security import current_account


def _page(user: User, form: TokenForm, secret: str | None = None) -> ResponseReturnValue:
    page = render_template(
        "auth/tokens.html",
        user=user,
        form=form,
        tokens=tokens.tokens_of(user),
        secret=secret,
        scopes=tokens.SCOPES,
        revoke_form=ConfirmForm(),
        max_days=current_app.config["API_TOKEN_MAX_DAYS"],
        latest=tokens.latest_expiry(),
        now=utcnow(),
    )
    return page, status_for(form)


def _needs_second_factor(user: User) -> Response | None:
    """Staff without a recent second factor are sent to give one (then back here); nothing is made."""
    if not user.mfa_required or second_factor_recent():
        return None
    target = url_for("auth.tokens_page")
    if not user.mfa_enabled:
        flash(_("Turn on two-factor sign-in before making an API token."), "info")
        return redirect(url_for("auth.two_factor"))
    flash(_("For your security, confirm it's you with your code before making an API token."), "info")
    return redirect(url_for("auth.reauthenticate", next=target))


@bp.route("/account/tokens", methods=["GET"])
@login_required
def tokens_page() -> ResponseReturnValue:
    return _page(current_account(), TokenForm(formdata=None))


@bp.route("/account/tokens", methods=["POST"])
@login_required
def tokens_create() -> ResponseReturnValue:
    user = current_account()
    refused = _needs_second_factor(user)
    if refused is not None:
        return refused
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, secret = tokens.create(
                user, form.name.data or "", form.scopes.data or [], form.expires_on.data
            )
        except AccountError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Token made. Copy it now: it is not shown again."), "success")
            return _page(user, TokenForm(formdata=None), secret=secret)
    return _page(user, form)


@bp.route("/account/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def tokens_revoke(token_id: int) -> Response:
    user = current_account()
    token = tokens.owned_token(user, token_id)
    if token is None:
        raise NotFound()
    if ConfirmForm().validate_on_submit():
        tokens.revoke(user, token)
        db.session.commit()
        flash(_("Token revoked: it no longer works."), "success")
    return redirect(url_for("auth.tokens_page"))
