"""Administration of the skills library (administrators only): list, add, edit, retire, un-retire, merge."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from talent.extensions import db
from talent.forms_util import attach_error, page_arg, status_for
from talent.i18n import current_language
from talent.models import AuditEvent, Role, Skill, SkillFamily
from talent.security import current_account, roles_required
from talent.skills import curation
from talent.skills.forms import (
    AdminSkillSearchForm,
    MergeForm,
    RetireForm,
    SkillForm,
    UnretireForm,
    split_lines,
)
from talent.skills.search import CATEGORIES, normalise, search
from talent.skills.services import SkillError, find_skill
from talent.skills.views import label_rows

bp = Blueprint(
    "skills_admin", __name__, url_prefix="/<lang:lang_code>/admin/skills", template_folder="templates"
)

PAGE_SIZE = 50
ESCO_PREFIX = "esco-group:"


def _get(skill_id: int) -> Skill:
    skill = db.session.get(Skill, skill_id)
    if skill is None:
        abort(404)
    return skill


@bp.route("")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    form = AdminSkillSearchForm(request.args)
    # A merged skill names the skill it was merged into: loaded for the whole page at once.
    stmt = (
        select(Skill).options(selectinload(Skill.merged_into)).order_by(func.lower(Skill.name_en), Skill.id)
    )
    if form.validate():
        if form.q.data and form.q.data.strip():
            text = form.q.data.strip()
            words = normalise(text)
            stmt = stmt.where(
                or_(
                    Skill.key == text,
                    *([Skill.search_text.contains(words, autoescape=True)] if words else []),
                )
            )
        status = form.status.data or "active"
        if status == "active":
            stmt = stmt.where(Skill.retired_at.is_(None))
        elif status == "retired":
            stmt = stmt.where(Skill.retired_at.is_not(None))
        if form.category.data in CATEGORIES:
            stmt = stmt.where(Skill.category == form.category.data)
        if form.source.data in ("esco", "gc", "local"):
            stmt = stmt.where(Skill.source == form.source.data)
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    return render_template("skills/admin/index.html", form=form, pagination=pagination), status_for(form)


def _gc_family_choices() -> list[tuple[str, str]]:
    lang = current_language()
    families = db.session.scalars(select(SkillFamily).where(SkillFamily.source == "gc")).all()
    return sorted(((f.key, f.name(lang)) for f in families), key=lambda pair: pair[1].casefold())


def _skill_input(form: SkillForm) -> curation.SkillInput:
    keys = list(form.gc_families.data or [])
    for code in (form.families.data or "").replace(";", ",").split(","):
        code = code.strip()
        if code:
            keys.append(code if ":" in code else ESCO_PREFIX + code)
    return curation.SkillInput(
        name_en=form.name_en.data or "",
        name_fr=form.name_fr.data,
        description_en=form.description_en.data,
        description_fr=form.description_fr.data,
        keywords_en=split_lines(form.keywords_en.data),
        keywords_fr=split_lines(form.keywords_fr.data),
        category=form.category.data or "",
        family_keys=keys,
    )


def _fill(form: SkillForm, skill: Skill) -> None:
    form.name_en.data = skill.name_en
    form.name_fr.data = skill.name_fr
    form.description_en.data = skill.description_en
    form.description_fr.data = skill.description_fr
    form.keywords_en.data = "\n".join(skill.keywords_en or [])
    form.keywords_fr.data = "\n".join(skill.keywords_fr or [])
    form.category.data = skill.category
    form.gc_families.data = [f.key for f in skill.families if f.source == "gc"]
    form.families.data = ", ".join(
        f.key.removeprefix(ESCO_PREFIX) for f in skill.families if f.source != "gc"
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> ResponseReturnValue:
    form = SkillForm()
    if request.method == "GET":
        form.category.data = "technical"
    if form.validate_on_submit():
        try:
            skill = curation.create_skill(_skill_input(form), actor=current_account())
        except SkillError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Skill added: %(name)s.", name=skill.name(current_language())), "success")
            return redirect(url_for("skills_admin.manage", skill_id=skill.id))
    return render_template(
        "skills/admin/form.html", form=form, skill=None, gc_choices=_gc_family_choices()
    ), status_for(form)


@bp.route("/<id:skill_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(skill_id: int) -> ResponseReturnValue:
    skill = _get(skill_id)
    form = SkillForm()
    if request.method == "GET":
        _fill(form, skill)
    if form.validate_on_submit():
        try:
            changed = curation.update_skill(skill, _skill_input(form), actor=current_account())
        except SkillError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(
                _("Skill saved.") if changed else _("Nothing was changed."), "success" if changed else "info"
            )
            return redirect(url_for("skills_admin.manage", skill_id=skill.id))
    return render_template(
        "skills/admin/form.html", form=form, skill=skill, gc_choices=_gc_family_choices()
    ), status_for(form)


def _render_manage(
    skill: Skill,
    *,
    retire_form: RetireForm | None = None,
    merge_form: MergeForm | None = None,
    candidates: list[Skill] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.target_type == "skill", AuditEvent.target_id == str(skill.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(20)
    ).all()
    merged_here = db.session.scalars(select(Skill).where(Skill.merged_into_id == skill.id)).all()
    from talent.skills import usage as skill_usage

    usage = skill_usage.usage(skill.id)
    return render_template(
        "skills/admin/manage.html",
        skill=skill,
        events=events,
        merged_here=merged_here,
        usage=usage,
        retire_form=retire_form or RetireForm(formdata=None),
        unretire_form=UnretireForm(formdata=None),
        merge_form=merge_form or MergeForm(formdata=None),
        candidates=label_rows(candidates, current_language()) if candidates is not None else None,
    ), status


@bp.route("/<id:skill_id>")
@roles_required(Role.ADMIN)
def manage(skill_id: int) -> ResponseReturnValue:
    skill = db.session.scalars(
        select(Skill).where(Skill.id == skill_id).options(selectinload(Skill.families))
    ).first()
    if skill is None:
        abort(404)
    return _render_manage(skill)


@bp.route("/<id:skill_id>/retire", methods=["POST"])
@roles_required(Role.ADMIN)
def retire(skill_id: int) -> ResponseReturnValue:
    skill = _get(skill_id)
    form = RetireForm()
    if form.validate_on_submit():
        try:
            curation.retire_skill(skill, form.reason.data or "", actor=current_account())
        except SkillError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("The skill is retired. It stays on the profiles that have it."), "success")
            return redirect(url_for("skills_admin.manage", skill_id=skill.id))
    return _render_manage(skill, retire_form=form, status=422)


@bp.route("/<id:skill_id>/unretire", methods=["POST"])
@roles_required(Role.ADMIN)
def unretire(skill_id: int) -> Response:
    skill = _get(skill_id)
    form = UnretireForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        curation.unretire_skill(skill, actor=current_account())
    except SkillError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("The skill is offered again."), "success")
    return redirect(url_for("skills_admin.manage", skill_id=skill.id))


def _merge_target(form: MergeForm, source: Skill) -> tuple[Skill | None, list[Skill] | None]:
    """The skill chosen (a suggestion's ``into``, or a key, id or exact name typed in ``q``), else the
    candidates to choose from."""
    chosen = form.into.data or ""
    if chosen:
        return find_skill(chosen), None
    typed = (form.q.data or "").strip()
    if not typed:
        return None, None
    exact = find_skill(typed)
    if exact is not None:
        return exact, None
    lang = current_language()
    found = [s for s in search(typed, lang, limit=10) if s.id != source.id]
    same_name = [s for s in found if normalise(s.name(lang)) == normalise(typed)]
    if len(same_name) == 1:
        return same_name[0], None
    return None, found


@bp.route("/<id:skill_id>/merge", methods=["POST"])
@roles_required(Role.ADMIN)
def merge(skill_id: int) -> ResponseReturnValue:
    source = _get(skill_id)
    form = MergeForm()
    if not form.validate_on_submit():
        return _render_manage(source, merge_form=form, status=422)
    target, candidates = _merge_target(form, source)
    if target is None:
        if candidates:
            message = _("Choose the skill to keep from the list below.")
        elif candidates is None and not (form.q.data or "").strip() and not form.into.data:
            message = _("Type the name or key of the skill to keep.")
        else:
            message = _("No offered skill matches. Check the name or key of the skill to keep.")
        attach_error(form, SkillError(message, "q"))
        return _render_manage(source, merge_form=form, candidates=candidates or None, status=422)
    try:
        if form.confirm.data != "yes":
            preview = curation.merge_preview(source, target)
            form.into.data = target.key
            return render_template(
                "skills/admin/merge_confirm.html", source=source, target=target, form=form, preview=preview
            )
        counts = curation.merge_skills(source, target, reason=form.reason.data, actor=current_account())
    except SkillError as exc:
        db.session.rollback()
        attach_error(form, SkillError(exc.message, "q"))
        return _render_manage(source, merge_form=form, status=422)
    db.session.commit()
    lang = current_language()
    flash(
        _(
            "“%(source)s” was merged into “%(target)s”: %(profiles)d profile skills and "
            "%(links)d experience links moved.",
            source=source.name(lang),
            target=target.name(lang),
            profiles=counts.user_skills_moved + counts.user_skills_combined,
            links=counts.experience_skills_moved + counts.experience_skills_combined,
        ),
        "success",
    )
    return redirect(url_for("skills_admin.manage", skill_id=target.id))
