"""Reference data pages (administrators only): classifications and departments, listed, added, edited."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from talent.extensions import db
from talent.forms_util import attach_error, status_for
from talent.models import Classification, Department, Role
from talent.reference import services
from talent.reference.forms import ClassificationForm, DepartmentForm, as_int
from talent.security import current_account, roles_required

bp = Blueprint(
    "reference", __name__, url_prefix="/<lang:lang_code>/admin/reference", template_folder="templates"
)


@bp.route("")
@roles_required(Role.ADMIN)
def index() -> str:
    classifications = db.session.scalars(
        select(Classification).order_by(Classification.group, Classification.level)
    )
    departments = db.session.scalars(select(Department).order_by(Department.number))
    return render_template(
        "reference/index.html", classifications=classifications.all(), departments=departments.all()
    )


def _classification_input(form: ClassificationForm) -> services.ClassificationInput:
    return services.ClassificationInput(
        group=form.group.data or "",
        level=as_int(form.level.data) or 0,
        name_en=form.name_en.data or "",
        name_fr=form.name_fr.data or "",
        min_salary=as_int(form.min_salary.data),
        max_salary=as_int(form.max_salary.data),
    )


def _classification_page(item: Classification | None) -> ResponseReturnValue:
    form = ClassificationForm()
    if request.method == "GET" and item is not None:
        form.group.data = item.group
        form.level.data = str(item.level)
        form.name_en.data = item.name_en
        form.name_fr.data = item.name_fr
        form.min_salary.data = "" if item.min_salary is None else str(item.min_salary)
        form.max_salary.data = "" if item.max_salary is None else str(item.max_salary)
    if form.validate_on_submit():
        data = _classification_input(form)
        try:
            if item is None:
                item = services.create_classification(data, actor=current_account())
                message = _("Classification %(code)s added.", code=item.code)
            else:
                changed = services.update_classification(item, data, actor=current_account())
                message = (
                    _("Classification %(code)s saved.", code=item.code)
                    if changed
                    else _("Nothing was changed.")
                )
        except services.ReferenceDataError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("reference.index"))
    return render_template("reference/classification_form.html", form=form, item=item), status_for(form)


@bp.route("/classifications/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_classification() -> ResponseReturnValue:
    return _classification_page(None)


@bp.route("/classifications/<id:item_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_classification(item_id: int) -> ResponseReturnValue:
    item = db.get_or_404(Classification, item_id)
    return _classification_page(item)


def _department_page(item: Department | None) -> ResponseReturnValue:
    form = DepartmentForm()
    if request.method == "GET" and item is not None:
        form.number.data = str(item.number)
        form.name_en.data = item.name_en
        form.name_fr.data = item.name_fr
    if form.validate_on_submit():
        data = services.DepartmentInput(
            number=as_int(form.number.data) or 0,
            name_en=form.name_en.data or "",
            name_fr=form.name_fr.data or "",
        )
        try:
            if item is None:
                item = services.create_department(data, actor=current_account())
                message = _("Department added.")
            else:
                changed = services.update_department(item, data, actor=current_account())
                message = _("Department saved.") if changed else _("Nothing was changed.")
        except services.ReferenceDataError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("reference.index"))
    return render_template("reference/department_form.html", form=form, item=item), status_for(form)


@bp.route("/departments/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_department() -> ResponseReturnValue:
    return _department_page(None)


@bp.route("/departments/<id:item_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_department(item_id: int) -> ResponseReturnValue:
    item = db.get_or_404(Department, item_id)
    return _department_page(item)
