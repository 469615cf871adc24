"""Forms of the coordinators' pages (events, their coordinators, decisions on a group). They parse and offer
choices; the rules live in the services (``jobs.services.nomination_events``, ``nomination_decisions``).
The nominating pages' forms are in ``forms_nominations``."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from jobs import vocab
from jobs.recruit.forms import parse_time
from jobs.services import nomination_decisions, nomination_events
from talent import vocab as talent_vocab
from talent.forms_util import Form, MultiCheckboxField, vocab_choices

_required = InputRequired(message=_l("This field is required."))


def _valid_time(form: Any, field: Any) -> None:
    if field.data and parse_time(field.data) is None:
        raise ValidationError(_l("Enter a time as hours and minutes, for example 23:59."))


def _time(label: Any, default: str) -> StringField:
    return StringField(
        label,
        default=default,
        description=_l("Hours and minutes, 24-hour clock. For example 23:59."),
        validators=[Optional(), _valid_time],
    )


def _text(field: str, lang: str, label: Any) -> Any:
    limit, required = nomination_events.TEXTS[field]
    kind = TextAreaField if field == "description" else StringField
    return kind(
        label,
        validators=[
            _required if required else Optional(),
            Length(max=limit, message=_l("Use at most %(max)d characters.")),
        ],
    )


class EventForm(Form):
    """An event's fields; the moments as a date and a time in the reference time zone (Eastern time)."""

    name_en = _text("name", "en", _l("Name in English"))
    name_fr = _text("name", "fr", _l("Name in French"))
    description_en = _text("description", "en", _l("Description in English"))
    description_fr = _text("description", "fr", _l("Description in French"))
    link_en = _text("link", "en", _l("Web page in English (optional)"))
    link_fr = _text("link", "fr", _l("Web page in French (optional)"))
    opens_date = DateField(
        _l("Opening date"),
        validators=[_required],
        description=_l("Nominations open at the time below, Eastern time."),
    )
    opens_time = _time(_l("Opening time (Eastern time)"), "00:00")
    closes_date = DateField(
        _l("Closing date"),
        validators=[_required],
        description=_l("Nominations close at the time below, Eastern time."),
    )
    closes_time = _time(_l("Closing time (Eastern time)"), "23:59")
    development_programmes = MultiCheckboxField(
        _l("Development programmes on offer"), choices=vocab_choices(talent_vocab.DEVELOPMENT_PROGRAMMES)
    )
    assesses_leadership = BooleanField(_l("Leadership competencies are assessed"))


class CoordinatorForm(Form):
    email = EmailField(
        _l("E-mail address of the talent coordinator"),
        validators=[
            _required,
            Length(max=254),
            Email(message=_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )


class ConfirmForm(Form):
    """Only the CSRF token: for actions confirmed by pressing a button."""


class DecisionForm(Form):
    """A decision on one kind of a group (the page shows one per kind nominated, prefixed by the kind)."""

    decision = RadioField(
        _l("Decision"), choices=vocab_choices(vocab.NOMINATION_DECISIONS), validators=[Optional()]
    )
    notes = TextAreaField(
        _l("Notes"),
        validators=[Optional(), Length(max=nomination_decisions.NOTES_MAX)],
    )
    expires_on = DateField(
        _l("Available until"),
        description=_l("The last day hiring managers can find the person, if approved."),
        validators=[Optional()],
    )


class ReopenForm(Form):
    notes = TextAreaField(
        _l("Why reopen the decision? (optional)"),
        validators=[Optional(), Length(max=nomination_decisions.NOTES_MAX)],
    )


class PromotionForm(Form):
    promoted_on = DateField(_l("Date of the promotion"), validators=[_required])
