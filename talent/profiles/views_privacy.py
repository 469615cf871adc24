"""The candidate's privacy rights: exporting their data, deleting their account."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, stream_with_context, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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


def _register_api_tokens(_state: BlueprintSetupState) -> None:
    """API tokens (``talent.auth.tokens``) are personal data: exported without their digest, deleted with
    the account. Declared here, as ``auth`` does not import ``profiles``."""
    from talent.auth import tokens

    privacy.register("api_tokens", export=tokens.export, anonymise=tokens.anonymise, tables=("api_tokens",))


bp.record_once(_register_api_tokens)


@bp.route("/profile/export")
@candidate_only
def export() -> Response:
    """Everything about the signed-in person as one JSON file, streamed as it is read (a long history
    takes no more memory than a short one). Audited first; the export does not list its own event."""
    user = current_account()
    event_id = audit.record("profile.exported", actor=user, target_type="profile", target_id=user.id).id
    filename = f"talent-profile-{user.id}-{date.today().isoformat()}.json"
    db.session.commit()
    chunks = privacy.export_json(privacy.export_sections(user, leave_out_event=event_id))
    return Response(
        stream_with_context(chunks),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Section titles of the readable export, in the page's language (a section a package adds later is
# shown under its own name until it is given one here).
SECTION_TITLES = {
    "account": _l("Account"),
    "profile": _l("Profile"),
    "equity_declaration": _l("Employment equity self-declaration"),
    "work_email": _l("Work e-mail address"),
    "career_interests": _l("Career interests"),
    "skills": _l("Skills"),
    "experiences": _l("Experiences"),
    "applications": _l("Applications"),
    "referrals": _l("Referrals to hiring managers"),
    "talent_requests": _l("Talent requests you made"),
    "nominations": _l("Nominations (talent-management programme)"),
    "match_results": _l("Rankings for talent requests"),
    "match_decisions": _l("Recruitment team decisions"),
    "match_notes": _l("Recruitment team notes about you"),
    "referral_explanations": _l("Why you were referred"),
    "activity": _l("Activity on your account"),
    "emails": _l("E-mails sent to you"),
}
SKIPPED_KEYS = ("format", "exported_at")


@bp.route("/profile/export/page")
@candidate_only
def export_page() -> ResponseReturnValue:
    """The same data as the JSON download, as a page a person can read (every section, every value).
    Audited like the download."""
    user = current_account()
    event_id = audit.record("profile.exported", actor=user, target_type="profile", target_id=user.id).id
    db.session.commit()
    data = privacy.export_data(user, leave_out_event=event_id)
    titled = [k for k in SECTION_TITLES if k in data] + sorted(k for k in data if k not in SECTION_TITLES)
    sections = [
        (key, str(SECTION_TITLES.get(key, key)), data[key]) for key in titled if key not in SKIPPED_KEYS
    ]
    return render_template("profiles/export.html", sections=sections)


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
