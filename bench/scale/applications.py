"""One person's applications, generated in the end state the plan gives them, with what the app records
on the way there: answers, the submitted snapshot, one event per step (and its audit entry), and the
screening and interview results of decided applications."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from bench.scale.people import ANSWERS, Catalogue, Planned, iso

DECIDED = {"available", "tentative", "placed", "expired", "suspended", "paused", "disqualified", "removed"}
QUALIFIED = {"available", "tentative", "placed", "expired", "suspended", "paused"}
# Where each plan ends, drawn per application (``available`` and ``tentative`` count as available).
STATES = {
    "available": 62,
    "tentative": 3,
    "placed": 5,
    "expired": 3,
    "suspended": 2,
    "paused": 1,
    "disqualified": 12,
    "pending": 6,
    "removed": 4,
    "draft": 2,
}
AVAILABLE_STATES = frozenset({"available", "tentative"})


def draw_state(rng: random.Random, *, available: bool | None = None) -> str:
    """A state from the mix; ``available=False`` only among the unavailable ones, True: an available one."""
    states = [s for s in STATES if available is None or (s in AVAILABLE_STATES) == available]
    return rng.choices(states, weights=[STATES[s] for s in states])[0]


def applications(
    rng: random.Random,
    ids: dict[str, int],
    cat: Catalogue,
    user: dict[str, Any],
    plans: list[Planned],
    snapshot: dict[str, Any],
) -> dict[str, list[dict[str, Any]]]:
    now = cat.now
    today = now.date()
    rows: dict[str, list[dict[str, Any]]] = {
        "applications": [],
        "application_answers": [],
        "application_events": [],
        "assessment_results": [],
        "audit_events": [],
    }
    name = f"{user['first_name']} {user['last_name']}"
    for plan in plans:
        process, state = plan.process, plan.state
        opened, closing = process["published_at"], process["closing_at"]
        if closing > now and state in DECIDED:
            state = "pending"  # nothing is decided before the process closes
        if state == "draft" and closing <= now:
            state = "pending"  # a draft of a closed process would be an expired one: keep it simple
        window = max(60.0, (min(closing, now) - opened).total_seconds() - 3600)
        created = opened + timedelta(seconds=rng.uniform(0, window))
        submitted = created + timedelta(seconds=rng.uniform(600, 3000))
        decided = min(closing + timedelta(days=rng.randint(20, 90)), now - timedelta(days=1))
        app: dict[str, Any] = {
            "id": plan.id,
            "process_id": process["id"],
            "user_id": user["id"],
            "created_at": iso(created),
            "updated_at": iso(submitted if state != "draft" else created),
            "signature": None,
            "submitted_at": None,
            "snapshot": None,
            "decision": None,
            "decided_at": None,
            "expiry_date": None,
            "disqualification_reason": None,
            "placement": None,
            "placed_at": None,
            "placed_department_id": None,
            "removed_at": None,
            "removal_reason": None,
            "removal_details": None,
            "suspended_at": None,
            "paused_at": None,
        }
        answers = []
        for question_id, _text_en, _text_fr in process["questions"]:
            answer = {
                "id": ids["application_answers"],
                "application_id": plan.id,
                "question_id": question_id,
                "answer": rng.choice(ANSWERS),
            }
            ids["application_answers"] += 1
            answers.append(answer)
            rows["application_answers"].append(answer)
        events: list[tuple[datetime, dict[str, Any], str, str, str, dict[str, Any]]] = []
        candidate = (user["id"], user["email"])
        recruiter = (process["recruiter_id"], process["recruiter_email"])
        events.append((created, candidate, "started", "none", "draft", {}))
        if state != "draft":
            app["signature"] = name
            app["submitted_at"] = iso(submitted)
            app["snapshot"] = {
                **snapshot,
                "exported_at": iso(submitted),
                "answers": [
                    {"question_id": q[0], "question_en": q[1], "question_fr": q[2], "answer": a["answer"]}
                    for q, a in zip(process["questions"], answers, strict=True)
                ],
            }
            events.append((submitted, candidate, "submitted", "draft", "submitted", {}))
        if state in DECIDED and state != "removed":
            app["decided_at"] = iso(decided)
        if state in QUALIFIED:
            app["decision"] = "qualified"
            # Pools last about two years; a membership that should be current is, whatever its age.
            expiry = max(
                (decided + timedelta(days=rng.randint(540, 900))).date(),
                today + timedelta(days=rng.randint(30, 700)),
            )
            if state == "expired":
                expiry = today - timedelta(days=rng.randint(1, 200))
            app["expiry_date"] = expiry.isoformat()
            events.append(
                (
                    decided,
                    recruiter,
                    "qualified",
                    "submitted",
                    "qualified",
                    {"expiry_date": expiry.isoformat()},
                )
            )
            later = decided + (now - decided) * rng.uniform(0.1, 0.9)
            if state in ("tentative", "placed"):
                placement = "tentative" if state == "tentative" else rng.choice(("term", "indeterminate"))
                department = rng.choice(cat.departments)
                app.update(placement=placement, placed_at=iso(later), placed_department_id=department)
                events.append(
                    (
                        later,
                        recruiter,
                        "placed",
                        "qualified",
                        "placed",
                        {"placement": placement, "department": department},
                    )
                )
            elif state == "suspended":
                app["suspended_at"] = iso(later)
                events.append((later, candidate, "suspended", "qualified", "qualified", {}))
            elif state == "paused":
                app["paused_at"] = iso(later)
                events.append((later, recruiter, "paused", "qualified", "qualified", {}))
        elif state == "disqualified":
            app["decision"] = "disqualified"
            app["disqualification_reason"] = "Did not demonstrate an essential skill at the required level."
            events.append((decided, recruiter, "disqualified", "submitted", "disqualified", {}))
        elif state == "removed":
            reason = rng.choice(("withdrew", "not_responsive", "ineligible", "other"))
            app.update(removed_at=iso(decided), removal_reason=reason)
            app["removal_details"] = "Left the process." if reason == "other" else None
            events.append((decided, recruiter, "removed", "submitted", "removed", {"reason": reason}))
        rows["applications"].append(app)
        for at, (actor_id, actor_email), action, before, after, details in events:
            rows["application_events"].append(
                {
                    "id": ids["application_events"],
                    "application_id": plan.id,
                    "at": iso(at),
                    "actor_id": actor_id,
                    "action": action,
                    "status_before": before,
                    "status_after": after,
                    "details": details,
                }
            )
            ids["application_events"] += 1
            rows["audit_events"].append(
                {
                    "id": ids["audit_events"],
                    "at": iso(at),
                    "actor_id": actor_id,
                    "actor_label": actor_email,
                    "action": f"application.{action}",
                    "target_type": "application",
                    "target_id": str(plan.id),
                    "ip": None,
                    "details": {"before": before, "after": after},
                }
            )
            ids["audit_events"] += 1
        if app["decision"] is not None:
            rows["assessment_results"] += _results(rng, ids, plan, process, recruiter[0], decided)
    return rows


def _results(
    rng: random.Random,
    ids: dict[str, int],
    plan: Planned,
    process: dict[str, Any],
    assessor: int,
    at: datetime,
) -> list[dict[str, Any]]:
    """The grid of a decided application: every step's essential skills; one failure when disqualified."""
    cells = [(step_id, ps_id) for step_id, _kind, skill_ids in process["steps"] for ps_id in skill_ids]
    failed = rng.randrange(len(cells)) if plan.state == "disqualified" and cells else -1
    rows = []
    for n, (step_id, ps_id) in enumerate(cells):
        rows.append(
            {
                "id": ids["assessment_results"],
                "application_id": plan.id,
                "step_id": step_id,
                "process_skill_id": ps_id,
                "result": "unsuccessful" if n == failed else "successful",
                "justification": "Shown in the application." if n != failed else "Not shown.",
                "assessed_by_id": assessor,
                "assessed_at": iso(at - timedelta(days=rng.randint(1, 15))),
            }
        )
        ids["assessment_results"] += 1
        if n == failed:
            break
    return rows
