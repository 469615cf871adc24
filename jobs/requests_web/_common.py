"""What the pages of the talent-request blueprints share: the blueprint objects, the role checks, finding a
request the signed-in user may see (else a 404, never a 403, so that ids reveal nothing), the stored search in
words and the referred candidates a manager reads.

- ``jobs_requests`` (under ``/<lang>``): the request form for managers and guests, "My requests" and a
  request's page, the guest's private tracking page (``views_manager``); candidates' referrals
  (``views_candidates``).
- ``jobs_request_team`` (under ``/<lang>/recruit``): the recruitment team's queue, a request's page with
  its lifecycle and referrals (``views_team``), and the reports with their CSV export (``views_reports``).

The template helpers and the list of pages are in ``blueprint.py``; the pages import this module only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jobs import vocab
from jobs.find.forms import EDUCATION_CHOICES, SKILL_MODES
from jobs.find.views import shown_counts_as, shown_total
from jobs.models import TalentRequest
from jobs.services import JobsError, requests
from jobs.services.pools import NOMINATION
from jobs.services.request_views import ReferredProfile, referred_profiles, skills_by_key
from jobs.services.talent_search import SMALL_COUNT, TalentCount, TalentFilters, count
from talent import audit
from talent import vocab as talent_vocab
from talent.models import Role, User
from talent.security import current_account, roles_required
from talent.vocab import label

bp = Blueprint("jobs_requests", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")
team_bp = Blueprint(
    "jobs_request_team", __name__, url_prefix="/<lang:lang_code>/recruit", template_folder="templates"
)
staff_only = roles_required(Role.RECRUITER, Role.ADMIN)
requesters_only = roles_required(Role.MANAGER, Role.RECRUITER, Role.ADMIN)
candidate_only = roles_required(Role.CANDIDATE)

PAGE_SIZE = 25
TOKEN_MAX = 100

EVENT_ACTIONS: dict[str, LazyString] = {
    "submitted": _l("Request submitted"),
    "status_changed": _l("Status changed"),
    "updated": _l("Follow-up updated"),
    "referred": _l("Candidate referred"),
    "not_referred": _l("Candidate not referred"),
    "selection": _l("Manager’s decision recorded"),
    "declined": _l("The candidate declined the referral"),
}


def visible_or_404(request_id: int) -> TalentRequest:
    found = requests.visible(current_account(), request_id)
    if found is None:
        abort(404)
    return found


def describe_search(filters: TalentFilters, lang: str) -> list[tuple[str, str]]:
    """The stored search in words: (filter, chosen values) for each filter used."""
    names = skills_by_key(filters.skills)
    rows: list[tuple[Any, list[str]]] = [
        (_l("Classification"), list(filters.classifications)),
        (_l("Work stream"), [label(vocab.STREAMS, c) for c in filters.streams]),
        (
            _l("Skills (%(mode)s)", mode=SKILL_MODES.get(filters.skill_mode, "")),
            [names[k].name(lang) if k in names else k for k in filters.skills],
        ),
        (_l("Language"), [label(vocab.LANGUAGE_FILTERS, filters.language)] if filters.language else []),
        (_l("Work regions"), [label(talent_vocab.WORK_REGIONS, c) for c in filters.regions]),
        (
            _l("Remote, hybrid or on-site"),
            [label(talent_vocab.WORK_ARRANGEMENTS, c) for c in filters.arrangements],
        ),
        (
            _l("Operational requirements"),
            [label(talent_vocab.OPERATIONAL_REQUIREMENTS, c) for c in filters.operational_requirements],
        ),
        (_l("Position durations"), [label(talent_vocab.POSITION_DURATIONS, c) for c in filters.durations]),
        (_l("Employment equity groups"), [label(talent_vocab.EQUITY_GROUPS, c) for c in filters.equity]),
        (
            _l("Education requirement"),
            [label(EDUCATION_CHOICES, filters.education)] if filters.education else [],
        ),
    ]
    return [(str(name), "; ".join(values)) for name, values in rows if values]


def search_context(
    talent_request: TalentRequest,
    exact: bool,
    lang: str,
    counted: TalentCount | None = None,
) -> dict[str, Any]:
    """The stored search in words and its count now (None when its codes no longer exist), with the people
    among them available through the talent-management programme as the find-talent page shows them
    (``programme``: None when nobody). A caller that already counted the people fitting the search passes
    ``counted``, so the search does not run twice."""
    try:
        filters = requests.stored_filters(talent_request)
    except JobsError:
        return {"search_rows": None, "live": None, "live_known": False, "small_count": SMALL_COUNT}
    if counted is None:
        counted = count(filters)
    return {
        "search_rows": describe_search(filters, lang),
        "live": shown_total(counted.total, filters, exact),
        "programme": shown_counts_as(counted, filters, exact)[2],
        "programme_label": label(vocab.TALENT_SOURCES, NOMINATION),
        "live_known": True,
        "small_count": SMALL_COUNT,
    }


def referred_for_manager(talent_request: TalentRequest, viewer: User | None) -> list[ReferredProfile]:
    """The referred candidates a manager (or guest) reads; every profile shown is an audited view."""
    profiles = referred_profiles(requests.manager_referrals(talent_request))
    audit.record_many(
        "profile.viewed",
        actor=viewer,
        target_type="profile",
        target_ids=[item.user.id for item in profiles],
        request=talent_request.id,
    )
    return profiles


def event_text(action: str) -> str:
    text = EVENT_ACTIONS.get(action)
    return str(text) if text is not None else action


def requester_name(talent_request: TalentRequest) -> str:
    if talent_request.requester is not None:
        return talent_request.requester.display_name
    return _("%(name)s (guest)", name=talent_request.guest_name or "")
