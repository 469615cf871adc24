"""The employees' side of the programme: nominating a colleague or oneself during an active event (a draft,
then submitted), the nominations a person made, and the nominations a person received, which they may
decline.

Only verified government employees nominate: anyone else signed in gets a page saying how to become one
(403). Another person's draft or group is a 404. An event that does not exist is a 404; one that exists but
is not active answers with the message that nominations are not open in it (and stores nothing).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from jobs import vocab
from jobs.models import Nomination, NominationEvent, NominationGroup
from jobs.services import JobsError, nominating, nominees
from jobs.services.request_views import skills_by_key
from jobs.talent_management._common import PAGE_SIZE, bp
from jobs.talent_management.forms_nominations import ConfirmNominationForm, NominationForm, NomineeForm
from talent import vocab as talent_vocab
from talent.extensions import db, limiter
from talent.forms_util import attach_error, page_arg
from talent.i18n import current_language
from talent.models import Role
from talent.profiles.careers import is_verified_employee
from talent.security import current_account
from talent.vocab import label

SKILL_OPTIONS = 10
SKILL_QUERY_MAX = 100
# The page where a person adds and confirms their work e-mail address (candidates and hiring managers).
WORK_EMAIL_ENDPOINT = "profile.work_email"


def work_email_url() -> str | None:
    """Where the signed-in person verifies a work e-mail address (None for staff roles, which nominate
    nobody)."""
    if current_account().role not in (Role.CANDIDATE, Role.MANAGER):
        return None
    return url_for(WORK_EMAIL_ENDPOINT)


def _decision_label(code: str | None) -> str:
    return label(vocab.NOMINATION_DECISIONS, code) if code else _("Not decided yet")


def _render(template: str, **context: Any) -> str:
    """A page of this module, with the words of the codes it shows."""
    return render_template(
        f"talent_management/{template}",
        programme_label=lambda code: label(talent_vocab.DEVELOPMENT_PROGRAMMES, code),
        relationship_label=lambda code: label(vocab.NOMINATOR_RELATIONSHIPS, code),
        decision_label=_decision_label,
        **context,
    )


def _not_employee() -> ResponseReturnValue:
    return _render("nominate_not_employee.html", work_email_url=work_email_url()), 403


def _attach(form: Any, exc: JobsError) -> None:
    problems = exc.problems if isinstance(exc, nominating.NominationProblems) else [(exc.message, exc.field)]
    for message, field in problems:
        attach_error(form, JobsError(message, field))


# --- Nominating -----------------------------------------------------------------------------------------


@bp.route("/nominate")
@login_required
def nominate() -> ResponseReturnValue:
    """The events open for nominations now, each with its texts in the reader's language."""
    if not is_verified_employee(current_account()):
        return _not_employee()
    events = db.session.scalars(nominating.active_events()).all()
    return _render("nominate.html", events=events)


@bp.route("/nominate/<id:event_id>", methods=["GET", "POST"])
@login_required
# Each try looks an address up among the verified work e-mails: bound them.
@limiter.limit("60 per hour", methods=["POST"])
def start_nomination(event_id: int) -> ResponseReturnValue:
    """Whom to nominate in an event: oneself, or a colleague by their verified work e-mail address. Makes
    the draft, then leads to it."""
    event = db.session.get(NominationEvent, event_id)
    if event is None:
        abort(404)
    user = current_account()
    if not is_verified_employee(user):
        return _not_employee()
    form = NomineeForm()
    if not nominating.is_open(event):
        attach_error(form, JobsError(str(nominating.NOT_OPEN)))
        code = 422 if request.method == "POST" else 200
        return _render("nominate_start.html", event=event, form=form, open=False), code
    if form.validate_on_submit():
        try:
            nominee = nominating.choose_nominee(user, form.whom.data, form.work_email.data)
            nomination = nominating.start(user, event, nominee)
        except JobsError as exc:
            db.session.rollback()
            _attach(form, exc)
        else:
            db.session.commit()
            return redirect(url_for("jobs_talent.nomination", nomination_id=nomination.id))
    code = 422 if form.errors else 200
    return _render("nominate_start.html", event=event, form=form, open=True), code


def _own_or_404(nomination_id: int) -> Nomination:
    nomination = nominating.own_nomination(current_account(), nomination_id)
    if nomination is None:
        abort(404)
    return nomination


def _posted_skills(form: MultiDict[str, str]) -> list[str]:
    """The chosen skills as posted, without the one ``remove_skill`` names and with the one ``add_skill``
    names (refused at saving if past the maximum or not in the library)."""
    removed = form.get("remove_skill")
    keys = [key for key in dict.fromkeys(form.getlist("skill")) if key and key != removed]
    added = form.get("add_skill")
    if added and added not in keys:
        keys.append(added)
    return keys[: nominating.MAX_SKILLS + 1]


def _skill_options(query: str, chosen: list[str]) -> dict[str, Any]:
    from talent.skills.search import search

    query = query.strip()[:SKILL_QUERY_MAX]
    found = search(query, current_language(), limit=SKILL_OPTIONS + len(chosen)) if query else []
    return {
        "query": query,
        "options": [s for s in found if s.key not in chosen][:SKILL_OPTIONS],
        "matched": bool(found),
    }


def _form_page(
    nomination: Nomination, form: NominationForm, skills: list[str], code: int
) -> ResponseReturnValue:
    query = (request.form.get("skill_q") or "") if request.method == "POST" else ""
    names = skills_by_key(skills)
    return _render(
        "nomination_form.html",
        nomination=nomination,
        form=form,
        chosen=[(key, names.get(key)) for key in skills],
        open=nominating.is_open(nomination.event),
        employee=is_verified_employee(current_account()),
        work_email_url=work_email_url(),
        max_skills=nominating.MAX_SKILLS,
        field="add_skill",
        **_skill_options(query, skills),
    ), code


def _initial(nomination: Nomination) -> dict[str, Any]:
    return {
        "kinds": list(nomination.kinds),
        "development_programmes": list(nomination.development_programmes or []),
        "rationale": nomination.rationale,
        "relationship": nomination.relationship_to_nominee or "",
        "reference_name": nomination.reference_name or "",
        "reference_email": nomination.reference_email or "",
    }


@bp.route("/nominations/<id:nomination_id>", methods=["GET", "POST"])
@login_required
def nomination(nomination_id: int) -> ResponseReturnValue:
    """A draft: GET the form; POST save it, submit it, or add, find or remove a skill (the page again,
    nothing stored). A submitted nomination: the page that shows it (it no longer changes)."""
    nomination = _own_or_404(nomination_id)
    if nomination.submitted:
        if request.method == "POST":
            flash(str(nominating.SUBMITTED), "error")
            return redirect(url_for("jobs_talent.nomination", nomination_id=nomination.id))
        return _render("nomination.html", nomination=nomination)
    oneself = nomination.nominee_id == nomination.nominator_id
    if request.method == "GET":
        form = NominationForm(data=_initial(nomination))
        form.offer(nomination.event, oneself)
        return _form_page(nomination, form, [s.skill.key for s in nomination.skills], 200)
    form = NominationForm()
    form.offer(nomination.event, oneself)
    skills = _posted_skills(request.form)
    action = request.form.get("action")
    if action not in ("save", "submit"):
        # Adding, finding or removing a skill: the same page with the change, nothing stored yet.
        return _form_page(nomination, form, skills, 200)
    if not form.validate():
        return _form_page(nomination, form, skills, 422)
    user = current_account()
    try:
        if action == "submit":
            nominating.submit(user, nomination, form.fields(skills))
        else:
            nominating.save(user, nomination, form.fields(skills))
    except JobsError as exc:
        db.session.rollback()
        _attach(form, exc)
        return _form_page(nomination, form, skills, 422)
    db.session.commit()
    if action == "submit":
        if oneself:
            flash(_("Your nomination of yourself was submitted."), "success")
        else:
            flash(_("Your nomination was submitted. We told the person you nominated."), "success")
        return redirect(url_for("jobs_talent.my_nominations"))
    flash(_("Your draft was saved. You can come back to finish and submit it."), "success")
    return redirect(url_for("jobs_talent.nomination", nomination_id=nomination.id))


@bp.route("/nominations/<id:nomination_id>/delete", methods=["GET", "POST"])
@login_required
def delete_nomination(nomination_id: int) -> ResponseReturnValue:
    nomination = _own_or_404(nomination_id)
    if nomination.submitted:
        flash(str(nominating.SUBMITTED), "error")
        return redirect(url_for("jobs_talent.nomination", nomination_id=nomination.id))
    form = ConfirmNominationForm()
    if form.validate_on_submit():
        nominating.delete_draft(current_account(), nomination)
        db.session.commit()
        flash(_("Your draft nomination was deleted."), "success")
        return redirect(url_for("jobs_talent.my_nominations"))
    return _render("nomination_delete.html", nomination=nomination, form=form)


@bp.route("/nominations")
@login_required
def my_nominations() -> ResponseReturnValue:
    """The nominations the signed-in person made, drafts and submitted, with their event."""
    pagination = db.paginate(
        nominating.nominations_made(current_account()), page=page_arg(), per_page=PAGE_SIZE, error_out=False
    )
    return _render(
        "nominations_mine.html",
        pagination=pagination,
        employee=is_verified_employee(current_account()),
    )


# --- Nominations received ---------------------------------------------------------------------------------


@bp.route("/received")
@login_required
def received() -> ResponseReturnValue:
    """Per event, the nominations the signed-in person received: by whom, for what, the status and the
    decisions; declining (and taking a decline back while the event is active)."""
    groups = nominees.received_groups(current_account())
    return _render(
        "received.html",
        groups=groups,
        open_now={g.group.id: nominating.is_open(g.group.event) for g in groups},
        form=ConfirmNominationForm(),
    )


def _own_group_or_404(group_id: int) -> NominationGroup:
    group = nominees.own_group(current_account(), group_id)
    if group is None:
        abort(404)
    return group


@bp.route("/received/<id:group_id>/decline", methods=["GET", "POST"])
@login_required
def decline(group_id: int) -> ResponseReturnValue:
    group = _own_group_or_404(group_id)
    if group.declined_at is not None:
        flash(_("You already declined these nominations."), "info")
        return redirect(url_for("jobs_talent.received"))
    form = ConfirmNominationForm()
    if form.validate_on_submit():
        nominees.decline(current_account(), group)
        db.session.commit()
        flash(_("You declined your nominations in this event. Its coordinators were told."), "success")
        return redirect(url_for("jobs_talent.received"))
    return _render("received_decline.html", group=group, form=form, open=nominating.is_open(group.event))


@bp.route("/received/<id:group_id>/withdraw-decline", methods=["POST"])
@login_required
def withdraw_decline(group_id: int) -> ResponseReturnValue:
    group = _own_group_or_404(group_id)
    form = ConfirmNominationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        nominees.withdraw_decline(current_account(), group)
    except JobsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("jobs_talent.received"))
    db.session.commit()
    flash(_("You took back your decline. Its coordinators were told."), "success")
    return redirect(url_for("jobs_talent.received"))
