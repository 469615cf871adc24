"""The public API, ``/api/v1`` (issue 17, first step): each operation's results and filters, cursor pages
walked to the end, the limits at their edges, problem documents in English and French for every error,
ETags, and bad input that is refused, never a 500. Drafts and archived processes stay out, as on the board.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest

from jobs.services import processes
from talent.models import Skill, SkillFamily
from talent.models._types import MAX_ID, utcnow
from tests.querycount import assert_flat

PROBLEM = "application/problem+json"


def get(client, url, lang="en", **headers):
    return client.get(url, headers={"Accept-Language": lang, **headers})


def keys(response):
    return [item["key"] for item in response.get_json()["items"]]


def assert_problem(response, status, lang="en"):
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    assert response.headers["Content-Language"] == lang
    return body


@pytest.fixture
def api_library(db, library):
    """The test library (t:java, t:python, t:sql, t:teamwork), a family and a retired skill."""
    family = SkillFamily(key="f:programming", name_en="Programming", name_fr="Programmation", source="local")
    retired = Skill(key="t:cobol", name_en="COBOL", name_fr="COBOL", retired_at=utcnow())
    db.session.add_all([family, retired])
    library["python"].families.append(family)
    library["java"].families.append(family)
    db.session.commit()
    return {**library, "family": family, "retired": retired}


@pytest.fixture
def api_processes(db, make_process):
    """Three open processes, and a draft, a closed one and an archived one."""
    open_ = [make_process(title_en=f"Open {n}", title_fr=f"Ouvert {n}") for n in range(3)]
    open_[2].stream = "security"
    draft = make_process(publish=False, title_en="Draft")
    closed = make_process(title_en="Closed")
    processes.close_early(closed.created_by, closed, "Enough applicants")
    archived = make_process(title_en="Archived")
    processes.close_early(archived.created_by, archived, "Enough applicants")
    processes.archive(archived.created_by, archived)
    db.session.commit()
    return {"open": open_, "draft": draft, "closed": closed, "archived": archived}


def walk(client, url):
    """Every item of a list, following ``next`` (and checking the ``Link`` header says the same)."""
    items, pages = [], 0
    while url:
        response = get(client, url)
        assert response.status_code == 200
        body = response.get_json()
        items.extend(body["items"])
        pages += 1
        link = response.headers.get("Link")
        assert (link == f'<{body["next"]}>; rel="next"') if body["next"] else link is None
        url = body["next"]
    return items, pages


# --- Skills ----------------------------------------------------------------------------------------------


def test_skills_are_the_active_ones_by_key_with_both_names_and_families(client, api_library):
    response = get(client, "/api/v1/skills")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert keys(response) == ["t:java", "t:python", "t:sql", "t:teamwork"]  # not the retired t:cobol
    teamwork = response.get_json()["items"][3]
    assert teamwork["names"] == {"en": "Teamwork", "fr": "Travail d'équipe"}
    assert teamwork["category"] == "behavioural"
    python = response.get_json()["items"][1]
    assert python["families"] == [
        {"key": "f:programming", "names": {"en": "Programming", "fr": "Programmation"}}
    ]
    assert python["links"] == {"self": "/api/v1/skills/t:python", "html": "/en/skills/t:python"}
    assert (
        get(client, "/api/v1/skills", "fr").get_json()["items"][1]["links"]["html"] == "/fr/skills/t:python"
    )


def test_skills_search_and_family_filters(client, api_library):
    assert keys(get(client, "/api/v1/skills?q=pyth")) == ["t:python"]
    assert keys(get(client, "/api/v1/skills?q=travail")) == ["t:teamwork"]  # French names too
    assert keys(get(client, "/api/v1/skills?q=cobol")) == []  # retired
    assert keys(get(client, "/api/v1/skills?q=%20%20")) == keys(get(client, "/api/v1/skills"))
    assert keys(get(client, "/api/v1/skills?family=f:programming")) == ["t:java", "t:python"]
    assert keys(get(client, "/api/v1/skills?family=f:programming&q=java")) == ["t:java"]
    assert keys(get(client, "/api/v1/skills?family=no-such-family")) == []


@pytest.mark.parametrize("limit", [1, 2, 3, 100])
def test_skill_pages_walk_every_skill_once(client, api_library, limit):
    items, pages = walk(client, f"/api/v1/skills?limit={limit}")
    assert [i["key"] for i in items] == ["t:java", "t:python", "t:sql", "t:teamwork"]
    assert pages == max(1, -(-4 // limit))
    again, _ = walk(client, f"/api/v1/skills?limit={limit}")
    assert again == items  # stable


def test_filters_are_kept_from_page_to_page(client, api_library):
    items, pages = walk(client, "/api/v1/skills?family=f:programming&limit=1")
    assert [i["key"] for i in items] == ["t:java", "t:python"] and pages == 2


def test_one_skill_and_404_problems_in_both_languages(client, api_library):
    response = get(client, "/api/v1/skills/t:python")
    assert response.status_code == 200 and response.get_json()["key"] == "t:python"
    for key in ("t:cobol", "no-such-skill", "x" * 81):
        body = assert_problem(get(client, f"/api/v1/skills/{key}"), 404)
        assert body["title"] == "Not found" and body["instance"] == f"/api/v1/skills/{key}"
    french = assert_problem(get(client, "/api/v1/skills/t:cobol", "fr-CA,fr;q=0.9"), 404, "fr")
    assert french["title"] == "Introuvable"
    assert assert_problem(get(client, "/api/v1/skills/t:cobol", "de"), 404)["title"] == "Not found"


def test_families(client, api_library, db):
    child = SkillFamily(key="f:python-tools", name_en="Python tools", source="local", level=1)
    child.parent = api_library["family"]
    db.session.add(child)
    db.session.commit()
    items, _ = walk(client, "/api/v1/skill-families?limit=1")
    assert items == [
        {
            "key": "f:programming",
            "names": {"en": "Programming", "fr": "Programmation"},
            "source": "local",
            "category": None,
            "level": 0,
            "parent": None,
        },
        {
            "key": "f:python-tools",
            "names": {"en": "Python tools", "fr": None},
            "source": "local",
            "category": None,
            "level": 1,
            "parent": "f:programming",
        },
    ]


# --- Processes -------------------------------------------------------------------------------------------


def test_processes_are_the_open_published_ones_as_on_the_board(client, api_processes):
    response = get(client, "/api/v1/processes")
    ids = [item["id"] for item in response.get_json()["items"]]
    assert ids == sorted(p.id for p in api_processes["open"])
    first = response.get_json()["items"][0]
    process = api_processes["open"][0]
    assert first["titles"] == {"en": "Open 0", "fr": "Ouvert 0"}
    assert first["classification"] == "IT-03" and first["stream"] == "software_solutions"
    assert first["closing_at"].startswith(process.closing_at.isoformat()[:16])
    assert first["links"] == {"self": f"/api/v1/processes/{process.id}", "html": f"/en/jobs/{process.id}"}
    board = client.get("/en/jobs").get_data(as_text=True)
    assert set(ids) == {int(i) for i in re.findall(r'href="/en/jobs/(\d+)"', board)}


def test_process_filters(client, api_processes):
    def ids(query):
        return [i["id"] for i in get(client, f"/api/v1/processes?{query}").get_json()["items"]]

    every = sorted(p.id for p in api_processes["open"])
    assert ids("classification=IT") == ids("classification=it-03") == every
    assert ids("classification=IT-02") == ids("classification=CS") == []
    assert ids("stream=security") == [api_processes["open"][2].id]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_process_pages_walk_every_process_once(client, api_processes, limit):
    items, _ = walk(client, f"/api/v1/processes?limit={limit}")
    assert [i["id"] for i in items] == sorted(p.id for p in api_processes["open"])


def test_one_process_follows_the_board_rule(client, api_processes):
    for process in (*api_processes["open"], api_processes["closed"]):  # closed ones stay readable
        assert get(client, f"/api/v1/processes/{process.id}").get_json()["id"] == process.id
    for process in (api_processes["draft"], api_processes["archived"]):
        assert get(client, f"/en/jobs/{process.id}").status_code == 404
        assert_problem(get(client, f"/api/v1/processes/{process.id}"), 404)
    for process_id in ("0", "999999", str(MAX_ID), str(MAX_ID + 1), "99999999999999999999", "-1", "abc"):
        assert_problem(get(client, f"/api/v1/processes/{process_id}"), 404)


def test_a_process_closing_now_leaves_the_list(client, api_processes, db):
    process = api_processes["open"][0]
    process.closing_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    ids = [i["id"] for i in get(client, "/api/v1/processes").get_json()["items"]]
    assert process.id not in ids


# --- Conventions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "status"), [("0", 400), ("1", 200), ("100", 200), ("101", 400)])
def test_limit_edges(client, api_library, limit, status):
    response = get(client, f"/api/v1/skills?limit={limit}")
    assert response.status_code == status
    if status == 400:
        assert assert_problem(response, 400)["errors"][0]["field"] == "limit"


def test_cursors_cannot_be_forged_or_moved_between_lists(client, api_library, api_processes):
    next_url = get(client, "/api/v1/skills?limit=1").get_json()["next"]
    cursor = next_url.split("cursor=")[1]
    assert get(client, f"/api/v1/skills?limit=1&cursor={cursor}").status_code == 200
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    forged = "InQ6encifQ"  # base64url of a key, unsigned
    for bad in (tampered, forged, "not-a-cursor", "x.y", "%FF"):
        body = assert_problem(get(client, f"/api/v1/skills?cursor={bad}"), 400)
        assert body["errors"] == [
            {"field": "cursor", "message": "This cursor is not valid: start again without it."}
        ]
    # A skills cursor names a key, not a process id, and is signed for its own list.
    assert_problem(get(client, f"/api/v1/processes?cursor={cursor}"), 400)
    french = assert_problem(get(client, f"/api/v1/skills?cursor={tampered}", "fr"), 400, "fr")
    assert french["title"] == "Requête incorrecte"


def test_bad_parameters_are_problems_naming_them(client, api_library):
    body = assert_problem(get(client, "/api/v1/skills?color=red&limit=ten"), 400)
    assert sorted(e["field"] for e in body["errors"]) == ["color", "limit"]
    assert assert_problem(get(client, "/api/v1/skills/t:python?x=1"), 400)["errors"][0]["field"] == "x"
    assert assert_problem(get(client, "/api/v1/skills?q=" + "a" * 101), 400)["errors"][0]["field"] == "q"
    assert get(client, "/api/v1/skills?q=" + "a" * 100).status_code == 200
    for query in ("classification=IT-3333", "stream=nope", "limit=1.5", "limit=99999999999999999999999"):
        assert_problem(get(client, f"/api/v1/processes?{query}"), 400)
    french = assert_problem(get(client, "/api/v1/skills?color=red", "fr"), 400, "fr")
    assert french["errors"][0]["message"] == "Ce paramètre n’est pas accepté ici."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/skills?q=a%00b",
        "/api/v1/skills?family=%00",
        "/api/v1/skills/t:py%00thon",
        "/api/v1/processes?stream=%00",
    ],
)
def test_text_no_column_can_hold_is_refused_not_a_500(client, api_library, url):
    assert_problem(get(client, url), 422)


def test_unknown_paths_and_other_methods_are_problems(client, api_library):
    body = assert_problem(get(client, "/api/v1/no-such-thing"), 404)
    assert body["instance"] == "/api/v1/no-such-thing"
    assert assert_problem(get(client, "/api/v1", "fr"), 404, "fr")["title"] == "Introuvable"
    response = client.post("/api/v1/skills", headers={"Accept-Language": "fr"})
    assert assert_problem(response, 405, "fr")["title"] == "Méthode non autorisée"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert_problem(client.delete("/api/v1/processes/1"), 405)
    assert_problem(client.put("/api/v1/openapi.json"), 405)


def test_only_json_is_served(client, api_library):
    assert_problem(get(client, "/api/v1/skills", Accept="text/html"), 406)
    assert get(client, "/api/v1/skills", Accept="application/json").status_code == 200
    assert get(client, "/api/v1/skills", Accept="*/*").status_code == 200


def test_etags_and_not_modified(client, api_library, db):
    response = get(client, "/api/v1/skills")
    etag = response.headers["ETag"]
    assert etag and "Accept-Language" in response.headers["Vary"]
    again = get(client, "/api/v1/skills", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert get(client, "/api/v1/skills", **{"If-None-Match": '"other"'}).status_code == 200
    api_library["sql"].name_fr = "Langage SQL"
    db.session.commit()
    assert get(client, "/api/v1/skills", **{"If-None-Match": etag}).status_code == 200  # the body changed
    one = get(client, "/api/v1/skills/t:python")
    assert get(client, "/api/v1/skills/t:python", **{"If-None-Match": one.headers["ETag"]}).status_code == 304


def test_security_headers_apply_and_no_cookie_is_set(client, api_library):
    for url in ("/api/v1/skills", "/api/v1/no-such-thing", "/api/v1/openapi.json"):
        response = get(client, url)
        assert response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Set-Cookie" not in response.headers


def test_the_openapi_document_is_generated_and_complete(client):
    response = get(client, "/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] and spec["info"]["version"] and spec["info"]["description"]
    assert spec["servers"] and {t["name"] for t in spec["tags"]} == {
        "api_v1_skills",
        "api_v1_processes",
        "api_v1_counts",
        "api_v1_me",
    }
    assert set(spec["paths"]) == {
        "/api/v1/skills",
        "/api/v1/skills/{key}",
        "/api/v1/skill-families",
        "/api/v1/processes",
        "/api/v1/processes/{process_id}",
        "/api/v1/talent-counts",
        "/api/v1/me",  # authenticated: tests/jobs/test_api_me.py
        "/api/v1/me/skills",
    }
    for path, item in spec["paths"].items():
        assert set(item) - {"parameters"} == {"get"}, path
        assert {"200", "304", "400", "404", "406", "422"} <= set(item["get"]["responses"]), path
    problem = spec["components"]["responses"]["NOT_FOUND"]["content"]
    assert list(problem) == [PROBLEM]
    docs = [r.endpoint for r in client.application.url_map.iter_rules() if r.rule.startswith("/api/v1/docs")]
    assert docs == ["api_docs.docs"]  # ours (jobs.api.docs); flask-smorest adds no page of its own


def test_an_unexpected_error_is_a_500_problem(make_app, api_library, monkeypatch):
    from jobs.api import services

    def broken(**_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "skills_page", broken)
    client = make_app(PROPAGATE_EXCEPTIONS=False).test_client()
    body = assert_problem(get(client, "/api/v1/skills", "fr"), 500, "fr")
    assert body["title"] == "Erreur interne du serveur" and "boom" not in str(body)


def test_lists_send_a_fixed_number_of_statements(client, db, make_process, api_library):
    numbers = itertools.count()

    def add_skill(_i):
        i = next(numbers)
        skill = Skill(key=f"t:extra-{i}", name_en=f"Extra {i}", name_fr=f"Extra {i}")
        skill.families.append(api_library["family"])
        db.session.add(skill)
        db.session.commit()

    def add_family(i):
        db.session.add(SkillFamily(key=f"f:extra-{i}", name_en="x", parent=api_library["family"]))
        db.session.commit()

    assert_flat(lambda: get(client, "/api/v1/skills?limit=100"), add_skill)
    assert_flat(lambda: get(client, "/api/v1/skills?limit=100&q=extra"), add_skill)
    assert_flat(lambda: get(client, "/api/v1/skill-families?limit=100"), add_family)
    assert_flat(lambda: get(client, "/api/v1/processes?limit=100"), lambda i: make_process())
