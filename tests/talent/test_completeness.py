"""The completeness rule, item by item on both sides, on unsaved objects (no database)."""

from __future__ import annotations

import pytest

from talent.models import CandidateProfile, User
from talent.profiles import completeness

COMPLETE = {
    "telephone": "613-555-0101",
    "looking_for_english": True,
    "looking_for_french": False,
    "looking_for_bilingual": False,
    "current_province": "ON",
    "current_city": "Ottawa",
    "citizenship": "citizen",
    "armed_forces_status": "non_caf",
    "is_gov_employee": False,
    "has_priority_entitlement": False,
    "priority_number": None,
    "work_regions": ["ontario"],
    "position_durations": ["term"],
    "work_arrangements": ["remote"],
}


def _person(user=None, **profile):
    user = User(**{"email": "cam@example.com", "first_name": "Cam", "last_name": "Dee", **(user or {})})
    return user, CandidateProfile(**{**COMPLETE, **profile})


def _missing(user=None, **profile):
    return [m.code for m in completeness.missing(*_person(user, **profile))]


def test_a_complete_profile_lacks_nothing():
    user, profile = _person()
    assert completeness.missing(user, profile) == []
    assert completeness.is_complete(user, profile)
    assert completeness.percent_complete(user, profile) == 100


@pytest.mark.parametrize(
    ("user", "profile", "code"),
    [
        ({"first_name": ""}, {}, "name"),
        ({"first_name": "   "}, {}, "name"),  # blanks are no name
        ({"last_name": " "}, {}, "name"),
        ({"email": ""}, {}, "contact"),
        ({}, {"telephone": ""}, "contact"),
        ({}, {"telephone": None}, "contact"),
        ({}, {"looking_for_english": False}, "languages"),
        ({}, {"current_province": ""}, "location"),
        ({}, {"current_city": None}, "location"),
        ({}, {"citizenship": None}, "citizenship"),
        ({}, {"armed_forces_status": None}, "armed_forces"),
        ({}, {"is_gov_employee": None}, "gov_employee"),
        ({}, {"has_priority_entitlement": True, "priority_number": ""}, "priority_number"),
        ({}, {"has_priority_entitlement": True, "priority_number": None}, "priority_number"),
        ({}, {"work_regions": []}, "work_regions"),
        ({}, {"position_durations": []}, "position_durations"),
        ({}, {"work_arrangements": []}, "work_arrangements"),
    ],
)
def test_each_item_missing_alone(user, profile, code):
    assert _missing(user, **profile) == [code]
    assert not completeness.is_complete(*_person(user, **profile))


@pytest.mark.parametrize(
    ("user", "profile"),
    [
        ({"first_name": "C", "last_name": "D"}, {}),  # one letter each is a name
        ({}, {"looking_for_english": False, "looking_for_french": True}),
        ({}, {"looking_for_english": False, "looking_for_bilingual": True}),
        ({}, {"is_gov_employee": False}),  # "no" is an answer
        ({}, {"is_gov_employee": True}),
        ({}, {"has_priority_entitlement": True, "priority_number": "1234"}),
        ({}, {"has_priority_entitlement": False, "priority_number": ""}),  # not asked without an entitlement
        ({}, {"has_priority_entitlement": None, "priority_number": None}),
        ({}, {"armed_forces_status": "veteran", "citizenship": "permanent_resident"}),
    ],
)
def test_each_item_just_satisfied(user, profile):
    assert _missing(user, **profile) == []


def test_missing_items_keep_the_pages_order_labels_and_sections():
    user, profile = _person({"first_name": ""}, telephone="", work_arrangements=[], citizenship=None)
    found = completeness.missing(user, profile)
    assert [(m.code, m.section) for m in found] == [
        ("name", "personal"),
        ("contact", "personal"),
        ("citizenship", "personal"),
        ("work_arrangements", "location"),
    ]
    assert str(found[0].label) == "Your first and last name"
    assert str(found[-1].label) == "At least one choice of remote, hybrid or on-site work"


@pytest.mark.parametrize(
    ("profile", "percent"),
    [
        ({}, 100),
        ({"work_regions": []}, 91),  # 10 of 11: 90.9
        ({"work_regions": [], "work_arrangements": []}, 82),  # 81.8
        ({"work_regions": [], "work_arrangements": [], "position_durations": []}, 73),  # 72.7
        (
            {
                "telephone": "",
                "looking_for_english": False,
                "current_city": "",
                "citizenship": None,
                "armed_forces_status": None,
                "is_gov_employee": None,
                "has_priority_entitlement": True,
                "work_regions": [],
                "position_durations": [],
                "work_arrangements": [],
            },
            9,  # 1 of 11: 9.09
        ),
    ],
)
def test_percent_complete_rounds_to_the_nearest(profile, percent):
    assert completeness.percent_complete(*_person(**profile)) == percent


def test_nothing_at_all_is_zero_percent():
    user, profile = _person(
        {"first_name": ""},
        telephone="",
        looking_for_english=False,
        current_city="",
        citizenship=None,
        armed_forces_status=None,
        is_gov_employee=None,
        has_priority_entitlement=True,
        work_regions=[],
        position_durations=[],
        work_arrangements=[],
    )
    assert len(completeness.missing(user, profile)) == len(completeness.CHECKS) == 11
    assert completeness.percent_complete(user, profile) == 0


def test_an_unknown_check_is_a_programming_error():
    with pytest.raises(ValueError, match=r"^nickname$"):
        completeness._satisfied("nickname", *_person())
