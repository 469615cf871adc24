"""The job board's filter form (a GET form: no CSRF). An unknown choice gets a translated message rather
than WTForms' own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from jobs import vocab
from talent.forms_util import Form, vocab_choices

_too_long = _l("Use at most %(max)d characters.")
_unknown_choice = _l("Choose an option from the list.")
# Blank means "any"; a value of spaces is not one of the options and is reported like any other.
_optional = Optional(strip_whitespace=False)

REMOTE_CHOICES = {
    "remote": _l("Remote work"),
    "onsite": _l("At a location (not remote)"),
}


class BoardFilterForm(Form):
    class Meta:
        csrf = False

    classification = SelectField(
        _l("Classification"), choices=[], validators=[_optional], invalid_choice_message=_unknown_choice
    )
    stream = SelectField(
        _l("Work stream"),
        choices=vocab_choices(vocab.STREAMS, _l("Any work stream")),
        validators=[_optional],
        invalid_choice_message=_unknown_choice,
    )
    language = SelectField(
        _l("Language requirement"),
        choices=vocab_choices(vocab.LANGUAGE_REQUIREMENTS, _l("Any language requirement")),
        validators=[_optional],
        invalid_choice_message=_unknown_choice,
    )
    remote = SelectField(
        _l("Remote or on site"),
        choices=vocab_choices(REMOTE_CHOICES, _l("Remote or at a location")),
        validators=[_optional],
        invalid_choice_message=_unknown_choice,
    )
    location = StringField(
        _l("Location"),
        description=_l("A city or region, for example Ottawa."),
        validators=[Optional(), Length(max=100, message=_too_long)],
    )
    skill = StringField(
        _l("Skill"),
        description=_l("A skill's name, in English or in French, for example Python or sécurité."),
        validators=[Optional(), Length(max=100, message=_too_long)],
    )
