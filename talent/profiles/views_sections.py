"""The profile's overview and its sections, one form, one update service and one template each; the equity
self-declaration; opting out of automated matching."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from talent.extensions import db
from talent.forms_util import attach_error, choices, status_for
from talent.i18n import current_language
from talent.models import CandidateProfile, Classification, Department, User
from talent.profiles import completeness, experiences, services, user_skills
from talent.profiles._common import bp, candidate_only
from talent.profiles.forms import (
    ConditionsForm,
    EquityForm,
    GovernmentForm,
    LanguagesForm,
    LocationForm,
    MatchingChoiceForm,
    PersonalForm,
)
from talent.security import current_account


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
