"""The API's interactive documentation, ``/api/v1/docs`` (issue 17): an HTML page in both languages, under
the site's Content-Security-Policy unchanged, that loads only same-origin files (the vendored Swagger UI and
our start-up script), with no inline script or style. In a browser: tests/browser/test_api_docs_in_browser.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR = REPO_ROOT / "talent" / "static" / "vendor"


class Page(HTMLParser):
    """What a page loads (script src, stylesheet href) and what it holds inline."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self.style_attributes = 0
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "style" in found:
            self.style_attributes += 1
        if tag == "script":
            if found.get("src"):
                self.scripts.append(str(found["src"]))
            else:
                self.inline_scripts += 1
        elif tag == "style":
            self.inline_styles += 1
        elif tag == "link" and found.get("rel") == "stylesheet":
            self.stylesheets.append(str(found["href"]))
        elif tag == "gcds-heading" and found.get("tag") == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "gcds-heading":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def parse(response) -> Page:
    page = Page()
    page.feed(response.get_data(as_text=True))
    return page


def test_the_page_answers_with_the_sites_csp_unchanged(client):
    response = client.get("/api/v1/docs", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    home = client.get("/en/")
    assert response.headers["Content-Security-Policy"] == home.headers["Content-Security-Policy"]
    assert response.headers["Content-Security-Policy"] == client.application.config["CONTENT_SECURITY_POLICY"]
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in response.headers


def test_the_page_loads_only_same_origin_files_and_holds_no_inline_script_or_style(client):
    page = parse(client.get("/api/v1/docs"))
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.scripts
    assert "/static/js/api-docs.js" in page.scripts
    assert page.scripts.index("/static/vendor/swagger-ui/swagger-ui-bundle.js") < page.scripts.index(
        "/static/js/api-docs.js"
    )
    assert "/static/vendor/swagger-ui/swagger-ui.css" in page.stylesheets
    for url in page.scripts + page.stylesheets:
        assert url.startswith("/static/") and not url.startswith("//"), url
    assert (page.inline_scripts, page.inline_styles, page.style_attributes) == (0, 0, 0)
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)  # no other origin anywhere


@pytest.mark.skipif(not (VENDOR / "swagger-ui").is_dir(), reason="run `make assets` to vendor Swagger UI")
def test_every_file_the_page_loads_is_served(client):
    page = parse(client.get("/api/v1/docs"))
    for url in page.scripts + page.stylesheets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype in ("text/javascript", "text/css"), (url, response.mimetype)
        response.close()


def test_the_start_up_script_turns_off_the_remote_validator():
    js = (REPO_ROOT / "talent" / "static" / "js" / "api-docs.js").read_text(encoding="utf-8")
    assert "validatorUrl: null" in js  # else Swagger UI loads a badge from validator.swagger.io
    assert "eval(" not in js and "innerHTML" not in js


@pytest.mark.parametrize(
    ("url", "accept_language", "lang", "h1", "toggle"),
    [
        ("/api/v1/docs", "en", "en", "API documentation", "/api/v1/docs?lang=fr"),
        ("/api/v1/docs", "fr-CA,fr;q=0.9", "fr", "Documentation de l’API", "/api/v1/docs?lang=en"),
        ("/api/v1/docs?lang=fr", "en", "fr", "Documentation de l’API", "/api/v1/docs?lang=en"),
        ("/api/v1/docs?lang=en", "fr", "en", "API documentation", "/api/v1/docs?lang=fr"),
        ("/api/v1/docs?lang=de", "fr", "fr", "Documentation de l’API", "/api/v1/docs?lang=en"),
    ],
)
def test_the_page_is_in_the_language_asked_for(client, url, accept_language, lang, h1, toggle):
    response = client.get(url, headers={"Accept-Language": accept_language})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert parse(response).h1 == h1
    assert f'lang-href="{toggle}"' in html
    assert f'href="/{lang}/"' in html  # the breadcrumb back to the site, in the same language
    # The Swagger UI itself is English only, and the page says so (marked as English for screen readers).
    assert '<div id="swagger-ui" lang="en"' in html
    if lang == "fr":
        assert "en anglais seulement" in html


def test_a_browser_asking_for_html_only_gets_the_page_not_a_406(client):
    assert client.get("/api/v1/docs", headers={"Accept": "text/html"}).status_code == 200
    assert client.get("/api/v1/skills", headers={"Accept": "text/html"}).status_code == 406


def test_other_methods_are_a_problem_document(client):
    response = client.post("/api/v1/docs")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]
