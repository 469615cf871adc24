"""Labels of the recruitment team's pages: applicant states, event history, roll-up suggestions, filters."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from jobs.services.processes import FIELD_LABELS

Vocabulary = dict[str, LazyString]

APPLICANT_STATUSES: Vocabulary = {
    "to_assess": _l("To assess"),
    "qualified": _l("Qualified"),
    "disqualified": _l("Disqualified"),
    "placed": _l("Placed"),
    "removed": _l("Removed"),
}

# The states an event records (``applications.internal_status``), "none" before the draft existed.
INTERNAL_STATUSES: Vocabulary = {
    "none": _l("(none)"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "qualified": _l("Qualified"),
    "disqualified": _l("Disqualified"),
    "placed": _l("Placed"),
    "removed": _l("Removed"),
}

EVENT_ACTIONS: Vocabulary = {
    "started": _l("Application started"),
    "submitted": _l("Application submitted"),
    "qualified": _l("Qualified"),
    "disqualified": _l("Disqualified"),
    "decision_reverted": _l("Decision reverted"),
    "placed": _l("Placed"),
    "placement_reverted": _l("Placement reverted"),
    "removed": _l("Removed from the process"),
    "reinstated": _l("Reinstated"),
    "suspended": _l("Suspended by the candidate"),
    "resumed": _l("Resumed by the candidate"),
    "paused": _l("Paused by the recruitment team"),
    "unpaused": _l("Pause lifted"),
}

SUGGESTIONS: Vocabulary = {
    "to_assess": _l("Still to assess"),
    "qualified": _l("Qualify"),
    "disqualified": _l("Disqualify"),
}

STEP_STATES: Vocabulary = {
    "pending": _l("Not yet assessed"),
    "successful": _l("Successful"),
    "unsuccessful": _l("Unsuccessful"),
    "hold": _l("On hold"),
}

POOL_EXPIRY: Vocabulary = {
    "current": _l("Not expired"),
    "soon": _l("Expires within 90 days"),
    "expired": _l("Expired"),
    "none": _l("No expiry date"),
}

POOL_FLAGS: Vocabulary = {
    "suspended": _l("Suspended by the candidate"),
    "paused": _l("Paused by the recruitment team"),
    "neither": _l("Neither suspended nor paused"),
}


def bilingual_label(field: str, lang: str) -> LazyString:
    """ "Job title (English)", "Job title (French)"... for the side-by-side fields."""
    if lang == "fr":
        return _l("%(field)s (French)", field=FIELD_LABELS[field])
    return _l("%(field)s (English)", field=FIELD_LABELS[field])
