"""``flask --app talent seed-demo-recruitment``: a recruitment process, a pool and a request to try."""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, timedelta

import click
from sqlalchemy import select

from talent import clock
from talent.extensions import db
from talent.models._types import utcnow

DEMO_SKILLS = [
    "gc:python",
    "gc:postgresql",
    "gc:mysql",
    "gc:sql",
    "gc:java",
    "gc:javascript",
    "gc:react",
    "gc:docker",
    "gc:git",
    "gc:teamwork",
    "gc:written_communication",
]
FIRST = [
    "Alex",
    "Camille",
    "Dominique",
    "Jordan",
    "Maxime",
    "Noor",
    "Priya",
    "Sam",
    "Taylor",
    "Yan",
    "Zoé",
    "Ahmed",
    "Béatrice",
    "Chen",
    "Diego",
    "Emma",
    "Farah",
    "Gabriel",
    "Hana",
    "Isaac",
    "Jade",
    "Kiran",
    "Léa",
    "Malik",
]
LAST = ["Tremblay", "Nguyen", "Singh", "Roy", "Gagnon", "Smith", "Côté", "Martin", "Bouchard", "Wong"]


@click.command("seed-demo-recruitment")
@click.option("--candidates", default=24, show_default=True, help="How many demo pool members.")
def seed_demo_recruitment(candidates: int) -> None:
    """A published process with a pool of qualified candidates, and a manager's talent request.

    Needs the skills library, the reference data and the demo users (import-skills, seed-reference,
    seed-demo). Running it again changes nothing.
    """
    from jobs.models import Process
    from jobs.services import applications, decisions, processes, requests
    from jobs.services.talent_search import TalentFilters
    from talent.auth.services import find_by_email
    from talent.models import Classification, Role, Skill, User
    from talent.passwords import hash_password
    from talent.profiles import experiences, services, user_skills

    if db.session.scalars(select(Process).where(Process.title_en == "Data engineer")).first():
        click.echo("Demo recruitment data already there.")
        return
    recruiter = find_by_email("recruiter@demo.example.com")
    manager = find_by_email("manager@demo.example.com")
    it03 = db.session.scalars(
        select(Classification).where(Classification.group == "IT", Classification.level == 3)
    ).first()
    known = set(db.session.scalars(select(Skill.key).where(Skill.key.in_(DEMO_SKILLS))))
    if recruiter is None or manager is None or it03 is None or known != set(DEMO_SKILLS):
        raise click.ClickException("Run import-skills, seed-reference and seed-demo first.")
    rng = random.Random(42)
    process = processes.create(recruiter)
    texts = {
        "title": ("Data engineer", "Ingénieur ou ingénieure de données"),
        "key_tasks": (
            "Build and run the data pipelines of a national statistics program.",
            "Concevoir et exploiter les chaînes de traitement d’un programme statistique national.",
        ),
        "impact": (
            "Your work gives Canadians timely, reliable data.",
            "Votre travail donne à la population canadienne des données fiables et à jour.",
        ),
        "about_us": (
            "A small digital team in a federal department.",
            "Une petite équipe numérique dans un ministère fédéral.",
        ),
        "location": ("Ottawa (Ontario)", "Ottawa (Ontario)"),
    }
    for field, (en, fr) in texts.items():
        setattr(process, f"{field}_en", en)
        setattr(process, f"{field}_fr", fr)
    process.classification_id = it03.id
    process.stream, process.language_requirement = "software_solutions", "various"
    process.security_clearance, process.opportunity_length = "reliability", "various"
    process.contact_email = "recruitment@demo.example.com"
    process.closing_at = utcnow() + timedelta(days=30)
    for key, kind, level in (
        ("gc:python", "essential", 3),
        ("gc:postgresql", "essential", 2),
        ("gc:teamwork", "essential", 2),
        ("gc:docker", "asset", 2),
    ):
        processes.set_skill(recruiter, process, key, kind, level)
    processes.add_question(
        process, "general", "Why does this job interest you?", "Pourquoi cet emploi vous intéresse-t-il?"
    )
    processes.publish(recruiter, process)
    users = []
    for n in range(candidates):
        email = f"pool{n + 1}@demo.example.com"
        user = find_by_email(email) or User(
            email=email,
            role=Role.CANDIDATE,
            first_name=FIRST[n % len(FIRST)],
            last_name=LAST[n % len(LAST)],
            locale=rng.choice(["en", "fr"]),
            password_hash=hash_password(secrets.token_urlsafe(24)),
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        profile = services.get_profile(user)
        profile.telephone, profile.current_province, profile.current_city = "613-555-0100", "ON", "Ottawa"
        profile.citizenship, profile.armed_forces_status = "citizen", "non_caf"
        profile.looking_for_english = True
        profile.looking_for_french = rng.random() < 0.4
        profile.looking_for_bilingual = rng.random() < 0.3
        profile.work_regions = ["national_capital"] + (["telework"] if rng.random() < 0.5 else [])
        profile.work_arrangements = rng.sample(["remote", "hybrid", "onsite"], k=rng.randint(1, 3))
        profile.position_durations = ["indeterminate"] + (["term"] if rng.random() < 0.5 else [])
        profile.is_gov_employee, profile.has_priority_entitlement = rng.random() < 0.5, False
        work = experiences.save_experience(
            user,
            "work",
            {
                "title": "Developer",
                "organization": rng.choice(
                    ["Statistics Canada", "A software firm", "Shared Services Canada"]
                ),
                "start_date": date(2015 + n % 8, 1 + n % 12, 1),
            },
        )
        held = [
            "gc:python",
            "gc:postgresql",
            "gc:teamwork",
            *rng.sample(DEMO_SKILLS[2:9], k=rng.randint(1, 4)),
        ]
        for key in dict.fromkeys(held):
            row = user_skills.add_skill(user, key, rng.randint(1, 4))
            experiences.link_skill(user, work, row.id, "Used it daily in this job.")
        application = applications.start(user, process)
        applications.save_answers(application, {q.id: "I like data." for q in process.questions})
        applications.submit(application, f"{user.first_name} {user.last_name}")
        if n % 6 != 5:  # most qualify; a few are still being assessed
            decisions.qualify(recruiter, application, clock.today() + timedelta(days=365))
        users.append(user)
    filters = TalentFilters(classifications=("IT-03",), language="english")
    request, _ = requests.submit(
        manager,
        filters,
        {
            "job_title": "Database developer",
            "classification_id": it03.id,
            "reason": "immediate_hire",
            "hiring_manager_name": "Morgan Manager",
            "hiring_manager_email": "manager@demo.example.com",
            "position_type": "individual_contributor",
            "language": "english",
        },
        [("gc:postgresql", "required", 3), ("gc:python", "required", 2), ("gc:docker", "nice_to_have", 2)],
        "en",
    )
    db.session.commit()
    click.echo(
        f"Demo recruitment data: process #{process.id} with {len(users)} applicants, request #{request.id}."
    )


# The programme's demo people: pool members of seed-demo-recruitment who are also government employees.
PROGRAMME_PEOPLE = 8


@click.command("seed-demo-talent-management")
def seed_demo_talent_management() -> None:
    """The talent-management programme to try: an active nomination event run by the demo coordinator,
    with nominations waiting for decisions, and a past event whose approved people managers can find.

    Needs seed-demo and seed-demo-recruitment (its pool members are the employees). Running it again
    changes nothing. Goes through the same services as the pages (a past event's nominations are made at
    a moment inside its window).
    """
    from jobs.models import NominationEvent
    from jobs.services import nominating, nomination_decisions, nomination_events
    from talent.auth.services import find_by_email
    from talent.models import CareerInterest, Classification, Department, User, WorkEmail
    from talent.profiles import experiences

    if db.session.scalars(
        select(NominationEvent).where(NominationEvent.name_en.like("Digital executives%"))
    ).first():
        click.echo("Demo talent-management data already there.")
        return
    coordinator = find_by_email("coordinator@demo.example.com")
    candidate = find_by_email("candidate@demo.example.com")
    people = [find_by_email(f"pool{n + 1}@demo.example.com") for n in range(PROGRAMME_PEOPLE)]
    levels = {
        level: db.session.scalars(
            select(Classification).where(Classification.group == "IT", Classification.level == level)
        ).first()
        for level in (2, 3)
    }
    department = db.session.scalars(select(Department).order_by(Department.id)).first()
    it02, it03 = levels[2], levels[3]
    if coordinator is None or candidate is None or None in people or not (it02 and it03 and department):
        raise click.ClickException("Run seed-reference, seed-demo and seed-demo-recruitment first.")
    employees: list[User] = [candidate, *[p for p in people if p is not None]]
    now = utcnow()
    for n, person in enumerate(employees):
        # Whoever runs this command vouches for the demo addresses, as seed-demo does for sign-in ones.
        local = person.email.split("@", 1)[0]
        db.session.add(WorkEmail(user_id=person.id, email=f"{local}@demo.gc.ca", verified_at=now))
        db.session.add(
            CareerInterest(
                user_id=person.id,
                wants_advancement=n % 2 == 0,
                advancement_timeframe="within_1_year" if n % 2 == 0 else None,
                wants_lateral=n % 2 == 1,
                lateral_moves=["other_department"] if n % 2 == 1 else [],
                development_programmes=["digital_leadership"],
                mentoring=["mentee"],
                consent_at=now,
            )
        )
        experiences.save_experience(
            person,
            "work",
            {
                "title": "Team lead" if n % 2 == 0 else "Senior developer",
                "organization": department.name_en,
                "start_date": date(2021, 4, 1),
                "department_id": department.id,
                "classification_id": (it03 if n % 3 == 0 else it02).id,
            },
        )
    db.session.flush()

    def event(name: tuple[str, str], opens_in_days: int, closes_in_days: int) -> NominationEvent:
        return nomination_events.create(
            coordinator,
            {
                "name_en": name[0],
                "name_fr": name[1],
                "description_en": "Nominate public servants ready to lead digital teams as executives.",
                "description_fr": (
                    "Proposez des fonctionnaires prêts à diriger des équipes numériques comme cadres."
                ),
                "opens_at": now + timedelta(days=opens_in_days),
                "closes_at": now + timedelta(days=closes_in_days),
                "development_programmes": ["digital_leadership", "coaching"],
                "assesses_leadership": True,
            },
        )

    past = event(("Digital executives 2026", "Cadres du numérique 2026"), -200, -150)
    active = event(("Digital executives 2027", "Cadres du numérique 2027"), -7, 30)

    def nominate(when: NominationEvent, nominator: User, nominee: User, kinds: tuple[str, ...], at: datetime):
        draft = nominating.start(nominator, when, nominee, now=at)
        fields = nominating.NominationFields(
            kinds=kinds,
            development_programmes=("digital_leadership",) if "development" in kinds else (),
            rationale="Leads a team that ships reliable services; ready for a bigger mandate.",
            relationship="self" if nominator.id == nominee.id else "current_supervisor",
            reference_name="Robin Reference" if "advancement" in kinds else "",
            reference_email="robin.reference@demo.gc.ca" if "advancement" in kinds else "",
            skills=("gc:python", "gc:teamwork"),
        )
        return nominating.submit(nominator, draft, fields, now=at)

    then = past.opens_at + timedelta(days=1)
    e = employees
    approved = nominate(past, e[2], e[1], ("advancement", "development"), then)
    nominate(past, e[3], e[1], ("advancement",), then)
    lateral = nominate(past, e[4], e[5], ("lateral",), then)
    rejected = nominate(past, e[6], e[7], ("advancement",), then)
    year = clock.today() + timedelta(days=365)
    nomination_decisions.decide(coordinator, approved, "advancement", "approved", "Ready now.", year)
    nomination_decisions.decide(coordinator, approved, "development", "approved", "Coaching first.")
    nomination_decisions.decide(coordinator, lateral, "lateral", "approved", "A move to a bigger team.", year)
    nomination_decisions.decide(coordinator, rejected, "advancement", "rejected", "Not yet; apply again.")
    nominate(active, e[1], e[3], ("advancement",), now)
    nominate(active, e[2], e[3], ("advancement", "development"), now)
    nominate(active, e[0], e[0], ("lateral", "development"), now)  # the demo candidate nominates themself
    db.session.commit()
    click.echo(
        f"Demo talent management: events #{past.id} (past, 3 decided) and #{active.id} (active, "
        f"2 to decide); {len(employees)} verified employees."
    )
