"""Words and data (issue 14, part 4): names in the page's language, one skill per concept, French names for
every skill, level definitions, one date format per language, French typography, telephone numbers and
dates that make sense, the audit log in plain words, and the last sign-in."""

from __future__ import annotations

import ast
import html as htmllib
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import refresh
from sqlalchemy import select

from talent import audit, clock, skills_data, vocab
from talent.models import AuditEvent, Classification, Department, Skill, User, UserSkill
from tests.conftest import csrf_token, login

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "talent/translations/fr/LC_MESSAGES/messages.po"
NBSP, NNBSP = "\u00a0", "\u202f"


def _script(name: str) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def french(msgid: str) -> str:
    from babel.support import Translations

    return Translations.load(str(ROOT / "talent" / "translations"), ["fr"]).gettext(msgid)


def add_skill(db: Any, key: str, name_en: str, name_fr: str | None, **fields: Any) -> Skill:
    skill = Skill(key=key, name_en=name_en, name_fr=name_fr, **fields)
    db.session.add(skill)
    db.session.flush()
    return skill


# --- Names follow the page's language, never the account's ----------------------------------------------


def test_an_english_page_shows_english_names_to_a_french_speaking_account(client, db, make_user):
    skill = add_skill(db, "t:probe", "Probe wrangling", "Manipulation de sondes")
    department = Department(number=99123, name_en="Department of Probes", name_fr="Ministère des Sondes")
    db.session.add(department)
    db.session.flush()
    user = make_user("candidate", locale="fr")
    db.session.add(UserSkill(user_id=user.id, skill_id=skill.id, level=2))
    from talent.profiles import services

    services.get_profile(user).department_id = department.id
    db.session.commit()
    login(client, user.email)
    english = client.get("/en/profile/skills").get_data(as_text=True)
    assert "Probe wrangling" in english and "Manipulation de sondes" not in english
    overview = client.get("/en/profile").get_data(as_text=True)
    assert "Department of Probes" in overview and "Ministère des Sondes" not in overview
    french_page = client.get("/fr/profile/skills").get_data(as_text=True)  # and the other way round
    assert "Manipulation de sondes" in french_page and "Probe wrangling" not in french_page


def test_the_404_page_is_in_the_language_of_its_address(client, db, make_user):
    user = make_user("candidate", locale="fr")
    login(client, user.email)
    english = client.get("/en/no-such-page")
    assert english.status_code == 404
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "We couldn&#39;t find that page" in english.get_data(as_text=True)
    french_page = client.get("/fr/no-such-page").get_data(as_text=True)
    assert '<html lang="fr">' in french_page
    # No language in the address: the account's language decides.
    assert '<html lang="fr">' in client.get("/no-such-page").get_data(as_text=True)


def test_the_404_page_for_an_english_account_on_a_french_address(client, db, make_user):
    user = make_user("candidate", locale="en")
    login(client, user.email)
    assert '<html lang="fr">' in client.get("/fr/no-such-page").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/no-such-page").get_data(as_text=True)


def test_names_default_to_the_language_being_rendered(app, db):
    skill = Skill(key="t:x", name_en="Probe wrangling", name_fr="Manipulation de sondes")
    department = Department(number=1, name_en="Probes", name_fr="Sondes")
    classification = Classification(group="IT", level=1, name_en="Information", name_fr="Information FR")
    for path, expected in (("/en/x", "en"), ("/fr/x", "fr")):
        with app.test_request_context(path):
            from flask import g

            g.lang_code = expected  # what the language converter sets for a routed page
            refresh()  # this test's requests share one app context: forget the locale of the last one
            assert skill.name() == ("Manipulation de sondes" if expected == "fr" else "Probe wrangling")
            assert department.name() == ("Sondes" if expected == "fr" else "Probes")
            assert classification.name() == ("Information FR" if expected == "fr" else "Information")
            assert skill.name("en") == "Probe wrangling" and skill.name("fr") == "Manipulation de sondes"


# --- One skill per concept ---------------------------------------------------------------------------------


def test_the_concept_map_lists_every_same_name_pair_and_only_pairs_that_exist():
    records = {r.key: r for r in skills_data.load_skills()}
    pairs = skills_data.load_concepts()
    esco_by_name: dict[str, list[str]] = {}
    for rec in records.values():
        if rec.source == "esco":
            esco_by_name.setdefault(skills_data.normalised_label(rec.name_en), []).append(rec.key)
    same_name = {
        (rec.key, twin)
        for rec in records.values()
        if rec.source == "gc"
        for twin in esco_by_name.get(skills_data.normalised_label(rec.name_en), [])
    }
    assert {(p.keep, p.merge) for p in pairs if p.match == "same-name"} == same_name
    assert len(same_name) == 17
    reviewed = [p for p in pairs if p.match == "reviewed"]
    assert len(reviewed) == 18 and all(p.note for p in reviewed)
    for pair in pairs:
        assert pair.match in skills_data.CONCEPT_MATCHES
        assert records[pair.keep].source == "gc" and records[pair.merge].source == "esco"
        same = skills_data.normalised_label(records[pair.keep].name_en) == skills_data.normalised_label(
            records[pair.merge].name_en
        )
        assert same == (pair.match == "same-name"), pair
    keeps, merges = [p.keep for p in pairs], [p.merge for p in pairs]
    assert len(set(keeps)) == len(keeps) and len(set(merges)) == len(merges) and not set(keeps) & set(merges)


def test_the_kept_skill_carries_its_twin_and_the_twin_points_to_it():
    curated = {r.key: r for r in skills_data.curated_skills()}
    python = curated["gc:python"]
    twin = curated["esco:ccd0a1d9-afda-43d9-b901-96344886e14d"]
    assert twin.merge_into == "gc:python" and twin.same_concept_as == ("gc:python",)
    assert python.merge_into is None and python.same_concept_as == (twin.key,)
    assert python.esco_groups == twin.esco_groups and python.uri == twin.uri
    assert "Python (computer programming)" in python.keywords_en
    assert "Python (programmation informatique)" in python.keywords_fr
    assert set(twin.families) <= set(python.families)
    assert sum(1 for r in curated.values() if r.merge_into) == 35


def _records(**extra: Any) -> list[Any]:
    from dataclasses import replace

    base = skills_data.SkillRecord(
        key="gc:zorblax",
        source="gc",
        uri=None,
        name_en="Zorblax",
        name_fr="Zorblax FR",
        description_en=None,
        description_fr=None,
        keywords_en=(),
        keywords_fr=(),
        category="technical",
        families=(),
        esco_groups=(),
        collections=(),
    )
    twin = replace(base, key="esco:zorblax", source="esco", name_en="zorblax", name_fr=None, **dict(extra))
    return [base, twin]


def test_the_import_merges_a_twin_once_moving_profiles_and_respects_administrators(db, make_user):
    from talent.skills import curation
    from talent.skills.search import search
    from talent.skills.services import import_library

    import_library(_records(), [])  # an installation from before the concept map: both offered
    keep, twin = (
        db.session.scalars(select(Skill).where(Skill.key == k)).one() for k in ("gc:zorblax", "esco:zorblax")
    )
    assert len(search("zorblax", "en")) == 2
    person = make_user("candidate")
    db.session.add(UserSkill(user_id=person.id, skill_id=twin.id, level=3))
    db.session.commit()

    result = import_library(_records(merge_into="gc:zorblax", same_concept_as=("gc:zorblax",)), [])
    db.session.commit()
    assert result.merged == 1 and result.same_concept_pairs == 1 and result.offered_in_data == 1
    db.session.expire_all()
    assert twin.retired_at is not None and twin.merged_into_id == keep.id
    assert twin.extra["merged_by_import"] == "gc:zorblax"
    row = db.session.scalars(select(UserSkill).where(UserSkill.user_id == person.id)).one()
    assert (row.skill_id, row.level) == (keep.id, 3)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "skill.merged", AuditEvent.target_id == str(twin.id))
    ).one()
    assert event.details["concept_map"] is True and event.details["into"] == "gc:zorblax"
    assert [s.key for s in search("zorblax", "en")] == ["gc:zorblax"]  # one skill per concept

    again = import_library(_records(merge_into="gc:zorblax"), [])
    assert again.merged == 0
    # An administrator offers the twin again: the next import does not overrule them.
    curation.unretire_skill(twin)
    db.session.commit()
    assert import_library(_records(merge_into="gc:zorblax"), []).merged == 0
    db.session.expire_all()
    assert twin.retired_at is None


def test_the_import_leaves_a_pair_alone_when_the_kept_skill_is_retired(db):
    from talent.skills import curation
    from talent.skills.services import import_library

    import_library(_records(), [])
    keep = db.session.scalars(select(Skill).where(Skill.key == "gc:zorblax")).one()
    curation.retire_skill(keep, "Obsolete")
    db.session.commit()
    assert import_library(_records(merge_into="gc:zorblax"), []).merged == 0
    twin = db.session.scalars(select(Skill).where(Skill.key == "esco:zorblax")).one()
    assert twin.retired_at is None and twin.merged_into_id is None


# --- French names for every skill --------------------------------------------------------------------------


def test_every_skill_offered_has_a_french_name_and_the_sources_alone_do_not():
    before = skills_data.french_coverage(skills_data.load_skills())
    after = skills_data.french_coverage(skills_data.curated_skills())
    assert (before.with_french, before.skills) == (1810, 2120)
    assert (after.with_french, after.skills) == (2085, 2085)
    assert after.by_source == {"esco": 1596, "gc": 184, "team": 305}


def test_a_skill_missing_from_the_team_list_lowers_the_coverage():
    record = next(r for r in skills_data.load_skills() if r.key == "gc:python")
    from dataclasses import replace

    unknown = replace(record, key="esco:not-in-the-list", source="esco", name_fr=None)
    coverage = skills_data.french_coverage(skills_data.curated_skills([record, unknown]))
    assert (coverage.with_french, coverage.skills) == (1, 2)


def test_the_team_list_names_only_skills_the_sources_leave_without_french():
    records = {r.key: r for r in skills_data.load_skills()}
    merged = {p.merge for p in skills_data.load_concepts()}
    names = skills_data.load_reviewed_french()
    assert len(names) == 305
    for name in names.values():
        rec = records[name.key]
        assert rec.name_fr is None and name.key not in merged, name.key
        assert name.name_en == rec.name_en, name.key  # the source's English name, as a check
        assert name.name_fr and name.name_fr == name.name_fr.strip(), name.key
        assert name.status in skills_data.NAME_STATUSES
    missing = {k for k, r in records.items() if r.name_fr is None and k not in merged}
    assert missing == set(names)


def test_the_coverage_command_measures_before_and_after(app):
    result = app.test_cli_runner().invoke(args=["skills-coverage", "--no-database", "--missing"])
    assert result.exit_code == 0, result.output
    assert "sources alone (ESCO + GC):          1810 of  2120 skills (85.4 %)" in result.output
    assert "as imported (one per concept):      2085 of  2085 skills (100.0 %)" in result.output
    assert "35 ESCO skills merged into the GC skill of the same concept (17 same name, 18 reviewed)" in (
        result.output
    )
    assert result.output.rstrip().endswith("key,name_en")  # --missing: none left


# --- Level definitions -------------------------------------------------------------------------------------


def test_every_level_has_a_definition_in_both_languages():
    assert set(vocab.SKILL_LEVEL_DEFINITIONS) == set(vocab.SKILL_LEVELS)
    for text in vocab.SKILL_LEVEL_DEFINITIONS.values():
        msgid = text._args[0]
        assert french(msgid) != msgid, msgid


def _radio_options(page: str, field_id: str) -> list[dict[str, Any]]:
    match = re.search(rf'<gcds-radios id="{field_id}"[^>]*options=\'([^\']*)\'', page)
    assert match, f"no radios {field_id}"
    return json.loads(htmllib.unescape(match.group(1)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_profile_skill_form_shows_each_level_with_its_definition(client, db, make_user, lang):
    add_skill(db, "t:probe", "Probe wrangling", "Manipulation de sondes")
    user = make_user("candidate")
    db.session.commit()
    login(client, user.email)
    page = client.get(f"/{lang}/profile/skills/add?skill=t:probe").get_data(as_text=True)
    options = _radio_options(page, "level")
    assert [o["value"] for o in options] == ["1", "2", "3", "4"]
    for option, level in zip(options, (1, 2, 3, 4), strict=True):
        definition = str(vocab.SKILL_LEVEL_DEFINITIONS[level]._args[0])
        assert option["hint"] == (french(definition) if lang == "fr" else definition)


def test_the_definitions_macro_lists_every_level(app):
    with app.test_request_context("/fr/x"):
        from flask import g

        g.lang_code = "fr"
        refresh()
        html = render_template_string(
            '{% from "macros/levels.html" import level_definitions %}{{ level_definitions() }}'
        )
    assert html.count("<dt>") == 4 and french("What the levels mean") in html
    assert french(str(vocab.SKILL_LEVEL_DEFINITIONS[4]._args[0])) in html


# --- Dates: one format per language ------------------------------------------------------------------------


def render_in(app: Any, lang: str, source: str, **context: Any) -> str:
    with app.test_request_context(f"/{lang}/x"):
        from flask import g

        g.lang_code = lang
        refresh()
        return render_template_string(source, **context)


def test_a_date_reads_the_same_through_every_filter(app):
    day = date(2026, 12, 7)
    filters = ("date", "jobs_date", "recruit_date", 'dateformat("medium")', "dateformat")
    for lang, expected in (("en", "December 7, 2026"), ("fr", "7 décembre 2026")):
        for name in filters:
            assert render_in(app, lang, f"{{{{ day | {name} }}}}", day=day) == expected, (lang, name)
    assert render_in(app, "en", '{{ day | dateformat("yyyy") }}', day=day) == "2026"  # a pattern is kept


def test_a_moment_is_dated_in_eastern_time_on_both_sides_of_midnight(app):
    before = datetime(2026, 12, 8, 4, 59, tzinfo=UTC)  # 23:59 on December 7 in Toronto (EST)
    after = datetime(2026, 12, 8, 5, 0, tzinfo=UTC)  # midnight on December 8
    assert render_in(app, "en", "{{ m | date }}", m=before) == "December 7, 2026"
    assert render_in(app, "en", "{{ m | date }}", m=after) == "December 8, 2026"
    moment = render_in(app, "en", "{{ m | datetime }}", m=before)
    assert moment == f"December 7, 2026 at 11:59{NNBSP}p.m. Eastern Standard Time"
    french_moment = render_in(app, "fr", "{{ m | recruit_datetime }}", m=after)
    assert french_moment == "8 décembre 2026 à 00 h 00 (heure normale de l’Est)"
    assert render_in(app, "fr", '{{ m | datetimeformat("medium") }}', m=after) == french_moment
    assert render_in(app, "en", "{{ m | month }}", m=date(2020, 1, 15)) == "January 2020"
    assert render_in(app, "fr", "{{ m | month }}", m=date(2020, 1, 15)) == "janvier 2020"
    assert render_in(app, "en", "{{ m | date }}{{ m | datetime }}{{ m | month }}", m=None) == ""


# Templates that still write dates by hand (ISO): none. A new one fails here.
ISO_DATES_PENDING: set[str] = set()


def test_templates_write_dates_with_the_house_filters():
    offenders = set()
    paths = (path for package in ("talent", "jobs", "matching") for path in (ROOT / package).rglob("*.html"))
    for path in sorted(paths):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "talent/templates/macros/forms.html":  # a date input's value is ISO, as HTML wants
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.isoformat\(\)|\.strftime\(", text):
            offenders.add(relative)
    assert offenders <= ISO_DATES_PENDING, sorted(offenders - ISO_DATES_PENDING)


# --- French typography -------------------------------------------------------------------------------------

# A space before : ; ! ? in French must not break: U+00A0 before ":" and U+202F before ";", "!", "?".
_LOOSE = re.compile(r"[ \t]+[:;!?]")


def _french_strings() -> list[tuple[str, str]]:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        out.extend((msgid, s) for s in strings if s)
    return out


def test_french_messages_keep_a_no_break_space_before_double_punctuation():
    loose = [(msgid, s) for msgid, s in _french_strings() if _LOOSE.search(s)]
    assert loose == [], (
        f"{len(loose)} French messages break before : ; ! ? (scripts/po_typography.py fixes them)"
    )


def test_the_typography_fixer_changes_only_french_strings():
    fixer = _script("po_typography")
    fix_text, fix_po_text = fixer.fix_text, fixer.fix_po_text

    assert fix_text("Date : %(d)s ; oui ! non ?") == f"Date{NBSP}: %(d)s{NNBSP}; oui{NNBSP}! non{NNBSP}?"
    assert fix_text("https://x.ca/?a=1 et 10:30") == "https://x.ca/?a=1 et 10:30"  # no space before: kept
    assert fix_text(f"Déjà{NBSP}: bon") == f"Déjà{NBSP}: bon"
    po = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : 1;\\n"\n\n'
        'msgid ""\n"Closing date: %(d)s"\nmsgstr "Date de clôture : %(d)s"\n\n'
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "un !"\nmsgstr[1] ""\n"deux ?"\n\n'
        '#~ msgid "old :"\n'
    )
    fixed = fix_po_text(po)
    assert f'msgstr "Date de clôture{NBSP}: %(d)s"' in fixed and '"Closing date: %(d)s"' in fixed
    assert (
        '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : 1;\\n"' in fixed
    )  # the header as it was
    assert f'msgstr[0] "un{NNBSP}!"' in fixed and f'"deux{NNBSP}?"' in fixed
    assert '#~ msgid "old :"' in fixed
    assert fix_po_text(fixed) == fixed


# --- Telephone numbers and dates that make sense -----------------------------------------------------------


def _post(client: Any, url: str, data: dict[str, Any], lang: str = "en") -> Any:
    return client.post(url, data={**data, "csrf_token": csrf_token(client, f"/{lang}/dashboard")})


PERSONAL = {
    "first_name": "Cam",
    "last_name": "Dee",
    "current_province": "ON",
    "current_city": "Ottawa",
    "citizenship": "citizen",
    "armed_forces_status": "non_caf",
    "preferred_language": "en",
    "interview_language": "en",
    "exam_language": "fr",
}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("613-555-0123", "613-555-0123"),
        ("(613) 555-0123", "613-555-0123"),
        ("+1 613 555 0123", "613-555-0123"),
        ("613 555 0123 ext 12", "613-555-0123 ext. 12"),
        ("+33 1 42 68 53 00", "+33 1 42 68 53 00"),
    ],
)
def test_telephone_numbers_that_can_be_dialled_are_kept_written_one_way(client, db, make_user, typed, stored):
    user = make_user("candidate")
    login(client, user.email)
    response = _post(client, "/en/profile/personal", {**PERSONAL, "telephone": typed})
    assert response.status_code == 302
    from talent.profiles import services

    db.session.expire_all()
    assert services.get_profile(db.session.get(User, user.id)).telephone == stored


@pytest.mark.parametrize("typed", ["call me maybe", "555-0123", "613-555-01234", "12", "+1 000 000 0000"])
def test_telephone_numbers_that_cannot_be_dialled_are_refused(client, db, make_user, typed):
    user = make_user("candidate")
    login(client, user.email)
    response = _post(client, "/en/profile/personal", {**PERSONAL, "telephone": typed})
    assert response.status_code == 422
    assert "Enter a telephone number, for example 613-555-0123" in response.get_data(as_text=True)
    from talent.profiles import services

    db.session.expire_all()
    assert services.get_profile(db.session.get(User, user.id)).telephone is None
    french_page = _post(client, "/fr/profile/personal", {**PERSONAL, "telephone": typed}, lang="fr")
    assert french("Enter a telephone number, for example 613-555-0123, or +33 1 42 68 53 00 abroad.") in (
        htmllib.unescape(french_page.get_data(as_text=True))
    )


def _experience(client: Any, start: date, end: date | None) -> Any:
    data = {"title": "Developer", "organization": "Statistics Canada", "start_date": start.isoformat()}
    data["end_date"] = end.isoformat() if end else ""
    return _post(client, "/en/profile/experiences/new/work", data)


def test_experience_dates_from_1950_to_ten_years_ahead(client, db, make_user):
    from talent.profiles.forms import latest_date

    user = make_user("candidate")
    login(client, user.email)
    latest = latest_date()
    assert latest == latest_date(clock.today())
    assert _experience(client, date(1950, 1, 1), latest).status_code == 302  # both edges, inside
    refused = _experience(client, date(1949, 12, 31), None)
    assert refused.status_code == 422 and "Enter a date from January 1, 1950 to" in refused.get_data(
        as_text=True
    )
    assert _experience(client, date(2020, 1, 1), latest + timedelta(days=1)).status_code == 422
    assert _experience(client, date(2020, 1, 1), date(3021, 1, 1)).status_code == 422


def test_an_experience_cannot_end_before_it_starts(client, db, make_user):
    user = make_user("candidate")
    login(client, user.email)
    refused = _experience(client, date(2020, 5, 2), date(2020, 5, 1))
    assert refused.status_code == 422
    assert "The end date must be on or after the start date." in refused.get_data(as_text=True)
    assert _experience(client, date(2020, 5, 2), date(2020, 5, 2)).status_code == 302  # the same day


def test_ten_years_ahead_of_29_february_is_28_february():
    from talent.profiles.forms import latest_date

    assert latest_date(date(2028, 2, 29)) == date(2038, 2, 28)
    assert latest_date(date(2028, 3, 1)) == date(2038, 3, 1)


# --- The audit log in plain words --------------------------------------------------------------------------


def _recorded_codes() -> set[str]:
    """Every action code the code can record: the first argument of ``audit.record``/``record_many``,
    followed through conditional expressions, f-strings, local assignments and the parameters of the
    functions that pass it on (``record_event(..., "qualified")`` gives ``application.qualified``)."""
    trees = {
        path: ast.parse(path.read_text())
        for pkg in ("talent", "jobs", "matching")
        for path in (ROOT / pkg).rglob("*.py")
    }
    functions: dict[str, list[ast.FunctionDef]] = {}
    parents: dict[ast.AST, ast.FunctionDef] = {}
    calls: list[ast.Call] = []
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                functions.setdefault(node.name, []).append(node)
                for child in ast.walk(node):
                    parents.setdefault(child, node)
            if isinstance(node, ast.Call):
                calls.append(node)

    def called(call: ast.Call) -> str | None:
        return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)

    def resolve(node: ast.AST, depth: int = 0) -> set[str]:
        if depth > 4:
            return set()
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return resolve(node.body, depth) | resolve(node.orelse, depth)
        if isinstance(node, ast.JoinedStr):
            out = {""}
            for part in node.values:
                values = (
                    resolve(part.value, depth + 1) if isinstance(part, ast.FormattedValue) else resolve(part)
                )
                out = {a + b for a in out for b in values}
            return out
        if isinstance(node, ast.Name):
            function = parents.get(node)
            if function is None:
                return set()
            for stmt in ast.walk(function):
                if isinstance(stmt, ast.Assign) and any(
                    getattr(t, "id", None) == node.id for t in stmt.targets
                ):
                    return resolve(stmt.value, depth + 1)
            names = [a.arg for a in function.args.args]
            if node.id not in names:
                return set()
            index = names.index(node.id)
            found: set[str] = set()
            for call in calls:
                if called(call) != function.name:
                    continue
                argument = next((k.value for k in call.keywords if k.arg == node.id), None)
                if argument is None and index < len(call.args):
                    argument = call.args[index]
                if argument is not None:
                    found |= resolve(argument, depth + 1)
            return found
        return set()

    codes: set[str] = set()
    for call in calls:
        is_audit = isinstance(call.func, ast.Attribute) and getattr(call.func.value, "id", None) == "audit"
        if is_audit and call.func.attr in ("record", "record_many") and call.args:
            codes |= resolve(call.args[0])
    return codes


def test_every_action_the_code_records_has_words():
    codes = _recorded_codes()
    assert {
        "user.role_changed",
        "application.qualified",
        "request.referred",
        "auth.mfa_reset",
        "auth.logout",
    } <= codes
    assert sorted(codes - set(vocab.AUDIT_ACTIONS)) == []
    for text in vocab.AUDIT_ACTIONS.values():
        assert french(text._args[0]) != text._args[0], text._args[0]


def test_the_audit_log_shows_actions_in_the_page_language(client, db, make_user):
    admin = make_user("admin")
    target = make_user("candidate")
    audit.record("user.role_changed", actor=admin, target_type="user", target_id=target.id, role="manager")
    audit.record("made.up_code", actor=admin, target_type="user", target_id=target.id)
    db.session.commit()
    login(client, admin.email)
    english = client.get("/en/admin/audit").get_data(as_text=True)
    assert ">Role changed</span>" in english and "<code>made.up_code</code>" in english
    assert "<code>user.role_changed</code>" not in english and "Account " in english
    french_page = client.get("/fr/admin/audit").get_data(as_text=True)
    assert f">{french('Role changed')}</span>" in french_page and "<code>made.up_code</code>" in french_page
    assert f"role{NBSP}: manager" in french_page and "role: manager" in english
    user_page = client.get(f"/fr/admin/users/{target.id}").get_data(as_text=True)
    assert f">{french('Role changed')}</span>" in user_page


# --- Last sign-in ------------------------------------------------------------------------------------------


def _last_sign_in(client: Any, user_id: int) -> str:
    page = client.get(f"/en/admin/users/{user_id}").get_data(as_text=True)
    match = re.search(r"Last sign-in</dt><dd>([^<]*)</dd>", page)
    assert match, "no last sign-in on the page"
    return match.group(1)


def test_the_last_sign_in_is_shown_for_every_way_of_signing_in(app, client, db, make_user):
    admin = make_user("admin")
    login(client, admin.email)  # with a second factor
    never = make_user("candidate")
    assert _last_sign_in(client, never.id) == "Never"
    signed_in = make_user("candidate")
    login(app.test_client(), signed_in.email)  # with a password only
    db.session.expire_all()
    today = clock.today()
    assert _last_sign_in(client, signed_in.id).startswith(f"{today:%B} {today.day}, {today.year} at ")
    assert _last_sign_in(client, admin.id) != "Never"


def test_a_sign_in_recorded_only_in_the_audit_log_still_counts(client, db, make_user):
    admin = make_user("admin")
    login(client, admin.email)
    older = make_user("candidate")  # signed in before last_login_at was kept, or imported
    at = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)  # the log is append-only: the event is written dated
    db.session.add(
        AuditEvent(
            at=at,
            actor_id=older.id,
            actor_label=older.email,
            action="auth.login",
            target_type="user",
            target_id=str(older.id),
        )
    )
    db.session.commit()
    assert _last_sign_in(client, older.id).startswith("March 4, 2025 at ")


def test_normalised_labels_ignore_case_accents_and_spacing():
    assert skills_data.normalised_label(" Javascript ") == skills_data.normalised_label("JavaScript")
    assert skills_data.normalised_label("Réseau  IP") == "reseau ip"
    assert skills_data.normalised_label("C++") != skills_data.normalised_label("C#")
