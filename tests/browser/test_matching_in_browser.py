"""A recruiter, in French, starts a match run from the pages, watches it reach done on a real Celery
worker, reviews the anonymous list, shortlists and refers; then the manager sees the referral."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser.axe import axe_violations
from tests.conftest import TOTP_SECRET
from tests.matching.conftest import build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    # The development server leaves a static file unclosed when the browser drops a connection early.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PASSWORD = "lilas tambour horizon vert"
NAMES = {
    "ada": ("Adalwolfa", "Quenneville"),
    "bo": ("Borislava", "Xiomaraz"),
    "cy": ("Cyprianne", "Wojciechowska"),
    "di": ("Dietlinde", "Zabriskie"),
}


@pytest.fixture
def data(committed):
    from talent.passwords import hash_password

    built = build(committed)
    for key, (first, last) in NAMES.items():
        built["users"][key].first_name, built["users"][key].last_name = first, last
    for user in (built["recruiter"], built["manager"]):
        user.password_hash = hash_password(PASSWORD)
    committed.session.commit()
    return built


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/fr/login")
    page.locator("gcds-input#email input").fill(email)
    page.locator("gcds-input#password input").fill(PASSWORD)
    page.locator("#main-content gcds-button[type=submit]").click()
    page.wait_for_url(lambda url: "/fr/login/code" in url or "/fr/dashboard" in url)
    if "/login/code" in page.url:  # staff: the code from the authenticator app
        import pyotp

        page.locator("gcds-input#code input").fill(pyotp.TOTP(TOTP_SECRET).now())
        page.locator("#main-content gcds-button[type=submit]").click()
    page.wait_for_url("**/fr/dashboard")


def _decide(page, rank: int, decision: str) -> None:
    article = page.locator(f"#candidate-{rank}")
    article.locator("gcds-details").get_by_role("button").first.click()
    article.locator(f"gcds-select#c{rank}-decision select").select_option(decision)
    article.locator(f"form#decision-{rank} gcds-button[type=submit]").click()
    page.wait_for_url(f"**/runs/*#candidate-{rank}")
    page.wait_for_selector("#run-status[data-status=done]")


def test_a_recruiter_runs_reviews_and_refers_and_the_manager_sees_it(
    live_server, worker_app, celery_worker, browser, page, data, committed, tmp_path
):
    from jobs.models import Referral
    from matching.models import MatchDecision, MatchRun

    worker_app.config["TASK_DISPATCH"] = "celery"  # the run goes to the real worker
    request_id = data["request"].id
    names = [text for first, last in NAMES.values() for text in (first, last)]

    _sign_in(page, live_server, data["recruiter"].email)
    page.goto(f"{live_server}/fr/recruit/requests/{request_id}")
    matching_link = page.locator(f"a[href$='/fr/recruit/requests/{request_id}/matching']")
    if matching_link.count():  # the request page links to matching once it has the link
        matching_link.first.click()
    else:
        page.goto(f"{live_server}/fr/recruit/requests/{request_id}/matching")
    page.wait_for_url(f"**/fr/recruit/requests/{request_id}/matching")
    page.wait_for_selector("gcds-checkboxes#pools")
    page.locator("#main-content form gcds-button[type=submit]").click()
    page.wait_for_url("**/runs/*")

    # The progress bar is polled by htmx until the worker finishes, then the page reloads with the list.
    page.wait_for_selector("#run-status[data-status=done]", timeout=90_000)
    assert page.locator("#run-progress").get_attribute("value") == "100"
    page.screenshot(path=str(tmp_path / "run-done-fr.png"), full_page=True)
    html = page.content()
    assert page.locator("article[id^=candidate-]").count() == 4
    for text in names:
        assert text not in html, text  # anonymous until shortlisted

    _decide(page, 1, "shortlist")
    assert "Adalwolfa Quenneville" in page.content()
    assert "Borislava" not in page.content()
    _decide(page, 1, "refer")

    # A bulk action on two other candidates, ticked in the list (native checkboxes of the bulk form).
    page.locator("#pick-3").check()
    page.locator("#pick-4").check()
    bulk = page.locator("#bulk-form")
    bulk.locator("gcds-select select").select_option("not_a_fit")
    bulk.locator("gcds-textarea#bulk-reason textarea").fill("Pas d’expérience en PostgreSQL.")
    bulk.locator("gcds-button[button-id=bulk-apply]").click()
    page.wait_for_selector("#run-status[data-status=done]")
    page.screenshot(path=str(tmp_path / "run-reviewed-fr.png"), full_page=True)

    committed.session.expire_all()
    ada = data["users"]["ada"]
    decisions = {d.user_id: d.decision for d in committed.session.scalars(select(MatchDecision))}
    assert decisions[ada.id] == "refer" and sorted(decisions.values()).count("not_a_fit") == 2
    referral = committed.session.scalars(select(Referral)).one()
    assert referral.user_id == ada.id and referral.referred
    assert committed.session.scalars(select(MatchRun)).one().status == "done"

    # The keyboard: the help is shown; S with the focus in candidate 2's row shortlists them (the row's own
    # form, back at the row with the focus on it); a key typed in a field is text, not a shortcut.
    page.locator("#review-shortcuts").wait_for(state="visible")
    page.locator("#pick-2").focus()
    page.keyboard.press("s")
    page.wait_for_url("**/runs/*#candidate-2")
    page.wait_for_selector("#run-status[data-status=done]")
    committed.session.expire_all()
    shortlisted = committed.session.scalars(
        select(MatchDecision).where(MatchDecision.decision == "shortlist")
    ).one()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'pick-2'")
    article = page.locator("#candidate-2")
    article.locator("gcds-details").get_by_role("button").first.click()
    reason = article.locator("gcds-textarea#c2-reason textarea")
    reason.fill("")
    reason.press("n")
    reason.press("r")
    assert reason.input_value() == "nr" and page.url.endswith("#candidate-2")
    committed.session.expire_all()
    assert committed.session.get(MatchDecision, shortlisted.id).decision == "shortlist"
    assert axe_violations(page) == [], "the review list"

    # Two candidates side by side, ticked in the list.
    page.locator("#pick-1").check()
    page.locator("#pick-2").check()
    page.locator("#bulk-form gcds-button[button-id=bulk-compare]").click()
    page.wait_for_url(lambda url: url.endswith("/candidates/compare?c=1&c=2"))
    page.wait_for_selector("table.compare-candidates")
    assert "Adalwolfa Quenneville" in page.content()  # revealed (referred), so named
    assert axe_violations(page) == [], "the comparison"

    # The manager, in another browser context, sees the referred candidate and how they fit.
    context = browser.new_context(locale="fr-CA")
    try:
        manager = context.new_page()
        manager.set_default_timeout(15_000)
        _sign_in(manager, live_server, data["manager"].email)
        manager.goto(f"{live_server}/fr/talent-requests/{request_id}")
        assert "Adalwolfa Quenneville" in manager.content()
        assert "Borislava" not in manager.content()
        manager.goto(f"{live_server}/fr/talent-requests/{request_id}/candidates/{ada.id}/fit")
        fit = manager.content()
        assert "Postgresql" in fit and "Python" in fit and "Candidate #" not in fit
    finally:
        context.close()

    violations = [m for m in page.console_messages if "Content Security Policy" in m or "pageerror" in m]
    assert violations == []
