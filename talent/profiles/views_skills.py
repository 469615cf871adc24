"""Profile pages for skills and experiences (part of the ``profile`` blueprint)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from talent import vocab
from talent.extensions import db
from talent.forms_util import attach_error, choices, status_for
from talent.i18n import current_language
from talent.models import Experience, Skill, User
from talent.profiles import experiences, services, user_skills
from talent.profiles._common import bp, candidate_only
from talent.profiles.forms import (
    ExperienceForm,
    JustificationForm,
    SkillLinkForm,
    SkillSearchForm,
    TopSkillsForm,
    UserSkillForm,
)
from talent.security import current_account


def _search(query: str, locale: str) -> list[Skill]:
    from talent.skills.services import search

    return list(search(query, locale, limit=20))


@bp.route("/profile/skills")
@candidate_only
def skills() -> ResponseReturnValue:
    user = current_account()
    search_form = SkillSearchForm(request.args)
    results: list[Skill] = []
    if search_form.validate() and search_form.q.data and search_form.q.data.strip():
        results = _search(search_form.q.data, current_language())
    rows = user_skills.skills_of(user)
    top_form = _top_form(user, rows)
    owned = {row.skill_id for row in rows}
    return render_template(
        "profiles/skills.html",
        rows=rows,
        search_form=search_form,
        results=results,
        owned=owned,
        top_form=top_form,
        demonstrated=experiences.skills_demonstrated(user),
    )


def _top_form(user: User, rows: list[Any], formdata: Any = None) -> TopSkillsForm:
    lang = current_language()
    form = (
        TopSkillsForm(formdata)
        if formdata is not None
        else TopSkillsForm(
            data={"top": [str(r.id) for r in sorted(rows, key=lambda r: r.top_rank or 99) if r.top_rank]}
        )
    )
    form.top.choices = choices(*[(str(row.id), row.skill.name(lang)) for row in rows])
    return form


@bp.route("/profile/skills/add", methods=["GET", "POST"])
@candidate_only
def add_skill() -> ResponseReturnValue:
    user = current_account()
    key = request.values.get("skill", "")
    skill = db.session.query(Skill).filter_by(key=key).first() if key else None
    if skill is None:
        flash(_("Choose a skill from the search results."), "error")
        return redirect(url_for("profile.skills"))
    form = UserSkillForm(skill=key)
    if form.validate_on_submit():
        try:
            user_skills.add_skill(user, skill.key, form.level.data, form.current.data == "yes")
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(skill)s was added to your profile.", skill=skill.name(current_language())), "success")
            return redirect(url_for("profile.skills"))
    return render_template("profiles/skill_form.html", form=form, skill=skill, row=None), status_for(form)


def _own_skill(row_id: int) -> Any:
    row = user_skills.owned_user_skill(current_account(), row_id)
    if row is None:
        abort(404)
    return row


@bp.route("/profile/skills/<id:row_id>", methods=["GET", "POST"])
@candidate_only
def edit_skill(row_id: int) -> ResponseReturnValue:
    row = _own_skill(row_id)
    if request.method == "POST":
        form = UserSkillForm()
    else:
        form = UserSkillForm(data={"level": str(row.level), "current": "yes" if row.current else "no"})
    if form.validate_on_submit():
        try:
            user_skills.update_skill(current_account(), row, form.level.data, form.current.data == "yes")
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("profile.skills"))
    return render_template("profiles/skill_form.html", form=form, skill=row.skill, row=row), status_for(form)


@bp.route("/profile/skills/<id:row_id>/remove", methods=["POST"])
@candidate_only
def remove_skill(row_id: int) -> ResponseReturnValue:
    row = _own_skill(row_id)
    name = row.skill.name(current_language())
    links = user_skills.remove_skill(current_account(), row)
    db.session.commit()
    if links:
        flash(
            _("%(skill)s was removed, with its links to %(n)d experiences.", skill=name, n=links), "success"
        )
    else:
        flash(_("%(skill)s was removed from your profile.", skill=name), "success")
    return redirect(url_for("profile.skills"))


@bp.route("/profile/skills/top", methods=["POST"])
@candidate_only
def top_skills() -> ResponseReturnValue:
    user = current_account()
    form = _top_form(user, user_skills.skills_of(user), request.form)
    if form.validate_on_submit():
        try:
            user_skills.set_top_skills(user, [int(i) for i in form.top.data or []])
        except services.ProfileError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Your top skills were saved."), "success")
    else:
        flash(_("Choose skills from your profile."), "error")
    return redirect(url_for("profile.skills"))


# --- Experiences --------------------------------------------------------------------------------------------

TITLE_LABELS = {
    "work": _l("Your role"),
    "education": _l("Area of study"),
    "community": _l("Your role"),
    "personal": _l("Title of the experience"),
    "award": _l("Name of the award"),
}
ORGANIZATION_LABELS = {
    "work": _l("Organization"),
    "education": _l("Institution"),
    "community": _l("Group or organization"),
    "award": _l("Issued by"),
}
TEAM_LABELS = {
    "work": _l("Team, group or division (optional)"),
    "community": _l("Project or product (optional)"),
}
DETAILS_LABELS = {
    "personal": _l("What you did and learned"),
    "award": _l("Why you received it (optional)"),
}


def _experience_form(kind: str, experience: Experience | None) -> ExperienceForm:
    form = ExperienceForm(obj=experience) if request.method == "GET" else ExperienceForm()
    form.title.label.text = str(TITLE_LABELS[kind])
    if kind in ORGANIZATION_LABELS:
        form.organization.label.text = str(ORGANIZATION_LABELS[kind])
    if kind in TEAM_LABELS:
        form.team.label.text = str(TEAM_LABELS[kind])
    form.details.label.text = str(DETAILS_LABELS.get(kind, _l("Details (optional)")))
    if kind == "award":
        form.start_date.label.text = _("Date awarded")
    return form


@bp.route("/profile/experiences")
@candidate_only
def experience_list() -> ResponseReturnValue:
    return render_template(
        "profiles/experiences.html", experiences=experiences.experiences_of(current_account())
    )


@bp.route("/profile/experiences/new/<kind>", methods=["GET", "POST"])
@candidate_only
def new_experience(kind: str) -> ResponseReturnValue:
    if kind not in vocab.EXPERIENCE_KINDS:
        abort(404)
    form = _experience_form(kind, None)
    if form.validate_on_submit():
        try:
            experience = experiences.save_experience(current_account(), kind, form.data)
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Experience saved. Now link the skills it demonstrates."), "success")
            return redirect(url_for("profile.experience", experience_id=experience.id))
    return render_template(
        "profiles/experience_form.html", form=form, kind=kind, experience=None
    ), status_for(form)


def _own_experience(experience_id: int) -> Experience:
    experience = experiences.owned_experience(current_account(), experience_id)
    if experience is None:
        abort(404)
    return experience


def _link_form(user: User, experience: Experience, formdata: Any = None) -> SkillLinkForm:
    lang = current_language()
    linked = {link.skill_id for link in experience.skills}
    form = SkillLinkForm(formdata) if formdata is not None else SkillLinkForm(formdata=None)
    form.user_skill.choices = choices(
        ("", _("Choose one of your skills")),
        *[
            (str(row.id), row.skill.name(lang))
            for row in user_skills.skills_of(user)
            if row.skill_id not in linked
        ],
    )
    return form


@bp.route("/profile/experiences/<id:experience_id>", methods=["GET", "POST"])
@candidate_only
def experience(experience_id: int) -> ResponseReturnValue:
    user = current_account()
    record = _own_experience(experience_id)
    form = _experience_form(record.kind, record)
    if form.validate_on_submit():
        try:
            experiences.save_experience(user, record.kind, form.data, record)
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("profile.experience", experience_id=record.id))
    link_form = _link_form(user, record)
    return render_template(
        "profiles/experience_form.html", form=form, kind=record.kind, experience=record, link_form=link_form
    ), status_for(form)


@bp.route("/profile/experiences/<id:experience_id>/delete", methods=["POST"])
@candidate_only
def delete_experience(experience_id: int) -> ResponseReturnValue:
    record = _own_experience(experience_id)
    form = JustificationForm()  # only for its CSRF check
    if not form.validate_on_submit():
        abort(400)
    experiences.delete_experience(current_account(), record)
    db.session.commit()
    flash(_("The experience was deleted."), "success")
    return redirect(url_for("profile.experience_list"))


@bp.route("/profile/experiences/<id:experience_id>/skills", methods=["POST"])
@candidate_only
def link_skill(experience_id: int) -> ResponseReturnValue:
    user = current_account()
    record = _own_experience(experience_id)
    link_form = _link_form(user, record, request.form)
    if link_form.validate_on_submit():
        try:
            experiences.link_skill(user, record, link_form.user_skill.data, link_form.justification.data)
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(link_form, exc)
        else:
            db.session.commit()
            flash(_("The skill was linked to this experience."), "success")
            return redirect(url_for("profile.experience", experience_id=record.id))
    record = _own_experience(experience_id)
    form = _experience_form(record.kind, record)
    return render_template(
        "profiles/experience_form.html", form=form, kind=record.kind, experience=record, link_form=link_form
    ), status_for(link_form)


@bp.route("/profile/experiences/<id:experience_id>/skills/<id:link_id>", methods=["GET", "POST"])
@candidate_only
def skill_link(experience_id: int, link_id: int) -> ResponseReturnValue:
    user = current_account()
    record = _own_experience(experience_id)
    link = experiences.owned_link(user, record, link_id)
    if link is None:
        abort(404)
    form = JustificationForm() if request.method == "POST" else JustificationForm(obj=link)
    if form.validate_on_submit():
        if request.form.get("action") == "remove":
            experiences.unlink(link)
            db.session.commit()
            flash(_("The link was removed."), "success")
            return redirect(url_for("profile.experience", experience_id=record.id))
        try:
            experiences.update_link(link, form.justification.data)
        except services.ProfileError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("profile.experience", experience_id=record.id))
    return render_template("profiles/link_form.html", form=form, experience=record, link=link), status_for(
        form
    )
