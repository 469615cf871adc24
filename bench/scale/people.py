"""One candidate's rows, generated: account, complete profile, skills, experiences linked to skills, an
optional equity declaration, and the applications the plan gives them with the snapshot the app stores
at submission (``jobs.services.applications.submit``: ``export_data`` without the private parts).

Rows are dicts keyed by column name (timestamps as ISO strings, JSON columns as Python lists and dicts);
``build.py`` writes them with COPY. Everything drawn from ``rng``, so a seed gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bench.scale.common import DOMAIN
from talent import vocab

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
    "Nadia",
    "Olivier",
    "Pierre",
    "Quinn",
    "Rania",
    "Sophie",
    "Thomas",
    "Ursula",
    "Victor",
    "Wei",
    "Xavier",
    "Yasmine",
    "Zachary",
    "Amélie",
    "Benoît",
    "Chloé",
    "David",
    "Élodie",
    "François",
    "Geneviève",
    "Hugo",
    "Inès",
    "Jean",
]
LAST = [
    "Tremblay",
    "Nguyen",
    "Singh",
    "Roy",
    "Gagnon",
    "Smith",
    "Côté",
    "Martin",
    "Bouchard",
    "Wong",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Brown",
    "Wilson",
    "Li",
    "Kumar",
    "Patel",
    "Leblanc",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Taylor",
]
CITIES = {
    "ON": ("Ottawa", "Toronto", "Kingston", "Sudbury", "London"),
    "QC": ("Gatineau", "Montréal", "Québec", "Sherbrooke"),
    "BC": ("Vancouver", "Victoria", "Kelowna"),
    "AB": ("Calgary", "Edmonton"),
    "MB": ("Winnipeg",),
    "SK": ("Regina", "Saskatoon"),
    "NS": ("Halifax",),
    "NB": ("Moncton", "Fredericton"),
    "NL": ("St. John's",),
    "PE": ("Charlottetown",),
    "NT": ("Yellowknife",),
    "YT": ("Whitehorse",),
    "NU": ("Iqaluit",),
}
PROVINCE_WEIGHTS = {"ON": 40, "QC": 25, "BC": 11, "AB": 9, "MB": 3, "SK": 3, "NS": 3, "NB": 2, "NL": 1}
REGION_OF = {
    "ON": "ontario",
    "QC": "quebec",
    "BC": "british_columbia",
    "AB": "prairie",
    "MB": "prairie",
    "SK": "prairie",
    "NS": "atlantic",
    "NB": "atlantic",
    "NL": "atlantic",
    "PE": "atlantic",
    "NT": "north",
    "YT": "north",
    "NU": "north",
}
JOBS = (
    "Developer",
    "Data analyst",
    "Database administrator",
    "Security analyst",
    "Systems administrator",
    "Project manager",
    "Business analyst",
    "Solutions architect",
    "Support technician",
    "Data engineer",
)
EMPLOYERS = (
    "Statistics Canada",
    "Shared Services Canada",
    "A software firm",
    "A bank",
    "A provincial ministry",
    "A consulting firm",
    "A university",
    "A telecom company",
)
STUDIES = ("Computer science", "Software engineering", "Statistics", "Information systems", "Mathematics")
SCHOOLS = ("University of Ottawa", "Université Laval", "Carleton University", "Algonquin College", "UBC")
JUSTIFICATIONS = (
    "Used it daily on this job.",
    "Led the team's work that needed it.",
    "Learned it on a project and kept using it.",
    "Taught it to new colleagues.",
)
ANSWERS = ("I like this kind of work.", "It fits my experience.", "I want to serve Canadians.")
DIPLOMAS = ("diploma", "bachelors", "bachelors", "masters", "phd")


def iso(moment: datetime) -> str:
    return moment.isoformat()


@dataclass
class Catalogue:
    """What the generator draws from: the library's skills (Zipf popularity), reference data."""

    technical: list[int]
    tech_cum: list[float]
    behavioural: list[int]
    skill_info: dict[int, tuple[str, str, str | None]]  # id -> key, name_en, name_fr
    classifications: list[int]
    departments: list[int]
    password_hash: str
    now: datetime
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # snapshot keys per part

    def pick_technical(self, rng: random.Random, k: int) -> list[int]:
        return list(dict.fromkeys(rng.choices(self.technical, cum_weights=self.tech_cum, k=k)))


@dataclass
class Planned:
    """One application a person will have: its id, process, and the state it ends in."""

    id: int
    process: dict[str, Any]
    state: (
        str  # available, tentative, placed, expired, suspended, paused, disqualified, pending, removed, draft
    )


def person(
    rng: random.Random, uid: int, ids: dict[str, int], cat: Catalogue, plans: list[Planned]
) -> dict[str, list[dict[str, Any]]]:
    """Every row of candidate ``uid``; ``ids`` holds the next id of each table (advanced here). With
    ``plans``, also ``"snapshot"``: the profile as an application submitted now would freeze it."""
    now = cat.now
    first, last = rng.choice(FIRST), rng.choice(LAST)
    created = now - timedelta(days=rng.randint(30, 1500), seconds=rng.randint(0, 86399))
    locale = "fr" if rng.random() < 0.3 else "en"
    user = {
        "id": uid,
        "email": f"c{uid}@{DOMAIN}",
        "password_hash": cat.password_hash,
        "first_name": first,
        "last_name": last,
        "role": "candidate",
        "locale": locale,
        "session_version": 1,
        "active": True,
        "created_at": iso(created),
        "last_login_at": iso(created + timedelta(days=rng.randint(0, 29))),
        "password_changed_at": iso(created),
        "deleted_at": None,
        "email_verified_at": iso(created),
    }
    submitted = [p for p in plans if p.state != "draft"]
    bilingual_needed = any(p.process["language_requirement"].startswith("bilingual") for p in submitted)
    province = rng.choices(list(PROVINCE_WEIGHTS), weights=list(PROVINCE_WEIGHTS.values()))[0]
    regions = {REGION_OF[province]}
    if province in ("ON", "QC") and rng.random() < 0.5:
        regions.add("national_capital")
    if rng.random() < 0.45:
        regions.add("telework")
    if rng.random() < 0.15:
        regions.update(rng.sample(list(vocab.WORK_REGIONS), 2))
    bilingual = bilingual_needed or rng.random() < 0.3
    french = locale == "fr" or rng.random() < 0.2
    english = locale == "en" or rng.random() < 0.7 or not (french or bilingual)
    gov = rng.random() < 0.45
    priority = gov and rng.random() < 0.03
    level = (lambda: rng.choice("ABC")) if bilingual else (lambda: None)
    profile = {
        "id": ids["candidate_profiles"],
        "user_id": uid,
        "telephone": f"613-555-{uid % 10000:04d}",
        "current_province": province,
        "current_city": rng.choice(CITIES[province]),
        "citizenship": rng.choices(("citizen", "permanent_resident", "other"), weights=(85, 12, 3))[0],
        "armed_forces_status": rng.choices(("non_caf", "member", "veteran"), weights=(94, 3, 3))[0],
        "preferred_language": locale,
        "interview_language": locale,
        "exam_language": locale,
        "looking_for_english": english,
        "looking_for_french": french,
        "looking_for_bilingual": bilingual,
        "second_language_exam_completed": bilingual and rng.random() < 0.6,
        "second_language_exam_valid": True if bilingual else None,
        "comprehension_level": level(),
        "written_level": level(),
        "verbal_level": level(),
        "estimated_language_ability": rng.choice(list(vocab.SELF_ASSESSED_LEVELS)) if bilingual else None,
        "work_regions": [code for code in vocab.WORK_REGIONS if code in regions],
        "work_arrangements": sorted(rng.sample(list(vocab.WORK_ARRANGEMENTS), rng.randint(1, 3))),
        "location_exemptions": None,
        "accepted_operational_requirements": sorted(
            rng.sample(list(vocab.OPERATIONAL_REQUIREMENTS), rng.choice((0, 1, 2, 3, 3, 4, 5, 6)))
        ),
        "position_durations": rng.choice((["indeterminate"], ["term", "indeterminate"], ["term"])),
        "is_gov_employee": gov,
        "gov_employee_type": rng.choice(list(vocab.GOV_EMPLOYEE_TYPES)) if gov else None,
        "classification_id": rng.choice(cat.classifications) if gov else None,
        "department_id": rng.choice(cat.departments) if gov else None,
        "has_priority_entitlement": priority,
        "priority_number": f"PR-{uid:07d}" if priority else None,
        "opt_out_of_matching": rng.random() < 0.02,
        "created_at": iso(created),
        "updated_at": iso(created + timedelta(days=rng.randint(0, 29))),
    }
    ids["candidate_profiles"] += 1

    # Skills: a Zipf-like draw from the technical library, a few behavioural ones, and every essential
    # skill of the processes applied to (the app refuses a submission that does not show them).
    levels: dict[int, int] = {}
    for skill_id in cat.pick_technical(rng, rng.randint(8, 25)):
        levels[skill_id] = rng.randint(1, 4)
    for skill_id in rng.sample(cat.behavioural, rng.randint(1, 4)):
        levels[skill_id] = rng.randint(1, 4)
    essential: set[int] = set()
    for plan in plans:
        for skill_id, kind, required in plan.process["skills"]:
            if kind == "essential":
                essential.add(skill_id)
                levels[skill_id] = max(levels.get(skill_id, 0), min(4, required + rng.randint(0, 1)))
            elif rng.random() < 0.5:
                levels.setdefault(skill_id, rng.randint(1, 4))
    top = rng.sample(list(levels), min(3, len(levels)))
    skills = []
    for skill_id, skill_level in levels.items():
        skills.append(
            {
                "id": ids["user_skills"],
                "user_id": uid,
                "skill_id": skill_id,
                "level": skill_level,
                "current": rng.random() < 0.8,
                "top_rank": top.index(skill_id) + 1 if skill_id in top else None,
                "years": round(rng.uniform(0.5, 12), 1) if rng.random() < 0.7 else None,
                "created_at": iso(created),
            }
        )
        ids["user_skills"] += 1

    experiences, links = _experiences(rng, uid, ids, created, list(levels), essential)
    equity = []
    if rng.random() < 0.2:
        indigenous = rng.random() < 0.08
        equity.append(
            {
                "id": ids["equity_declarations"],
                "user_id": uid,
                "consented_at": iso(created + timedelta(days=1)),
                "is_woman": rng.random() < 0.5,
                "has_disability": rng.random() < 0.12,
                "is_indigenous": indigenous,
                "indigenous_communities": [rng.choice(list(vocab.INDIGENOUS_COMMUNITIES))]
                if indigenous
                else [],
                "is_visible_minority": rng.random() < 0.35,
            }
        )
        ids["equity_declarations"] += 1
    rows: dict[str, list[dict[str, Any]]] = {
        "users": [user],
        "candidate_profiles": [profile],
        "user_skills": skills,
        "experiences": experiences,
        "experience_skills": links,
        "equity_declarations": equity,
    }
    if plans:
        rows["snapshot"] = [snapshot(cat, user, profile, skills, experiences, links)]
    return rows


def _experiences(
    rng: random.Random,
    uid: int,
    ids: dict[str, int],
    created: datetime,
    skill_ids: list[int],
    essential: set[int],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    today = created.date()

    def add(kind: str, title: str, start: date, end: date | None, **extra: Any) -> dict[str, Any]:
        row = {
            "id": ids["experiences"],
            "user_id": uid,
            "kind": kind,
            "title": title,
            "organization": extra.pop("organization", None),
            "team": extra.pop("team", None),
            "details": extra.pop("details", None),
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "education_type": None,
            "education_status": None,
            "thesis_title": None,
            "award_recipient": None,
            "award_scope": None,
            "department_id": None,
            "classification_id": None,
            "created_at": iso(created),
            "updated_at": iso(created),
            **extra,
        }
        ids["experiences"] += 1
        rows.append(row)
        return row

    start = today - timedelta(days=rng.randint(3 * 365, 20 * 365))
    work = []
    for n in range(rng.randint(1, 4)):
        length = timedelta(days=rng.randint(300, 2000))
        end = None if n == 0 else start + length
        work.append(
            add(
                "work",
                rng.choice(JOBS),
                start,
                end,
                organization=rng.choice(EMPLOYERS),
                team="Digital services",
            )
        )
        start = start - length - timedelta(days=rng.randint(30, 400))
    education = []
    if rng.random() < 0.8:
        for _ in range(rng.choice((1, 1, 1, 2))):
            kind = (
                rng.choice(DIPLOMAS)
                if rng.random() < 0.85
                else rng.choice(("certification", "online_course"))
            )
            status = rng.choices(
                ("success_credential", "in_progress", "success_no_credential", "did_not_complete"),
                weights=(75, 12, 8, 5),
            )[0]
            begin = start - timedelta(days=rng.randint(3 * 365, 5 * 365))
            education.append(
                add(
                    "education",
                    rng.choice(STUDIES),
                    begin,
                    None if status == "in_progress" else begin + timedelta(days=3 * 365),
                    organization=rng.choice(SCHOOLS),
                    education_type=kind,
                    education_status=status,
                    thesis_title="On scaling public services" if kind in ("masters", "phd") else None,
                )
            )
    other = []
    if rng.random() < 0.15:
        other.append(
            add("community", "Volunteer developer", today - timedelta(days=900), None, team="Civic tech")
        )
    if rng.random() < 0.1:
        other.append(
            add("personal", "Home lab", today - timedelta(days=700), None, details="Built a small cluster.")
        )
    if rng.random() < 0.05:
        other.append(
            add(
                "award",
                "Public service award",
                today - timedelta(days=400),
                None,
                organization="The department",
                award_recipient=rng.choice(list(vocab.AWARD_RECIPIENTS)),
                award_scope=rng.choice(list(vocab.AWARD_SCOPES)),
            )
        )
    choices = work * 3 + education + other
    links: list[dict[str, Any]] = []
    for skill_id in skill_ids:
        chosen = {rng.choice(choices)["id"]}
        if skill_id in essential or rng.random() < 0.25:
            chosen.add(rng.choice(work)["id"])
        for experience_id in chosen:
            links.append(
                {
                    "id": ids["experience_skills"],
                    "experience_id": experience_id,
                    "skill_id": skill_id,
                    "justification": rng.choice(JUSTIFICATIONS),
                }
            )
            ids["experience_skills"] += 1
    return rows, links


def snapshot(
    cat: Catalogue,
    user: dict[str, Any],
    profile: dict[str, Any],
    skills: list[dict[str, Any]],
    experiences: list[dict[str, Any]],
    links: list[dict[str, Any]],
) -> dict[str, Any]:
    """``export_data(user)`` as it reads right after these rows are written, without the parts
    ``applications.submit`` removes (equity declaration, activity, e-mails, applications)."""
    keys = cat.keys
    by_experience: dict[int, list[dict[str, Any]]] = {}
    for link in links:
        key, name_en, _ = cat.skill_info[link["skill_id"]]
        by_experience.setdefault(link["experience_id"], []).append(
            {"skill_key": key, "skill_name_en": name_en, "justification": link["justification"]}
        )
    skill_rows = []
    for row in skills:
        key, name_en, name_fr = cat.skill_info[row["skill_id"]]
        skill_rows.append(
            {
                **{k: row[k] for k in keys["skill"]},
                "skill_key": key,
                "skill_name_en": name_en,
                "skill_name_fr": name_fr,
            }
        )
    return {
        "format": keys["format"][0],
        "exported_at": None,  # set per application, at its submission
        "account": {k: user[k] for k in keys["account"]},
        "profile": {k: profile[k] for k in keys["profile"]},
        "skills": skill_rows,
        "experiences": [
            {**{k: row[k] for k in keys["experience"]}, "skills": by_experience.get(row["id"], [])}
            for row in experiences
        ],
    }
