"""Disclosure control (``jobs.services.disclosure``), attacked: an adversary who reads one answer (the
total and the people per pool) and assumes the worst case, that no one is in two pools (so the parts add
up to the total), tries every value the hidden counts could take. No hidden count may come out as a
single possible value."""

from __future__ import annotations

import random

import pytest

from jobs.services.disclosure import SMALL, Shown, disclose
from tests import battery


def feasible(total: Shown, parts: list[Shown], limit: int) -> list[set[int]]:
    """For each part, the values it could have, given what is shown (``limit``: the largest count)."""
    ranges = []
    for part in parts:
        if part.visible:
            ranges.append([part.exact])
        elif part.hidden == "small":
            ranges.append(list(range(1, SMALL)))
        else:
            ranges.append(list(range(SMALL, limit + 1)))
    found: list[set[int]] = [set() for _ in parts]

    def walk(i: int, chosen: list[int]) -> None:
        if i == len(parts):
            if total.exact is None or sum(chosen) == total.exact:
                for k, value in enumerate(chosen):
                    found[k].add(value)
            return
        for value in ranges[i]:
            if total.exact is not None and sum(chosen) + value > total.exact:
                break
            walk(i + 1, [*chosen, value])

    walk(0, [])
    return found


def revealed(parts_true: list[int]) -> list[int]:
    """The hidden parts an attacker pins down in the answer for these (disjoint) pools."""
    total = sum(parts_true)
    shown_total, shown = disclose(total, parts_true, exact=False)
    if shown is None:
        battery.count("subtraction_attacks")
        return []
    options = feasible(shown_total, shown, total)
    for value, option in zip(parts_true, options, strict=True):
        assert value in option  # the answer never lies
    pinned = [
        i
        for i, (part, option) in enumerate(zip(shown, options, strict=True))
        if not part.visible and len(option) == 1
    ]
    battery.count("subtraction_attacks")
    battery.count("subtraction_successes", len(pinned))
    return pinned


def test_the_reported_subtraction_no_longer_works():
    # Total 21, IT-03 20, IT-04 "fewer than 5": IT-04 was 21 - 20 = 1.
    total, (it03, it04) = disclose(21, [20, 1], exact=False)
    assert total == Shown(exact=21)
    assert it04 == Shown(hidden="small") and it03 == Shown(hidden="withheld")
    assert revealed([20, 1]) == []


@pytest.mark.parametrize(
    "parts",
    [
        [20, 1],
        [5, 1],
        [5, 5, 1],
        [6, 1],
        [1, 1, 30],
        [4, 4, 9],
        [5, 1, 1],
        [1, 2, 3, 40],
        [0, 1, 12],
        [3, 5, 5],
    ],
)
def test_no_hidden_count_can_be_worked_out(parts):
    assert revealed(parts) == []


def test_no_hidden_count_can_be_worked_out_in_many_random_answers():
    rng = random.Random(13)
    tried = 0
    for _ in range(1500):
        parts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]) for _ in range(rng.randint(1, 4))]
        if sum(parts) > 40:
            continue
        tried += 1
        assert revealed(parts) == [], parts
    assert tried > 1000


def test_the_boundaries_of_small():
    assert disclose(4, [4], exact=False) == (Shown(hidden="small"), None)  # no breakdown of a handful
    assert disclose(5, [5], exact=False) == (Shown(exact=5), [Shown(exact=5)])
    assert disclose(9, [4, 5], exact=False)[1] == [Shown(hidden="small"), Shown(hidden="withheld")]
    assert disclose(10, [5, 5], exact=False)[1] == [Shown(exact=5), Shown(exact=5)]
    assert disclose(7, [0, 7], exact=False)[1] == [Shown(exact=0), Shown(exact=7)]  # zero is shown


def test_withholding_stops_once_the_hidden_sum_is_loose():
    # 1 hidden with 5 would pin both (1 + 5 is the least they could be): 6 is withheld too, not 30.
    _total, shown = disclose(42, [1, 5, 6, 30], exact=False)
    assert [s.hidden for s in shown] == ["small", "withheld", "withheld", None]


def test_when_nothing_can_be_withheld_the_total_is():
    # Two small pools with one person in both: 3 + 4 people, 6 in all. Both are hidden; their sum would
    # show whether they are (3, 4) or (4, 3) only with the total, which is withheld.
    total, shown = disclose(6, [3, 4], exact=False)
    assert total == Shown(hidden="withheld") and [s.hidden for s in shown] == ["small", "small"]


def test_exact_viewers_see_everything():
    assert disclose(3, [1, 2], exact=True) == (Shown(exact=3), [Shown(exact=1), Shown(exact=2)])


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, Shown(exact=0)),
        (4, Shown(hidden="small")),
        (5, Shown(low=5, high=9)),
        (14, Shown(low=10, high=14)),
        (15, Shown(low=15, high=19)),
    ],
)
def test_equity_searches_are_shown_in_bands_of_five(value, shown):
    total, parts = disclose(value, [value], exact=False, banded=True)
    assert total == shown
    assert parts == (None if shown.hidden else [shown])
