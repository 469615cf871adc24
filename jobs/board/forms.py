"""The job board's filter form (a GET form: no CSRF). Choices are checked by the view, which answers an
unknown value with a translated message rather than WTForms' own."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from jobs import vocab
from talent.forms_util import choices

_too_long = _l("Use at most %(max)d characters.")

REMOTE_CHOICES = {
    "remote": _l("Remote work"),
    "onsite": _l("At a location (not remote)"),
}


def _vocab(vocabulary: dict[str, Any], blank: Any) -> list[Any]:
    return choices(("", blank), *vocabulary.items())


class BoardFilterForm(FlaskForm):
    class Meta:
        csrf = False

    classification = SelectField(
        _l("Classification"), choices=[], validators=[Optional()], validate_choice=False
    )
    stream = SelectField(
        _l("Work stream"),
        choices=_vocab(vocab.STREAMS, _l("Any work stream")),
        validators=[Optional()],
        validate_choice=False,
    )
    language = SelectField(
        _l("Language requirement"),
        choices=_vocab(vocab.LANGUAGE_REQUIREMENTS, _l("Any language requirement")),
        validators=[Optional()],
        validate_choice=False,
    )
    remote = SelectField(
        _l("Remote or on site"),
        choices=_vocab(REMOTE_CHOICES, _l("Remote or at a location")),
        validators=[Optional()],
        validate_choice=False,
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
