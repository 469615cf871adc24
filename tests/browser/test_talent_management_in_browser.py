"""The talent-management programme in a real browser (issue 16), once with the coordinator in English and
the nominator in French, once the other way round:

1. a talent coordinator (two-factor sign-in) creates a nomination event through its form, open now;
2. a verified government employee finds it among the events open for nominations and nominates a
   colleague, by their work e-mail address, for advancement and lateral movement, with a rationale, a
   skill from the library, their relationship and a reference, then submits it;
3. the coordinator finds the nominee's group on the event's page, approves advancement with an
   availability expiry and rejects lateral movement (the group is then partially approved), records the
   promotion that followed, and reads the programme's report, as a page with its chart and as a CSV.

Every page reached goes through the journeys' checks (screenshot, axe-core for WCAG 2.1 A and AA, width at
375 px, script and CSP errors): ``tests/browser/journey_helpers.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.journey_helpers import (
    PASSWORD,
    Findings,
    Journey,
    fill,
    finish,
    new_page,
    sign_in,
    submit,
    tick,
)
from tests.conftest import staff_fields

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

EVENT = {"en": "Digital executives 2027", "fr": "Cadres du numérique 2027"}
NOMINEE_WORK_EMAIL = "ines.nominee@tbs-sct.gc.ca"


def seed(db: Any) -> dict[str, Any]:
    """A coordinator, and two government employees with verified work e-mail addresses who consent to
    share their profiles: the nominator and the nominee (an IT-02 with a current government job)."""
    from datetime import date

    from talent.models import (
        CandidateProfile,
        CareerInterest,
        Classification,
        Department,
        Experience,
        Role,
        Skill,
        User,
        UserSkill,
        WorkEmail,
    )
    from talent.models._types import utcnow
    from talent.passwords import hash_password

    session = db.session
    password = hash_password(PASSWORD)
    skill = Skill(
        key="tm:python",
        name_en="Python (computer programming)",
        name_fr="Python (programmation)",
        category="technical",
        search_text="python (computer programming) python (programmation)",
    )
    it02 = Classification(group="IT", level=2, name_en="Information Technology", name_fr="Technologie")
    department = Department(
        number=9001, name_en="Treasury Board Secretariat", name_fr="Secrétariat du Conseil"
    )
    coordinator = User(
        email="coordinator@example.com",
        role=Role.COORDINATOR,
        password_hash=password,
        first_name="Chris",
        last_name="Coordinateur",
        email_verified_at=utcnow(),
        **staff_fields("coordinator"),
    )
    people = {}
    for key, first, last, work in (
        ("nominator", "Nadia", "Nominatrice", "nadia.nominator@tbs-sct.gc.ca"),
        ("nominee", "Inès", "Nominée", NOMINEE_WORK_EMAIL),
    ):
        person = User(
            email=f"{key}@example.com",
            role=Role.CANDIDATE,
            password_hash=password,
            first_name=first,
            last_name=last,
            email_verified_at=utcnow(),
        )
        session.add(person)
        session.flush()
        session.add(CandidateProfile(user_id=person.id, looking_for_english=True, looking_for_french=True))
        session.add(WorkEmail(user_id=person.id, email=work, verified_at=utcnow()))
        session.add(CareerInterest(user_id=person.id, wants_advancement=True, consent_at=utcnow()))
        people[key] = person
    session.add_all([skill, it02, department, coordinator])
    session.flush()
    session.add(UserSkill(user_id=people["nominee"].id, skill_id=skill.id, level=3))
    session.add(
        Experience(
            user_id=people["nominee"].id,
            kind="work",
            title="Team lead",
            organization="Treasury Board Secretariat",
            start_date=date(2021, 4, 1),
            department_id=department.id,
            classification_id=it02.id,
        )
    )
    session.commit()
    return {"coordinator": coordinator, **people}


def words(app: Any, lang: str) -> dict[str, str]:
    """The labels the journey clicks and reads, in ``lang``, from the app's own catalogue."""
    from flask_babel import force_locale, gettext

    from jobs import vocab
    from talent import vocab as talent_vocab

    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return {
            "advancement": str(vocab.NOMINATION_KINDS["advancement"]),
            "lateral": str(vocab.NOMINATION_KINDS["lateral"]),
            "approved": str(vocab.NOMINATION_DECISIONS["approved"]),
            "rejected": str(vocab.NOMINATION_DECISIONS["rejected"]),
            "partially": str(vocab.GROUP_STATUSES["partially_approved"]),
            "active": str(vocab.EVENT_STATUSES["active"]),
            "programme": str(talent_vocab.DEVELOPMENT_PROGRAMMES["digital_leadership"]),
            "leadership": gettext("Leadership competencies are assessed"),
            "colleague": gettext("A colleague"),
            "create": gettext("Create an event"),
            "events": gettext("Events"),
            "event_report": gettext("Report of this event"),
            "programme_report": gettext("Programme report"),
        }


def set_date(within: Any, field_id: str, day: Any) -> None:
    """Type ``day`` into the date input ``field_id`` (of a page, or of one form of it)."""
    box = within.locator(f"gcds-date-input#{field_id}")
    box.locator(".gcds-date-input__month select").select_option(f"{day.month:02d}")
    box.locator(".gcds-date-input__day input").fill(str(day.day))
    box.locator(".gcds-date-input__year input").fill(str(day.year))


def create_event(journey: Journey, base: str, lang: str, say: dict[str, str]) -> int:
    from talent import clock

    page = journey.page
    page.locator("gcds-top-nav").get_by_role("link", name=say["events"]).click()
    page.wait_for_url(f"**/{lang}/talent-management/events")
    journey.check("events")
    page.locator("#main-content gcds-button", has_text=say["create"]).first.click()
    page.wait_for_url(f"**/{lang}/talent-management/events/new")
    journey.check("event-form")
    fill(page, "name_en", EVENT["en"])
    fill(page, "name_fr", EVENT["fr"])
    page.locator("gcds-textarea#description_en textarea").fill("Nominate people ready to lead digital teams.")
    page.locator("gcds-textarea#description_fr textarea").fill(
        "Proposez des personnes prêtes à diriger des équipes numériques."
    )
    today = clock.today()
    set_date(page, "opens_date", today)
    fill(page, "opens_time", "00:00")
    set_date(page, "closes_date", today + timedelta(days=30))
    tick(page, say["programme"])
    tick(page, say["leadership"])
    submit(page)
    page.wait_for_url(f"**/{lang}/talent-management/events/*")
    assert EVENT[lang] in page.content() and say["active"] in page.content()
    journey.check("event-created")
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])


def nominate(journey: Journey, base: str, lang: str, say: dict[str, str]) -> None:
    page = journey.page
    page.goto(f"{base}/{lang}/talent-management/nominate")
    journey.check("events-open")
    page.locator("#main-content").get_by_role("link", name=EVENT[lang]).first.click()
    page.wait_for_url(f"**/{lang}/talent-management/nominate/*")
    journey.check("nominate-whom")
    tick(page, say["colleague"])
    fill(page, "work_email", NOMINEE_WORK_EMAIL.upper())  # addresses are compared in lower case
    submit(page)
    page.wait_for_url(f"**/{lang}/talent-management/nominations/*")
    journey.check("nomination-draft")
    tick(page, say["advancement"])
    tick(page, say["lateral"])
    page.locator("gcds-textarea#rationale textarea").fill(
        "Leads a team of eight that ships reliable services; ready for an executive mandate."
    )
    page.locator("gcds-select#relationship select").select_option("current_supervisor")
    fill(page, "reference_name", "Robin Référence")
    fill(page, "reference_email", "robin.reference@tbs-sct.gc.ca")
    # A skill from the library: found by name among the options htmx shows as one types, then added (the
    # option sends the form, which comes back with the skill in its table).
    page.locator("gcds-input#skill_q input").fill("Python")
    option = page.locator("#skill-options gcds-button", has_text="Python").first
    option.wait_for(state="visible")
    with page.expect_navigation():
        option.click()
    page.wait_for_selector("#nomination-skills-caption", state="attached")
    journey.check("nomination-with-skill")
    page.locator("#main-content gcds-button[value=submit]").click()
    page.wait_for_url(f"**/{lang}/talent-management/nominations")  # the nominations I made
    assert "Inès Nominée" in page.content() and EVENT[lang] in page.content()
    journey.check("nomination-submitted")


def decide(journey: Journey, base: str, lang: str, event_id: int, say: dict[str, str]) -> int:
    from talent import clock

    page = journey.page
    page.goto(f"{base}/{lang}/talent-management/events/{event_id}")
    journey.check("event-with-group")
    page.locator("#main-content").get_by_role("link", name="Inès Nominée").first.click()
    page.wait_for_url(f"**/events/{event_id}/groups/*")
    journey.check("group")
    group_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])

    advancement = page.locator("#main-content form[action$='/advancement/decision']")
    advancement.get_by_label(say["approved"], exact=True).check(force=True)
    advancement.locator("gcds-textarea textarea").fill("Ready now; strong references.")
    set_date(advancement, "advancement-expires_on", clock.today() + timedelta(days=180))
    advancement.locator("gcds-button[type=submit]").click()
    page.wait_for_url(f"**/groups/{group_id}*")
    page.wait_for_selector("form[action$='/advancement/reopen']", state="attached")

    lateral = page.locator("#main-content form[action$='/lateral/decision']")
    lateral.get_by_label(say["rejected"], exact=True).check(force=True)
    lateral.locator("gcds-textarea textarea").fill("A move is not what the nominee asked for.")
    lateral.locator("gcds-button[type=submit]").click()
    page.wait_for_url(f"**/groups/{group_id}*")
    page.wait_for_selector("form[action$='/lateral/reopen']", state="attached")
    assert say["partially"] in page.content()
    journey.check("group-decided")

    promotion = page.locator("#main-content form[action$='/promotion']")
    set_date(promotion, "promotion-promoted_on", clock.today())
    promotion.locator("gcds-button[type=submit]").click()
    page.wait_for_url(f"**/groups/{group_id}*")
    page.wait_for_selector("form[action$='/promotion/clear']", state="attached")
    journey.check("group-promotion")
    return group_id


def read_report(journey: Journey, base: str, lang: str, event_id: int, say: dict[str, str]) -> None:
    """From the event's page to its report, then from the events list to the programme's report."""
    page = journey.page
    page.goto(f"{base}/{lang}/talent-management/events/{event_id}")
    page.locator("#main-content gcds-button", has_text=say["event_report"]).click()
    page.wait_for_url(f"**/{lang}/talent-management/events/{event_id}/report")
    assert EVENT[lang] in page.content()
    journey.check("event-report")
    csv = page.request.get(f"{base}/{lang}/talent-management/events/{event_id}/report.csv")
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert EVENT[lang] in csv.text()
    page.locator("gcds-top-nav").get_by_role("link", name=say["events"]).click()
    page.wait_for_url(f"**/{lang}/talent-management/events")
    page.locator("#main-content gcds-button", has_text=say["programme_report"]).click()
    page.wait_for_url(f"**/{lang}/talent-management/report")
    journey.check("programme-report")


@pytest.mark.parametrize(("coordinator_lang", "nominator_lang"), [("en", "fr"), ("fr", "en")])
def test_a_coordinator_runs_an_event_end_to_end(
    live_server, browser, committed, worker_app, coordinator_lang, nominator_lang
):
    from jobs.models import NominationDecision, NominationGroup
    from jobs.services.nominations import status_of

    people = seed(committed)
    findings = Findings()
    contexts = []
    try:
        context, page = new_page(browser, f"{coordinator_lang}-CA")
        contexts.append(context)
        coordinator = Journey(f"coordinator-{coordinator_lang}", page, findings)
        context, page = new_page(browser, f"{nominator_lang}-CA")
        contexts.append(context)
        nominator = Journey(f"nominator-{nominator_lang}", page, findings)

        sign_in(coordinator, live_server, coordinator_lang, people["coordinator"].email)
        coordinator.check("dashboard")
        event_id = create_event(
            coordinator, live_server, coordinator_lang, words(worker_app, coordinator_lang)
        )

        sign_in(nominator, live_server, nominator_lang, people["nominator"].email, check=False)
        nominate(nominator, live_server, nominator_lang, words(worker_app, nominator_lang))

        group_id = decide(
            coordinator, live_server, coordinator_lang, event_id, words(worker_app, coordinator_lang)
        )
        committed.session.expire_all()
        group = committed.session.get(NominationGroup, group_id)
        assert group.nominee_id == people["nominee"].id and group.event_id == event_id
        assert (group.advancement_decision, group.lateral_decision) == ("approved", "rejected")
        assert group.advancement_expires_on is not None and group.promoted_on is not None
        assert status_of(group) == "partially_approved"
        history = committed.session.scalars(
            select(NominationDecision.kind).where(NominationDecision.group_id == group_id)
        ).all()
        assert sorted(history) == ["advancement", "lateral"]

        read_report(coordinator, live_server, coordinator_lang, event_id, words(worker_app, coordinator_lang))
    finally:
        for context in contexts:
            context.close()
    finish(findings)
