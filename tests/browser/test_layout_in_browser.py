"""The shared layout in a real browser, for every role and both languages (issue 14, parts 1 and 6).

A representative set of pages of each role is opened in chromium at 1280 px and 375 px wide (and at 320 px,
the narrowest screen WCAG's reflow criterion names, 640 px, which is 1280 px at 200% zoom, 1024 px, and
1920 px for the centring), in English and in French. On each page:

- nothing is wider than the window (``document.documentElement.scrollWidth <= window.innerWidth``): a
  table too wide for a phone scrolls inside its own region, never the page;
- the main content is centred like the header (at 1920 px its left edge is well inside the window);
- the top navigation fits on one line at 1280 px, inside the header's width;
- no request of the page fails (the favicon was a 404 on every page);
- axe-core finds no WCAG 2.1 A or AA violation, at both widths.

Then: the favicon answers, Sign out works from the header by keyboard, find talent keeps its count in sight
while the filters scroll, and a match run lists one compact row per candidate, in the order a link asks for.

Screenshots go to ``artifacts/screenshots/layout/`` (git-ignored; the path is printed), which CI keeps.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import axe_violations, describe
from tests.conftest import TOTP_SECRET
from tests.matching.conftest import build

pytestmark = [
    pytest.mark.browser,
    # The development server leaves a static file unclosed when the browser drops a connection early.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PASSWORD = "lilas tambour horizon vert"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "artifacts")) / "screenshots" / "layout"
# The widths: a laptop, a phone, the narrowest screen of WCAG's reflow criterion, 1280 px at 200% zoom, a
# tablet, a wide screen. Screenshots and axe at the first two; the width of the page at all of them.
DESKTOP, PHONE, NARROW, ZOOMED, TABLET, WIDE = 1280, 375, 320, 640, 1024, 1920
WIDTHS = (DESKTOP, PHONE, NARROW, ZOOMED, TABLET, WIDE)
HEIGHT = 900
LANGS = ("en", "fr")


# --- The data: every role with something on its pages ----------------------------------------------------


@pytest.fixture
def site(live_server: str, worker_app: Any, committed: Any) -> dict[str, Any]:
    """A pool of four ranked candidates (``tests.matching.conftest.build``) with a finished match run, one
    of them referred to the manager; an open job advertisement; an administrator. Passwords known."""
    from jobs.models import AssessmentStep, ProcessSkill
    from jobs.services import processes
    from matching import services as matching
    from talent.models import Role, User
    from talent.models._types import utcnow
    from talent.passwords import hash_password
    from tests.conftest import staff_fields

    db = committed
    # The live server's in-memory talent index remembers change ids of earlier tests, which the emptied
    # tables hand out again: start without it, as the ``db`` fixture does.
    worker_app.extensions.pop("talent_index", None)
    built = build(db)
    admin = User(
        email="admin@example.com",
        role=Role.ADMIN,
        first_name="Ada",
        last_name="Ministrateur",
        email_verified_at=utcnow(),
        password_hash="x",
        **staff_fields("admin"),
    )
    db.session.add(admin)
    candidate = built["users"]["ada"]
    for user in (built["recruiter"], built["manager"], candidate, admin):
        user.password_hash = hash_password(PASSWORD)

    # An advertisement open to applications, for the jobs board and a job ad.
    recruiter = built["recruiter"]
    process = processes.create(recruiter)
    for field in processes.BILINGUAL_FIELDS:
        setattr(process, f"{field}_en", f"{field.replace('_', ' ').capitalize()} of the developer job")
        setattr(process, f"{field}_fr", f"{field.replace('_', ' ').capitalize()} du poste de développeur")
    process.classification_id = built["process"].classification_id
    process.stream, process.language_requirement = "software_solutions", "bilingual_intermediate"
    process.security_clearance, process.opportunity_length = "reliability", "indeterminate"
    process.contact_email = "team@example.com"
    process.closing_at = utcnow() + timedelta(days=30)
    python = ProcessSkill(skill_id=built["skills"]["python"].id, kind="essential", level=2)
    process.skills.extend([python, ProcessSkill(skill_id=built["skills"]["sql"].id, kind="asset", level=1)])
    db.session.flush()
    process.steps.append(AssessmentStep(kind="application_screening", position=1, skill_ids=[python.id]))
    db.session.flush()
    processes.publish(recruiter, process)
    db.session.commit()

    # A finished match run (in this process), and the best candidate referred to the manager.
    run, _created = matching.start_run(recruiter, built["request"], [built["process"].id])
    db.session.commit()
    worker_app.extensions["celery"].tasks["matching.run"].apply(args=(run.id,), throw=True)
    db.session.expire_all()
    matching.decide(recruiter, built["request"], [candidate.id], "refer", None, "Strong on PostgreSQL.")
    db.session.commit()
    return {**built, "admin": admin, "advert": process, "run": run, "candidate": candidate}


def _pages(site: dict[str, Any], role: str) -> list[tuple[str, str]]:
    """(name, path without the language) of the pages checked for ``role``."""
    advert, pool = site["advert"].id, site["process"].id
    request, run = site["request"].id, site["run"].id
    public = [
        ("home", "/"),
        ("jobs", "/jobs"),
        ("job-ad", f"/jobs/{advert}"),
        ("find-talent", "/find-talent"),
    ]
    if role == "guest":
        return [*public, ("sign-in", "/login"), ("register", "/register"), ("about", "/about")]
    if role == "candidate":
        from sqlalchemy import select

        from jobs.models import Application, Referral

        session, user_id = site["_db"].session, site["candidate"].id
        application = session.scalars(select(Application.id).where(Application.user_id == user_id)).one()
        referral = session.scalars(select(Referral.id).where(Referral.user_id == user_id)).one()
        return [
            ("dashboard", "/dashboard"),
            ("profile", "/profile"),
            ("profile-skills", "/profile/skills"),
            ("experiences", "/profile/experiences"),
            ("my-applications", "/applications"),
            ("application", f"/applications/{application}"),
            ("my-referrals", "/referrals"),
            ("referral-fit", f"/referrals/{referral}/fit"),
            ("jobs", "/jobs"),
        ]
    if role == "manager":
        return [
            ("dashboard", "/dashboard"),
            ("find-talent", "/find-talent"),
            ("my-requests", "/talent-requests"),
            ("request", f"/talent-requests/{request}"),
        ]
    if role == "recruiter":
        return [
            ("dashboard", "/dashboard"),
            ("processes", "/recruit/processes"),
            ("process", f"/recruit/processes/{pool}"),
            ("applicants", f"/recruit/processes/{pool}/applicants"),
            ("pool", f"/recruit/processes/{pool}/pool"),
            ("request-queue", "/recruit/requests"),
            ("request-page", f"/recruit/requests/{request}"),
            ("match-run", f"/recruit/requests/{request}/matching/runs/{run}"),
            ("reports", "/recruit/reports"),
        ]
    assert role == "admin"
    return [
        ("dashboard", "/dashboard"),
        ("users", "/admin/users"),
        ("user", f"/admin/users/{site['candidate'].id}"),
        ("audit-log", "/admin/audit"),
        ("skills-admin", "/admin/skills"),
        ("reference", "/admin/reference"),
    ]


EMAILS = {"candidate": "ada@example.com", "manager": "mgr@example.com", "recruiter": "rec@example.com"}


# --- What is measured on a page ---------------------------------------------------------------------------

# The page is drawn: loaded, and every GC Design System component rendered (Stencil marks it "hydrated").
SETTLED = """() => document.readyState === "complete" && [...document.querySelectorAll("*")]
    .every(e => !e.tagName.startsWith("GCDS-") || e.classList.contains("hydrated"))"""

MEASURE = """() => {
    const main = document.getElementById("main-content");
    // gcds-container lays its content out in its shadow tree: measure that box, not the host.
    const inner = main.shadowRoot && main.shadowRoot.querySelector(".gcds-container");
    const box = (inner || main).getBoundingClientRect();
    const nav = document.querySelector("gcds-top-nav");
    const items = nav ? [...nav.querySelectorAll(":scope > gcds-nav-link, :scope > gcds-nav-group")] : [];
    const boxes = items.map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
    const tops = boxes.map(r => Math.round(r.top));
    const bar = nav && nav.shadowRoot.querySelector(".gcds-top-nav__container");
    const navOverflow = bar && boxes.length
        ? Math.max(...boxes.map(r => r.right)) - bar.getBoundingClientRect().right : 0;
    const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
    const wide = [...document.querySelectorAll("body *")].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest(".table-region");
    }).slice(0, 5).map(name);
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        height: document.documentElement.scrollHeight,
        mainLeft: box.left,
        mainRight: window.innerWidth - box.right,
        navLines: new Set(tops).size,
        navOverflow,
        wide,
    };
}"""


def settle(page: Any) -> None:
    page.wait_for_function(SETTLED)
    page.evaluate("document.fonts.ready.then(() => true)")


def measure(page: Any) -> dict[str, Any]:
    return page.evaluate(MEASURE)


def sign_in(page: Any, base: str, email: str) -> None:
    import pyotp

    page.goto(f"{base}/en/login")
    page.locator("gcds-input#email input").fill(email)
    page.locator("gcds-input#password input").fill(PASSWORD)
    page.locator("#main-content gcds-button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/code" in url or "/dashboard" in url)
    if "/login/code" in page.url:  # staff: the code of the authenticator app
        page.locator("gcds-input#code input").fill(pyotp.TOTP(TOTP_SECRET).now())
        page.locator("#main-content gcds-button[type=submit]").click()
    page.wait_for_url("**/en/dashboard")


def check_pages(page: Any, base: str, role: str, pages: list[tuple[str, str]]) -> list[str]:
    """Every page in both languages at each width; returns what is wrong, one line each."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    failed: list[str] = []  # every request of a page that did not succeed (a missing favicon was one)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for name, path in pages:
        for lang in LANGS:
            where = f"{role} {lang} {name}"
            page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
            failed.clear()
            response = page.goto(f"{base}/{lang}{path}")
            assert response is not None and response.status == 200, f"{where}: {response and response.status}"
            settle(page)
            if failed:
                problems.append(f"{where}: requests that failed: {failed}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                page.wait_for_timeout(50)  # a frame for the media queries
                m = measure(page)
                if m["scrollWidth"] > m["innerWidth"]:
                    problems.append(
                        f"{where} @{width}: page {m['scrollWidth']} px wide; too wide: {m['wide']}"
                    )
                if width == DESKTOP and m["navLines"] != 1:
                    problems.append(f"{where} @{width}: the navigation takes {m['navLines']} lines")
                if width == DESKTOP and m["navOverflow"] > 1:
                    problems.append(f"{where} @{width}: the navigation overflows by {m['navOverflow']} px")
                if width == WIDE and not (m["mainLeft"] > 100 and abs(m["mainLeft"] - m["mainRight"]) <= 2):
                    problems.append(f"{where} @{width}: main not centred ({m['mainLeft']}, {m['mainRight']})")
                if width in (DESKTOP, PHONE):
                    shot = SCREENSHOTS / f"{role}-{name}-{lang}-{width}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    found = axe_violations(page)
                    if found:
                        problems.append(f"{where} @{width}: axe\n{describe(found)}")
                    print(f"{where} @{width}: {m['height']} px tall, {len(found)} axe violation(s)")
    return problems


def report(problems: list[str]) -> None:
    print(f"screenshots: {SCREENSHOTS}")
    assert not problems, "\n".join(problems)


# --- The tests --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["guest", "candidate", "manager", "recruiter", "admin"])
def test_every_page_fits_the_window_is_centred_and_has_no_axe_violation(
    live_server, page, site, committed, role
):
    site["_db"] = committed
    if role != "guest":
        email = site["admin"].email if role == "admin" else EMAILS[role]
        sign_in(page, live_server, email)
    problems = check_pages(page, live_server, role, _pages(site, role))
    csp = [m for m in page.console_messages if "Content Security Policy" in m or m.startswith("pageerror")]
    report(problems + csp)


def test_the_favicon_is_linked_from_every_page_and_answers(live_server, page, committed):
    page.goto(f"{live_server}/fr/")
    icons = page.eval_on_selector_all("link[rel=icon]", "links => links.map(l => [l.href, l.type])")
    assert [href.rsplit("/", 1)[1] for href, _type in icons] == ["favicon.ico", "favicon.svg"]
    types = {"favicon.ico": ("image/vnd.microsoft.icon", "image/x-icon"), "favicon.svg": ("image/svg+xml",)}
    for href, _type in icons:
        answer = page.request.get(href)
        assert answer.status == 200, href
        assert answer.headers["content-type"].split(";")[0] in types[href.rsplit("/", 1)[1]], answer.headers
        assert len(answer.body()) > 100
    # The browser shows it: it asked for the linked icon, never for a missing /favicon.ico.
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{live_server}/en/jobs")
    page.wait_for_load_state("networkidle")
    assert f"{live_server}/favicon.ico" not in asked


@pytest.mark.parametrize("lang", LANGS)
def test_sign_out_from_the_header_by_keyboard(live_server, page, site, lang):
    words = {
        "en": ("Sign out", "You are signed out.", "Sign in"),
        "fr": ("Se déconnecter", "Vous êtes déconnecté", "Se connecter"),
    }
    sign_out, signed_out, sign_in_link = words[lang]
    sign_in(page, live_server, EMAILS["candidate"])
    page.goto(f"{live_server}/{lang}/profile")
    settle(page)
    form = page.locator("gcds-header form[slot=account]")
    assert form.get_attribute("method") == "post" and form.get_attribute("action") == f"/{lang}/logout"
    assert form.locator("input[name=csrf_token]").get_attribute("value")
    assert form.locator("gcds-button").inner_text().strip() == sign_out
    # From the top of the page, Tab reaches the button (inside the header, before the main content).
    page.keyboard.press("Tab")
    for _ in range(25):
        if page.evaluate("() => !!document.activeElement.closest('form[slot=account]')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached Sign out in the header")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/")
    settle(page)
    assert signed_out in page.locator("#main-content").inner_text()
    assert page.locator("gcds-header form[slot=account]").count() == 0
    assert page.locator("gcds-top-nav gcds-nav-link", has_text=sign_in_link).count() == 1
    page.goto(f"{live_server}/{lang}/profile")
    assert f"/{lang}/login" in page.url  # the session is over


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_find_talent_keeps_the_count_in_sight_as_the_filters_scroll(live_server, page, site, width):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(f"{live_server}/fr/find-talent")
    settle(page)
    groups = page.locator("#find-talent-form gcds-details")
    assert groups.count() == 4  # no equity group for the public
    assert page.locator("#find-talent-form gcds-details[open]").count() == 0  # no filter set: all folded
    for i in range(groups.count()):  # everything unfolded: the longest the filters get
        groups.nth(i).get_by_role("button").first.click()
    page.locator("#find-talent-form gcds-button[type=submit]").last.scroll_into_view_if_needed()
    in_sight = """id => { const r = document.getElementById(id).getBoundingClientRect();
                          return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"""
    shown = "h-counts" if width == DESKTOP else "find-total-bar"
    assert page.evaluate("window.scrollY") > 500
    assert page.evaluate(in_sight, shown), f"#{shown} scrolled out of sight"
    # The bar follows the count as filters change (htmx sends it with the counts): four people in the pool,
    # "fewer than 5" for the public, and none of them looks for French-only positions.
    assert (
        page.locator("#find-total-bar").inner_text() == "Moins de 5 personnes correspondent à votre recherche"
    )
    page.locator("gcds-select#language select").select_option("french")
    page.wait_for_selector("#talent-counts [data-total='0']", state="attached")
    assert page.locator("#find-total-bar").inner_text() == page.locator("#h-counts").inner_text()
    assert page.locator("#find-total-bar").inner_text().startswith("0 personne")
    page.goto(f"{live_server}/fr/find-talent?language=french")
    assert page.locator("#find-talent-form gcds-details[open]").evaluate_all("g => g.map(e => e.id)") == [
        "group-place"
    ]  # the group of a filter that is set is open


def test_a_match_run_lists_one_compact_row_per_candidate_in_the_order_asked(live_server, page, site):
    sign_in(page, live_server, EMAILS["recruiter"])
    url = f"{live_server}/en/recruit/requests/{site['request'].id}/matching/runs/{site['run'].id}"
    page.goto(url)
    settle(page)
    rows = page.locator("article[id^=candidate-]")
    assert rows.count() == 4
    heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    # A row (tier, score, top evidence, three quick decisions) and its disclosure, not the whole
    # explanation (1,700 px).
    assert max(heights) < 300, heights
    first = rows.first
    assert not first.locator("gcds-select[name$=decision]").is_visible()
    first.locator("gcds-details").get_by_role("button").first.click()
    assert first.locator("gcds-select[name$=decision]").is_visible()
    assert first.locator("text=How the score is made up").is_visible()

    page.locator("nav.list-order").get_by_role("link", name="Score, lowest first").click()
    page.wait_for_url("**?sort=score&dir=asc")
    settle(page)
    order = page.locator("article[id^=candidate-]").evaluate_all("rows => rows.map(r => r.id)")
    assert order == ["candidate-4", "candidate-3", "candidate-2", "candidate-1"]
    assert page.locator("nav.list-order li[aria-current=true]").inner_text() == "Score, lowest first"
    page.goto(f"{url}?sort=nonsense&dir=up")  # the default order: requirement tiers, then score
    assert (
        page.locator("nav.list-order li[aria-current=true]").inner_text() == "Required skills met, then score"
    )
