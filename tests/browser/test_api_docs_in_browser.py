"""The API's interactive documentation in a real browser under the app's Content-Security-Policy: Swagger UI
(vendored) and talent/static/js/api-docs.js render every operation of /api/v1/openapi.json, "Try it out"
calls the API on the same origin, nothing is refused by the CSP and nothing is asked of another origin."""

from __future__ import annotations

import json
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from tests.browser.axe import axe_violations, describe


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_api_docs_render_every_operation_under_the_csp(live_server, page):
    with urlopen(f"{live_server}/api/v1/openapi.json", timeout=10) as response:
        paths = json.load(response)["paths"]
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    operations = [path for path, item in paths.items() for method in item if method in methods]
    assert "/api/v1/skills" in operations and "/api/v1/processes/{process_id}" in operations
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(f"{live_server}/api/v1/docs?lang=fr")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp  # the site's strict policy is in force
    assert page.locator("gcds-heading[tag='h1']").inner_text() == "Documentation de l’API"
    page.locator(".swagger-ui .opblock").first.wait_for(state="visible")
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert sorted(p.replace("\u200b", "") for p in paths) == sorted(operations), paths
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Talent platform API")

    # "Try it out" on the list of skill families: the answer comes from this origin, under the same CSP.
    families = page.locator(".swagger-ui .opblock-get").filter(has_text="/api/v1/skill-families").first
    families.locator(".opblock-summary").click()
    families.locator("button.try-out__btn").click()
    families.locator("button.execute").click()
    status = families.locator(".live-responses-table tbody td.response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"

    # Our part of the page meets WCAG 2.1 AA. Swagger UI's own markup does not (axe 4.14: the grey of its
    # version labels and GET badges, a button inside each operation's summary button, an unnamed server
    # select); that is the package's, reported in docs/api.md, not checked here.
    problems = axe_violations(page, {"exclude": [["#swagger-ui"]]})
    assert not problems, describe(problems)

    origin = urlsplit(live_server).netloc
    elsewhere = [url for url in requested if urlsplit(url).netloc != origin and not url.startswith("data:")]
    assert not elsewhere, elsewhere  # no validator badge, no font, no CDN
    # Chrome words a refused inline style "... violates the following Content Security Policy directive"
    # and a refused eval "Refused to evaluate a string as JavaScript because 'unsafe-eval' ...".
    refused = ("violates", "Content Security Policy", "Refused to")
    problems = [
        m
        for m in page.console_messages
        if m.startswith(("pageerror", "error")) or any(r in m for r in refused)
    ]
    assert not problems, problems  # no script error, nothing refused by the CSP
