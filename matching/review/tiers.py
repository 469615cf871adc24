"""What a stored explanation says in the review's terms: how a candidate stands against the request's required
skills (the tier and its counts), the parts of the score in points that add up to the score shown, and the
strongest piece of evidence. Pure: plain data in and out, no database, no Flask.

Explanations stored by engines before tiers (issue 15) lack ``tier``, the ``required_*`` counts, ``parts``
and ``profile_skills``: the tier is then worked out from ``matched``, ``related`` and ``missing``, and the
parts from ``contributions``.

>>> standing({"matched": [{"skill": "sql", "kind": "required", "level": 2, "required_level": 3}]})
Standing(tier=1, met=0, below=1, missing=0, related=0)
>>> apportion([52.04, 17.98, -0.02], 700)
[520, 180, 0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The tiers, best first: every required skill held at the required level; all held, some below it; some
# not held at all (a related skill may stand in for it, and is counted apart).
MEETS, BELOW, MISSING = 0, 1, 2
TIERS = (MEETS, BELOW, MISSING)
PARTS = ("required", "nice_to_have", "profile", "peers")
_COUNTS = ("required_met", "required_below", "required_missing", "required_related")


@dataclass(frozen=True)
class Standing:
    """A candidate against the request's required skills: the tier and how many are met, held below the
    required level, and not held (``related``: of those, how many a related skill stands in for)."""

    tier: int = MISSING
    met: int = 0
    below: int = 0
    missing: int = 0
    related: int = 0

    @property
    def required(self) -> int:
        return self.met + self.below + self.missing


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def standing(explanation: Mapping[str, Any], default_level: int = 2) -> Standing:
    """The candidate's standing: as the engine stored it, else from the matched, related and missing skills
    (a required skill held is met at or above its required level, or with no required level; an undeclared
    level counts as ``default_level``, as the engine counts it)."""
    tier = explanation.get("tier")
    counts = [_count(explanation.get(key)) for key in _COUNTS]
    if tier in TIERS and all(c is not None for c in counts):
        met, below, missing, related = (c or 0 for c in counts)
        return Standing(int(tier), met, below, missing, related)
    met = below = 0
    held = set()
    for m in explanation.get("matched") or ():
        if not m or m.get("kind") != "required":
            continue
        held.add(m.get("skill"))
        level, wanted = m.get("level") or default_level, m.get("required_level")
        if wanted is None or level >= wanted:
            met += 1
        else:
            below += 1
    # Old explanations list as missing only the skills nothing stood in for; a skill not held but covered
    # by a related one is missing too (not held), and counted as related.
    absent = set(explanation.get("missing") or ())
    covered = {
        r.get("required")
        for r in explanation.get("related") or ()
        if r and r.get("kind", "required") == "required" and r.get("required") not in held
    }
    covered -= absent
    not_held = len(absent) + len(covered)
    tier = MISSING if not_held else BELOW if below else MEETS
    return Standing(tier, met, below, not_held, len(covered))


# --- Points -------------------------------------------------------------------------------------------------


def tenths(points: float) -> int:
    """``points`` (out of 100) in tenths of a point: what one decimal shows, rounded as the engine rounds
    the parts it stores (``round(points, 1)``)."""
    return round(round(float(points), 1) * 10)


def apportion(values: Sequence[float], total: int) -> list[int]:
    """``values`` (points) as tenths of a point that add up to ``total`` (tenths) exactly: each rounded down,
    then the tenths left over go to the largest remainders (or, when over, come off the smallest), so that
    the parts shown add up to the score shown. Negative values (similar candidates) are handled alike."""
    if not values:
        return []
    scaled = [round(v * 10, 6) for v in values]
    shares = [math.floor(x) for x in scaled]
    order = sorted(range(len(values)), key=lambda i: (-(scaled[i] - shares[i]), i))
    left = total - sum(shares)
    step = 1 if left > 0 else -1
    if step < 0:
        order.reverse()
    for n in range(abs(left)):
        shares[order[n % len(order)]] += step
    return shares


@dataclass(frozen=True)
class Item:
    """A skill behind the required or nice-to-have part: ``via`` is the related skill that stood in for it."""

    skill: str
    tenths: int
    via: str | None = None
    below: bool = False


@dataclass(frozen=True)
class Part:
    code: str  # one of PARTS
    tenths: int
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Breakdown:
    """The score and its parts in tenths of a point: the parts add up to the score, and the items of a part
    (when shown) to the part."""

    score: int
    parts: tuple[Part, ...]
    profile_skills: tuple[str, ...] = ()

    def part(self, code: str) -> Part | None:
        return next((p for p in self.parts if p.code == code), None)


def _raw_parts(explanation: Mapping[str, Any]) -> dict[str, float] | None:
    """Points (out of 100) of each part, from ``parts`` or, for older explanations, ``contributions``."""
    parts = explanation.get("parts")
    if isinstance(parts, Mapping) and parts:
        return {p: float(parts.get(p) or 0) for p in PARTS if p in parts}
    contributions = explanation.get("contributions") or ()
    if not contributions:
        return None
    raw: dict[str, float] = {}
    for c in contributions:
        code = "profile" if c.get("part") == "profile_fit" else c.get("part")
        if code in PARTS:
            points = c.get("points")
            if points is None:
                points = (c.get("matched") or 0) + (c.get("related") or 0)
            raw[code] = float(points) * 100
    return {p: raw[p] for p in PARTS if p in raw}


def _items(
    explanation: Mapping[str, Any], kind: str, part_tenths: int, part_points: float
) -> tuple[Item, ...]:
    """The skills that gave the part its points, best first, in tenths adding up to the part's (none when
    the stored points of the skills do not make up the part: old or partial explanations)."""
    found: list[tuple[str, float, str | None, bool]] = []
    for m in explanation.get("matched") or ():
        if m and m.get("kind") == kind and (m.get("points") or 0) > 0:
            wanted, level = m.get("required_level"), m.get("level")
            below = wanted is not None and level is not None and level < wanted
            found.append((m.get("skill") or "", float(m["points"]) * 100, None, below))
    for r in explanation.get("related") or ():
        if r and r.get("kind", "required") == kind and (r.get("points") or 0) > 0:
            found.append((r.get("required") or "", float(r["points"]) * 100, r.get("via"), False))
    if not found or abs(sum(f[1] for f in found) - part_points) >= 0.5:
        return ()
    found.sort(key=lambda f: -f[1])
    shares = apportion([f[1] for f in found], part_tenths)
    return tuple(
        Item(skill, share, via, below) for (skill, _p, via, below), share in zip(found, shares, strict=True)
    )


def breakdown(explanation: Mapping[str, Any], score: float) -> Breakdown | None:
    """The score (0 to 1) and the parts of ``explanation`` as shown: tenths of a point adding up exactly
    to the score rounded to one decimal. None when the explanation has no parts."""
    raw = _raw_parts(explanation)
    if not raw:
        return None
    total = tenths(score * 100)
    codes = list(raw)
    shares = apportion([raw[c] for c in codes], total)
    parts = tuple(
        Part(
            code,
            share,
            _items(explanation, code, share, raw[code]) if code in ("required", "nice_to_have") else (),
        )
        for code, share in zip(codes, shares, strict=True)
    )
    profile = tuple(str(k) for k in explanation.get("profile_skills") or () if isinstance(k, str))[:3]
    return Breakdown(total, parts, profile)


# --- Evidence -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """The strongest matched skill (required before nice-to-have, then by points) and the latest experience
    that shows it (None when no experience is linked to it)."""

    skill: str
    level: int | None
    years: float | None
    experience: Mapping[str, Any] | None


def top_evidence(explanation: Mapping[str, Any]) -> Evidence | None:
    matched = [m for m in explanation.get("matched") or () if m and m.get("skill")]
    if not matched:
        return None
    best = min(
        matched,
        key=lambda m: (
            m.get("kind") != "required",
            not m.get("evidence"),
            -(m.get("points") or 0),
            -(m.get("level") or 0),
        ),
    )
    evidence = best.get("evidence") or ()
    return Evidence(best["skill"], best.get("level"), best.get("years"), evidence[0] if evidence else None)
