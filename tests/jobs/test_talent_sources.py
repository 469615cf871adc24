"""People approved by the talent-management programme are a talent source beside the pools: who counts (at
each edge of the one availability rule), the classification their approval aims at, the filters, counts
through the in-memory index and directly, freshness through the change log, the pages and the API, and
referrals. (Match runs: tests/matching/test_match_sources.py.)

The data is built with the models directly: a verified work e-mail, consent to share the profile, a
profile, a current government work experience with a classification, an event and a group whose
decisions say approved with an expiry.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from jobs.models import Application, NominationEvent, NominationGroup, Referral, TalentChange
from jobs.services import pools, requests, talent_changes, talent_search, talent_sources
from jobs.services.request_views import fit_rows
from jobs.services.talent_search import TalentFilters, count, matching_memberships
from talent import clock
from talent.models import (
    CandidateProfile,
    CareerInterest,
    Classification,
    Experience,
    Role,
    User,
    UserSkill,
    WorkEmail,
)
from talent.models._types import utcnow
from talent.profiles import careers
from tests.conftest import login

# --- Building the data --------------------------------------------------------------------------------------


def add_event(db: Any, name: str = "Spring 2026") -> NominationEvent:
    event_row = NominationEvent(
        name_en=name,
        name_fr=f"{name} (fr)",
        opens_at=utcnow() - timedelta(days=60),
        closes_at=utcnow() - timedelta(days=30),
    )
    db.session.add(event_row)
    db.session.flush()
    return event_row


def classification(db: Any, group: str, level: int) -> Classification:
    found = db.session.scalars(
        select(Classification).where(Classification.group == group, Classification.level == level)
    ).first()
    if found is None:
        found = Classification(
            group=group, level=level, name_en=f"{group} {level}", name_fr=f"{group} {level}"
        )
        db.session.add(found)
        db.session.flush()
    return found


_emails = iter(range(1, 100_000))


def add_nominee(
    db: Any,
    nomination_event: NominationEvent,
    kind: str = "advancement",
    *,
    current: tuple[str, int] | None = ("IT", 2),
    decision: str | None = "approved",
    expires: date | None = None,
    verified: bool = True,
    consent: bool = True,
    declined: bool = False,
    active: bool = True,
    skills: dict[Any, int] | None = None,
    user: User | None = None,
    **profile: Any,
) -> User:
    """A government employee nominated in ``nomination_event`` and decided on for ``kind`` (``decision``,
    with ``expires``: by default a month from today). ``current``: the classification of their current
    government work experience (None: no such experience). ``user``: someone who already exists (a pool
    member, a nominee of another event), given the rest only if they lack it."""
    number = next(_emails)
    if user is None:
        user = User(
            email=f"nominee{number}@example.com",
            password_hash="x",
            role=Role.CANDIDATE,
            first_name="Nomi",
            last_name=f"Nee{number}",
            email_verified_at=utcnow(),
            active=active,
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(CandidateProfile(user_id=user.id, **profile))
        db.session.add(
            WorkEmail(
                user_id=user.id,
                email=f"nominee{number}@canada.ca",
                verified_at=utcnow() if verified else None,
            )
        )
        db.session.add(CareerInterest(user_id=user.id, consent_at=utcnow() if consent else None))
        if current is not None:
            db.session.add(
                Experience(
                    user_id=user.id,
                    kind="work",
                    title="Analyst",
                    organization="Government",
                    start_date=date(2020, 1, 1),
                    classification_id=classification(db, *current).id,
                )
            )
        for skill, level in (skills or {}).items():
            db.session.add(UserSkill(user_id=user.id, skill_id=skill.id, level=level))
    else:
        if db.session.scalar(select(WorkEmail.id).where(WorkEmail.user_id == user.id)) is None:
            db.session.add(
                WorkEmail(user_id=user.id, email=f"nominee{number}@canada.ca", verified_at=utcnow())
            )
        if db.session.scalar(select(CareerInterest.id).where(CareerInterest.user_id == user.id)) is None:
            db.session.add(CareerInterest(user_id=user.id, consent_at=utcnow()))
        if current is not None:
            db.session.add(
                Experience(
                    user_id=user.id,
                    kind="work",
                    title="Analyst",
                    start_date=date(2021, 1, 1),
                    classification_id=classification(db, *current).id,
                )
            )
    group = NominationGroup(event_id=nomination_event.id, nominee_id=user.id)
    setattr(group, f"{kind}_decision", decision)
    if kind in ("advancement", "lateral"):
        setattr(group, f"{kind}_expires_on", expires or clock.today() + timedelta(days=30))
    if declined:
        group.declined_at = utcnow()
    db.session.add(group)
    db.session.flush()
    return user


def group_of(db: Any, user: User) -> NominationGroup:
    return db.session.scalars(select(NominationGroup).where(NominationGroup.nominee_id == user.id)).first()


@pytest.fixture
def programme(db: Any) -> Any:
    """``programme(kind, **facts)``: a nominee of the fixture's event; ``programme.event``."""
    nomination_event = add_event(db)

    def make(kind: str = "advancement", **facts: Any) -> User:
        return add_nominee(db, nomination_event, kind, **facts)

    make.event = nomination_event
    return make


def both_paths(
    app: Any, db: Any, f: TalentFilters | None = None, **clock_args: Any
) -> talent_search.TalentCount:
    """The count through the in-memory index (committed facts) and directly by the rules: they agree."""
    f = f or TalentFilters()
    db.session.commit()
    assert talent_search.use_index()
    indexed = count(f, **clock_args)
    app.config["COUNT_INDEX"] = False
    try:
        direct = count(f, **clock_args)
    finally:
        app.config["COUNT_INDEX"] = True
    assert indexed == direct, (indexed, direct)
    return indexed


# --- The classification an approval aims at -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "group", "level", "target"),
    [
        ("advancement", "IT", 2, "IT-03"),
        ("advancement", "IT", 1, "IT-02"),
        ("advancement", "EX", 9, "EX-10"),
        ("lateral", "IT", 2, "IT-02"),
        ("lateral", "IT", 1, "IT-01"),
        ("advancement", None, None, None),
        ("lateral", "IT", None, None),
        ("advancement", "IT", None, None),  # a group without its level: no target, never an error
        ("advancement", None, 3, None),
    ],
)
def test_the_target_is_the_next_level_for_advancement_and_the_same_for_a_lateral_move(
    kind, group, level, target
):
    assert talent_sources.programme_target(kind, group, level) == target


def test_the_current_classification_in_sql_is_current_positions_rule(db, programme):
    """The latest started current government work experience; an ended one or a non-government one does
    not count; the latest one giving only a department means no known classification."""
    it01, it04 = classification(db, "IT", 1), classification(db, "IT", 4)
    cases = {}
    cases["plain"] = programme(current=("IT", 2))
    ended = programme(current=None)
    db.session.add_all(
        [
            Experience(
                user_id=ended.id,
                kind="work",
                title="Old",
                start_date=date(2015, 1, 1),
                end_date=date(2019, 1, 1),
                classification_id=it04.id,
            ),
            Experience(user_id=ended.id, kind="community", title="Volunteer", start_date=date(2022, 1, 1)),
        ]
    )
    cases["ended"] = ended
    two = programme(current=("IT", 2))  # started 2020
    db.session.add(
        Experience(
            user_id=two.id, kind="work", title="New", start_date=date(2023, 5, 1), classification_id=it01.id
        )
    )
    cases["latest"] = two
    department_only = programme(current=("IT", 2))
    from talent.models import Department

    dept = Department(number=7301, name_en="Dept", name_fr="Min")
    db.session.add(dept)
    db.session.flush()
    db.session.add(
        Experience(
            user_id=department_only.id,
            kind="work",
            title="Later",
            start_date=date(2024, 1, 1),
            department_id=dept.id,
        )
    )
    cases["department"] = department_only
    db.session.flush()
    from talent.models import Classification as C

    for name, user in cases.items():
        in_sql = db.session.scalar(select(talent_sources.current_classification_id(user.id)))
        position = careers.current_position(user.id)
        assert in_sql == (position.classification.id if position.classification else None), name
    assert (
        db.session.get(C, db.session.scalar(select(talent_sources.current_classification_id(two.id)))).code
        == "IT-01"
    )
    approvals = {a.user_id: a.classification for a in talent_sources.approvals(clock.today())}
    assert approvals == {
        cases["plain"].id: "IT-03",
        ended.id: None,
        two.id: "IT-02",
        department_only.id: None,
    }


def test_the_classification_filter_reads_the_target_at_its_edges(app, db, library, programme):
    classification(db, "IT", 2)
    classification(db, "IT", 4)
    up = programme("advancement", current=("IT", 2))
    across = programme("lateral", current=("IT", 2))
    unknown = programme("advancement", current=None)

    def who(code: str | None) -> set[int]:
        f = TalentFilters(classifications=(code,)) if code else TalentFilters()
        return {m.user_id for m in matching_memberships(f)}

    assert who("IT-03") == {up.id}
    assert who("IT-02") == {across.id}
    assert who("IT-04") == set()
    assert who(None) == {up.id, across.id, unknown.id}  # no target: counted only when none is asked for
    assert both_paths(app, db, TalentFilters(classifications=("IT-03",))).programme == 1
    assert both_paths(app, db, TalentFilters(classifications=("IT-02", "IT-03"))).total == 2
    assert both_paths(app, db, TalentFilters(classifications=("IT-04",))).total == 0


def test_a_stream_filter_never_counts_the_programme_and_person_filters_read_the_profile(
    app, db, library, programme
):
    english = programme(looking_for_english=True, work_regions=["ontario"], work_arrangements=["onsite"])
    programme(looking_for_french=True, skills={library["python"]: 3})
    assert both_paths(app, db).programme == 2
    assert both_paths(app, db, TalentFilters(streams=("software_solutions",))).total == 0
    assert both_paths(app, db, TalentFilters(language="english")).programme == 1
    assert both_paths(app, db, TalentFilters(skills=("t:python",))).programme == 1
    assert both_paths(app, db, TalentFilters(regions=("ontario",), arrangements=("onsite",))).programme == 1
    assert {m.user_id for m in matching_memberships(TalentFilters(language="english"))} == {english.id}


# --- Who counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["advancement", "lateral"])
def test_an_approval_counts_until_its_expiry_day_included(app, db, library, programme, kind):
    day = clock.today()
    user = programme(kind, expires=day)
    result = both_paths(app, db)
    assert (result.total, result.pools, result.programme) == (1, (), 1)
    [membership] = matching_memberships(TalentFilters())
    assert (membership.user_id, membership.source, membership.event_id) == (
        user.id,
        "nomination",
        programme.event.id,
    )
    assert membership.process_id is None and membership.stream is None
    # The day after, the clock alone takes them out: no change to any row.
    assert both_paths(app, db, today=day + timedelta(days=1)).total == 0
    assert pools.is_available_nominee(user.id) and not pools.is_available_nominee(
        user.id, day + timedelta(days=1)
    )


EXCLUDED = {
    "rejected": {"decision": "rejected"},
    "expired yesterday": {"expires": date.today() - timedelta(days=400)},  # replaced below by the real day
    "declined": {"declined": True},
    "no consent": {"consent": False},
    "unverified work e-mail": {"verified": False},
    "deactivated account": {"active": False},
    "reopened to undecided": {"decision": None},
    "development only": {"kind": "development"},
}


@pytest.mark.parametrize("case", list(EXCLUDED))
def test_nobody_else_ever_counts(app, db, library, programme, case):
    facts = dict(EXCLUDED[case])
    if case == "expired yesterday":
        facts["expires"] = clock.today() - timedelta(days=1)
    kind = facts.pop("kind", "advancement")
    user = programme(kind, **facts)
    if case == "reopened to undecided":  # decided, then reopened: the expiry stays, the decision does not
        assert group_of(db, user).advancement_expires_on is not None
    result = both_paths(app, db)
    assert (result.total, result.programme) == (0, 0)
    assert matching_memberships(TalentFilters()) == []
    assert not pools.is_available_nominee(user.id)
    assert db.session.scalar(select(func.count()).select_from(pools.available_people().subquery())) == 0


def test_a_deleted_account_or_no_work_email_at_all_never_counts(app, db, library, programme):
    gone = programme()
    gone.deleted_at = utcnow()
    nothing = programme()
    db.session.delete(db.session.scalars(select(WorkEmail).where(WorkEmail.user_id == nothing.id)).one())
    assert both_paths(app, db).total == 0


def test_two_events_and_both_kinds_count_one_person_once(app, db, library, programme):
    user = programme("advancement")
    group = group_of(db, user)
    group.lateral_decision, group.lateral_expires_on = "approved", clock.today()
    add_nominee(db, add_event(db, "Autumn 2026"), "lateral", user=user, current=None)
    result = both_paths(app, db)
    assert (result.total, result.programme) == (1, 1)
    assert len(matching_memberships(TalentFilters())) == 3  # three programme memberships, one person


def test_a_pool_member_also_approved_counts_once_and_shows_both_sources(
    app, db, library, programme, submitted
):
    from jobs.services import decisions

    application = submitted()
    decisions.qualify(application.process.created_by, application, None)
    db.session.commit()
    member = db.session.get(User, application.user_id)
    programme(user=member)
    result = both_paths(app, db)
    assert result.total == 1 and result.programme == 1
    assert [(p.process_id, p.count) for p in result.pools] == [(application.process_id, 1)]
    sources = {m.source for m in matching_memberships(TalentFilters())}
    assert sources == {"pool", "nomination"}


# --- The index and the rules agree, with nominees -----------------------------------------------------------


def test_the_index_and_the_rules_agree_on_the_database_with_nominees(app, db, library, programme, submitted):
    import random

    from jobs.services import decisions

    rng = random.Random(16)
    for _ in range(3):
        application = submitted()
        decisions.qualify(application.process.created_by, application, None)
    db.session.commit()
    members = [db.session.get(User, a) for a in db.session.scalars(select(Application.user_id))]
    day = clock.today()
    for i in range(14):
        programme(
            rng.choice(["advancement", "lateral"]),
            current=rng.choice([("IT", 2), ("IT", 3), None]),
            expires=rng.choice([day - timedelta(days=1), day, day + timedelta(days=5)]),
            decision=rng.choice(["approved", "approved", "rejected"]),
            looking_for_english=i % 2 == 0,
            skills={library["python"]: 2} if i % 3 == 0 else {},
            user=members[i] if i < len(members) else None,
        )
    filters = [
        TalentFilters(),
        TalentFilters(classifications=("IT-03",)),
        TalentFilters(language="english"),
        TalentFilters(skills=("t:python",)),
        TalentFilters(streams=("software_solutions",)),
    ]
    results = [both_paths(app, db, f) for f in filters]
    assert results[0].programme > 2 and len({r.total for r in results}) > 2
    tomorrow = [both_paths(app, db, f, today=day + timedelta(days=1)) for f in filters]
    assert tomorrow[0].programme < results[0].programme  # today's expiries gone, by the clock alone


# --- Freshness: the change log ------------------------------------------------------------------------------


def test_every_change_the_programme_reads_shows_in_the_next_count_without_rebuilding(
    app, db, library, programme
):
    others = 20  # unchanged people: the index replaces the changed one rather than rebuilding
    for _ in range(others):
        programme()
    user = programme(decision="rejected")
    db.session.commit()
    assert count(TalentFilters()).total == others
    live = app.extensions["talent_index"]
    built = live.built_at

    def next_count() -> int:
        db.session.commit()
        assert talent_search.use_index()
        return count(TalentFilters()).total - others

    group = group_of(db, user)
    group.advancement_decision = "approved"  # approved: in
    assert next_count() == 1
    interest = db.session.scalars(select(CareerInterest).where(CareerInterest.user_id == user.id)).one()
    interest.consent_at = None  # consent withdrawn: out
    assert next_count() == 0
    interest.consent_at = utcnow()
    assert next_count() == 1
    group_of(db, user).declined_at = utcnow()  # declined: out
    assert next_count() == 0
    group_of(db, user).declined_at = None
    assert next_count() == 1
    work = db.session.scalars(select(WorkEmail).where(WorkEmail.user_id == user.id)).one()
    work.verified_at = None  # the address changed, unverified: out
    assert next_count() == 0
    work.verified_at = utcnow()
    assert next_count() == 1
    db.session.get(User, user.id).active = False  # deactivated: out
    assert next_count() == 0
    db.session.get(User, user.id).active = True
    assert next_count() == 1
    experience = db.session.scalars(select(Experience).where(Experience.user_id == user.id)).one()
    experience.classification_id = classification(db, "IT", 3).id  # promoted: now aims at IT-04
    classification(db, "IT", 4)
    db.session.commit()
    assert count(TalentFilters(classifications=("IT-04",))).total == 1  # the others aim at IT-03
    group_of(db, user).advancement_decision = None  # reopened: out
    assert next_count() == 0
    assert live.built_at is built and app.extensions["talent_index"] is live  # refreshed, never rebuilt


def test_the_change_rows_name_the_nominee_and_an_unrelated_account_change_writes_none(db, programme):
    user = programme()
    db.session.commit()

    def rows() -> list[int | None]:
        return list(db.session.scalars(select(TalentChange.user_id).order_by(TalentChange.id)))

    before = len(rows())
    group_of(db, user).advancement_expires_on = clock.today() + timedelta(days=3)
    db.session.flush()
    assert rows()[before:] == [user.id] and talent_changes.pending(db.session)
    db.session.commit()
    account = db.session.get(User, user.id)
    account.last_login_at = utcnow()  # not a counted fact
    db.session.commit()
    assert len(rows()) == before + 1
    db.session.delete(group_of(db, user))
    db.session.commit()
    assert rows()[-1] == user.id


# --- Statements stay bounded --------------------------------------------------------------------------------


@pytest.fixture
def statements(db):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            seen.append(statement)

    event.listen(db.test_connection, "before_cursor_execute", record)
    yield seen
    event.remove(db.test_connection, "before_cursor_execute", record)


def test_counts_send_as_many_statements_with_many_nominees_as_with_few(
    app, db, library, programme, statements
):
    sizes: dict[str, list[int]] = {"direct": [], "build": [], "warm": []}
    for n in (2, 12):
        while db.session.scalar(select(func.count()).select_from(NominationGroup)) < n:
            programme()
        db.session.commit()
        app.config["COUNT_INDEX"] = False
        statements.clear()
        assert count(TalentFilters()).total == n
        sizes["direct"].append(len(statements))
        app.config["COUNT_INDEX"] = True
        app.extensions.pop("talent_index", None)
        statements.clear()
        assert count(TalentFilters()).programme == n
        sizes["build"].append(len(statements))
        statements.clear()
        assert count(TalentFilters(language="english")).total == 0
        sizes["warm"].append(len(statements))
    assert sizes["direct"][0] == sizes["direct"][1]
    assert sizes["build"][0] == sizes["build"][1]
    assert sizes["warm"] == [1, 1]  # one read of the change log
    print("statements per count:", sizes)


# --- The pages and the API ----------------------------------------------------------------------------------


def test_the_find_talent_page_and_the_api_show_the_programme_beside_the_pools(
    app, db, client, library, programme, make_user
):
    for _ in range(6):
        programme()
    db.session.commit()
    html = client.get("/en/find-talent").get_data(as_text=True)
    assert "Talent management programme" in html and 'data-source="nomination"' in html
    row = html.split('data-source="nomination"', 1)[1].split("</tr>", 1)[0]
    assert ">6<" in row.replace(" ", "").replace("\n", "")
    answer = client.get("/api/talent-count").get_json()
    assert answer["total"] == 6 and answer["programme"]["count"] == 6
    assert answer["programme"]["label"] == "Talent management programme"
    french = client.get("/api/talent-count?lang=fr").get_json()
    assert french["programme"]["label"] == "Programme de gestion des talents"
    assert "Programme de gestion des talents" in client.get("/fr/find-talent").get_data(as_text=True)


def test_small_programme_counts_are_hidden_from_the_public_and_shown_to_the_team(
    app, db, client, library, programme, make_process, submitted, make_user
):
    from jobs.services import decisions

    process = make_process()
    for _ in range(6):
        application = submitted(process)
        decisions.qualify(process.created_by, application, None)
    db.session.commit()
    programme()
    programme()
    db.session.commit()
    answer = client.get("/api/talent-count").get_json()
    assert answer["total"] == 8
    assert answer["programme"]["count"] is None and answer["programme"]["fewer_than"] == 5
    login(client, make_user("recruiter").email)
    assert client.get("/api/talent-count").get_json()["programme"]["count"] == 2


# --- Referrals ----------------------------------------------------------------------------------------------


def test_a_nominee_can_be_referred_like_a_pool_member_and_only_while_available(
    app, db, library, programme, make_user
):
    from tests.jobs.test_request_views import make_request

    talent_request, _ = make_request(make_user("manager"), library)
    recruiter = make_user("recruiter")
    approved = programme()
    rejected = programme(decision="rejected")
    db.session.commit()
    referral = requests.refer(recruiter, talent_request, approved.id, True)
    assert referral.referred and referral.application_id is None
    with pytest.raises(requests.JobsError) as refused:
        requests.refer(recruiter, talent_request, rejected.id, True)
    assert "through the talent management programme" in str(refused.value.message)
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 1
    # The team's list of who fits: the nominee, with the programme and the event.
    rows = fit_rows(talent_request, matching_memberships(TalentFilters()))
    assert [(r.user.id, r.sources, [e.id for e in r.events]) for r in rows] == [
        (approved.id, ("nomination",), [programme.event.id])
    ]


def test_the_teams_request_page_lists_nominees_with_their_source(
    app, db, client, library, programme, make_user
):
    from tests.jobs.test_request_views import make_request

    talent_request, _ = make_request(make_user("manager"), library)
    talent_request.search = {}
    user = programme()
    db.session.commit()
    login(client, make_user("recruiter").email)
    html = client.get(f"/en/recruit/requests/{talent_request.id}").get_data(as_text=True)
    assert f'id="fit-{user.id}"' in html
    cell = html.split(f'id="fit-{user.id}"', 1)[1].split("</td>", 2)[1]
    assert 'data-sources="nomination"' in cell and "Talent management programme: Spring 2026" in cell
    assert "Available people who fit the search" in html
    # The search's count, and the programme's part of it: exact for the team.
    part = html.split('id="live-programme">', 1)[1].split("</gcds-text>", 1)[0]
    assert part.strip() == "Talent management programme: 1 of them"


def test_the_managers_request_page_shows_the_programmes_part_under_the_disclosure_rules(
    app, db, client, library, programme, make_user
):
    from tests.jobs.test_request_views import make_request

    manager = make_user("manager")
    talent_request, _ = make_request(manager, library)
    talent_request.search = {}
    for _ in range(2):
        programme()
    db.session.commit()
    login(client, manager.email)
    html = client.get(f"/en/talent-requests/{talent_request.id}").get_data(as_text=True)
    assert "Fewer than 5 people fit it today." in html and 'id="live-programme"' not in html  # too few
    for _ in range(4):
        programme()
    db.session.commit()
    html = client.get(f"/en/talent-requests/{talent_request.id}").get_data(as_text=True)
    part = html.split('id="live-programme">', 1)[1].split("</gcds-text>", 1)[0]
    assert "6 people fit it today." in html and part.strip() == "Talent management programme: 6 of them"
    french = client.get(f"/fr/talent-requests/{talent_request.id}").get_data(as_text=True)
    assert "Programme de gestion des talents\u00a0: 6 d’entre elles" in french
