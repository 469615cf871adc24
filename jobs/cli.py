"""``flask --app talent seed-demo-recruitment``: a recruitment process, a pool and a request to try."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

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
