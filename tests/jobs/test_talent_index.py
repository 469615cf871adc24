"""The in-memory talent index: exactly the counting rules (random facts of both sources, pools and the
talent-management programme, no database), and fresh after every committed change (on the database,
through the change log)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select, update

from jobs.models import Application, Process, TalentChange
from jobs.services import talent_changes, talent_search
from jobs.services.talent_index import NOMINATION, FacetIndex, MemberFacts
from jobs.services.talent_search import Membership, Person, TalentFilters, count, tally
from talent import vocab as talent_vocab
from talent.models import CandidateProfile, Classification, UserSkill
from tests.jobs.test_talent_search import member  # noqa: F401 - the fixture

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 16, 0, 0, tzinfo=UTC)
SKILLS = ("s1", "s2", "s3", "s4", "s5")
CLASSES = ("IT-01", "IT-02", "IT-03", None)
STREAMS = ("security", "software_solutions", "not-a-stream", None)


def _some(rng: random.Random, values, extra=()):  # type: ignore[no-untyped-def]
    pool = list(values) + list(extra)
    return frozenset(rng.sample(pool, rng.randint(0, min(3, len(pool)))))


def random_person(rng: random.Random, user_id: int) -> Person:
    return Person(
        user_id,
        skills=_some(rng, SKILLS, ["t:unknown"]),
        english=rng.random() < 0.6,
        french=rng.random() < 0.4,
        bilingual=rng.random() < 0.2,
        regions=_some(rng, talent_vocab.WORK_REGIONS, ["retired-region"]),
        arrangements=_some(rng, talent_vocab.WORK_ARRANGEMENTS),
        operational_requirements=_some(rng, talent_vocab.OPERATIONAL_REQUIREMENTS),
        durations=_some(rng, talent_vocab.POSITION_DURATIONS),
        equity=_some(rng, talent_vocab.EQUITY_GROUPS),
        has_diploma=rng.random() < 0.5,
    )


def random_members(rng: random.Random, user_id: int) -> list[MemberFacts]:
    """Pool memberships (one to three, or none for some people approved by the programme) and, for about
    a third of the people, programme memberships: an approval aimed at a classification (or none known),
    no stream, its expiry either side of today."""
    processes = {
        100: ("IT-03", "security"),
        200: ("IT-01", None),
        300: (None, "software_solutions"),
        400: ("IT-02", "not-a-stream"),
    }
    moments = (None, NOW - timedelta(seconds=1), NOW, NOW + timedelta(seconds=1))
    days = (None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1))
    nominee = rng.random() < 0.35
    found = [
        MemberFacts(user_id, pid, *processes[pid], rng.choice(days), rng.choice(moments))
        for pid in rng.sample(sorted(processes), rng.randint(0 if nominee else 1, 3))
    ]
    if nominee:
        found += [
            MemberFacts(user_id, None, target, None, rng.choice(days[1:]), None, NOMINATION, event)
            for event, target in zip(
                rng.sample([1, 2], rng.randint(1, 2)),
                [rng.choice(CLASSES), rng.choice(CLASSES)],
                strict=False,
            )
        ]
    return found


def random_filters(rng: random.Random) -> TalentFilters:
    def pick(values, most=2):  # type: ignore[no-untyped-def]
        return tuple(rng.sample(list(values), rng.randint(0, most))) if rng.random() < 0.5 else ()

    return TalentFilters(
        classifications=pick([c for c in CLASSES if c] + ["IT-05"]),
        streams=pick(["security", "software_solutions", "data_science"]),
        skills=pick([*SKILLS, "s9"], 3),
        skill_mode=rng.choice(("any", "all")),
        language=rng.choice((None, None, "english", "french", "bilingual")),
        regions=pick(talent_vocab.WORK_REGIONS),
        arrangements=pick(talent_vocab.WORK_ARRANGEMENTS),
        operational_requirements=pick(talent_vocab.OPERATIONAL_REQUIREMENTS),
        durations=pick(talent_vocab.POSITION_DURATIONS),
        equity=pick(talent_vocab.EQUITY_GROUPS),
        education=rng.choice((None, None, "diploma")),
    )


def expected(people, members, f, today=TODAY, now=NOW):  # type: ignore[no-untyped-def]
    """What the rules say: the members available at ``today``/``now``, tallied."""
    available = [
        Membership(m.user_id, m.process_id, m.classification, m.stream, m.source, m.event_id)
        for m in members
        if (m.expiry_date is None or m.expiry_date >= today)
        and (m.suspended_at is None or m.suspended_at > now)
    ]
    result = tally(available, people, f)
    return result.total, [(p.process_id, p.count) for p in result.pools], result.programme


def test_the_index_counts_exactly_what_the_rules_count():
    rng = random.Random(11)
    people = {uid: random_person(rng, uid) for uid in range(1, 160)}
    people.pop(7)  # a member without a profile never counts
    members = [m for uid in range(1, 160) for m in random_members(rng, uid)]
    index = FacetIndex.from_facts(people, members)
    checked = 0
    for _ in range(400):
        f = random_filters(rng)
        want = expected(people, members, f)
        assert index.count(f, TODAY, NOW) == want, f
        checked += want[0] > 0
    assert checked > 100  # most filters found somebody: the comparison is not all zeros
    # ...the programme's people among them, and some counted both in a pool and through the programme.
    everyone = index.count(TalentFilters(), TODAY, NOW)
    assert everyone[2] > 10 and everyone[0] < sum(n for _p, n in everyone[1]) + everyone[2]
    # The clock's part: a day later, today's expiries and the next second's suspension are gone.
    later, after = TODAY + timedelta(days=1), NOW + timedelta(seconds=1)
    assert index.count(TalentFilters(), later, after) == expected(
        people, members, TalentFilters(), later, after
    )
    assert index.count(TalentFilters(), later, after)[0] < index.count(TalentFilters(), TODAY, NOW)[0]


def test_replacing_people_gives_what_a_fresh_index_gives():
    rng = random.Random(5)
    people = {uid: random_person(rng, uid) for uid in range(1, 120)}
    members = [m for uid in people for m in random_members(rng, uid)]
    index = FacetIndex.from_facts(people, members)
    for round_ in range(6):
        changed = rng.sample(sorted(people), 15)
        gone = changed[:3]  # left every pool (or deleted): named, with no membership any more
        for uid in changed:
            people[uid] = random_person(rng, uid)
        members = [m for m in members if m.user_id not in changed]
        fresh = [m for uid in changed[3:] for m in random_members(rng, uid)]
        members += fresh
        index.replace({uid: people[uid] for uid in changed}, fresh, gone)
        for _ in range(60):
            f = random_filters(rng)
            assert index.count(f, TODAY, NOW) == expected(people, members, f), (round_, f)
    assert 0 < index.dead_share < 0.5


def test_members_names_each_available_fitting_membership():
    people = {1: Person(1, skills=frozenset({"s1"})), 2: Person(2)}
    members = [
        MemberFacts(1, 100, "IT-03", "security", None, None),
        MemberFacts(1, 200, None, None, TODAY - timedelta(days=1), None),  # expired yesterday
        MemberFacts(2, 100, "IT-03", "security", None, None),
    ]
    index = FacetIndex.from_facts(people, members)
    assert index.members(TalentFilters(skills=("s1",)), TODAY, NOW) == [
        (1, 100, "IT-03", "security", "pool", None)
    ]
    assert sorted(index.members(TalentFilters(), TODAY, NOW)) == [
        (1, 100, "IT-03", "security", "pool", None),
        (2, 100, "IT-03", "security", "pool", None),
    ]


def test_members_names_the_programmes_memberships_with_their_event_and_target():
    people = {1: Person(1), 2: Person(2)}
    members = [
        MemberFacts(1, None, "IT-04", None, TODAY, None, NOMINATION, 7),  # expires today: still there
        MemberFacts(2, None, "IT-03", None, TODAY - timedelta(days=1), None, NOMINATION, 7),  # yesterday
        MemberFacts(2, 100, "IT-03", "security", None, None),
    ]
    index = FacetIndex.from_facts(people, members)
    assert sorted(index.members(TalentFilters(), TODAY, NOW), key=str) == [
        (1, None, "IT-04", None, "nomination", 7),
        (2, 100, "IT-03", "security", "pool", None),
    ]
    assert index.count(TalentFilters(), TODAY, NOW) == (2, [(100, 1)], 1)
    # The classification filter reads the target; a stream filter never fits the programme.
    assert index.count(TalentFilters(classifications=("IT-04",)), TODAY, NOW) == (1, [], 1)
    assert index.count(TalentFilters(streams=("security",)), TODAY, NOW) == (1, [(100, 1)], 0)
    assert index.count(TalentFilters(), TODAY + timedelta(days=1), NOW) == (1, [(100, 1)], 0)


# -- on the database -----------------------------------------------------------------------------------


@pytest.fixture
def statements(db):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            seen.append(statement)

    event.listen(db.test_connection, "before_cursor_execute", record)
    yield seen
    event.remove(db.test_connection, "before_cursor_execute", record)


def test_counts_come_from_the_index_once_committed_and_follow_each_committed_change(app, db, member):  # noqa: F811
    a = member(skills=("python",), looking_for_english=True)
    b = member(skills=("sql",))
    assert talent_changes.pending(db.session)  # written, not committed: the rules count, the index waits
    assert count(TalentFilters()).total == 2 and "talent_index" not in app.extensions
    db.session.commit()
    assert not talent_changes.pending(db.session)
    assert count(TalentFilters(language="english")).total == 1
    assert app.extensions["talent_index"].index is not None  # built from committed facts

    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == b.id)).one()
    profile.looking_for_english = True
    db.session.flush()
    assert count(TalentFilters(language="english")).total == 2  # this transaction sees its own change
    db.session.rollback()
    assert count(TalentFilters(language="english")).total == 1  # ...and the index never took it

    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == b.id)).one()
    profile.looking_for_english = True
    db.session.commit()
    assert count(TalentFilters(language="english")).total == 2

    db.session.delete(db.session.scalars(select(UserSkill).where(UserSkill.user_id == a.id)).one())
    db.session.commit()
    assert count(TalentFilters(skills=("t:python",))).total == 0

    application = db.session.scalars(select(Application).where(Application.user_id == a.id)).one()
    application.paused_at = NOW
    db.session.commit()
    assert count(TalentFilters()).total == 1

    process = db.session.get(Process, member.process.id)
    other = Classification(group="ZZ", level=9, name_en="Other", name_fr="Autre")
    db.session.add(other)
    db.session.flush()
    code = "ZZ-09"
    assert count(TalentFilters(classifications=(code,))).total == 0
    process.classification_id = other.id
    db.session.commit()
    assert count(TalentFilters(classifications=(code,))).total == 1  # the process's members reloaded


@pytest.mark.parametrize("chunk", [50_000, 2])  # one chunk, or a build of many (each a few ids)
def test_the_index_and_the_rules_agree_on_the_database(app, db, member, monkeypatch, chunk):  # noqa: F811
    from jobs.services import talent_index

    monkeypatch.setattr(talent_index, "BUILD_CHUNK", chunk)
    rng = random.Random(3)
    for i in range(12):
        member(
            skills=rng.sample(["python", "sql", "java"], rng.randint(0, 2)),
            expiry=rng.choice([None, date.today() - timedelta(days=1), date.today()]),
            looking_for_english=i % 2 == 0,
            looking_for_bilingual=i % 3 == 0,
            work_regions=rng.sample(list(talent_vocab.WORK_REGIONS), 2),
            work_arrangements=rng.sample(list(talent_vocab.WORK_ARRANGEMENTS), 1),
            position_durations=rng.sample(list(talent_vocab.POSITION_DURATIONS), 1),
        )
    db.session.commit()
    filters = [TalentFilters()] + [
        random_filters(rng).__class__(
            skills=tuple(rng.sample(["t:python", "t:sql", "t:java"], rng.randint(0, 2))),
            language=rng.choice([None, "english", "bilingual"]),
            regions=tuple(rng.sample(list(talent_vocab.WORK_REGIONS), rng.randint(0, 2))),
            arrangements=tuple(rng.sample(list(talent_vocab.WORK_ARRANGEMENTS), rng.randint(0, 1))),
        )
        for _ in range(25)
    ]
    from_index = [count(f) for f in filters]
    assert app.extensions["talent_index"].index is not None
    monkeypatch.setitem(app.config, "COUNT_INDEX", False)
    assert [count(f) for f in filters] == from_index
    assert from_index[0].total > 0 and len({c.total for c in from_index}) > 2


def test_a_warm_count_reads_only_the_recent_changes_whatever_the_members(app, db, member, statements):  # noqa: F811
    sizes = []
    for people in (3, 15):
        for _ in range(people):
            member(skills=("python",))
        db.session.commit()
        count(TalentFilters())  # refresh: reloads the new people
        statements.clear()
        assert count(TalentFilters(skills=("t:python",))).total == len(sizes) * 3 + people
        sizes.append(len(statements))
    assert sizes == [1, 1]  # one read of the change log


def test_a_change_row_reloads_its_person_and_a_row_naming_nobody_reloads_all(app, db, member):  # noqa: F811
    a = member(looking_for_english=True)
    db.session.commit()
    assert count(TalentFilters(language="english")).total == 1
    # A write the listener cannot see (raw SQL), announced by its change row: the person is reloaded.
    db.session.execute(
        update(CandidateProfile)
        .where(CandidateProfile.user_id == a.id)
        .values(looking_for_english=False)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    assert db.session.scalar(
        select(func.count()).select_from(TalentChange).where(TalentChange.user_id.is_(None))
    )
    # (the ORM bulk update above asked for a full reload by itself)
    assert count(TalentFilters(language="english")).total == 0
    live = app.extensions["talent_index"]
    built = live.built_at
    db.session.add(TalentChange(user_id=None, process_id=None))
    db.session.commit()
    count(TalentFilters())
    assert live.built_at is not built  # rebuilt


def test_changes_that_do_not_touch_counted_facts_write_no_change_row(db, member):  # noqa: F811
    member()
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(TalentChange))
    process = db.session.get(Process, member.process.id)
    process.title_en = "A new title"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(TalentChange)) == before
    assert talent_search.use_index()


def test_a_server_worker_builds_the_index_as_it_starts(app, db, member):  # noqa: F811
    """gunicorn.conf.py's post_worker_init warms the index in the background, off the first request."""
    import importlib.util
    import time
    from pathlib import Path

    member(skills=("python",))
    db.session.commit()
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).parents[2] / "gunicorn.conf.py"
    )
    assert spec and spec.loader
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert "talent_index" not in app.extensions

    class Worker:
        wsgi = app

    conf.post_worker_init(Worker())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and getattr(app.extensions.get("talent_index"), "index", None) is None:
        time.sleep(0.05)
    live = app.extensions["talent_index"]
    assert live.index is not None and len(live.index.person_of) == 1
