"""Skill search on the real library: ranking, accents, alternative labels, both languages, retired
skills; the htmx suggestions fragment, the JSON API (and its bad input), and the browse pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from talent.models import Skill
from tests.talent.test_skills_library import french_pending, library_transaction, savepoint


@pytest.fixture(scope="module")
def library(app):
    with library_transaction(app) as result:
        yield result


@pytest.fixture
def db(app, library):
    with savepoint(app) as _db:
        yield _db


def keys(skills):
    return [s.key for s in skills]


def names(skills, lang="en"):
    return [s.name(lang) for s in skills]


def add_local(db, name_en, name_fr=None, keywords=(), category="technical"):
    from talent.skills import curation

    made = curation.create_skill(
        curation.SkillInput(name_en=name_en, name_fr=name_fr, keywords_en=list(keywords), category=category)
    )
    db.session.commit()
    return made


# --- The service -----------------------------------------------------------------------------------------


def test_ranking_exact_then_prefix_then_phrase_then_words_then_keywords(db):
    from talent.skills.search import search

    keyword_only = add_local(db, "Cluster wrangling", keywords=["zorblax operations"])
    words = add_local(db, "Zorblax for large data platforms")
    phrase = add_local(db, "Advanced zorblax platform")
    prefix = add_local(db, "Zorblax platform engineering")
    exact = add_local(db, "Zorblax platform")
    inside = add_local(db, "Megazorblaxplatforms")
    found = search("zorblax platform", "en", limit=10)
    assert keys(found) == [exact.key, prefix.key, phrase.key, words.key]
    found = search("zorbl", "en", limit=10)
    assert keys(found)[:4] == [exact.key, prefix.key, words.key, phrase.key]
    assert keys(found)[-2:] == [keyword_only.key, inside.key]  # keywords, then inside a word (3+ letters)


def test_exact_names_come_first_and_one_skill_per_concept(db):
    from talent.skills.search import search

    found = search("Python", "en")
    assert found[0].key == "gc:python"
    assert "Python (computer programming)" not in names(found)  # ESCO's twin, merged into it
    assert keys(search("Python (computer programming)", "en"))[:1] == ["gc:python"]  # its name still finds it
    sql = search("sql", "en")
    assert keys(sql)[0] == "gc:sql" and names(sql).count("SQL") == 1
    assert "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742" not in keys(sql)
    assert "PostgreSQL" in names(sql, "en") or "MySQL" in names(sql, "en") or len(sql) == 10


def test_prefixes_of_one_to_four_letters_find_skills(db):
    from talent.skills.search import search

    for query in ("d", "da", "dat", "data"):
        found = search(query, "en")
        assert len(found) == 10, query
        assert all(n.lower().startswith(query) for n in names(found)[:3]), (query, names(found))


def test_accents_and_case_do_not_matter(db):
    from talent.skills.search import search

    found = search("gestion de reseau", "fr")
    assert names(found, "fr")[0] == "outils de système de gestion de réseau"
    assert keys(search("GESTION DE RÉSEAU", "fr")) == keys(found)
    assert keys(search("sécurité infonuagique", "fr")) == keys(search("securite infonuagique", "fr"))
    assert "gc:cloud_security_architecture" in keys(search("securite infonuagique", "fr"))


def test_both_languages_are_searched_with_the_page_language_first(db):
    from talent.skills.search import search

    # A French word on the English page finds the skill; it is shown by its English name.
    found = search("infonuagique", "en")
    assert "gc:cloud_architecture" in keys(found)
    assert "Cloud Architecture" in names(found, "en")
    # An English word on the French page: same skills, French names.
    assert "gc:cloud_architecture" in keys(search("cloud architecture", "fr"))


def test_alternative_labels_and_run_on_labels_are_searched(db):
    from talent.skills.search import search

    # ESCO's "show initiative" (alternative label "take the initiative") is merged into GC's "Initiative".
    assert "gc:initiative" in keys(search("take the initiative", "en")[:3])
    assert "esco:00e53a0a-c0ba-4c9f-a2ed-4706d5832a00" in keys(search("ensure customer satisfaction", "en"))
    assert "esco:07889c08-7220-47c8-96f7-6068fbea00dc" in keys(search("éliminer les redondances", "fr"))


def test_retired_skills_are_left_out_unless_asked(db):
    from talent.skills import curation
    from talent.skills.search import search

    cobol = db.session.scalars(select(Skill).where(Skill.key == "gc:cobol")).one()
    assert "gc:cobol" in keys(search("cobol", "en"))
    curation.retire_skill(cobol, "Obsolete")
    db.session.commit()
    assert "gc:cobol" not in keys(search("cobol", "en"))
    assert "gc:cobol" in keys(search("cobol", "en", include_retired=True))


def test_category_limit_and_empty_queries(db):
    from talent.skills.search import search

    behavioural = search("c", "en", limit=25, category="behavioural")
    assert len(behavioural) == 25 and {s.category for s in behavioural} == {"behavioural"}
    assert len(search("data", "fr", limit=3)) == 3
    assert search("", "en") == [] and search("   ", "fr") == [] and search("’-!", "en") == []
    assert search("zzzzqqqq", "en") == []
    assert search("a" * 5000, "en") == []


def test_normalise():
    from talent.skills.search import normalise

    assert normalise("Gestion de Réseau") == "gestion de reseau"
    assert normalise("l’Information, C++ & C#; Node.js.") == "l information c++ c# node.js"
    assert normalise("Cœur ÉLÈVE") == "coeur eleve"
    assert normalise(None) == ""


# --- Suggestions (htmx fragment) -----------------------------------------------------------------------


def test_suggestions_link_to_skills_and_mark_english_only_names(client, db):
    english_only = add_local(db, "Zorblax wrangling")  # every shipped skill has a French name now
    html = client.get("/fr/skills/suggest?q=zorblax").get_data(as_text=True)
    assert f'href="/fr/skills/{english_only.key}"' in html
    assert '<span lang="en">Zorblax wrangling</span> <span class="b-sm' in html  # the visible marker
    assert 'aria-label="' in html and "<script" not in html
    html = client.get("/fr/skills/suggest?q=infonuagique").get_data(as_text=True)
    assert "Architecture infonuagique" in html and 'lang="en"' not in html


@french_pending("in English only")
def test_suggestions_marker_text_in_french(client, db):
    add_local(db, "Zorblax wrangling")
    html = client.get("/fr/skills/suggest?q=zorblax").get_data(as_text=True)
    assert "en anglais seulement" in html


def test_suggestions_for_a_form_field_are_submit_buttons(client, db):
    html = client.get("/en/skills/suggest?q=sql&field=skill_key").get_data(as_text=True)
    assert 'type="submit" name="skill_key" value="gc:sql"' in html
    assert html.count(">SQL<") == 1 and "(ESCO)" not in html  # one "SQL": ESCO's is merged into it


def test_two_skills_of_the_same_name_are_told_apart_by_their_source(app):
    from talent.skills.views import label_rows

    rows = label_rows(
        [
            Skill(key="gc:x", source="gc", name_en="SQL"),
            Skill(key="esco:x", source="esco", name_en="SQL"),
            Skill(key="gc:y", source="gc", name_en="Python"),
        ],
        "en",
    )
    assert [row["show_source"] for row in rows] == [True, True, False]


@pytest.mark.parametrize(
    "query", ["field=a%20b", "field=%3Cscript%3E", "field=" + "x" * 60, "category=magic"]
)
def test_suggestions_refuse_bad_parameters(client, db, query):
    assert client.get(f"/en/skills/suggest?q=sql&{query}").status_code == 400


def test_suggestions_for_nothing_are_empty(client, db):
    response = client.get("/en/skills/suggest?q=")
    assert response.status_code == 200 and "<li" not in response.get_data(as_text=True)
    html = client.get("/en/skills/suggest?q=zzzqqq").get_data(as_text=True)
    assert "No skill matches" in html


# --- JSON API -------------------------------------------------------------------------------------------


def test_api_returns_ranked_skills_with_fallback_flags(client, db):
    english_only = add_local(db, "Zorblax initiative", category="behavioural")
    response = client.get("/api/skills?q=initiative&lang=fr&limit=5")
    assert response.status_code == 200
    skills = response.get_json()["skills"]
    assert len(skills) <= 5 and set(skills[0]) == {"key", "name", "name_is_fallback", "category", "families"}
    by_key = {s["key"]: s for s in skills}
    initiative = by_key["gc:initiative"]
    assert initiative["name"] == "Initiative" and initiative["name_is_fallback"] is False
    # It carries ESCO's "show initiative" (merged into it): its families too.
    assert {f["key"] for f in initiative["families"]} >= {"esco-group:T3.2"}
    assert "esco:001115fb-569f-4ee6-8381-c6807ef2527f" not in by_key
    local = by_key[english_only.key]
    assert local["name"] == "Zorblax initiative" and local["name_is_fallback"] is True
    assert local["category"] == "behavioural"
    assert client.get("/api/skills?q=").get_json() == {"skills": []}
    english = client.get("/api/skills?q=python").get_json()["skills"]
    assert [s["key"] for s in english][:1] == ["gc:python"]
    assert "esco:ccd0a1d9-afda-43d9-b901-96344886e14d" not in [s["key"] for s in english]
    assert len(client.get("/api/skills?q=data&limit=50").get_json()["skills"]) == 50


@pytest.mark.parametrize(
    "query",
    [
        "q=a&limit=0",
        "q=a&limit=51",
        "q=a&limit=abc",
        "q=a&limit=-3",
        "q=a&limit=2.5",
        "q=a&lang=de",
        "q=a&category=x",
    ],
)
def test_api_bad_input_is_a_400_json_error(client, db, query):
    response = client.get(f"/api/skills?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["message"]


# --- Pages ----------------------------------------------------------------------------------------------


def test_library_page_searches_without_javascript(client, db):
    html = client.get("/en/skills?q=python").get_data(as_text=True)
    assert 'href="/en/skills/gc:python"' in html
    assert 'hx-get="/en/skills/suggest"' in html and 'aria-live="polite"' in html
    assert 'href="/en/skills/families/gc-family:cyber_security"' in html
    response = client.get("/fr/skills?q=" + "x" * 150)
    assert response.status_code == 422


def test_families_are_browsable_down_to_skills(client, db):
    html = client.get("/en/skills/families/esco-group:K").get_data(as_text=True)
    assert 'href="/en/skills/families/esco-group:06"' in html  # a sub-family
    html = client.get("/en/skills/families/esco-group:0613").get_data(as_text=True)
    assert "161 skills in this family" in html and "Page 1 of 4" in html
    html2 = client.get("/en/skills/families/esco-group:0613?page=2").get_data(as_text=True)
    assert "Page 2 of 4" in html2
    assert client.get("/en/skills/families/nope").status_code == 404
    assert client.get("/en/skills/families/esco-group:0613?page=abc").status_code == 200


def test_skill_page_shows_what_the_library_knows(client, db):
    html = client.get("/en/skills/gc:cloud_security_architecture").get_data(as_text=True)
    assert "Cloud Security Architecture" in html and 'lang="fr">Architecture de sécurité infonuagique' in html
    assert 'href="/en/skills/families/gc-family:' in html
    # ESCO's "show initiative" is merged into GC's "Initiative": its page says so, in French too.
    html = client.get("/fr/skills/esco:001115fb-569f-4ee6-8381-c6807ef2527f").get_data(as_text=True)
    assert 'href="/fr/skills/gc:initiative"' in html and "take the initiative" in html
    assert "http://data.europa.eu/esco/skill/001115fb-569f-4ee6-8381-c6807ef2527f" in html
    english_only = add_local(db, "Zorblax wrangling")
    html = client.get(f"/fr/skills/{english_only.key}").get_data(as_text=True)
    assert '<span lang="en">Zorblax wrangling</span>' in html
    assert client.get("/en/skills/gc:nope").status_code == 404
