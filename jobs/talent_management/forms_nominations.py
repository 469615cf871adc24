"""Forms of the employees' nomination pages. They parse and offer choices; the rules (who may be nominated,
what is required at submission, which programmes an event offers) live in ``jobs.services.nominating``,
whose errors name these fields.

No field carries ``required`` for the browser: the nomination form is also sent to save a draft or to add
or remove a skill, which the components' own validation would block. Labels say what submission requires.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from jobs import vocab
from jobs.models.nominations import KINDS, NominationEvent
from jobs.services.nominating import MAX_EMAIL, MAX_NAME, MAX_RATIONALE, NominationFields
from talent import vocab as talent_vocab
from talent.forms_util import Form, MultiCheckboxField, choices, vocab_choices


class ConfirmNominationForm(Form):
    """A button that changes something (delete a draft, decline, withdraw a decline): the CSRF token."""


class NomineeForm(Form):
    whom = RadioField(
        _l("Whom do you nominate?"),
        choices=choices(("self", _l("Myself")), ("colleague", _l("A colleague"))),
        validators=[Optional()],
        validate_choice=False,
    )
    work_email = StringField(
        _l("Your colleague’s work e-mail address"),
        validators=[Optional(), Length(max=MAX_EMAIL)],
        description=_l("The government work e-mail address they confirmed on their profile."),
    )


class NominationForm(Form):
    kinds = MultiCheckboxField(_l("Nominated for (at least one)"))
    development_programmes = MultiCheckboxField(
        _l("Development programmes"),
        description=_l("Required for development programmes: among those this event offers."),
    )
    rationale = TextAreaField(
        _l("Rationale (required)"),
        validators=[Optional(), Length(max=MAX_RATIONALE)],
        description=_l("Why this person is ready for what you nominate them for. At most 5,000 characters."),
    )
    relationship = SelectField(
        _l("Your relationship to the person (required)"),
        validators=[Optional()],
        validate_choice=False,
    )
    # Holds the skills' errors; the chosen skills are read by the view (one ``skill`` input each).
    skills = HiddenField(_l("Relevant skills"))
    reference_name = StringField(
        _l("Reference’s name"),
        validators=[Optional(), Length(max=MAX_NAME)],
        description=_l("Required for advancement: someone who can speak to their readiness."),
    )
    reference_email = StringField(
        _l("Reference’s e-mail address"),
        validators=[Optional(), Length(max=MAX_EMAIL)],
        description=_l("Required for advancement."),
    )

    def offer(self, event: NominationEvent, oneself: bool) -> None:
        """The choices this event and this nominee allow: development only when the event offers
        programmes, and "self" only for oneself (then it is the only relationship)."""
        offered = list(event.development_programmes or [])
        kinds = [k for k in KINDS if k != "development" or offered]
        self.kinds.choices = choices(*[(k, vocab.NOMINATION_KINDS[k]) for k in kinds])
        self.development_programmes.choices = choices(
            *[(code, talent_vocab.DEVELOPMENT_PROGRAMMES.get(code, code)) for code in offered]
        )
        relationships = {
            code: text for code, text in vocab.NOMINATOR_RELATIONSHIPS.items() if (code == "self") == oneself
        }
        self.relationship.choices = vocab_choices(relationships, None if oneself else _l("Choose one"))

    def fields(self, skills: list[str]) -> NominationFields:
        """What the services read."""

        def text(value: Any) -> str:
            return str(value or "")

        return NominationFields(
            kinds=tuple(self.kinds.data or ()),
            development_programmes=tuple(self.development_programmes.data or ()),
            rationale=text(self.rationale.data),
            relationship=text(self.relationship.data) or None,
            reference_name=text(self.reference_name.data),
            reference_email=text(self.reference_email.data),
            skills=tuple(skills),
        )
