"""One world of records and the nine principals who ask for them, for the access-control battery.

The records belong to candidate A, manager A and the recruiter who runs the process: a published process
(skills, questions, assessment steps) with candidate A's submitted application, qualified so that A is in
its pool; a talent request of manager A with a finished match run that ranked A, a decision referring A
and so a referral; a guest's request with its tracking link; a password-reset and an address-confirmation
link of A's; A's profile records (experience, skills, the link between them). Candidate B, manager B and
the recruiter of another process have records of the same kinds but none of A's (B's application and
profile, manager B's request with its own run and referral, the other process with its plan).
The talent-management programme: A and B are verified employees; in an active nomination event run by the
coordinator ``coord_own``, B nominated A (A's group, B's submitted nomination) and A has a draft nominating
B; another event, run by ``coord_other``, holds B's group (A nominated B).

It is built with the suite's own fixtures (``tests/conftest.py``, ``tests/jobs/conftest.py``), called as
plain functions so the world can live for a whole module, in one transaction rolled back at its end (the
``db`` fixture's body, held at module scope). Every request of the battery then runs in a savepoint of its
own, rolled back after it, with the client's session cookie put back as it was: a refused POST and an
allowed one that deletes the account leave the next cell the same world and the same signed-in session.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, text

from tests import conftest as base
from tests.conftest import csrf_token, login
from tests.jobs import conftest as jobs_fixtures
from tests.jobs import nomination_fixtures

# The columns of the table, in its order: who asks.
PRINCIPALS = (
    "guest",
    "cand_a",
    "cand_b",
    "mgr_a",
    "mgr_b",
    "rec_own",
    "rec_other",
    "admin",
    "coord_own",
    "coord_other",
    "deactivated",
)
SIGNED_IN = PRINCIPALS[1:-1]

CSRF_MESSAGE = "Your form expired or was sent from another site"
# A page with a form for every principal, signed in or not: where each one's CSRF token comes from.
TOKEN_PAGE = "/en/password/forgot"


def _plain(fixture: Any) -> Any:
    """The function behind a pytest fixture, to build the module's world with the suite's own fixtures."""
    return fixture.__wrapped__


@dataclass
class World:
    app: Any = field(repr=False)
    db: Any = field(repr=False)
    ids: dict[str, Any]
    clients: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)

    # --- One request, isolated ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def isolated(self, principal: str) -> Iterator[Any]:
        """A savepoint around whatever is sent as ``principal`` in the block, rolled back after it, and the
        client's session cookie put back (a sign-out or a deleted account ends nothing for later cells)."""
        client = self.clients[principal]
        cookie = client.get_cookie("session")
        savepoint = self.db.test_connection.begin_nested()
        try:
            yield client
        finally:
            savepoint.rollback()
            if cookie is None:
                client.delete_cookie("session")
            else:
                client.set_cookie("session", cookie.value)
            # The in-memory talent index may have seen what was just rolled back.
            self.app.extensions.pop("talent_index", None)

    def fingerprint(self, skip: frozenset[str] = frozenset()) -> dict[str, str]:
        """A digest of every table's rows (but ``skip``), on the battery's connection."""
        parts = [
            f"SELECT '{name}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
            f'FROM "{name}" x'
            for name in self.tables
            if name not in skip
        ]
        rows = self.db.test_connection.execute(text(" UNION ALL ".join(parts))).all()
        return dict(rows)


@contextlib.contextmanager
def distinct_ids(db: Any) -> Iterator[None]:
    """Each table's ids in a range of its own while the world lives (users from 10,000, the next table
    from 20,000...), so that an id checked against the wrong record (a run's against its request's, an
    experience's against its owner's) cannot match by chance; the sequences are put back afterwards."""
    connection = db.test_connection
    sequences = [
        sequence
        for table in sorted(t.name for t in db.metadata.sorted_tables if "id" in t.c)
        if (sequence := connection.scalar(text(f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')")))
    ]
    before = {
        sequence: connection.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
        for sequence in sequences
    }
    for number, sequence in enumerate(sequences, 1):
        connection.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": number * 10_000})
    try:
        yield
    finally:
        for sequence, (value, called) in before.items():
            connection.execute(text("SELECT setval(:s, :v, :c)"), {"s": sequence, "v": value, "c": called})


def build_world(app: Any, db: Any) -> World:
    """Every record and every signed-in principal of the battery (see the module's docstring)."""
    from jobs.models import Decision, Process, RequestSkill, TalentRequest
    from jobs.models.nominations import KINDS
    from jobs.services import requests
    from jobs.services.talent_search import TalentFilters
    from matching import services as matching
    from matching.models import MatchRun
    from talent.auth import services as accounts
    from talent.auth import tokens as api_tokens
    from talent.clock import today
    from talent.models import ExperienceSkill, Notification, SkillFamily, TokenPurpose, User, UserSkill
    from talent.models._types import utcnow

    make_user = _plain(base.make_user)(db)
    library = _plain(jobs_fixtures.library)(db)
    make_process = _plain(jobs_fixtures.make_process)(db, library, make_user)
    make_candidate = _plain(jobs_fixtures.make_candidate)(db, make_user, library)
    submitted = _plain(jobs_fixtures.submitted)(db, make_process, make_candidate)

    users = {
        "cand_a": make_candidate(),
        "cand_b": make_candidate(),
        "mgr_a": make_user("manager"),
        "mgr_b": make_user("manager"),
        "rec_own": make_user("recruiter"),
        "rec_other": make_user("recruiter"),
        "admin": make_user("admin"),
        # Talent coordinators: of the nomination event the URLs name, and of another event.
        "coord_own": make_user("coordinator"),
        "coord_other": make_user("coordinator"),
        # A recruiter of the process itself, deactivated after signing in.
        "deactivated": make_user("recruiter"),
    }
    process = make_process(recruiter=users["rec_own"])
    process.recruiters.append(users["deactivated"])
    other_process = make_process(recruiter=users["rec_other"])
    application = submitted(process, users["cand_a"])
    application.decision, application.decided_at = Decision.QUALIFIED, utcnow()
    application.expiry_date = date.today() + timedelta(days=365)
    submitted(other_process, users["cand_b"])
    family = SkillFamily(key="f:battery", name_en="Battery family", name_fr="Famille de la batterie")
    db.session.add(family)
    db.session.commit()

    # Manager A's request, a finished run that ranked A, and the decision referring A (the referral).
    talent_request = TalentRequest(
        requester_id=users["mgr_a"].id,
        job_title="Python developer",
        search={},
        classification_id=library["it03"].id,
        reason="immediate_hire",
        hiring_manager_name="Max Manager",
        hiring_manager_email="max@example.com",
    )
    talent_request.skills.append(RequestSkill(skill_id=library["python"].id, kind="required", level=2))
    # Manager B has a request of their own: being someone's manager is not being this request's.
    own_request = TalentRequest(
        requester_id=users["mgr_b"].id,
        job_title="Data analyst",
        search={},
        classification_id=library["it03"].id,
        reason="immediate_hire",
        hiring_manager_name="Bea Manager",
        hiring_manager_email="bea@example.com",
    )
    own_request.skills.append(RequestSkill(skill_id=library["python"].id, kind="required", level=2))
    db.session.add_all([talent_request, own_request])
    db.session.commit()

    def finished_run(for_request: Any) -> MatchRun:
        run, _created = matching.start_run(users["rec_own"], for_request, [process.id])
        db.session.commit()
        app.extensions["celery"].tasks["matching.run"].apply(args=(run.id,), throw=True)
        run = db.session.get(MatchRun, run.id)
        db.session.refresh(run)
        assert run.status == "done" and run.results, run.status
        matching.decide(users["rec_own"], for_request, [users["cand_a"].id], "refer")
        db.session.commit()
        return run

    run = finished_run(talent_request)
    other_run = finished_run(own_request)
    ranks = {result.user_id: result.rank for result in run.results}
    referral = talent_request.referrals[0]
    # Candidate A was told of the referral: A's notification.
    notification = db.session.scalars(
        select(Notification).where(Notification.recipient_id == users["cand_a"].id).order_by(Notification.id)
    ).first()
    assert notification is not None

    # A guest's request and its private tracking link; a password-reset link of candidate A's.
    guest_request, track_token = requests.submit(
        None,
        TalentFilters(),
        {
            "job_title": "Analyst",
            "classification_id": library["it03"].id,
            "reason": "immediate_hire",
            "hiring_manager_name": "Gil Guest",
            "hiring_manager_email": "gil@example.com",
            "guest_name": "Gil Guest",
            "guest_email": "gil@example.com",
        },
        [("t:python", "required", 2)],
        "en",
    )
    reset_tokens: list[str] = []
    accounts.request_password_reset(users["cand_a"].email, lambda _locale, token: reset_tokens.append(token))
    confirm_tokens: list[str] = []
    accounts.send_confirmation(users["cand_a"], lambda _locale, token: confirm_tokens.append(token))
    db.session.commit()

    # The talent-management programme: A and B are verified employees who consent; an active event run by
    # coord_own where B nominated A (A's group, B's submitted nomination) and A has a draft nominating B;
    # another event run by coord_other, where A nominated B (B's group there).
    for name in ("cand_a", "cand_b"):
        nomination_fixtures.make_verified(db, users[name])
    # A work e-mail verification link of A's (A's address is verified already: the link finds nothing to do).
    work_email_token = accounts._new_token(users["cand_a"], TokenPurpose.WORK_EMAIL, 60)
    # An API token of A's (issue 17): only A may revoke it.
    api_token, _secret = api_tokens.create(users["cand_a"], "Script", ["profile:read"], today())
    db.session.commit()
    make_event = nomination_fixtures.event_maker(db)
    make_group = nomination_fixtures.group_maker(db)
    nomination_event = make_event(coordinators=[users["coord_own"]])
    other_event = make_event(coordinators=[users["coord_other"]])
    group = make_group(nomination_event, users["cand_a"], [(users["cand_b"], KINDS)])
    other_group = make_group(other_event, users["cand_b"], [(users["cand_a"], ("advancement",))])
    draft_nomination = nomination_fixtures.draft_maker(db)(nomination_event, users["cand_a"], users["cand_b"])

    cand_a = users["cand_a"]
    experience_link = db.session.scalars(
        select(ExperienceSkill).where(ExperienceSkill.experience.has(user_id=cand_a.id))
    ).first()
    user_skill = db.session.scalars(select(UserSkill).where(UserSkill.user_id == cand_a.id)).first()
    process_row = db.session.get(Process, process.id)
    other_row = db.session.get(Process, other_process.id)
    b_link = db.session.scalars(
        select(ExperienceSkill).where(ExperienceSkill.experience.has(user_id=users["cand_b"].id))
    ).first()
    ids: dict[str, Any] = {
        "users": {name: user.id for name, user in users.items()},
        "emails": {name: user.email for name, user in users.items()},
        "process": process.id,
        "other_process": other_process.id,
        "application": application.id,
        "process_skill": process_row.skills[0].id,
        "question": process_row.questions[0].id,
        "step": process_row.steps[0].id,
        "request": talent_request.id,
        "guest_request": guest_request.id,
        "run": run.id,
        "rank": ranks[cand_a.id],
        "referral": referral.id,
        "notification": notification.id,
        # Records of the same kinds under other parents: another process's step, question and skill,
        # candidate B's experience link, manager B's request's run and referral.
        "other_step": other_row.steps[0].id,
        "other_question": other_row.questions[0].id,
        "other_process_skill": other_row.skills[0].id,
        "other_link": b_link.id,
        "other_run": other_run.id,
        "other_referral": own_request.referrals[0].id,
        "experience": experience_link.experience_id,
        "experience_link": experience_link.id,
        "user_skill": user_skill.id,
        "skill": library["python"].id,
        "skill_key": library["python"].key,
        "family_key": family.key,
        "classification": library["it03"].id,
        "department": library["dept"].id,
        "track_token": track_token,
        "reset_token": reset_tokens[0],
        "confirm_token": confirm_tokens[0],
        "work_email_token": work_email_token,
        "api_token": api_token.id,
        # The talent-management programme (issue 16).
        "event": nomination_event.id,
        "other_event": other_event.id,
        "group": group.id,
        "other_group": other_group.id,
        "received_nomination": group.nominations[0].id,
        "nomination": draft_nomination.id,
    }
    world = World(app=app, db=db, ids=ids)
    world.tables = sorted(t.name for t in db.metadata.sorted_tables)

    for principal in PRINCIPALS:
        client = app.test_client()
        if principal != "guest":
            sign_in(client, users[principal])
        world.clients[principal] = client
        world.tokens[principal] = csrf_token(client, TOKEN_PAGE)
    # Deactivated with its session still held: only the account's state stands between it and the app.
    db.session.get(User, users["deactivated"].id).active = False
    db.session.commit()
    return world


def sign_in(client: Any, user: Any) -> None:
    """Sign ``user`` in with the suite's ``login`` helper (which answers the second-factor step of staff
    accounts), and check the session works."""
    response = login(client, user.email)
    assert response.status_code in (302, 303), f"{user.email} could not sign in: {response.status_code}"
    page = client.get("/en/dashboard")
    assert page.status_code == 200, f"{user.email} signed in, but the dashboard answers {page.status_code}"


def csrf_refused(response: Any) -> bool:
    return response.status_code == 400 and CSRF_MESSAGE in response.get_data(as_text=True)


def _location_path(response: Any) -> str:
    return re.sub(r"^https?://[^/]+", "", response.headers.get("Location", "")).split("?", 1)[0]


def outcome(response: Any) -> str:
    """What the answer means for access: ``allow`` (the view did its work or judged the data), ``deny``
    (403), ``404``, ``login`` (401, or sent to the sign-in page), ``csrf`` (the token was refused) or
    ``5xx``."""
    code = response.status_code
    if code >= 500:
        return "5xx"
    if code == 401 or (300 <= code < 400 and re.fullmatch(r"/(en|fr)/login", _location_path(response))):
        return "login"
    if code == 403:
        return "deny"
    if code == 404:
        return "404"
    if csrf_refused(response):
        return "csrf"
    if code == 405:
        return "405"
    return "allow"
