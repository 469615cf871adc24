"""Find talent (``jobs_find``): anyone filters the pools and sees counts of available people, never a
name. The public and hiring managers see small counts as "fewer than 5", and what would let them work a
small count out is withheld (``jobs.services.disclosure``); only signed-in managers may search on
employment equity groups, and see those counts in bands of 5. Recruiters and admins see exact numbers and
may ask for people with all of the chosen skills.

- ``/<lang>/find-talent``: the filter form (a plain GET form that works without JavaScript) and the counts;
- ``/<lang>/find-talent/counts``: the counts alone, an htmx fragment refreshed as filters change;
- ``/<lang>/find-talent/skills``: skills matching a typed name, as buttons that add one to the form;
- ``/api/talent-count``: the counts as JSON, with the same rules (422 with a JSON error on a bad code).

The counts are of both talent sources: the pools, and the people the talent-management programme approved
(``jobs.services.talent_sources``), shown as one more row beside the pools, under the same disclosure rules.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from jobs import vocab
from jobs.find.forms import FindTalentForm, classification_choices, filter_data, query_args
from jobs.services import JobsError
from jobs.services.disclosure import Shown, disclose
from jobs.services.pools import NOMINATION
from jobs.services.request_views import PoolRow, pool_rows, skills_by_key
from jobs.services.talent_search import SMALL_COUNT, TalentCount, TalentFilters, count
from talent.extensions import limiter
from talent.forms_util import attach_error
from talent.i18n import LANGUAGES, current_language
from talent.models import Role
from talent.vocab import label

bp = Blueprint("jobs_find", __name__, template_folder="templates")

SKILL_OPTIONS = 10
SKILL_QUERY_MAX = 100
# Where a skill picked from the suggestions goes: the find-talent form, or the request form.
SKILL_FIELDS = frozenset({"skills", "add_skill"})


def exact_counts() -> bool:
    """Recruiters and admins see exact numbers (and may ask for all of the skills)."""
    return bool(current_user.is_authenticated and current_user.is_recruiter)


def may_search_equity() -> bool:
    """Signed-in managers and the recruitment team may search on employment equity groups (managers
    see such counts in bands of 5); the public and candidates may not."""
    allowed = (Role.MANAGER, Role.RECRUITER, Role.ADMIN)
    return bool(current_user.is_authenticated and current_user.role in allowed)


EQUITY_SIGN_IN = _l("Sign in as a hiring manager to search on employment equity groups.")


def checked_filters(data: dict[str, Any], *, guest: bool = False) -> TalentFilters:
    """The filters of ``data``, refused (a ``JobsError`` on its field) when they ask what the viewer may
    not: all of the skills (the team only), employment equity groups (signed-in managers and the team).
    ``guest``: by a guest's rights whoever asks (the public API, ``/api/v1/talent-counts``)."""
    filters = TalentFilters.from_json(data, allow_all_skills=exact_counts() and not guest)
    if filters.equity and (guest or not may_search_equity()):
        raise JobsError(str(EQUITY_SIGN_IN), "equity")
    return filters


def shown_counts(result: TalentCount, filters: TalentFilters) -> tuple[Shown, list[PoolRow], Shown | None]:
    """The total, the pools and the programme as this viewer may see them (``jobs.services.disclosure``)."""
    return shown_counts_as(result, filters, exact_counts())


def shown_counts_as(
    result: TalentCount, filters: TalentFilters, exact: bool
) -> tuple[Shown, list[PoolRow], Shown | None]:
    """:func:`shown_counts` for a viewer who sees exact numbers or not (``exact``): a request's page shows
    the programme's part as the find-talent page shows it."""
    return pool_rows(result, exact, banded=bool(filters.equity) and not exact)


def shown_total(total: int, filters: TalentFilters, exact: bool) -> Shown:
    """A count shown alone (no pools beside it), by the same rules; a search on equity groups in bands."""
    return disclose(total, [], exact=exact, banded=bool(filters.equity) and not exact)[0]


def may_request() -> bool:
    """Everyone may ask for talent but candidates (guests give their name and e-mail address)."""
    return not (current_user.is_authenticated and current_user.role == Role.CANDIDATE)


def read_filters(args: MultiDict[str, str]) -> tuple[FindTalentForm, TalentFilters | None]:
    """The form filled from the query string, and the filters, or None with the error on its field."""
    form = FindTalentForm(args)
    form.classifications.choices = classification_choices(current_language())
    data = filter_data(args)
    form.skills.data = data["skills"]
    try:
        return form, checked_filters(data)
    except JobsError as exc:
        if exc.field == "skill_mode" and not exact_counts():
            exc.field = None  # the choice is not on the public's form: say it at the top
        attach_error(form, exc)
        return form, None


def counts_context(filters: TalentFilters) -> dict[str, Any]:
    total, pools, programme = shown_counts(count(filters), filters)
    return {
        "total": total,
        "pools": pools,
        "programme": programme,
        "programme_label": label(vocab.TALENT_SOURCES, NOMINATION),
        "request_args": query_args(filters.to_json()),
        "may_request": may_request(),
        "small_count": SMALL_COUNT,
    }


def skill_options(query: str, chosen: set[str]) -> dict[str, Any]:
    """Template values: ``options``, the skills matching ``query`` not yet chosen, and ``matched``,
    whether anything matched (chosen skills included)."""
    from talent.skills.services import search

    query = query.strip()[:SKILL_QUERY_MAX]
    found = search(query, current_language(), limit=SKILL_OPTIONS + len(chosen)) if query else []
    return {
        "query": query,
        "options": [s for s in found if s.key not in chosen][:SKILL_OPTIONS],
        "matched": bool(found),
    }


@bp.route("/<lang:lang_code>/find-talent")
def find() -> ResponseReturnValue:
    form, filters = read_filters(request.args)
    if filters is not None and request.args.get("remove_skill"):
        # A "Remove" button: show the same search at its own address, without that skill.
        return redirect(url_for("jobs_find.find", **query_args(filters.to_json())), 303)
    chosen = list(form.skills.data or [])
    names = skills_by_key(chosen)
    query = (form.skill_q.data or "").strip()
    context = counts_context(filters) if filters is not None else {}
    return render_template(
        "jobs/find/find.html",
        form=form,
        staff=exact_counts(),
        equity_allowed=may_search_equity(),
        chosen=[(key, names.get(key)) for key in chosen],
        field="skills",
        **skill_options(query, set(chosen)),
        **context,
    ), (422 if filters is None else 200)


@bp.route("/<lang:lang_code>/find-talent/counts")
@limiter.limit("120 per minute")
def counts() -> ResponseReturnValue:
    form, filters = read_filters(request.args)
    if filters is None:
        return render_template("jobs/find/_counts.html", form=form, error=True), 422
    return render_template("jobs/find/_counts.html", form=form, error=False, **counts_context(filters))


@bp.route("/<lang:lang_code>/find-talent/skills")
def skills() -> ResponseReturnValue:
    """Skills matching ``skill_q``, as submit buttons named ``field`` (an htmx fragment)."""
    field = request.args.get("field", "skills")
    if field not in SKILL_FIELDS:
        abort(400)
    chosen = set(request.args.getlist("skills"))
    query = request.args.get("skill_q", "").strip()[:SKILL_QUERY_MAX]
    return render_template("jobs/find/_skill_options.html", field=field, **skill_options(query, chosen))


@bp.route("/api/talent-count")
@limiter.limit("120 per minute")
def api_count() -> ResponseReturnValue:
    """``GET /api/talent-count?classifications=IT-03&skills=<key>&language=english&lang=fr`` ->
    ``{"total": n | null, "fewer_than": 5 | null, "pools": [{"process_id", "title", "classification",
    "count", "fewer_than"}]}``; a count is null (and ``fewer_than`` 5) when the caller may not see it."""
    lang = request.args.get("lang", "en")
    if lang not in LANGUAGES:
        return _api_error(_("The language must be en or fr."), "lang")
    g.lang_code = lang  # messages and titles in the language asked for
    refresh()
    try:
        filters = checked_filters(filter_data(request.args))
    except JobsError as exc:
        return _api_error(exc.message, exc.field)
    return jsonify(counts_json(filters, lang, exact=exact_counts()))


def counts_json(filters: TalentFilters, lang: str, *, exact: bool) -> dict[str, Any]:
    """The counts of ``filters`` as a viewer who sees exact numbers or not (``exact``) may see them, as
    JSON: ``/api/talent-count`` and ``/api/v1/talent-counts`` (always a guest's view) both answer this."""
    total, pools, programme = shown_counts_as(count(filters), filters, exact)
    return dict(
        total=total.exact,
        **_api_shown(total),
        # People approved by the talent-management programme (null when nobody fits through it, or the
        # total is too small to break down): one more part beside the pools, under the same rules.
        programme=(
            None
            if programme is None
            else {
                "source": NOMINATION,
                "label": label(vocab.TALENT_SOURCES, NOMINATION),
                "count": programme.exact,
                **_api_shown(programme),
            }
        ),
        pools=[
            {
                "process_id": row.process.id,
                "title": row.process.title(lang),
                "classification": row.process.classification.code if row.process.classification else None,
                "count": row.shown.exact,
                **_api_shown(row.shown),
            }
            for row in pools
        ],
    )


def _api_shown(shown: Shown) -> dict[str, Any]:
    """How a count is shown, beside its ``count`` (null unless exact): ``fewer_than`` 5 when small,
    ``range`` [low, high] when banded, ``withheld`` true when hidden to protect a small count."""
    return {
        "fewer_than": SMALL_COUNT if shown.hidden == "small" else None,
        "range": [shown.low, shown.high] if shown.low is not None else None,
        "withheld": shown.hidden == "withheld",
    }


def _api_error(message: str, field: str | None) -> ResponseReturnValue:
    from talent.errors import TITLES

    return jsonify(error={"status": 422, "title": str(TITLES[422]), "message": message, "field": field}), 422
