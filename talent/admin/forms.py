"""Administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional

from talent.forms_util import LANGUAGE_CHOICES, Form, choices
from talent.models import Role

_required = InputRequired(message=_l("This field is required."))

ROLE_CHOICES = (
    (Role.CANDIDATE.value, _l("Candidate")),
    (Role.MANAGER.value, _l("Hiring manager")),
    (Role.RECRUITER.value, _l("Recruiter")),
    (Role.COORDINATOR.value, _l("Talent coordinator")),
    (Role.ADMIN.value, _l("Administrator")),
)


class CreateStaffForm(Form):
    """Recruiters and administrators are made by an administrator; they choose their own password
    through the e-mailed link."""

    first_name = StringField(_l("First name"), validators=[_required, Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[_required, Length(max=100)])
    email = EmailField(
        _l("E-mail address"),
        validators=[
            _required,
            Length(max=254),
            Email(message=_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )
    role = SelectField(_l("Role"), choices=choices(*ROLE_CHOICES[2:]), validators=[_required])
    locale = SelectField(
        _l("Preferred language of communication"), choices=choices(*LANGUAGE_CHOICES), validators=[_required]
    )


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=choices(*ROLE_CHOICES), validators=[_required])


class ActiveForm(Form):
    active = HiddenField(validators=[_required])


class UserSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"), choices=choices(("", _l("All roles")), *ROLE_CHOICES), validators=[Optional()]
    )


class AuditSearchForm(Form):
    class Meta:
        csrf = False

    action = StringField(_l("Action"), validators=[Optional(), Length(max=64)])
    actor = StringField(_l("Done by (e-mail)"), validators=[Optional(), Length(max=254)])
    target_type = StringField(_l("Record type"), validators=[Optional(), Length(max=64)])
    target_id = StringField(_l("Record id"), validators=[Optional(), Length(max=64)])
