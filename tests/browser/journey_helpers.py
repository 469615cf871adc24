"""What the browser journeys (``test_journeys.py``) share: their data, the checks run on every page reached
(a screenshot, axe-core, the width at 375 px), signing in, and moving through a page by keyboard only."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.browser.axe import axe_violations
from tests.conftest import TOTP_SECRET, staff_fields

PASSWORD = "lilas tambour horizon vert"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "artifacts")) / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = 375

# The skills of the journeys: Python is the advertisement's essential skill and what the manager asks for.
SKILLS = {
    "python": ("Python (computer programming)", "Python (programmation)"),
    "sql": ("SQL", "SQL"),
    "java": ("Java (computer programming)", "Java (programmation)"),
}
# The people already in an earlier pool, with their Python level (None: no Python): nine available in all
# once the candidate qualifies, seven of them with Python, so the manager's counts are shown exactly.
POOL = {
    "Annick": 2,
    "Bertrand": 1,
    "Chloé": 2,
    "Dmitri": 1,
    "Élodie": 2,
    "Farid": 1,
    "Gaëlle": None,
    "Hugo": None,
}


# --- Data ---------------------------------------------------------------------------------------------------


@dataclass
class Site:
    skills: dict[str, Any]
    recruiter: Any
    manager: Any
    pool: Any
    advert: Any


def seed(db: Any, *, publish: bool = False) -> Site:
    """Commit what the journeys start from: a small skills library, an IT-03 classification, a recruiter
    (two-factor sign-in on, ``TOTP_SECRET``) and a hiring manager (password ``PASSWORD``), an earlier,
    closed pool of eight qualified people, and a draft advertisement made through the services that lacks
    only publishing (published too with ``publish``): Python essential, one general question, an
    application screening step."""
    from jobs.models import Application, Decision, Process
    from jobs.services import assessment, processes
    from talent.models import CandidateProfile, Classification, Role, Skill, User, UserSkill
    from talent.models._types import utcnow
    from talent.passwords import hash_password

    session = db.session
    skills = {
        key: Skill(
            key=f"journey:{key}",
            name_en=en,
            name_fr=fr,
            category="technical",
            search_text=f"{en} {fr}".lower(),
        )
        for key, (en, fr) in SKILLS.items()
    }
    it03 = Classification(
        group="IT", level=3, name_en="Information Technology", name_fr="Technologie de l’information"
    )
    password = hash_password(PASSWORD)

    def person(email: str, role: Role, first: str, last: str, **fields: Any) -> User:
        return User(
            email=email,
            role=role,
            password_hash=password,
            first_name=first,
            last_name=last,
            email_verified_at=utcnow(),
            **fields,
        )

    recruiter = person(
        "recruiter@example.com", Role.RECRUITER, "Rosalie", "Recruteuse", **staff_fields("recruiter")
    )
    manager = person("manager@example.com", Role.MANAGER, "Mathis", "Gestionnaire")
    session.add_all([*skills.values(), it03, recruiter, manager])
    session.flush()

    pool = Process(
        created_by_id=recruiter.id,
        title_en="Data analysts",
        title_fr="Analystes de données",
        classification_id=it03.id,
        stream="database_management",
        published_at=utcnow() - timedelta(days=60),
        closing_at=utcnow() - timedelta(days=30),
    )
    pool.recruiters.append(recruiter)
    session.add(pool)
    session.flush()
    for first, level in POOL.items():
        member = person(f"{first.lower()}@example.com", Role.CANDIDATE, first, "Membre", locale="fr")
        session.add(member)
        session.flush()
        session.add(
            CandidateProfile(
                user_id=member.id, looking_for_english=True, looking_for_french=True, work_regions=["quebec"]
            )
        )
        session.add(UserSkill(user_id=member.id, skill_id=skills["sql"].id, level=2))
        if level is not None:
            session.add(UserSkill(user_id=member.id, skill_id=skills["python"].id, level=level))
        else:
            session.add(UserSkill(user_id=member.id, skill_id=skills["java"].id, level=3))
        session.add(
            Application(
                process_id=pool.id,
                user_id=member.id,
                submitted_at=utcnow() - timedelta(days=40),
                decision=Decision.QUALIFIED,
                decided_at=utcnow() - timedelta(days=20),
            )
        )
    session.flush()

    advert = processes.create(recruiter)
    texts = {
        "title": ("Python developer", "Développeuse ou développeur Python"),
        "key_tasks": ("Write and maintain data pipelines.", "Écrire et maintenir des chaînes de traitement."),
        "impact": ("Canadians get their data sooner.", "La population reçoit ses données plus tôt."),
        "about_us": ("A small data team.", "Une petite équipe de données."),
        "location": ("Gatineau, Quebec", "Gatineau (Québec)"),
    }
    details: dict[str, Any] = {
        f"{name}_{lang}": text
        for name, pair in texts.items()
        for lang, text in zip(("en", "fr"), pair, strict=True)
    }
    details.update(
        classification_id=str(it03.id),
        stream="database_management",
        language_requirement="bilingual_intermediate",
        security_clearance="reliability",
        opportunity_length="indeterminate",
        contact_email="team@example.com",
        closing_at=utcnow() + timedelta(days=30),
    )
    processes.update_details(recruiter, advert, details)
    python = processes.set_skill(recruiter, advert, skills["python"].key, "essential", 2)
    processes.add_question(
        advert, "general", "Why does this job interest you?", "Pourquoi ce poste vous intéresse-t-il?"
    )
    assessment.add_step(advert, "application_screening", None, None, [python.id])
    problems = processes.publication_problems(advert)
    assert not problems, [str(p) for p in problems]  # the draft lacks only publishing
    if publish:
        processes.publish(recruiter, advert)
    db.session.commit()
    return Site(skills, recruiter, manager, pool, advert)


def complete_profile(db: Any, email: str, skill: Any) -> None:
    """Fill in everything an application needs, as the profile pages would (the keyboard journey is about
    registering, signing in and applying): a complete profile and an experience that demonstrates
    ``skill``."""
    from sqlalchemy import select

    from talent.models import CandidateProfile, Experience, ExperienceSkill, User, UserSkill

    db.session.expire_all()
    user = db.session.scalars(select(User).where(User.email == email)).one()
    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == user.id)).first()
    if profile is None:
        profile = CandidateProfile(user_id=user.id)
        db.session.add(profile)
    profile.telephone, profile.current_province, profile.current_city = "819-555-0100", "QC", "Gatineau"
    profile.citizenship, profile.armed_forces_status = "citizen", "non_caf"
    profile.looking_for_french = profile.looking_for_bilingual = True
    profile.work_regions, profile.work_arrangements = ["national_capital"], ["hybrid"]
    profile.position_durations = ["indeterminate"]
    profile.is_gov_employee, profile.has_priority_entitlement = False, False
    db.session.add(UserSkill(user_id=user.id, skill_id=skill.id, level=3))
    experience = Experience(
        user_id=user.id,
        kind="work",
        title="Analyste",
        organization="Statistique Canada",
        start_date=date(2020, 5, 1),
    )
    db.session.add(experience)
    db.session.flush()
    db.session.add(
        ExperienceSkill(experience_id=experience.id, skill_id=skill.id, justification="Chaque jour.")
    )
    db.session.commit()


def confirmation_link(db: Any, email: str) -> str:
    """The path of the link in the newest confirmation e-mail to ``email`` (from the outbox; also what
    ``tests/browser/conftest.confirm_address`` follows)."""
    from sqlalchemy import select

    from talent.models import OutboxMessage

    db.session.expire_all()
    body = db.session.scalars(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == email, OutboxMessage.kind == "confirm_email")
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert body, f"no confirmation e-mail for {email}"
    match = re.search(r"https?://[^/\s]+(/\w\w/register/confirm/[\w-]+)", body)
    assert match, body
    return match.group(1)


def delivered_to(smtp: Any, email: str, timeout: float = 30) -> Any:
    """The first message the SMTP server received for ``email`` (sent by the Celery worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(smtp.messages):
            if email in str(message.get("To", "")):
                return message
        time.sleep(0.2)
    raise AssertionError(f"the worker delivered no e-mail to {email} within {timeout:.0f} s")


# --- The checks on every page reached -----------------------------------------------------------------------

SETTLED = """() => document.readyState === "complete"
    && [...document.querySelectorAll("*")]
        .every(e => !e.tagName.startsWith("GCDS-") || e.classList.contains("hydrated"))"""

WIDTH = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll("body *")].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest(".table-region");
    }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")),
})"""


UNHYDRATED = """() => [...document.querySelectorAll("*")]
    .filter(e => e.tagName.startsWith("GCDS-") && !e.classList.contains("hydrated"))
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + " in " + (e.parentElement && e.parentElement.id))"""


def settle(page: Any) -> list[str]:
    """Until the document is loaded, every GC Design System component hydrated and the fonts ready.
    Returns the components still not hydrated after 10 s (an empty list when all is well)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_load_state()
    try:
        page.wait_for_function(SETTLED, timeout=10_000)
    except PlaywrightTimeout:
        return list(page.evaluate(UNHYDRATED))
    page.evaluate("document.fonts.ready.then(() => true)")
    return []


@dataclass
class Findings:
    """What the checks found, across every journey of a test, one readable line each."""

    pages: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    too_wide: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    unhydrated: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [*self.axe, *self.too_wide, *self.focus, *self.console, *self.unhydrated]

    def report(self) -> str:
        lines = [f"{len(self.pages)} pages checked; screenshots in {SCREENSHOTS}"]
        for title, items in (
            ("axe-core (WCAG 2.1 A and AA) violations", self.axe),
            (f"pages wider than the window at {PHONE} px", self.too_wide),
            ("focus not visible (keyboard)", self.focus),
            ("script errors and CSP refusals", self.console),
            ("GC Design System components that never rendered", self.unhydrated),
        ):
            lines.append(f"{title}: {len(items)}")
            lines += [f"  {item}" for item in items]
        return "\n".join(lines)


class Journey:
    """One person's way through the pages: ``check(name)`` on every page reached saves
    ``artifacts/screenshots/<journey>/<nn>-<name>.png``, runs axe-core and measures the page at 375 px."""

    def __init__(self, name: str, page: Any, findings: Findings, *, phone: bool = True) -> None:
        self.name, self.page, self.findings, self.phone = name, page, findings, phone
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._problem(f"pageerror: {error}"))

    def _problem(self, text: str) -> None:
        """A script error or a refusal of the CSP, with the page it happened on (after which check)."""
        path = self.page.url.split("//", 1)[-1].split("/", 1)[-1]
        self.findings.console.append(f"{self.name} after {self.count:02d} ({path}): {text[:300]}")

    def _console(self, message: Any) -> None:
        if message.type == "error" and (
            "Content Security Policy" in message.text or "Refused" in message.text
        ):
            self._problem(message.text)

    def check(self, name: str) -> None:
        page = self.page
        unhydrated = settle(page)
        self.count += 1
        label = f"{self.count:02d}-{name}"
        where = f"{self.name}/{label} ({page.url.split('//', 1)[-1].split('/', 1)[-1]})"
        self.findings.pages.append(where)
        if unhydrated:
            self.findings.unhydrated.append(f"{where}: components never rendered: {unhydrated[:5]}")
        page.screenshot(path=str(self.folder / f"{label}.png"), full_page=True)
        found = axe_violations(page)
        for violation in found:
            for node in violation["nodes"]:
                self.findings.axe.append(
                    f"{where}: {violation['id']} ({violation['impact']}) {node['target']} "
                    f"{node['html'][:140]}"
                )
        width = ""
        if self.phone:
            size = page.viewport_size
            page.set_viewport_size({"width": PHONE, "height": size["height"]})
            page.wait_for_timeout(60)  # a frame for the media queries
            m = page.evaluate(WIDTH)
            if m["scrollWidth"] > m["innerWidth"]:
                page.screenshot(path=str(self.folder / f"{label}-{PHONE}.png"), full_page=True)
                self.findings.too_wide.append(
                    f"{where}: {m['scrollWidth']} px wide at {PHONE} px; wide: {m['wide']}"
                )
            width = f", {m['scrollWidth']} px wide at {PHONE} px"
            page.set_viewport_size(size)
        print(f"{where}: {len(found)} axe violation(s){width}", flush=True)


def finish(findings: Findings) -> None:
    """Print what the checks found and where the screenshots are; fail on any of it."""
    report = findings.report()
    print(report)
    print(f"screenshots: {SCREENSHOTS}")
    assert not findings.problems(), report


def new_page(browser: Any, locale: str) -> tuple[Any, Any]:
    """A new browser context (its own cookies: one person) and its page."""
    context = browser.new_context(locale=locale, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


# --- Forms with the mouse -----------------------------------------------------------------------------------


def fill(page: Any, field_id: str, value: str) -> None:
    page.locator(f"gcds-input#{field_id} input").fill(value)


def submit(page: Any, within: str = "#main-content form") -> None:
    page.locator(f"{within} gcds-button[type=submit]").first.click()


def tick(page: Any, label: str, within: str = "#main-content") -> None:
    # GC Design System labels sit over their inputs: click as a person would, on the label.
    page.locator(within).get_by_label(label, exact=True).check(force=True)


def unfold(page: Any, target: str) -> None:
    """Open the folded section (``gcds-details``) that holds ``target``, if it is folded, as a person
    would: with its button."""
    if page.locator(target).first.is_visible():
        return
    page.locator(f"gcds-details:has({target})").first.get_by_role("button").first.click()
    page.locator(target).first.wait_for(state="visible")


def totp_now() -> str:
    """The code the staff's authenticator app shows now (each staff person signs in once per test)."""
    import pyotp

    totp = pyotp.TOTP(TOTP_SECRET)
    return totp.now()


def sign_in(journey: Journey, base: str, lang: str, email: str, *, check: bool = True) -> None:
    """Sign in through the form (and the code step for staff), checking each page on the way."""
    page = journey.page
    page.goto(f"{base}/{lang}/login")
    if check:
        journey.check("sign-in")
    fill(page, "email", email)
    fill(page, "password", PASSWORD)
    submit(page)
    page.wait_for_url(lambda url: "/login/code" in url or "/dashboard" in url)
    if "/login/code" in page.url:
        if check:
            journey.check("sign-in-code")
        fill(page, "code", totp_now())
        submit(page)
    page.wait_for_url(f"**/{lang}/dashboard")


# --- The keyboard -------------------------------------------------------------------------------------------

# The element that has the focus, through the shadow roots of the components, and whether it shows it: an
# outline or a box shadow on the element, its label or the element drawn beside it (a radio's circle is
# its label's ::before), and a box on the screen.
FOCUSED = """() => {
    let el = document.activeElement;
    const hosts = [];
    while (el && el.shadowRoot && el.shadowRoot.activeElement) {
        hosts.push(el);
        el = el.shadowRoot.activeElement;
    }
    if (!el || el === document.body || el === document.documentElement) return null;
    const shows = (e, pseudo) => {
        const s = getComputedStyle(e, pseudo);
        return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
            || (s.boxShadow && s.boxShadow !== "none");
    };
    const around = [el, ...(el.labels || [])];
    const next = el.nextElementSibling;
    if (next) around.push(next, ...next.querySelectorAll("label"));
    const indicator = around.find(e => shows(e, null) || shows(e, "::before") || shows(e, "::after"));
    const boxed = around.find(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
    });
    const host = hosts.length ? hosts[hosts.length - 1] : null;
    // A component's button shows the text of its host (slotted), not its own.
    const text = (el.innerText || (host && host.innerText) || el.getAttribute("aria-label") || el.value || "")
        .trim();
    return {
        tag: el.tagName.toLowerCase(), id: el.id || "", name: el.getAttribute("name") || "",
        type: el.getAttribute("type") || "", checked: !!el.checked,
        text: text.replace(/\\s+/g, " ").slice(0, 80),
        host: host ? host.tagName.toLowerCase() + (host.id ? "#" + host.id : "") : "",
        focusVisible: el.matches(":focus-visible"), indicator: !!indicator, onScreen: !!boxed,
    };
}"""


class Keyboard:
    """Moves through a page with Tab and Shift+Tab only, checking at every stop that the focus shows."""

    def __init__(self, journey: Journey) -> None:
        self.journey, self.page, self.stops = journey, journey.page, 0

    def focused(self) -> dict[str, Any] | None:
        return self.page.evaluate(FOCUSED)

    def _check(self, focus: dict[str, Any] | None) -> None:
        self.stops += 1
        if focus is None:
            return  # the focus left the document for the browser's own controls, or rests on the body
        if not (focus["focusVisible"] and focus["indicator"] and focus["onScreen"]):
            where = f"{self.journey.name} {self.page.url.split('//', 1)[-1].split('/', 1)[-1]}"
            what = f"{focus['host']} > {focus['tag']}#{focus['id']} “{focus['text']}”"
            line = (
                f"{where}: focus not visible on {what} (:focus-visible {focus['focusVisible']}, "
                f"indicator {focus['indicator']}, on screen {focus['onScreen']})"
            )
            if line not in self.journey.findings.focus:
                self.journey.findings.focus.append(line)

    def tab_to(self, wanted: Any, *, backwards: bool = False, limit: int = 80) -> dict[str, Any]:
        """Press Tab (Shift+Tab) until the focused element satisfies ``wanted`` (a function of the dict
        ``FOCUSED`` returns); fails after ``limit`` presses."""
        seen = []
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focus = self.focused()
            self._check(focus)
            if focus is not None and wanted(focus):
                return focus
            seen.append(f"{focus and focus['tag']}#{focus and focus['id']} {focus and focus['text'][:30]}")
        raise AssertionError(f"{limit} presses of Tab did not reach the element; focus went to: {seen}")

    def to_field(self, field_id: str) -> dict[str, Any]:
        return self.tab_to(lambda f: f["id"] == field_id and f["tag"] in ("input", "textarea", "select"))

    def type_into(self, field_id: str, text: str) -> None:
        self.to_field(field_id)
        self.page.keyboard.type(text)

    def to_button(self, text: str) -> dict[str, Any]:
        return self.tab_to(lambda f: f["tag"] in ("button", "a") and text in f["text"])

    def press_button(self, text: str, key: str = "Enter") -> None:
        self.to_button(text)
        self.page.keyboard.press(key)
