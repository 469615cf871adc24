"""The find-talent filter form (a GET form: no CSRF). It only renders and carries values: the codes are
checked by ``TalentFilters.from_json``, whose errors the view attaches to the field at fault."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Optional

from jobs import vocab
from jobs.services.talent_search import MAX_VALUES
from talent import forms_util
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.forms_util import Form, choices, vocab_choices
from talent.models import Classification

# The filters' names in the URL, the form and ``TalentFilters`` alike.
LIST_FIELDS = (
    "classifications",
    "streams",
    "skills",
    "regions",
    "arrangements",
    "operational_requirements",
    "durations",
    "equity",
)
SINGLE_FIELDS = ("skill_mode", "language", "education")
# More values than any list offers can only come from an edited address.


SKILL_MODES = {"any": _l("Any of the skills"), "all": _l("All of the skills")}
EDUCATION_CHOICES = {
    "diploma": _l("A post-secondary credential (diploma or degree)"),
}


class MultiCheckboxField(forms_util.MultiCheckboxField):
    """Checkboxes whose values are checked elsewhere (``TalentFilters.from_json``, the request service):
    optional, and any value is kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validate_choice", False)
        kwargs.setdefault("validators", [Optional()])
        super().__init__(*args, **kwargs)


class FindTalentForm(Form):
    class Meta:
        csrf = False

    classifications = MultiCheckboxField(
        _l("Classification"), description=_l("People in a pool of any of these group-levels.")
    )
    streams = MultiCheckboxField(_l("Work stream"), choices=vocab_choices(vocab.STREAMS))
    skills = MultiCheckboxField(_l("Skills"))  # hidden inputs, chosen with the skill search below
    skill_mode = RadioField(
        _l("Skills to have"), choices=vocab_choices(SKILL_MODES), default="any", validate_choice=False
    )
    skill_q = StringField(
        _l("Find a skill"),
        description=_l("Type a skill’s name in English or in French, for example Python or sécurité."),
        validators=[Optional()],
    )
    language = SelectField(
        _l("Language"),
        choices=vocab_choices(vocab.LANGUAGE_FILTERS, _l("Any language")),
        validators=[Optional()],
        validate_choice=False,
    )
    regions = MultiCheckboxField(
        _l("Work regions"),
        choices=vocab_choices(talent_vocab.WORK_REGIONS),
        description=_l("Any of these regions."),
    )
    arrangements = MultiCheckboxField(
        _l("Remote, hybrid or on-site"),
        choices=vocab_choices(talent_vocab.WORK_ARRANGEMENTS),
        description=_l(
            "Remote work fits people wherever they live; hybrid and on-site need one of the regions."
        ),
    )
    operational_requirements = MultiCheckboxField(
        _l("Operational requirements"),
        choices=vocab_choices(talent_vocab.OPERATIONAL_REQUIREMENTS),
        description=_l("People who accept all the requirements you choose."),
    )
    durations = MultiCheckboxField(
        _l("Position durations"), choices=vocab_choices(talent_vocab.POSITION_DURATIONS)
    )
    equity = MultiCheckboxField(
        _l("Employment equity groups"),
        choices=vocab_choices(talent_vocab.EQUITY_GROUPS),
        description=_l("People who chose to declare that they belong to any of these groups."),
    )
    education = SelectField(
        _l("Education requirement"),
        choices=vocab_choices(EDUCATION_CHOICES, _l("No education requirement")),
        validators=[Optional()],
        validate_choice=False,
    )


def classification_choices(lang: str) -> list[Any]:
    rows = db.session.scalars(select(Classification).order_by(Classification.group, Classification.level))
    return choices(*[(c.code, f"{c.code} – {c.name(lang)}") for c in rows])


def filter_data(args: MultiDict[str, str]) -> dict[str, Any]:
    """The filters of a query string as ``TalentFilters.from_json`` reads them. Skills named by
    ``remove_skill`` are left out (the page's "Remove" buttons)."""
    data: dict[str, Any] = {name: args.getlist(name) for name in LIST_FIELDS}
    removed = set(args.getlist("remove_skill"))
    if len(data["skills"]) <= MAX_VALUES:  # longer lists go as they are, to be refused with a message
        data["skills"] = [key for key in dict.fromkeys(data["skills"]) if key and key not in removed]
    for name in SINGLE_FIELDS:
        values = [v for v in args.getlist(name) if v]
        # A repeated parameter goes as a list, and TalentFilters refuses two different values.
        data[name] = values if len(values) > 1 else (values[0] if values else None)
    return data


def query_args(data: dict[str, Any]) -> dict[str, Any]:
    """Filters (as ``TalentFilters.to_json`` gives them) as ``url_for`` arguments: lists repeat the name."""
    args: dict[str, Any] = {}
    for name in LIST_FIELDS:
        values = [str(v) for v in data.get(name) or ()]
        if values:
            args[name] = values
    for name in SINGLE_FIELDS:
        value = data.get(name)
        if value and not (name == "skill_mode" and value == "any"):
            args[name] = str(value)
    return args
