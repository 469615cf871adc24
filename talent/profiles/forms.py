"""Profile forms. Required-ness and cross-field rules live in the services, so the same rules hold for
every caller; forms parse and offer the choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
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
from wtforms.validators import InputRequired, Length, Optional

from talent import vocab
from talent.forms_util import Form, MultiCheckboxField, RecordId, choices, vocab_choices
from talent.passwords import MAX_LENGTH
from talent.profiles.services import DETAILS_MAX, JUSTIFICATION_MAX

YES_NO = (("yes", _l("Yes")), ("no", _l("No")))


class PersonalForm(Form):
    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Length(max=100)])
    telephone = TelField(
        _l("Telephone"), description=_l("For example: 613-555-0123"), validators=[Optional(), Length(max=40)]
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
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(
        _l("End date"), description=_l("Leave empty if it is still going on."), validators=[Optional()]
    )
    details = TextAreaField(_l("Details"), validators=[Optional(), Length(max=DETAILS_MAX)])


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
