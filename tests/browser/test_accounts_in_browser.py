"""A person in a real browser: create an account in French, switch language, sign out, sign back in."""

from __future__ import annotations

import pytest

from tests.browser.conftest import confirm_address

pytestmark = [
    pytest.mark.browser,
    # The development server leaves a static file unclosed when the browser drops a connection early.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def _shadow_text(locator) -> str:
    """What a component renders (its shadow tree), as a person would read it."""
    return locator.evaluate("e => (e.shadowRoot || e).textContent")


def _fill(page, field_id: str, value: str) -> None:
    page.locator(f"gcds-input#{field_id} input").fill(value)


def test_register_in_french_toggle_language_sign_out_and_in(live_server, page, tmp_path, committed):
    page.goto(f"{live_server}/")
    assert page.url.endswith("/fr/")  # the browser asks for French
    page.goto(f"{live_server}/fr/register")
    page.wait_for_selector("gcds-input#first_name input")
    page.get_by_label("À la recherche d’un emploi (candidat ou candidate)").check()
    _fill(page, "first_name", "Élise")
    _fill(page, "last_name", "Gagnon")
    _fill(page, "email", "elise@example.com")
    _fill(page, "password", "lilas tambour horizon vert")
    page.locator("gcds-button[type=submit]").click()
    page.wait_for_selector("text=Consultez vos courriels")  # the same answer, account or not
    confirm_address(page, live_server, committed, "elise@example.com")
    page.wait_for_url("**/fr/dashboard")
    assert "Bienvenue, Élise Gagnon" in page.locator("gcds-heading[tag=h1]").inner_text()
    page.screenshot(path=str(tmp_path / "dashboard-fr.png"), full_page=True)

    page.locator("gcds-header").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/dashboard")
    assert "Welcome, Élise Gagnon" in page.content()

    page.locator("#main-content gcds-button[type=submit]").click()  # sign out
    page.wait_for_url("**/en/")
    page.goto(f"{live_server}/en/dashboard")
    assert "/en/login" in page.url

    _fill(page, "email", "elise@example.com")
    _fill(page, "password", "lilas tambour horizon vert")
    page.locator("gcds-button[type=submit]").click()
    page.wait_for_url("**/en/dashboard")

    violations = [m for m in page.console_messages if "Content Security Policy" in m or "pageerror" in m]
    assert violations == []


def test_form_errors_are_announced_and_tied_to_their_fields(live_server, page):
    page.goto(f"{live_server}/fr/login")
    _fill(page, "email", "personne@example.com")
    _fill(page, "password", "pas le bon mot de passe")
    page.locator("gcds-button[type=submit]").click()
    page.wait_for_selector("gcds-notice[notice-role=danger]")
    assert "L’adresse courriel ou le mot de passe n’est pas correct." in page.content()

    # A password only the server can judge: the page comes back with a summary and the field's message.
    page.goto(f"{live_server}/fr/register")
    _fill(page, "first_name", "Luc")
    _fill(page, "last_name", "Roy")
    _fill(page, "email", "luc@example.com")
    _fill(page, "password", "password1234")
    page.locator("gcds-button[type=submit]").click()
    summary = page.locator("gcds-error-summary")
    summary.wait_for()
    assert "Ce mot de passe est trop courant" in _shadow_text(summary)
    assert "Ce mot de passe est trop courant" in _shadow_text(page.locator("gcds-input#password"))
    assert page.locator("gcds-input#first_name input").input_value() == "Luc"  # nothing typed is lost
    summary.get_by_role("link").first.click()  # the summary link moves focus to the field
    focused = page.evaluate("document.activeElement.id")
    assert focused == "password"


def test_the_layout_fits_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-CA")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/en/register")
        page.wait_for_selector("gcds-input#email input")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        # The skip link is the first thing a keyboard reaches.
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.shadowRoot?.activeElement || document.activeElement).textContent"
        )
        assert "Skip to main content" in focused or "main content" in focused.lower()
    finally:
        context.close()
