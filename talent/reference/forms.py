"""Reference data forms. Numbers are typed as text and checked here, so that every message is ours
(translated), not WTForms' own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from talent.forms_util import Form

_required = InputRequired(message=_l("This field is required."))
_too_long = _l("Use at most %(max)d characters.")
_whole_number = Regexp(r"^\s*\d{1,7}\s*$", message=_l("Enter a whole number, digits only."))


def as_int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


class ClassificationForm(Form):
    group = StringField(
        _l("Group"),
        description=_l("2 to 5 letters, for example IT."),
        validators=[_required, Length(max=5, message=_too_long)],
    )
    level = StringField(
        _l("Level"), description=_l("For example 3 for IT-03."), validators=[_required, _whole_number]
    )
    name_en = StringField(_l("English name"), validators=[_required, Length(max=255, message=_too_long)])
    name_fr = StringField(_l("French name"), validators=[_required, Length(max=255, message=_too_long)])
    min_salary = StringField(_l("Lowest yearly salary (dollars)"), validators=[Optional(), _whole_number])
    max_salary = StringField(_l("Highest yearly salary (dollars)"), validators=[Optional(), _whole_number])


class DepartmentForm(Form):
    number = StringField(_l("Department number"), validators=[_required, _whole_number])
    name_en = StringField(_l("English name"), validators=[_required, Length(max=255, message=_too_long)])
    name_fr = StringField(_l("French name"), validators=[_required, Length(max=255, message=_too_long)])
