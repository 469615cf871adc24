"""Profile forms. Required-ness and cross-field rules live in the services, so the same rules hold for
every caller; forms parse and offer the choices."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from talent import clock, vocab
from talent.dates import format_day
from talent.extensions import db
from talent.forms_util import Form, MultiCheckboxField, RecordId, choices, vocab_choices
from talent.i18n import current_language
from talent.models import Classification, Department
from talent.passwords import MAX_LENGTH
from talent.profiles.services import DETAILS_MAX, JUSTIFICATION_MAX

YES_NO = (("yes", _l("Yes")), ("no", _l("No")))

#: Where telephone numbers without a country code are taken to be (``+1``: Canada and the United States).
PHONE_REGION = "CA"
#: The range of dates an experience can have: nothing before 1950, nothing planned more than 10 years ahead.
EARLIEST_DATE = date(1950, 1, 1)
YEARS_AHEAD = 10


class Telephone:
    """A number that can be dialled (Google's libphonenumber, through ``phonenumbers``): Canadian and US
    numbers as people write them (``613-555-0123``, ``(613) 555-0123 ext. 12``), others with their ``+``
    country code. The field is given back written one way: ``613-555-0123`` for ``+1`` numbers, the
    international form (``+33 1 42 68 53 00``) for the others. Blank passes: the profile says when one is
    needed."""

    def __call__(self, form: Any, field: Any) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        import phonenumbers  # on first use: its metadata is not worth loading for every app start

        message = str(_l("Enter a telephone number, for example 613-555-0123, or +33 1 42 68 53 00 abroad."))
        try:
            number = phonenumbers.parse(text, PHONE_REGION)
        except phonenumbers.NumberParseException as exc:
            raise ValidationError(message) from exc
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(message)
        written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        field.data = written.removeprefix("+1 ") if number.country_code == 1 else written


def latest_date(today: date | None = None) -> date:
    """The last date an experience may have: ``YEARS_AHEAD`` years from today (or 28 February)."""
    today = today or clock.today()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


class SaneDate:
    """A date from ``EARLIEST_DATE`` to ``latest_date()`` (a typo such as 3021 or 1020 is refused here, with
    the range, rather than stored). Blank passes."""

    def __call__(self, form: Any, field: Any) -> None:
        value = field.data
        if not isinstance(value, date):
            return
        latest = latest_date()
        if not EARLIEST_DATE <= value <= latest:
            raise ValidationError(
                str(
                    _l(
                        "Enter a date from %(earliest)s to %(latest)s.",
                        earliest=format_day(EARLIEST_DATE),
                        latest=format_day(latest),
                    )
                )
            )


class PersonalForm(Form):
    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Length(max=100)])
    telephone = TelField(
        _l("Telephone"),
        description=_l("For example: 613-555-0123"),
        validators=[Optional(), Length(max=40), Telephone()],
    )
    current_province = SelectField(
        _l("Province or territory where you live"),
        choices=vocab_choices(vocab.PROVINCES, _l("Choose one")),
        validators=[Optional()],
    )
    current_city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    citizenship = RadioField(
        _l("Citizenship"), choices=vocab_choices(vocab.CITIZENSHIP), validators=[Optional()]
    )
    armed_forces_status = RadioField(
        _l("Canadian Armed Forces"), choices=vocab_choices(vocab.ARMED_FORCES), validators=[Optional()]
    )
    preferred_language = RadioField(
        _l("Preferred language of communication"),
        choices=vocab_choices(vocab.LANGUAGES_COMM),
        validators=[Optional()],
    )
    interview_language = RadioField(
        _l("Preferred language for interviews"),
        choices=vocab_choices(vocab.LANGUAGES_COMM),
        validators=[Optional()],
    )
    exam_language = RadioField(
        _l("Preferred language for written exams"),
        choices=vocab_choices(vocab.LANGUAGES_COMM),
        validators=[Optional()],
    )


LANGUAGE_INTERESTS = (
    ("english", _l("English-only positions")),
    ("french", _l("French-only positions")),
    ("bilingual", _l("Bilingual positions (English and French)")),
)


class LanguagesForm(Form):
    interests = MultiCheckboxField(_l("I am interested in"), choices=choices(*LANGUAGE_INTERESTS))
    second_language_exam_completed = RadioField(
        _l("Have you completed a Government of Canada second language evaluation?"),
        choices=choices(*YES_NO),
        validators=[Optional()],
    )
    second_language_exam_valid = RadioField(
        _l("Are these results still valid?"), choices=choices(*YES_NO), validators=[Optional()]
    )
    comprehension_level = SelectField(
        _l("Reading comprehension"),
        choices=vocab_choices(vocab.SECOND_LANGUAGE_LEVELS, _l("Choose one")),
        validators=[Optional()],
    )
    written_level = SelectField(
        _l("Written expression"),
        choices=vocab_choices(vocab.SECOND_LANGUAGE_LEVELS, _l("Choose one")),
        validators=[Optional()],
    )
    verbal_level = SelectField(
        _l("Oral proficiency"),
        choices=vocab_choices(vocab.SECOND_LANGUAGE_LEVELS, _l("Choose one")),
        validators=[Optional()],
    )
    estimated_language_ability = RadioField(
        _l("If you have no evaluation results, how would you rate your second language?"),
        choices=vocab_choices(vocab.SELF_ASSESSED_LEVELS),
        validators=[Optional()],
    )


class LocationForm(Form):
    work_regions = MultiCheckboxField(
        _l("Regions where you are willing to work"), choices=vocab_choices(vocab.WORK_REGIONS)
    )
    work_arrangements = MultiCheckboxField(
        _l("Ways of working you accept"), choices=vocab_choices(vocab.WORK_ARRANGEMENTS)
    )
    location_exemptions = TextAreaField(
        _l("Locations you would not accept within these regions (optional)"),
        validators=[Optional(), Length(max=1000)],
    )


class ConditionsForm(Form):
    accepted_operational_requirements = MultiCheckboxField(
        _l("Working conditions you accept"), choices=vocab_choices(vocab.OPERATIONAL_REQUIREMENTS)
    )
    position_durations = MultiCheckboxField(
        _l("Position durations you accept"), choices=vocab_choices(vocab.POSITION_DURATIONS)
    )


class GovernmentForm(Form):
    is_gov_employee = RadioField(
        _l("Do you currently work for the Government of Canada?"),
        choices=choices(*YES_NO),
        validators=[Optional()],
    )
    gov_employee_type = SelectField(
        _l("Employment type"),
        choices=vocab_choices(vocab.GOV_EMPLOYEE_TYPES, _l("Choose one")),
        validators=[Optional()],
    )
    classification_id = SelectField(_l("Current classification"), validators=[Optional(), RecordId()])
    department_id = SelectField(_l("Department or agency"), validators=[Optional(), RecordId()])
    has_priority_entitlement = RadioField(
        _l("Do you have a priority entitlement for appointment?"),
        choices=choices(*YES_NO),
        validators=[Optional()],
    )
    priority_number = StringField(_l("Priority entitlement number"), validators=[Optional(), Length(max=40)])


class EquityForm(Form):
    consent = BooleanField(_l("I have read how this information is used and I agree to share it."))
    groups = MultiCheckboxField(_l("I identify as"), choices=vocab_choices(vocab.EQUITY_GROUPS))
    communities = MultiCheckboxField(
        _l("Indigenous communities (optional)"), choices=vocab_choices(vocab.INDIGENOUS_COMMUNITIES)
    )


LEVEL_CHOICES = [(str(level), label) for level, label in vocab.SKILL_LEVELS.items()]
CURRENT_CHOICES = (("yes", _l("I use this skill now")), ("no", _l("I used this skill in the past")))


class SkillSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(
        _l("Find a skill"),
        description=_l("Type a few letters, in English or French."),
        validators=[Optional(), Length(max=100)],
    )


class UserSkillForm(Form):
    skill = HiddenField()
    level = RadioField(
        _l("Your level"),
        choices=choices(*LEVEL_CHOICES),
        validate_choice=False,  # the service explains the four levels
        validators=[InputRequired(message=_l("Choose a level."))],
    )
    current = RadioField(
        _l("Do you use this skill now?"),
        choices=choices(*CURRENT_CHOICES),
        default="yes",
        validators=[InputRequired(message=_l("This field is required."))],
    )


class TopSkillsForm(Form):
    top = MultiCheckboxField(_l("Your top skills (up to five)"), validators=[RecordId()])


def _id_text(value: Any) -> str:
    """A record id as a select's value ("" for none)."""
    return "" if value is None else str(value)


def classification_choices() -> list[Any]:
    """The classifications as select options (group and level order), after a blank one."""
    lang = current_language()
    rows = db.session.scalars(select(Classification).order_by(Classification.group, Classification.level))
    return choices(("", _l("Choose one")), *[(str(c.id), f"{c.code} – {c.name(lang)}") for c in rows])


def department_choices() -> list[Any]:
    """The departments as select options, by name in the page's language, after a blank one."""
    lang = current_language()
    order = Department.name_fr if lang == "fr" else Department.name_en
    rows = db.session.scalars(select(Department).order_by(order))
    return choices(("", _l("Choose one")), *[(str(d.id), d.name(lang)) for d in rows])


class ExperienceForm(Form):
    title = StringField(_l("Title"), validators=[Length(max=255)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=255)])
    team = StringField(_l("Team, group or division"), validators=[Optional(), Length(max=255)])
    education_type = SelectField(
        _l("Type of education"),
        choices=vocab_choices(vocab.EDUCATION_TYPES, _l("Choose one")),
        validators=[Optional()],
    )
    education_status = SelectField(
        _l("Status"),
        choices=vocab_choices(vocab.EDUCATION_STATUSES, _l("Choose one")),
        validators=[Optional()],
    )
    thesis_title = StringField(_l("Thesis title (optional)"), validators=[Optional(), Length(max=255)])
    award_recipient = SelectField(
        _l("Awarded to"),
        choices=vocab_choices(vocab.AWARD_RECIPIENTS, _l("Choose one")),
        validators=[Optional()],
    )
    award_scope = SelectField(
        _l("Scope of the award"),
        choices=vocab_choices(vocab.AWARD_SCOPES, _l("Choose one")),
        validators=[Optional()],
    )
    start_date = DateField(_l("Start date"), validators=[Optional(), SaneDate()])
    end_date = DateField(
        _l("End date"),
        description=_l("Leave empty if it is still going on."),
        validators=[Optional(), SaneDate()],
    )
    details = TextAreaField(_l("Details"), validators=[Optional(), Length(max=DETAILS_MAX)])
    # A work experience in the public service: its department and classification (the current one gives a
    # government employee's current position). The service checks the ids; the options are read only when
    # the form is shown.
    department_id = SelectField(
        _l("Department or agency (public service only)"),
        choices=department_choices,
        coerce=_id_text,
        validate_choice=False,
        validators=[Optional(), RecordId()],
    )
    classification_id = SelectField(
        _l("Classification (public service only)"),
        choices=classification_choices,
        coerce=_id_text,
        validate_choice=False,
        validators=[Optional(), RecordId()],
    )

    def validate_end_date(self, field: Any) -> None:
        start = self.start_date.data
        if isinstance(start, date) and isinstance(field.data, date) and field.data < start:
            raise ValidationError(str(_l("The end date must be on or after the start date.")))


class SkillLinkForm(Form):
    user_skill = SelectField(
        _l("Skill"),
        validators=[InputRequired(message=_l("Choose a skill.")), RecordId(_l("Choose a skill."))],
    )
    justification = TextAreaField(
        _l("How did you use this skill in this experience?"),
        description=_l(
            "A few sentences: what you did, with what result. At most %(n)d characters.", n=JUSTIFICATION_MAX
        ),
        validators=[Optional(), Length(max=JUSTIFICATION_MAX)],
    )


class JustificationForm(Form):
    justification = TextAreaField(
        _l("How did you use this skill in this experience?"),
        validators=[Optional(), Length(max=JUSTIFICATION_MAX)],
    )


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(message=_l("This field is required.")), Length(max=MAX_LENGTH)],
    )
    confirm = BooleanField(_l("I understand that this deletes my profile and cannot be undone."))


class MatchingChoiceForm(Form):
    choice = HiddenField()
