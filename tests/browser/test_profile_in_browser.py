"""A candidate builds a complete profile in French from an empty account, using only the pages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import confirm_address

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture
def skills(committed):
    from talent.models import Skill

    committed.session.add_all(
        [
            Skill(
                key="e2e:python",
                name_en="Python (computer programming)",
                name_fr="Python (programmation)",
                category="technical",
                search_text="python (computer programming) python (programmation)",
            ),
            Skill(key="e2e:sql", name_en="SQL", name_fr="SQL", category="technical", search_text="sql"),
        ]
    )
    committed.session.commit()


def fill(page, field_id: str, value: str) -> None:
    page.locator(f"gcds-input#{field_id} input").fill(value)


def save(page) -> None:
    page.locator("#main-content form gcds-button[type=submit]").first.click()


def tick(page, label: str, within: str = "#main-content") -> None:
    # GC Design System labels sit over their inputs: click as a person would, on the label.
    page.locator(within).get_by_label(label, exact=True).check(force=True)


def test_complete_profile_in_french_through_the_pages(live_server, page, skills, committed):
    page.goto(f"{live_server}/fr/register")
    page.get_by_label("À la recherche d’un emploi (candidat ou candidate)").check()
    fill(page, "first_name", "Noémie")
    fill(page, "last_name", "Tremblay")
    fill(page, "email", "noemie@example.com")
    fill(page, "password", "lilas tambour horizon vert")
    page.locator("gcds-button[type=submit]").click()
    page.wait_for_selector("text=Consultez vos courriels")  # the same answer, account or not
    confirm_address(page, live_server, committed, "noemie@example.com")
    page.wait_for_url("**/fr/dashboard")

    page.goto(f"{live_server}/fr/profile")
    assert "Complétude du profil" in page.content()

    page.goto(f"{live_server}/fr/profile/personal")
    fill(page, "telephone", "613-555-0199")
    page.locator("gcds-select#current_province select").select_option("QC")
    fill(page, "current_city", "Gatineau")
    tick(page, "Citoyen canadien ou citoyenne canadienne")
    tick(page, "Je ne suis ni membre ni ancien combattant des Forces armées canadiennes")
    save(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{live_server}/fr/profile/languages")
    tick(page, "Postes en français seulement")
    tick(page, "Postes bilingues (anglais et français)")
    save(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{live_server}/fr/profile/location")
    tick(page, "Région de la capitale nationale")
    tick(page, "Hybride")
    save(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{live_server}/fr/profile/conditions")
    tick(page, "Durée indéterminée (permanent)")
    save(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{live_server}/fr/profile/government")
    tick(page, "Non", "gcds-radios#is_gov_employee")
    tick(page, "Non", "gcds-radios#has_priority_entitlement")
    save(page)
    page.wait_for_url("**/fr/profile")
    page.screenshot(path="/tmp/profile-fr.png", full_page=True)
    assert "Votre profil est complet." in page.content()

    # A skill, found in French with its accents left out, then an experience that demonstrates it.
    page.goto(f"{live_server}/fr/profile/skills?q=programmation")
    page.get_by_role("link", name="Ajouter Python (programmation)").click()
    tick(page, "Avancé")
    save(page)
    page.wait_for_url("**/fr/profile/skills")
    assert "Python (programmation)" in page.content()

    page.goto(f"{live_server}/fr/profile/experiences/new/work")
    fill(page, "title", "Développeuse")
    fill(page, "organization", "Statistique Canada")
    date = page.locator("gcds-date-input#start_date")
    date.locator(".gcds-date-input__month select").select_option("03")
    date.locator(".gcds-date-input__day input").fill("15")
    date.locator(".gcds-date-input__year input").fill("2021")
    page.locator("#main-content form gcds-button[type=submit]").first.click()
    page.wait_for_url("**/fr/profile/experiences/*")
    page.locator("gcds-select#user_skill select").select_option(label="Python (programmation)")
    page.locator("gcds-textarea#justification textarea").fill(
        "J’ai écrit les chaînes de traitement en Python."
    )
    page.get_by_role("button", name="Lier la compétence").click()
    page.wait_for_load_state()
    assert "J’ai écrit les chaînes de traitement en Python." in page.content()

    page.goto(f"{live_server}/fr/profile")
    html = page.content()
    assert 'value="100"' in html and "Statistique Canada" in html and "1 expérience" in html
    violations = [m for m in page.console_messages if "Content Security Policy" in m or "pageerror" in m]
    assert violations == []
