"""The four-fifths check at its edges: group sizes of four and five, a ratio of exactly four fifths."""

from __future__ import annotations

import itertools

import pytest

from matching.services import GroupRate, four_fifths
from talent.models import EquityDeclaration, Role, User

FLAGS = {
    "woman": "is_woman",
    "disability": "has_disability",
    "indigenous": "is_indigenous",
    "visible_minority": "is_visible_minority",
}


@pytest.fixture
def pool(db):
    """``pool(woman=5, others=5)``: ids of that many people declaring each group, then undeclared people."""

    counter = itertools.count()

    def make(others=0, **groups):
        ids = {}
        for group, size in [*groups.items(), ("others", others)]:
            users = [
                User(
                    email=f"person{next(counter)}@example.com",
                    role=Role.CANDIDATE,
                    password_hash="x",
                    first_name="P",
                    last_name="D",
                )
                for _ in range(size)
            ]
            db.session.add_all(users)
            db.session.flush()
            if group != "others":
                db.session.add_all(EquityDeclaration(user_id=u.id, **{FLAGS[group]: True}) for u in users)
            ids[group] = [u.id for u in users]
        db.session.flush()
        return ids

    return make


def _everyone(ids):
    return [i for group in ids.values() for i in group]


@pytest.mark.parametrize(
    ("group", "others", "shown"), [(5, 5, True), (4, 5, False), (5, 4, False), (4, 4, False)]
)
def test_groups_under_five_show_nothing(db, pool, group, others, shown):
    ids = pool(woman=group, others=others)
    rates = four_fifths(_everyone(ids), ids["woman"][:1] + ids["others"][:1])
    assert (rates is not None) is shown
    if shown:
        assert rates == [GroupRate("woman", 1, 5, 1, 5, 1.0, False)]


def test_one_small_group_hides_every_group(db, pool):
    ids = pool(woman=5, disability=4, others=6)
    assert four_fifths(_everyone(ids), ids["woman"]) is None


def test_a_group_nobody_declared_is_left_out_not_a_reason_to_hide(db, pool):
    ids = pool(disability=5, others=5)  # nobody declared "woman", which comes first
    rates = four_fifths(_everyone(ids), ids["disability"][:2] + ids["others"][:2])
    assert rates == [GroupRate("disability", 2, 5, 2, 5, 1.0, False)]
    assert four_fifths(_everyone(pool(others=12)), []) == []


@pytest.mark.parametrize(
    ("in_group", "outside", "ratio", "adverse"),
    [
        (4, 5, 0.8, False),  # exactly four fifths is not adverse
        (3, 5, 0.6, True),
        (5, 5, 1.0, False),
        (5, 4, 1.25, False),
        (0, 5, 0.0, True),
    ],
)
def test_adverse_under_four_fifths_only(db, pool, in_group, outside, ratio, adverse):
    ids = pool(woman=5, others=5)
    rates = four_fifths(_everyone(ids), ids["woman"][:in_group] + ids["others"][:outside])
    assert rates == [GroupRate("woman", in_group, 5, outside, 5, ratio, adverse)]


def test_ratio_rounded_to_three_places(db, pool):
    ids = pool(woman=6, others=6)
    rates = four_fifths(_everyone(ids), ids["woman"][:2] + ids["others"][:3])  # (2/6) / (3/6)
    assert rates == [GroupRate("woman", 2, 6, 3, 6, 0.667, True)]


def test_nobody_selected_outside_the_group_gives_no_ratio(db, pool):
    ids = pool(woman=5, others=5)
    rates = four_fifths(_everyone(ids), ids["woman"][:2])
    assert rates == [GroupRate("woman", 2, 5, 0, 5, None, False)]


def test_only_the_pool_counts(db, pool):
    ids = pool(woman=6, others=5)
    outsiders = pool(woman=3)["woman"]  # declared, selected, but not in the pool
    everyone = ids["woman"][:5] + ids["others"]
    rates = four_fifths(everyone, ids["woman"][:1] + ids["others"][:1] + outsiders + [ids["woman"][5]])
    assert rates == [GroupRate("woman", 1, 5, 1, 5, 1.0, False)]


def test_a_person_in_two_groups_counts_in_both(db, pool):
    ids = pool(woman=5, indigenous=5, others=5)
    for declaration in db.session.query(EquityDeclaration).filter(
        EquityDeclaration.user_id.in_(ids["woman"])
    ):
        declaration.is_indigenous = True
    db.session.flush()
    rates = four_fifths(_everyone(ids), ids["woman"][:1])
    assert rates == [
        GroupRate("woman", 1, 5, 0, 10, None, False),
        GroupRate("indigenous", 1, 10, 0, 5, None, False),
    ]
