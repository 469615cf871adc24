"""Two languages everywhere: URLs, the toggle, translated errors, locale formats, a complete catalogue."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_root_redirects_by_browser_language(client):
    assert client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).headers["Location"] == "/fr/"
    assert client.get("/", headers={"Accept-Language": "en-CA"}).headers["Location"] == "/en/"
    assert client.get("/").headers["Location"] == "/en/"


@pytest.mark.parametrize(("lang", "title"), [("en", "Sign in"), ("fr", "Se connecter")])
def test_pages_exist_in_both_languages(client, lang, title):
    html = client.get(f"/{lang}/login").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert f"<title>{title}" in html


def test_language_toggle_points_to_the_same_page_in_the_other_language(client):
    html = client.get("/en/password/forgot?x=1").get_data(as_text=True)
    assert 'lang-href="/fr/password/forgot?x=1"' in html
    html = client.get("/fr/register").get_data(as_text=True)
    assert 'lang-href="/en/register"' in html


def test_unknown_language_and_unknown_page_get_translated_404(client):
    assert client.get("/de/login").status_code == 404
    response = client.get("/fr/nulle-part")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Nous ne trouvons pas cette page" in html and '<html lang="fr">' in html
    response = client.get("/en/nowhere")
    assert "We couldn&#39;t find that page" in response.get_data(as_text=True)


def test_api_clients_get_json_errors(client):
    response = client.get("/en/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_dates_and_numbers_follow_the_locale(app):
    from flask_babel import force_locale, format_datetime, format_decimal

    moment = datetime(2026, 3, 5, 15, 30, tzinfo=UTC)
    with app.test_request_context("/fr/"), force_locale("fr"):
        assert format_decimal(1234.5) == "1\u202f234,5"
        assert "mars" in format_datetime(moment, "long")
    with app.test_request_context("/en/"), force_locale("en"):
        assert format_decimal(1234.5) == "1,234.5"
        assert "March" in format_datetime(moment, "long")


def _source_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
    found: set[str] = set()
    for package in ("talent", "jobs", "matching"):
        if not (ROOT / package).is_dir():
            continue
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package,
            method_map,
            keywords={
                "_": None,
                "gettext": None,
                "ngettext": (1, 2),
                "_l": None,
                "lazy_gettext": None,
                "lazy_ngettext": (1, 2),
            },
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_in_the_code_has_a_french_translation():
    with (ROOT / "talent/translations/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id
        and m.string
        and all(m.string if isinstance(m.string, tuple) else [m.string])
        and "fuzzy" not in m.flags
    }
    missing = sorted(_source_messages() - translated)
    assert not missing, (
        "messages without a French translation (run `make messages`, then translate):\n" + "\n".join(missing)
    )


def test_french_translations_keep_their_placeholders():
    with (ROOT / "talent/translations/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in catalog:
        if message.id and message.string and isinstance(message.id, str):
            assert sorted(pattern.findall(message.id)) == sorted(pattern.findall(message.string)), message.id


def test_no_template_rebinds_the_translation_function():
    """``{% set _ = ... %}`` would shadow gettext for the rest of the template."""
    offenders = [
        str(t)
        for package in ("talent", "jobs", "matching")
        for t in (ROOT / package).glob("**/templates/**/*.html")
        if re.search(r"{%-?\s*set\s+_\s*=", t.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_templates_follow_the_locale_even_when_it_is_forced_mid_request(app):
    # Templates look their translations up once per locale (talent.i18n.template_translations): an e-mail
    # rendered in the recipient's language in the middle of an English page, and the page after it, must
    # each still get their own language.
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ _('Sign out') }}|{{ ngettext('%(num)d application', '%(num)d applications', 2) }}"
    with app.test_request_context("/en/"):
        app.preprocess_request()
        assert render_template_string(page) == "Sign out|2 applications"
        with force_locale("fr"):
            assert render_template_string(page) == "Se déconnecter|2 candidatures"
        assert render_template_string(page) == "Sign out|2 applications"
    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert render_template_string(page) == "Se déconnecter|2 candidatures"
