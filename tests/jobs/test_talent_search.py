"""The find-talent counting rules, on small exact fixtures (pure rules first, then on the database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobs.models import Application, Decision
from jobs.services.talent_search import (
    Membership,
    Person,
    TalentFilters,
    count,
    location_matches,
    person_matches,
    shown_count,
    tally,
)
from talent.models import CandidateProfile, EquityDeclaration, UserSkill
from talent.models._types import utcnow


def people(*facts: Person) -> dict[int, Person]:
    return {p.user_id: p for p in facts}


def one_pool(*ids: int) -> list[Membership]:
    return [Membership(i, 100, "IT-03", "software_solutions") for i in ids]


def test_skills_any_and_all():
    group = people(
        Person(1, skills=frozenset({"S1"})),
        Person(2, skills=frozenset({"S1", "S2", "S3"})),
        Person(3, skills=frozenset({"S3"})),
    )
    assert tally(one_pool(1, 2, 3), group, TalentFilters(skills=("S2", "S3"))).total == 2
    assert tally(one_pool(1, 2, 3), group, TalentFilters(skills=("S1", "S2"), skill_mode="all")).total == 1


def test_a_person_in_two_matching_pools_is_two_pool_rows_of_one_and_a_total_of_one():
    result = tally(
        [Membership(1, 100, "IT-03"), Membership(1, 200, "IT-03")], people(Person(1)), TalentFilters()
    )
    assert result.total == 1
    assert [(p.process_id, p.count) for p in result.pools] == [(100, 1), (200, 1)]


def test_language_english_excludes_bilingual_only():
    group = people(Person(1, english=True), Person(2, english=True, french=True), Person(3, bilingual=True))
    assert tally(one_pool(1, 2, 3), group, TalentFilters(language="english")).total == 2
    assert tally(one_pool(1, 2, 3), group, TalentFilters(language="bilingual")).total == 1
    assert tally(one_pool(1, 2, 3), group, TalentFilters(language="french")).total == 1


def test_remote_matches_anywhere_hybrid_and_onsite_need_a_region():
    remote_bc = Person(1, arrangements=frozenset({"remote"}), regions=frozenset({"british_columbia"}))
    hybrid_ncr = Person(2, arrangements=frozenset({"hybrid"}), regions=frozenset({"national_capital"}))
    hybrid_bc = Person(3, arrangements=frozenset({"hybrid"}), regions=frozenset({"british_columbia"}))
    f = TalentFilters(regions=("national_capital",), arrangements=("remote", "hybrid"))
    assert [location_matches(p, f) for p in (remote_bc, hybrid_ncr, hybrid_bc)] == [True, True, False]
    assert not location_matches(
        remote_bc, TalentFilters(regions=("national_capital",), arrangements=("onsite",))
    )
    assert location_matches(hybrid_bc, TalentFilters(regions=("british_columbia", "north")))


def test_operational_requirements_all_durations_any_and_no_preference_never_counts():
    shifts = Person(
        1, operational_requirements=frozenset({"shift_work", "travel"}), durations=frozenset({"term"})
    )
    nothing = Person(2)
    assert person_matches(shifts, TalentFilters(operational_requirements=("shift_work",)))
    assert not person_matches(shifts, TalentFilters(operational_requirements=("shift_work", "on_call")))
    assert person_matches(shifts, TalentFilters(durations=("term", "indeterminate")))
    assert not person_matches(nothing, TalentFilters(durations=("term", "indeterminate")))


def test_equity_any_of_and_classification_and_stream_filter_the_pools():
    declared = Person(1, equity=frozenset({"woman"}))
    assert person_matches(declared, TalentFilters(equity=("woman", "indigenous")))
    assert not person_matches(Person(2), TalentFilters(equity=("woman",)))
    pools = [Membership(1, 100, "IT-03", "security"), Membership(1, 200, "IT-04", "software_solutions")]
    result = tally(pools, people(declared), TalentFilters(classifications=("IT-04",)))
    assert [(p.process_id, p.count) for p in result.pools] == [(200, 1)]
    result = tally(pools, people(declared), TalentFilters(streams=("security",)))
    assert [(p.process_id, p.count) for p in result.pools] == [(100, 1)]


def test_small_counts_are_hidden_from_the_public_only():
    assert shown_count(3, exact=False) is None
    assert shown_count(3, exact=True) == 3
    assert shown_count(0, exact=False) == 0 and shown_count(5, exact=False) == 5


def test_filters_round_trip_and_refuse_unknown_codes(db, library):
    f = TalentFilters.from_json(
        {"classifications": ["IT-03"], "skills": ["t:python"], "regions": ["ontario"], "language": "english"}
    )
    assert TalentFilters.from_json(f.to_json()) == f
    from jobs.services import JobsError

    for bad in (
        {"classifications": ["XX-99"]},
        {"skills": ["nope"]},
        {"regions": ["moon"]},
        {"language": "latin"},
        {"skill_mode": "sometimes"},
    ):
        with pytest.raises(JobsError):
            TalentFilters.from_json(bad)
    with pytest.raises(JobsError):
        TalentFilters.from_json({"skill_mode": "all"}, allow_all_skills=False)


# --- On the database: only available pool members count ----------------------------------------------------


@pytest.fixture
def member(db, make_process, make_user, library):
    process = make_process()

    def make(skills=(), expiry=None, qualified=True, **profile):
        user = make_user("candidate")
        db.session.add(CandidateProfile(user_id=user.id, **profile))
        for key in skills:
            db.session.add(UserSkill(user_id=user.id, skill_id=library[key].id, level=2))
        db.session.add(
            Application(
                process_id=process.id,
                user_id=user.id,
                submitted_at=utcnow(),
                decision=Decision.QUALIFIED if qualified else None,
                expiry_date=expiry,
            )
        )
        db.session.flush()
        return user

    make.process = process
    return make


def test_database_count_follows_the_skill_rule(db, member):
    member(skills=("python",))
    member(skills=("python", "sql", "java"))
    member(skills=("java",))
    f = TalentFilters(skills=("t:sql", "t:java"))
    assert count(f).total == 2
    assert count(TalentFilters(skills=("t:python", "t:sql"), skill_mode="all")).total == 1


def test_expiry_yesterday_does_not_count_today_and_tomorrow_do(db, member):
    today = date.today()
    member(expiry=today - timedelta(days=1))
    member(expiry=today)
    member(expiry=today + timedelta(days=1))
    assert count(TalentFilters(), today=today).total == 2


def test_a_great_profile_without_a_pool_or_with_a_draft_never_counts(db, member, make_user):
    member(qualified=False, looking_for_english=True)
    lonely = make_user("candidate")
    db.session.add(CandidateProfile(user_id=lonely.id, looking_for_english=True))
    db.session.flush()
    assert count(TalentFilters()).total == 0


def test_database_language_and_equity(db, member):
    member(looking_for_english=True)
    member(looking_for_english=True, looking_for_french=True)
    member(looking_for_bilingual=True)
    assert count(TalentFilters(language="english")).total == 2
    declared = member()
    db.session.add(EquityDeclaration(user_id=declared.id, is_indigenous=True))
    db.session.flush()
    assert count(TalentFilters(equity=("indigenous",))).total == 1
