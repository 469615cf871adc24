"""``GET /api/v1/talent-counts``: the find-talent counts in the public API, by the page's own rules
(``jobs.find.views.checked_filters`` and ``counts_json``, ``jobs.services.disclosure``): the same figures
a guest sees on the page and from ``/api/talent-count`` for the same filters, whoever asks; the equity
filters and ``skill_mode=all`` refused; bad codes and unknown skills refused as problem documents."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.jobs.test_find_views import count_on, lopsided, make_member, population  # noqa: F401
from tests.jobs.test_talent_sources import programme  # noqa: F401

URL = "/api/v1/talent-counts"
PROBLEM = "application/problem+json"


def v1(client, query="", lang="en"):
    return client.get(f"{URL}{query}", headers={"Accept-Language": lang})


def assert_refused(response, field):
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 400
    assert field in {error["field"] for error in body["errors"]}
    return body


QUERIES = [
    "",
    "?language=english",
    "?classifications=IT-03",
    "?classifications=IT-04",
    "?classifications=IT-03&classifications=IT-04",
    "?regions=ontario&arrangements=remote",
    "?streams=security",
    "?skills=t:java&skills=t:python",
    "?skills=t:java&skill_mode=any&education=diploma",
    "?operational_requirements=shift_work&durations=term",
]


@pytest.mark.parametrize("world", ["lopsided", "population"])
def test_the_counts_are_what_the_page_and_its_json_give_a_guest(request, app, db, client, world):
    request.getfixturevalue(world)
    for query in QUERIES:
        response = v1(client, query)
        assert response.status_code == 200, query
        body = response.get_json()
        assert body == client.get(f"/api/talent-count{query}").get_json(), query
        html = client.get(f"/en/find-talent{query}").get_data(as_text=True)
        assert count_on(html) == body["total"], query
    big = v1(client).get_json()
    if world == "lopsided":
        assert big["total"] == 21
        assert {p["title"]: (p["count"], p["fewer_than"], p["withheld"]) for p in big["pools"]} == {
            "Big pool": (None, None, True),
            "Lone pool": (None, 5, False),
        }
    else:
        assert big == {"total": None, "fewer_than": 5, "range": None, "withheld": False,
                       "programme": None, "pools": []}  # fmt: skip


def test_the_team_signed_in_still_gets_the_public_figures(app, db, lopsided, make_user):  # noqa: F811
    team = app.test_client()
    login(team, make_user("recruiter").email)
    body = v1(team).get_json()
    assert body == app.test_client().get("/api/talent-count").get_json()
    assert {p["count"] for p in body["pools"]} == {None}
    assert_refused(v1(team, "?skill_mode=all&skills=t:java"), "skill_mode")
    assert_refused(v1(team, "?equity=woman"), "equity")


@pytest.mark.parametrize(("size", "shown"), [(4, None), (5, 5)])
def test_four_is_hidden_and_five_is_shown(app, db, client, make_process, make_member, size, shown):  # noqa: F811
    pool = make_process(title_en="Edge pool")
    for _ in range(size):
        make_member(pool)
    body = v1(client).get_json()
    assert body["total"] == shown
    assert body["fewer_than"] == (5 if shown is None else None)
    assert body == client.get("/api/talent-count").get_json()


def test_the_programme_count_is_there(app, db, client, library, programme):  # noqa: F811
    for _ in range(6):
        programme()
    db.session.commit()
    body = v1(client).get_json()
    assert body["total"] == 6
    assert body["programme"]["count"] == 6 and body["programme"]["source"] == "nomination"
    assert body["programme"]["label"] == "Talent management programme"
    assert v1(client, lang="fr").get_json()["programme"]["label"] == "Programme de gestion des talents"


def test_refusals_are_problem_documents_naming_the_parameter(app, db, client, population):  # noqa: F811
    assert_refused(v1(client, "?equity=woman"), "equity")
    assert_refused(v1(client, "?skill_mode=all&skills=t:java"), "skill_mode")
    body = assert_refused(v1(client, "?skills=t:java&skills=t:nope&skills=t:gone"), "skills")
    assert "t:nope, t:gone" in body["errors"][0]["message"]
    assert "t:java" not in body["errors"][0]["message"]
    assert_refused(v1(client, "?regions=moon"), "regions")
    assert_refused(v1(client, "?classifications=XX-09"), "classifications")
    assert_refused(v1(client, "?classifications=not a code"), "classifications")
    assert_refused(v1(client, "?language=klingon"), "language")
    assert_refused(v1(client, "?" + "&".join(["regions=ontario"] * 101)), "regions")
    assert_refused(v1(client, "?" + "&".join(f"skills=t:s{n}" for n in range(31))), "skills")
    assert_refused(v1(client, "?language=english&language=french"), "language")
    assert_refused(v1(client, "?remove_skill=t:java"), "remove_skill")
    french = assert_refused(v1(client, "?regions=moon", lang="fr"), "regions")
    assert french["errors"][0]["message"] == "Choisissez des options dans la liste."
    unknown = assert_refused(v1(client, "?skills=t:nope", lang="fr"), "skills")
    assert unknown["errors"][0]["message"] == "Absent de la bibliothèque de compétences\u00a0: t:nope."


def test_an_etag_and_the_document(app, db, client, population):  # noqa: F811
    response = v1(client, "?language=english")
    etag = response.headers["ETag"]
    again = client.get(f"{URL}?language=english", headers={"If-None-Match": etag})
    assert again.status_code == 304
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/talent-counts"]["get"]
    assert "security" not in operation or operation["security"] == []
    names = {p["name"] for p in operation["parameters"]}
    assert "equity" not in names and {"skills", "classifications", "skill_mode", "education"} <= names
    assert {"200", "400", "304"} <= set(operation["responses"])
