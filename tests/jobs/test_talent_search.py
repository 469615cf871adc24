"""The find-talent counting rules, on small exact fixtures (pure rules first, then on the database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobs.models import Application, Decision
from jobs.services.talent_search import (
    Membership,
    Person,
    TalentCount,
    TalentFilters,
    count,
    location_matches,
    matching_memberships,
    person_matches,
    pool_matches,
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


# --- Every edge of the pure rules, both sides ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "exact", "shown"),
    [
        (0, False, 0),  # nobody is no secret
        (1, False, None),
        (4, False, None),  # the last hidden count: "fewer than 5"
        (5, False, 5),  # the first one shown
        (6, False, 6),
        (1, True, 1),  # recruiters and admins see every count
        (4, True, 4),
        (0, True, 0),
    ],
)
def test_a_count_shown_alone_hides_one_to_four_from_the_public(value, exact, shown):
    from jobs.services.disclosure import Shown, disclose

    total, _parts = disclose(value, [], exact=exact)
    assert total == (Shown(hidden="small") if shown is None else Shown(exact=shown))


@pytest.mark.parametrize(
    ("membership", "f", "matches"),
    [
        (Membership(1, 100, "IT-03", "security"), TalentFilters(), True),
        (Membership(1, 100, None, None), TalentFilters(), True),
        (Membership(1, 100, "IT-03", "security"), TalentFilters(classifications=("IT-03",)), True),
        (Membership(1, 100, "IT-03", "security"), TalentFilters(classifications=("IT-04",)), False),
        (Membership(1, 100, None, "security"), TalentFilters(classifications=("IT-03",)), False),
        (Membership(1, 100, "IT-03", "security"), TalentFilters(streams=("security",)), True),
        (Membership(1, 100, "IT-03", "security"), TalentFilters(streams=("database_management",)), False),
        (Membership(1, 100, "IT-03", None), TalentFilters(streams=("security",)), False),
        (
            Membership(1, 100, "IT-03", "security"),
            TalentFilters(classifications=("IT-03",), streams=("database_management",)),
            False,
        ),
    ],
)
def test_pool_matches_classification_and_stream(membership, f, matches):
    assert pool_matches(membership, f) is matches


def _where(arrangements=(), regions=()):
    return Person(1, arrangements=frozenset(arrangements), regions=frozenset(regions))


@pytest.mark.parametrize(
    ("person", "f", "matches"),
    [
        # No arrangement asked: only the regions, if any, count.
        (_where(), TalentFilters(), True),
        (_where(regions=("ontario",)), TalentFilters(regions=("ontario", "quebec")), True),
        (_where(regions=("atlantic",)), TalentFilters(regions=("ontario",)), False),
        (_where(("remote",), ()), TalentFilters(regions=("ontario",)), False),
        # Remote asked: a remote candidate fits wherever they are.
        (
            _where(("remote",), ("atlantic",)),
            TalentFilters(arrangements=("remote",), regions=("ontario",)),
            True,
        ),
        (_where(("remote",)), TalentFilters(arrangements=("remote",)), True),
        # ...and a candidate who wants no remote work does not fit a remote-only search, even in the region.
        (
            _where(("hybrid",), ("ontario",)),
            TalentFilters(arrangements=("remote",), regions=("ontario",)),
            False,
        ),
        (_where(("hybrid",), ("ontario",)), TalentFilters(arrangements=("remote",)), False),
        # Hybrid or on-site asked: the arrangement and then the region must fit.
        (_where(("hybrid",), ("ontario",)), TalentFilters(arrangements=("hybrid",)), True),
        (
            _where(("hybrid",), ("ontario",)),
            TalentFilters(arrangements=("hybrid",), regions=("ontario",)),
            True,
        ),
        (
            _where(("hybrid",), ("atlantic",)),
            TalentFilters(arrangements=("hybrid",), regions=("ontario",)),
            False,
        ),
        (
            _where(("onsite",), ("ontario",)),
            TalentFilters(arrangements=("hybrid",), regions=("ontario",)),
            False,
        ),
        (
            _where(("remote",), ("ontario",)),
            TalentFilters(arrangements=("onsite",), regions=("ontario",)),
            False,
        ),
        (
            _where(("remote", "onsite"), ("ontario",)),
            TalentFilters(arrangements=("hybrid", "onsite"), regions=("ontario",)),
            True,
        ),
        (
            _where(("hybrid",), ("ontario",)),
            TalentFilters(arrangements=("remote", "hybrid"), regions=("ontario",)),
            True,
        ),
    ],
)
def test_location_rule_edges(person, f, matches):
    assert location_matches(person, f) is matches
    assert person_matches(person, f) is matches


@pytest.mark.parametrize(
    ("skills", "mode", "matches"),
    [
        (("S1",), "any", True),
        (("S2", "S9"), "any", True),  # one of them is enough
        (("S9",), "any", False),
        (("S1", "S2"), "all", True),  # exactly the person's skills
        (("S1",), "all", True),  # fewer than the person's
        (("S1", "S9"), "all", False),  # one missing
        (("S9",), "all", False),
    ],
)
def test_skill_rule_any_and_all(skills, mode, matches):
    person = Person(1, skills=frozenset({"S1", "S2"}))
    assert person_matches(person, TalentFilters(skills=skills, skill_mode=mode)) is matches


def test_no_skill_asked_matches_a_person_without_skills():
    assert person_matches(Person(1), TalentFilters(skill_mode="all"))
    assert person_matches(Person(1), TalentFilters())


@pytest.mark.parametrize("language", ["english", "french", "bilingual"])
def test_each_language_needs_its_own_interest(language):
    only = Person(1, **{language: True})
    others = Person(2, **{other: True for other in ("english", "french", "bilingual") if other != language})
    assert person_matches(only, TalentFilters(language=language))
    assert not person_matches(others, TalentFilters(language=language))
    assert person_matches(others, TalentFilters())


@pytest.mark.parametrize(
    ("wanted", "accepted", "matches"),
    [
        ((), (), True),
        (("travel",), ("travel",), True),  # exactly what the person accepts
        (("travel",), ("travel", "on_call"), True),
        (("travel", "on_call"), ("travel",), False),  # every requirement must be accepted
        (("shift_work",), (), False),
    ],
)
def test_operational_requirements_must_all_be_accepted(wanted, accepted, matches):
    person = Person(1, operational_requirements=frozenset(accepted))
    assert person_matches(person, TalentFilters(operational_requirements=wanted)) is matches


@pytest.mark.parametrize(
    ("f", "person", "matches"),
    [
        (TalentFilters(durations=("term",)), Person(1, durations=frozenset({"term"})), True),
        (TalentFilters(durations=("term",)), Person(1, durations=frozenset({"indeterminate"})), False),
        (TalentFilters(), Person(1), True),
        (TalentFilters(equity=("woman",)), Person(1, equity=frozenset({"woman", "disability"})), True),
        (TalentFilters(equity=("indigenous",)), Person(1, equity=frozenset({"woman"})), False),
        (TalentFilters(education="diploma"), Person(1, has_diploma=True), True),
        (TalentFilters(education="diploma"), Person(1, has_diploma=False), False),
        (TalentFilters(), Person(1, has_diploma=False), True),
    ],
)
def test_durations_equity_and_education(f, person, matches):
    assert person_matches(person, f) is matches


def test_tally_skips_unknown_people_sorts_pools_and_counts_each_pool_apart():
    group = people(Person(1, english=True), Person(2, english=True), Person(3))
    memberships = [
        Membership(1, 300, "IT-03"),
        Membership(2, 100, "IT-03"),
        Membership(1, 100, "IT-03"),
        Membership(3, 100, "IT-03"),  # does not fit the language
        Membership(9, 200, "IT-03"),  # no profile: never counted
        Membership(2, 400, "IT-04"),  # the pool does not fit
    ]
    result = tally(memberships, group, TalentFilters(language="english", classifications=("IT-03",)))
    assert result.total == 2
    assert [(p.process_id, p.count) for p in result.pools] == [(100, 2), (300, 1)]
    assert tally([], group, TalentFilters()) == TalentCount(0, ())


def test_filters_to_json_lists_and_emptiness():
    f = TalentFilters(classifications=("IT-03",), language="french", skill_mode="all")
    assert f.to_json()["classifications"] == ["IT-03"]
    assert f.to_json()["language"] == "french" and f.to_json()["skill_mode"] == "all"
    assert f.to_json()["regions"] == []
    assert TalentFilters().is_empty
    assert not f.is_empty
    assert not TalentFilters(education="diploma").is_empty


# --- Validating stored filters: each field at fault is named ------------------------------------------------

MANY = "Choose options from the list."
ONE = "Choose an option from the list."
SKILLS = "Choose skills from the library."


def _refused(data, **kwargs):
    from jobs.services import JobsError

    with pytest.raises(JobsError) as caught:
        TalentFilters.from_json(data, **kwargs)
    return caught.value.message, caught.value.field


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"classifications": ["IT-03", "XX-99"]}, MANY, "classifications"),
        ({"classifications": 3}, MANY, "classifications"),
        ({"streams": ["nowhere"]}, MANY, "streams"),
        ({"regions": ["moon"]}, MANY, "regions"),
        ({"arrangements": ["teleport"]}, MANY, "arrangements"),
        ({"operational_requirements": ["juggling"]}, MANY, "operational_requirements"),
        ({"durations": ["forever"]}, MANY, "durations"),
        ({"equity": ["everyone"]}, MANY, "equity"),
        ({"skill_mode": "sometimes"}, MANY, "skill_mode"),
        ({"language": "latin"}, ONE, "language"),
        ({"education": "phd"}, ONE, "education"),
        ({"skills": ["t:python", "nope"]}, SKILLS, "skills"),
        ({"skills": 7}, SKILLS, "skills"),
        ({"skills": {"t:python": 1}}, SKILLS, "skills"),
    ],
)
def test_each_bad_filter_names_its_field(db, library, data, message, field):
    assert _refused(data) == (message, field)


def test_all_skills_mode_only_when_allowed(db, library):
    assert _refused({"skill_mode": "all"}, allow_all_skills=False) == (MANY, "skill_mode")
    assert TalentFilters.from_json({"skill_mode": "all"}).skill_mode == "all"
    assert TalentFilters.from_json({"skill_mode": "any"}, allow_all_skills=False).skill_mode == "any"
    assert TalentFilters.from_json({"skill_mode": ""}).skill_mode == "any"


def test_good_filters_are_kept_in_order_once_and_blanks_dropped(db, library):
    f = TalentFilters.from_json(
        {
            "classifications": "IT-03",
            "streams": ["security", "", None, "security", "database_management"],
            "skills": "t:python",
            "language": "bilingual",
            "regions": ("ontario", "quebec"),
            "arrangements": ["hybrid"],
            "operational_requirements": ["travel"],
            "durations": ["term"],
            "equity": ["woman", "woman"],
            "education": "diploma",
        }
    )
    assert f == TalentFilters(
        classifications=("IT-03",),
        streams=("security", "database_management"),
        skills=("t:python",),
        language="bilingual",
        regions=("ontario", "quebec"),
        arrangements=("hybrid",),
        operational_requirements=("travel",),
        durations=("term",),
        equity=("woman",),
        education="diploma",
    )
    assert TalentFilters.from_json({"skills": ["t:sql", "", "t:python", "t:sql"]}).skills == (
        "t:sql",
        "t:python",
    )
    assert TalentFilters.from_json({"language": "", "education": ""}) == TalentFilters()
    assert TalentFilters.from_json({}) == TalentFilters()


# --- The facts count() reads from the database --------------------------------------------------------------


def test_database_location_conditions_and_classification(db, member):
    member(work_regions=["ontario"], work_arrangements=["hybrid"])
    member(work_regions=["quebec"], work_arrangements=["remote"], position_durations=["term"])
    member(accepted_operational_requirements=["travel", "on_call"], position_durations=["indeterminate"])
    assert count(TalentFilters(regions=("ontario",), arrangements=("hybrid",))).total == 1
    assert count(TalentFilters(arrangements=("remote",))).total == 1
    assert count(TalentFilters(operational_requirements=("on_call",))).total == 1
    assert count(TalentFilters(durations=("term", "indeterminate"))).total == 2
    result = count(TalentFilters(classifications=("IT-03",), streams=("software_solutions",)))
    assert result.total == 3 and [(p.process_id, p.count) for p in result.pools] == [(member.process.id, 3)]
    assert count(TalentFilters(classifications=("IT-04",))).total == 0


def test_a_pool_without_classification_counts_only_when_none_is_asked(db, member):
    member()
    member.process.classification_id = None
    db.session.flush()
    assert count(TalentFilters()).total == 1
    assert count(TalentFilters(classifications=("IT-03",))).total == 0


@pytest.mark.parametrize(
    ("kind", "education_type", "status", "counts"),
    [
        ("education", "bachelors", "success_credential", True),
        ("education", "diploma", "success_credential", True),
        ("education", "certification", "success_credential", False),  # not a post-secondary credential
        ("education", "masters", "in_progress", False),  # not completed
        ("education", "phd", "success_no_credential", False),
        ("work", "bachelors", "success_credential", False),  # only an education experience says so
    ],
)
def test_database_diploma_rule(db, member, kind, education_type, status, counts):
    from talent.models import Experience

    user = member()
    member()  # someone without any experience
    db.session.add(
        Experience(
            user_id=user.id,
            kind=kind,
            title="Studies",
            start_date=date(2010, 9, 1),
            education_type=education_type,
            education_status=status,
        )
    )
    db.session.flush()
    assert count(TalentFilters(education="diploma")).total == (1 if counts else 0)
    assert count(TalentFilters()).total == 2


def test_matching_memberships_lists_the_fitting_available_ones(db, member, make_user):
    fits = member(skills=("python",))
    member(skills=("java",))
    member(skills=("python",), qualified=False)
    found = matching_memberships(TalentFilters(skills=("t:python",)))
    assert [(m.user_id, m.process_id, m.classification, m.stream) for m in found] == [
        (fits.id, member.process.id, "IT-03", "software_solutions")
    ]
    assert len(matching_memberships(TalentFilters())) == 2


def test_database_french_and_bilingual(db, member):
    member(looking_for_french=True)
    member(looking_for_bilingual=True)
    member(looking_for_bilingual=True, looking_for_french=True)
    assert count(TalentFilters(language="french")).total == 2
    assert count(TalentFilters(language="bilingual")).total == 2
    assert count(TalentFilters(language="english")).total == 0


def test_counts_use_the_day_they_are_given(db, member):
    # Long ago, this expiry was still ahead: counting must use the given day, not the real today.
    user = member(expiry=date(2020, 1, 1))
    then = date(2019, 12, 31)
    assert count(TalentFilters(), today=then).total == 1
    assert count(TalentFilters(), today=date(2020, 1, 2)).total == 0
    assert [m.user_id for m in matching_memberships(TalentFilters(), today=then)] == [user.id]
    assert matching_memberships(TalentFilters(), today=date(2020, 1, 2)) == []


def test_matching_memberships_apply_the_pool_filters(db, member):
    member()
    assert len(matching_memberships(TalentFilters(classifications=("IT-03",)))) == 1
    assert matching_memberships(TalentFilters(classifications=("IT-04",))) == []
    assert matching_memberships(TalentFilters(streams=("security",))) == []


# --- TalentFilters.from_json: every rule of reading a search, on both sides of each limit ----------------

LIST_FIELDS = {
    "streams": ("security", "software_solutions"),
    "regions": ("ontario", "quebec"),
    "arrangements": ("remote", "hybrid"),
    "operational_requirements": ("shift_work", "travel"),
    "durations": ("term", "indeterminate"),
    "equity": ("woman", "indigenous"),
}


def _refused_with(data, field, message, **options):
    from jobs.services import JobsError
    from jobs.services.talent_search import TalentFilters

    with pytest.raises(JobsError) as caught:
        TalentFilters.from_json(data, **options)
    assert (caught.value.field, str(caught.value.message)) == (field, message)


def test_each_list_filter_reads_into_its_own_field(db, library):
    from jobs.services.talent_search import TalentFilters

    data = {name: list(values) for name, values in LIST_FIELDS.items()}
    f = TalentFilters.from_json({**data, "classifications": "IT-03"})
    assert {name: getattr(f, name) for name in LIST_FIELDS} == LIST_FIELDS
    assert f.classifications == ("IT-03",)
    assert (f.skills, f.skill_mode, f.language, f.education) == ((), "any", None, None)


@pytest.mark.parametrize("name", [*LIST_FIELDS, "classifications"])
def test_a_list_filter_takes_a_string_drops_blanks_and_repeats_and_refuses_the_unknown(db, library, name):
    from jobs.services.talent_search import MAX_VALUES, TalentFilters

    first = LIST_FIELDS.get(name, ("IT-03",))[0]
    assert getattr(TalentFilters.from_json({name: first}), name) == (first,)
    assert getattr(TalentFilters.from_json({name: ["", None, first, first]}), name) == (first,)
    assert getattr(TalentFilters.from_json({name: [first] * MAX_VALUES}), name) == (first,)  # the limit
    _refused_with({name: [first] * (MAX_VALUES + 1)}, name, "Choose at most 100 options.")  # one past it
    _refused_with({name: [first, "not-a-code"]}, name, "Choose options from the list.")
    _refused_with({name: {"a": 1}}, name, "Choose options from the list.")
    _refused_with({name: 7}, name, "Choose options from the list.")


@pytest.mark.parametrize(("name", "good"), [("language", "bilingual"), ("education", "diploma")])
def test_a_single_choice_takes_one_value_sent_once_or_repeated_but_not_two(db, library, name, good):
    from jobs.services.talent_search import TalentFilters

    assert getattr(TalentFilters.from_json({name: good}), name) == good
    assert getattr(TalentFilters.from_json({name: [good, good]}), name) == good
    assert getattr(TalentFilters.from_json({name: []}), name) is None
    assert getattr(TalentFilters.from_json({name: ""}), name) is None
    _refused_with({name: [good, "english" if name == "language" else "x"]}, name, "Choose only one option.")
    _refused_with({name: "latin"}, name, "Choose an option from the list.")


def test_each_language_is_known(db, library):
    from jobs.services.talent_search import LANGUAGES, TalentFilters

    assert [TalentFilters.from_json({"language": lang}).language for lang in LANGUAGES] == list(LANGUAGES)


def test_all_of_the_skills_is_the_teams_choice_and_any_is_the_default(db, library):
    from jobs.services.talent_search import TalentFilters

    assert TalentFilters.from_json({}).skill_mode == "any"
    assert TalentFilters.from_json({"skill_mode": ["all", "all"]}).skill_mode == "all"
    assert TalentFilters.from_json({"skill_mode": "any"}, allow_all_skills=False).skill_mode == "any"
    _refused_with(
        {"skill_mode": "all"}, "skill_mode", "Choose options from the list.", allow_all_skills=False
    )
    _refused_with({"skill_mode": "most"}, "skill_mode", "Choose options from the list.")
    _refused_with({"skill_mode": ["any", "all"]}, "skill_mode", "Choose only one option.")


def test_skills_come_from_the_library_up_to_thirty(db, library):
    from jobs.services.talent_search import MAX_SKILLS, MAX_VALUES, TalentFilters
    from talent.models import Skill

    keys = [f"t:limit{i}" for i in range(MAX_SKILLS + 1)]
    db.session.add_all(Skill(key=k, name_en=k, name_fr=k, category="technical") for k in keys)
    db.session.flush()
    assert TalentFilters.from_json({"skills": "t:python"}).skills == ("t:python",)
    assert TalentFilters.from_json({"skills": ["", "t:sql", "t:python", "t:sql"]}).skills == (
        "t:sql",
        "t:python",
    )
    assert TalentFilters.from_json({"skills": keys[:MAX_SKILLS]}).skills == tuple(keys[:MAX_SKILLS])
    _refused_with({"skills": keys}, "skills", "Choose at most 30 skills.")  # 31 distinct
    assert TalentFilters.from_json({"skills": ["t:python"] * MAX_VALUES}).skills == ("t:python",)
    _refused_with({"skills": ["t:python"] * (MAX_VALUES + 1)}, "skills", "Choose at most 30 skills.")
    _refused_with({"skills": ["t:python", "t:nowhere"]}, "skills", "Choose skills from the library.")
    _refused_with({"skills": {"k": "t:python"}}, "skills", "Choose skills from the library.")
