"""The shared layout (issue 14, part 1): the main content in a centred page container, every page of a role
reachable from the header or the footer, Sign out in the header (a POST with its CSRF token), and a
favicon. How it looks in a browser, at every width, is tests/browser/test_layout_in_browser.py."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import csrf_token, login

# The pages each role reaches from every page (the header's navigation, its menus, the footer's links).
PUBLIC = {"/jobs", "/skills", "/find-talent", "/about"}
SIGNED_IN = {"/dashboard", "/account/password", "/account/two-factor"}
REACHABLE = {
    "guest": PUBLIC | {"/login", "/register"},
    "candidate": PUBLIC | SIGNED_IN | {"/profile", "/applications", "/referrals"},
    "manager": PUBLIC | SIGNED_IN | {"/talent-requests"},
    "recruiter": PUBLIC | SIGNED_IN | {"/recruit/processes", "/recruit/requests", "/recruit/reports"},
    "coordinator": PUBLIC | SIGNED_IN | {"/talent-management/events"},
    "admin": PUBLIC
    | SIGNED_IN
    | {"/recruit/processes", "/recruit/requests", "/recruit/reports"}
    | {"/admin/users", "/admin/audit", "/admin/skills", "/admin/reference", "/talent-management/events"},
}
SIGN_OUT = re.compile(
    r'<form slot="account" method="post" action="(?P<action>[^"]+)" class="header-account">\s*'
    r'<input type="hidden" name="csrf_token" value="(?P<token>[^"]+)">'
)


def reachable(html: str, lang: str) -> set[str]:
    """The paths the header's navigation and the footer's links lead to, without the language."""
    header = html.split("</gcds-header>", 1)[0]
    links = re.findall(r'<gcds-nav-link href="([^"]+)"', header)
    footer = re.search(r"contextual-links='([^']+)'", html)
    assert footer, "no contextual links in the footer"
    links += json.loads(footer.group(1)).values()
    return {link.removeprefix(f"/{lang}") for link in links} - {"/"}


def signed_in(client, make_user, role: str, lang: str = "en"):
    user = make_user(role)
    assert login(client, user.email, lang=lang).status_code == 302
    return user


def test_the_main_content_is_a_centred_page_container(client):
    html = client.get("/en/").get_data(as_text=True)
    container = re.search(r"<gcds-container ([^>]*)>", html)
    assert container
    # Only attributes gcds-container 1.3.1 has: layout="page" is the header's width, centred.
    assert container.group(1) == 'id="main-content" layout="page" tag="main"'


@pytest.mark.parametrize("role", ["candidate", "manager", "recruiter", "coordinator", "admin"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_of_a_role_is_reachable_from_every_page(client, make_user, role, lang):
    signed_in(client, make_user, role, lang)
    others = set().union(*REACHABLE.values()) - REACHABLE[role]  # other roles' pages: not offered here
    for path in ("/dashboard", "/jobs"):
        links = reachable(client.get(f"/{lang}{path}").get_data(as_text=True), lang)
        assert REACHABLE[role] <= links, (path, REACHABLE[role] - links)
        assert not links & others, (path, links & others)


def test_a_guest_reaches_the_public_pages_and_signing_in(client):
    html = client.get("/fr/jobs").get_data(as_text=True)
    assert reachable(html, "fr") == REACHABLE["guest"]  # and nothing of an account
    assert '<gcds-nav-link href="/fr/jobs" current>' in html  # the page we are on
    assert '<gcds-nav-link href="/fr/find-talent">' in html


def test_sign_out_is_a_form_in_the_header_that_signs_out(client, make_user):
    assert 'slot="account"' not in client.get("/en/").get_data(as_text=True)  # a guest has no account
    signed_in(client, make_user, "candidate", "fr")
    html = client.get("/fr/profile").get_data(as_text=True)
    form = SIGN_OUT.search(html)
    assert form and form.group("action") == "/fr/logout"
    assert "Se déconnecter</gcds-button>" in html
    answer = client.post("/fr/logout", data={"csrf_token": form.group("token")})
    assert answer.status_code == 302 and answer.headers["Location"] == "/fr/"
    assert "/fr/login" in client.get("/fr/profile").headers["Location"]


def test_sign_out_without_its_token_is_refused(client, make_user):
    signed_in(client, make_user, "candidate")
    assert client.post("/en/logout", data={}).status_code == 400
    assert client.get("/en/profile").status_code == 200  # still signed in


def test_the_page_of_a_lost_database_shows_no_account_but_other_error_pages_do(app, make_user):
    from flask import render_template
    from flask_login import login_user

    user = make_user("candidate")
    with app.test_request_context("/en/jobs"):
        login_user(user)
        lost = render_template("errors/unavailable.html", code=503, title="t", detail="d", retry=None)
        other = render_template("errors/error.html", code=404, title="t", detail="d")
    assert 'slot="account"' not in lost  # nothing there may load the account
    assert SIGN_OUT.search(other)


def test_the_favicon_is_linked_and_served(client):
    html = client.get("/en/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    ico = client.get("/static/favicon.ico")
    assert ico.status_code == 200 and ico.get_data()[:4] == b"\x00\x00\x01\x00"  # an icon directory
    assert "<title>" in svg.get_data(as_text=True)


def test_the_header_form_and_a_page_form_carry_the_same_token(client, make_user):
    """One token per page: the header's Sign out form takes nothing from a page's own form."""
    signed_in(client, make_user, "candidate")
    html = client.get("/en/account/password").get_data(as_text=True)
    tokens = re.findall(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert len(tokens) == 2 and len(set(tokens)) == 1
    assert csrf_token(client, "/en/account/password") == tokens[0]
