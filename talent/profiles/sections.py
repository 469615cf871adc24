"""The sections of a candidate's profile and the page that edits each.

Rules (completeness, submission problems) name a section by its code; only the web layer turns a code into
a page, here, for the profile's own pages and for other packages' pages that send a candidate to fix
something (the application's review page).
"""

from __future__ import annotations

from flask import url_for

SECTION_PAGES = {
    "personal": "profile.personal",
    "languages": "profile.languages",
    "government": "profile.government",
    "location": "profile.location",
    "conditions": "profile.conditions",
    # A government employee's pages (talent-management programme).
    "work_email": "profile.work_email",
    "career_interests": "profile.career_interests",
}


def section_url(section: str) -> str:
    """The page that edits ``section`` (a KeyError for a section no page edits)."""
    return url_for(SECTION_PAGES[section])
