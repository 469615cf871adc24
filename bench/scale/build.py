"""Build the scale data set: drop and create a ``bench_scale*`` database, migrate it, load the real skills
library and reference data, then COPY people, processes, pools, talent requests and referrals in
batches, reset the id sequences, ANALYZE, and finish with a few real match runs (the app's own services
and task, in-process)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from tqdm import tqdm

from bench.scale import common
from bench.scale.applications import applications, draw_state
from bench.scale.people import Catalogue, Planned, iso, person
from bench.scale.requests import talent_requests

DEFAULT_PROCESSES = 500
DEFAULT_REQUESTS = 20_000
DEFAULT_RUNS = 5
APPLY_SHARE = 0.02  # of the people apply, by default
BATCH = 5_000  # people per COPY batch


def create_database(name: str) -> None:
    import psycopg

    common.check_db_name(name)
    with psycopg.connect(f"{common.PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def copy_rows(conn: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """COPY ``rows`` (dicts with the same keys, in the same order) into ``table``."""
    if not rows:
        return
    from psycopg import sql

    columns = sql.SQL(", ").join(sql.Identifier(c) for c in rows[0])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), columns)
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, list | dict) else v for v in row.values()])


def reset_sequences(conn: Any) -> dict[str, int]:
    """Point every id sequence past the largest id COPY wrote, so the app's own inserts work after."""
    found = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND (column_default LIKE 'nextval%%' OR is_identity = 'YES') ORDER BY table_name"
    ).fetchall()
    values = {}
    for table, column in found:
        (top,) = conn.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{table}"').fetchone()
        conn.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)", (table, column, top + 1))
        values[table] = top
    conn.commit()
    return values


def next_ids(conn: Any, tables: Iterable[str]) -> dict[str, int]:
    return {t: conn.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{t}"').fetchone()[0] for t in tables}


def catalogue(db: Any, rng: random.Random, password_hash: str, now: datetime) -> Catalogue:
    from sqlalchemy import inspect, select

    from talent.models import CandidateProfile, Classification, Department, Experience, Skill, User, UserSkill
    from talent.profiles.privacy import EXPORT_FORMAT

    skills = db.session.execute(
        select(Skill.id, Skill.key, Skill.name_en, Skill.name_fr, Skill.category)
        .where(Skill.retired_at.is_(None), Skill.merged_into_id.is_(None))
        .order_by(Skill.id)
    ).all()
    technical = [s.id for s in skills if s.category == "technical"]
    rng.shuffle(technical)  # which skills are popular: a Zipf-like law over a shuffled library
    cum, total = [], 0.0
    for rank in range(len(technical)):
        total += 1 / (rank + 1) ** 1.1
        cum.append(total)

    def keys(model: Any, skip: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(c.key for c in inspect(model).column_attrs if c.key not in skip)

    return Catalogue(
        technical=technical,
        tech_cum=cum,
        behavioural=[s.id for s in skills if s.category == "behavioural"],
        skill_info={s.id: (s.key, s.name_en, s.name_fr) for s in skills},
        classifications=list(db.session.scalars(select(Classification.id).order_by(Classification.id))),
        departments=list(db.session.scalars(select(Department.id).order_by(Department.id))),
        password_hash=password_hash,
        now=now,
        keys={
            "account": keys(
                User,
                (
                    "password_hash",
                    "session_version",
                    "mfa_secret",
                    "mfa_last_step",
                    "mfa_enabled_at",
                    "email_verified_at",
                ),
            ),
            "profile": keys(CandidateProfile, ("user_id",)),
            "skill": keys(UserSkill, ("user_id",)),
            "experience": keys(Experience, ("user_id",)),
            "format": (EXPORT_FORMAT,),
        },
    )


def staff(ids: dict[str, int], cat: Catalogue) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    rows, by_role = [], {"admin": [], "recruiter": [], "manager": []}
    people = [("admin", "admin")]
    people += [("recruiter", f"recruiter{k}") for k in range(1, common.RECRUITERS + 1)]
    people += [("manager", f"manager{k}") for k in range(1, common.MANAGERS + 1)]
    for role, local in people:
        uid = ids["users"]
        ids["users"] += 1
        rows.append(
            {
                "id": uid,
                "email": f"{local}@{common.DOMAIN}",
                "password_hash": cat.password_hash,
                "first_name": local.rstrip("0123456789").capitalize(),
                "last_name": f"Scale {uid}",
                "role": role,
                "locale": "en",
                "session_version": 1,
                "active": True,
                "created_at": iso(cat.now - timedelta(days=800)),
                "last_login_at": None,
                "password_changed_at": iso(cat.now - timedelta(days=800)),
                "deleted_at": None,
                "email_verified_at": iso(cat.now - timedelta(days=800)),
                "mfa_secret": common.TOTP_SECRET if role != "manager" else None,
                "mfa_enabled_at": iso(cat.now - timedelta(days=800)) if role != "manager" else None,
            }
        )
        by_role[role].append(uid)
    return rows, by_role


def processes(
    rng: random.Random,
    ids: dict[str, int],
    cat: Catalogue,
    recruiters: list[int],
    count: int,
    classes: list[int],
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """``count`` published processes: most closed (pools), a tenth open; texts in both languages, skills
    (essential and asset, with levels), a question or two, a screening step and an interview."""
    from jobs import vocab as jobs_vocab

    now = cat.now
    rows: dict[str, list[dict[str, Any]]] = {
        "processes": [],
        "process_skills": [],
        "process_questions": [],
        "assessment_steps": [],
        "process_recruiters": [],
    }
    plans = []
    for n in range(count):
        pid = ids["processes"]
        ids["processes"] += 1
        is_open = n % 10 == 9
        published = now - timedelta(days=rng.randint(5, 25) if is_open else rng.randint(60, 720))
        closing = now + timedelta(days=rng.randint(5, 40)) if is_open else published + timedelta(days=30)
        team = rng.sample(recruiters, rng.choice((1, 1, 2)))
        title = rng.choice(("Developer", "Data analyst", "Security analyst", "Database administrator"))
        language = rng.choices(list(jobs_vocab.LANGUAGE_REQUIREMENTS), weights=(50, 5, 20, 10, 15))[0]
        rows["processes"].append(
            {
                "id": pid,
                "created_at": iso(published - timedelta(days=10)),
                "updated_at": iso(published),
                "created_by_id": team[0],
                "title_en": f"{title} {n + 1}",
                "title_fr": f"Poste {n + 1} ({title})",
                "key_tasks_en": "Build and run digital services for Canadians.",
                "key_tasks_fr": "Concevoir et exploiter des services numériques pour la population.",
                "impact_en": "Your work reaches millions of people.",
                "impact_fr": "Votre travail touche des millions de personnes.",
                "about_us_en": "A digital team in a federal department.",
                "about_us_fr": "Une équipe numérique dans un ministère fédéral.",
                "what_to_expect_en": None,
                "what_to_expect_fr": None,
                "special_note_en": None,
                "special_note_fr": None,
                "location_en": "Ottawa (Ontario)",
                "location_fr": "Ottawa (Ontario)",
                "classification_id": rng.choice(classes),
                "stream": rng.choice(list(jobs_vocab.STREAMS)),
                "language_requirement": language,
                "security_clearance": rng.choice(list(jobs_vocab.SECURITY_CLEARANCES)),
                "is_remote": rng.random() < 0.3,
                "opportunity_length": rng.choice(list(jobs_vocab.OPPORTUNITY_LENGTHS)),
                "operational_requirements": sorted(
                    rng.sample(["shift_work", "on_call", "travel"], rng.randint(0, 2))
                ),
                "closing_at": iso(closing),
                "contact_email": f"recruitment{n % 7}@{common.DOMAIN}",
                "published_at": iso(published),
                "closed_early_reason": None,
                "archived_at": None,
            }
        )
        for user_id in team:
            rows["process_recruiters"].append({"process_id": pid, "user_id": user_id})
        skills: list[tuple[int, str, int]] = []
        technical = cat.pick_technical(rng, 12)
        for skill_id in technical[: rng.randint(2, 4)]:
            skills.append((skill_id, "essential", rng.randint(1, 3)))
        skills.append((rng.choice(cat.behavioural), "essential", rng.randint(1, 3)))
        for skill_id in technical[5 : 5 + rng.randint(1, 3)]:
            skills.append((skill_id, "asset", rng.randint(1, 3)))
        essential_ps = []
        for skill_id, kind, level in skills:
            rows["process_skills"].append(
                {
                    "id": ids["process_skills"],
                    "process_id": pid,
                    "skill_id": skill_id,
                    "kind": kind,
                    "level": level,
                }
            )
            if kind == "essential":
                essential_ps.append(ids["process_skills"])
            ids["process_skills"] += 1
        questions = []
        for position in range(1, rng.randint(1, 2) + 1):
            text = ("Why does this job interest you?", "Pourquoi cet emploi vous intéresse-t-il?")
            if position == 2:
                text = ("Tell us about a project you led.", "Parlez-nous d’un projet que vous avez mené.")
            rows["process_questions"].append(
                {
                    "id": ids["process_questions"],
                    "process_id": pid,
                    "kind": "general",
                    "position": position,
                    "text_en": text[0],
                    "text_fr": text[1],
                }
            )
            questions.append((ids["process_questions"], *text))
            ids["process_questions"] += 1
        steps = []
        for position, (kind, en, fr, assessed) in enumerate(
            (
                ("application_screening", "Application screening", "Présélection", essential_ps),
                ("interview", "Interview", "Entrevue", essential_ps[:2]),
            ),
            start=1,
        ):
            rows["assessment_steps"].append(
                {
                    "id": ids["assessment_steps"],
                    "process_id": pid,
                    "kind": kind,
                    "position": position,
                    "title_en": en,
                    "title_fr": fr,
                    "skill_ids": assessed,
                }
            )
            steps.append((ids["assessment_steps"], kind, assessed))
            ids["assessment_steps"] += 1
        plans.append(
            {
                "id": pid,
                "published_at": published,
                "closing_at": closing,
                "language_requirement": language,
                "skills": skills,
                "questions": questions,
                "steps": steps,
                "recruiter_id": team[0],
                "recruiter_email": f"recruiter{recruiters.index(team[0]) + 1}@{common.DOMAIN}",
                "classification_id": rows["processes"][-1]["classification_id"],
            }
        )
    return plans, rows


def plan_applications(
    rng: random.Random,
    ids: dict[str, int],
    people: list[int],
    procs: list[dict[str, Any]],
    members: int | None,
) -> tuple[dict[int, list[Planned]], int]:
    """Who applies where and how it ends. Default: 2 % of the people apply (1 to 3 processes each) and
    their applications end as the state mix says. With ``members``: that many people are each an
    available member of at least one closed process's pool (the rest of their applications, and the
    other applicants', drawn from the mix; the other applicants' never available)."""
    applicants = max(round(APPLY_SHARE * len(people)), members or 0)
    chosen = rng.sample(people, min(applicants, len(people)))
    closed = [p for p in procs if p["closing_at"] <= procs[0]["_now"]]
    plans: dict[int, list[Planned]] = {}
    for n, uid in enumerate(chosen):
        count = rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
        targets = rng.sample(procs, count)
        if members is None:
            states = [draw_state(rng) for _ in targets]
        elif n < members:
            first = rng.choice(closed)
            targets = [first, *(p for p in targets if p is not first)][:count]
            states = [draw_state(rng, available=True), *(draw_state(rng) for _ in targets[1:])]
        else:
            states = [draw_state(rng, available=False) for _ in targets]
        plans[uid] = []
        for process, state in zip(targets, states, strict=True):
            plans[uid].append(Planned(ids["applications"], process, state))
            ids["applications"] += 1
    return plans, applicants


def is_available(app: dict[str, Any], today: str) -> bool:
    return (
        app["decision"] == "qualified"
        and app["submitted_at"] is not None
        and app["removed_at"] is None
        and (app["expiry_date"] is None or app["expiry_date"] >= today)
        and app["suspended_at"] is None
        and app["paused_at"] is None
        and app["placement"] in (None, "tentative")
    )


TABLES = (
    "users",
    "candidate_profiles",
    "user_skills",
    "experiences",
    "experience_skills",
    "equity_declarations",
    "processes",
    "process_skills",
    "process_questions",
    "assessment_steps",
    "applications",
    "application_answers",
    "application_events",
    "assessment_results",
    "audit_events",
    "talent_requests",
    "request_skills",
    "talent_request_events",
    "referrals",
)
PERSON_TABLES = (
    "users",
    "candidate_profiles",
    "user_skills",
    "experiences",
    "experience_skills",
    "equity_declarations",
    "applications",
    "application_answers",
    "application_events",
    "assessment_results",
    "audit_events",
)


def build(
    name: str,
    people: int,
    *,
    members: int | None = None,
    seed: int = 1,
    n_processes: int = DEFAULT_PROCESSES,
    n_requests: int = DEFAULT_REQUESTS,
    runs: int = DEFAULT_RUNS,
    batch: int = BATCH,
    quiet: bool = False,
) -> dict[str, Any]:
    """Build the data set into database ``name``; return what was built and how long it took."""
    import psycopg
    from flask_migrate import upgrade

    from talent.extensions import db
    from talent.passwords import hash_password

    if members is not None and not 0 <= members <= people:
        raise SystemExit("--members must be between 0 and --people")
    started = time.monotonic()
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    stages = tqdm(total=7, desc="build", unit="stage", disable=quiet)
    create_database(name)
    app = common.make_app(name, {"TASK_DISPATCH": "record", "MATCHING_SHARD_SIZE": 10**9})
    stats: dict[str, Any] = {"people": people, "seed": seed}
    with app.app_context():
        stages.set_postfix_str("migrations")
        upgrade()
        stages.update()
        stages.set_postfix_str("skills library and reference data")
        from talent.reference.services import seed_reference
        from talent.skills.services import import_library

        import_library()
        seed_reference()
        db.session.commit()
        stages.update()
        cat = catalogue(db, rng, hash_password(common.PASSWORD), now)
        with psycopg.connect(common.db_url(name)) as conn:
            _skip_foreign_key_triggers(conn)
            ids = next_ids(conn, TABLES)
            stages.set_postfix_str("staff and processes")
            staff_rows, by_role = staff(ids, cat)
            copy_rows(conn, "users", staff_rows)
            it = [
                cid for cid, group in db.session.execute(_classes_sql()) if group == "IT"
            ] or cat.classifications
            classes = it * 4 + cat.classifications  # mostly IT, some of every group
            procs, proc_rows = processes(rng, ids, cat, by_role["recruiter"], n_processes, classes)
            for table, rows in proc_rows.items():
                copy_rows(conn, table, rows)
            conn.commit()
            stages.update()
            stages.set_postfix_str("people")
            uids = list(range(ids["users"], ids["users"] + people))
            ids["users"] += people
            for p in procs:
                p["_now"] = now
            plans, applicants = plan_applications(rng, ids, uids, procs, members)
            available: list[tuple[int, int]] = []  # (user id, application id) of available memberships
            counts = dict.fromkeys(PERSON_TABLES, 0)
            today = now.astimezone(_toronto()).date().isoformat()
            bar = tqdm(total=people, desc="people", unit="person", disable=quiet, leave=False)
            for start in range(0, people, batch):
                chunk: dict[str, list[dict[str, Any]]] = {t: [] for t in PERSON_TABLES}
                for uid in uids[start : start + batch]:
                    mine = plans.get(uid, [])
                    rows = person(rng, uid, ids, cat, mine)
                    if mine:
                        snapshot = rows.pop("snapshot")[0]
                        rows.update(applications(rng, ids, cat, rows["users"][0], mine, snapshot))
                        available += [(uid, a["id"]) for a in rows["applications"] if is_available(a, today)]
                    for table, part in rows.items():
                        chunk[table] += part
                for table in PERSON_TABLES:
                    copy_rows(conn, table, chunk[table])
                    counts[table] += len(chunk[table])
                conn.commit()
                bar.update(len(uids[start : start + batch]))
            bar.close()
            stages.update()
            stages.set_postfix_str("talent requests")
            request_rows = talent_requests(rng, ids, cat, by_role, procs, available, n_requests, quiet=quiet)
            for table, rows in request_rows.items():
                copy_rows(conn, table, rows)
                counts[table] = counts.get(table, 0) + len(rows)
            conn.commit()
            stages.update()
            stages.set_postfix_str("sequences and ANALYZE")
            reset_sequences(conn)
            conn.autocommit = True
            conn.execute("ANALYZE")
            stages.update()
        stages.set_postfix_str("match runs")
        stats["match_runs"] = match_runs(db, runs, rng) if runs else []
        stages.update()
        db.engine.dispose()
    stages.close()
    stats.update(
        applicants=applicants,
        available_members=len({uid for uid, _ in available}),
        available_memberships=len(available),
        rows=counts,
        seconds=time.monotonic() - started,
        db_bytes=common.database_size(name),
    )
    return stats


def _skip_foreign_key_triggers(conn: Any) -> None:
    """Foreign keys are checked by triggers, row by row: the bulk of a COPY's time. The generator writes
    consistent ids (the test checks the joins), so this session skips them when it may (superuser)."""
    import psycopg

    try:
        conn.execute("SET session_replication_role = replica")
    except psycopg.Error:
        conn.rollback()


def _classes_sql() -> Any:
    from sqlalchemy import select

    from talent.models import Classification

    return select(Classification.id, Classification.group).order_by(Classification.id)


def _toronto() -> Any:
    from jobs.services.pools import TIMEZONE

    return TIMEZONE


def match_runs(db: Any, runs: int, rng: random.Random) -> list[dict[str, Any]]:
    """``runs`` real match runs (the app's services and task, in this process) on open requests whose
    classification has pools; the best three of each shortlisted, as a recruiter would."""
    from sqlalchemy import select

    from jobs.models import Process, TalentRequest
    from matching import services
    from matching.models import MatchRun
    from matching.tasks import run_match
    from talent.models import Role, User

    recruiter = db.session.scalars(select(User).where(User.role == Role.RECRUITER).order_by(User.id)).first()
    with_pools = select(Process.classification_id).where(Process.published_at.is_not(None))
    candidates = list(
        db.session.scalars(
            select(TalentRequest)
            .where(TalentRequest.status == "in_progress", TalentRequest.classification_id.in_(with_pools))
            .order_by(TalentRequest.id)
            .limit(2000)
        )
    )
    # Requests whose search narrows least (hard filters other than the classification), so the runs have
    # candidates to rank even in a small data set.
    candidates.sort(
        key=lambda r: sum(1 for k, v in r.search.items() if v and k not in ("classifications", "skills"))
    )
    done = []
    for request in rng.sample(candidates[: runs * 5], min(runs, len(candidates))):
        run, _ = services.start_run(recruiter, request)
        db.session.commit()
        run_match.apply(args=(run.id,), throw=True)
        db.session.expire_all()
        run = db.session.get(MatchRun, run.id)
        top = [r.user_id for r in run.results[:3]]
        if top:
            services.decide(recruiter, request, top, "shortlist")
            db.session.commit()
        done.append(
            {
                "run": run.id,
                "status": run.status,
                "candidates": run.candidate_count,
                "results": len(run.results),
            }
        )
    return done


def describe(stats: dict[str, Any]) -> str:
    rows = stats["rows"]
    return (
        f"{stats['people']:,} people ({stats['applicants']:,} applicants, {stats['available_members']:,} "
        f"available pool members in {stats['available_memberships']:,} memberships), "
        f"{rows.get('applications', 0):,} applications, {rows.get('user_skills', 0):,} candidate skills, "
        f"{rows.get('experiences', 0):,} experiences, "
        f"{rows.get('experience_skills', 0):,} experience skills, "
        f"{rows.get('talent_requests', 0):,} talent requests, {rows.get('referrals', 0):,} referrals, "
        f"{len(stats.get('match_runs', []))} match runs; built in {stats['seconds']:.0f} s, "
        f"database {stats['db_bytes'] / 2**20:,.0f} MB"
    )
