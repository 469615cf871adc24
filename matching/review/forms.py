"""Forms of the match-run pages. They parse and offer choices; the rules live in ``matching.services``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from jobs import vocab
from jobs.models import Process
from matching.review.notes import NOTE_MAX
from matching.services import REASON_MAX
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.forms_util import Form, RecordId, as_id, choices, vocab_choices
from talent.models import Classification

# What a decision is called once taken, and the action that takes it.
DECISION_LABELS = {
    "shortlist": _l("Shortlisted"),
    "refer": _l("Referred to the manager"),
    "not_a_fit": _l("Not a fit"),
}
ACTIONS = {
    "shortlist": _l("Shortlist"),
    "refer": _l("Refer to the manager"),
    "not_a_fit": _l("Not a fit"),
    "clear": _l("Clear the decision"),
}
# The filter on how candidates stand against the request's required skills (``matching.review.tiers``).
TIER_FILTERS = {
    "met": _l("Meets all required skills"),
    "held": _l("Holds all required skills (some may be below the level)"),
}
DECISION_FILTERS = {
    "none": _l("No decision yet"),
    "shortlist": _l("Shortlisted"),
    "refer": _l("Referred to the manager"),
    "not_a_fit": _l("Not a fit"),
}

_INVALID = _l("Choose an option from the list.")
_required = InputRequired(message=_INVALID)
_length = Length(max=REASON_MAX, message=_l("Use at most %(n)d characters.", n=REASON_MAX))


def parse_ids(values: Iterable[str]) -> list[int] | None:
    """Ids (or ranks) as posted (strings) as integers, or None when one of them cannot be one (``as_id``)."""
    ids = [as_id(value) for value in values]
    return None if None in ids else [i for i in ids if i is not None]


class PoolsField(SelectMultipleField):
    """Pools (process ids) shown as checkboxes. The service checks that each one may be used, so the field
    only refuses what cannot be an id (its ``RecordId`` validator): no check against the choices."""

    def process_formdata(self, valuelist: list[str]) -> None:
        posted: list[Any] = list(valuelist)  # kept as posted when one is not an id: the validator says so
        ids = parse_ids(valuelist)
        self.data = ids if ids is not None else posted

    def pre_validate(self, form: Any) -> None:
        pass


class StartRunForm(Form):
    # Ticked unless the team unticks it (``matching.services.INCLUDE_PROGRAMME`` says why).
    programme = BooleanField(
        _l("Include the people the talent management programme approved for advancement or a lateral move"),
        default=True,
    )
    pools = PoolsField(
        _l("Pools to match from"),
        coerce=int,
        validators=[RecordId(_l("Choose pools from the list."))],
        description=_l(
            "Qualified members of these pools who are available and fit the request’s conditions are ranked."
        ),
    )


def start_form(
    lang: str, pool_ids: Iterable[int], selected: Iterable[int], formdata: Any = None
) -> StartRunForm:
    """The start form offering ``pool_ids`` (published processes), ``selected`` ticked."""
    form = StartRunForm(formdata=formdata) if formdata is not None else StartRunForm(formdata=None)
    processes = db.session.scalars(select(Process).where(Process.id.in_(list(pool_ids))).order_by(Process.id))
    form.pools.choices = choices(*[(str(p.id), pool_label(p, lang)) for p in processes])
    if formdata is None:
        form.pools.data = list(selected)
    return form


def pool_label(process: Process, lang: str) -> str:
    title = process.text("title", lang) or str(_l("Process #%(id)s", id=process.id))
    return f"{title} ({process.classification.code})" if process.classification else title


class DecisionForm(Form):
    """The decision on one ranked candidate (prefixed with the candidate, one per row)."""

    decision = SelectField(_l("Decision"), validators=[_required], invalid_choice_message=_INVALID)
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), _length],
        description=_l("Required when the candidate is not a fit."),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), _length])


def decision_form(user_id: int, current: Any = None, formdata: Any = None) -> DecisionForm:
    data = {}
    if current is not None and formdata is None:
        data = {
            "decision": current.decision or "clear",
            "reason": current.reason or "",
            "notes": current.notes or "",
        }
    form = (
        DecisionForm(prefix=f"c{user_id}", formdata=formdata)
        if formdata is not None
        else DecisionForm(prefix=f"c{user_id}", formdata=None, data=data)
    )
    form.decision.choices = vocab_choices(ACTIONS, _l("Choose one"))
    return form


class BulkDecisionForm(Form):
    """One decision for every ticked candidate. The ticks are native checkboxes of the list (``candidates``),
    tied to this form with their ``form`` attribute."""

    decision = SelectField(_l("Action"), validators=[_required], invalid_choice_message=_INVALID)
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), _length],
        description=_l("Required when the candidates are not a fit."),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), _length])


def bulk_form(formdata: Any = None) -> BulkDecisionForm:
    form = (
        BulkDecisionForm(prefix="bulk", formdata=formdata)
        if formdata is not None
        else BulkDecisionForm(prefix="bulk", formdata=None)
    )
    form.decision.choices = vocab_choices(ACTIONS, _l("Choose one"))
    return form


class ReviewFilterForm(Form):
    """Filters of the review list, on the candidates' current profiles (and pools, for the clearance)."""

    class Meta:
        csrf = False

    language = SelectField(
        _l("Language"),
        choices=vocab_choices(vocab.LANGUAGE_FILTERS, _l("Any")),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
    )
    region = SelectField(
        _l("Work region"),
        choices=vocab_choices(talent_vocab.WORK_REGIONS, _l("Any")),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
    )
    arrangement = SelectField(
        _l("Remote, hybrid or on-site"),
        choices=vocab_choices(talent_vocab.WORK_ARRANGEMENTS, _l("Any")),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
    )
    clearance = SelectField(
        _l("Security clearance"),
        choices=vocab_choices(vocab.SECURITY_CLEARANCES, _l("Any")),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
        description=_l("Qualified in a pool whose job required this clearance."),
    )
    classification = SelectField(
        _l("Current classification"),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
        description=_l("The government employee’s classification given on the profile."),
    )
    decision = SelectField(
        _l("Decision"),
        choices=vocab_choices(DECISION_FILTERS, _l("Any")),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
    )
    tier = SelectField(
        _l("Required skills"),
        choices=vocab_choices(TIER_FILTERS, _l("Any")),
        validators=[Optional()],
        invalid_choice_message=_INVALID,
    )


def filter_form(formdata: Any) -> ReviewFilterForm:
    form = ReviewFilterForm(formdata=formdata)
    rows = db.session.scalars(select(Classification).order_by(Classification.group, Classification.level))
    form.classification.choices = choices(("", _l("Any")), *[(c.code, c.code) for c in rows])
    return form


class NoteForm(Form):
    """A recruiter's private note on one ranked candidate (prefixed with the candidate's rank: one a row)."""

    text = TextAreaField(
        _l("Your private note"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("Use at most %(n)d characters.", n=NOTE_MAX)),
        ],
        description=_l(
            "Only you can read it, here in this run’s list: not the rest of the team, not the manager, "
            "not the CSV. It is deleted with the run. Like anything written about a person, it is part of "
            "what they receive if they ask for their personal data. Leave it empty to delete it."
        ),
    )


def note_form(rank: int, note: Any = None, formdata: Any = None) -> NoteForm:
    if formdata is not None:
        return NoteForm(prefix=f"n{rank}", formdata=formdata)
    return NoteForm(prefix=f"n{rank}", formdata=None, data={"text": note.text if note is not None else ""})
