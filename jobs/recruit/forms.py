"""Forms of the recruitment team's pages. They parse and offer choices; the rules live in the services."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from jobs import vocab
from jobs.recruit import labels
from jobs.services import decisions, processes
from talent import vocab as talent_vocab
from talent.forms_util import Form, MultiCheckboxField, RecordId, choices, vocab_choices

_required = InputRequired(message=_l("This field is required."))
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _valid_time(form: Any, field: Any) -> None:
    if field.data and not _TIME.match(field.data.strip()):
        raise ValidationError(_l("Enter a time as hours and minutes, for example 23:59."))


def parse_time(value: str | None) -> time | None:
    """``HH:MM`` (already validated) as a time; None when empty."""
    match = _TIME.match((value or "").strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _closing_date(label: Any, required: bool = False) -> DateField:
    return DateField(
        label,
        validators=[_required] if required else [Optional()],
        description=_l("The advertisement closes at the end of the time below, Eastern time."),
    )


def _closing_time() -> StringField:
    return StringField(
        _l("Closing time (Eastern time)"),
        default="23:59",
        description=_l("Hours and minutes, 24-hour clock. For example 23:59."),
        validators=[Optional(), _valid_time],
    )


# --- Processes ----------------------------------------------------------------------------------------------


class ProcessFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=vocab_choices(vocab.PROCESS_STATUSES, _l("All statuses")),
        validators=[Optional()],
    )


def _text(field: str, lang: str) -> Any:
    limit = processes.TEXT_LIMITS.get(field, processes.LONG_TEXT)
    kind = StringField if field in processes.TEXT_LIMITS else TextAreaField
    return kind(
        labels.bilingual_label(field, lang),
        validators=[Optional(), Length(max=limit, message=_l("Use at most %(max)d characters."))],
    )


class DetailsForm(Form):
    """Every field of the advertisement; the bilingual texts side by side (``<field>_en``/``<field>_fr``)."""

    title_en = _text("title", "en")
    title_fr = _text("title", "fr")
    key_tasks_en = _text("key_tasks", "en")
    key_tasks_fr = _text("key_tasks", "fr")
    impact_en = _text("impact", "en")
    impact_fr = _text("impact", "fr")
    about_us_en = _text("about_us", "en")
    about_us_fr = _text("about_us", "fr")
    what_to_expect_en = _text("what_to_expect", "en")
    what_to_expect_fr = _text("what_to_expect", "fr")
    special_note_en = _text("special_note", "en")
    special_note_fr = _text("special_note", "fr")
    location_en = _text("location", "en")
    location_fr = _text("location", "fr")
    classification_id = SelectField(_l("Classification"), validators=[Optional(), RecordId()])
    stream = SelectField(
        _l("Work stream"), choices=vocab_choices(vocab.STREAMS, _l("Choose one")), validators=[Optional()]
    )
    language_requirement = SelectField(
        _l("Language requirement"),
        choices=vocab_choices(vocab.LANGUAGE_REQUIREMENTS, _l("Choose one")),
        validators=[Optional()],
    )
    security_clearance = SelectField(
        _l("Security clearance"),
        choices=vocab_choices(vocab.SECURITY_CLEARANCES, _l("Choose one")),
        validators=[Optional()],
    )
    work_location = RadioField(
        _l("Where the work is done"),
        choices=choices(
            ("remote", _l("Remote: anywhere in Canada")),
            ("location", _l("At the location given above")),
        ),
        validators=[Optional()],
    )
    opportunity_length = SelectField(
        _l("Length of the opportunity"),
        choices=vocab_choices(vocab.OPPORTUNITY_LENGTHS, _l("Choose one")),
        validators=[Optional()],
    )
    operational_requirements = MultiCheckboxField(
        _l("Operational requirements"), choices=vocab_choices(talent_vocab.OPERATIONAL_REQUIREMENTS)
    )
    closing_date = _closing_date(_l("Closing date"))
    closing_time = _closing_time()
    contact_email = EmailField(
        _l("Contact e-mail address"),
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )


class SkillSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(
        _l("Search the skills library (English or French)"), validators=[Optional(), Length(max=100)]
    )


class ProcessSkillForm(Form):
    """Add a skill (or change one): the kind comes from the button pressed."""

    skill = HiddenField(validators=[_required, RecordId()])  # a skill id
    kind = HiddenField()
    level = StringField()


class QuestionForm(Form):
    kind = RadioField(
        _l("Kind of question"), choices=vocab_choices(vocab.QUESTION_KINDS), validators=[Optional()]
    )
    text_en = TextAreaField(_l("Question in English"), validators=[Optional(), Length(max=2000)])
    text_fr = TextAreaField(_l("Question in French"), validators=[Optional(), Length(max=2000)])


class StepForm(Form):
    kind = SelectField(
        _l("Kind of assessment"),
        choices=vocab_choices(vocab.STEP_KINDS, _l("Choose one")),
        validators=[Optional()],
    )
    title_en = StringField(_l("Title in English (optional)"), validators=[Optional(), Length(max=255)])
    title_fr = StringField(_l("Title in French (optional)"), validators=[Optional(), Length(max=255)])
    skill_ids = MultiCheckboxField(_l("Essential skills assessed at this step"), validators=[RecordId()])


class StepSkillsForm(Form):
    skill_ids = MultiCheckboxField(_l("Essential skills assessed at this step"), validators=[RecordId()])


class RecruiterForm(Form):
    email = EmailField(
        _l("E-mail address of the recruiter"),
        validators=[
            _required,
            Length(max=254),
            Email(message=_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )


class ConfirmForm(Form):
    """Only the CSRF token: for actions confirmed by pressing a button."""


class CloseForm(Form):
    reason = TextAreaField(
        _l("Why are you closing the advertisement early?"), validators=[Optional(), Length(max=2000)]
    )


class ExtendForm(Form):
    closing_date = _closing_date(_l("New closing date"), required=True)
    closing_time = _closing_time()


# --- Applicants ---------------------------------------------------------------------------------------------


class ApplicantFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=vocab_choices(labels.APPLICANT_STATUSES, _l("All statuses")),
        validators=[Optional()],
    )
    q = StringField(_l("Search by name or e-mail"), validators=[Optional(), Length(max=100)])


class ResultForm(Form):
    """One cell of the assessment grid: ``cell`` is a process skill id, or ``education``."""

    step = StringField(validators=[_required, RecordId()])
    cell = StringField(validators=[_required])
    result = StringField()
    justification = TextAreaField(validators=[Optional()])  # its length is checked by the service


class QualifyForm(Form):
    expiry_date = DateField(
        _l("Expiry date of the qualification (optional)"),
        description=_l("The candidate stays in the pool until this date."),
        validators=[Optional()],
    )


class DisqualifyForm(Form):
    reason = TextAreaField(
        _l("Reason for the disqualification"), validators=[Optional(), Length(max=decisions.REASON_MAX)]
    )


class PlaceForm(Form):
    placement = SelectField(
        _l("Kind of placement"),
        choices=vocab_choices(vocab.PLACEMENTS, _l("Choose one")),
        validators=[Optional()],
    )
    department_id = SelectField(_l("Department"), validators=[Optional(), RecordId()])


class RemoveForm(Form):
    reason = SelectField(
        _l("Reason for the removal"),
        choices=vocab_choices(vocab.REMOVAL_REASONS, _l("Choose one")),
        validators=[Optional()],
    )
    details = TextAreaField(
        _l("Details (needed for another reason)"), validators=[Optional(), Length(max=decisions.REASON_MAX)]
    )


class PauseForm(Form):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=decisions.REASON_MAX)])


# --- Pools --------------------------------------------------------------------------------------------------


class PoolFilterForm(Form):
    class Meta:
        csrf = False

    available = SelectField(
        _l("Availability"),
        choices=choices(("", _l("All pool members")), ("yes", _l("Available only"))),
        validators=[Optional()],
    )
    expiry = SelectField(
        _l("Expiry"), choices=vocab_choices(labels.POOL_EXPIRY, _l("Any expiry")), validators=[Optional()]
    )
    flag = SelectField(
        _l("Suspended or paused"),
        choices=vocab_choices(labels.POOL_FLAGS, _l("Any")),
        validators=[Optional()],
    )
    placement = SelectField(
        _l("Placement"),
        choices=choices(("", _l("Any")), ("none", _l("Not placed")), *vocab.PLACEMENTS.items()),
        validators=[Optional()],
    )
