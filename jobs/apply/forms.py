"""Application forms. The submission rules live in ``jobs.services.applications``; these forms parse."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from jobs.models import ProcessQuestion
from jobs.services.applications import ANSWER_MAX
from talent.forms_util import Form

SIGNATURE_MAX = 255


class ConfirmForm(Form):
    """A button that changes something (start, delete, withdraw, pause): only the CSRF token."""


class SignatureForm(Form):
    signature = StringField(
        _l("Signature: type your full name"),
        description=_l(
            "By signing, you confirm that the information in your application is true and complete."
        ),
        validators=[Optional(), Length(max=SIGNATURE_MAX, message=_l("Use at most %(max)d characters."))],
    )


class AnswersForm(Form):
    """One text area per question, named ``answer_<question id>`` (see ``answers_form``)."""

    def answers(self, questions: Iterable[ProcessQuestion]) -> dict[int, str]:
        return {q.id: self[field_name(q)].data or "" for q in questions}


def field_name(question: ProcessQuestion) -> str:
    return f"answer_{question.id}"


def answers_form(questions: Iterable[ProcessQuestion], locale: str, saved: Mapping[int, str]) -> AnswersForm:
    """A form with the questions of one process, labelled in ``locale``, filled with the ``saved``
    answers (on a POST, with what was posted). Lengths are checked by the service, which names the field."""

    class Form(AnswersForm):
        pass

    rows = list(questions)
    for question in rows:
        setattr(Form, field_name(question), TextAreaField(question.text(locale), validators=[Optional()]))
    data = {field_name(q): saved.get(q.id, "") for q in rows}
    return Form(data=data)


__all__ = ["ANSWER_MAX", "AnswersForm", "ConfirmForm", "SignatureForm", "answers_form", "field_name"]
