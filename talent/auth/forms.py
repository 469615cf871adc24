"""Account forms. Labels and messages are lazy so they render in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length

from talent.auth.tokens import SCOPES
from talent.forms_util import LANGUAGE_CHOICES, Form, MultiCheckboxField, choices
from talent.passwords import MAX_LENGTH

_required = InputRequired(message=_l("This field is required."))


class LoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[_required, Length(max=254)])
    password = PasswordField(_l("Password"), validators=[_required, Length(max=MAX_LENGTH)])


class RegisterForm(Form):
    role = RadioField(
        _l("I am"),
        choices=choices(
            ("candidate", _l("Looking for a job (candidate)")),
            ("manager", _l("Looking for talent (hiring manager)")),
        ),
        default="candidate",
        validators=[_required],
    )
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
    password = PasswordField(
        _l("Password"),
        description=_l("At least 12 characters. A few unrelated words make a strong password."),
        validators=[_required, Length(max=MAX_LENGTH)],
    )
    locale = SelectField(
        _l("Preferred language of communication"), choices=choices(*LANGUAGE_CHOICES), validators=[_required]
    )


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-mail address"), validators=[_required, Length(max=254)])


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[_required, Length(max=MAX_LENGTH)])


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[_required, Length(max=MAX_LENGTH)])
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a strong password."),
        validators=[_required, Length(max=MAX_LENGTH)],
    )


class ConfirmForm(Form):
    """A button: the CSRF token is its only field."""


class CodeForm(Form):
    code = StringField(
        _l("Code"),
        description=_l("The 6-digit code your authenticator app shows, or one of your recovery codes."),
        validators=[_required, Length(max=32)],
    )


class EnableTwoFactorForm(Form):
    code = StringField(
        _l("Code from the app"),
        description=_l("The 6-digit code the app shows after you add the account."),
        validators=[_required, Length(max=32)],
    )


class ReauthenticateForm(Form):
    password = PasswordField(_l("Password"), validators=[_required, Length(max=MAX_LENGTH)])
    code = StringField(
        _l("Code"),
        description=_l("The 6-digit code your authenticator app shows, or one of your recovery codes."),
        validators=[Length(max=32)],
    )


class TokenForm(Form):
    """A new API token: a name, its scopes and its expiry (``talent.auth.tokens``)."""

    name = StringField(
        _l("Name"),
        description=_l("What the token is for, so you recognise it later: a script, a dashboard."),
        validators=[_required, Length(max=100)],
    )
    scopes = MultiCheckboxField(_l("Scopes"), choices=choices(*SCOPES.items()), validators=[_required])
    expires_on = DateField(
        _l("Expires on"),
        description=_l("The token works until the end of this day. At most a year ahead."),
        validators=[_required],
    )
