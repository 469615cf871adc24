"""What leaves the review list in aggregate or in a file: the fairness check's tables and the CSV of a run's
list. Read-only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from matching import services
from matching.models import MatchRun
from matching.review import listing

# --- Fairness -----------------------------------------------------------------------------------------------


def fairness(run: MatchRun) -> dict[str, list[services.GroupRate] | None]:
    """The four-fifths check of the review (selected: shortlisted or referred among the ranked) and of
    the referral step (selected: referred among those shortlisted or referred). Aggregates only; None
    (or an empty list) when groups are too small to report."""
    decisions = services.decisions_for(run.request)
    ranked = [r.user_id for r in run.results]
    chosen = [uid for uid in ranked if services.is_revealed(decisions.get(uid))]
    referred = [uid for uid in chosen if (d := decisions.get(uid)) is not None and d.decision == "refer"]
    return {
        "review": services.four_fifths(ranked, chosen),
        "referral": services.four_fifths(chosen, referred),
    }


# --- CSV ----------------------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("Rank"),
        _("Score (out of 100)"),
        _("Candidate"),
        _("New since the previous run"),
        _("Available"),
        _("Came from"),
        _("Decision"),
        _("Matched skills"),
        _("Related skills that stood in"),
        _("Missing required skills"),
        _("Required skills"),
    ]


def csv_row(row: listing.Row, lang: str, decision_labels: Mapping[str, Any]) -> list[Any]:
    """One reviewed candidate: the name only when revealed; never equity data, never free text."""
    names = row.explanation.get("names") or {}

    def name(key: str) -> str:
        return str((names.get(key) or {}).get(lang) or key)

    related = [
        _(
            "%(via)s for %(required)s (similarity %(similarity)s)",
            via=name(r.get("via") or ""),
            required=name(r.get("required") or ""),
            similarity=f"{float(r.get('similarity') or 0):.2f}",
        )
        for r in row.explanation.get("related") or ()
    ]
    decision = row.decision.decision if row.decision is not None else None
    return [
        row.rank,
        f"{row.result.score * 100:.1f}",
        row.label,
        _("Yes") if row.new else _("No"),
        _("Yes") if row.facts.available else _("No"),
        listing.source_text(row.sources, lang),
        str(decision_labels[decision]) if decision is not None and decision in decision_labels else "",
        "; ".join(name(m.get("skill") or "") for m in row.explanation.get("matched") or ()),
        "; ".join(related),
        "; ".join(name(k) for k in row.explanation.get("missing") or ()),
        listing.tier_text(row.standing),
    ]
