"""Find talent's layout (issue 14, part 1): the filters fold into groups, each open exactly when one of its
filters is set (or wrong), and the bar that keeps the total in sight on a phone follows the counts. The
browser side (the count in sight as the filters scroll) is in tests/browser/test_layout_in_browser.py."""

from __future__ import annotations

import re

import pytest

GROUPS = ("group-position", "group-skills", "group-place", "group-conditions")


def open_groups(html: str) -> list[str]:
    return re.findall(
        r'<gcds-details id="(group-[a-z]+)" class="filter-group" details-title="[^"]*" open>', html
    )


def groups(html: str) -> list[str]:
    return re.findall(r'<gcds-details id="(group-[a-z]+)" class="filter-group"', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", []),
        ("streams=software_solutions", ["group-position"]),
        ("skill_q=python", ["group-skills"]),
        ("language=french", ["group-place"]),
        ("regions=ontario", ["group-place"]),
        ("arrangements=remote", ["group-place"]),
        ("durations=term", ["group-conditions"]),
        ("education=diploma", ["group-conditions"]),
        ("language=french&durations=term", ["group-place", "group-conditions"]),
        # A filter that is wrong opens its group too, so that the error summary's link reaches the field.
        ("regions=mars", ["group-place"]),
        # Just outside: an empty value is no filter.
        ("language=&regions=", []),
    ],
)
def test_a_filter_group_is_open_exactly_when_one_of_its_filters_is_set(client, library, query, expected):
    response = client.get(f"/en/find-talent?{query}")
    html = response.get_data(as_text=True)
    assert groups(html) == list(GROUPS)  # equity only for those who may search on it
    assert open_groups(html) == expected, response.status_code


def test_the_phone_bar_says_the_total_and_follows_the_counts(client, library):
    page = client.get("/en/find-talent").get_data(as_text=True)
    bar = re.search(r'<a id="find-total-bar" href="#counts" class="find-talent__bar">([^<]*)</a>', page)
    assert bar and bar.group(1) == "0 people fit your search"  # no pool yet
    heading = '<gcds-heading tag="h2" id="h-counts" margin-top="0" data-total="0">'
    assert f"{heading}0 people fit your search" in page
    assert "hx-swap-oob" not in page and page.count('id="find-total-bar"') == 1
    # htmx asks for the counts: the answer carries the bar too, for htmx to swap in by its id.
    fragment = client.get("/en/find-talent/counts?language=french", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert '<a id="find-total-bar" href="#counts" class="find-talent__bar" hx-swap-oob="true">' in html
    assert "0 people fit your search</a>" in html
    # A plain request of the fragment (no htmx) has no bar: nothing to swap it into.
    plain = client.get("/en/find-talent/counts?language=french").get_data(as_text=True)
    assert "find-total-bar" not in plain and "0 people fit your search" in plain
    wrong = client.get("/en/find-talent/counts?regions=mars", headers={"HX-Request": "true"})
    assert wrong.status_code == 422
    assert "Correct the filters to see the counts.</a>" in wrong.get_data(as_text=True)
