"""Candidate profile pages: an overview and one page per section; privacy (export, delete); and the
recruitment team's read-only view of a candidate, where every view is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import logout_user
from sqlalchemy import select

from talent import audit, vocab
from talent.extensions import db
from talent.forms_util import attach_error, choices, status_for
from talent.i18n import current_language
from talent.models import CandidateProfile, Classification, Department, Role, User
from talent.passwords import verify_password
from talent.profiles import completeness, experiences, privacy, services, user_skills
from talent.profiles.forms import (
    ConditionsForm,
    DeleteAccountForm,
    EquityForm,
    GovernmentForm,
    LanguagesForm,
    LocationForm,
    MatchingChoiceForm,
    PersonalForm,
)
from talent.security import current_account, roles_required

bp = Blueprint("profile", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")
candidate_only = roles_required(Role.CANDIDATE)


@bp.route("/profile")
@candidate_only
def overview() -> ResponseReturnValue:
    user = current_account()
    profile = services.get_profile(user)
    db.session.commit()
    return render_template(
        "profiles/overview.html",
        profile=profile,
        user=user,
        missing=completeness.missing(user, profile),
        percent=completeness.percent_complete(user, profile),
        skills=user_skills.skills_of(user),
        experiences=experiences.experiences_of(user),
        demonstrated=experiences.skills_demonstrated(user),
        equity=services.get_equity(user),
        matching_form=MatchingChoiceForm(),
    )


# --- Sections: one form, one update service, one template each ----------------------------------------------


def _initial(name: str, user: User, profile: CandidateProfile) -> dict[str, Any]:
    if name == "personal":
        data = {
            f: getattr(profile, f)
            for f in (
                "telephone",
                "current_province",
                "current_city",
                "citizenship",
                "armed_forces_status",
                "preferred_language",
                "interview_language",
                "exam_language",
            )
        }
        return {**data, "first_name": user.first_name, "last_name": user.last_name}
    if name == "languages":
        interests = [
            code
            for code, flag in (
                ("english", profile.looking_for_english),
                ("french", profile.looking_for_french),
                ("bilingual", profile.looking_for_bilingual),
            )
            if flag
        ]
        yes_no = {None: None, True: "yes", False: "no"}
        return {
            "interests": interests,
            "second_language_exam_completed": yes_no[profile.second_language_exam_completed],
            "second_language_exam_valid": yes_no[profile.second_language_exam_valid],
            "comprehension_level": profile.comprehension_level,
            "written_level": profile.written_level,
            "verbal_level": profile.verbal_level,
            "estimated_language_ability": profile.estimated_language_ability,
        }
    if name == "location":
        return {
            "work_regions": profile.work_regions,
            "work_arrangements": profile.work_arrangements,
            "location_exemptions": profile.location_exemptions,
        }
    if name == "conditions":
        return {
            "accepted_operational_requirements": profile.accepted_operational_requirements,
            "position_durations": profile.position_durations,
        }
    yes_no = {None: None, True: "yes", False: "no"}
    return {
        "is_gov_employee": yes_no[profile.is_gov_employee],
        "gov_employee_type": profile.gov_employee_type,
        "classification_id": str(profile.classification_id or ""),
        "department_id": str(profile.department_id or ""),
        "has_priority_entitlement": yes_no[profile.has_priority_entitlement],
        "priority_number": profile.priority_number,
    }


def _government_choices(form: GovernmentForm) -> None:
    lang = current_language()
    classifications = db.session.scalars(
        select(Classification).order_by(Classification.group, Classification.level)
    )
    departments = db.session.scalars(
        select(Department).order_by(Department.name_fr if lang == "fr" else Department.name_en)
    )
    form.classification_id.choices = choices(
        ("", _("Choose one")), *[(str(c.id), f"{c.code} – {c.name(lang)}") for c in classifications]
    )
    form.department_id.choices = choices(
        ("", _("Choose one")), *[(str(d.id), d.name(lang)) for d in departments]
    )


SECTIONS: dict[str, tuple[type[Any], Callable[..., None]]] = {
    "personal": (PersonalForm, services.update_personal),
    "languages": (LanguagesForm, services.update_languages),
    "location": (LocationForm, services.update_location),
    "conditions": (ConditionsForm, services.update_conditions),
    "government": (GovernmentForm, services.update_government),
}


def _section(name: str) -> ResponseReturnValue:
    user = current_account()
    profile = services.get_profile(user)
    form_class, update = SECTIONS[name]
    form = form_class() if request.method == "POST" else form_class(data=_initial(name, user, profile))
    if isinstance(form, GovernmentForm):
        _government_choices(form)
    if form.validate_on_submit():
        try:
            update(user, profile, form.data)
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("profile.overview"))
    db.session.commit()  # a profile created on first visit
    return render_template(f"profiles/{name}.html", form=form, profile=profile), status_for(form)


@bp.route("/profile/personal", methods=["GET", "POST"])
@candidate_only
def personal() -> ResponseReturnValue:
    return _section("personal")


@bp.route("/profile/languages", methods=["GET", "POST"])
@candidate_only
def languages() -> ResponseReturnValue:
    return _section("languages")


@bp.route("/profile/location", methods=["GET", "POST"])
@candidate_only
def location() -> ResponseReturnValue:
    return _section("location")


@bp.route("/profile/conditions", methods=["GET", "POST"])
@candidate_only
def conditions() -> ResponseReturnValue:
    return _section("conditions")


@bp.route("/profile/government", methods=["GET", "POST"])
@candidate_only
def government() -> ResponseReturnValue:
    return _section("government")


@bp.route("/profile/equity", methods=["GET", "POST"])
@candidate_only
def equity() -> ResponseReturnValue:
    user = current_account()
    declaration = services.get_equity(user)
    if request.method == "POST":
        form = EquityForm()
    else:
        form = EquityForm(
            data={
                "consent": declaration is not None,
                "groups": declaration.groups if declaration else [],
                "communities": declaration.indigenous_communities if declaration else [],
            }
        )
    if form.validate_on_submit():
        if request.form.get("action") == "withdraw":
            services.withdraw_equity(user)
            db.session.commit()
            flash(_("Your self-declaration was removed."), "success")
            return redirect(url_for("profile.overview"))
        try:
            services.save_equity(
                user, bool(form.consent.data), form.groups.data or [], form.communities.data or []
            )
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your self-declaration was saved."), "success")
            return redirect(url_for("profile.overview"))
    return render_template("profiles/equity.html", form=form, declaration=declaration), status_for(form)


@bp.route("/profile/matching", methods=["POST"])
@candidate_only
def matching_choice() -> ResponseReturnValue:
    form = MatchingChoiceForm()
    if not form.validate_on_submit() or form.choice.data not in ("in", "out"):
        abort(400)
    user = current_account()
    services.set_matching_opt_out(user, services.get_profile(user), form.choice.data == "out")
    db.session.commit()
    if form.choice.data == "out":
        flash(
            _("You opted out of automated matching: you will not be ranked for managers' requests."),
            "success",
        )
    else:
        flash(_("You are included in automated matching again."), "success")
    return redirect(url_for("profile.overview"))


# --- Privacy ------------------------------------------------------------------------------------------------


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


# --- The recruitment team's view --------------------------------------------------------------------------


@bp.route("/candidates/<int:user_id>")
@roles_required(Role.CANDIDATE, Role.MANAGER, Role.RECRUITER, Role.ADMIN)
def candidate(user_id: int) -> ResponseReturnValue:
    """A candidate's profile, read-only, for recruiters and admins. Anyone else gets a 404 and the
    attempt is audited; every view is audited."""
    viewer = current_account()
    target = db.session.get(User, user_id)
    if not viewer.is_recruiter or target is None or target.role != Role.CANDIDATE or target.deleted_at:
        audit.record("profile.view_denied", actor=viewer, target_type="profile", target_id=user_id)
        db.session.commit()
        abort(404)
    profile = services.get_profile(target)
    audit.record("profile.viewed", actor=viewer, target_type="profile", target_id=target.id)
    db.session.commit()
    return render_template(
        "profiles/candidate.html",
        target=target,
        profile=profile,
        missing=completeness.missing(target, profile),
        skills=user_skills.skills_of(target),
        experiences=experiences.experiences_of(target),
        demonstrated=experiences.skills_demonstrated(target),
    )


@bp.app_context_processor
def profile_helpers() -> dict[str, Any]:
    return {"vocab": vocab, "vocab_label": vocab.label}


from talent.profiles import views_skills  # noqa: E402, F401 - the skills and experiences pages of this blueprint
