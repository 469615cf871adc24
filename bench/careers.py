"""The careers evaluation set: people with a current occupation and 1-3 past ones, sampled from the same ESCO
relations as the warm and cold sets (``bench/evalsets.py``); every random choice comes from one seed.

- a **person** holds a current occupation (every occupation gets ``per_occ`` people, as in the warm set)
  and 1-3 past ones. Each move is plausible: with probability 0.5 a past occupation is drawn from the
  current one's ISCO-08 minor group (3 digits), 0.3 from its sub-major group (2 digits), 0.2 from any
  occupation (a wider group when the narrower one has no other occupation; never the current one, never
  twice). The current job lasted 0.5-10 years, each past one 0.5-8.
- the **skills** of each job are drawn as the warm set draws a person's (each essential skill kept with
  probability 0.45-0.75, each optional one 0.05-0.25, 15 % replaced by a neighbouring skill; levels:
  essential 2-4, optional 1-3). A skill of the current job is current, one only from past jobs is past
  (``current=False``); its years are the summed durations of the jobs that used it, its level the
  highest; 0-4 noise skills as in the warm set. At most 60 skills, the current job's first.
- a **request** is built from an occupation as in the warm set (4-10 essential skills required, 0-5
  optional ones nice to have), for 400 occupations drawn without replacement.
- **relevance** (from the occupations only): 3 = the person's current occupation is the request's;
  2 = the current one is in the same ISCO-08 unit group, or a past one is the request's; 1 = the current
  one is in the same minor group, or a past one in the same unit group; else 0 (the highest that applies).
  "Relevant" for MRR and Recall@50 = relevance >= 2.

TF-IDF cosine sees the same skills (current and past alike: it ignores currency and years).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bench.evalsets import Esco, EvalSet, _request, relevance
from matching.engine import CandidateArrays

# The careers set draws from a stream of its own, so adding it changed nothing in the warm and cold sets.
STREAM = 3
MAX_SKILLS = 60


class _Sampler:
    """Vectorised draws for one person's jobs, with the warm set's distributions (``bench/evalsets.py``)."""

    def __init__(self, esco: Esco) -> None:
        self.esco = esco
        self.every = np.arange(esco.isco.shape[0])
        self.minor = self._groups(esco.isco // 10)
        self.sub_major = self._groups(esco.isco // 100)
        self.noise_cdf = np.cumsum(esco.popularity / esco.popularity.sum())

    @staticmethod
    def _groups(keys: npt.NDArray[np.int64]) -> dict[int, npt.NDArray[np.int64]]:
        order = np.argsort(keys, kind="stable")
        uniq, first = np.unique(keys[order], return_index=True)
        return dict(zip(uniq.tolist(), np.split(order, first[1:]), strict=True))

    def past(self, occ: int, k: int, rng: np.random.Generator) -> list[int]:
        """``k`` distinct past occupations for a person now in ``occ``."""
        out: list[int] = []
        a = int(self.esco.isco[occ])
        for _ in range(k):
            u = rng.random()
            start = 0 if u < 0.5 else 1 if u < 0.8 else 2
            for pool in (self.minor[a // 10], self.sub_major[a // 100], self.every)[start:]:
                taken = np.isin(pool, [occ, *out])
                if not taken.all():
                    options = pool[~taken]
                    out.append(int(options[rng.integers(options.shape[0])]))
                    break
        return out

    def job(self, occ: int, rng: np.random.Generator) -> tuple[list[int], list[int]]:
        """Skills kept from one job in ``occ`` (first occurrence kept) and their levels."""
        ess, opt = self.esco.essential[occ], self.esco.optional[occ]
        p_e, p_o = rng.uniform(0.45, 0.75), rng.uniform(0.05, 0.25)
        ess = ess[rng.random(ess.shape[0]) < p_e]
        opt = opt[rng.random(opt.shape[0]) < p_o]
        skills = np.concatenate([ess, opt])
        for i in np.flatnonzero(rng.random(skills.shape[0]) < 0.15).tolist():  # a neighbouring skill
            nb = self.esco.neighbours[int(skills[i])]
            if nb.shape[0] > 1:
                skills[i] = nb[rng.integers(nb.shape[0])]
        levels = np.concatenate(
            [
                rng.choice([2, 3, 4], ess.shape[0], p=[0.3, 0.45, 0.25]),
                rng.choice([1, 2, 3], opt.shape[0], p=[0.3, 0.45, 0.25]),
            ]
        )
        _, first = np.unique(skills, return_index=True)
        first.sort()
        return skills[first].tolist(), levels[first].tolist()

    def noise(self, rng: np.random.Generator) -> list[tuple[int, int, float, bool]]:
        """0-4 skills unrelated to the jobs, drawn by how many occupations use them."""
        k = int(rng.integers(0, 5))
        skills = np.minimum(np.searchsorted(self.noise_cdf, rng.random(k)), self.noise_cdf.shape[0] - 1)
        levels, years, current = rng.integers(1, 3, k), rng.integers(0, 6, k) / 2, rng.random(k) < 0.5
        return list(zip(skills.tolist(), levels.tolist(), years.tolist(), current.tolist(), strict=True))


def _career(
    esco: Esco, occ: int, sampler: _Sampler, rng: np.random.Generator
) -> tuple[list[int], list[int], list[float], list[bool], list[int]]:
    """Skills, levels, years, current flags and past occupations of one person now in ``occ``."""
    past = sampler.past(occ, int(rng.integers(1, 4)), rng)
    jobs = [(occ, float(rng.integers(1, 21)) / 2, True)]
    jobs += [(p, float(rng.integers(1, 17)) / 2, False) for p in past]
    entries: dict[int, list[float]] = {}  # skill -> [level, years, current]
    for job, years, current in jobs:
        for s, level in zip(*sampler.job(job, rng), strict=True):
            if s in entries:
                entry = entries[s]
                entry[0], entry[1] = max(entry[0], level), entry[1] + years
            else:
                entries[s] = [level, years, current]
    for s, level, years, current in sampler.noise(rng):
        entries.setdefault(s, [level, years, current])
    if not entries:
        entries[int(rng.choice(esco.essential[occ]))] = [2, jobs[0][1], True]
    keys = list(entries)[:MAX_SKILLS]
    return (
        keys,
        [int(entries[k][0]) for k in keys],
        [entries[k][1] for k in keys],
        [bool(entries[k][2]) for k in keys],
        past,
    )


def make_careers(esco: Esco, seed: int, n_requests: int = 400, per_occ: int = 4) -> EvalSet:
    """The careers set for ``seed``."""
    rng = np.random.default_rng([seed, STREAM])
    sampler = _Sampler(esco)
    n_occ = esco.isco.shape[0]
    ids: list[str] = []
    indptr, skills, levels, years, current, occ_of = [0], [], [], [], [], []
    past_indptr, past_occ = [0], []
    for occ in range(n_occ):
        for _ in range(per_occ):
            sk, lv, yr, cur, past = _career(esco, occ, sampler, rng)
            ids.append(f"k{len(ids):06d}")
            skills += sk
            levels += lv
            years += yr
            current += cur
            indptr.append(len(skills))
            occ_of.append(occ)
            past_occ += past
            past_indptr.append(len(past_occ))
    n = len(ids)
    people = CandidateArrays.build(
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
    req_occ = rng.choice(n_occ, n_requests, replace=False)
    return EvalSet(
        "careers",
        people,
        np.asarray(occ_of, np.int64),
        [_request(esco, int(o), f"k{i}", rng) for i, o in enumerate(req_occ)],
        req_occ,
        np.asarray(past_indptr, np.int64),
        np.asarray(past_occ, np.int64),
    )


def career_relevance(
    esco: Esco,
    request_occ: int,
    current: npt.NDArray[np.int64],
    past_indptr: npt.NDArray[np.int64],
    past_occ: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Relevance of each person to a request built from ``request_occ`` (see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> esco = Esco([], np.full((1, 4), -1), np.array([2511, 2511, 2512, 2521]), [], [], np.zeros(1), [])
    >>> # now 0; now 1 (same unit group); now 3, was 0; now 2 (same minor group); now 3, was 1 (same unit)
    >>> career_relevance(esco, 0, np.array([0, 1, 3, 2, 3]), np.array([0, 0, 0, 1, 1, 2]), np.array([0, 1]))
    array([3, 2, 2, 1, 1])
    """
    now = relevance(esco, request_occ, current)
    a = esco.isco[request_occ]
    grade = np.where(past_occ == request_occ, 2, np.where(esco.isco[past_occ] == a, 1, 0))
    before = np.zeros(current.shape[0], np.int64)
    np.maximum.at(before, np.repeat(np.arange(current.shape[0]), np.diff(past_indptr)), grade)
    return np.maximum(now, before)
