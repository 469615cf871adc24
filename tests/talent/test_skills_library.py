"""The skills library: import of the shipped data (counts, idempotence, who owns what), choosing a
skill, the administrators' changes (add, edit, retire, un-retire, merge: all audited), and the
"About the data" page.

The real library is imported once for the module, inside an outer transaction that is rolled back at
the end; each test runs in a savepoint of its own (see ``library_transaction`` and the ``db`` override).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from talent import skills_data
from talent.models import AuditEvent, Experience, ExperienceSkill, Skill, SkillFamily, UserSkill
from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def library_transaction(app: Any) -> Iterator[Any]:
    """Import the shipped library once, in an outer transaction on one connection, rolled back at the
    end. Yields the ``ImportResult``. Pair it with a per-test ``db`` fixture that opens a savepoint."""
    from talent.extensions import db as _db
    from talent.skills.services import import_library

    with app.app_context():
        engines = _db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
        _db.test_connection = connection
        try:
            result = import_library()
            _db.session.commit()  # releases a savepoint inside ``outer``
            _db.session.remove()
            yield result
        finally:
            _db.session.remove()
            engines[None] = engine
            outer.rollback()
            connection.close()


@contextmanager
def savepoint(app: Any) -> Iterator[Any]:
    from talent.extensions import db as _db

    with app.app_context():
        nested = _db.test_connection.begin_nested()
        try:
            yield _db
        finally:
            _db.session.remove()
            if nested.is_active:
                nested.rollback()


def french_pending(*msgids: str) -> Any:
    """Skip a French-text assertion until the pending translations (talent/translations/
    pending_fr_skills.py) are merged into the catalogue."""
    from babel.support import Translations

    catalogue = Translations.load(str(ROOT / "talent" / "translations"), ["fr"])
    missing = [m for m in msgids if catalogue.gettext(m) == m]
    return pytest.mark.skipif(bool(missing), reason=f"French translation not merged yet: {missing[:1]}"[:120])


def sign_in(client: Any, user: Any) -> None:
    """Sign in through the session, as Flask-Login does after a login: the tests here are about the
    library, and the sign-in form's rate limit (shared by the whole test run) must not get in the way."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture(scope="module")
def library(app):
    with library_transaction(app) as result:
        yield result


@pytest.fixture
def db(app, library):
    with savepoint(app) as _db:
        yield _db


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user("admin", email="skills-admin@example.com")
    sign_in(client, admin)
    client.admin = admin
    return client


def skill(db, key: str) -> Skill:
    return db.session.scalars(select(Skill).where(Skill.key == key)).one()


PYTHON_GC = "gc:python"
SHOW_INITIATIVE = "esco:001115fb-569f-4ee6-8381-c6807ef2527f"  # no French name
ESCO_SQL_SERVER = "esco:c062bab3-3ea0-4291-9220-a2d8fef4bead"  # "SQL Server": merged into GC "SQL" here


# --- Import ---------------------------------------------------------------------------------------------


def test_import_creates_every_shipped_skill_and_family(library, db):
    records = skills_data.load_skills()
    families = skills_data.load_families()
    assert (library.created, library.updated, library.unchanged) == (len(records), 0, 0) == (2120, 0, 0)
    assert library.families_created == len(families) == 377
    # One skill per concept (35 ESCO skills merged into their GC twin), each with a French name.
    assert (library.same_concept_pairs, library.merged, library.offered_in_data) == (35, 35, 2085)
    assert library.with_french == 2085 and round(library.french_coverage, 1) == 100.0
    assert sum(1 for r in records if r.name_fr) == 1810  # the sources alone
    assert db.session.scalar(select(func.count(Skill.id))) == 2120
    assert db.session.scalar(select(func.count(Skill.id)).where(Skill.retired_at.is_(None))) == 2085
    assert db.session.scalar(select(func.count(SkillFamily.id))) == 377
    assert db.session.scalar(select(func.count(Skill.id)).where(Skill.source == "gc")) == 184

    haskell = skill(db, "esco:000f1d3d-220f-4789-9c0a-cc742521fb02")
    assert haskell.groups == ["esco-group:K", "esco-group:06", "esco-group:061", "esco-group:0613"]
    assert [f.key for f in haskell.families] == ["esco-group:0613"]
    assert haskell.families[0].parent.key == "esco-group:061"
    assert (
        haskell.extra["collections"] == ["digital"] and "occupation:essential" in haskell.extra["selected_by"]
    )

    cloud = skill(db, "gc:cloud_security_architecture")
    assert cloud.name_fr == "Architecture de sécurité infonuagique"
    assert "architecture de securite infonuagique" in cloud.search_text  # lower-case, accents stripped
    assert "cloud security architecture" in cloud.search_text

    # ESCO alternative labels kept only as a run-on string are searchable, never displayed.
    satisfaction = skill(db, "esco:00e53a0a-c0ba-4c9f-a2ed-4706d5832a00")
    assert satisfaction.keywords_en == [] and "ensure customer satisfaction" in satisfaction.search_text


def test_running_the_import_again_changes_nothing(db):
    from talent.skills.services import import_library

    again = import_library()
    assert (again.created, again.updated, again.unchanged, again.merged) == (0, 0, 2120, 0)
    assert (again.families_created, again.families_updated, again.families_unchanged) == (0, 0, 377)
    assert db.session.scalar(select(func.count(Skill.id))) == 2120
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "skills.imported")).all()[-1]
    assert event.details["unchanged"] == 2120 and event.actor_label == "system"


def test_import_restores_drift_but_keeps_administrators_choices(db, make_user):
    from talent.skills import curation
    from talent.skills.services import import_library

    admin = make_user("admin")
    drifted = skill(db, "esco:000f1d3d-220f-4789-9c0a-cc742521fb02")
    drifted.name_en = "Haskell (edited behind our back)"
    drifted.families = []
    retired = skill(db, "gc:cobol")
    curation.retire_skill(retired, "Nobody hires for it", actor=admin)
    adopted = skill(db, "gc:angular")
    curation.update_skill(
        adopted,
        curation.SkillInput(
            name_en="Angular (framework)",
            name_fr="Angular (cadriciel)",
            category="technical",
            family_keys=[f.key for f in adopted.families],
        ),
        actor=admin,
    )
    local = curation.create_skill(
        curation.SkillInput(name_en="Zorblax tuning", category="technical"), actor=admin
    )
    db.session.commit()

    result = import_library()
    db.session.commit()
    assert (result.created, result.updated, result.local_kept) == (0, 1, 1)
    db.session.expire_all()
    assert drifted.name_en == "Haskell" and [f.key for f in drifted.families] == ["esco-group:0613"]
    assert retired.retired_at is not None and retired.extra["retired_reason"] == "Nobody hires for it"
    assert adopted.name_en == "Angular (framework)" and adopted.source == "local"
    assert adopted.extra["adopted_from"] == "gc"
    assert local.name_en == "Zorblax tuning" and local.key == "local:zorblax-tuning"


def test_import_command_prints_the_counts(app, db):
    result = app.test_cli_runner().invoke(args=["import-skills"])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 2120 unchanged" in result.output
    assert "377 unchanged" in result.output
    assert "35 ESCO skills are the same concept as a GC skill (0 merged now)" in result.output
    assert "French names: 2085 of 2085 skills (100.0 %)" in result.output


# --- Choosing a skill -----------------------------------------------------------------------------------


def test_choosable_skill_accepts_offered_skills_by_id_or_key(db):
    from talent.skills.services import choosable_skill

    python = skill(db, PYTHON_GC)
    assert choosable_skill(python.id) is python
    assert choosable_skill(str(python.id)) is python
    assert choosable_skill(PYTHON_GC) is python


@pytest.mark.parametrize(
    "value", ["gc:nope", "", "999999999", 999999999, "x" * 300, "99999999999999999999999", "²", " ²3 "]
)
def test_choosable_skill_refuses_unknown_skills(db, value):
    from talent.skills.services import SkillError, choosable_skill

    with pytest.raises(SkillError) as caught:
        choosable_skill(value, field="skill_key")
    assert caught.value.field == "skill_key"
    assert caught.value.message == "Choose a skill from the skills library."


def test_find_skill_takes_only_ascii_digits_as_an_id(db):
    from talent.skills.services import find_skill

    python = skill(db, PYTHON_GC)
    assert find_skill(f" {python.id} ") is python
    assert find_skill("²") is None  # str.isdigit() is true for it, but int() refuses it


def test_choosable_skill_refuses_retired_and_names_the_replacement(app, db, make_user):
    from talent.skills import curation
    from talent.skills.services import SkillError, choosable_skill

    admin = make_user("admin")
    retired = skill(db, "gc:cobol")
    curation.retire_skill(retired, "Obsolete", actor=admin)
    with pytest.raises(SkillError, match="is no longer offered") as caught:
        choosable_skill("gc:cobol")
    assert caught.value.field == "skill" and "COBOL" in caught.value.message

    esco_sql_server = skill(db, ESCO_SQL_SERVER)
    curation.merge_skills(esco_sql_server, skill(db, "gc:sql"), actor=admin)
    with app.test_request_context("/en/"), pytest.raises(SkillError, match="was replaced by “SQL”"):
        choosable_skill(esco_sql_server.key)
    # The import merged ESCO's "SQL" into the GC one (the concept map): its key leads there too.
    with app.test_request_context("/en/"), pytest.raises(SkillError, match="was replaced by “SQL”"):
        choosable_skill("esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742")


# --- Administration: access ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["candidate", "manager", "recruiter"])
def test_only_admins_manage_the_library(client, db, make_user, role):
    user = make_user(role)
    sign_in(client, user)
    python = skill(db, PYTHON_GC)
    for path in ("/en/admin/skills", "/en/admin/skills/new", f"/en/admin/skills/{python.id}"):
        assert client.get(path).status_code == 403, path
    assert client.get(f"/fr/admin/skills/{python.id}/edit").status_code == 403
    token = csrf_token(client, "/en/account/password")
    response = client.post(f"/en/admin/skills/{python.id}/retire", data={"reason": "x", "csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert python.retired_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/fr/admin/skills")
    assert response.status_code == 302 and response.headers["Location"].startswith("/fr/login")


def test_admin_lists_and_searches_the_library_including_retired(admin_client, db):
    from talent.skills import curation

    # ESCO's COBOL is merged into the GC one (the concept map): one offered, one retired.
    html = admin_client.get("/en/admin/skills?q=cobol").get_data(as_text=True)  # offered ones by default
    assert ">1 skill</caption>" in html and "COBOL" in html
    curation.retire_skill(skill(db, "gc:cobol"), "Obsolete", actor=admin_client.admin)
    db.session.commit()
    html = admin_client.get("/en/admin/skills?q=cobol").get_data(as_text=True)
    assert ">0 skills</caption>" in html
    html = admin_client.get("/en/admin/skills?q=COBOL&status=retired").get_data(as_text=True)
    assert ">2 skills</caption>" in html and "<td>Retired</td>" in html
    html = admin_client.get("/en/admin/skills?q=cobol&status=all").get_data(as_text=True)
    assert ">2 skills</caption>" in html
    html = admin_client.get("/en/admin/skills?q=gc%3Apython").get_data(as_text=True)
    assert ">1 skill</caption>" in html and "Python" in html
    assert admin_client.get("/fr/admin/skills?source=local").status_code == 200


# --- Administration: add and edit ----------------------------------------------------------------------


def _skill_form(**fields: Any) -> dict[str, Any]:
    data = {
        "name_en": "Zorblax orchestration",
        "name_fr": "Orchestration Zorblax",
        "description_en": "Run Zorblax clusters.",
        "description_fr": "",
        "keywords_en": "zorblax ops\nzorb, zorblax admin",
        "keywords_fr": "",
        "category": "technical",
        "gc_families": ["gc-family:infrastructure_operations", "gc-family:it_architecture"],
        "families": "0612",
    }
    data.update(fields)
    return data


def test_admin_adds_a_skill_that_is_searchable_at_once(admin_client, db):
    from talent.skills.search import search

    token = csrf_token(admin_client, "/en/admin/skills/new")
    response = admin_client.post("/en/admin/skills/new", data={**_skill_form(), "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    made = skill(db, "local:zorblax-orchestration")
    assert made.source == "local" and made.name_fr == "Orchestration Zorblax"
    assert made.keywords_en == ["zorblax ops", "zorb", "zorblax admin"]
    assert {f.key for f in made.families} == {
        "gc-family:infrastructure_operations",
        "gc-family:it_architecture",
        "esco-group:0612",
    }
    assert made.groups == ["esco-group:K", "esco-group:06", "esco-group:061", "esco-group:0612"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "skill.created")).one()
    assert event.actor_id == admin_client.admin.id and event.target_id == str(made.id)
    assert [s.key for s in search("zorb", "fr")][:1] == [made.key]
    assert admin_client.get("/en/skills/local:zorblax-orchestration").status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name_en": ""}, "This field is required."),
        ({"name_en": "x" * 300}, "Use at most 255 characters."),
        ({"families": "S5.5.1, NOPE9"}, "These families do not exist: esco-group:NOPE9."),
        ({"name_en": "python"}, "The library already has a skill with this name"),
        ({"category": "magic"}, "Choose technical or behavioural."),
        ({"keywords_en": "k" * 130}, "Each keyword can have at most 120 characters."),
    ],
)
def test_bad_skill_input_is_refused_with_a_message_and_nothing_written(admin_client, db, fields, message):
    token = csrf_token(admin_client, "/en/admin/skills/new")
    response = admin_client.post("/en/admin/skills/new", data={**_skill_form(**fields), "csrf_token": token})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert db.session.scalar(select(func.count(Skill.id)).where(Skill.source == "local")) == 0


def test_admin_edits_an_imported_skill_and_takes_it_over(admin_client, db):
    target = skill(db, "gc:angular")
    url = f"/en/admin/skills/{target.id}/edit"
    page = admin_client.get(url).get_data(as_text=True)
    assert 'value="Angular"' in page and "gc-family:programming_languages_and_tools" in page
    token = csrf_token(admin_client, url)
    form = _skill_form(
        name_en="Angular",
        name_fr="Angular",
        description_en="Build web front ends with Angular.",
        keywords_en="AngularJS",
        gc_families=["gc-family:programming_languages_and_tools"],
        families="",
    )
    response = admin_client.post(url, data={**form, "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert target.description_en == "Build web front ends with Angular." and target.keywords_en == [
        "AngularJS"
    ]
    assert target.source == "local" and target.extra["adopted_from"] == "gc"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "skill.updated")).one()
    assert set(event.details["changed"]) >= {"description_en", "keywords_en"}
    assert event.details["adopted_from"] == "gc"


# --- Administration: retire, un-retire ------------------------------------------------------------------


def test_retire_keeps_profiles_blocks_new_choices_and_is_audited(admin_client, db, make_user):
    from talent.skills.search import search

    candidate = make_user("candidate")
    cobol = skill(db, "gc:cobol")
    db.session.add(UserSkill(user_id=candidate.id, skill_id=cobol.id, level=3))
    db.session.commit()
    url = f"/en/admin/skills/{cobol.id}"

    token = csrf_token(admin_client, url)
    response = admin_client.post(f"{url}/retire", data={"reason": "  ", "csrf_token": token})
    assert response.status_code == 422 and "Say why the skill is retired." in response.get_data(as_text=True)
    db.session.expire_all()
    assert cobol.retired_at is None

    response = admin_client.post(f"{url}/retire", data={"reason": "No longer used", "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert cobol.retired_at is not None and cobol.extra["retired_reason"] == "No longer used"
    assert db.session.scalars(select(UserSkill).where(UserSkill.skill_id == cobol.id)).one().level == 3
    assert "gc:cobol" not in [s.key for s in search("cobol", "en")]
    assert "gc:cobol" in [s.key for s in search("cobol", "en", include_retired=True)]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "skill.retired")).one()
    assert event.details["reason"] == "No longer used" and event.actor_id == admin_client.admin.id
    assert "This skill is no longer offered" in admin_client.get("/en/skills/gc:cobol").get_data(as_text=True)

    response = admin_client.post(f"{url}/unretire", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert cobol.retired_at is None and "retired_reason" not in cobol.extra
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "skill.unretired")).one()


# --- Administration: merge ------------------------------------------------------------------------------


def _experience(db, user, title: str) -> Experience:
    item = Experience(user_id=user.id, kind="work", title=title, start_date=date(2020, 1, 1))
    db.session.add(item)
    db.session.flush()
    return item


def test_merge_moves_profiles_and_experiences_and_is_audited(admin_client, db, make_user):
    source = skill(db, ESCO_SQL_SERVER)
    target = skill(db, "gc:sql")
    only_source, both = make_user("candidate"), make_user("candidate")
    db.session.add_all(
        [
            UserSkill(user_id=only_source.id, skill_id=source.id, level=2, current=False, top_rank=1),
            UserSkill(user_id=both.id, skill_id=source.id, level=4, current=False, years=6.0),
            UserSkill(user_id=both.id, skill_id=target.id, level=2, current=True, years=2.0),
        ]
    )
    linked_both = _experience(db, both, "Data team")
    linked_source = _experience(db, only_source, "Analyst")
    db.session.add_all(
        [
            ExperienceSkill(experience_id=linked_both.id, skill_id=target.id, justification="Wrote reports."),
            ExperienceSkill(experience_id=linked_both.id, skill_id=source.id, justification="Tuned queries."),
            ExperienceSkill(experience_id=linked_source.id, skill_id=source.id, justification="Daily SQL."),
        ]
    )
    db.session.commit()
    url = f"/en/admin/skills/{source.id}"
    token = csrf_token(admin_client, url)

    # Step 1: the suggestion button posts ``into``; the page asks for confirmation and changes nothing.
    response = admin_client.post(f"{url}/merge", data={"into": "gc:sql", "q": "sql", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Confirm the merge" in page
    assert "1 profile has both" in page and "1 experience link moves." in page
    db.session.expire_all()
    assert source.retired_at is None

    response = admin_client.post(
        f"{url}/merge",
        data={"into": "gc:sql", "confirm": "yes", "reason": "Duplicate of the GC skill", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert source.retired_at is not None and source.merged_into_id == target.id
    assert db.session.scalars(select(UserSkill).where(UserSkill.skill_id == source.id)).all() == []
    moved = db.session.scalars(select(UserSkill).where(UserSkill.user_id == only_source.id)).one()
    assert (moved.skill_id, moved.level, moved.current, moved.top_rank) == (target.id, 2, False, 1)
    kept = db.session.scalars(select(UserSkill).where(UserSkill.user_id == both.id)).one()
    assert (kept.skill_id, kept.level, kept.current, kept.years) == (target.id, 4, True, 6.0)
    link = db.session.scalars(
        select(ExperienceSkill).where(ExperienceSkill.experience_id == linked_both.id)
    ).one()
    assert link.skill_id == target.id and link.justification == "Wrote reports.\n\nTuned queries."
    other = db.session.scalars(
        select(ExperienceSkill).where(ExperienceSkill.experience_id == linked_source.id)
    ).one()
    assert other.skill_id == target.id and other.justification == "Daily SQL."
    merged_here = (AuditEvent.action == "skill.merged") & (AuditEvent.target_id == str(source.id))
    event = db.session.scalars(select(AuditEvent).where(merged_here)).one()
    assert event.details == {
        "key": source.key,
        "into": "gc:sql",
        "into_id": target.id,
        "reason": "Duplicate of the GC skill",
        "user_skills_moved": 1,
        "user_skills_combined": 1,
        "experience_skills_moved": 1,
        "experience_skills_combined": 1,
        "redirected": 0,
    }
    detail = admin_client.get(f"/en/skills/{source.key}").get_data(as_text=True)
    assert 'href="/en/skills/gc:sql"' in detail


def test_merge_notifies_each_affected_candidate_once(db, make_user):
    from talent.signals import candidate_changed
    from talent.skills import curation

    source = skill(db, ESCO_SQL_SERVER)
    target = skill(db, "gc:sql")
    affected, linked_only, bystander = make_user("candidate"), make_user("candidate"), make_user("candidate")
    db.session.add_all(
        [
            UserSkill(user_id=affected.id, skill_id=source.id, level=2, current=True),
            UserSkill(user_id=bystander.id, skill_id=target.id, level=2, current=True),
        ]
    )
    experience = _experience(db, affected, "Data team")
    other = _experience(db, linked_only, "Analyst")
    db.session.add_all(
        [
            ExperienceSkill(experience_id=experience.id, skill_id=source.id, justification="Tuned queries."),
            ExperienceSkill(experience_id=other.id, skill_id=source.id, justification="Daily SQL."),
        ]
    )
    db.session.flush()
    admin = make_user("admin")
    sent: list[tuple[int, str]] = []

    def receiver(_sender: Any, *, user_id: int, reason: str) -> None:
        sent.append((user_id, reason))

    with candidate_changed.connected_to(receiver):
        curation.merge_skills(source, target, actor=admin)
    assert sorted(sent) == sorted([(affected.id, "skills"), (linked_only.id, "skills")])


def test_merge_refusals_change_nothing(admin_client, db):
    from talent.skills import curation

    source = skill(db, "gc:php")
    retired = skill(db, "gc:cobol")
    curation.retire_skill(retired, "Obsolete", actor=admin_client.admin)
    db.session.commit()
    url = f"/en/admin/skills/{source.id}"
    token = csrf_token(admin_client, url)
    for data, message in (
        ({"into": "gc:php"}, "a skill cannot be merged into itself"),
        ({"into": "gc:cobol"}, "The skill to keep is retired"),
        ({"into": "gc:does-not-exist"}, "No offered skill matches"),
        ({"q": ""}, "Type the name or key of the skill to keep."),
    ):
        response = admin_client.post(f"{url}/merge", data={**data, "csrf_token": token})
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    # Without JavaScript, a typed name that matches several skills lists them to choose from.
    response = admin_client.post(f"{url}/merge", data={"q": "sq", "csrf_token": token})
    assert response.status_code == 422 and 'name="into" value="gc:sql"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert source.retired_at is None
    merged_here = (AuditEvent.action == "skill.merged") & (AuditEvent.target_id == str(source.id))
    assert db.session.scalars(select(AuditEvent).where(merged_here)).all() == []


# --- About the data ----------------------------------------------------------------------------------


def test_about_page_gives_attribution_counts_and_licences(client, db):
    html = client.get("/en/about").get_data(as_text=True)
    assert (
        "This service uses the ESCO classification of the European Commission. © European Union, "
        "https://esco.ec.europa.eu — CC BY 4.0." in html
    )
    assert "Skills library © 2021 GCTC-NTGC (Government of Canada digital talent), MIT licence." in html
    assert "Permission is hereby granted, free of charge" in html  # the MIT notice itself
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.en"' in html
    assert 'href="https://opensource.org/license/mit"' in html
    # One skill per concept: 35 ESCO skills are merged into their GC twins; every one has a French name.
    assert "offers 2,085 skills" in html and "1,901 from ESCO, 184 from the Government of Canada" in html
    assert "2,085 of them (100.0%) have a French name" in html


def test_about_page_counts_follow_the_database(client, db):
    from talent.skills import curation

    curation.retire_skill(skill(db, "gc:cobol"), "Obsolete")
    db.session.commit()
    html = client.get("/en/about").get_data(as_text=True)
    assert "offers 2,084 skills" in html and "183 from the Government of Canada" in html


def test_about_page_in_french_has_the_french_numbers(client, db):
    html = client.get("/fr/about").get_data(as_text=True)
    assert '<html lang="fr">' in html and "https://creativecommons.org/licenses/by/4.0/deed.fr" in html
    assert "2\u202f085" in html and "100,0" in html


@french_pending(
    "This service uses the ESCO classification of the European Commission. © European Union, "
    "https://esco.ec.europa.eu — CC BY 4.0."
)
def test_about_page_attribution_in_french(client, db):
    html = client.get("/fr/about").get_data(as_text=True)
    assert "Ce service utilise la classification ESCO de la Commission européenne. © Union européenne" in html
    assert "À propos des données" in html
