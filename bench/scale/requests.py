"""Talent requests, generated: managers' and guests' requests across the lifecycle (new, in progress,
completed), the search each came from, required and nice-to-have skills, events, and referrals of
available pool members with the managers' selections."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta
from typing import Any

from tqdm import tqdm

from bench.scale import common
from bench.scale.people import Catalogue, iso
from jobs import vocab as jobs_vocab
from talent import vocab


def talent_requests(
    rng: random.Random,
    ids: dict[str, int],
    cat: Catalogue,
    by_role: dict[str, list[int]],
    procs: list[dict[str, Any]],
    available: list[tuple[int, int]],
    count: int,
    *,
    quiet: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    from jobs.services.talent_search import TalentFilters

    now = cat.now
    codes = _class_codes(procs)
    rows: dict[str, list[dict[str, Any]]] = {
        "talent_requests": [],
        "request_skills": [],
        "talent_request_events": [],
        "referrals": [],
        "audit_events": [],
    }
    managers, recruiters = by_role["manager"], by_role["recruiter"]

    def event(request_id: int, at: Any, actor: int | None, action: str, **details: Any) -> None:
        rows["talent_request_events"].append(
            {
                "id": ids["talent_request_events"],
                "request_id": request_id,
                "at": iso(at),
                "actor_id": actor,
                "action": action,
                "details": details,
            }
        )
        ids["talent_request_events"] += 1
        rows["audit_events"].append(
            {
                "id": ids["audit_events"],
                "at": iso(at),
                "actor_id": actor,
                "actor_label": _email(actor, managers, recruiters),
                "action": f"request.{action}",
                "target_type": "talent_request",
                "target_id": str(request_id),
                "ip": None,
                "details": {},
            }
        )
        ids["audit_events"] += 1

    for _ in tqdm(range(count), desc="talent requests", unit="request", disable=quiet, leave=False):
        rid = ids["talent_requests"]
        ids["talent_requests"] += 1
        created = now - timedelta(days=rng.uniform(1, 720))
        status = rng.choices(("new", "in_progress", "completed"), weights=(25, 30, 45))[0]
        if status == "new":
            created = now - timedelta(days=rng.uniform(0.1, 30))
        guest = rng.random() < 0.15
        requester = None if guest else rng.choice(managers)
        classification_id, code = rng.choice(codes)
        required = cat.pick_technical(rng, rng.randint(1, 4))
        nice = [s for s in cat.pick_technical(rng, rng.randint(0, 3)) if s not in required]
        language = rng.choice((None, None, "english", "french", "bilingual"))
        regions = sorted(rng.sample(list(vocab.WORK_REGIONS), rng.choice((0, 0, 1, 2))))
        arrangements = sorted(rng.sample(list(vocab.WORK_ARRANGEMENTS), rng.choice((0, 1, 2))))
        durations = rng.choice(([], [], ["indeterminate"], ["term"]))
        filters = TalentFilters(
            classifications=(code,) if rng.random() < 0.7 else (),
            skills=tuple(cat.skill_info[s][0] for s in required[:2]) if rng.random() < 0.6 else (),
            language=language,
            regions=tuple(regions),
            arrangements=tuple(arrangements),
            durations=tuple(durations),
            equity=("woman",) if rng.random() < 0.03 else (),
        )
        changed = created + (now - created) * rng.uniform(0.2, 0.9)
        row = {
            "id": rid,
            "created_at": iso(created),
            "updated_at": iso(changed if status != "new" else created),
            "requester_id": requester,
            "guest_name": "Guest Manager" if guest else None,
            "guest_email": f"guest{rid}@{common.DOMAIN}" if guest else None,
            "tracking_token_hash": hashlib.sha256(f"scale-token-{rid}".encode()).hexdigest()
            if guest
            else None,
            "locale": rng.choice(("en", "en", "fr")),
            "search": filters.to_json(),
            "count_at_submission": rng.randint(0, max(1, len(available))),
            "department_id": rng.choice(cat.departments),
            "job_title": rng.choice(("Data engineer", "Developer", "Security analyst", "Analyst")),
            "position_type": rng.choice(list(jobs_vocab.POSITION_TYPES)),
            "classification_id": classification_id,
            "language": language,
            "security_clearance": rng.choice(list(jobs_vocab.SECURITY_CLEARANCES)),
            "regions": regions,
            "work_arrangements": arrangements,
            "operational_requirements": [],
            "position_durations": durations,
            "reason": rng.choice(list(jobs_vocab.REQUEST_REASONS)),
            "start_date": None,
            "hiring_manager_name": "Morgan Manager",
            "hiring_manager_email": f"hm{rid % 500}@{common.DOMAIN}",
            "hr_advisor_name": None,
            "hr_advisor_email": None,
            "comments": "Looking for someone soon." if rng.random() < 0.3 else None,
            "status": status,
            "status_detail": rng.choice(list(jobs_vocab.REQUEST_STATUS_DETAILS))
            if status == "in_progress"
            else None,
            "outcome": rng.choice(list(jobs_vocab.REQUEST_OUTCOMES)) if status == "completed" else None,
            "follow_up_date": None,
            "notes": None,
            "status_changed_at": iso(changed if status != "new" else created),
            "completed_at": iso(changed) if status == "completed" else None,
        }
        rows["talent_requests"].append(row)
        for skill_id, kind in [(s, "required") for s in required] + [(s, "nice_to_have") for s in nice]:
            rows["request_skills"].append(
                {
                    "id": ids["request_skills"],
                    "request_id": rid,
                    "skill_id": skill_id,
                    "kind": kind,
                    "level": rng.randint(1, 4),
                }
            )
            ids["request_skills"] += 1
        event(rid, created, requester, "submitted")
        if status == "new":
            continue
        recruiter = rng.choice(recruiters)
        event(
            rid,
            created + (changed - created) / 3,
            recruiter,
            "status_changed",
            before="new",
            after="in_progress",
        )
        if available:
            for user_id, application_id in dict(
                rng.choice(available) for _ in range(rng.randint(0, 6))
            ).items():
                referred = rng.random() < 0.85
                at = created + (changed - created) / 2
                selection = None
                if referred and status == "completed":
                    selection = rng.choices(("selected", "not_selected", None), weights=(30, 50, 20))[0]
                rows["referrals"].append(
                    {
                        "id": ids["referrals"],
                        "request_id": rid,
                        "user_id": user_id,
                        "application_id": application_id,
                        "referred": referred,
                        "not_referred_reason": None if referred else "Not available at the start date.",
                        "decided_at": iso(at),
                        "decided_by_id": recruiter,
                        "selection": selection,
                        "selection_reason": "other_candidate_selected"
                        if selection == "not_selected"
                        else None,
                        "selection_details": None,
                        "selection_at": iso(changed) if selection else None,
                        "declined_at": iso(at + timedelta(days=2))
                        if referred and rng.random() < 0.03
                        else None,
                    }
                )
                ids["referrals"] += 1
                event(rid, at, recruiter, "referred" if referred else "not_referred", candidate=user_id)
                if selection:
                    event(rid, changed, recruiter, "selection", candidate=user_id, selection=selection)
        if status == "completed":
            event(rid, changed, recruiter, "status_changed", before="in_progress", after="completed")
    return rows


def _class_codes(procs: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(id, code) of the classifications that have pools: what managers ask for."""
    from sqlalchemy import select

    from talent.extensions import db
    from talent.models import Classification

    wanted = {p["classification_id"] for p in procs}
    return [
        (c.id, c.code)
        for c in db.session.scalars(
            select(Classification).where(Classification.id.in_(wanted)).order_by(Classification.id)
        )
    ]


def _email(actor: int | None, managers: list[int], recruiters: list[int]) -> str:
    if actor is None:
        return "system"
    if actor in recruiters:
        return f"recruiter{recruiters.index(actor) + 1}@{common.DOMAIN}"
    return f"manager{managers.index(actor) + 1}@{common.DOMAIN}"
