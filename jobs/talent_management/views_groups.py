"""A nominee's group, for the coordinators of its event: who the nominee is, every submitted nomination,
the nominee's career interests and skills (only with their consent; each showing is audited as a view of
the profile), the decision on each kind nominated with its history, and a promotion.

The decisions are made, reversed and refused by ``jobs.services.nomination_decisions``."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobs.models import Nomination, NominationDecision, NominationGroup, NominationSkill
from jobs.models.nominations import AVAILABILITY_KINDS, KINDS
from jobs.services import JobsError, nomination_decisions
from jobs.services.nominations import nominated_kinds, status_of
from jobs.talent_management._common import bp, coordinators_only, event_or_404, group_or_404
from jobs.talent_management.forms import ConfirmForm, DecisionForm, PromotionForm, ReopenForm
from talent import audit
from talent.extensions import db
from talent.forms_util import attach_error
from talent.models import CareerInterest
from talent.profiles import careers, user_skills
from talent.security import current_account

DONE = {
    "decide": _l("The decision was recorded."),
    "reopen": _l("The decision was reopened: this kind is undecided again."),
    "promotion": _l("The promotion was recorded."),
    "clear_promotion": _l("The promotion was cleared."),
}


def _group(event_id: int, group_id: int) -> NominationGroup:
    """The group, of an event the signed-in coordinator runs (else 404)."""
    return group_or_404(event_or_404(event_id), group_id)


def _load(group: NominationGroup) -> NominationGroup:
    """The group with what the page reads, a statement each whatever their number: every nomination with
    its nominator and skills, and the history with who decided."""
    return db.session.scalars(
        select(NominationGroup)
        .where(NominationGroup.id == group.id)
        .options(
            selectinload(NominationGroup.nominations).options(
                selectinload(Nomination.nominator),
                selectinload(Nomination.skills).selectinload(NominationSkill.skill),
            ),
            selectinload(NominationGroup.decisions).selectinload(NominationDecision.decided_by),
        )
        .execution_options(populate_existing=True)
    ).one()


def render_group(
    group: NominationGroup, posted: dict[str, Any] | None = None, error: str | None = None, status: int = 422
) -> ResponseReturnValue:
    """The group's page; with ``error`` (a refused or invalid form, kept in ``posted``), ``status``."""
    posted = posted or {}
    nominee = group.nominee
    consents = bool(db.session.scalar(select(careers.consent_condition(nominee.id))))
    if consents:
        # The nominee's career interests and skills are shown: a view of their profile, audited (and
        # committed first, so that what the page loads below is not expired by the commit).
        audit.record(
            "profile.viewed",
            actor=current_account(),
            target_type="profile",
            target_id=nominee.id,
            nomination_group=group.id,
        )
        db.session.commit()
    group = _load(group)
    interests = skills = None
    if consents:
        interests = db.session.scalars(
            select(CareerInterest).where(CareerInterest.user_id == nominee.id)
        ).first()
        skills = user_skills.skills_of(nominee)
    kinds = nominated_kinds(group)
    page = render_template(
        "talent_management/group.html",
        event=group.event,
        group=group,
        nominee=nominee,
        position=careers.current_position(nominee.id),
        work_email=careers.work_email(nominee),
        nominations=[n for n in group.nominations if n.submitted],
        kinds=kinds,
        status=status_of(group),
        consents=consents,
        interests=interests,
        skills=skills,
        availability_kinds=AVAILABILITY_KINDS,
        decision_forms={
            kind: posted.get(f"decide:{kind}") or DecisionForm(formdata=None, prefix=kind) for kind in kinds
        },
        reopen_forms={
            kind: posted.get(f"reopen:{kind}") or ReopenForm(formdata=None, prefix=f"reopen-{kind}")
            for kind in kinds
        },
        promotion_form=posted.get("promotion") or PromotionForm(formdata=None, prefix="promotion"),
        clear_form=ConfirmForm(formdata=None),
        can_promote=nomination_decisions.approved_for_a_move(group),
        error=error,
    )
    return page, status if error else 200


@bp.route("/events/<id:event_id>/groups/<id:group_id>")
@coordinators_only
def group(event_id: int, group_id: int) -> ResponseReturnValue:
    return render_group(_group(event_id, group_id))


def _form_errors(form: Any) -> str:
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


def _done(group: NominationGroup, action: str, anchor: str) -> ResponseReturnValue:
    db.session.commit()
    flash(str(DONE[action]), "success")
    return redirect(url_for("jobs_talent.group", event_id=group.event_id, group_id=group.id, _anchor=anchor))


def _kind(value: str) -> str:
    if value not in KINDS:
        abort(404)
    return value


@bp.route("/events/<id:event_id>/groups/<id:group_id>/<nomination_kind>/decision", methods=["POST"])
@coordinators_only
def group_decide(event_id: int, group_id: int, nomination_kind: str) -> ResponseReturnValue:
    group = _group(event_id, group_id)
    kind = _kind(nomination_kind)
    form = DecisionForm(prefix=kind)
    if form.validate_on_submit():
        try:
            nomination_decisions.decide(
                current_account(),
                group,
                kind,
                form.decision.data or "",
                form.notes.data,
                form.expires_on.data,
            )
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
            return render_group(group, {f"decide:{kind}": form}, exc.message)
        return _done(group, "decide", f"kind-{kind}")
    return render_group(group, {f"decide:{kind}": form}, _form_errors(form))


@bp.route("/events/<id:event_id>/groups/<id:group_id>/<nomination_kind>/reopen", methods=["POST"])
@coordinators_only
def group_reopen(event_id: int, group_id: int, nomination_kind: str) -> ResponseReturnValue:
    group = _group(event_id, group_id)
    kind = _kind(nomination_kind)
    form = ReopenForm(prefix=f"reopen-{kind}")
    if form.validate_on_submit():
        try:
            nomination_decisions.reopen(current_account(), group, kind, form.notes.data)
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
            return render_group(group, {f"reopen:{kind}": form}, exc.message, 409)
        return _done(group, "reopen", f"kind-{kind}")
    return render_group(group, {f"reopen:{kind}": form}, _form_errors(form))


@bp.route("/events/<id:event_id>/groups/<id:group_id>/promotion", methods=["POST"])
@coordinators_only
def group_promotion(event_id: int, group_id: int) -> ResponseReturnValue:
    group = _group(event_id, group_id)
    form = PromotionForm(prefix="promotion")
    if form.validate_on_submit():
        try:
            nomination_decisions.record_promotion(current_account(), group, form.promoted_on.data)
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
            return render_group(group, {"promotion": form}, exc.message)
        return _done(group, "promotion", "promotion")
    return render_group(group, {"promotion": form}, _form_errors(form))


@bp.route("/events/<id:event_id>/groups/<id:group_id>/promotion/clear", methods=["POST"])
@coordinators_only
def group_clear_promotion(event_id: int, group_id: int) -> ResponseReturnValue:
    group = _group(event_id, group_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        nomination_decisions.clear_promotion(current_account(), group)
    except JobsError as exc:
        db.session.rollback()
        return render_group(group, error=exc.message, status=409)
    return _done(group, "clear_promotion", "promotion")
