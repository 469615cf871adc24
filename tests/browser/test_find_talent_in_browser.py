"""Find talent in a real browser: a filter change refreshes the counts in place (htmx), in French."""

from __future__ import annotations

import pytest

from jobs.models import Application, Decision
from talent.models import Classification
from talent.models._types import utcnow


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_in_french_a_filter_change_refreshes_the_counts_without_a_reload(live_server, page, committed):
    from jobs.services import processes
    from talent.models import CandidateProfile, Role, User
    from talent.passwords import hash_password

    session = committed.session
    it03 = Classification(group="IT", level=3, name_en="Information Technology", name_fr="TI")
    recruiter = User(email="rec@example.com", role=Role.RECRUITER, password_hash=hash_password("x" * 12))
    session.add_all([it03, recruiter])
    session.flush()
    process = processes.create(recruiter)
    process.title_en, process.title_fr = "Developers", "Développeurs"
    process.classification_id, process.stream = it03.id, "software_solutions"
    for i in range(6):
        person = User(email=f"p{i}@example.com", role=Role.CANDIDATE, password_hash="x", first_name=f"P{i}")
        session.add(person)
        session.flush()
        session.add(
            CandidateProfile(
                user_id=person.id,
                looking_for_english=True,
                looking_for_french=i < 5,
                work_regions=["quebec" if i < 4 else "ontario"],
            )
        )
        session.add(
            Application(
                process_id=process.id,
                user_id=person.id,
                submitted_at=utcnow(),
                decision=Decision.QUALIFIED,
                decided_at=utcnow(),
            )
        )
    session.commit()

    page.goto(f"{live_server}/fr/find-talent")
    total = "#talent-counts [data-total='{}']"
    page.wait_for_selector(total.format(6), state="attached")
    page.evaluate("window.sameDocument = true")
    # The language and region filters fold away until one is set: open their group, as a person would.
    page.locator("gcds-details#group-place").get_by_role("button").first.click()
    page.locator("gcds-select#language select").select_option("french")
    page.wait_for_selector(total.format(5), state="attached")
    assert "Développeurs" in page.locator("#talent-counts").inner_text()  # the pool's count
    page.locator("#main-content").get_by_label("Ontario", exact=True).check(force=True)
    page.wait_for_selector(total.format("fewer"), state="attached")
    assert page.evaluate("window.sameDocument") is True  # no reload: htmx swapped the fragment
    assert page.url == f"{live_server}/fr/find-talent"
    assert "Développeurs" not in page.locator("#talent-counts").inner_text()  # no breakdown of a handful
    problems = [m for m in page.console_messages if m.startswith("pageerror") or "violates" in m]
    assert not problems, problems  # no script error, nothing refused by the CSP
