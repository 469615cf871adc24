"""Whole journeys in a real browser, against gunicorn, PostgreSQL and a real Celery worker (issue 14, part 6).

Three people, each in a browser context of their own (Debian's chromium, headless):

1. a candidate, in French, creates an account, confirms the address from the e-mail, completes a profile,
   and applies to a job advertisement;
2. a recruiter, in English (two-factor sign-in), publishes the advertisement (a draft that lacks only
   publishing), then records the screening results of the candidate's application and qualifies them;
3. a hiring manager, in English, counts the talent that fits (the count refreshes in place as the filters
   change) and requests it;
4. the recruiter runs matching on the request on the Celery worker, watches its progress (htmx polling),
   reviews the anonymous ranked list and refers the candidate;
5. the manager sees the referral on the request's page, and the candidate sees it on their referrals page.

Then the candidate's way again, by keyboard only: creating the account, signing in and applying.

Every page reached is screenshotted (``artifacts/screenshots/<journey>/<nn>-<page>.png``), checked with
axe-core for WCAG 2.1 A and AA and measured at 375 px wide: the tests collect what they find and fail at the
end with the whole list, page by page.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.browser import gunicorn_server as gunicorn
from tests.browser.journey_helpers import (
    PASSWORD,
    Findings,
    Journey,
    Keyboard,
    complete_profile,
    confirmation_link,
    delivered_to,
    fill,
    finish,
    new_page,
    seed,
    sign_in,
    submit,
    tick,
    unfold,
)

# gunicorn serving the app, sending its tasks to the real Celery worker (a fixture of that module).
gunicorn_server = gunicorn.gunicorn_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

CANDIDATE = "noemie.tremblay@example.com"


# --- 1. The candidate registers, completes a profile and applies (French) -----------------------------------


def register_and_confirm(journey: Journey, base: str, committed: Any, smtp: Any) -> None:
    page = journey.page
    page.goto(f"{base}/fr/register")
    journey.check("register")
    page.get_by_label("À la recherche d’un emploi (candidat ou candidate)").check()
    fill(page, "first_name", "Noémie")
    fill(page, "last_name", "Tremblay")
    fill(page, "email", CANDIDATE)
    fill(page, "password", PASSWORD)
    submit(page)
    page.wait_for_selector("text=Consultez vos courriels")  # the same answer, account or not
    journey.check("check-your-email")

    # The confirmation e-mail went through the outbox, Redis and the Celery worker to the SMTP server.
    message = delivered_to(smtp, CANDIDATE)
    assert "/fr/register/confirm/" in message.get_body(preferencelist=("plain",)).get_content()
    page.goto(base + confirmation_link(committed, CANDIDATE))
    journey.check("confirm-address")
    submit(page)
    page.wait_for_url("**/fr/dashboard")
    journey.check("dashboard")


def complete_the_profile(journey: Journey, base: str) -> None:
    page = journey.page
    page.goto(f"{base}/fr/profile")
    journey.check("profile")

    page.goto(f"{base}/fr/profile/personal")
    journey.check("profile-personal")
    fill(page, "telephone", "613-555-0199")
    page.locator("gcds-select#current_province select").select_option("QC")
    fill(page, "current_city", "Gatineau")
    tick(page, "Citoyen canadien ou citoyenne canadienne")
    tick(page, "Je ne suis ni membre ni ancien combattant des Forces armées canadiennes")
    submit(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{base}/fr/profile/languages")
    journey.check("profile-languages")
    tick(page, "Postes en français seulement")
    tick(page, "Postes bilingues (anglais et français)")
    submit(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{base}/fr/profile/location")
    journey.check("profile-location")
    tick(page, "Région de la capitale nationale")
    tick(page, "Hybride")
    submit(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{base}/fr/profile/conditions")
    journey.check("profile-conditions")
    tick(page, "Durée indéterminée (permanent)")
    submit(page)
    page.wait_for_url("**/fr/profile")

    page.goto(f"{base}/fr/profile/government")
    journey.check("profile-government")
    tick(page, "Non", "gcds-radios#is_gov_employee")
    tick(page, "Non", "gcds-radios#has_priority_entitlement")
    submit(page)
    page.wait_for_url("**/fr/profile")
    assert "Votre profil est complet." in page.content()
    journey.check("profile-complete")

    # A skill, found in French, then an experience that demonstrates it.
    page.goto(f"{base}/fr/profile/skills?q=programmation")
    journey.check("skills-search")
    page.get_by_role("link", name="Ajouter Python (programmation)").click()
    page.wait_for_load_state()
    journey.check("skill-level")
    tick(page, "Avancé")
    submit(page)
    page.wait_for_url("**/fr/profile/skills")
    assert "Python (programmation)" in page.content()
    journey.check("skills")

    page.goto(f"{base}/fr/profile/experiences/new/work")
    journey.check("experience-new")
    fill(page, "title", "Développeuse")
    fill(page, "organization", "Statistique Canada")
    date = page.locator("gcds-date-input#start_date")
    date.locator(".gcds-date-input__month select").select_option("03")
    date.locator(".gcds-date-input__day input").fill("15")
    date.locator(".gcds-date-input__year input").fill("2019")
    submit(page)
    page.wait_for_url("**/fr/profile/experiences/*")
    page.locator("gcds-select#user_skill select").select_option(label="Python (programmation)")
    page.locator("gcds-textarea#justification textarea").fill(
        "J’ai écrit les chaînes de traitement en Python."
    )
    page.get_by_role("button", name="Lier la compétence").click()
    page.wait_for_load_state()
    assert "J’ai écrit les chaînes de traitement en Python." in page.content()
    journey.check("experience")


def apply(journey: Journey, base: str, title: str) -> None:
    page = journey.page
    page.goto(f"{base}/fr/jobs")
    journey.check("job-advertisements")
    page.locator("#main-content").get_by_role("link", name=title).first.click()
    page.wait_for_url("**/fr/jobs/*")
    journey.check("job-advertisement")
    page.locator("#main-content section[aria-labelledby=h-apply] gcds-button[type=submit]").click()
    page.wait_for_url("**/questions")
    journey.check("application-questions")
    page.locator("#main-content gcds-textarea textarea").first.fill(
        "Pour mettre mes données au service du public."
    )
    page.locator("#main-content gcds-button[value=continue]").click()
    page.wait_for_url("**/review")
    journey.check("application-review")
    assert "Votre candidature est prête" in page.content()
    fill(page, "signature", "Noémie Tremblay")
    submit(page, "#main-content form:has(gcds-input#signature)")
    page.wait_for_url("**/submitted")
    journey.check("application-submitted")
    page.goto(f"{base}/fr/applications")
    journey.check("my-applications")


# --- 2. The recruiter publishes, then assesses and qualifies (English) --------------------------------------


def publish(journey: Journey, base: str, advert: Any) -> None:
    page = journey.page
    page.goto(f"{base}/en/recruit/processes")
    journey.check("processes")
    page.locator("#main-content").get_by_role("link", name=advert.title_en).click()
    page.wait_for_url(f"**/en/recruit/processes/{advert.id}")
    journey.check("draft-process")
    assert "Everything needed to publish is there." in page.content()
    page.locator("#main-content gcds-button", has_text="Publish").first.click()
    page.wait_for_url(f"**/processes/{advert.id}/publish")
    journey.check("publish-confirm")
    submit(page)
    page.wait_for_url(f"**/en/recruit/processes/{advert.id}")
    assert "The job advertisement was published." in page.content()
    journey.check("published-process")


def assess_and_qualify(journey: Journey, base: str, advert: Any) -> None:
    page = journey.page
    page.goto(f"{base}/en/recruit/processes/{advert.id}/applicants")
    journey.check("applicants")
    page.locator("#main-content").get_by_role("link", name="Noémie Tremblay").click()
    page.wait_for_url("**/en/recruit/applications/*")
    journey.check("application")
    # Application screening: the essential skill, then the education requirement, each successful.
    results = page.locator("#main-content table form")
    assert results.count() == 2
    for index in range(results.count()):
        form = page.locator("#main-content table form").nth(index)
        form.locator("gcds-select select").select_option("successful")
        form.locator("gcds-button[type=submit]").click()
        page.wait_for_selector("text=The result was recorded.")
    assert "Suggested decision" in page.content()
    journey.check("application-assessed")
    qualify = page.locator("#main-content form[action$='/decisions/qualify']")
    qualify.locator("gcds-button[type=submit]").click()
    page.wait_for_selector("text=Qualified")
    journey.check("application-qualified")


# --- 3. The manager counts and requests talent (English) ----------------------------------------------------


def count_and_request(journey: Journey, base: str) -> int:
    page = journey.page
    total = "#talent-counts [data-total='{}']"
    page.goto(f"{base}/en/find-talent")
    page.wait_for_selector(total.format(9), state="attached")  # eight in the old pool, and the candidate
    journey.check("find-talent")

    # A skill, found by name among the options htmx shows as one types, then added (the form is sent).
    unfold(page, "gcds-input#skill_q input")
    page.locator("gcds-input#skill_q input").fill("Python")
    page.locator("#skill-options gcds-button", has_text="Python").first.click()
    page.wait_for_selector(total.format(7), state="attached")
    journey.check("find-talent-python")

    # The live count: a filter ticked, then unticked, refreshes the counts in place, no page loaded.
    page.evaluate("window.sameDocument = true")
    unfold(page, "gcds-checkboxes#regions")
    page.locator("#main-content").get_by_label("Quebec", exact=True).check(force=True)
    page.wait_for_selector(total.format(6), state="attached")  # the candidate works in the capital region
    journey.check("find-talent-quebec")
    page.locator("#main-content").get_by_label("Quebec", exact=True).uncheck(force=True)
    page.wait_for_selector(total.format(7), state="attached")
    assert page.evaluate("window.sameDocument") is True

    page.locator("#talent-counts gcds-button", has_text="Request this talent").click()
    page.wait_for_url("**/en/talent-requests/new*")
    journey.check("request-form")
    assert "Python (computer programming)" in page.content()  # the search's skill, required
    fill(page, "job_title", "Python developer for the data team")
    page.locator("gcds-select#reason select").select_option(index=1)
    for field_id, value in (
        ("hiring_manager_name", "Mathis Gestionnaire"),
        ("hiring_manager_email", "manager@example.com"),
    ):
        box = page.locator(f"gcds-input#{field_id} input")
        if not box.input_value():
            box.fill(value)
    page.locator("#main-content gcds-button[value=submit]").click()
    page.wait_for_url("**/en/talent-requests/*")
    assert "Your request was sent to the recruitment team." in page.content()
    journey.check("request-sent")
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])


# --- 4. The recruiter runs matching, reviews and refers (English) -------------------------------------------


def match_and_refer(journey: Journey, base: str, request_id: int, committed: Any, candidate_id: int) -> None:
    from matching.models import MatchResult, MatchRun

    page = journey.page
    page.goto(f"{base}/en/recruit/requests")
    journey.check("request-queue")
    page.locator(f"#main-content a[href$='/en/recruit/requests/{request_id}']").first.click()
    page.wait_for_url(f"**/en/recruit/requests/{request_id}")
    journey.check("request")
    page.locator("#main-content gcds-button", has_text="Run matching").first.click()
    page.wait_for_url(f"**/en/recruit/requests/{request_id}/matching")
    page.wait_for_selector("gcds-checkboxes#pools")
    journey.check("matching-start")
    submit(page)
    page.wait_for_url("**/runs/*")
    status = page.locator("#run-status").get_attribute("data-status")
    journey.check(f"run-{status}")
    # htmx asks for the progress every 2 s until the run is done, then reloads the page with the list.
    page.wait_for_selector("#run-status[data-status=done]", timeout=90_000)
    assert page.locator("#run-progress").get_attribute("value") == "100"

    committed.session.expire_all()
    run = committed.session.scalars(select(MatchRun).where(MatchRun.request_id == request_id)).one()
    rank = committed.session.scalars(
        select(MatchResult.rank).where(MatchResult.run_id == run.id, MatchResult.user_id == candidate_id)
    ).one()
    html = page.content()
    assert page.locator("article[id^=candidate-]").count() == 9  # everyone available in the two pools
    assert rank == 1, rank  # advanced Python, demonstrated since 2019: the best fit
    assert "Tremblay" not in html  # anonymous until shortlisted or referred
    journey.check("run-done")

    article = page.locator(f"#candidate-{rank}")
    article.locator("gcds-details").get_by_role("button").first.click()
    article.locator(f"gcds-select#c{rank}-decision select").select_option("refer")
    article.locator(f"gcds-textarea#c{rank}-notes textarea").fill(
        "Advanced Python, shown at Statistics Canada."
    )
    article.locator(f"form#decision-{rank} gcds-button[type=submit]").click()
    page.wait_for_url(f"**/runs/*#candidate-{rank}")
    page.wait_for_selector("#run-status[data-status=done]")
    assert "Noémie Tremblay" in page.locator(f"#candidate-{rank}").inner_text()
    journey.check("candidate-referred")


def test_a_candidate_applies_is_qualified_matched_and_referred(
    site, gunicorn_server, browser, committed, smtp_server
):
    from jobs.models import Application, Decision, Referral
    from talent.models import User

    base = gunicorn_server.base
    findings = Findings()
    contexts = []
    try:
        context, page = new_page(browser, "en-CA")
        contexts.append(context)
        recruiter = Journey("recruiter-en", page, findings)
        context, page = new_page(browser, "fr-CA")
        contexts.append(context)
        candidate = Journey("candidate-fr", page, findings)
        context, page = new_page(browser, "en-CA")
        contexts.append(context)
        manager = Journey("manager-en", page, findings)

        # 2a. The recruiter publishes the draft.
        sign_in(recruiter, base, "en", site.recruiter.email)
        recruiter.check("dashboard")
        publish(recruiter, base, site.advert)

        # 1. The candidate.
        register_and_confirm(candidate, base, committed, smtp_server)
        complete_the_profile(candidate, base)
        apply(candidate, base, site.advert.title_fr)
        committed.session.expire_all()
        person = committed.session.scalars(select(User).where(User.email == CANDIDATE)).one()
        application = committed.session.scalars(
            select(Application).where(Application.user_id == person.id)
        ).one()
        assert application.submitted_at is not None and person.locale == "fr"

        # 2b. The recruiter assesses and qualifies.
        assess_and_qualify(recruiter, base, site.advert)
        committed.session.expire_all()
        assert committed.session.get(Application, application.id).decision == Decision.QUALIFIED

        # 3. The manager counts and requests.
        sign_in(manager, base, "en", site.manager.email)
        manager.check("dashboard")
        request_id = count_and_request(manager, base)

        # 4. The recruiter matches and refers.
        match_and_refer(recruiter, base, request_id, committed, person.id)
        committed.session.expire_all()
        referral = committed.session.scalars(select(Referral).where(Referral.request_id == request_id)).one()
        assert referral.user_id == person.id and referral.referred

        # 5. The manager and the candidate see the referral.
        manager.page.goto(f"{base}/en/talent-requests/{request_id}")
        assert "Noémie Tremblay" in manager.page.content()
        manager.check("request-with-referral")

        candidate.page.goto(f"{base}/fr/referrals")
        assert "Python developer for the data team" in candidate.page.content()
        candidate.check("my-referrals")
        candidate.page.goto(f"{base}/fr/applications")
        candidate.check("my-applications-qualified")
    finally:
        for context in contexts:
            context.close()
    finish(findings)


@pytest.fixture
def site(committed):
    return seed(committed)


@pytest.fixture
def published_site(committed):
    return seed(committed, publish=True)


# --- The candidate's way by keyboard only -------------------------------------------------------------------


def test_by_keyboard_only_a_candidate_registers_signs_in_and_applies(
    published_site, gunicorn_server, browser, committed
):
    """Only ``page.keyboard``: Tab, Shift+Tab, Enter, Space and typing; ``page.goto`` stands for a link
    followed from an e-mail or typed in the address bar. At every stop the focus must show."""
    from jobs.models import Application
    from talent.models import User

    base = gunicorn_server.base
    advert = published_site.advert
    findings = Findings()
    context, page = new_page(browser, "fr-CA")
    try:
        journey = Journey("candidate-keyboard-fr", page, findings)
        keys = Keyboard(journey)

        page.goto(f"{base}/fr/register")
        journey.check("register")
        role = keys.tab_to(lambda f: f["type"] == "radio")
        if not role["checked"]:
            page.keyboard.press("Space")
        assert keys.focused()["checked"]
        keys.type_into("first_name", "Léa")
        keys.type_into("last_name", "Bouchard")
        keys.type_into("email", "lea.bouchard@example.com")
        keys.type_into("password", PASSWORD)
        keys.press_button("Créer mon compte")
        page.wait_for_selector("text=Consultez vos courriels")
        journey.check("check-your-email")

        page.goto(base + confirmation_link(committed, "lea.bouchard@example.com"))
        journey.check("confirm-address")
        keys.press_button("Confirmer mon adresse", key="Space")
        page.wait_for_url("**/fr/dashboard")
        complete_profile(committed, "lea.bouchard@example.com", published_site.skills["python"])

        # Signed out (a new session), the person follows the advertisement's "sign in to apply".
        context.clear_cookies()
        page.goto(f"{base}/fr/jobs/{advert.id}")
        journey.check("job-advertisement")
        keys.press_button("Se connecter pour postuler")
        page.wait_for_url("**/fr/login*")
        journey.check("sign-in")
        keys.type_into("email", "lea.bouchard@example.com")
        keys.type_into("password", PASSWORD)
        page.keyboard.press("Enter")  # from the password field: the form is sent
        page.wait_for_url(f"**/fr/applications/start/{advert.id}")
        journey.check("application-start")
        keys.press_button("Commencer ma candidature")
        page.wait_for_url("**/questions")
        journey.check("application-questions")
        keys.tab_to(lambda f: f["tag"] == "textarea")
        page.keyboard.type("Les données ouvertes me passionnent.")
        keys.press_button("Enregistrer et continuer")
        page.wait_for_url("**/review")
        journey.check("application-review")
        keys.type_into("signature", "Léa Bouchard")
        keys.press_button("Soumettre ma candidature")
        page.wait_for_url("**/submitted")
        journey.check("application-submitted")
        print(f"keyboard journey: {keys.stops} focus stops checked")
    finally:
        context.close()

    committed.session.expire_all()
    person = committed.session.scalars(select(User).where(User.email == "lea.bouchard@example.com")).one()
    application = committed.session.scalars(select(Application).where(Application.user_id == person.id)).one()
    assert application.submitted_at is not None
    assert application.signature == "Léa Bouchard"
    finish(findings)
