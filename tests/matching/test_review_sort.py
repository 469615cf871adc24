"""The order of a run's ranked list (issue 14, part 1; issue 15: by tier then score by default): by tier,
rank, score or name (revealed candidates only), asked for by links (``sort``, ``dir``); a value the page does
not know is the default order, never an error.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from matching.review import listing
from matching.review.listing import Sort, parse_sort, sort_rows
from tests.matching import test_review_views
from tests.matching.test_review_views import _base, _decide, _rank_of, _start_and_run

match_data = test_review_views.match_data  # the fixtures
recruiter_client = test_review_views.recruiter_client


# --- Reading the order from the query string ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "direction", "expected"),
    [
        (None, None, Sort("tier", "asc")),
        ("tier", "asc", Sort("tier", "asc")),
        ("rank", "asc", Sort("rank", "asc")),
        ("rank", "desc", Sort("rank", "desc")),
        ("score", None, Sort("score", "asc")),
        ("score", "desc", Sort("score", "desc")),
        ("name", "desc", Sort("name", "desc")),
        # Just outside: unknown orders and directions, other spellings, injections.
        ("names", "asc", Sort()),
        ("Name", "asc", Sort()),
        ("", "desc", Sort()),
        ("rank;drop table", "asc", Sort()),
        ("score", "DESC", Sort("score", "asc")),
        ("score", "descending", Sort("score", "asc")),
        ("score", "", Sort("score", "asc")),
    ],
)
def test_an_order_outside_the_known_ones_is_the_default(key, direction, expected):
    assert parse_sort(key, direction) == expected


def test_only_an_order_other_than_the_default_goes_in_the_urls():
    assert Sort().args == {} and Sort("tier", "asc").args == {}
    assert Sort("rank", "asc").args == {"sort": "rank", "dir": "asc"}
    assert Sort("rank", "desc").args == {"sort": "rank", "dir": "desc"}
    assert Sort("name", "asc").args == {"sort": "name", "dir": "asc"}


# --- Sorting rows -------------------------------------------------------------------------------------------


def _row(rank: int, score: float, name: str | None = None) -> listing.Row:
    result = SimpleNamespace(rank=rank, score=score, user_id=100 + rank, id=rank)
    return listing.Row(
        result=result,  # type: ignore[arg-type]
        decision=None,
        revealed=name is not None,
        facts=listing.Facts(),
        new=False,
        explanation={},
        name=name,
    )


ROWS = [
    _row(1, 0.90),
    _row(2, 0.70, "Fanny Tremblay"),
    _row(3, 0.70),  # the same score as rank 2: the engine ranked it after
    _row(4, 0.40, "élodie Gagnon"),
    _row(5, 0.10, "Zoé Abel"),
]


def ranks(rows: list[listing.Row]) -> list[int]:
    return [row.rank for row in rows]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort("rank", "asc"), [1, 2, 3, 4, 5]),
        (Sort("rank", "desc"), [5, 4, 3, 2, 1]),
        # The lowest score first is the ranking reversed: of the two scores of 0.70, rank 3 before rank 2.
        (Sort("score", "asc"), [5, 4, 3, 2, 1]),
        (Sort("score", "desc"), [1, 2, 3, 4, 5]),
        # By the whole name, case and accents ignored ("elodie", "fanny", "zoe"); the anonymous ones after, by
        # rank, in either direction.
        (Sort("name", "asc"), [4, 2, 5, 1, 3]),
        (Sort("name", "desc"), [5, 2, 4, 1, 3]),
    ],
)
def test_rows_sort_by_rank_score_or_revealed_name(sort, expected):
    shuffled = [ROWS[3], ROWS[0], ROWS[4], ROWS[2], ROWS[1]]
    assert ranks(sort_rows(shuffled, sort)) == expected


def test_names_sort_without_case_or_accents():
    # Code-point order would put "élodie" after "Zoé" (é > Z) and "Fanny" before "élodie".
    assert sorted(["Zoé Abel", "élodie Gagnon", "Fanny Tremblay"]) == [
        "Fanny Tremblay",
        "Zoé Abel",
        "élodie Gagnon",
    ]
    assert ranks(sort_rows(ROWS, Sort("name", "asc")))[:3] == [4, 2, 5]


# --- The page -----------------------------------------------------------------------------------------------

ARTICLE = re.compile(r'<article id="candidate-(\d+)"')


def _order(html: str) -> list[int]:
    return [int(rank) for rank in ARTICLE.findall(html)]


def test_the_run_page_sorts_by_the_links_and_keeps_the_order_through_a_decision(
    app, db, match_data, recruiter_client
):
    run_id = _start_and_run(app, recruiter_client, match_data)
    url = f"{_base(match_data)}/runs/{run_id}"
    users = match_data["users"]
    by_rank = {key: _rank_of(db, run_id, user) for key, user in users.items()}
    assert sorted(by_rank.values()) == [1, 2, 3, 4]

    html = recruiter_client.get(url).get_data(as_text=True)
    assert _order(html) == [1, 2, 3, 4]
    assert '<li aria-current="true"><strong>Required skills met, then score</strong></li>' in html
    assert f'href="{url}?sort=rank&amp;dir=asc"' in html and f'href="{url}?sort=score&amp;dir=desc"' in html
    assert f'href="{url}?sort=score&amp;dir=asc"' in html and f'href="{url}?sort=name&amp;dir=desc"' in html
    assert _order(recruiter_client.get(f"{url}?sort=score&dir=asc").get_data(as_text=True)) == [4, 3, 2, 1]

    # Reveal two candidates whose names sort against their ranks; the order keeps through a decision.
    users["bo"].first_name, users["di"].first_name = "Zélie", "Émile"
    db.session.commit()
    for key in ("bo", "di"):
        response = _decide(recruiter_client, match_data, run_id, by_rank[key], decision="shortlist")
        assert response.status_code == 303
    by_name = recruiter_client.get(f"{url}?sort=name&dir=asc")
    html = by_name.get_data(as_text=True)
    anonymous = sorted([by_rank["ada"], by_rank["cy"]])
    assert _order(html) == [by_rank["di"], by_rank["bo"], *anonymous]  # Émile before Zélie, then by rank
    assert '<li aria-current="true"><strong>Name, A to Z</strong></li>' in html
    assert f"/candidates/{by_rank['ada']}/decision?sort=name&amp;dir=asc" in html  # the forms keep the order
    assert 'name="sort" value="name"' in html and 'name="dir" value="asc"' in html  # and the filters too
    token = test_review_views._token(recruiter_client, f"{url}?sort=name&dir=asc")
    rank = by_rank["cy"]
    answer = recruiter_client.post(
        f"{url}/candidates/{rank}/decision?sort=name&dir=asc",
        data={f"c{rank}-csrf_token": token, f"c{rank}-decision": "not_a_fit", f"c{rank}-reason": "No SQL."},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"?sort=name&dir=asc#candidate-{rank}")
    desc = recruiter_client.get(f"{url}?sort=name&dir=desc").get_data(as_text=True)
    assert _order(desc) == [by_rank["bo"], by_rank["di"], *anonymous]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=evil", [1, 2, 3, 4]),
        ("sort=&dir=", [1, 2, 3, 4]),
        ("dir=desc", [1, 2, 3, 4]),  # a direction alone: no order asked for
        ("sort=rank&sort=score", [1, 2, 3, 4]),  # the first one counts
        ("sort=score&dir=sideways", [4, 3, 2, 1]),  # a known order in its own direction
        ("sort=score&dir=desc", [1, 2, 3, 4]),
        ("sort=rank&dir=desc", [4, 3, 2, 1]),
    ],
)
def test_an_unknown_order_is_the_default_one_never_an_error(
    app, db, match_data, recruiter_client, query, expected
):
    run_id = _start_and_run(app, recruiter_client, match_data)
    response = recruiter_client.get(f"{_base(match_data)}/runs/{run_id}?{query}")
    assert response.status_code == 200
    assert _order(response.get_data(as_text=True)) == expected
