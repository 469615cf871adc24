"""Every form, fuzzed through the route that accepts it (issue 13, part 7): never a 5xx.

The forms are found in the code (every subclass of ``talent.forms_util.Form`` defined in a ``forms`` module
of the three packages), and their routes by walking the URL map: each route that takes a form is asked once
by each kind of person (anonymous, candidates, manager, recruiter, administrator) with a marker field, and
the forms a view builds from that request's data are recorded (the forms refuse to validate during that
walk, so it changes nothing). A form no route takes fails the test, so a new form cannot go unfuzzed.

Then each (route, form) pair gets Hypothesis-generated values as the person it was found with, in English
and French: arbitrary Unicode, near and past each field's length, numbers out of range (0, -1, 2^31,
10^30), wrong choices, impossible dates, missing fields. A few examples carry what the input-hygiene layer
refuses (NUL, lone surrogates, over-long values, a single-value field sent twice); most pass it, so the
forms' own validation and the services behind them are what is exercised. Every example runs in a
savepoint rolled back afterwards, so each starts from the same data, and the run is deterministic
(``derandomize``). Figures: ``fuzz_requests`` and ``5xx`` in ``tests.battery``.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import os
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import has_request_context, request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import Length, NumberRange

from talent.forms_util import Form
from talent.input_hygiene import MAX_VALUE_CHARS
from tests import battery
from tests.conftest import csrf_token, login
from tests.jobs import nomination_fixtures
from tests.jobs.conftest import library, make_candidate, make_process, submitted  # noqa: F401 - fixtures
from tests.jobs.test_find_views import make_member  # noqa: F401 - fixture
from tests.jobs.test_request_views import make_request

PACKAGES = ("talent", "jobs", "matching")
LANGS = ("en", "fr")
SIGNED_IN = ("candidate", "applicant", "member", "manager", "recruiter", "admin")
MARKER = "fuzz_probe"
# Examples per (route, form) pair: about 100 pairs, so the fuzz takes about half a minute. A deeper, random
# search: FORM_FUZZ_EXAMPLES=200 FORM_FUZZ_RANDOM=1.
EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=os.environ.get("FORM_FUZZ_RANDOM") != "1",
    deadline=None,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


# --- The forms, from the code --------------------------------------------------------------------------


def form_classes() -> set[type[Form]]:
    """Every form class defined at module level in a ``forms`` module (or package) of the packages."""
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if info.name.rsplit(".", 1)[-1] == "forms" or ".forms." in info.name:
                importlib.import_module(info.name)
    found: set[type[Form]] = set()
    todo = list(Form.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if "<locals>" not in cls.__qualname__ and cls.__module__.split(".")[0] in PACKAGES:
            found.add(cls)
    return found


def declared_class(form: Form) -> type[Form]:
    """The module-level class of ``form`` (a form built at run time, like the questions' answers, is a
    subclass of one)."""
    for cls in type(form).__mro__:
        if "<locals>" not in cls.__qualname__ and issubclass(cls, Form) and cls is not Form:
            return cls
    return Form


# --- What a form takes, read from the form the view built ------------------------------------------------


@dataclass(frozen=True)
class Spec:
    name: str
    kind: str  # text, number, date, bool, choice, multi, submit, csrf
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    label: str = ""


def specs_of(fields: Any) -> list[Spec]:
    out: list[Spec] = []
    for f in fields:
        if isinstance(f, FieldList):
            out.extend(specs_of(f.entries) if f.entries else [])
            continue
        if isinstance(f, FormField):
            out.extend(specs_of(f.form))
            continue
        max_length = next(
            (v.max for v in f.validators if isinstance(v, Length) and v.max and v.max > 0), None
        )
        if isinstance(f, CSRFTokenField):
            out.append(Spec(f.name, "csrf"))
        elif isinstance(f, SubmitField):
            out.append(Spec(f.name, "submit", label=str(f.label.text)))
        elif isinstance(f, SelectMultipleField):
            out.append(Spec(f.name, "multi", _choice_values(f)))
        elif isinstance(f, SelectField | RadioField):
            out.append(Spec(f.name, "choice", _choice_values(f)))
        elif isinstance(f, BooleanField):
            out.append(Spec(f.name, "bool"))
        elif isinstance(f, DateField | DateTimeField):
            out.append(Spec(f.name, "date"))
        elif isinstance(f, IntegerField | DecimalField | FloatField) or any(
            isinstance(v, NumberRange) for v in f.validators
        ):
            out.append(Spec(f.name, "number"))
        else:
            out.append(Spec(f.name, "text", max_length=max_length))
    return out


def _choice_values(f: Any) -> tuple[str, ...]:
    try:
        return tuple(str(choice[0]) for choice in f.iter_choices())
    except (TypeError, ValueError, AttributeError):
        return ()


# --- Watching the forms the views build ------------------------------------------------------------------


@dataclass
class Recorder:
    probing: bool = False
    seen: dict[tuple[str, type[Form]], list[Spec]] = field(default_factory=dict)
    hits: set[tuple[str, type[Form]]] = field(default_factory=set)  # during the last probe
    reached: set[tuple[str, type[Form]]] = field(default_factory=set)

    def note(self, form: Form, *, validated: bool) -> None:
        if not has_request_context() or request.endpoint is None:
            return
        sent = getattr(form, "_sent", None)
        if sent is None or not hasattr(sent, "getlist"):
            return
        key = (request.endpoint, declared_class(form))
        if self.probing:
            if MARKER in sent:
                self.hits.add(key)
                if validated or key not in self.seen:
                    self.seen[key] = specs_of(form)
        else:
            self.reached.add(key)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    watch = Recorder()
    process, validate = Form.process, Form.validate

    def watched_process(self: Form, *args: Any, **kwargs: Any) -> None:
        process(self, *args, **kwargs)
        watch.note(self, validated=False)

    def watched_validate(self: Form, *args: Any, **kwargs: Any) -> bool:
        if watch.probing:
            watch.note(self, validated=True)  # the choices the view set are known by now
            return False  # the walk changes nothing
        return validate(self, *args, **kwargs)

    monkeypatch.setattr(Form, "process", watched_process)
    monkeypatch.setattr(Form, "validate", watched_validate)
    return watch


# --- The data the routes need ----------------------------------------------------------------------------


@dataclass
class World:
    clients: dict[str, Any]  # principal -> signed-in test client (None: anonymous)
    emails: dict[str, str]
    args: dict[str, list[str]]  # route argument -> values to try
    ids: list[str]  # record ids that exist, for fields that take one
    pending: dict[str, Any]  # the half-done sign-in of a recruiter who still has to give a code
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, principal: str) -> str:
        """The principal's CSRF token (it lives in their session, so one per client)."""
        self.restore(principal)
        if principal not in self.tokens:
            page = "/en/dashboard" if principal in SIGNED_IN else "/en/login"
            self.tokens[principal] = csrf_token(self.clients[principal], page)
        return self.tokens[principal]

    def restore(self, principal: str) -> None:
        """Sign the principal back in if a request signed them out (sign-out, account deletion...); give
        the one signing in a fresh half-done sign-in (what the sign-in page leaves in the session after
        the right password when a code is still to come)."""
        client = self.clients[principal]
        if principal == "signing_in":
            try:
                from talent.auth._common import PENDING
            except ImportError:  # no second step in this version of the sign-in
                return
            with client.session_transaction() as session:
                session[PENDING] = {**self.pending, "at": time.time(), "tries": 0, "next": None}
        elif principal in SIGNED_IN and not signed_in(client):
            sign_in(client, self.emails[principal])
            self.tokens.pop(principal, None)


@pytest.fixture
def world(app, db, make_user, library, make_process, make_candidate, submitted, make_member):  # noqa: F811
    from jobs.models import Referral
    from jobs.models.nominations import KINDS
    from jobs.recruit.views_applicants import PERFORM
    from jobs.services import applications
    from matching.models import MatchResult, MatchRun
    from talent import vocab
    from talent.auth import services as auth_services
    from talent.models import Experience, UserSkill

    recruiter = make_user("recruiter")
    admin = make_user("admin")
    manager = make_user("manager")
    process = make_process(recruiter=recruiter, title_en="Fuzzed pool")
    draft = make_process(recruiter=recruiter, publish=False)
    applicant = make_candidate()  # with a draft application
    draft_application = applications.start(applicant, process)
    sent_application = submitted(process=process)  # a second candidate, submitted
    members = [make_member(process, skills=("python",), looking_for_english=True) for _ in range(3)]
    talent_request, _token = make_request(manager, library)
    db.session.flush()
    run = MatchRun(
        request_id=talent_request.id,
        created_by_id=recruiter.id,
        pools=[process.id],
        engine_version="fuzz",
        skills_version="fuzz",
        status="done",
        progress=100,
    )
    db.session.add(run)
    db.session.flush()
    for rank, member in enumerate(members, start=1):
        db.session.add(MatchResult(run_id=run.id, user_id=member.id, rank=rank, score=1.0 / rank))
    referral = Referral(
        request_id=talent_request.id, user_id=members[0].id, referred=True, decided_by_id=recruiter.id
    )
    db.session.add(referral)
    # The talent-management programme: an event (administrators run every event) with a nominee's group.
    event = nomination_fixtures.event_maker(db)()
    nominee = nomination_fixtures.employee_maker(db, make_user)()
    group = nomination_fixtures.group_maker(db)(event, nominee, kinds=KINDS, lateral_decision="approved")
    # The candidate is a verified employee too, with a draft nominating the nominee (the nominating forms).
    nomination_fixtures.make_verified(db, applicant)
    draft_nomination = nomination_fixtures.draft_maker(db)(event, applicant, nominee)
    reset: list[str] = []
    auth_services.request_password_reset(applicant.email, link_for=lambda _locale, token: reset.append(token))
    db.session.commit()
    experience = db.session.scalars(db.select(Experience).where(Experience.user_id == applicant.id)).first()
    user_skill = db.session.scalars(db.select(UserSkill).where(UserSkill.user_id == applicant.id)).first()
    assert experience is not None and user_skill is not None and reset
    ids = lambda rows: [str(r.id) for r in rows]  # noqa: E731
    args = {
        "lang_code": ["{lang}"],
        "process_id": ids([process, draft]),
        "application_id": ids([draft_application, sent_application]),
        "step_id": ids([*process.steps, *draft.steps]),
        "question_id": ids([*process.questions, *draft.questions]),
        "row_id": ids([user_skill, *process.skills]),
        "experience_id": ids([experience]),
        "link_id": ids(experience.skills),
        "kind": list(vocab.EXPERIENCE_KINDS),
        "item_id": ids([library["it03"], library["dept"]]),
        "skill_id": ids([library["python"]]),
        "user_id": ids([members[1], applicant]),
        "request_id": ids([talent_request]),
        "run_id": ids([run]),
        "rank": ["1"],
        "referral_id": ids([referral]),
        "action": list(PERFORM),
        "token": [reset[0]],
        "event_id": ids([event]),
        "group_id": ids([group]),
        "nomination_id": ids([draft_nomination]),
        "nomination_kind": list(KINDS),
        "coordinator_id": ids([admin]),
    }
    people = {
        "candidate": applicant,
        "applicant": sent_application.user,
        "member": members[0],
        "manager": manager,
        "recruiter": recruiter,
        "admin": admin,
    }
    from talent.models._types import utcnow
    from talent.passwords import hash_password

    for person in people.values():  # members are written without a password of their own
        person.password_hash = hash_password("correct horse battery")
        if getattr(person, "email_verified_at", False) is None:
            person.email_verified_at = utcnow()
    db.session.commit()
    emails = {name: person.email for name, person in people.items()}
    clients: dict[str, Any] = {"anonymous": app.test_client(), "signing_in": app.test_client()}
    for name, email in emails.items():
        clients[name] = app.test_client()
        sign_in(clients[name], email)
    pending = {"user": recruiter.id, "version": recruiter.session_version}
    record_ids = sorted({v for key, values in args.items() if key.endswith("_id") for v in values}, key=int)
    return World(clients, emails, args, record_ids, pending)


def sign_in(client: Any, email: str) -> None:
    response = login(client, email)
    with client.session_transaction() as session:
        assert session.get("_user_id"), (
            f"could not sign {email} in: {response.status_code} "
            + re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))[-600:]
        )


def signed_in(client: Any) -> bool:
    with client.session_transaction() as session:
        return bool(session.get("_user_id"))


def urls_of(rule: Any, args: dict[str, list[str]]) -> Iterator[str] | None:
    """Every URL of ``rule`` with the world's values (``{lang}`` left to fill), or None when an argument
    has no values here."""
    names = list(rule.arguments)
    if any(name not in args for name in names):
        return None
    pattern = re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", rule.rule)

    def build() -> Iterator[str]:
        for combo in itertools.product(*(args[name] for name in names)):
            values = dict(zip(names, combo, strict=True))
            values["lang"] = "{lang}"
            values["lang_code"] = "{lang}"
            yield pattern.format(**values)

    return build()


# --- Values --------------------------------------------------------------------------------------------

CLEAN_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
HUGE_NUMBERS = ("0", "-1", str(2**31 - 1), str(2**31), str(2**63), str(10**30), "-" + str(10**30))
ODD_NUMBERS = ("1e3", "1.5", "NaN", "inf", "-0", " 3 ", "٣", "0x10", "", "abc", "1_000")
DATES = (
    "0001-01-01",
    "9999-12-31",
    "2024-02-29",
    "2023-02-29",
    "1970-01-01",
    "2024-13-01",
    "10000-01-01",
    "31/12/2024",
    "",
    "today",
)
TRICKY = (
    "",
    " ",
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "%s %(x)s {0} {{x}}",
    "\u202eevil",
    "ß" * 3,
    "a@b.c",
    "=cmd|' /C calc'!A0",
    "\r\n",
    "null",
    "[]",
    '{"a": 1}',
)


def text_values(spec: Spec, ids: list[str]) -> st.SearchStrategy[str]:
    longest = spec.max_length or 255
    options = [
        st.text(CLEAN_CHARS, max_size=30),
        st.sampled_from(TRICKY),
        st.sampled_from(HUGE_NUMBERS + ODD_NUMBERS + DATES),
        st.builds(lambda c, n: c * n, CLEAN_CHARS, st.sampled_from([longest, longest + 1, 4096, 19_999])),
    ]
    if ids:
        options.append(st.sampled_from(ids))
    return st.one_of(options)


def choice_values(spec: Spec, ids: list[str]) -> st.SearchStrategy[str]:
    valid = list(spec.choices)
    wrong = st.one_of(
        st.sampled_from(("nope", *HUGE_NUMBERS, *ODD_NUMBERS)), st.text(CLEAN_CHARS, max_size=12)
    )
    if not valid:
        return st.one_of(wrong, st.sampled_from(ids)) if ids else wrong
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), wrong)


def value_strategy(spec: Spec, ids: list[str]) -> st.SearchStrategy[Any]:
    if spec.kind == "number":
        return st.one_of(st.sampled_from(HUGE_NUMBERS + ODD_NUMBERS), st.integers(-(10**12), 10**12).map(str))
    if spec.kind == "date":
        return st.one_of(st.sampled_from(DATES), st.dates().map(lambda d: d.isoformat()))
    if spec.kind == "bool":
        return st.sampled_from(("y", "", "on", "false", "0", "no", "maybe"))
    if spec.kind == "choice":
        return choice_values(spec, ids)
    if spec.kind == "multi":
        return st.lists(choice_values(spec, ids), max_size=4)
    if spec.kind == "submit":
        return st.sampled_from((spec.label, "", "x"))
    return text_values(spec, ids)


HOSTILE = ("\x00", "a\x00b", "\ud800", "x\udfffy")


@st.composite
def form_data(draw: Any, specs: list[Spec], ids: list[str]) -> dict[str, Any]:
    """Values for the form's fields: mostly ones the input-hygiene layer lets through."""
    fields = [s for s in specs if s.kind != "csrf"]
    data: dict[str, Any] = {}
    for spec in fields:
        if draw(st.integers(0, 6)) == 0:
            continue  # a missing field
        data[spec.name] = draw(value_strategy(spec, ids))
    mode = draw(st.integers(0, 11))
    if fields and mode == 0:  # what the input-hygiene layer refuses
        target = draw(st.sampled_from(fields)).name
        data[target] = draw(st.one_of(st.sampled_from(HOSTILE), st.just("y" * (MAX_VALUE_CHARS + 1))))
    single = [s for s in fields if s.kind not in ("multi",)]
    if single and mode == 1:  # a single-value field sent twice
        target = draw(st.sampled_from(single))
        first = data.get(target.name, "1")
        data[target.name] = [first if isinstance(first, str) else "1", draw(value_strategy(target, ids))]
    return data


# Fields some views read besides their form (which button was pressed, a direction, ticked rows), found in
# the view's source; the values they take (anything else is fuzzed too).
VIEW_FIELD = re.compile(r"request\.form\.get(?:list)?\(\s*[\"'](\w+)[\"']")
VIEW_FIELD_VALUES = {
    "action": ("submit", "save", "skills", "withdraw", "remove"),
    "decision": ("refer", "not_refer"),
    "direction": ("up", "down"),
    "candidates": ("1", "2", "3"),
}


def reads_query(view: Callable[..., Any]) -> bool:
    """Whether the view's module reads the query string at all (where a GET form would get its data)."""
    module = inspect.getmodule(inspect.unwrap(view))
    try:
        return module is not None and "request.args" in inspect.getsource(module)
    except (OSError, TypeError):
        return True


def view_fields(view: Callable[..., Any]) -> list[Spec]:
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return []
    names = dict.fromkeys(VIEW_FIELD.findall(source))
    return [Spec(name, "choice", VIEW_FIELD_VALUES.get(name, ("1",))) for name in names]


def encoded(data: dict[str, Any]) -> str:
    """A form body or query string as a browser would send it; lone surrogates pass as their UTF-8 bytes
    (the test client would refuse to encode them)."""
    return urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")


# Every field at once at an edge, besides the generated examples: what a random search may take long to
# combine (the last day there is, the largest numbers, the longest text a form takes, no valid choice).
EDGES = {
    "text": ("{max}", "", "0"),
    "number": (str(10**30), "-1", "0"),
    "date": ("9999-12-31", "0001-01-01", "2023-02-29"),
    "bool": ("y", "", "maybe"),
    "choice": ("-1", "", str(2**31)),
    "submit": ("x", "", "x"),
}


def edge_examples(specs: list[Spec]) -> list[dict[str, Any]]:
    examples = []
    for n in range(3):
        data: dict[str, Any] = {}
        for spec in specs:
            if spec.kind == "csrf":
                continue
            if spec.kind == "multi":
                data[spec.name] = [spec.choices[0], "-1", str(10**30)][: n + 1] if spec.choices else ["-1"]
            elif spec.kind == "choice" and n == 0 and spec.choices:
                data[spec.name] = spec.choices[-1]
            else:
                value = EDGES[spec.kind][n]
                data[spec.name] = "é" * (spec.max_length or 255) if value == "{max}" else value
        examples.append(data)
    return examples


# --- The walk and the fuzz -----------------------------------------------------------------------------


@dataclass
class Target:
    endpoint: str
    form: type[Form]
    method: str
    specs: list[Spec]
    places: list[tuple[str, str]] = field(default_factory=list)  # (url pattern, principal)


def walk(
    app: Any, db: Any, world: World, recorder: Recorder
) -> tuple[dict[tuple[str, type[Form]], Target], list[str]]:
    """Ask every route once per principal with a marker field; return the (route, form) pairs found and
    the rules that could not be asked (an argument this test has no value for)."""
    targets: dict[tuple[str, type[Form]], Target] = {}
    unasked: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        methods = [m for m in ("POST", "GET") if m in (rule.methods or ())]
        if not reads_query(view):
            methods = [m for m in methods if m != "GET"]  # a GET form is built from the query string
        extra = view_fields(view)
        urls = urls_of(rule, world.args)
        if urls is None:
            unasked.append(rule.rule)
            continue
        for pattern in urls:
            url = pattern.format(lang="en")
            for method in methods:
                for principal, client in world.clients.items():
                    data = {
                        "csrf_token": world.token(principal),
                        MARKER: "1",
                        **{spec.name: spec.choices[0] for spec in extra},
                    }
                    recorder.hits.clear()
                    with savepoint(db):
                        recorder.probing = True
                        try:
                            if method == "POST":
                                client.post(url, data=data)
                            else:
                                client.get(url, query_string={MARKER: "1"})
                        finally:
                            recorder.probing = False
                    world.restore(principal)
                    for key in recorder.hits:
                        specs = recorder.seen[key] + extra
                        target = targets.setdefault(key, Target(key[0], key[1], method, specs))
                        target.places.append((pattern, principal))
                    if recorder.hits:
                        break  # the first kind of person it works for is the one to fuzz with
    return targets, unasked


class savepoint:
    """Everything a request writes, undone afterwards: each request starts from the same data."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def __enter__(self) -> None:
        # The test's own session first: a savepoint of its begun before this one would take this one with it.
        self.db.session.remove()
        self.transaction = self.db.test_connection.begin_nested()

    def __exit__(self, *exc: Any) -> None:
        if self.transaction.is_active:
            self.transaction.rollback()
        self.db.session.remove()


def test_every_form_is_fuzzed_through_its_route_without_a_server_error(app, db, world, recorder):
    started = time.monotonic()
    targets, unasked = walk(app, db, world, recorder)
    walked = time.monotonic() - started
    found = {form for _endpoint, form in targets}
    missing = sorted(cls.__module__ + "." + cls.__qualname__ for cls in form_classes() - found)
    assert not missing, (
        f"forms no route was found for: {missing}. "
        f"Routes not asked (no value here for one of their arguments): {unasked}"
    )
    failures: list[str] = []
    statuses: dict[int, int] = {}
    requests = errors = 0

    def send(target: Target, place: tuple[str, str], lang: str, data: dict[str, Any]) -> None:
        nonlocal requests, errors
        pattern, principal = place
        client = world.clients[principal]
        url = pattern.format(lang=lang)
        token = world.token(principal)
        with savepoint(db):
            if target.method == "POST":
                csrf_names = [s.name for s in target.specs if s.kind == "csrf"] or ["csrf_token"]
                body = encoded({**data, **dict.fromkeys(csrf_names, token)})
                response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
            else:
                response = client.get(f"{url}?{encoded(data)}")
        requests += 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        battery.count("fuzz_requests")
        if response.status_code >= 500:
            errors += 1
            battery.count("5xx")
        world.restore(principal)
        assert response.status_code < 500, f"{target.method} {url} as {principal}: {response.status_code}"

    def fuzz(target: Target) -> Callable[..., None]:
        @FUZZ
        @given(
            place=st.sampled_from(target.places),
            lang=st.sampled_from(LANGS),
            data=form_data(target.specs, world.ids),
        )
        def run(place: tuple[str, str], lang: str, data: dict[str, Any]) -> None:
            send(target, place, lang, data)

        return run

    for key, target in sorted(targets.items(), key=lambda item: (item[0][0], item[0][1].__qualname__)):
        try:
            for n, data in enumerate(edge_examples(target.specs)):
                send(target, target.places[n % len(target.places)], LANGS[n % 2], data)
            fuzz(target)()
        except AssertionError as exc:
            example = " ".join(getattr(exc, "__notes__", []))[:800]  # Hypothesis's falsifying example
            failures.append(f"{key[0]} {key[1].__qualname__}: {str(exc).splitlines()[0]} {example}")
    unreached = sorted(f"{e} {f.__qualname__}" for e, f in targets if (e, f) not in recorder.reached)
    print(
        f"\nform fuzz: {len(found)} forms on {len(targets)} routes, {requests} requests, {errors} 5xx, "
        f"{time.monotonic() - started:.1f} s (walk {walked:.1f} s); answers {dict(sorted(statuses.items()))}"
    )
    assert not failures, "server errors:\n" + "\n".join(failures)
    assert requests >= len(targets) * EXAMPLES // 2
    assert not unreached, f"(route, form) pairs no fuzzed request reached: {unreached}"
