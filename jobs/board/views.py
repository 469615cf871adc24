"""The public job board (``jobs_board``): open advertisements with filters, and each advertisement.

Also the template filters every recruitment page uses to show money and closing times: amounts in
Canadian dollars and times in the public service's reference time zone (America/Toronto, named),
written the way each language writes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel import Locale
from babel.numbers import format_currency
from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from jobs.board.forms import BoardFilterForm
from jobs.services import applications
from jobs.services import board as board_service
from jobs.services.pools import TIMEZONE
from jobs.services.processes import is_open
from talent.dates import format_day, format_moment
from talent.extensions import db
from talent.forms_util import choices, page_arg
from talent.i18n import current_language, rendering_language
from talent.models import Classification, Role, Skill
from talent.security import current_account

bp = Blueprint("jobs_board", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")

PAGE_SIZE = 20
SKILLS_SHOWN = 8  # of the skills a typed name matched, named above the results
FILTER_NAMES = ("classification", "stream", "language", "remote", "location", "skill")


# --- Formatting ---------------------------------------------------------------------------------------------


def _babel_locale() -> str:
    # The Canadian variants: "$88,000" and "88 000 $", "11:59 p.m." and "23 h 59", rather than "CA$".
    return f"{rendering_language()}_CA"


@bp.app_template_filter("jobs_money")
def money(amount: int | None) -> str:
    """A whole amount of Canadian dollars in the page's language."""
    if amount is None:
        return ""
    locale = _babel_locale()
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount, "CAD", format=pattern, currency_digits=False, locale=locale)


@bp.app_template_filter("jobs_salary")
def salary(classification: Classification | None) -> str:
    """The salary range of a classification ("$88,000 to $110,000"), or "" when unknown."""
    if classification is None or (classification.min_salary is None and classification.max_salary is None):
        return ""
    if classification.min_salary is None or classification.max_salary is None:
        return money(classification.min_salary or classification.max_salary)
    return _(
        "%(low)s to %(high)s", low=money(classification.min_salary), high=money(classification.max_salary)
    )


@bp.app_template_filter("jobs_datetime")
def toronto_datetime(moment: datetime | None) -> Markup:
    """A date and time in America/Toronto, the zone named (the site's one format, ``talent.dates``), inside
    a ``<time>`` element."""
    if moment is None:
        return Markup("")
    local = moment.astimezone(TIMEZONE)
    return Markup('<time datetime="{}">{}</time>').format(
        local.isoformat(timespec="minutes"), escape(format_moment(moment))
    )


# The calendar date of a moment in America/Toronto, as every page writes dates (``talent.dates``).
bp.add_app_template_filter(format_day, "jobs_date")


# --- The board ----------------------------------------------------------------------------------------------


def _page_url(page: int) -> str:
    """Another page of the board, with the same filters. Only the filters' own names are copied: other
    names would reach ``url_for`` as options (``_external``, ``_scheme``...)."""
    args: dict[str, Any] = {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}
    return url_for("jobs_board.board", **args, page=page)


def _classification_choices(form: BoardFilterForm, lang: str) -> None:
    pairs: list[tuple[str, str]] = [("", _("Any classification"))]
    for group, levels in board_service.classification_groups().items():
        pairs.append((group, _("%(group)s, all levels", group=group)))
        pairs.extend((c.code, f"{c.code} – {c.name(lang)}") for c in levels)
    form.classification.choices = choices(*pairs)


def _filters(form: BoardFilterForm, lang: str) -> tuple[board_service.BoardFilters, list[Skill] | None]:
    """The filters the form asks for; a field with an error filters nothing."""

    def value(field: object) -> str | None:
        data = getattr(field, "data", None)
        if getattr(field, "errors", None) or not isinstance(data, str) or not data.strip():
            return None
        return data.strip()

    group, level = board_service.parse_classification(value(form.classification))
    remote = value(form.remote)
    skill_query = value(form.skill)
    skills = board_service.matching_skills(skill_query, lang) if skill_query else None
    filters = board_service.BoardFilters(
        group=group,
        level=level,
        stream=value(form.stream),
        language_requirement=value(form.language),
        remote=None if remote is None else remote == "remote",
        location=value(form.location),
        skill_ids=tuple(s.id for s in skills) if skills is not None else None,
    )
    return filters, skills


@bp.route("/jobs")
def board() -> ResponseReturnValue:
    lang = current_language()
    form = BoardFilterForm(request.args)
    _classification_choices(form, lang)
    form.validate()
    filters, skills = _filters(form, lang)
    pagination = db.paginate(
        board_service.open_processes(filters), page=page_arg(), per_page=PAGE_SIZE, error_out=False
    )
    filtered = any(
        value is not None
        for value in (
            filters.group,
            filters.stream,
            filters.language_requirement,
            filters.remote,
            filters.location,
            filters.skill_ids,
        )
    )
    return render_template(
        "jobs/board/board.html",
        form=form,
        pagination=pagination,
        processes=list(pagination.items),
        skill_names=[s.name(lang) for s in skills[:SKILLS_SHOWN]] if skills is not None else None,
        filtered=filtered,
        page_url=_page_url,
    ), (422 if form.errors else 200)


@bp.route("/jobs/<id:process_id>")
def advertisement(process_id: int) -> ResponseReturnValue:
    process = board_service.public_process(process_id)
    if process is None:
        abort(404)
    application = None
    status = None
    if current_user.is_authenticated and current_user.role == Role.CANDIDATE:
        application = applications.find(current_account(), process)
        status = applications.candidate_status(application) if application is not None else None
    return render_template(
        "jobs/board/advertisement.html",
        process=process,
        is_open=is_open(process),
        essential=[ps for ps in process.skills if ps.kind == "essential"],
        assets=[ps for ps in process.skills if ps.kind == "asset"],
        application=application,
        application_status=status,
    )
