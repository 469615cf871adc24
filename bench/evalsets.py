"""Evaluation sets sampled from ESCO's occupation -> skill relations (``bench/data/esco_eval.json.gz``).

The recipe (docs/matching.md, "Measuring quality"); every random choice comes from one seed:

- a **person** of occupation ``o`` keeps each essential skill with probability ``p_e`` (drawn per person
  in 0.45-0.75) and each optional skill with ``p_o`` (0.05-0.25); each kept skill is replaced with
  probability 0.15 by another skill of the same deepest skill group (a neighbouring skill); 0-4 noise
  skills are added, drawn by how many occupations use them. Essential skills get levels 2-4, mostly
  current, 1-10 years; optional ones levels 1-3; noise levels 1-2, often past, under 3 years. At most 40
  skills, at least 1.
- a **request** for occupation ``o`` requires 4-10 of its essential skills (levels: any, 1, 2 or 3) and
  would like 0-5 of its optional ones.
- **relevance** comes from the occupation taxonomy only: same occupation 3, same ISCO-08 unit group 2,
  same minor group (3 digits) 1, else 0.
- the **warm** set draws people from every occupation; the **cold** set draws its requests from
  occupations that have no people at all (each one shares its unit group with an occupation that has).
- the **careers** set (``bench/careers.py``) gives each person past occupations as well.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matching.engine import CandidateArrays, MatchRequest, RequestSkill, SkillInfo

DATA = Path(__file__).resolve().parent / "data" / "esco_eval.json.gz"


@dataclass(frozen=True)
class Esco:
    skills: list[SkillInfo]
    groups: npt.NDArray[np.int64]  # (n_skills, 4), -1 = none
    isco: npt.NDArray[np.int64]  # (n_occupations,)
    essential: list[npt.NDArray[np.int64]]
    optional: list[npt.NDArray[np.int64]]
    popularity: npt.NDArray[np.float64]  # share of occupations using each skill
    neighbours: list[npt.NDArray[np.int64]]  # skills of the same deepest group


@dataclass(frozen=True)
class EvalSet:
    """Candidates (and the occupation each one holds now), requests (and the occupation each one was built
    from); for the careers set also each candidate's past occupations (``past_occ[past_indptr[i]:
    past_indptr[i + 1]]``), which its relevance grading reads (``bench/careers.py``)."""

    name: str
    candidates: CandidateArrays
    candidate_occ: npt.NDArray[np.int64]
    requests: list[MatchRequest]
    request_occ: npt.NDArray[np.int64]
    past_indptr: npt.NDArray[np.int64] | None = None
    past_occ: npt.NDArray[np.int64] | None = None


def load(path: Path = DATA) -> Esco:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        raw = json.load(f)
    groups = np.asarray(raw["skill_groups"], np.int64)
    skills = [
        SkillInfo(f"esco-skill-{i}", groups=tuple(f"g{g}" for g in row if g >= 0))
        for i, row in enumerate(groups.tolist())
    ]
    essential = [np.asarray(x, np.int64) for x in raw["essential"]]
    optional = [np.asarray(x, np.int64) for x in raw["optional"]]
    use = np.bincount(np.concatenate(essential + optional), minlength=len(skills)).astype(np.float64)
    deepest = np.where(groups[:, 3] >= 0, groups[:, 3], groups[:, 2])
    order = np.argsort(deepest, kind="stable")
    bounds = np.searchsorted(deepest[order], np.unique(deepest))
    members = dict(zip(np.unique(deepest).tolist(), np.split(order, bounds[1:]), strict=True))
    neighbours = [members[int(d)] for d in deepest.tolist()]
    return Esco(
        skills,
        groups,
        np.asarray(raw["occupation_isco"], np.int64),
        essential,
        optional,
        use / len(essential),
        neighbours,
    )


def relevance(esco: Esco, request_occ: int, candidate_occ: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """3 same occupation, 2 same ISCO unit group, 1 same minor group, else 0."""
    a, b = esco.isco[request_occ], esco.isco[candidate_occ]
    return np.where(candidate_occ == request_occ, 3, np.where(b == a, 2, np.where(b // 10 == a // 10, 1, 0)))


def _occupation_skills(esco: Esco, occ: int, rng: np.random.Generator) -> dict[int, tuple[int, float, bool]]:
    """The skills a person of ``occ`` holds from that occupation: skill -> (level, years, current)."""
    p_e, p_o = rng.uniform(0.45, 0.75), rng.uniform(0.05, 0.25)
    ess = esco.essential[occ][rng.random(esco.essential[occ].shape[0]) < p_e]
    opt = esco.optional[occ][rng.random(esco.optional[occ].shape[0]) < p_o]
    entries: dict[int, tuple[int, float, bool]] = {}
    for kind, chosen in ((2, ess), (1, opt)):
        for s in chosen.tolist():
            if rng.random() < 0.15:
                nb = esco.neighbours[s]
                if nb.shape[0] > 1:
                    s = int(nb[rng.integers(nb.shape[0])])
            if kind == 2:
                entry = (
                    int(rng.choice([2, 3, 4], p=[0.3, 0.45, 0.25])),
                    float(rng.integers(2, 21)) / 2,
                    bool(rng.random() < 0.85),
                )
            else:
                entry = (
                    int(rng.choice([1, 2, 3], p=[0.3, 0.45, 0.25])),
                    float(rng.integers(0, 11)) / 2,
                    bool(rng.random() < 0.7),
                )
            entries.setdefault(s, entry)
    return entries


def _noise(esco: Esco, rng: np.random.Generator) -> dict[int, tuple[int, float, bool]]:
    """0-4 skills unrelated to the occupation, drawn by how many occupations use them."""
    p = esco.popularity / esco.popularity.sum()
    out: dict[int, tuple[int, float, bool]] = {}
    for s in rng.choice(p.shape[0], int(rng.integers(0, 5)), p=p).tolist():
        out.setdefault(
            int(s), (int(rng.integers(1, 3)), float(rng.integers(0, 6)) / 2, bool(rng.random() < 0.5))
        )
    return out


def _person(
    esco: Esco, occ: int, rng: np.random.Generator
) -> tuple[list[int], list[int], list[float], list[bool]]:
    entries = _occupation_skills(esco, occ, rng)
    for s, entry in _noise(esco, rng).items():
        entries.setdefault(s, entry)
    if not entries:
        entries[int(rng.choice(esco.essential[occ]))] = (2, 2.0, True)
    keys = list(entries)[:40]
    return keys, [entries[k][0] for k in keys], [entries[k][1] for k in keys], [entries[k][2] for k in keys]


def _people(
    esco: Esco, occupations: npt.NDArray[np.int64], per_occ: int, rng: np.random.Generator, prefix: str
) -> tuple[CandidateArrays, npt.NDArray[np.int64]]:
    ids: list[str] = []
    indptr, skills, levels, years, current, occ_of = [0], [], [], [], [], []
    for occ in occupations.tolist():
        for _ in range(per_occ):
            sk, lv, yr, cur = _person(esco, occ, rng)
            ids.append(f"{prefix}{len(ids):06d}")
            skills += sk
            levels += lv
            years += yr
            current += cur
            indptr.append(len(skills))
            occ_of.append(occ)
    n = len(ids)
    arrays = CandidateArrays.build(
        ids,
        indptr,
        np.asarray(skills, np.int64),
        levels=levels,
        years=years,
        current=current,
        pool_indptr=np.arange(n + 1),
        pools=np.zeros(n, np.int64),
        pool_names=["all"],
    )
    return arrays, np.asarray(occ_of, np.int64)


def _request(esco: Esco, occ: int, rid: str, rng: np.random.Generator) -> MatchRequest:
    ess, opt = esco.essential[occ], esco.optional[occ]
    req = rng.permutation(ess)[: int(rng.integers(4, 11))].tolist()
    nice = rng.permutation(opt)[: int(rng.integers(0, 6))].tolist()
    levels = rng.choice([0, 1, 2, 3], len(req), p=[0.3, 0.2, 0.35, 0.15]).tolist()
    return MatchRequest(
        rid,
        tuple(RequestSkill(esco.skills[s].id, lv or None) for s, lv in zip(req, levels, strict=True)),
        tuple(RequestSkill(esco.skills[s].id) for s in nice),
    )


def make_sets(esco: Esco, seed: int, n_requests: int = 400, per_occ: int = 4) -> tuple[EvalSet, EvalSet]:
    """The warm and the cold set for ``seed``."""
    rng = np.random.default_rng(seed)
    n_occ = esco.isco.shape[0]
    every = np.arange(n_occ)
    people, occ_of = _people(esco, every, per_occ, rng, "w")
    warm_req = rng.choice(n_occ, n_requests, replace=False)
    warm = EvalSet(
        "warm",
        people,
        occ_of,
        [_request(esco, int(o), f"w{i}", rng) for i, o in enumerate(warm_req)],
        warm_req,
    )
    unit_size = np.bincount(esco.isco, minlength=int(esco.isco.max()) + 1)[esco.isco]
    # Cold requests: occupations with a sibling in their unit group; at most one per unit group, so
    # every unit group keeps people of at least one occupation.
    shuffled = rng.permutation(np.flatnonzero(unit_size >= 2))
    _, first = np.unique(esco.isco[shuffled], return_index=True)
    cold_req = rng.permutation(shuffled[np.sort(first)])[:n_requests]
    rest = np.setdiff1d(every, cold_req)
    people_c, occ_c = _people(esco, rest, per_occ, rng, "c")
    cold = EvalSet(
        "cold",
        people_c,
        occ_c,
        [_request(esco, int(o), f"c{i}", rng) for i, o in enumerate(cold_req)],
        cold_req,
    )
    return warm, cold
