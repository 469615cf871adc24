"""Forms of the government employee's pages: the work e-mail address and career interests. The rules (which
domains, which combinations) are in ``talent.profiles.careers``; forms parse and offer the choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField
from wtforms.validators import Email, InputRequired, Length, Optional

from talent import vocab
from talent.forms_util import Form, MultiCheckboxField, vocab_choices


class WorkEmailForm(Form):
    email = EmailField(
        _l("Work e-mail address"),
        description=_l("For example: firstname.lastname@tbs-sct.gc.ca"),
        validators=[
            InputRequired(message=_l("This field is required.")),
            Length(max=254),
            Email(message=_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )


class ActionForm(Form):
    """A button that changes something (send the link again, remove the address, verify): its CSRF token."""


CONSENT_LABEL = _l(
    "I consent to share my profile with the talent-management programme: my profile, skills, experiences "
    "and career interests are shown to the programme's coordinators and, once I am approved, to hiring "
    "managers through the platform's matching. If I withdraw my consent, this stops at once."
)


class CareerInterestsForm(Form):
    wants_advancement = BooleanField(_l("I am interested in moving up to a higher level"))
    advancement_timeframe = RadioField(
        _l("When would you like to move up? (optional)"),
        choices=vocab_choices(vocab.CAREER_TIMEFRAMES),
        validators=[Optional()],
    )
    wants_lateral = BooleanField(_l("I am interested in a lateral move (at my level)"))
    lateral_moves = MultiCheckboxField(
        _l("Which kinds of lateral move? (optional)"), choices=vocab_choices(vocab.LATERAL_MOVES)
    )
    development_programmes = MultiCheckboxField(
        _l("Development programmes that interest me"), choices=vocab_choices(vocab.DEVELOPMENT_PROGRAMMES)
    )
    mentoring = MultiCheckboxField(_l("Mentoring"), choices=vocab_choices(vocab.MENTORING_ROLES))
    consent = BooleanField(CONSENT_LABEL)
