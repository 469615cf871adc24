"""The ``profile`` blueprint, complete: its template helpers and its pages. Only the app factory
(``talent.app``) imports this module; what the pages share is in ``_common``.

Pages: ``views_sections`` (the overview and one page per section, the equity self-declaration, the matching
choice), ``views_skills`` (skills and experiences), ``views_privacy`` (export, deletion),
``views_careers`` (a government employee's work e-mail address and career interests) and
``views_candidate`` (the recruitment team's audited read-only view of a candidate).
"""

from __future__ import annotations

from typing import Any

from talent import vocab
from talent.profiles import (
    views_candidate,  # noqa: F401 - its routes register on ``bp``
    views_careers,  # noqa: F401
    views_privacy,  # noqa: F401
    views_sections,  # noqa: F401
    views_skills,  # noqa: F401
)
from talent.profiles._common import bp
from talent.profiles.sections import section_url

__all__ = ["bp"]


@bp.app_context_processor
def profile_helpers() -> dict[str, Any]:
    return {"vocab": vocab, "vocab_label": vocab.label, "profile_section_url": section_url}
