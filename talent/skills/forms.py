"""Skills library forms. The services hold the rules (lengths, duplicates, known families); forms parse.

Choice fields do not check their choices (``validate_choice=False``): the services reject unknown values
with a translated message, rather than WTForms with an untranslated one.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from talent import vocab
from talent.forms_util import Form, choices

_required = InputRequired(message=_l("This field is required."))
_too_long = _l("Use at most %(max)d characters.")


def _category_choices(blank: str | None = None) -> list[object]:
    pairs = [(code, label) for code, label in vocab.SKILL_CATEGORIES.items()]
    return list(choices(("", blank), *pairs) if blank is not None else choices(*pairs))


def split_lines(text: str | None) -> list[str]:
    """Keywords typed one per line (commas also separate them)."""
    return [part.strip() for line in (text or "").splitlines() for part in line.split(",") if part.strip()]


class SkillSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Find a skill"), validators=[Optional(), Length(max=100, message=_too_long)])
    category = SelectField(
        _l("Kind of skill"),
        choices=_category_choices(_l("All skills")),
        validators=[Optional()],
        validate_choice=False,
    )


class AdminSkillSearchForm(SkillSearchForm):
    status = SelectField(
        _l("Status"),
        choices=choices(("active", _l("Offered")), ("retired", _l("Retired")), ("all", _l("All"))),
        default="active",
        validators=[Optional()],
        validate_choice=False,
    )
    source = SelectField(
        _l("Source"),
        choices=choices(
            ("", _l("All sources")),
            ("esco", "ESCO"),
            ("gc", _l("GC digital talent")),
            ("local", _l("Added or edited by administrators")),
        ),
        validators=[Optional()],
        validate_choice=False,
    )


class SkillForm(Form):
    name_en = StringField(_l("English name"), validators=[_required, Length(max=255, message=_too_long)])
    name_fr = StringField(
        _l("French name"),
        description=_l("Leave empty if there is no French name yet: the English name is shown, marked."),
        validators=[Optional(), Length(max=255, message=_too_long)],
    )
    description_en = TextAreaField(
        _l("English description"), validators=[Optional(), Length(max=5000, message=_too_long)]
    )
    description_fr = TextAreaField(
        _l("French description"), validators=[Optional(), Length(max=5000, message=_too_long)]
    )
    keywords_en = TextAreaField(
        _l("English keywords"),
        description=_l("Other names people search for, one per line."),
        validators=[Optional(), Length(max=6000, message=_too_long)],
    )
    keywords_fr = TextAreaField(
        _l("French keywords"),
        description=_l("Other names people search for, one per line."),
        validators=[Optional(), Length(max=6000, message=_too_long)],
    )
    category = SelectField(
        _l("Kind of skill"), choices=_category_choices(), validators=[_required], validate_choice=False
    )
    gc_families = SelectMultipleField(_l("Families"), choices=[], validate_choice=False)
    families = StringField(
        _l("Other families (ESCO skill groups)"),
        description=_l("ESCO skill group codes separated by commas, for example S5.5.1, 0613."),
        validators=[Optional(), Length(max=1000, message=_too_long)],
    )


class RetireForm(Form):
    reason = TextAreaField(
        _l("Why is the skill retired?"),
        description=_l("Kept in the audit log and shown to administrators."),
        validators=[_required, Length(max=500, message=_too_long)],
    )


class UnretireForm(Form):
    pass


class MergeForm(Form):
    """Step 1: find the skill to keep (``q``, the suggestions post ``into``); step 2: ``confirm``."""

    q = StringField(
        _l("Skill to keep"),
        description=_l("Type its name or key, then choose it from the suggestions."),
        validators=[Optional(), Length(max=100, message=_too_long)],
    )
    into = HiddenField()
    reason = TextAreaField(
        _l("Reason (optional)"), validators=[Optional(), Length(max=500, message=_too_long)]
    )
    confirm = HiddenField()
