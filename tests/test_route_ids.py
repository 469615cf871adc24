"""Record ids in URLs: one converter (``<id:...>``, ``talent.routing``) for every route that takes one, so
that an id out of the database's integer range is a 404 and never reaches PostgreSQL (where it was a 500)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import Rule

from talent.models._types import MAX_ID
from talent.routing import IdConverter, up_to

# Not ids: 0, one past the largest, larger than any integer column, far larger, leading zero or sign, junk.
OUT_OF_RANGE = ("0", str(MAX_ID + 1), "99999999999", str(10**30))
MALFORMED = ("007", "-1", "+5", "1e3", "12abc", "%201")
# Arguments that are not record ids, and the value they get here ("x" for any other).
OTHER_ARGUMENTS = {"lang_code": "en", "rank": "1", "kind": "work"}


def id_rules(app: Any) -> list[Rule]:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if any(isinstance(c, IdConverter) for c in rule._converters.values())
        ),
        key=lambda rule: rule.rule,
    )


def urls(rule: Rule, bad: str) -> Iterator[str]:
    """The rule's path with ``bad`` as one of its ids (each in turn) and 1 as the others."""
    ids = [name for name, converter in rule._converters.items() if isinstance(converter, IdConverter)]
    for target in ids:
        values = {**OTHER_ARGUMENTS, **dict.fromkeys(ids, "1"), target: bad}
        yield re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m, v=values: v.get(m.group(1), "x"), rule.rule)


def sign_in(client: Any, user: Any) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def lenient_app(make_app):
    """The app without CSRF, so that a POST reaches routing and the view like a real form would."""
    return make_app(WTF_CSRF_ENABLED=False)


def test_every_route_argument_named_like_an_id_uses_the_id_converter(app):
    wrong = [
        f"{rule.rule} ({name})"
        for rule in app.url_map.iter_rules()
        for name, converter in rule._converters.items()
        if name.endswith("_id") and not isinstance(converter, IdConverter)
    ]
    assert not wrong, f"routes taking an id without <id:...>: {wrong}"
    assert len(id_rules(app)) > 40  # the walk below covers every such route


@pytest.mark.parametrize("limit", [1, 9, 10, 19, 20, 100, 109, 507, 2147])
def test_the_id_pattern_matches_exactly_one_to_its_limit(limit):
    pattern = re.compile(up_to(limit))
    for number in range(limit * 10 + 30):
        assert bool(pattern.fullmatch(str(number))) == (1 <= number <= limit), number
        assert not pattern.fullmatch(f"0{number}")


def test_the_converter_takes_the_largest_id_and_refuses_one_more(app):
    adapter = app.url_map.bind("localhost")
    endpoint, args = adapter.match(f"/en/jobs/{MAX_ID}")
    assert endpoint == "jobs_board.advertisement" and args["process_id"] == MAX_ID
    assert adapter.match("/en/jobs/1")[1]["process_id"] == 1
    for bad in (*OUT_OF_RANGE, *MALFORMED):
        with pytest.raises(NotFound):
            adapter.match(f"/en/jobs/{bad}")
    assert IdConverter(app.url_map).to_url(MAX_ID) == str(MAX_ID)


@pytest.mark.parametrize("role", [None, "admin"])
def test_ids_out_of_range_are_404_on_every_route(lenient_app, make_user, role):
    """Signed in as an administrator (who may reach every page) and anonymous; GET and POST as allowed."""
    client = lenient_app.test_client()
    if role is not None:
        sign_in(client, make_user(role))
    rules = id_rules(lenient_app)
    answers: dict[str, int] = {}
    for rule in rules:
        methods = [m for m in ("GET", "POST") if m in (rule.methods or ())]
        for bad in OUT_OF_RANGE:
            for url in urls(rule, bad):
                for method in methods:
                    answers[f"{method} {url}"] = client.open(url, method=method).status_code
    wrong = {request: status for request, status in answers.items() if status != 404}
    assert not wrong, f"not a 404: {wrong}"
    assert len(answers) > 4 * len(rules)


def test_the_largest_id_reaches_the_view_and_is_simply_absent(lenient_app, make_user):
    """One inside the boundary: the converter lets it through, the database is asked and finds nothing."""
    client = lenient_app.test_client()
    sign_in(client, make_user("admin"))
    answers = {}
    for rule in id_rules(lenient_app):
        if "GET" in (rule.methods or ()):
            for url in urls(rule, str(MAX_ID)):
                answers[url] = client.get(url).status_code
    wrong = {url: status for url, status in answers.items() if status not in (403, 404)}
    assert not wrong, f"neither 404 nor 403 (a candidate's own page) for the largest id: {wrong}"
    assert client.get(f"/en/jobs/{MAX_ID}").status_code == 404
    assert client.get(f"/en/admin/users/{MAX_ID}").status_code == 404
    assert client.get(f"/en/admin/users/{MAX_ID + 1}").status_code == 404
