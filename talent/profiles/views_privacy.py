"""The candidate's privacy rights: exporting their data, deleting their account."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import logout_user

from talent import audit
from talent.extensions import db
from talent.forms_util import status_for
from talent.passwords import verify_password
from talent.profiles import privacy
from talent.profiles._common import bp, candidate_only
from talent.profiles.forms import (
    DeleteAccountForm,
)
from talent.security import current_account


@bp.route("/profile/export")
@candidate_only
def export() -> Response:
    user = current_account()
    data = privacy.export_data(user)
    audit.record("profile.exported", actor=user, target_type="profile", target_id=user.id)
    db.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    filename = f"talent-profile-{user.id}-{date.today().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/profile/delete", methods=["GET", "POST"])
@candidate_only
def delete_account() -> ResponseReturnValue:
    user = current_account()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not form.confirm.data:
            form.confirm.errors = [_("Tick the box to confirm.")]
        elif not verify_password(user.password_hash, form.password.data or ""):
            form.password.errors = [_("Your password is not correct.")]
        else:
            privacy.delete_account(user)
            db.session.commit()
            logout_user()
            flash(_("Your account and profile were deleted."), "success")
            return redirect(url_for("main.home"))
    return render_template("profiles/delete.html", form=form), status_for(form)
