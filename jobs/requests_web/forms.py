"""Forms of the talent-request pages. They parse and offer choices; the rules (what is required, which
codes exist, dates) live in ``jobs.services.requests``, whose errors name these fields.

No field carries ``required`` for the browser: the request form is also submitted to add or remove a
skill, which the components' own validation would block. Labels say what is required; the server decides.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from jobs import vocab
from jobs.find.forms import MultiCheckboxField
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.forms_util import Form, RecordId, choices, vocab_choices
from talent.models import Classification, Department


def _select(
    label: Any,
    vocabulary: dict[Any, Any] | None = None,
    blank: Any = None,
    validators: tuple[Any, ...] = (),
    **kwargs: Any,
) -> Any:
    return SelectField(
        label,
        choices=vocab_choices(vocabulary, blank) if vocabulary is not None else [],
        validators=[Optional(), *validators],
        validate_choice=False,
        **kwargs,
    )


def _text(label: Any, **kwargs: Any) -> Any:
    return StringField(label, validators=[Optional()], **kwargs)


class ConfirmForm(Form):
    """A button that changes something (decline a referral): only the CSRF token."""


class RequestForm(Form):
    # The search the request came from (``TalentFilters.to_json``), checked again on submission.
    search = HiddenField()
    guest_name = _text(_l("Your name (required)"), render_kw={"autocomplete": "name"})
    guest_email = EmailField(
        _l("Your e-mail address (required)"),
        validators=[Optional()],
        description=_l("We send the private link to follow your request to this address."),
    )
    department_id = _select(_l("Department or agency"), validators=(RecordId(),))
    job_title = _text(_l("Job title (required)"), description=_l("For example: Data engineer."))
    position_type = _select(_l("Position type"), vocab.POSITION_TYPES, _l("Choose one"))
    classification_id = _select(
        _l("Classification"),
        validators=(RecordId(),),
        description=_l("Give a classification, a skill, or both."),
    )
    skills = HiddenField(_l("Skills"))  # holds the skills' errors; the rows are read by the view
    language = _select(_l("Language of the position"), vocab.LANGUAGE_FILTERS, _l("Choose one"))
    security_clearance = _select(_l("Security clearance"), vocab.SECURITY_CLEARANCES, _l("Choose one"))
    regions = MultiCheckboxField(_l("Work regions"), choices=vocab_choices(talent_vocab.WORK_REGIONS))
    work_arrangements = MultiCheckboxField(
        _l("Remote, hybrid or on-site"), choices=vocab_choices(talent_vocab.WORK_ARRANGEMENTS)
    )
    operational_requirements = MultiCheckboxField(
        _l("Operational requirements"), choices=vocab_choices(talent_vocab.OPERATIONAL_REQUIREMENTS)
    )
    position_durations = MultiCheckboxField(
        _l("Position durations"), choices=vocab_choices(talent_vocab.POSITION_DURATIONS)
    )
    reason = _select(_l("Reason for the request (required)"), vocab.REQUEST_REASONS, _l("Choose one"))
    start_date = DateField(
        _l("Expected start date"), validators=[Optional()], description=_l("Today or later.")
    )
    hiring_manager_name = _text(_l("Hiring manager’s name (required)"))
    hiring_manager_email = EmailField(
        _l("Hiring manager’s e-mail address (required)"), validators=[Optional()]
    )
    hr_advisor_name = _text(_l("HR advisor’s name"))
    hr_advisor_email = EmailField(_l("HR advisor’s e-mail address"), validators=[Optional()])
    comments = TextAreaField(
        _l("Comments"),
        validators=[Optional()],
        description=_l("Anything else the recruitment team should know about the position."),
    )

    def need(self) -> dict[str, Any]:
        """What ``requests.submit`` reads."""
        names = (
            "guest_name",
            "guest_email",
            "department_id",
            "job_title",
            "position_type",
            "classification_id",
            "language",
            "security_clearance",
            "regions",
            "work_arrangements",
            "operational_requirements",
            "position_durations",
            "reason",
            "start_date",
            "hiring_manager_name",
            "hiring_manager_email",
            "hr_advisor_name",
            "hr_advisor_email",
            "comments",
        )
        return {name: self[name].data for name in names}


def reference_choices(form: RequestForm, lang: str) -> None:
    departments = sorted(db.session.scalars(select(Department)), key=lambda d: d.name(lang).casefold())
    form.department_id.choices = choices(
        ("", _l("Choose one")), *[(str(d.id), d.name(lang)) for d in departments]
    )
    classifications = db.session.scalars(
        select(Classification).order_by(Classification.group, Classification.level)
    )
    form.classification_id.choices = choices(
        ("", _l("Choose one")), *[(str(c.id), f"{c.code} – {c.name(lang)}") for c in classifications]
    )


# --- The recruitment team -----------------------------------------------------------------------------------


class QueueFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=vocab_choices(vocab.REQUEST_STATUSES, _l("All statuses")),
        validators=[Optional()],
        validate_choice=False,
    )


class StatusForm(Form):
    status = _select(_l("Status"), vocab.REQUEST_STATUSES)
    detail = _select(_l("Where it stands (in progress)"), vocab.REQUEST_STATUS_DETAILS, _l("Choose one"))
    outcome = _select(_l("Outcome (completed)"), vocab.REQUEST_OUTCOMES, _l("Choose one"))
    follow_up_date = DateField(
        _l("Follow-up date"), validators=[Optional()], description=_l("When to get back to the manager.")
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional()])


class ReferForm(Form):
    """Refer one available pool member, or say why not (the button pressed decides)."""

    reason = TextAreaField(
        _l("Reason for not referring"), validators=[Optional()], description=_l("Required to not refer.")
    )


SELECTIONS = {"selected": _l("Selected"), "not_selected": _l("Not selected")}


class SelectionForm(Form):
    """The manager's decision on a referred candidate, as the team records it."""

    selection = _select(_l("Manager’s decision"), SELECTIONS, _l("Choose one"))
    reason = _select(_l("Reason (not selected)"), vocab.SELECTION_REASONS, _l("Choose one"))
    details = TextAreaField(_l("Details"), validators=[Optional()], description=_l("Required for “Other”."))


class ReportForm(Form):
    class Meta:
        csrf = False

    start = DateField(
        _l("From"), validators=[Optional()], description=_l("Requests made on or after this day.")
    )
    end = DateField(_l("To"), validators=[Optional()], description=_l("Requests made on or before this day."))
